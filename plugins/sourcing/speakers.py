"""Grading a speaker phrase, for the attribution engine (plugins/sourcing/attribution.py).

A phrase is split into its head ("a spokesperson", "Analysts", "Health Minister Anita Rao")
and its tail ("for the ministry", "at Nomura", "published in The Lancet"). The grade comes
from, in order: anonymity markers; capitals standing for governments; proper names in the
head; the head noun's lexicon (role, institution, document, vague); a name in a tail that
ties the speaker to an institution. The lexicons are in rules/sourcing.toml.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass

from provcheck import lexicon

TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_](?:[\w&'’-]*[^\W_])?")
_PARTICIPLE = re.compile(r"[a-z]+ed$")
_CONTRACTION = re.compile(r"['’](?:m|ll|t|re|ve|d)$", re.IGNORECASE)
_NATIONALITY = re.compile(r"(?:an|ese|ish|i|ch)$")
_DEFINITE = frozenset(("the", "our", "these", "those", "his", "her", "their", "its", "this"))
_TABLES = (
    "noun_like_verbs",
    "inverted_verbs",
    "between_words",
    "negators",
    "role_nouns",
    "organisation_nouns",
    "document_nouns",
    "vague_nouns",
    "organisation_words",
    "modifier_words",
    "determiners",
    "indefinite",
    "stop_words",
    "affiliation_words",
    "naming_affiliations",
    "pronouns",
    "reporting_verbs",
    "months",
    "time_words",
    "passive_before_of",
    "passive_before_to",
    "non_person_roles",
    "collective_nouns",
    "faceless_crowds",
    "crowd_roles",
    "non_assertive_verbs",
    "unverified_media",
    "participle_no_comma",
)


_WORDS = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True, slots=True)
class Phrases:
    """Words and multi-word phrases, found by set look-ups on a sentence's words (C-speed)
    and then located by small per-word patterns: far faster than one large alternation."""

    single: frozenset[str]
    multi: dict[str, tuple[re.Pattern[str], ...]]
    any_case: bool

    @classmethod
    def build(cls, items: list[str], any_case: bool) -> Phrases:
        single = frozenset(i.lower() if any_case else i for i in items if " " not in i)
        multi: dict[str, list[re.Pattern[str]]] = {}
        flags = re.IGNORECASE if any_case else 0
        for item in sorted((i for i in items if " " in i), key=len, reverse=True):
            body = re.escape(item).replace(r"\ ", r"\s+")
            multi.setdefault(item.split()[0].lower(), []).append(_word_pattern(body, flags))
        return cls(single, {k: tuple(v) for k, v in multi.items()}, any_case)

    def spans(self, text: str, words: set[str] | None = None) -> list[tuple[int, int]]:
        """(start, end) of every phrase in ``text``, whole words only, in order; ``words``
        is ``word_set(text)`` when the caller already has it."""
        if self.any_case:
            words = word_set(text.lower())
        elif words is None:
            words = word_set(text)
        multi: list[tuple[int, int]] = []
        flags = re.IGNORECASE if self.any_case else 0
        for word in words & self.multi.keys():
            for pattern in self.multi[word]:
                multi.extend(m.span() for m in pattern.finditer(text))
        multi.sort()
        # A single word inside a phrase already found is not found again; the phrases'
        # starts and running furthest ends are indexed (no rescan per word: linear).
        lows = [low for low, _ in multi]
        reach = list(itertools.accumulate((high for _, high in multi), max))
        found = list(multi)
        for word in words & self.single:
            for match in _word_pattern(re.escape(word), flags).finditer(text):
                i = bisect.bisect_right(lows, match.start()) - 1
                if i < 0 or reach[i] <= match.start():
                    found.append(match.span())
        return sorted(found)


def word_set(text: str) -> set[str]:
    """The distinct words of a text, for :meth:`Phrases.spans`."""
    return set(_WORDS.findall(text))


@functools.lru_cache(maxsize=4096)
def _word_pattern(body: str, flags: int) -> re.Pattern[str]:
    # The same as (?<![\w'’-])...(?![\w'’-]), but a class holding a character past U+00FF
    # makes re build a 64K-entry table: 0.16 ms a compile instead of 0.04 (start-up).
    return re.compile(rf"(?<![\w'-])(?<!’){body}(?![\w'-])(?!’)", flags)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The compiled [lexicon] of rules/sourcing.toml (built once)."""

    verbs: Phrases
    sources: Phrases
    participles: Phrases
    source_first: frozenset[str]
    words: dict[str, frozenset[str]]
    anonymous: re.Pattern[str]
    anonymous_cues: frozenset[str]
    reasons: re.Pattern[str]
    vague_formulas: re.Pattern[str]
    capitals: re.Pattern[str]
    title_cues: re.Pattern[str]

    def has(self, table: str, word: str) -> bool:
        return word in self.words[table]

    def any(self, word: str, *tables: str) -> bool:
        return any(word in self.words[t] for t in tables)


def alternation(items: list[str]) -> str:
    """A regex alternative of literal phrases, longest first, spaces matching any space."""
    ordered = sorted(items, key=len, reverse=True)
    return "|".join(re.escape(item).replace(r"\ ", r"\s+") for item in ordered)


@functools.cache
def lex() -> Lexicon:
    data = lexicon("sourcing")
    words = {name: frozenset(str(w).lower() for w in data[name]) for name in _TABLES}
    capitals = [c.removeprefix("the ") for c in data["capitals"]]
    return Lexicon(
        verbs=Phrases.build(data["reporting_verbs"], any_case=False),
        sources=Phrases.build(data["source_first"], any_case=True),
        participles=Phrases.build(data["participle_verbs"], any_case=False),
        source_first=frozenset(s.lower() for s in data["source_first"]),
        words=words,
        anonymous=re.compile("|".join(data["anonymous_patterns"]), re.IGNORECASE),
        anonymous_cues=frozenset(data["anonymous_cue_words"]),
        reasons=re.compile("|".join(data["anonymity_reasons"]), re.IGNORECASE),
        vague_formulas=re.compile("|".join(data["vague_formulas"]), re.IGNORECASE),
        capitals=re.compile(rf"\b(?:{alternation(capitals)})\b"),
        title_cues=re.compile(rf"\b(?i:{alternation(data['title_cues'])})\s*[:,]?\s*$"),
    )


def is_anonymous(text: str) -> bool:
    """True when the text marks a speaker as anonymous. Every anonymity pattern holds one of
    the cue words, so the (slow) patterns run only on text holding one."""
    lx = lex()
    return not lx.anonymous_cues.isdisjoint(word_set(text.lower())) and bool(
        lx.anonymous.search(text)
    )


def base(token: str) -> str:
    """Lower case without a possessive ending."""
    return token.lower().removesuffix("'s").removesuffix("’s")


def grade_tokens(np: list[str], window: str) -> str:
    """Grade a phrase's tokens; "pronoun" and the unsure "role?" are resolved by callers."""
    lx = lex()
    if not np:
        return "none"
    if is_anonymous(window) or is_anonymous(" ".join(np)):
        return "anonymous"
    head_toks, tail = _split_head(np)
    head = base(head_toks[-1])
    if head[:1].isdigit() or head in ("cent", "percent") or (len(head) < 2 and head != "i"):
        return "none"
    if len(head_toks) == 1 and lx.has("pronouns", head):
        return "pronoun"
    if lx.capitals.search(" ".join(head_toks)) or (head_toks[-1].isupper() and len(head) > 1):
        return "organisation"
    names = [t for i, t in enumerate(head_toks) if is_name(t, i == len(head_toks) - 1)]
    if names:
        if head_toks[-1][0].islower():
            institution = lx.any(head, "organisation_nouns", "document_nouns")
            return "organisation" if institution else "role"
        # "the Sun Sentinel", "the Pentagon": a name after "the" is an institution.
        institution = head_toks[0].lower() == "the" or any(_is_org(t) for t in head_toks)
        return "organisation" if institution else "person"
    if lx.has("modifier_words", head) and head_toks[-1][0].isupper():
        return "role"  # "The President said", "King said": a title standing alone
    return _common_head(head, head_toks, _tail_named(tail, lx.has("document_nouns", head)))


def _common_head(head: str, head_toks: list[str], tail_named: bool) -> str:
    lx = lex()
    if lx.has("role_nouns", head):
        return "role"
    if lx.has("organisation_nouns", head):
        return "organisation"
    if lx.has("document_nouns", head):
        return _document(head, head_toks, tail_named)
    if lx.has("vague_nouns", head):
        if lx.has("faceless_crowds", head) and not tail_named:
            return "vague"  # "according to the market": no one in particular, even with "the"
        definite = head_toks[0].lower() in _DEFINITE and len(head_toks) > 1
        return "role" if tail_named or definite else "vague"
    return "role?" if head.replace("-", "").isalpha() and head_toks[-1][0].islower() else "none"


def _tail_named(tail: list[str], document: bool = False) -> bool:
    """A name under 'at/for/of/from/by' (or after 'published', 'released') lends its name;
    a document's 'in' too ("a report in the Daily Express", not "experts in London")."""
    lx = lex()
    naming = False
    for tok in tail:
        low = tok.lower()
        if lx.has("affiliation_words", low):
            naming = (naming and low == "in") or lx.has("naming_affiliations", low)
            naming = naming or (document and low == "in")
        elif _PARTICIPLE.match(tok):
            naming = True
        elif naming and (tok[:1].isupper() or tok[:1].isdigit()) and not _is_filler(tok):
            return True
    return False


def _is_filler(token: str) -> bool:
    return lex().any(base(token), "determiners", "modifier_words", "stop_words", "months")


def _document(head: str, head_toks: list[str], tail_named: bool) -> str:
    lx = lex()
    if tail_named:
        return "organisation"
    opener = head_toks[0].lower()
    if lx.has("indefinite", opener) or (len(head_toks) == 1 and lx.has("vague_nouns", head)):
        return "vague"
    return "organisation"


def _split_head(np: list[str]) -> tuple[list[str], list[str]]:
    lx = lex()
    for i, tok in enumerate(np[1:], start=1):
        if tok.lower() == "of" and lx.has("collective_nouns", np[i - 1].lower()):
            continue  # "one group of researchers": the head is "researchers"
        after_determiner = lx.has("determiners", np[i - 1].lower())  # "the published report"
        if lx.has("affiliation_words", tok.lower()) or (
            _PARTICIPLE.match(tok)
            and not after_determiner
            and not lx.any(tok.lower(), "role_nouns", "vague_nouns")
        ):
            return np[:i], np[i:]
    return np, []


def is_name(token: str, last: bool) -> bool:
    """A capitalised word that names someone (not a title, nationality or common noun)."""
    if not token[:1].isupper() or _CONTRACTION.search(token):
        return False  # "I’m", "Don’t" are not names
    low = base(token)
    if lex().any(
        low,
        "modifier_words",
        "determiners",
        "role_nouns",
        "vague_nouns",
        "pronouns",
        "stop_words",
        "organisation_nouns",
        "document_nouns",
        "affiliation_words",
        "months",
    ):
        return False
    return last or not _NATIONALITY.search(low)


def _is_org(token: str) -> bool:
    low = base(token)
    acronym = token.isupper() and len(token) > 1 and not lex().has("modifier_words", low)
    return lex().has("organisation_words", low) or acronym


def proper_name(phrase: str) -> bool:
    """True when the phrase holds a proper name (for listing named sources): a name word
    after its first word ("the World Health Organization", "Anita Rao"), or a one-word name."""
    toks = TOKEN.findall(phrase)
    later = any(is_name(t, True) or (t[:1].isupper() and _is_org(t)) for t in toks[1:])
    return later or (len(toks) == 1 and is_name(toks[0], True))
