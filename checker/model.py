"""The article model: what a reader sees, with where each piece came from.

Every record is a frozen, slotted dataclass. Positions are 1-based ``line``/``column`` in the
source document (HTML or Markdown) so that a finding can point an editor at ``file:line:col``.
A column of 0 means "the line is known, the column is not".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from provcheck.editors.suppress import Suppression
    from provcheck.sources.local import RawDocument

BlockKind = Literal["heading", "paragraph", "quote", "list-item", "caption", "preformatted"]
AuthorKind = Literal["person", "organisation"]
CreditKind = Literal["dateline", "trailer", "byline", "photo-credit"]
LinkKind = Literal["same-site", "news", "government", "study", "social", "other"]


@dataclass(frozen=True, slots=True)
class Position:
    """A place in the source document (1-based line and column; column 0 = unknown)."""

    line: int = 0  # 1-based line in the source (0: unknown)
    column: int = 0  # 1-based column (0: unknown)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a block; ``start``/``end`` are offsets into the block's text."""

    text: str
    start: int  # offset of the sentence's first character in ``Block.text``
    end: int  # offset just after its last character
    position: Position  # where the sentence starts in the source


@dataclass(frozen=True, slots=True)
class Block:
    """A unit of body text as a reader sees it: a paragraph, heading, quote or list item."""

    index: int  # its place in ``Article.blocks`` (0-based)
    kind: BlockKind
    text: str  # the text as a reader sees it, whitespace collapsed
    position: Position  # where the block's text starts in the source
    sentences: tuple[Sentence, ...] = ()  # the block's text split into sentences
    # Text offsets of the link anchors inside this block (start, end, href).
    links: tuple[tuple[int, int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Image:
    """An image the article shows (or declares, as og:image / JSON-LD image)."""

    src: str  # the address as written in the page
    position: Position  # where the image is in the source (line 0 for og/JSON-LD images)
    alt: str = ""  # its alt text
    caption: str = ""  # the caption a reader sees (figcaption, Markdown italic line)
    credit: str = ""  # the photo credit found in or beside the caption ("Photo: AFP")
    # Where it was found: "figure", "inline", "og" (OpenGraph), "jsonld"
    origin: str = "inline"
    # Absolute URL or local path the image resolves to ("" when it cannot be resolved).
    resolved: str = ""
    # Index of the body block just before the image (-1: before the first block).
    after_block: int = -1
    # The page's own JSON-LD digitalSourceType for this image, if it declares one.
    digital_source_type: str = ""
    # Where the caption text starts, when it is not at the image (Markdown: the italic line
    # under it); unknown (line 0) otherwise - then the image's own position stands for it.
    caption_position: Position = field(default_factory=Position)


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink inside the article body, classified by its registered domain."""

    href: str  # the absolute address
    text: str  # the anchor text
    position: Position
    domain: str = ""  # registered domain, e.g. "bbc.co.uk"
    host: str = ""  # full host name
    kind: LinkKind = "other"  # what the domain is, from rules/links.toml
    block: int = -1  # index of the block the link is in


@dataclass(frozen=True, slots=True)
class Author:
    """A name given as the article's author, and whether it names a person."""

    name: str  # as printed, "By" and titles removed
    kind: AuthorKind  # a person, or an organisation/desk ("Web Desk", "Reuters")
    origin: str  # where it was read: "byline", "jsonld", "meta", "front-matter"


@dataclass(frozen=True, slots=True)
class CreditLine:
    """A credit found by its position: dateline, trailer, byline or photo credit."""

    text: str  # the credit as printed, e.g. "(With inputs from agencies.)"
    kind: CreditKind
    position: Position
    block: int = -1  # index of the block it is in (-1: outside the body, e.g. a caption)


@dataclass(frozen=True, slots=True)
class Metadata:
    """Page metadata as (name, value) pairs, in document order; no dicts cross plugin APIs."""

    meta: tuple[tuple[str, str], ...] = ()  # meta tags and OpenGraph, names lower-cased
    jsonld_types: tuple[str, ...] = ()  # the JSON-LD @type values ("NewsArticle", ...)
    jsonld_raw: tuple[str, ...] = ()  # each JSON-LD block as written
    # the schema.org types of the page's outermost microdata (itemtype) and RDFa (typeof) items
    page_types: tuple[str, ...] = ()

    def get(self, name: str) -> str:
        """First value for a meta/OpenGraph name (case-insensitive), or ""."""
        name = name.lower()
        for key, value in self.meta:
            if key == name:
                return value
        return ""


@dataclass(frozen=True, slots=True)
class Article:
    """Everything provcheck extracted from one source."""

    source: str  # the path, URL or "-" it was read from
    media_type: str = "text/html"  # "text/html" or "text/markdown"
    title: str = ""  # the headline a reader sees (the <h1> matching the page title)
    title_position: Position = field(default_factory=Position)
    authors: tuple[Author, ...] = ()  # from the byline, JSON-LD, meta tags, front matter
    byline: str = ""  # the byline as printed
    byline_position: Position = field(default_factory=Position)
    published: str = ""  # publication date as given (ISO 8601 when the page says so)
    modified: str = ""  # last-modified date as given
    publisher: str = ""  # the publisher's name (JSON-LD, og:site_name)
    url: str = ""  # the final URL, or the page's canonical URL
    language: str = ""  # the declared language, e.g. "en"
    blocks: tuple[Block, ...] = ()  # the article's text in reading order, chrome removed
    images: tuple[Image, ...] = ()  # images shown, then images only declared (og, JSON-LD)
    links: tuple[Link, ...] = ()  # links inside the body
    credit_lines: tuple[CreditLine, ...] = ()  # datelines, trailers, bylines, photo credits
    metadata: Metadata = field(default_factory=Metadata)
    # In-document ``<!-- provcheck: ... -->`` comments, applied by the host after the checks.
    suppressions: tuple[Suppression, ...] = ()
    # The loaded bytes while checks run (for ``soup``); the host drops them from the report.
    _source: _SourceDocument | None = field(default=None, repr=False, compare=False)

    @property
    def soup(self) -> Any:
        """A ``bs4.BeautifulSoup`` of the article's element (lxml builder), built the first
        time a plugin asks and then kept for this article (a second parse of the page: see
        docs/performance.md); ``None`` when the bytes are gone (a report's article) or the
        article was built by hand."""
        if self._source is None:
            return None
        return self._source.soup(self.media_type)

    def _with_source(self, raw: RawDocument | None) -> Article:
        # This article holding ``raw`` for ``soup`` (None: without it). Used by the host.
        if raw is None and self._source is None:
            return self
        return replace(self, _source=_SourceDocument(raw) if raw is not None else None)

    def _with_errors(self, errors: list[Any]) -> Article:
        # Plugin failures met while loading and preparing it (PC902 findings, for the host).
        if self._source is None:
            return self
        self._source.errors.extend(errors)
        return self

    def _plugin_errors(self) -> tuple[Any, ...]:
        return tuple(self._source.errors) if self._source is not None else ()

    @property
    def text(self) -> str:
        """The body text, blocks separated by blank lines."""
        return "\n\n".join(block.text for block in self.blocks)

    def sentences(self) -> Iterator[tuple[Block, Sentence]]:
        """Every sentence of the body with the block it belongs to, in reading order."""
        for block in self.blocks:
            for sentence in block.sentences:
                yield block, sentence

    @property
    def body_blocks(self) -> tuple[Block, ...]:
        """Blocks a claim can live in (not headings, not captions)."""
        return tuple(b for b in self.blocks if b.kind not in ("heading", "caption"))


class _SourceDocument:
    """The bytes an article came from and the soup built from them (once, on demand)."""

    __slots__ = ("_soup", "errors", "raw")

    def __init__(self, raw: RawDocument) -> None:
        self.raw = raw
        self._soup: Any = None
        self.errors: list[Any] = []  # PC902 findings of plugins that failed on the way

    def soup(self, media_type: str) -> Any:
        if self._soup is None:
            from provcheck.html.soup import build_soup

            self._soup = build_soup(self.raw, media_type)
        return self._soup
