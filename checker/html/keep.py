"""Which segments of the article's scope a reader sees as the article.

Inside the body chosen by ``main``: everything but chrome and link lists. Around it, in
the article's scope: the standfirst and headings above the body, figure captions anywhere,
and credit lines below it ("Reuters contributed reporting" in an article <footer>). The byline
and bare date lines are not body text; the byline has its own field in the model.
"""

from __future__ import annotations

import re

from provcheck.html.chrome import is_caption_name, is_credit_name
from provcheck.html.credits import looks_like_credit
from provcheck.html.main import Selection
from provcheck.html.records import Segment, Walk
from provcheck.html.tree import Element, attrs_of

_LINK_DENSE = 0.8
_BARE_WINDOW = 2  # a bare "PTI" counts as a credit only among the first lines after the body
_BYLINE_LINE = 160  # a line longer than this holding the byline is text, not the byline
_UI_LINE = 320  # a comment policy runs to two sentences
_UI = re.compile(
    r"(?i:like\s+us\s+on|follow\s+us\b|subscribe\s+(?:to|now|for)|sign\s+up\s+(?:for|to|now)|"
    r"get\s+(?:updates|our\s+newsletter)|loading(?:\.\.\.|…|\s+(?:photo|video|gallery|comments))|"
    r"to\s+post\s+a\s+comment|have\s+something\s+to\s+add\s+to\s+this\s+story|"
    r"share\s+(?:this|on\s+(?:facebook|twitter|whatsapp))|click\s+here\s+to\s+(?:subscribe|"
    r"sign|share|comment)|inappropriate\s+(?:video|comment)\?|continue\s+reading\b|"
    r"(?:\d+\s+)?comments?\s*(?:\(\d+\))?\s*$|"
    r"this\s+page\s+(?:will\s+)?(?:automatically\s+|auto-?)?(?:update|refresh))"
)
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
    if len(text) > 80 or not any(c.isdigit() for c in text):
        return False
    rest = _DATE_WORDS.sub("", text)
    return sum(c.isalpha() for c in rest) < 2


def article_segments(
    walk: Walk, selection: Selection, byline: Element | None = None
) -> list[Segment]:
    """The segments a reader sees as the article, in reading order."""
    main, scope = selection.main, selection.scope
    overruled = {c for c in selection.chrome if any(c <= m < walk.end[c] for m in main)}
    chrome = selection.chrome - overruled
    first = min(main) if main else 0
    last = max(walk.end[m] for m in main) if main else 0
    keep = [False] * len(walk.segments)
    after = 0  # segments seen after the body
    scope_ranges = [(s, walk.end[s]) for s in scope]
    main_ranges = [(m, walk.end[m]) for m in main]
    low = min((s for s, _ in scope_ranges), default=0)
    high = max((e for _, e in scope_ranges), default=0)
    for index, segment in enumerate(walk.segments):
        order = segment.order
        if order >= selection.end:
            break  # the next story's
        if not low <= order < high or not any(a <= order < b for a, b in scope_ranges):
            continue
        if segment.chrome >= 0 and _in_chrome(walk, segment, chrome):
            # Captions and credit lines filed under chrome are still captions and credits.
            caption = segment.kind == "caption" and not _label_in_picture(walk, segment)
            keep[index] = caption or (order > first and _credit(segment))
        elif any(a <= order < b for a, b in main_ranges):
            keep[index] = not (
                _link_dense(segment) or _is_byline(segment, byline) or _ui_line(segment.text)
            )
        elif segment.kind == "caption":
            keep[index] = True
        elif order < first:
            keep[index] = _standfirst(segment, byline)
        elif order >= last:
            after += 1
            keep[index] = _credit(segment, right_after_body=after <= _BARE_WINDOW)
    _drop_orphan_headings(walk.segments, keep)
    return [segment for segment, kept in zip(walk.segments, keep, strict=True) if kept]


def _drop_orphan_headings(segments: list[Segment], keep: list[bool]) -> None:
    """A heading (or a "Label:" line) whose section was all dropped headed chrome: "Related
    articles", "Tags:", "More from this author". Drop it too."""
    pending: list[tuple[int, int]] = []  # (index, rank) of labels still waiting for text
    for index, segment in enumerate(segments):
        if not keep[index]:
            continue
        rank = _label_rank(segment)
        if not rank:
            pending.clear()
            continue
        # A label of the same or a higher level closes the sections still waiting.
        while pending and pending[-1][1] >= rank:
            keep[pending.pop()[0]] = False
        pending.append((index, rank))
    for index, _ in pending:
        keep[index] = False


def _label_rank(segment: Segment) -> int:
    """1-6 for h1-h6, 7 for a short "Label:" line, 0 for text."""
    if segment.kind == "heading":
        tag = segment.owner.tag
        return int(tag[1]) if isinstance(tag, str) and tag[1:].isdigit() else 6
    text = segment.text
    return 7 if len(text) <= 60 and text.endswith(":") and segment.kind != "caption" else 0


def _standfirst(segment: Segment, byline: Element | None) -> bool:
    """Above the body: headings and a standfirst, not bylines, dates or link rows."""
    if _link_dense(segment) or _is_byline(segment, byline) or is_date_line(segment.text):
        return False
    if _ui_line(segment.text):
        return False
    return segment.kind == "heading" or len(segment.text) >= 40


def _ui_line(text: str) -> bool:
    """A page's own call to action or widget label left inside the body: "Like us on
    Facebook", "Loading Photo Gallery", "To post a comment, log in...". No story says these."""
    return len(text) <= _UI_LINE and _UI.match(text) is not None


def _credit(segment: Segment, *, right_after_body: bool = False) -> bool:
    return looks_like_credit(segment.text, right_after_body=right_after_body) and not _link_dense(
        segment
    )


def _is_byline(segment: Segment, byline: Element | None) -> bool:
    """The byline's own line ("By <a>Jane Doe</a> | 3 May"), or a bare date line."""
    if byline is not None and len(segment.text) <= _BYLINE_LINE:
        element: Element | None = byline
        for _ in range(3):  # the byline element, or the short line around it
            if element is None:
                break
            if element is segment.owner:
                return True
            element = element.getparent()
        # a line inside the element named as the byline ("div.byline > p": By ... and ...)
        owner: Element | None = segment.owner
        for _ in range(2):
            owner = owner.getparent() if owner is not None else None
            if owner is byline:
                return True
    return is_date_line(segment.text)


def _in_chrome(walk: Walk, segment: Segment, chrome: frozenset[int] | set[int]) -> bool:
    number = segment.chrome
    while number >= 0:
        if number in chrome:
            return True
        number = walk.chrome_parent.get(number, -1)
    return False


def _label_in_picture(walk: Walk, segment: Segment) -> bool:
    """A label the page set inside a picture or player and named as chrome ("Video Ad
    Feedback", share buttons): not the caption. Its credit ("copyright") is."""
    if not segment.figure < segment.chrome:
        return False
    names = attrs_of(walk.elements[segment.chrome])
    return not (is_credit_name(names) or is_caption_name(names))


def _link_dense(segment: Segment) -> bool:
    return segment.link_chars >= _LINK_DENSE * len(segment.text) and segment.kind != "caption"
