"""The article's dates as the page shows them, when its metadata gives none.

In order: elements marked as the publication date (``itemprop`` or RDFa ``property``
``datePublished``/``dateCreated``), the first ``<time>`` or date-named element that is not
only an update (``class="date updated published"`` is a publication date that was also
updated), a short line that labels a date as published ("Published: 3 May 2024", "Publié le
2022-04-26", "Posted: Thursday, October 17, 2013"), and last htmldate's heuristics, imported
only for the pages where none of this found anything (about one page in five on the corpus).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from lxml import etree

from provcheck.html.tree import Element, attrs_of, spaced_text_of

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_PUBLISHED_PROPS = frozenset((
    "datepublished", "datecreated", "schema:datepublished", "schema:datecreated", "dc:date",
    "dc:created", "dcterms:created", "dcterms:issued",
))  # fmt: skip
_MODIFIED_PROPS = frozenset(("datemodified", "schema:datemodified", "dcterms:modified"))
_MONTH = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|märz|mai|juni|juli|"
    r"okt|dez|janv|févr|mars|avr|juin|juil|août|sept|déc|ene|abr|ago|dic|gen|mag|giu|lug|"
    r"set|ott)[a-zéû]*\.?"
)
_DATE = (
    rf"(?:\d{{4}}-\d\d-\d\d|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}|"
    rf"(?:\w+,?\s+)?{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
    rf"(?:\w+,?\s+)?\d{{1,2}}(?:st|nd|rd|th|\.)?\s+(?:de\s+)?{_MONTH}\s+(?:de\s+)?\d{{4}})"
)
# "Published: 3 May 2024", "Posted on March 3, 2024", "Publié le 2022-04-26",
# "Veröffentlicht am 3. Mai 2024", "Publicado el 3 de mayo de 2024", "Pubblicato il ...".
_LABELLED = re.compile(
    rf"(?i:\b(?:published|posted|first\s+published|publié|mis\s+en\s+ligne|veröffentlicht|"
    rf"erschienen|publicado|pubblicato|gepubliceerd)(?:\s+(?:on|le|am|el|il|op))?\s*:?\s*"
    rf"(?P<date>{_DATE}))"
)
# A line near the top that is a date and little else ("12.03.2021", "March 3, 2024 at 9:15",
# "Pressemitteilung vom 12.03.2021", "Agency name • 02.02.2022", "14.06.2019 (ab)"), or a
# dateline opening the story ("12.03.2021 | Paris - ...").
_TIME = r"(?:\s*(?:,|um|at|à|a las|-|–|\|)?\s*\d{1,2}[:.h]\d\d(?:\s*(?i:uhr|am|pm|h))?)?"
_ALONE = re.compile(
    rf"(?i:\s*(?:[^\d\s]+\s+){{0,4}}?(?P<date>{_DATE}){_TIME}(?:\s*\([^()\d]{{1,20}}\))?\s*)"
)
_DATELINE = re.compile(rf"(?i:\s*(?P<date>{_DATE}){_TIME}\s*[-–—:|]\s+\S)")
_TOP_LINES = 8
# "Updated 11 February 2026" shows when the story changed, not when it was published.
_UPDATED = re.compile(r"(?i:updat|modif|aktualisiert|geändert|mis à jour|actualiza|aggiornat)")
_UPDATE = ("updat", "modif")


def find_time(candidates: Sequence[tuple[Element, bool]], kind: str) -> str:
    """A date the page shows in its markup: ``kind`` is "published" or "modified".

    ``candidates`` are the elements the page walk noted as possibly dated (``<time>``, an
    ``itemprop`` or ``property``, a class or id naming a date), each with whether it lies in
    the article's scope; those in scope are tried first (the page header may show today's
    date). First elements marked as the date (``itemprop``/RDFa ``datePublished``,
    ``dateCreated``; ``dateModified``), then, for the published date, the first ``<time>``
    and then the first element named for a date that is not only an update. Only values
    with a year count.
    """
    ordered = [e for e, inside in candidates if inside] + [e for e, inside in candidates]
    props = _PUBLISHED_PROPS if kind == "published" else _MODIFIED_PROPS
    for element in ordered:
        marked = (element.get("itemprop") or element.get("property") or "").lower()
        if marked in props:
            value = element.get("datetime") or element.get("content") or spaced_text_of(element)
            if _YEAR.search(value):
                return value
    if kind != "published":
        return ""
    times = [e for e in ordered if e.tag == "time"]
    named = [e for e in ordered if e.tag != "time" and _names_a_date(e)]
    for element in times + named:
        if len(element) > 3:
            continue  # a container named for a date ("date-outer"), not the date
        value = element.get("datetime") or element.get("content") or spaced_text_of(element)
        if len(value) > 80 or not _YEAR.search(value):
            continue
        names = attrs_of(element)
        if "publish" in names or not any(word in names for word in _UPDATE):
            return value
    return ""


def _names_a_date(element: Element) -> bool:
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return "date" in names or "publish" in names or "time" in names.split()


def labelled_date(lines: Iterable[str]) -> str:
    """The first short line that labels a date as the publication date ("" if none)."""
    for line in lines:
        if len(line) <= 120 and any(c.isdigit() for c in line):
            match = _LABELLED.search(line)
            if match and _YEAR.search(match["date"]):
                return match["date"]
    return ""


def top_date(lines: Iterable[str]) -> str:
    """A date standing alone on one of the article's first lines, or opening it as a dateline
    ("" if none). Pages in many languages show the date so, under the headline, with no
    label or markup; a reader takes it for the publication date, and so do we."""
    for count, line in enumerate(lines):
        if count >= _TOP_LINES:
            break
        if len(line) > 400 or not any(c.isdigit() for c in line[:80]):
            continue
        match = _ALONE.fullmatch(line) if len(line) <= 60 else None
        match = match or _DATELINE.match(line[:80])
        if match and _YEAR.search(match["date"]) and not _UPDATED.search(line[: match.end()]):
            return match["date"]
    return ""


def guessed_date(text: str) -> str:
    """htmldate's best guess at the publication date, or "". Its dates from the URL are not
    used: a path such as /2014/12/ says when a page was filed, and a reader never sees it.

    htmldate (and dateparser under it) costs ~0.3 s to import, so it is imported here, for the
    pages whose markup and metadata gave no date, never at start-up.
    """
    from htmldate import find_date
    from lxml import html

    try:
        # A tree, not the text: htmldate fetches a str that looks like a URL.
        tree = html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return ""
    # fast mode (extensive_search=False): the slow free-text search guesses from any date on
    # the page (copyright years, dates in the story), which is worse than saying "no date".
    found = find_date(tree, extensive_search=False, original_date=True, url="")
    return found or ""
