"""What the article tells the reader about its pictures: disclosures and photo claims.

A caption, credit or alt text is about the picture it belongs to, so the label patterns apply
there ("AI-generated", "Image: Midjourney", "representational image"). A paragraph right next
to a picture is treated the same when it is short (a caption set as a paragraph); a longer
one, and any paragraph far from a picture, needs wording that points at the article's own
pictures ("this image was generated...", "the images in this article..."): a story ABOUT AI
images is not a disclosure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from provcheck import Article, Block, Image, Position
from provcheck.plugins.imagery.lex import KindPattern, Lexicon

# A paragraph this short next to a picture reads as its caption.
SHORT_PARAGRAPH = 160
# Disclosure strength, strongest first: what the reader learns about the picture.
_ORDER = ("ai", "not-real", "illustrative")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z“\"(])")


@dataclass(frozen=True, slots=True)
class Disclosure:
    """Words that tell the reader a picture is AI-made, not real, or only illustrative."""

    kind: str  # "ai", "not-real", "illustrative"
    where: str  # "caption", "credit", "alt", "paragraph", "body", "jsonld"
    text: str  # the sentence that discloses, quoted in findings
    position: Position
    block: int = -1

    @property
    def visible(self) -> bool:
        """Seen by a sighted reader next to the picture (or declared in JSON-LD)."""
        return self.where in ("caption", "credit", "paragraph", "jsonld")

    @property
    def says_not_real(self) -> bool:
        """Tells the reader the picture is AI-made or shows no real scene."""
        return self.kind in ("ai", "not-real")


def strongest(found: list[Disclosure]) -> Disclosure | None:
    """The disclosure that tells the reader most, visible ones first."""
    if not found:
        return None
    return min(found, key=lambda d: (not d.visible, _ORDER.index(d.kind)))


BODY_HINT = re.compile(r"image|illustration|picture|photo|artwork|visual|graphic", re.IGNORECASE)


def label_match(text: str, patterns: tuple[KindPattern, ...]) -> tuple[str, str] | None:
    """(kind, sentence) of the strongest pattern found in ``text``, or None."""
    best: tuple[int, str] | None = None
    for entry in patterns:
        match = entry.pattern.search(text)
        if match and (best is None or _ORDER.index(entry.kind) < best[0]):
            best = (_ORDER.index(entry.kind), _sentence(text, match.start(), match.end()))
    return (_ORDER[best[0]], best[1]) if best else None


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence(s) of ``text`` holding ``start:end``."""
    while start < end and not text[start].isalnum():
        start += 1  # a match may begin with the punctuation before its first word
    begin = 0
    for boundary in _SENTENCE_END.finditer(text):
        if boundary.end() <= start:
            begin = boundary.end()
        elif boundary.start() >= end:
            return text[begin : boundary.start()].strip()
    return text[begin:].strip()


@dataclass(frozen=True, slots=True)
class Layout:
    """Where an article's blocks are, built once per article so that finding the blocks beside
    each of thousands of pictures stays linear (8,000 figures once took 80 s)."""

    by_index: dict[int, Block]
    owned: frozenset[int]  # blocks that are some picture's own caption
    caption_at: dict[str, Position]  # a caption's text -> its block's position
    run_start: dict[int, int]  # owned block -> first index of its run of owned blocks
    run_end: dict[int, int]  # owned block -> last index of its run

    @classmethod
    def of(cls, article: Article) -> Layout:
        captions = {i.caption for i in article.images if i.caption}
        owned_blocks = [b for b in article.blocks if b.kind == "caption" and b.text in captions]
        caption_at: dict[str, Position] = {}
        for block in owned_blocks:
            caption_at.setdefault(block.text, block.position)
        owned = sorted({b.index for b in owned_blocks})
        run_start: dict[int, int] = {}
        run_end: dict[int, int] = {}
        first = 0
        for at, index in enumerate(owned):
            if at and owned[at - 1] != index - 1:
                first = at
            run_start[index] = owned[first]
        last = len(owned) - 1
        for at in range(len(owned) - 1, -1, -1):
            if at < len(owned) - 1 and owned[at + 1] != owned[at] + 1:
                last = at
            run_end[owned[at]] = owned[last]
        return cls(
            {b.index: b for b in article.blocks}, frozenset(owned), caption_at, run_start, run_end
        )

    def adjacent(self, image: Image) -> list[Block]:
        """The nearest body blocks before and after a picture, past pictures' own captions."""
        if image.origin not in ("figure", "inline"):
            return []
        found = []
        before, after = image.after_block, image.after_block + 1
        before = self.run_start[before] - 1 if before in self.owned else before
        after = self.run_end[after] + 1 if after in self.owned else after
        for index in (before, after):
            block = self.by_index.get(index)
            if block is not None and block.kind != "heading":
                found.append(block)
        return found


def image_disclosures(
    image: Image, position: Position, lex: Lexicon, layout: Layout
) -> Iterator[Disclosure]:
    """Disclosures tied to one picture: caption, credit, alt, the paragraphs beside it."""
    caption_at = image.caption_position if image.caption_position.line else position
    if not image.caption_position.line and image.caption:
        # The parser may also keep a figcaption as a caption block: it knows the line.
        caption_at = layout.caption_at.get(image.caption, position)
    for where, text in (("caption", image.caption), ("credit", image.credit), ("alt", image.alt)):
        found = label_match(text, lex.label) if text else None
        if found:
            yield Disclosure(
                found[0], where, found[1], caption_at if where == "caption" else position
            )
    for block in layout.adjacent(image):
        found = block_match(block, lex, near_image=True)
        if found:
            yield Disclosure(
                found[0], "paragraph", found[1], _sentence_position(block, found[1]), block.index
            )


def block_match(block: Block, lex: Lexicon, *, near_image: bool) -> tuple[str, str] | None:
    """A disclosure in a body block. Short blocks beside a picture read as its caption."""
    short = len(block.text) <= SHORT_PARAGRAPH
    if near_image and (short or block.kind == "caption"):
        return label_match(block.text, lex.label)
    # Every body pattern names the picture; skipping blocks that name none saves about a
    # fifth of a page's check time (tests/test_imagery_text.py keeps the hint a superset).
    found = label_match(block.text, lex.body) if BODY_HINT.search(block.text) else None
    if found is None and short and block.kind == "caption":
        # A caption block cut off from its picture by the page layout.
        found = label_match(block.text, lex.label)
    return found


def detached_disclosures(
    article: Article, near: set[int], lex: Lexicon, layout: Layout
) -> Iterator[Disclosure]:
    """Disclosures in body blocks that sit beside no picture (``near``: blocks beside one)."""
    owned = layout.owned
    for block in article.blocks:
        if block.index in near or block.index in owned or block.kind == "heading":
            continue
        found = block_match(block, lex, near_image=False)
        if found and found[0] != "illustrative":
            yield Disclosure(
                found[0], "body", found[1], _sentence_position(block, found[1]), block.index
            )


def jsonld_disclosure(source_class: str, term: str, position: Position) -> Disclosure | None:
    """The page's JSON-LD digitalSourceType, when it declares AI or synthetic media."""
    if source_class not in ("ai-generated", "ai-edited", "synthetic"):
        return None
    short = term.rstrip("/").rsplit("/", 1)[-1]
    return Disclosure("ai", "jsonld", f"digitalSourceType: {short}", position)


def photo_claim(image: Image, lex: Lexicon) -> str:
    """The caption or credit text that calls the picture a photograph ("" when none)."""
    for text in (image.credit, image.caption):
        match = lex.photo_claim.search(text) if text else None
        if match:
            return _sentence(text, match.start(), match.end())
    return ""


def _sentence_position(block: Block, sentence: str) -> Position:
    head = sentence[:40]
    for candidate in block.sentences:
        if head and head in candidate.text:
            return candidate.position
    return block.position
