"""Which segments of the article's scope a reader sees as the article.

Inside the body chosen by ``htmlmain``: everything but chrome and link lists. Around it, in
the article's scope: the standfirst and headings above the body, figure captions anywhere,
and credit lines below it ("Reuters contributed reporting" in an article <footer>). The byline
and bare date lines are not body text; the byline has its own field in the model.
"""

from __future__ import annotations

import re

from provcheck.credits import looks_like_credit
from provcheck.htmlblocks import Segment, Walk
from provcheck.htmlmain import Selection

_LINK_DENSE = 0.8
_DATE_WORDS = re.compile(
    r"\b(?:updated|published|posted|modified|on|at|am|pm|gmt|utc|ist|et|edt|est|cet|cest|"
    r"bst|min|mins|minutes?|hours?|days?|ago|read|reading|time|aktualisiert|veröffentlicht|"
    r"uhr|am|um|stand|publicado|actualizado|publié|le|à|h|"
    r"jan|january|januar|janvier|enero|feb|february|februar|février|febrero|mar|march|märz|"
    r"mars|marzo|apr|april|avril|abril|may|mai|mayo|jun|june|juni|juin|junio|jul|july|juli|"
    r"juillet|julio|aug|august|août|agosto|sep|sept|september|septembre|septiembre|oct|"
    r"october|oktober|okt|octobre|octubre|nov|november|novembre|noviembre|dec|december|"
    r"dezember|dez|décembre|diciembre|mon|monday|tue|tuesday|wed|wednesday|thu|thursday|"
    r"fri|friday|sat|saturday|sun|sunday|montag|dienstag|mittwoch|donnerstag|freitag|"
    r"samstag|sonntag)\b|\d+",
    re.IGNORECASE,
)


def is_date_line(text: str) -> bool:
    """A line that only gives a date, time or reading time: "Updated 14 May 2024, 10:32"."""
    if len(text) > 80:
        return False
    rest = _DATE_WORDS.sub("", text)
    return sum(c.isalpha() for c in rest) < 2 and any(c.isdigit() for c in text)


def article_segments(walk: Walk, selection: Selection, byline: str = "") -> list[Segment]:
    """The segments a reader sees as the article, in reading order."""
    main, scope = selection.main, selection.scope
    overruled = {c for c in selection.chrome if any(walk.inside(m, c) for m in main)}
    chrome = selection.chrome - overruled
    first = min(main) if main else 0
    last = max(walk.end[m] for m in main) if main else 0
    kept: list[Segment] = []
    for segment in walk.segments:
        order = segment.order
        if not any(walk.inside(order, s) for s in scope):
            continue
        if _in_chrome(walk, segment, chrome):
            if segment.kind == "caption" or (order > first and _credit(segment)):
                kept.append(segment)  # credit lines filed under chrome are still credits
            continue
        if any(walk.inside(order, m) for m in main):
            if not _link_dense(segment) and not _is_byline(segment, byline):
                kept.append(segment)
        elif segment.kind == "caption":
            kept.append(segment)
        elif order < first:
            if _standfirst(segment, byline):
                kept.append(segment)
        elif order >= last and _credit(segment):
            kept.append(segment)
    return kept


def _standfirst(segment: Segment, byline: str) -> bool:
    """Above the body: headings and a standfirst, not bylines, dates or link rows."""
    if _link_dense(segment) or _is_byline(segment, byline) or is_date_line(segment.text):
        return False
    return segment.kind == "heading" or len(segment.text) >= 40


def _credit(segment: Segment) -> bool:
    return looks_like_credit(segment.text) and not _link_dense(segment)


def _is_byline(segment: Segment, byline: str) -> bool:
    text = segment.text
    if byline and byline in text and len(text) <= len(byline) + 60:
        return True
    return is_date_line(text)


def _in_chrome(walk: Walk, segment: Segment, chrome: frozenset[int] | set[int]) -> bool:
    number = segment.chrome
    while number >= 0:
        if number in chrome:
            return True
        number = walk.chrome_parent.get(number, -1)
    return False


def _link_dense(segment: Segment) -> bool:
    return segment.link_chars >= _LINK_DENSE * len(segment.text) and segment.kind != "caption"
