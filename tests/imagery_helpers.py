"""Test images made with Pillow, and article pages that show them.

Nothing binary is committed: every picture is drawn here, deterministically, with the
metadata a test needs (XMP, EXIF, PNG text chunks, hand-written C2PA containers).
"""

from __future__ import annotations

import functools
import html as html_lib
import io
import struct
import zlib
from collections.abc import Container, Sequence
from pathlib import Path

from PIL import Image, ImageDraw, PngImagePlugin

DST = "http://cv.iptc.org/newscodes/digitalsourcetype/"


def xmp_packet(term: str = "", *, extra: str = "") -> bytes:
    """An XMP packet declaring an IPTC Digital Source Type (attribute form)."""
    attribute = f' Iptc4xmpExt:DigitalSourceType="{DST}{term}"' if term else ""
    return (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" '
        'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        f'xmlns:dcterms="http://purl.org/dc/terms/"{attribute}>{extra}'
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()


def picture(seed: int = 1, size: tuple[int, int] = (640, 420)) -> Image.Image:
    """A distinct, deterministic picture: shapes placed by ``seed``."""
    width, height = size
    image = Image.new("RGB", size, (30 + seed * 37 % 200, 80, 140))
    draw = ImageDraw.Draw(image)
    for i in range(8):
        x = (seed * 97 + i * 131) % width
        y = (seed * 53 + i * 71) % height
        r = 20 + (seed * 13 + i * 29) % 90
        colour = ((seed * 41 + i * 67) % 256, (i * 89) % 256, (seed * 17 + i * 23) % 256)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    draw.rectangle((0, height * 2 // 3, width // (2 + seed % 3), height), fill=(240, 230, 200))
    return image


def jpeg(image: Image.Image | None = None, *, xmp: bytes = b"", exif: Image.Exif | None = None,
         quality: int = 90) -> bytes:  # fmt: skip
    out = io.BytesIO()
    kwargs: dict[str, object] = {"quality": quality}
    if xmp:
        kwargs["xmp"] = xmp
    if exif is not None:
        kwargs["exif"] = exif
    (image or picture()).save(out, "JPEG", **kwargs)
    return out.getvalue()


def png(image: Image.Image | None = None, *, texts: dict[str, str] | None = None,
        xmp: bytes = b"") -> bytes:  # fmt: skip
    info = PngImagePlugin.PngInfo()
    for key, value in (texts or {}).items():
        info.add_text(key, value)
    if xmp:
        info.add_itxt("XML:com.adobe.xmp", xmp.decode())
    out = io.BytesIO()
    (image or picture()).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def webp(image: Image.Image | None = None, *, xmp: bytes = b"") -> bytes:
    out = io.BytesIO()
    kwargs = {"xmp": xmp} if xmp else {}
    (image or picture()).save(out, "WEBP", **kwargs)
    return out.getvalue()


@functools.cache
def bomb_png(side: int = 10_000) -> bytes:
    """A valid 1-bit PNG of side x side black pixels: 100 megapixels in about 12 KB."""
    row = b"\x00" + bytes((side + 7) // 8)  # filter byte + packed pixels
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    out = b"\x89PNG\r\n\x1a\n"
    for kind, body in ((b"IHDR", ihdr), (b"IDAT", zlib.compress(row * side, 6)), (b"IEND", b"")):
        out += struct.pack(">I", len(body)) + kind + body
        out += struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    return out


def jumbf(label: str = "c2pa", body: bytes = b"") -> bytes:
    """A minimal JUMBF superbox whose description box is labelled ``label``."""
    kind = b"c2pa" if label == "c2pa" else b"json"  # the superbox's type UUID starts so
    description = b"jumd" + kind + b"\x00\x11\x00\x10\x80\x00\xaa\x00\x38\x9b\x71" + b"\x03"
    description += label.encode() + b"\x00"
    inner = struct.pack(">I", len(description) + 4) + description + body
    return struct.pack(">I", len(inner) + 8) + b"jumb" + inner


def with_app11(data: bytes, payload: bytes) -> bytes:
    """A JPEG with a JPEG XT APP11 segment carrying ``payload`` (a JUMBF box)."""
    body = b"JP" + b"\x00\x01" + struct.pack(">I", 1) + payload
    segment = b"\xff\xeb" + struct.pack(">H", len(body) + 2) + body
    return data[:2] + segment + data[2:]


def with_png_chunk(data: bytes, kind: bytes, body: bytes) -> bytes:
    """A PNG with an extra chunk inserted after IHDR."""
    chunk = struct.pack(">I", len(body)) + kind + body
    chunk += struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    ihdr_end = 8 + 4 + 4 + 13 + 4
    return data[:ihdr_end] + chunk + data[ihdr_end:]


def with_webp_chunk(data: bytes, kind: bytes, body: bytes) -> bytes:
    """A WebP with an extra RIFF chunk appended (the RIFF size updated)."""
    chunk = kind + struct.pack("<I", len(body)) + body + (b"\x00" if len(body) % 2 else b"")
    out = data + chunk
    return out[:4] + struct.pack("<I", len(out) - 8) + out[8:]


def article(
    images: Sequence[tuple[str, str]] | str = (),
    *,
    title: str = "Storm floods the harbour district",
    paragraphs: tuple[str, ...] = (
        "Heavy rain flooded streets in the harbour district on Monday, the city council said.",
        "Residents of low-lying streets were told to move their cars to higher ground.",
        "The council said pumps would run through the night.",
    ),
    og_image: str = "",
    jsonld_image: str = "",
    jsonld_source_type: str = "",
    after: int = 1,
) -> str:
    """A realistic article page. ``images``: (src, caption) figures placed after paragraph
    ``after``; a ready-made HTML string is inserted as is."""
    if isinstance(images, str):
        figures = images
    else:
        figures = "\n".join(
            f'<figure class="lead">\n  <img src="{html_lib.escape(src)}" '
            'alt="A street under water">\n'
            f"  <figcaption>{html_lib.escape(caption)}</figcaption>\n</figure>"
            for src, caption in images
        )
    meta = f'<meta property="og:image" content="{html_lib.escape(og_image)}">' if og_image else ""
    image_ld = ""
    if jsonld_image:
        extra = f', "digitalSourceType": "{DST}{jsonld_source_type}"' if jsonld_source_type else ""
        image_ld = f', "image": {{"@type": "ImageObject", "url": "{jsonld_image}"{extra}}}'
    body = [f"<p>{html_lib.escape(p)}</p>" for p in paragraphs]
    body.insert(after, figures)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html_lib.escape(title)} | The Harbour Courier</title>
{meta}
<script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "{title}",
  "datePublished": "2026-03-02T08:00:00Z",
  "author": {{"@type": "Person", "name": "Mara Lindqvist"}}{image_ld}}}
</script>
</head>
<body>
<header class="site-header"><nav><a href="/">Home</a> <a href="/city">City</a></nav></header>
<main>
<article>
<h1>{html_lib.escape(title)}</h1>
<p class="byline">By Mara Lindqvist</p>
<time datetime="2026-03-02T08:00:00Z">2 March 2026</time>
{chr(10).join(body)}
</article>
</main>
<footer class="site-footer"><a href="/contact">Contact</a></footer>
</body>
</html>
"""


def write(folder: Path, name: str, content: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


# --- Hostile inputs (issue 12): each is small on disk and once cost minutes or gigabytes. ---


def hostile_xmp_word_run(length: int = 60_000) -> bytes:
    """A JPEG whose XMP description is one unbroken run of word characters."""
    return jpeg(picture(size=(64, 64)), xmp=xmp_packet(extra=f"<dc:title>{'w' * length}"))


def hostile_gif_openers(count: int = 20_000) -> bytes:
    """A GIF followed by ``count`` XMP openers and no closer."""
    out = io.BytesIO()
    picture(size=(32, 32)).save(out, "GIF")
    return out.getvalue() + b"<x:xmpmeta " * count


def hostile_png_itxt(chunks: int = 200, each: int = 4_000_000) -> bytes:
    """A PNG with ``chunks`` compressed XMP iTXt chunks, each inflating to ``each`` bytes."""
    packet = b"<x:xmpmeta>" + b" " * each
    body = b"XML:com.adobe.xmp\x00" + b"\x01\x00" + b"\x00\x00" + zlib.compress(packet, 9)
    data = png(picture(size=(32, 32)))
    for _ in range(chunks):
        data = with_png_chunk(data, b"iTXt", body)
    return data


def many_figures(count: int) -> str:
    """An article page with ``count`` figures, each with its own short caption."""
    figures = "".join(
        f'<figure><img src="p{i}.jpg" alt="Scene {i}"><figcaption>The quay at dawn, '
        f"picture {i}.</figcaption></figure>\n<p>Paragraph {i} of the story, told plainly.</p>\n"
        for i in range(count)
    )
    return article(figures)


def reused_picture_stories(root: Path, count: int, silenced: Container[int] = ()) -> list[str]:
    """``count`` stories, root/s0/story.html onwards, each with the same lead picture saved at
    a lower JPEG quality; the stories numbered in ``silenced`` carry a comment that silences
    their IMG105."""
    lead, paths = picture(7, size=(900, 600)), []
    for n in range(count):
        folder = root / f"s{n}"
        folder.mkdir(parents=True)
        (folder / "lead.jpg").write_bytes(jpeg(lead, quality=90 - n * 4))
        html = article([("lead.jpg", f"The harbour, day {n}.")], title=f"Harbour story {n}")
        if n in silenced:
            comment = "<!-- provcheck: ignore[IMG105] our own file picture -->"
            html = html.replace("<figure", comment + "<figure", 1)
        (folder / "story.html").write_text(html, encoding="utf-8")
        paths.append(str(folder / "story.html"))
    return paths
