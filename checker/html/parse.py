"""HTML to ``Article``: separate the article from page chrome, keep what checks need.

The pipeline, one module per step:

- ``decode``: bytes to text (transport charset, BOM, ``<meta charset>``, detector);
- ``tree``: lxml's tree (see docs/extraction.md for why lxml.etree);
- ``meta``: what the page says about itself (JSON-LD, OpenGraph, meta tags);
- ``byline``: the byline, from candidates the walk noted before any chrome is set aside;
- ``dates``: the dates the page shows when its metadata gives none;
- ``blocks``: one walk that turns the page into text segments and images;
- ``main``: which segments are the article (marked body, <article>, text density);
- ``locate``: where each block, sentence and image starts in the source (line and column).

Captions, photo credits, bylines, datelines and trailing credit lines are kept even where
boilerplate removers drop them.
"""

from __future__ import annotations

import dataclasses

from lxml import etree

from provcheck.errors import SourceError
from provcheck.html.blocks import walk_page
from provcheck.html.byline import chrome_flags, find_byline
from provcheck.html.chrome import Chrome
from provcheck.html.credits import TRAILER_WINDOW, find_credit_lines
from provcheck.html.dates import find_time, guessed_date, labelled_date, top_date
from provcheck.html.images import ImageCollector
from provcheck.html.jsonld import body_blocks
from provcheck.html.keep import article_segments
from provcheck.html.links import split_host
from provcheck.html.locate import Locator
from provcheck.html.main import select_main
from provcheck.html.meta import PageMeta, merge_authors, read_meta
from provcheck.html.names import section_names, trailer_names
from provcheck.html.records import Walk
from provcheck.html.textblocks import build_blocks
from provcheck.html.tree import Element, body_of, line_of, parse_tree, text_of
from provcheck.model import Article, Author, Block, Image, Position
from provcheck.sources.decode import decode_html
from provcheck.sources.local import RawDocument


def parse_html(raw: RawDocument) -> Article:
    """Extract the article from one HTML document (raises ``SourceError`` with a reason)."""
    text = decode_html(raw)
    if not text.strip():
        raise SourceError(raw.source, "empty document")
    try:
        root, cut_short = parse_tree(text)
    except (etree.ParserError, ValueError) as exc:
        raise SourceError(raw.source, f"cannot parse as HTML: {exc}") from None
    if root is None:
        raise SourceError(raw.source, "no HTML elements in the document")
    article = _build(raw, text, root)
    if cut_short and not article.blocks:
        raise SourceError(raw.source, "tags nested too deeply to read (lxml stops at 2,048)")
    return article


def _build(raw: RawDocument, text: str, root: Element) -> Article:
    meta = read_meta(root)
    locator = Locator(text)
    base_url = raw.url or meta.url or ""
    site_domain = split_host(base_url)[1] if base_url else ""
    title, title_position = _title(root, meta, locator)
    walk = walk_page(body_of(root), Chrome())
    heading = root.find(".//h1")
    selection = select_main(walk)
    byline = find_byline(
        walk.bylines,
        # the headline a reader sees, not a site logo set in an earlier <h1>
        title_position.line or (line_of(heading) if heading is not None else 0),
        locator,
        chrome_flags(walk, selection),
    )
    segments = article_segments(walk, selection, byline.element)
    blocks, links = build_blocks(segments, locator, base_url, site_domain)
    images = ImageCollector(walk, selection, locator, raw, base_url).collect(segments, blocks)
    from_jsonld = body_blocks(meta.article_body, blocks, locator)
    if from_jsonld:
        # The HTML is a shell around a script-rendered story: read the story from JSON-LD.
        blocks, links = from_jsonld, []
        images = [dataclasses.replace(i, after_block=-1) for i in images]
    meta_images = tuple(
        Image(src=url, position=Position(), origin=origin, resolved=_absolute(url, base_url),
              digital_source_type=dst)
        for url, origin, dst in meta.images
    )  # fmt: skip
    authors = merge_authors(meta.authors, byline.names)
    if not any(a.kind == "person" for a in authors):
        authors += _trailer_authors(blocks)
    dated = [(e, any(walk.inside(n, s) for s in selection.scope)) for e, n in walk.dated if n >= 0]
    return Article(
        source=raw.source,
        media_type="text/html",
        title=title,
        title_position=title_position,
        authors=authors,
        byline=byline.text,
        byline_position=byline.position,
        published=meta.published
        or _shown_date(text, walk, dated, selection.scope, title_position.line),
        modified=meta.modified or find_time(dated, "modified"),
        publisher=meta.publisher,
        url=base_url,
        language=meta.language,
        blocks=blocks,
        images=tuple(images) + meta_images,
        links=tuple(links),
        credit_lines=find_credit_lines(blocks, byline.text, byline.position, images),
        metadata=meta.metadata,
    )


def _shown_date(
    text: str,
    walk: Walk,
    dated: list[tuple[Element, bool]],
    scope: tuple[int, ...],
    headline_line: int,
) -> str:
    """The publication date the page shows when its metadata has none (see ``dates``)."""
    found = find_time(dated, "published")
    if found:
        return found
    segments = walk.segments
    inside = [s.text for s in segments if any(walk.inside(s.order, n) for n in scope)]
    # the lines from the headline on: a bare date often sits between it and the body
    below = [s.text for s in segments if headline_line and s.line >= headline_line]
    found = labelled_date(inside) or labelled_date(s.text for s in segments)
    found = found or top_date(inside) or top_date(below)
    if found or any(element.tag == "time" for element, _ in dated):
        return found  # <time> elements that are all updates: no publication date, not a guess
    return guessed_date(text)


def _trailer_authors(blocks: tuple[Block, ...]) -> tuple[Author, ...]:
    """Reporters credited after the body ("-- By Jane Doe", "(Reporting by Jane Doe; ...)"),
    or the contributors who sign a round-up's sections, when the byline names none: they are
    the article's named authors all the same."""
    body = [b for b in blocks if b.kind in ("paragraph", "list-item")]
    for block in reversed(body[-TRAILER_WINDOW:]):
        names = trailer_names(block.text)
        if names:
            return tuple(Author(name, "person", "trailer") for name in names)
    signed = section_names([b.text for b in body if b.kind == "paragraph"])
    return tuple(Author(name, "person", "section") for name in signed)


def _title(root: Element, meta: PageMeta, locator: Locator) -> tuple[str, Position]:
    """The headline a reader sees: the <h1> that matches the page's title, else the title."""
    headings = [h for h in root.iter("h1") if text_of(h)][:5]
    chosen = _matching_heading(headings, meta.title)
    if chosen is not None:
        text = text_of(chosen)
        position, _ = locator.locate(text, line_of(chosen), locator.body_start)
        return text, position
    if meta.title:
        title_element = root.find(".//title")
        line = line_of(title_element) if title_element is not None else 0
        position, _ = locator.locate(meta.title, line)
        return meta.title, position if position.column else Position()
    return "", Position()


def _matching_heading(headings: list[Element], title: str) -> Element | None:
    if not headings:
        return None
    if not title:
        return headings[0]
    wanted = set(title.lower().split())
    best = max(headings, key=lambda h: len(wanted & set(text_of(h).lower().split())))
    overlap = len(wanted & set(text_of(best).lower().split()))
    return best if overlap >= min(3, len(wanted)) else None


def _absolute(url: str, base_url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return "https:" + url
    if base_url and not url.startswith("data:"):
        from urllib.parse import urljoin

        return urljoin(base_url, url)
    return ""


__all__ = ["Block", "parse_html"]
