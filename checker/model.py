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

    line: int = 0
    column: int = 0


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a block; ``start``/``end`` are offsets into the block's text."""

    text: str
    start: int
    end: int
    position: Position


@dataclass(frozen=True, slots=True)
class Block:
    """A unit of body text as a reader sees it: a paragraph, heading, quote or list item."""

    index: int
    kind: BlockKind
    text: str
    position: Position
    sentences: tuple[Sentence, ...] = ()
    # Text offsets of the link anchors inside this block (start, end, href).
    links: tuple[tuple[int, int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Image:
    """An image the article shows (or declares, as og:image / JSON-LD image)."""

    src: str
    position: Position
    alt: str = ""
    caption: str = ""
    credit: str = ""
    # "figure", "inline", "og", "jsonld"
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

    href: str
    text: str
    position: Position
    domain: str = ""  # registered domain, e.g. "bbc.co.uk"
    host: str = ""  # full host name
    kind: LinkKind = "other"
    block: int = -1


@dataclass(frozen=True, slots=True)
class Author:
    """A name given as the article's author, and whether it names a person."""

    name: str
    kind: AuthorKind
    origin: str  # "byline", "jsonld", "meta", "front-matter"


@dataclass(frozen=True, slots=True)
class CreditLine:
    """A credit found by its position: dateline, trailer, byline or photo credit."""

    text: str
    kind: CreditKind
    position: Position
    block: int = -1


@dataclass(frozen=True, slots=True)
class Metadata:
    """Page metadata as (name, value) pairs, in document order; no dicts cross plugin APIs."""

    meta: tuple[tuple[str, str], ...] = ()
    jsonld_types: tuple[str, ...] = ()
    jsonld_raw: tuple[str, ...] = ()

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

    source: str
    media_type: str = "text/html"
    title: str = ""
    title_position: Position = field(default_factory=Position)
    authors: tuple[Author, ...] = ()
    byline: str = ""
    byline_position: Position = field(default_factory=Position)
    published: str = ""
    modified: str = ""
    publisher: str = ""
    url: str = ""
    language: str = ""
    blocks: tuple[Block, ...] = ()
    images: tuple[Image, ...] = ()
    links: tuple[Link, ...] = ()
    credit_lines: tuple[CreditLine, ...] = ()
    metadata: Metadata = field(default_factory=Metadata)
    # In-document ``<!-- provcheck: ... -->`` comments, applied by the host after the checks.
    suppressions: tuple[Suppression, ...] = ()
    # The loaded bytes while checks run (for ``soup``); the host drops them from the report.
    _source: _SourceDocument | None = field(default=None, repr=False, compare=False)

    @property
    def soup(self) -> Any:
        """A ``bs4.BeautifulSoup`` of the article's element (lxml builder), built the first
        time a plugin asks and then kept for this article; ``None`` when the bytes are gone
        (a report's article) or the article was built by hand. See docs/model.md."""
        if self._source is None:
            return None
        return self._source.soup(self.media_type)

    def with_source_document(self, raw: RawDocument | None) -> Article:
        """This article holding ``raw`` for ``soup`` (None: without it). Used by the host."""
        if raw is None and self._source is None:
            return self
        return replace(self, _source=_SourceDocument(raw) if raw is not None else None)

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

    __slots__ = ("_soup", "raw")

    def __init__(self, raw: RawDocument) -> None:
        self.raw = raw
        self._soup: Any = None

    def soup(self, media_type: str) -> Any:
        if self._soup is None:
            from provcheck.html.soup import build_soup

            self._soup = build_soup(self.raw, media_type)
        return self._soup
