"""What an image's own bytes say: XMP, EXIF, PNG text chunks, C2PA presence, safety."""

from __future__ import annotations

import contextlib
import io
import random
import struct

import pytest
from PIL import Image

from provcheck.plugins.imagery import lex as imagelex
from provcheck.plugins.imagery.containers import read_container, sniff
from provcheck.plugins.imagery.credentials import Validator
from provcheck.plugins.imagery.facts import ImageFacts, Unreadable
from provcheck.plugins.imagery.meta import read_image
from provcheck.plugins.imagery.xmp import read_xmp
from tests.imagery_helpers import (
    bomb_png,
    jpeg,
    jumbf,
    picture,
    png,
    webp,
    with_app11,
    with_png_chunk,
    with_webp_chunk,
    xmp_packet,
)


def facts(data: bytes, max_pixels: int = 50_000_000) -> ImageFacts:
    return read_image(data, imagelex.load(), Validator(enabled=False), max_pixels)[0]


@pytest.mark.parametrize(
    ("term", "cls", "ai"),
    [
        ("trainedAlgorithmicMedia", "ai-generated", True),
        ("compositeWithTrainedAlgorithmicMedia", "ai-edited", True),
        ("algorithmicMedia", "synthetic", True),
        ("compositeSynthetic", "synthetic", True),
        ("digitalCapture", "capture", False),
        ("negativeFilm", "capture", False),
        ("digitalArt", "art", False),
    ],
)
def test_xmp_digital_source_type_in_jpeg(term: str, cls: str, ai: bool) -> None:
    found = facts(jpeg(xmp=xmp_packet(term)))
    assert (found.source_type, found.source_class, found.says_ai) == (term, cls, ai)
    assert found.says_capture == (cls == "capture")


@pytest.mark.parametrize("writer", ["png", "webp"])
def test_xmp_in_png_itxt_and_webp_chunk(writer: str) -> None:
    data = (
        png(xmp=xmp_packet("trainedAlgorithmicMedia"))
        if writer == "png"
        else webp(xmp=xmp_packet("trainedAlgorithmicMedia"))
    )
    assert facts(data).source_class == "ai-generated"


def test_xmp_element_form_and_other_prefix() -> None:
    packet = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description xmlns:ext="http://iptc.org/'
        b'std/Iptc4xmpExt/2008-02-29/"><ext:DigitalSourceType>http://cv.iptc.org/newscodes/'
        b"digitalsourcetype/compositeWithTrainedAlgorithmicMedia</ext:DigitalSourceType>"
        b"<xmp:CreatorTool>Adobe Firefly Image 3</xmp:CreatorTool>"
        b"</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    found = read_xmp([packet])
    assert found.source_type == "compositeWithTrainedAlgorithmicMedia"
    assert found.creator_tool == "Adobe Firefly Image 3"


def test_xmp_entities_are_never_expanded() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description xmp:CreatorTool="&c;"/>'
        b"</x:xmpmeta>"
    )
    assert read_xmp([laughs]).creator_tool == "&c;"


def test_a_file_with_no_metadata_is_unknown_not_authentic() -> None:
    found = facts(jpeg())
    assert found.status == "read"
    assert not found.says_ai and not found.says_capture
    assert found.source_class == "" and found.evidence == ()


@pytest.mark.parametrize(
    ("texts", "generator"),
    [
        (
            {"parameters": "harbour storm\nNegative prompt: blurry\nSteps: 30, Sampler: DPM++ 2M"},
            "AUTOMATIC1111",
        ),
        ({"prompt": '{"3": {"class_type": "KSampler", "inputs": {}}}'}, "ComfyUI"),
        ({"workflow": '{"nodes": []}'}, "ComfyUI"),
        ({"Software": "NovelAI", "Source": "Stable Diffusion XL C1E1DE52"}, "NovelAI"),
        ({"invokeai_metadata": '{"model": "sdxl"}'}, "InvokeAI"),
    ],
)
def test_png_text_chunks_of_image_generators(texts: dict[str, str], generator: str) -> None:
    found = facts(png(texts=texts))
    assert found.says_ai
    assert any(generator in name for name in found.generators), found.generators


def test_png_parameters_key_without_a_parameter_block_is_not_a_generator() -> None:
    assert not facts(png(texts={"parameters": "exposure bracket 3, tripod"})).says_ai


@pytest.mark.parametrize(
    ("software", "ai"),
    [("Midjourney v6", True), ("DALL·E 3", True), ("Adobe Photoshop 25.1", False),
     ("GIMP 2.10", False), ("Imagen Studio Pro", False)],
)  # fmt: skip
def test_exif_software_naming_a_generator(software: str, ai: bool) -> None:
    exif = Image.Exif()
    exif[0x0131] = software
    assert facts(jpeg(exif=exif)).says_ai == ai


def test_exif_user_comment_with_generator_settings() -> None:
    exif = Image.Exif()
    text = "portrait of a mayor\nSteps: 25, Sampler: Euler a, CFG scale: 6"
    exif.get_ifd(0x8769)[0x9286] = b"UNICODE\x00" + text.encode("utf-16-be")
    found = facts(jpeg(exif=exif))
    assert found.says_ai
    assert "UserComment" in " ".join(found.evidence)


def test_exif_camera_is_reported_but_is_not_a_capture_declaration() -> None:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Canon", "EOS R5"
    found = facts(jpeg(exif=exif))
    assert found.camera == "Canon EOS R5"
    assert not found.says_capture


def test_c2pa_presence_in_jpeg_png_and_webp() -> None:
    payload = jumbf("c2pa", b"claim_generator\x6eExampleCam/1.0digitalsourcetype/digitalCapture")
    cases = {
        "JPEG APP11 segment": with_app11(jpeg(), payload),
        "PNG caBX chunk": with_png_chunk(png(), b"caBX", payload),
        "WebP C2PA chunk": with_webp_chunk(webp(), b"C2PA", payload),
    }
    for where, data in cases.items():
        found = facts(data)
        assert found.credentials is not None, where
        assert found.credentials.where == where
        assert found.credentials.validation == "not validated"
        assert found.credentials.generator == "ExampleCam/1.0"
        assert found.source_class == "capture"


def test_app11_segment_that_is_not_c2pa_is_ignored() -> None:
    assert facts(with_app11(jpeg(), jumbf("other"))).credentials is None


def test_remote_manifest_reference_is_recorded_not_fetched() -> None:
    extra = "<dcterms:provenance>https://manifests.example/abc.c2pa</dcterms:provenance>"
    found = facts(jpeg(xmp=xmp_packet(extra=extra)))
    assert found.remote_manifest == "https://manifests.example/abc.c2pa"


@pytest.mark.parametrize(
    ("data", "fmt"),
    [(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "SVG"),
     (b"\x00\x00\x00\x1cftypavif" + b"\x00" * 20, "AVIF"), (b"II*\x00" + b"\x00" * 8, "TIFF")],
)  # fmt: skip
def test_formats_not_read_are_not_errors(data: bytes, fmt: str) -> None:
    assert sniff(data) == fmt
    found = facts(data)
    assert found.status == "not-read" and fmt in found.problem


def test_decompression_bomb_png_is_refused_without_decoding() -> None:
    data = bomb_png()
    assert len(data) < 50_000
    with pytest.warns(Image.DecompressionBombWarning):  # a real PNG header, as Pillow sees it
        assert Image.open(io.BytesIO(data)).size == (10_000, 10_000)
    with pytest.raises(Unreadable, match="100,000,000 pixels"):
        facts(data)


def test_image_over_the_configured_pixel_cap_is_refused() -> None:
    data = jpeg(picture(size=(400, 300)))
    with pytest.raises(Unreadable, match="megapixel limit"):
        facts(data, max_pixels=100_000)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (jpeg()[:3000], "truncated"),
        (b"<html><body>404 not found</body></html>", "the file is text"),
        (b"", "empty"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 30, "JPEG"),
        (png()[:60], "PNG"),
    ],
)
def test_corrupt_and_fake_images_raise_one_clear_error(data: bytes, reason: str) -> None:
    with pytest.raises(Unreadable, match=reason):
        facts(data)


def test_hostile_segment_lengths_end_the_walk() -> None:
    data = (
        b"\xff\xd8" + b"\xff\xe1" + struct.pack(">H", 65535) + b"http://ns.adobe.com/xap/1.0/\x00"
    )
    assert read_container(data).format == "JPEG"
    broken_png = png()[:8] + struct.pack(">I", 0xFFFFFFF0) + b"caBX"
    assert read_container(broken_png).c2pa == b""


@pytest.mark.filterwarnings("error")
def test_mutated_images_never_raise_anything_but_unreadable() -> None:
    """Seeded byte mutations of each format: a result or Unreadable, never another error."""
    rng = random.Random(20260514)
    tiny = picture(size=(96, 64))
    seeds = [
        jpeg(tiny, xmp=xmp_packet("trainedAlgorithmicMedia")),
        png(tiny, texts={"parameters": "x\nSteps: 2, Sampler: Euler"}),
        webp(tiny, xmp=xmp_packet("digitalCapture")),
        with_app11(jpeg(tiny), jumbf("c2pa", b"claim_generator\x63abc")),
    ]
    for data in seeds:
        for _ in range(50):
            mutated = bytearray(data)
            for _ in range(rng.randint(1, 6)):
                at = rng.randrange(len(mutated))
                mutated[at] = rng.randrange(256)
            cut = rng.choice((len(mutated), rng.randrange(8, len(mutated))))
            with contextlib.suppress(Unreadable):
                facts(bytes(mutated[:cut]))
