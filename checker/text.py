"""Sentence splitting tuned for news copy.

A sentence ends at ``.``, ``!`` or ``?`` (with any closing quotes or brackets) followed by
space and a capital, digit or opening quote - except after abbreviations news copy is full of
("U.S.", "Gen.", "Jan.", "Mr.", initials such as "J."), and never inside a quotation that
closes later in the same paragraph, so a quote spanning sentences stays with its speaker.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft gen lt col maj capt cmdr sgt adm gov sen rep rev hon
    pres supt insp det cpl pvt jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed
    thu fri sat sun inc ltd co corp bros no nos vs etc al approx dept est fig univ assn
    ave blvd rd u.s u.k u.n e.u u.s.a e.g i.e a.m p.m ph.d m.d d.c n.y l.a
    """.split()
)

_END = re.compile(r"[.!?…]+[\"'”’»)\]]*")
_NEXT = re.compile(r"\s+[\"'“‘«(\[]?[A-Z0-9À-ÖØ-Þ]")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_OPEN_QUOTES = "“«"
_CLOSE_QUOTES = "”»"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of each sentence in ``text``, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    protected = _quoted_ranges(text)
    for match in _END.finditer(text):
        end = match.end()
        if not _NEXT.match(text, end):
            continue
        if _is_abbreviation(text, match.start()) and text[match.start()] == ".":
            continue
        if any(low < match.start() < high for low, high in protected):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return [trimmed for span in spans if (trimmed := _trim(text, *span)) is not None]


def _is_abbreviation(text: str, dot: int) -> bool:
    found = _WORD_BEFORE.search(text, 0, dot)
    if not found:
        return False
    word = found.group(1).lower()
    if len(word) == 1 and text[found.start()].isupper():
        return True  # an initial: "J. K. Rowling"
    return word in _ABBREVIATIONS


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Spans of quotations that close within the text (curly quotes, or straight pairs)."""
    ranges: list[tuple[int, int]] = []
    opened = -1
    for index, char in enumerate(text):
        if char in _OPEN_QUOTES and opened < 0:
            opened = index
        elif char in _CLOSE_QUOTES and opened >= 0:
            ranges.append((opened, index))
            opened = -1
    straight = [i for i, c in enumerate(text) if c == '"']
    if len(straight) % 2 == 0:
        ranges.extend(zip(straight[::2], straight[1::2], strict=True))
    return ranges


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
