"""What an image's own bytes say about its origin, read with Pillow alone.

Signals, cheapest first: the container (format, XMP, C2PA), XMP Digital Source Type, IPTC
IIM caption/credit, EXIF Software/ImageDescription/UserComment, PNG text chunks written by
image generators. Decoding is capped: the pixel count is checked from the header before any
pixel is decoded, and Pillow's decompression-bomb warning is an error for that image.
"""

from __future__ import annotations

import io
import json
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

from PIL import Image, ImageOps, JpegImagePlugin

from provcheck.plugins.imagery.containers import read_container
from provcheck.plugins.imagery.credentials import Credentials, Validator
from provcheck.plugins.imagery.facts import DEFAULT_MAX_PIXELS, ImageFacts, Unreadable
from provcheck.plugins.imagery.lex import Lexicon
from provcheck.plugins.imagery.xmp import read_xmp

# Formats provcheck decodes; anything else is "not read" (SVG, AVIF, TIFF...) or unreadable.
READ_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
THUMBNAIL = (256, 256)


@dataclass(slots=True)
class _Found:
    evidence: list[str] = field(default_factory=list)
    generators: list[str] = field(default_factory=list)

    def generator(self, name: str, because: str) -> None:
        if name not in self.generators:
            self.generators.append(name)
        self.evidence.append(because)


def read_image(
    data: bytes, lex: Lexicon, validator: Validator, max_pixels: int = DEFAULT_MAX_PIXELS
) -> tuple[ImageFacts, Image.Image | None]:
    """The facts of one image and a small RGB thumbnail for hashing (None if not decoded).

    Raises ``Unreadable`` for bytes that are not a readable image of an allowed format.
    """
    container = read_container(data)
    if not container.format:
        raise Unreadable(_not_an_image(data))
    if container.format not in READ_FORMATS:
        return ImageFacts(
            "not-read", f"{container.format} images are not read", container.format
        ), None
    found = _Found()
    xmp = read_xmp(container.xmp)
    credentials = None
    if container.c2pa:
        credentials = validator.credentials(
            data, container.format, container.c2pa, container.c2pa_where
        )
    with warnings.catch_warnings():
        # Corrupt EXIF makes Pillow warn on stderr; the picture is still read. A bomb is not.
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = _open(data, container.format, max_pixels)
        width, height = image.size  # before draft mode shrinks a JPEG
        thumb = _decode(_thumbnail, image)
        texts = _safe_texts(image)
    term, source_from = xmp.source_type, "XMP" if xmp.source_type else ""
    if credentials and credentials.source_types and not term:
        term, source_from = credentials.source_types[0], "C2PA manifest"
    if term:
        found.evidence.append(f"{source_from} DigitalSourceType: {term}")
    _tool_fields(found, lex, xmp.creator_tool, xmp.ai_system, texts, credentials)
    _png_generators(found, lex, image.format or "", texts)
    caption = (
        xmp.description or texts.get("IPTC caption", "") or texts.get("EXIF ImageDescription", "")
    )
    _caption_fields(found, lex, {"XMP description": xmp.description, **texts})
    camera = " ".join(v for v in (texts.get("EXIF Make", ""), texts.get("EXIF Model", "")) if v)
    return (
        ImageFacts(
            status="read",
            format=container.format,
            width=width,
            height=height,
            source_type=term,
            source_class=lex.source_class(term) if term else "",
            source_from=source_from,
            generators=tuple(found.generators),
            evidence=tuple(dict.fromkeys(found.evidence)),
            credentials=credentials,
            remote_manifest=xmp.remote_manifest,
            camera=camera,
            embedded_caption=caption[:300],
        ),
        thumb,
    )


def _not_an_image(data: bytes) -> str:
    head = data[:512].lstrip()
    if not data:
        return "the file is empty"
    if head[:1] in (b"<", b"{", b"[") or all(32 <= b < 127 or b in (9, 10, 13) for b in head):
        return "not an image: the file is text, not JPEG, PNG, GIF or WebP data"
    return "not an image: the bytes match no image format provcheck reads"


def _decode(step: Callable[[Image.Image], Image.Image], image: Image.Image) -> Image.Image:
    try:
        return step(image)
    except Unreadable:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise Unreadable(_bomb(exc)) from None
    except Exception as exc:  # decoders raise OSError, SyntaxError, ValueError, struct.error...
        raise Unreadable(f"corrupt {image.format} data: {type(exc).__name__}: {exc}") from None


def _bomb(exc: Exception) -> str:
    numbers = re.findall(r"\d{6,}", str(exc))
    size = f"{int(numbers[0]):,} pixels" if numbers else "too many pixels"
    return f"{size}: refused as a decompression bomb, not decoded"


def _open(data: bytes, fmt: str, max_pixels: int) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data), formats=[fmt])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise Unreadable(_bomb(exc)) from None
    except Exception as exc:  # UnidentifiedImageError, SyntaxError, struct.error...
        raise Unreadable(f"cannot read the {fmt} header: {type(exc).__name__}: {exc}") from None
    width, height = image.size
    if width * height > max_pixels:
        raise Unreadable(
            f"{width:,} x {height:,} pixels ({width * height / 1e6:.0f} megapixels) is over "
            f"the {max_pixels / 1e6:.0f}-megapixel limit; it was not decoded"
        )
    return image


def _thumbnail(image: Image.Image) -> Image.Image:
    """Decode (the first frame) at reduced size; raises for truncated or corrupt data."""
    if image.format == "JPEG":
        image.draft("RGB", (THUMBNAIL[0] * 2, THUMBNAIL[1] * 2))  # DCT scaling: decode less
    try:
        image.load()
    except OSError as exc:
        raise Unreadable(f"corrupt or truncated {image.format} data: {exc}") from None
    rotated = ImageOps.exif_transpose(image) or image
    small = rotated.convert("RGB")
    # Bilinear with a reducing gap: a quarter of LANCZOS's time, and the hashes resize again.
    small.thumbnail(THUMBNAIL, Image.Resampling.BILINEAR, reducing_gap=2.0)
    return small


def _safe_texts(image: Image.Image) -> dict[str, str]:
    try:
        return _texts(image)
    except Exception:  # broken EXIF/IPTC blocks: the picture is fine, its tags are unknown
        return {}


def _texts(image: Image.Image) -> dict[str, str]:
    """EXIF, IPTC IIM and PNG text values, by a readable name."""
    texts: dict[str, str] = {}
    exif = image.getexif()
    for tag, name in ((0x0131, "Software"), (0x010E, "ImageDescription"), (0x010F, "Make"),
                      (0x0110, "Model"), (0x013B, "Artist")):  # fmt: skip
        if exif.get(tag):
            texts[f"EXIF {name}"] = _text(exif[tag])
    comment = exif.get_ifd(0x8769).get(0x9286)
    if comment:
        texts["EXIF UserComment"] = _user_comment(comment)
    if isinstance(image, JpegImagePlugin.JpegImageFile):
        from PIL import IptcImagePlugin

        iptc = IptcImagePlugin.getiptcinfo(image) or {}
        for key, name in (((2, 120), "caption"), ((2, 110), "credit"), ((2, 80), "by-line"),
                          ((2, 115), "source")):  # fmt: skip
            if key in iptc:
                texts[f"IPTC {name}"] = _text(iptc[key])
    for key, value in getattr(image, "text", {}).items():
        if key != "XML:com.adobe.xmp":
            texts[f"PNG {key}"] = _text(value)[:20000]
    return {k: v for k, v in texts.items() if v}


def _text(value: object) -> str:
    if isinstance(value, list):
        value = value[0] if value else b""
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8").strip("\x00 ")
        except UnicodeDecodeError:
            return value.decode("latin-1").strip("\x00 ")
    return str(value).strip("\x00 ")


def _user_comment(value: object) -> str:
    if not isinstance(value, bytes):
        return _text(value)
    prefix, body = value[:8], value[8:]
    if prefix.startswith(b"UNICODE"):
        encoding = "utf-16-be" if body[:1] == b"\x00" else "utf-16-le"
        return body.decode(encoding, "replace").strip("\x00 ")
    return _text(body if prefix.rstrip(b"\x00").isalpha() else value)


def _tool_fields(
    found: _Found, lex: Lexicon, creator_tool: str, ai_system: str,
    texts: dict[str, str], credentials: Credentials | None,
) -> None:  # fmt: skip
    tools = {
        "XMP CreatorTool": creator_tool,
        "XMP AISystemUsed": ai_system,
        "EXIF Software": texts.get("EXIF Software", ""),
        "PNG Software": texts.get("PNG Software", ""),
        "PNG Source": texts.get("PNG Source", ""),
        "C2PA claim generator": credentials.generator if credentials else "",
    }
    for where, value in tools.items():
        name = lex.generator_in(value) if value else ""
        if name:
            found.generator(name, f"{where}: {value[:80]}")
        elif where == "XMP AISystemUsed" and value:
            found.generator(value[:60], f"{where}: {value[:80]}")


def _png_generators(found: _Found, lex: Lexicon, fmt: str, texts: dict[str, str]) -> None:
    for key, generator in lex.png_keys.items():
        value = texts.get(f"PNG {key}", "")
        if not value or (key == "parameters" and not lex.parameters.search(value)):
            continue
        found.generator(generator, f'{fmt} text chunk "{key}" (image-generator settings)')
    prompt = texts.get("PNG prompt", "")
    if prompt and '"class_type"' in prompt and _is_json(prompt):
        found.generator("ComfyUI", f'{fmt} text chunk "prompt" (a ComfyUI node graph)')
    comment = texts.get("EXIF UserComment", "")
    if comment and lex.parameters.search(comment):
        found.generator(
            "Stable Diffusion (AUTOMATIC1111 or compatible)",
            "EXIF UserComment holds image-generator settings",
        )


def _caption_fields(found: _Found, lex: Lexicon, texts: dict[str, str]) -> None:
    """Captions embedded in the file that say the picture is AI-made."""
    for where in ("XMP description", "IPTC caption", "EXIF ImageDescription", "PNG Description",
                  "PNG Comment", "IPTC credit"):  # fmt: skip
        value = texts.get(where, "")
        if not value:
            continue
        for entry in lex.label:
            if entry.kind == "ai" and entry.pattern.search(value):
                name = lex.generator_in(value) or "an AI generator"
                found.generator(name, f"{where}: {value[:100]}")
                break


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True
