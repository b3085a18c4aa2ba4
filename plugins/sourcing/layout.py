"""Where a claim sits on the page, as an editor reads it (private to the SRC check).

* A row of a data table ("Under $10,000 | 0.60% | 0.40%") is data, not a sentence: a table
  is sourced by its caption or its source line, not row by row.
* A source line under a chart, a table or a list of figures ("Source: CDC, state health
  department") sources the figures above it, back to the previous heading.
* A pull-quote in the standfirst repeats words the body credits to their speaker: it is
  credited where the body gives the same words.
* A paragraph that goes on from one citing a document ("The survey reveals that 68 per
  cent ...", then "Only one in five thought ...") reports the same document: its figures are
  credited, for one paragraph, if it names no source of its own. So are the figures of a
  paragraph the next one credits as it opens ("That was the warning contained in the
  letter ...", "... the figures reported by the companies ...").
* A numbered reference ending a sentence of the paragraph ("... compared to (3).",
  "... in 2019 [12].") cites a source, as health and science writing does.
* What a named speaker says others think ("Delgado said she and some neighbours worried")
  rests on the named speaker, who can be asked: the crowd inside the speech is not the source.
  A crowd in a clause of its own ("Rao said it was safe, but analysts say ...") still is.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Sequence

from provcheck import Article, Block, lexicon
from provcheck.plugins.sourcing.quotes import Quote
from provcheck.plugins.sourcing.records import AttributedSentence, Attribution
from provcheck.plugins.sourcing.speakers import TOKEN, base, lex

_CELL = " | "  # how the HTML reader joins the cells of a data-table row
_CELL_CHARS = 80  # a cell longer than this is prose in a layout table
_SOURCE_LINE = re.compile(
    r"(?:sources?|data|figures|statistics)(?:\s+(?:from|by))?\s*:\s*\S", re.IGNORECASE
)
_SOURCE_LINE_CHARS = 200  # a source line names its sources; a long paragraph is prose
_SOURCED_BACK = 12  # blocks a source line reaches back over (a chart's labels, a list)
_PULL_CHARS = 40  # characters of a quote compared with the body's credited quotes
# "(3)." "[4, 7]" "(12-14);" at the end of a sentence or paragraph; not "(1) 500 homes".
_REFERENCE = re.compile(r"[\w%”\"’.]\s?[(\[]\d{1,3}(?:\s?[,–-]\s?\d{1,3})*[)\]](?=[.;]|\s*$)")
_NOT_WORD = re.compile(r"[\W_]+")
# A new clause between the named speaker's verb and the crowd: the crowd speaks for itself.
_CLAUSE_BREAK = re.compile(
    r"[;:—–()\[\]\"“”]|,\s*(?:and|but|or)\b|\b(?:but|while|whereas|although|though|yet|however)\b",
    re.IGNORECASE,
)
_SPEECH_GAP = 60  # characters from the named speaker's verb to the crowd, at most


def table_row(block: Block) -> bool:
    """A row of a data table: two or more short cells joined by " | "."""
    if _CELL not in block.text:
        return False
    cells = block.text.split(_CELL)
    return len(cells) >= 2 and all(len(cell) <= _CELL_CHARS for cell in cells)


def under_source_line(article: Article) -> frozenset[int]:
    """Indices of the blocks above a "Source: ..." line, back to the previous heading."""
    found: set[int] = set()
    reach = 0  # blocks the nearest source line below may still reach
    for block in reversed(article.body_blocks):
        text = block.text.strip()
        if len(text) <= _SOURCE_LINE_CHARS and _SOURCE_LINE.match(text):
            reach = _SOURCED_BACK
            continue
        if block.kind == "heading":
            reach = 0
        elif reach:
            found.add(block.index)
            reach -= 1
    return frozenset(found)


def after_document(items: Sequence[AttributedSentence]) -> frozenset[int]:
    """Indices of the paragraphs with no attribution of their own right after a paragraph
    whose last attribution is a document ("the paper states", "a financial report revealed")."""
    groups: list[tuple[int, list[Attribution]]] = []
    for item in items:
        if not groups or groups[-1][0] != item.block.index:
            groups.append((item.block.index, []))
        groups[-1][1].extend(item.own)
    return frozenset(
        block
        for (_, before), (block, own) in itertools.pairwise(groups)
        if not own and before and _document(before[-1])
    )


def credited_by_next(items: Sequence[AttributedSentence]) -> frozenset[int]:
    """Indices of the paragraphs whose next paragraph opens by naming where what they said
    came from ("That was the warning contained in the letter from the CMO")."""
    firsts: list[AttributedSentence] = []
    for item in items:
        if not firsts or firsts[-1].block.index != item.block.index:
            firsts.append(item)
    back = _back_credit()
    return frozenset(
        before.block.index
        for before, first in itertools.pairwise(firsts)
        if back.search(first.sentence.text)
    )


@functools.cache
def _back_credit() -> re.Pattern[str]:
    return re.compile("|".join(lexicon("sourcing")["back_credits"]))


def cites_reference(block: Block) -> bool:
    """True when a sentence of the paragraph ends with a numbered reference: "(3)", "[12]"."""
    return _REFERENCE.search(block.text) is not None


def _document(found: Attribution) -> bool:
    toks = TOKEN.findall(found.speaker)
    return found.kind != "person" and bool(toks) and lex().has("document_nouns", base(toks[-1]))


def credited_quotes(items: Iterable[tuple[AttributedSentence, Sequence[Quote]]]) -> set[str]:
    """The openings of the quotes whose speaker the article identifies (see ``key``)."""
    return {key(q.text) for item, quotes in items for q in quotes}


def key(quote: str) -> str:
    """A quote's first words, lower case, punctuation dropped: the same words in the deck and
    in the body compare equal whatever quotation marks or full stop they carry."""
    return _NOT_WORD.sub(" ", quote.lower()).strip()[:_PULL_CHARS]


def repeats_credited(quote: Quote, credited: set[str]) -> bool:
    """True when the quote's opening words are a credited quote's opening words."""
    opening = key(quote.text)
    return len(opening) >= _PULL_CHARS and opening in credited


def told_by_named(item: AttributedSentence, vague: Attribution) -> bool:
    """True when the vague phrase sits inside the speech of a named speaker written just
    before it in the same clause ("Delgado said she and some neighbors worried ...")."""
    if vague.start < 0:
        return False
    text = item.sentence.text
    for found in item.own:
        if found is vague or found.start < 0 or found.end > vague.start or not found.named:
            continue
        gap = text[found.end : vague.start]
        if len(gap) <= _SPEECH_GAP and not _CLAUSE_BREAK.search(gap):
            return True
    return False
