"""Bounding the text one attribution pass looks at.

A speaker is named within a few words of its verb, so nothing is lost by reading an
over-long sentence (a paragraph with no full stop, a run-on list) in bounded runs; without the
bound, the phrase and verb searches grew with the square of the sentence (a 1 MB paragraph
with no full stop took minutes).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from provcheck import Sentence

#: Longest run read at once. Real sentences stay far below it (the longest on 71 real news
#: pages was under 800 characters), so only hostile or broken text is ever cut.
MAX_RUN = 1200
_CLAUSE = re.compile(r"[.;:!?]\s|[,—–]\s|\s[-—–]\s")


def pieces(text: str, limit: int = MAX_RUN) -> list[tuple[int, int]]:
    """(start, end) runs covering ``text``, each at most ``limit`` characters, cut at the last
    clause break (else word break) of the second half of each run."""
    out: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = -1
        for match in _CLAUSE.finditer(text, start + limit // 2, end):
            cut = match.end()
        if cut < 0:
            space = text.rfind(" ", start + limit // 2, end)
            cut = space + 1 if space >= 0 else end
        out.append((start, cut))
        start = cut
    out.append((start, len(text)))
    return out


def bounded(sentences: Sequence[Sentence], limit: int = MAX_RUN) -> tuple[Sentence, ...]:
    """The sentences with any over-long one cut into runs (same position: the source
    position of a run inside a sentence is not known)."""
    if all(len(s.text) <= limit for s in sentences):
        return tuple(sentences)
    out: list[Sentence] = []
    for s in sentences:
        if len(s.text) <= limit:
            out.append(s)
            continue
        for low, high in pieces(s.text, limit):
            out.append(Sentence(s.text[low:high], s.start + low, s.start + high, s.position))
    return tuple(out)


def clip(
    spans: Sequence[tuple[int, int]], low: int, high: int, first: int = 0
) -> tuple[tuple[tuple[int, int], ...], int]:
    """The parts of sorted ``spans`` inside [low, high), re-based to ``low``; also the index
    to start from for the next run (spans and runs both in order: linear overall)."""
    out: list[tuple[int, int]] = []
    i = first
    while i < len(spans) and spans[i][1] <= low:
        i += 1
    j = i
    while j < len(spans) and spans[j][0] < high:
        a, b = spans[j]
        out.append((max(a, low) - low, min(b, high) - low))
        j += 1
    return tuple(out), i
