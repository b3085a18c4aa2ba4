"""Hostile image files and pages (issue 12): each is small and once cost a minute or gigabytes.

Bounds are generous (tens of times the time measured after the fix, on a loaded machine);
before the fixes these inputs took 28-80 s or held hundreds of megabytes.
"""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from provcheck.plugins.imagery import lex as imagelex
from provcheck.plugins.imagery.containers import MAX_XMP, find_packet, read_container
from provcheck.plugins.imagery.credentials import Validator
from provcheck.plugins.imagery.meta import read_image
from provcheck.plugins.imagery.xmp import read_xmp
from provcheck.testing import make_session
from tests.imagery_helpers import (
    DST,
    hostile_gif_openers,
    hostile_png_itxt,
    hostile_xmp_word_run,
    many_figures,
    write,
)


def seconds(step) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def test_a_long_word_run_in_xmp_is_read_in_linear_time() -> None:
    data = hostile_xmp_word_run(60_000)  # 61 s before the fix
    took = seconds(lambda: read_image(data, imagelex.load(), Validator(False)))
    assert took < 3.0


def test_many_xmp_openers_without_a_closer_are_searched_once() -> None:
    data = hostile_gif_openers(20_000)  # 28 s before the fix
    assert seconds(lambda: read_container(data)) < 2.0
    assert read_container(data).xmp == ()


def test_compressed_xmp_chunks_are_capped_in_total_not_only_each() -> None:
    data = hostile_png_itxt(chunks=50)  # 50 x 4 MB were all inflated and kept before the fix
    tracemalloc.start()
    try:
        found = read_container(data)
        read_xmp(found.xmp)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert sum(map(len, found.xmp)) <= MAX_XMP
    assert peak < 5 * MAX_XMP


@pytest.mark.parametrize(
    ("data", "packet"),
    [
        (b"GIF89a..<x:xmpmeta a='1'>X</x:xmpmeta>..", b"<x:xmpmeta a='1'>X</x:xmpmeta>"),
        # An opener that is a longer word is skipped; the real one after it is found.
        (b"<x:xmpmetadata><x:xmpmeta>Y</x:xmpmeta>", b"<x:xmpmeta>Y</x:xmpmeta>"),
        (b"<x:xmpmeta>no closer", b""),
        (b"<x:xmpmeta>" + b" " * (MAX_XMP + 10) + b"<x:xmpmeta>Z</x:xmpmeta>",
         b"<x:xmpmeta>Z</x:xmpmeta>"),
    ],
    ids=["plain", "longer-word-first", "no-closer", "first-too-long"],
)  # fmt: skip
def test_packet_search_keeps_the_first_complete_packet(data: bytes, packet: bytes) -> None:
    assert find_packet(data) == packet


@pytest.mark.parametrize(
    "body",
    [
        f'<rdf:Description Iptc4xmpExt:DigitalSourceType="{DST}trainedAlgorithmicMedia"/>',
        f"<Iptc4xmpExt:DigitalSourceType>{DST}trainedAlgorithmicMedia"
        "</Iptc4xmpExt:DigitalSourceType>",
        f'<Iptc4xmpExt:DigitalSourceType rdf:resource="{DST}trainedAlgorithmicMedia"/>',
    ],
)
def test_each_property_form_is_still_read(body: str) -> None:
    # A long word run first: the value after it must still be found, and quickly.
    packet = ("<x:xmpmeta>" + "w" * 50_000 + " " + body + "</x:xmpmeta>").encode()
    assert read_xmp([packet]).source_type == "trainedAlgorithmicMedia"


def test_list_values_and_unclosed_elements() -> None:
    packet = (
        "<x:xmpmeta><dc:description>" + "<dc:description>" * 40 + "</x:xmpmeta>"
        '<x:xmpmeta><dc:creator><rdf:Seq><rdf:li xml:lang="en">Ines Marlow</rdf:li>'
        "<rdf:li>Second</rdf:li></rdf:Seq></dc:creator></x:xmpmeta>"
    ).encode()
    facts = read_xmp([packet])
    assert facts.credit == "Ines Marlow"
    assert facts.description == ""


def test_eight_thousand_figures_scan_in_linear_time(tmp_path: Path) -> None:
    session = make_session()
    small = write(tmp_path, "small.html", many_figures(1000))
    large = write(tmp_path, "large.html", many_figures(8000))  # 80 s before the fix
    session.scan(str(small))  # imports and caches warmed
    took_small = seconds(lambda: session.scan(str(small)))
    took_large = seconds(lambda: session.scan(str(large)))
    assert took_large < 30.0
    assert took_large < 8 * 4 * took_small + 1.0  # 8x the input: linear, not 64x


def test_four_hundred_kilobytes_of_markdown_images_scan_in_linear_time(tmp_path: Path) -> None:
    def page(count: int) -> str:
        lines = "\n".join(f"![Scene {i}](p{i}.jpg)\n\nThe quay, part {i}." for i in range(count))
        return f"---\ntitle: Harbour\nauthor: Mara Lindqvist\n---\n\n# Harbour floods\n\n{lines}\n"

    session = make_session()
    small = write(tmp_path, "small.md", page(2000))
    large = write(tmp_path, "large.md", page(16000))  # about 400 KB
    session.scan(str(small))
    took_small = seconds(lambda: session.scan(str(small)))
    took_large = seconds(lambda: session.scan(str(large)))
    assert took_large < 30.0
    assert took_large < 8 * 4 * took_small + 1.0
