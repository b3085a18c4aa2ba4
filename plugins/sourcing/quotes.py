"""Finding quotations in a text (private: use plugins/sourcing/attribution.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from provcheck.plugins.sourcing.speakers import TOKEN, lex

QUOTE_CHARS = '“"‘«'
# Straight quotes open after a space or bracket and close before a space or punctuation,
# so one stray mark does not flip every pairing after it.
_QUOTES = re.compile(
    r"“[^“”]*(?:”|$)|«[^«»]*(?:»|$)|(?<![\w])‘[^‘]*?’(?![\w])"
    r"|(?<![\w.,!?\"])\"(?=\S)[^\"]*?(?<=\S)\"(?![\w\"])"
    r"|(?<![\w.,!?\"])\"(?=\S)[^\"]*$"  # a quote that closes in a later paragraph
)
_LIST_JOIN = re.compile(r"\s*(?:,|,?\s*and|,?\s*or)\s*")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: ``text`` includes its marks; offsets into the text searched.

    ``title`` is True when it reads as the title of a work, a name, a term or imagined
    speech (after "called", "the film", "hashtag", "thinking" ... or in Title Case).
    """

    text: str
    start: int
    end: int
    title: bool = False

    @property
    def words(self) -> int:
        return len(TOKEN.findall(self.text))


def find_quotes(text: str) -> tuple[Quote, ...]:
    """Quotations in ``text``: curly, guillemet, British single and paired straight quotes.

    An opening curly quote with no close runs to the end (a quote continued in the next
    paragraph, by news convention).
    """
    cues = lex().title_cues
    out: list[Quote] = []
    for match in _QUOTES.finditer(text):
        inner = match.group()[1:].rstrip('”»’"')
        before = text[max(0, match.start() - 24) : match.start()]
        title = bool(cues.search(before)) or _title_case(inner)
        if out and out[-1].title and _LIST_JOIN.fullmatch(text, out[-1].end, match.start()):
            title = True  # 'messages such as “Eat something” and “Lost weight”'
        out.append(Quote(match.group(), match.start(), match.end(), title))
    return tuple(out)


def _title_case(inner: str) -> bool:
    long = [w for w in TOKEN.findall(inner) if len(w) > 3]
    return bool(long) and all(w[0].isupper() for w in long) and not inner.rstrip().endswith(".")


def quotes_in(
    block_quotes: tuple[Quote, ...], ends: list[int], start: int, text: str
) -> tuple[Quote, ...]:
    """The part of each block quotation inside the sentence ``text`` that starts at
    ``start``, re-based; ``ends`` are the quotes' end offsets (sorted: found left to right),
    so only the quotes that overlap are visited."""
    from bisect import bisect_right

    out = []
    end = start + len(text)
    for q in block_quotes[bisect_right(ends, start) :]:
        if q.start >= end:
            break
        low, high = max(q.start, start), min(q.end, end)
        if high - low > 1:
            out.append(Quote(text[low - start : high - start], low - start, high - start, q.title))
    return tuple(out)
