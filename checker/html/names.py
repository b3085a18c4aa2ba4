"""Bylines as text, and the names in them: what pages glue on, and who is a person.

Bylines arrive dirty: "Features By Jane Doe", "By Jane Doe @janedoe", "Posted by Jane Doe on
March 3, 2021 at 10:02", "Jane Doe | Staff Writer", "By Jane Doe and John Roe for The Daily
Ledger", "By Jane Doe, New Delhi". ``clean_byline`` keeps the byline as a reader would quote
it; ``byline_names`` takes the names out of it; ``is_person_name`` decides person versus desk
or organisation ("Web Desk", "Express News Service", "HT Correspondent", agencies).
"""

from __future__ import annotations

import html
import re
from functools import cache

from provcheck.model import Author
from provcheck.rulepacks.files import lexicon

_LABEL = re.compile(
    r"^(?:(?:posted|written|words|reported|text|story|published|edited|compiled|article|"
    r"photos?|reporting)\s+by|(?:veröffentlicht|geschrieben)\s+von|(?:publié|écrit)\s+par|"
    r"(?:publicado|escrito)\s+por|by|von|par|por|di|door|av|autor(?:in)?|author|auteur|texto|"
    r"text)\s*(?:[:\s]\s*|$)",
    re.IGNORECASE,
)
# "Features By Jane Doe", "Revised edition edited by Jane Doe": the byline starts at "By".
_INNER_LABEL = re.compile(r"\b(?i:(?:posted|written|edited)\s+)?(?i:by)\s+(?=[A-ZÀ-ÞŁŚŻ])")
_MONTHS = (
    r"jan(?:uary|uar|vier|\.)?|feb(?:ruary|ruar|\.)?|mar(?:ch|\.)?|märz|apr(?:il|\.)?|may|mai|"
    r"jun(?:e|i|\.)?|jul(?:y|i|\.)?|aug(?:ust|\.)?|sep(?:t|tember|\.)?|oct(?:ober|\.)?|"
    r"okt(?:ober)?|nov(?:ember|\.)?|dec(?:ember|\.)?|dez(?:ember)?|enero|febrero|marzo|abril|"
    r"mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janvier|février|mars|"
    r"avril|juin|juillet|août|septembre|octobre|novembre|décembre"
)
# Where a glued-on date, time, handle or link label begins: the byline ends there.
_TAIL = re.compile(
    rf"\b(?:updated|published|posted(?:\s+on)?|last\s+(?:updated|modified)|modified|"
    rf"aktualisiert|veröffentlicht|publicado|actualizado|mis\s+à\s+jour|publié|"
    rf"filed\s+under|search\s+for|view\s+(?:all|more|profile|posts|author)|more\s+(?:by|from|"
    rf"articles|stories)|see\s+all|read\s+more|share|follow|e-?mail|contact|"
    rf"leave\s+a\s+comment|author\s+archive|all\s+(?:posts|articles|stories)|"
    rf"alle\s+(?:beiträge|artikel))\b|"
    rf"\b(?:{_MONTHS})\s+\d{{1,2}}\b|\b\d|[\w.+-]*@|\[email|"
    # a date glued to the name with no space: "Jane DoeMarch 3, 2024"
    rf"(?<=[a-z])(?-i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d",
    re.IGNORECASE,
)
_LINK_LABEL = re.compile(
    r"(?i:view|more|see|read|share|follow|e-?mail|contact|leave|author|all|alle)\b"
)
_SEPARATORS = " \t|•·,;:-–—/+([{"
_TRAILING_WORDS = frozenset((
    "on", "at", "in", "by", "and", "from", "the", "am", "um", "le", "el", "posted",
    "published", "updated", "written",
))  # fmt: skip
ROLE = re.compile(
    r"^(?:(?:senior|chief|special|staff|contributing|guest|deputy|political|legal|"
    r"business|science|health|foreign|sports?|associate|executive|managing|national|"
    r"principal|assistant|technology|tech|news|our|education|political|city|features?)\s+)*"
    r"(?:writer|reporter|correspondent|editor|columnist|contributor|journalist|analyst|"
    r"producer|critic|author|commentator|blogger)s?$",
    re.IGNORECASE,
)
_LIST = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\by\b|\bet\b)\s*", re.IGNORECASE)
_HAS_LIST = re.compile(r"\b(?:and|und|et|y)\b|&|;", re.IGNORECASE)
_SECTION_BREAK = re.compile(r"\s[|•·/]\s|\s[-–—]\s")
_AFFILIATION = re.compile(r"\s+(?:for|at|from)\s+", re.IGNORECASE)
# An outlet glued to the name with no comma: "Jane Doe The Daily Ledger", "Jane Doe ledger.com".
_OUTLET = re.compile(r"\s+(?:The\s+(?=[A-Z])|[\w-]+\.(?:com|net|org|co\.uk|ca|in|au|us)\b)")
_PARENTHESIS = re.compile(r"\s*\([^)]*\)")
_NOT_NAMES = frozenset(("author", "unknown", "anonymous", "none", "null", "n/a", "admin"))
# Degrees and suffixes that follow a name after a comma: not names of their own.
_DEGREES = frozenset(("phd", "md", "mph", "rn", "msc", "ma", "ms", "mba", "dds", "jd", "esq"))
_LEADING_DATE = re.compile(
    rf"^(?:(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\.?\s+"
    rf"(?:{_MONTHS})\.?\s+\d{{4}}|\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{1,4}})\s*[|•·,-]?\s*",
    re.IGNORECASE,
)
_LOWER_WORD = re.compile(r"^[a-zà-ÿ][a-zà-ÿ'’-]+$")
# Words of link labels and UI text that a lower-case "name" made of them is not a name.
_NOT_NAME_WORDS = frozenset((
    "the", "a", "an", "of", "to", "for", "and", "or", "in", "on", "at", "by", "with", "from",
    "our", "your", "my", "his", "her", "their", "us", "me", "you", "we", "it", "this", "that",
    "all", "more", "read", "view", "see", "share", "follow", "email", "mail", "contact",
    "about", "posts", "articles", "stories", "comments", "comment", "subscribe", "sign", "log",
    "login", "search", "menu", "home", "next", "previous", "back", "top", "page", "here",
    "click", "print", "save", "like", "reply", "other", "related", "latest", "popular",
))  # fmt: skip
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÞĀ-ſ][\w'’.-]*|[a-zà-ÿ][\w'’-]*|[A-Z]\.)$")


def clean_byline(text: str) -> str:
    """The byline as a reader would quote it, with what pages glue to it cut off ("" if no
    name is left): "Features By Jane Doe | May 3, 10:02 @jdoe" -> "By Jane Doe"."""
    text = " ".join(html.unescape(text).split())
    text = _LEADING_DATE.sub("", text)  # "June 5, 2019 by Jane Doe"
    inner = _INNER_LABEL.search(text, 1, 60)
    if inner and not _LABEL.match(text):
        text = text[inner.start() :]
    label = _LABEL.match(text)
    start = label.end() if label else 0
    tail = _TAIL.search(text, start)
    if tail and tail.start() == start and _LINK_LABEL.match(tail.group()):
        return ""  # a link's label, not a byline: "Email the author", "All posts"
    tail = tail if tail and tail.start() > start else _TAIL.search(text, start + 1)
    name = text[start : tail.start() if tail else len(text)].split()
    while name and name[-1].lower().strip(_SEPARATORS + ".") in _TRAILING_WORDS | {""}:
        name.pop()  # "Posted by Jane Doe on", "By Jane Doe at"
    if not any(c.isalpha() for c in " ".join(name)):
        return ""  # a label alone: "Published by", "Posted on"
    return f"{text[:start]}{' '.join(name)}".strip(_SEPARATORS)


def has_label(text: str) -> bool:
    """The text opens with a byline label: "By", "Posted by", "Von", "Author:"."""
    return _LABEL.match(text) is not None


def byline_names(text: str) -> tuple[str, ...]:
    """The names a cleaned byline gives: "By A, B and C" -> (A, B, C); "A | Staff Writer" ->
    (A,); "By A, New Delhi" -> (A,); a byline of roles only ("By Staff Writer") -> the role,
    which ``is_person_name`` then calls a desk."""
    text = _PARENTHESIS.sub("", _LABEL.sub("", text)).strip(_SEPARATORS)
    head = _SECTION_BREAK.split(text)[0]
    # "By A, New Delhi": after a lone comma comes a place, a role or an outlet, not a name.
    parts = _LIST.split(head) if _HAS_LIST.search(head) else [head.split(",")[0]]
    names = [_OUTLET.split(_AFFILIATION.split(p)[0])[0].strip(_SEPARATORS) for p in parts]
    names = [n for n in names if any(c.isalpha() for c in n) and n.lower() not in _DEGREES]
    people = [n for n in names if not ROLE.match(n)]
    return tuple(people or names[:1])


def author_names(value: str) -> list[str]:
    """Names in a metadata author string: split a list only when every part is a person
    ("Jane Doe and John Roe"), so "Jobs & Hire" or "Smith, Jones & Co" stay whole."""
    value = " ".join(html.unescape(value).split())
    value = _LABEL.sub("", value).strip(_SEPARATORS)
    if not any(c.isalpha() for c in value) or set(value.lower().split()) & _NOT_NAMES:
        return []
    parts = [p.strip(_SEPARATORS) for p in re.split(r"\s*(?:,|;|&|\band\b|\|)\s*", value)]
    parts = [p for p in parts if p and p.lower().strip(".") not in _DEGREES]
    if len(parts) == 1:
        return parts  # "Jane Doe, PhD"
    if len(parts) > 1 and (all(is_person_name(p) for p in parts) or is_person_name(parts[0])):
        # "Jane Doe and John Roe"; "Jane Doe, CNN" (a person and an outlet)
        return parts
    return [value]


def author_from_name(name: str, origin: str) -> Author:
    """An ``Author``, a person or a desk/team/organisation, from a name as a page gives it."""
    name = _LABEL.sub("", " ".join(html.unescape(name).split())).strip(_SEPARATORS)
    return Author(name, "person" if is_person_name(name) else "organisation", origin)


@cache
def _organisation_words() -> frozenset[str]:
    words = lexicon("transparency").get("organisation_words", [])
    return frozenset(str(w).lower() for w in words)


@cache
def _agency_names() -> frozenset[str]:
    """Agency names and acronyms from rules/agency.toml ("Agence France-Presse", "AFP")."""
    names: set[str] = set()
    for agency in lexicon("agency").get("agency", []):
        if isinstance(agency, dict):
            for key in ("names", "acronyms"):
                names.update(str(n).lower() for n in agency.get(key, []))
    return frozenset(names)


def is_person_name(name: str) -> bool:
    """A person's name: 2-5 words, the first capitalised, no digits, and no word that names
    a desk, service or organisation ("Web Desk", "Express News Service", "Reuters Staff")."""
    words = name.replace(",", " ").split()
    if not 2 <= len(words) <= 5 or words[0].lower() == "the" or ROLE.match(name):
        return False  # "Political Commentator" is a role, not a name
    if " ".join(words).lower() in _agency_names():
        return False
    parts = {p.lower().strip(".") for w in words for p in w.split("-")}
    if parts & _organisation_words() or parts & _NOT_NAMES:
        return False
    if name.islower():
        # Shown in lower case by the site's style ("by priya raman"): a name still, unless a
        # word is one that names are not made of ("read more", "email us", "about this").
        return (
            len(words) <= 4
            and not parts & _NOT_NAME_WORDS
            and all(_LOWER_WORD.match(w) for w in words)
        )
    if not words[0][0].isupper():
        return False
    return all(_NAME_WORD.match(w) for w in words)


# A closing credit that names the reporter: "-- By Jane Doe", "(Reporting by Jane Doe in
# Oslo; Editing by John Roe)", "Written by Jane Doe", and with a colon in German and Spanish
# ("Von: Jana Roth", "Autorin: Jana Roth", "Por: Ana Lima"). Editing, photo and graphics
# credits name no author.
_TRAILER_CREDIT = re.compile(
    r"^[\s(\[\-–—]*(?:(?:(?:additional\s+)?reporting|written|story|text|words)?\s*by:?\s+|"
    r"(?:von|autor(?:in)?|por):\s*)(?P<names>[^;()\[\]]{3,120})",
    re.IGNORECASE,
)
_TRAILER_END = re.compile(r"\s+(?:in|from)\s+[A-Z]|\s+(?i:editing|writing|follow)\b|[.@]\s|$")


# A letter's signature on its own line: a person's name, a comma and a place ("Kim Ray, Dallas").
_SIGNATURE = re.compile(
    r"^(?P<name>[A-ZÀ-Þ][\w'’.-]+(?: [A-ZÀ-Þ][\w'’.-]+){1,3}),\s+[A-ZÀ-Þ][\w'’.-]+"
    r"(?: [A-ZÀ-Þ][\w'’.-]+){0,2}\.?$"
)


def trailer_names(text: str) -> tuple[str, ...]:
    """The people a short closing credit line names as the article's reporters ("" if it
    is not such a line): "-- By Jane Doe" -> ("Jane Doe",); a letter's signature "Kim Ray,
    Dallas" -> ("Kim Ray",)."""
    if len(text) > 240:
        return ()
    signature = _SIGNATURE.match(text) if len(text) <= 60 else None
    if signature:
        name = signature["name"]
        words = {w.lower() for w in text.replace(",", " ").split()}
        return (name,) if is_person_name(name) and not words & _NOT_NAME_WORDS else ()
    match = _TRAILER_CREDIT.match(text)
    if match is None:
        return ()
    names = match["names"]
    names = names[: _TRAILER_END.search(names).start()]  # type: ignore[union-attr]
    return tuple(n for n in byline_names(clean_byline(names)) if is_person_name(n))


# A round-up's section signed by its contributor: "Jane Doe (Acme Corp.): My pick is ...".
_SECTION_SIGNED = re.compile(
    r"^(?P<name>[A-ZÀ-Þ][\w'’.-]+(?: [A-ZÀ-Þ][\w'’.-]+){1,3}) \([^()]{2,40}\): \S"
)


def section_names(paragraphs: list[str]) -> tuple[str, ...]:
    """Contributors of a round-up whose sections each open with the writer's name and their
    subject in brackets: two or more different people, or () ("Jane Doe: ..." alone is how
    transcripts give a speaker, so the bracket is required)."""
    names: list[str] = []
    for text in paragraphs:
        match = _SECTION_SIGNED.match(text)
        if match and is_person_name(match["name"]) and match["name"] not in names:
            names.append(match["name"])
    return tuple(names) if len(names) >= 2 else ()
