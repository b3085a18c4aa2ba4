"""The byline and the dates a page shows, read before chrome is set aside.

A byline is found by markup (``rel="author"``, ``itemprop="author"``, a class or id naming
the byline or author) or by shape (a short line starting "By", "Posted by", "Von", "Por" and a
capitalised name), preferring the candidate closest after the headline. ``names`` cleans its
text (dates, handles, "Updated ...") and takes the names out of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import cast

from lxml import etree

from provcheck.html.locate import Locator
from provcheck.html.names import byline_names, clean_byline
from provcheck.html.tree import Element, line_of, spaced_text_of, tag_of
from provcheck.model import Position

_AUTHOR_NAME = re.compile(r"byline|by-line|author|writer|reporter|autor|auteur|journalist")
_NOT_BYLINE = re.compile(
    r"bio|avatar|image|img|photo|picture|thumb|box|about|social|follow|more|list|"
    r"recommend|related|comment|card|widget|tooltip|popup|modal|url|link-list"
)
_SHAPE = re.compile(r"^(?i:posted\s+by|written\s+by|by|von|por|par)\s+[A-ZÀ-ÞŁŚŻ][\w'’.-]+")
_MAX_CANDIDATES = 60
_SHAPED = frozenset(("p", "div", "span", "address", "li"))
_MAY_HOLD_AUTHOR = _SHAPED | {"a", "section", "header", "strong", "b", "em", "i", "small"}
_STARTS = ("by ", "posted by", "written by", "von ", "por ", "par ")


@dataclass(frozen=True, slots=True)
class Byline:
    """The byline as the page shows it (dates cut off), where it is, and the names in it."""

    text: str = ""
    position: Position = field(default_factory=Position)
    names: tuple[str, ...] = ()
    element: Element | None = None  # the element the byline was read from


def is_byline_candidate(element: Element, tag: str, named: bool, attrs: dict[str, str]) -> bool:
    """Worth a closer look as a byline: marked as one, or a short line starting "By".

    Called by the page walk for every element with its attributes (``named``: its class or id
    names a byline), so it looks only at what is cheap.
    """
    if named:
        return True
    if tag not in _MAY_HOLD_AUTHOR:
        return False
    if attrs and (attrs.get("rel") == "author" or attrs.get("itemprop") == "author"):
        return True
    if tag not in _SHAPED:
        return False
    first = element.text
    if not first or first.isspace():
        if not len(element):
            return False
        first = element[0].text  # "<p><strong>By</strong> Jane Doe</p>"
    return first is not None and first.lstrip()[:10].lower().startswith(_STARTS)


@lru_cache(maxsize=8192)
def is_byline_name(names: str) -> bool:
    """A lower-case class/id string naming a byline or author (not a bio box or avatar)."""
    return _AUTHOR_NAME.search(names) is not None and _NOT_BYLINE.search(names) is None


def find_byline(candidates: list[Element], heading_line: int, locator: Locator) -> Byline:
    """The byline among the walk's candidates (see the module docstring), or ``Byline()``."""
    found: list[tuple[int, Element, str]] = []
    for element in candidates[:_MAX_CANDIDATES]:
        text = _candidate_text(element)
        if text:
            found.append((line_of(element), element, text))
    if not found:
        return Byline()
    after = [c for c in found if c[0] >= heading_line] if heading_line else []
    line, element, text = (after or found)[0]
    position, _ = locator.locate(text, line, locator.body_start)
    return Byline(text, position, byline_names(text), element)


def _candidate_text(element: Element) -> str:
    tag = tag_of(element)
    if tag in ("script", "style", "head", "title", "meta", "link", "img", "noscript"):
        return ""
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    marked = (
        element.get("rel") == "author"
        or (element.get("itemprop") or "").lower() == "author"
        or is_byline_name(names)
    )
    if marked:
        raw = spaced_text_of(element)
        if not 2 < len(raw) <= 160:
            return ""
        text = clean_byline(raw)
        return text if 2 < len(text) <= 100 and any(c.isalpha() for c in text) else ""
    if tag in _SHAPED and len(element) <= 4:
        raw = spaced_text_of(element)
        if len(raw) <= 100 and _SHAPE.match(raw):
            return clean_byline(raw)
    return ""


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_DATED = {
    "published": etree.XPath(".//*[@itemprop='datePublished']"),
    "modified": etree.XPath(".//*[@itemprop='dateModified']"),
}
_TIMES = etree.XPath(".//time")
# Dates shown as plain text in an element named for them: Blogger's "date-header".
_DATE_NAMED = etree.XPath(".//*[contains(@class, 'date') or contains(@class, 'publish')]")


def find_time(places: list[Element], kind: str) -> str:
    """A date the page shows in its markup: ``kind`` is "published" or "modified".

    ``places`` are searched in order (the article's scope before the whole page, whose header
    may show today's date): first elements marked ``itemprop="datePublished"`` (or
    ``dateModified``), then, for the published date, the first ``<time>`` not marked as an
    update. Only values with a year count.
    """
    for place in places:
        for element in cast("list[Element]", _DATED[kind](place)):
            value = element.get("datetime") or element.get("content") or spaced_text_of(element)
            if _YEAR.search(value):
                return value
    if kind != "published":
        return ""
    for query in (_TIMES, _DATE_NAMED):
        for place in places:
            for element in cast("list[Element]", query(place)):
                if len(element) > 3:
                    continue  # a container named for a date ("date-outer"), not the date
                value = element.get("datetime") or spaced_text_of(element)
                if len(value) > 80:
                    continue
                names = f"{element.get('class') or ''} {element.get('itemprop') or ''}".lower()
                if _YEAR.search(value) and "updat" not in names and "modif" not in names:
                    return value
    return ""
