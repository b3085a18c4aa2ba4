"""The byline a page shows, read before chrome is set aside (its dates are ``dates``'s).

A byline is found by markup (``rel="author"``, ``itemprop="author"``, a class or id naming
the byline or author) or by shape (a short line starting "By", "Posted by", "Von", "Por" and a
capitalised name), preferring the candidate closest after the headline. ``names`` cleans its
text (dates, handles, "Updated ...") and takes the names out of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from provcheck.html.locate import Locator
from provcheck.html.main import Selection
from provcheck.html.names import ROLE, byline_names, clean_byline, has_label, is_person_name
from provcheck.html.records import Walk
from provcheck.html.tree import Element, line_of, spaced_text_of, tag_of
from provcheck.model import Position

_AUTHOR_NAME = re.compile(r"byline|by-line|author|writer|reporter|autor|auteur|journalist")
_NOT_BYLINE = re.compile(
    r"bio|avatar|image|img|photo|picture|thumb|box|about|social|follow|more|list|e-?mail|"
    r"contact|rss|archive|recommend|related|comment|(?<!v)card|widget|tooltip|popup|modal|url|"
    r"link-list"
)
_SHAPE = re.compile(r"^(?i:posted\s+by|written\s+by|by|von|por|par)\s+[A-ZÀ-ÞŁŚŻ][\w'’.-]+")
_MAX_CANDIDATES = 60
_SHAPED = frozenset(("p", "div", "span", "address", "li"))
_MAY_HOLD_AUTHOR = _SHAPED | {"a", "section", "header", "strong", "b", "em", "i", "small"}
_STARTS = ("by ", "posted by", "written by", "von ", "por ", "par ")
_PHOTO_LABEL = re.compile(r"^\W*(?i:photos?|pictures?|images?)\s*(?i:by)?\s*:?\s")


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


def find_byline(
    candidates: list[Element],
    heading_line: int,
    locator: Locator,
    in_chrome: Sequence[bool] = (),
) -> Byline:
    """The byline among the walk's candidates (see the module docstring), or ``Byline()``.

    ``in_chrome`` says, candidate by candidate, whether it sits in page chrome (a related-story
    box, a menu, a comment thread). The byline is the first candidate after the headline; when
    it names no person ("By: Wire Service"), a later one outside chrome that says it is a
    byline and names a person wins: "By Jane Doe" at the top of the body under a desk byline
    still names who wrote it.
    """
    found: list[tuple[int, Element, str, bool]] = []
    for index, element in enumerate(candidates[:_MAX_CANDIDATES]):
        text = _candidate_text(element)
        if text:
            chrome = index < len(in_chrome) and in_chrome[index]
            found.append((line_of(element), element, text, chrome))
    if not found:
        return Byline()
    after = [c for c in found if c[0] >= heading_line] if heading_line else []
    line, element, text, _ = (after or found)[0]
    names = byline_names(text)
    if not any(is_person_name(n) for n in names):
        clean = [c for c in (after or found) if not c[3]]
        person = next((c for c in clean if _names_a_person(c[1], c[2])), None)
        if person is not None:
            line, element, text, _ = person
            names = byline_names(text)
    position, _ = locator.locate(text, line, locator.body_start)
    return Byline(text, position, names, element)


def _names_a_person(element: Element, text: str) -> bool:
    """A later candidate that may stand in for a byline naming no person: it must say it is a
    byline ("By Jane Doe", ``rel="author"``), not merely hold two capitalised words ("About
    Us" in an author box)."""
    said = (
        has_label(text)
        or element.get("rel") == "author"
        or (element.get("itemprop") or "").lower() == "author"
    )
    return said and any(is_person_name(n) for n in byline_names(text))


def chrome_flags(walk: Walk, selection: Selection) -> list[bool]:
    """For each byline candidate of ``walk``: does it sit in chrome that counts (chrome that
    holds the article's main text is overruled, as ``keep`` does)?"""
    valid = selection.chrome
    main = selection.main
    flags: list[bool] = []
    for number in walk.byline_chrome[:_MAX_CANDIDATES]:  # find_byline reads no more
        chrome = False
        while number >= 0 and not chrome:
            if number in valid and not any(number <= m < walk.end[number] for m in main):
                chrome = True
            number = walk.chrome_parent.get(number, -1)
        flags.append(chrome)
    return flags


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
        if not 2 < len(raw) <= 160 or _PHOTO_LABEL.match(raw):
            return ""
        text = clean_byline(raw)
        if ROLE.match(text):
            text = _name_before(element, text)  # "<div>Jane Doe</div><div>Sports Editor</div>"
        return text if 2 < len(text) <= 100 and any(c.isalpha() for c in text) else ""
    if tag in _SHAPED and len(element) <= 4:
        raw = spaced_text_of(element)
        if len(raw) <= 100 and _SHAPE.match(raw):
            return clean_byline(raw)
    return ""


def _name_before(element: Element, role: str) -> str:
    """A role shown alone ("Sports Editor") under the name it belongs to, in the element just
    before it: "Jane Doe, Sports Editor". The role alone when no person's name is there."""
    previous = element.getprevious()
    if previous is not None and isinstance(previous.tag, str):
        name = spaced_text_of(previous)
        if len(name) <= 60 and is_person_name(name):
            return f"{name}, {role}"
    return role
