"""The sentences the BAL check reads, in reading order: headline, standfirst, body.

Captions are left out (they describe pictures). The standfirst (the page's description) is
read when the body does not already hold it. A sentence longer than MAX_UNIT characters is
read in pieces, so every pattern stays linear on a page that is one unpunctuated megabyte.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from provcheck import Article, Block, Sentence


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence of the article in reading order, with its block."""

    index: int
    block: Block
    sentence: Sentence

    @property
    def text(self) -> str:
        return self.sentence.text


# A sentence longer than this is read in pieces of at most this many characters (cut at a
# space): no news sentence is this long, and it keeps every pattern linear on a page that is
# one unpunctuated megabyte.
MAX_UNIT = 1000

def units(article: Article) -> list[Unit]:
    """Body sentences in reading order (captions aside), led by the headline and standfirst.

    The standfirst (the page's description) is read when the body does not already hold it:
    the summary under the headline is part of what the article tells the reader."""
    pairs = [(b, s) for b, s in article.sentences() if b.kind != "caption"]
    body = " ".join(" ".join(b.text.split()) for b in {id(b): b for b, _ in pairs}.values())
    title = " ".join(article.title.split())
    at = next(
        (i + 1 for i, (b, _) in enumerate(pairs)
         if b.kind == "heading" and " ".join(b.text.split()) == title),
        0,
    )  # fmt: skip
    if title and not at:
        pairs.insert(0, _made_block(-1, title, article))
        at = 1
    standfirst = " ".join(_description(article).split())
    if standfirst and standfirst != title and standfirst[:80].rstrip(" .…") not in body:
        pairs.insert(at, _made_block(-2, standfirst, article))  # under the headline
    out = [piece for b, s in pairs for piece in _pieces(b, s)]
    return [Unit(i, block, sentence) for i, (block, sentence) in enumerate(out)]


def _made_block(index: int, text: str, article: Article) -> tuple[Block, Sentence]:
    sentence = Sentence(text, 0, len(text), article.title_position)
    return Block(index, "heading", text, article.title_position, (sentence,)), sentence


def _description(article: Article) -> str:
    meta = article.metadata
    return meta.get("og:description") or meta.get("description")


def _pieces(block: Block, sentence: Sentence) -> Iterator[tuple[Block, Sentence]]:
    """A sentence, cut at spaces into pieces of at most MAX_UNIT characters."""
    text, start = sentence.text, 0
    while len(text) - start > MAX_UNIT:
        cut = text.rfind(" ", start + MAX_UNIT // 2, start + MAX_UNIT)
        cut = cut if cut > start else start + MAX_UNIT
        at = sentence.start + start
        yield block, Sentence(text[start:cut], at, at + cut - start, sentence.position)
        start = cut
    if start == 0:
        yield block, sentence
    else:
        rest = text[start:]
        yield block, Sentence(rest, sentence.start + start, sentence.end, sentence.position)


# A teaser is a title: one short line. A longer block without a full stop is still prose.
TEASER_MAX = 160


def teaser(unit: Unit) -> bool:
    """A body paragraph of one line with no closing punctuation: a link, video or photo title."""
    block = unit.block
    if block.kind != "paragraph" or len(block.sentences) > 1 or len(block.text) > TEASER_MAX:
        return False
    last = block.text[-64:].rstrip()[-1:]  # the tail only: blocks may be megabytes long
    return bool(last) and last not in ".!?…:;,”\"'’)]"


class Trigger:
    """A quick filter: does a sentence hold any of these stems at the start of a word?

    Matched against the lower-cased text without re.IGNORECASE and anchored at word starts,
    which is some twenty times faster than a case-insensitive alternation: most sentences
    hold none of the stems and skip the full patterns."""

    def __init__(self, stems: Sequence[str]) -> None:
        self._pattern = re.compile(r"\b(?:" + "|".join(stems) + ")")

    def search(self, text: str) -> bool:
        return self._pattern.search(text.lower()) is not None
