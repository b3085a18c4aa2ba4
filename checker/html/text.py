"""Sentence splitting tuned for news copy, and white-space normalisation.

A sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or brackets) followed
by white space and a capital, a digit or an opening quote. Not after:

- titles and initials, which a name always follows: "Gen. Smith", "J. K. Rowling";
- a month before a day: "Jan. 5";
- other abbreviations ("U.S.", "Inc.", "etc.", "a.m.") unless the next word is one that
  starts sentences ("... in the U.S. The next day ..."), since these often end one;
- a point inside a quotation that closes later in the paragraph, so a quote spanning
  sentences stays with its speaker: “We will fight. We will win,” she said.

Decimals ("3.5"), URLs and dotted acronyms never have a space after the point, so they are
not candidates at all; nor is list numbering ("3. Keep the receipts"). Chinese and Japanese
full stops end a sentence with no space after them. docs/extraction.md compares this
splitter with pysbd.
"""

from __future__ import annotations

import bisect
import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Followed by a name, never the end of a sentence.
_TITLES = _words(
    "mr mrs ms mx dr prof sr jr st mt ft gen lt col maj capt cmdr sgt adm gov sen rep rev hon "
    "pres supt insp det cpl pvt messrs mme mlle sra srta hr fr"
)
# Followed by a day ("Jan. 5"); before anything else they may end a sentence.
_MONTHS = _words("jan feb mar apr jun jul aug sep sept oct nov dec")
# Abbreviations that end a sentence only when a sentence-starting word follows.
_ABBREVIATIONS = _words(
    "inc ltd co corp bros no nos vs etc al approx dept est fig univ assn ave blvd rd "
    "u.s u.k u.n e.u u.s.a e.g i.e a.m p.m ph.d m.d d.c n.y l.a b.c a.d "
    "bzw usw vgl z.b d.h u.a ca nr"
)
_STARTERS = _words(
    "the a an he she it they we i you his her its their our this that these those there "
    "but and so yet or then now still also however meanwhile in on at for after before "
    "when while as if since despite although though some many most officials police "
    "der die das ein eine er sie es wir le la les il elle el los las"
)

_END = re.compile(r"[.!?…]+[\"'”’»)\]]*|[。！？]+[」』”）]*")
_CJK_END = "。！？"
_ENUMERATION = re.compile(r"\s*\d{1,3}\.$")
_NEXT = re.compile(r"\s+[\"'“‘«(\[]?([A-Z0-9À-ÖØ-ÞĀ-ſ])")
_NEXT_WORD = re.compile(r"\s+[\"'“‘«(\[]?([\w'’-]+)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_QUOTE = re.compile(r"[\"“”«»]")
_OPENERS = "“«"
_CLOSERS = "”»"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of each sentence in ``text``, white space trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    quotes = _quoted_ranges(text) if _QUOTE.search(text) else []
    starts = [low for low, _ in quotes]
    for match in _END.finditer(text):
        end = match.end()
        if text[match.start()] in _CJK_END:
            if end < len(text):
                spans.append((start, end))  # CJK text needs no space after a full stop
                start = end
            continue
        if not _NEXT.match(text, end) or _ENUMERATION.match(text, start, end):
            continue
        single_point = text[match.start()] == "." and end - match.start() == 1
        if single_point and not _ends_sentence_after_point(text, match.start(), end):
            continue
        if quotes and _inside_quote(quotes, starts, end):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return [trimmed for span in spans if (trimmed := _trim(text, *span)) is not None]


def _ends_sentence_after_point(text: str, dot: int, end: int) -> bool:
    found = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if not found:
        return True
    word = found.group(1).lower()
    if len(word) == 1 and found.group(1).isupper():
        return False  # an initial: "J. K. Rowling"
    if word in _TITLES:
        return False
    following = _NEXT_WORD.match(text, end)
    next_word = following.group(1) if following else ""
    if word in _MONTHS:
        return not next_word[:1].isdigit()
    if word in _ABBREVIATIONS or "." in word:
        return next_word.lower() in _STARTERS
    return True


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of quotations that close within the text, in order."""
    ranges: list[tuple[int, int]] = []
    curly = -1
    straight = -1
    for match in _QUOTE.finditer(text):
        char, index = match.group(0), match.start()
        if char == '"':
            if straight < 0:
                straight = index
            else:
                ranges.append((straight, index))
                straight = -1
        elif char in _OPENERS:
            curly = index
        elif char in _CLOSERS and curly >= 0:
            ranges.append((curly, index))
            curly = -1
    ranges.sort()
    return ranges


def _inside_quote(quotes: list[tuple[int, int]], starts: list[int], end: int) -> bool:
    """True when a boundary at ``end`` falls strictly inside a closed quotation."""
    index = bisect.bisect_left(starts, end) - 1
    while index >= 0:
        low, high = quotes[index]
        if low < end <= high:
            return True
        index -= 1
        if index >= 0 and quotes[index][1] < low:
            break  # quotations do not nest deeper than one level here
    return False


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


_SPACE = re.compile(r"\s+")


def normalise_space(text: str) -> str:
    """Collapse runs of white space to one space and trim."""
    return _SPACE.sub(" ", text).strip()
