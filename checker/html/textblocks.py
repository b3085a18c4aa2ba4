"""Article segments to model ``Block``s: positions, sentences and links.

Blocks are located in reading order with a cursor that only moves forward, so a sentence
repeated in a pull quote or in the page's JSON-LD is not mistaken for the paragraph itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urljoin

from provcheck.html.links import classify
from provcheck.html.locate import Locator
from provcheck.html.records import Segment
from provcheck.html.text import split_sentences
from provcheck.html.tree import text_of
from provcheck.model import Block, BlockKind, Link, Position, Sentence

_SKIPPED_HREFS = ("#", "javascript:", "mailto:", "tel:", "data:")


def build_blocks(
    segments: Sequence[Segment], locator: Locator, base_url: str, site_domain: str
) -> tuple[tuple[Block, ...], list[Link]]:
    """Turn the article's segments into blocks, and collect the links inside them."""
    blocks: list[Block] = []
    links: list[Link] = []
    cursor = locator.body_start
    for index, segment in enumerate(segments):
        position, offset = locator.locate(segment.text, segment.line, cursor)
        if position.column:
            cursor = offset + 1
        sentences = sentences_of(segment.text, position, offset if position.column else -1, locator)
        anchors, found = _links(segment, index, position, base_url, site_domain)
        links.extend(found)
        kind: BlockKind = segment.kind  # type: ignore[assignment]
        blocks.append(Block(index, kind, segment.text, position, sentences, anchors))
    return tuple(blocks), links


def sentences_of(
    text: str, position: Position, offset: int, locator: Locator
) -> tuple[Sentence, ...]:
    """The sentences of a block whose text starts at source ``offset`` (-1: not located)."""
    sentences: list[Sentence] = []
    span = 8 * len(text) + 4_000
    for start, end in split_sentences(text):
        where = position
        if start and offset >= 0:
            found = locator.locate_within(text[start:end], offset + 1, span)
            if found >= 0:
                where = locator.position_of(found)
                offset = found
        sentences.append(Sentence(text[start:end], start, end, where))
    return tuple(sentences)


def _links(
    segment: Segment, block: int, position: Position, base_url: str, site_domain: str
) -> tuple[tuple[tuple[int, int, str], ...], list[Link]]:
    anchors: list[tuple[int, int, str]] = []
    found: list[Link] = []
    offset = 0
    text = segment.text
    for anchor in segment.anchors:
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(_SKIPPED_HREFS):
            continue
        try:
            url = urljoin(base_url, href) if base_url else href
        except ValueError:
            continue  # a malformed URL (bad IPv6 literal, say) is no link a reader can follow
        label = text_of(anchor)
        host, domain, kind = classify(url, site_domain)
        if not host:
            kind = "same-site"  # a relative link on a saved page points into the site
        start = text.find(label, offset) if label else -1
        if start >= 0:
            anchors.append((start, start + len(label), url))
            offset = start + len(label)
        found.append(Link(url, label, position, domain, host, kind, block))
    return tuple(anchors), found
