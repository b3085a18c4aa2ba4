"""The byline and the dates a page shows, read before chrome is set aside.

A byline is found by markup (``rel="author"``, ``itemprop="author"``, a class or id naming
the byline or author) or by shape (a short line starting "By", "Posted by", "Von", "Por"),
preferring the candidate closest after the headline. Its text is cleaned of what pages glue to
it: dates and times, "Updated ...", reading time, share labels. Names are then split off
("By X and Y", "X | Staff Writer", "By X, New Delhi") for ``htmlmeta.author_from_name``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from provcheck.htmltree import Element, iter_elements, line_of, spaced_text_of, tag_of
from provcheck.locate import Locator
from provcheck.model import Position

_AUTHOR_NAME = re.compile(r"byline|by-line|author|writer|reporter|autor|auteur|journalist")
_NOT_BYLINE = re.compile(
    r"bio|avatar|image|img|photo|picture|thumb|box|about|social|follow|more|list|"
    r"recommend|related|comment|card|widget|tooltip|popup|modal|url|link-list"
)
_LABEL = re.compile(
    r"^(?:(?:posted|written|words|reported|text|story|published)\s+by|by|von|par|por|di|"
    r"door|av|autor(?:in)?|author|auteur|texto|text)\s*[:\s]\s*",
    re.IGNORECASE,
)
_MONTHS = (
    r"jan(?:uary|uar|vier|\.)?|feb(?:ruary|ruar|\.)?|mar(?:ch|\.)?|märz|apr(?:il|\.)?|may|mai|"
    r"jun(?:e|i|\.)?|jul(?:y|i|\.)?|aug(?:ust|\.)?|sep(?:t|tember|\.)?|oct(?:ober|\.)?|"
    r"okt(?:ober)?|nov(?:ember|\.)?|dec(?:ember|\.)?|dez(?:ember)?|enero|febrero|marzo|abril|"
    r"mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janvier|février|mars|"
    r"avril|juin|juillet|août|septembre|octobre|novembre|décembre"
)
# Where a glued-on date, time or status begins: cut the byline there.
_TAIL = re.compile(
    rf"(?:\b(?:updated|published|posted(?:\s+on)?|last\s+(?:updated|modified)|modified|"
    rf"aktualisiert|veröffentlicht|stand|publicado|actualizado|mis\s+à\s+jour|publié)\b|"
    rf"\b(?:{_MONTHS})\s+\d{{1,2}}\b|\b\d{{1,2}}\.?\s+(?:{_MONTHS})\b|"
    rf"\b\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}}\b|\b\d{{1,2}}:\d{{2}}\b|"
    rf"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*day\b|\b\d+\s+min(?:ute)?s?\s+read\b|"
    rf"\b\d+\s+(?:hours?|minutes?|days?)\s+ago\b|\bshare\b|\bfollow\b|\bemail\b)",
    re.IGNORECASE,
)
_SHAPE = re.compile(
    r"^(?:posted\s+by|written\s+by|by|von|por|par)\s+[A-ZÀ-ÞŁŚŻ][\w'’.-]+", re.IGNORECASE
)
_SEPARATORS = " \t|•·,;:-–—/"
_ROLE = re.compile(
    r"^(?:(?:senior|chief|special|staff|contributing|guest|deputy|political|legal|"
    r"business|science|health|foreign|sports?|associate|executive|managing|national|"
    r"principal|assistant|technology|tech|news|our)\s+)*(?:writer|reporter|correspondent|"
    r"editor|columnist|contributor|journalist|analyst|producer|critic|author)s?$",
    re.IGNORECASE,
)
_LIST = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\by\b|\bet\b)\s*", re.IGNORECASE)
_MAX_CANDIDATES = 60
_SHAPED = frozenset(("p", "div", "span", "address", "li"))
_SHAPE_STARTS = frozenset(("by", "po", "wr", "vo", "pa"))


@dataclass(frozen=True, slots=True)
class Byline:
    """The byline as the page shows it (dates cut off), where it is, and the names in it."""

    text: str = ""
    position: Position = field(default_factory=Position)
    names: tuple[str, ...] = ()


def clean_byline(text: str) -> str:
    """The byline with glued-on dates, times and labels cut off: "By A and B"."""
    text = " ".join(text.split())
    label = _LABEL.match(text)
    start = label.end() if label else 0
    tail = _TAIL.search(text, start + 2)
    if tail:
        text = text[: tail.start()]
    return text.strip(_SEPARATORS + "(")


def byline_names(text: str) -> tuple[str, ...]:
    """The names a cleaned byline gives: "By A, B and C" -> (A, B, C); "A | Staff Writer" -> A."""
    text = _LABEL.sub("", text).strip(_SEPARATORS)
    head = re.split(r"\s[|•·/]\s|\s[-–—]\s", text)[0]
    if re.search(r"\b(?:and|und|et|y)\b|&", head, re.IGNORECASE):
        parts = _LIST.split(head)
    else:
        parts = [head.split(",")[0]]  # "By A, New Delhi": after the comma comes a place/role
    names = [p.strip(_SEPARATORS) for p in parts]
    return tuple(n for n in names if n and not _ROLE.match(n) and any(c.isalpha() for c in n))


def find_byline(root: Element, locator: Locator) -> Byline:
    """The page's byline (see the module docstring), or an empty ``Byline``."""
    heading = root.find(".//h1")
    heading_line = line_of(heading) if heading is not None else 0
    candidates: list[tuple[int, Element, str]] = []
    for element in iter_elements(root):
        text = _candidate_text(element)
        if text:
            candidates.append((line_of(element), element, text))
            if len(candidates) >= _MAX_CANDIDATES:
                break
    if not candidates:
        return Byline()
    after = [c for c in candidates if c[0] >= heading_line] if heading_line else []
    line, element, text = (after or candidates)[0]
    position, _ = locator.locate(text, line)
    return Byline(text, position, byline_names(text))


def _candidate_text(element: Element) -> str:
    tag = tag_of(element)
    if tag in ("script", "style", "head", "title", "meta", "link", "img", "noscript"):
        return ""
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    marked = (
        element.get("rel") == "author"
        or (element.get("itemprop") or "").lower() == "author"
        or (_AUTHOR_NAME.search(names) is not None and not _NOT_BYLINE.search(names))
    )
    if marked:
        raw = spaced_text_of(element)
        if not 2 < len(raw) <= 160:
            return ""
        text = clean_byline(raw)
        return text if 2 < len(text) <= 100 and any(c.isalpha() for c in text) else ""
    if tag in _SHAPED and len(element) <= 4 and _starts_like_byline(element):
        raw = spaced_text_of(element)
        if len(raw) <= 100 and _SHAPE.match(raw):
            return clean_byline(raw)
    return ""


def _starts_like_byline(element: Element) -> bool:
    # A cheap look at the first words before reading the whole element's text.
    first = (element.text or "").lstrip()
    if not first and len(element):
        first = (element[0].text or "").lstrip()
    return first[:2].lower() in _SHAPE_STARTS


def find_time(root: Element, kind: str) -> str:
    """A date the page shows in its markup: ``kind`` is "published" or "modified"."""
    wanted = "datepublished" if kind == "published" else "datemodified"
    fallback = ""
    for element in root.iter("time", "span", "div", "p", "abbr"):
        prop = (element.get("itemprop") or "").lower()
        value = element.get("datetime") or element.get("content") or ""
        if prop == wanted:
            return value or spaced_text_of(element)
        if kind == "published" and not fallback and element.tag == "time" and value:
            names = f"{element.get('class') or ''} {element.get('pubdate') or ''}".lower()
            if "updat" not in names and "modif" not in names:
                fallback = value
    return fallback
