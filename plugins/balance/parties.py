"""Parties for the BAL check: who is accused, and is a given phrase about them?

A *party* is something a reporter could ask for comment: a named person or organisation, an
institution named by a definite noun phrase ("the ministry"), or a government (a country, its
capital or its demonym: "Pyongyang denied" is North Korea denying). Unnamed people ("the man",
"a suspect") are not parties. Word lists come from ``rules/balance.toml``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from provcheck import lexicon

PartyKind = Literal["government", "named", "institution", "pronoun"]

_WORD = r"[A-Z][\w.&'’-]*"
_CONNECT = r"(?:of|the|for|de|du|al|bin|von|van|der|la|le|&)"
_PROPER = rf"{_WORD}(?:\s+(?:{_CONNECT}\s+)*{_WORD})*"
# No noun phrase is longer than this; reading only this far keeps the regular expressions
# linear on pathological pages (a 100 KB "sentence" of capitalised words).
_SPAN = 240
_PRONOUNS = frozenset(
    ["he", "she", "they", "it", "him", "her", "them", "we", "us", "i", "me", "you"]
)
_FIRST_PERSON = frozenset(["we", "us", "i", "me"])
_VOICE = r"(?:spokes(?:man|woman|person)|lawyers?|attorneys?|representatives?|counsel)\b"
_VOICE_ROLES = (
    "spokesman spokeswoman spokesperson minister lawyer lawyers attorney attorneys official "
    "ambassador secretary director chief head representative adviser aide envoy counsel"
)


@dataclass(frozen=True, slots=True)
class Party:
    """Someone who could answer an accusation; ``keys`` are the words that refer to it."""

    name: str
    kind: PartyKind
    keys: tuple[str, ...]

    @property
    def identifiable(self) -> bool:
        return self.kind != "pronoun"

    def same_as(self, other: Party) -> bool:
        """One party named twice: shared keys, or "Melissa" then "Melissa Jagessar"."""
        if self.name == other.name or set(self.keys) & set(other.keys):
            return True
        if self.kind != "named" or other.kind != "named":
            return False
        short, long = sorted((self.name.split(), other.name.split()), key=len)
        return set(short) <= set(long)


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a phrase names a party (``party`` is None for a name the article never accused)."""

    start: int
    end: int
    text: str
    party: Party | None


class Parties:
    """Reads noun phrases as parties, using the [lexicon] of rules/balance.toml."""

    def __init__(self) -> None:
        lex = lexicon("balance")
        self.countries: list[tuple[str, tuple[str, ...]]] = [
            (entry[0], tuple(entry[1:])) for entry in lex["countries"]
        ]
        nouns = "|".join(sorted((re.escape(n) for n in lex["party_nouns"]), key=len, reverse=True))
        self._definite = re.compile(rf"\b((?:the|The)\s+(?:[\w-]+\s+){{0,3}}?(?:{nouns}))$", re.I)
        self._definite_start = re.compile(
            rf"^((?:the|The)\s+(?:[\w-]+\s+){{0,3}}?(?:{nouns}))\b(?!['’])", re.I
        )
        self._noun_end = re.compile(rf"\b(?:{nouns})$", re.I)
        self.titles = frozenset(lex["titles"])
        self.not_parties = frozenset(lex["not_parties"])
        self.org_suffixes = frozenset(lex["organisation_suffixes"])
        self._voice_before = re.compile(rf"\b(?:{_VOICE_ROLES.replace(' ', '|')})\s*$", re.I)

    # --- noun phrases -> parties ---------------------------------------------------------

    def leading(self, text: str) -> list[Party]:
        """Parties named by the noun phrase that starts ``text`` ("Estmark and Borovia of")."""
        text = text.strip()[:_SPAN]
        pronoun = re.match(r"(\w+)\b", text)
        if pronoun and pronoun.group(1).lower() in _PRONOUNS:
            return [self._pronoun(pronoun.group(1))]
        if re.match(rf"(?:the\s+)?{_PROPER}['’]s?\s", text) or re.match(
            r"the\s+[\w\s-]+?['’]s\s", text
        ):
            return self._owner(text)
        if found := self._definite_start.match(text):
            # "the logistics company Tessaly Freight", "the government of Lorrain": the name
            named = re.match(rf"\s+(?:of\s+)?({_PROPER})", text[found.end() :])
            proper = self._proper_list(named.group(1), rest="") if named else []
            return proper or [self._institution(found.group(1))]
        roles = r"(?:(?:the|its|his|her|their|former|ex-?)\s+)?(?:[a-z][\w-]*\s+){0,2}?"
        found = re.match(rf"{roles}({_PROPER}(?:\s*(?:,|and|&)\s*(?:the\s+)?{_PROPER})*)", text)
        if not found:
            return []
        return self._proper_list(found.group(1), rest=text[found.end() :])

    def _owner(self, text: str) -> list[Party]:
        """ "Castan's army" is Castan; "the state's reliance on coal" is nobody."""
        owner = re.match(r"(.+?)['’]s?\s+((?:[\w-]+\s+){0,3}?[\w-]+)\b", text)
        if owner is None or not (
            self._noun_end.search(owner.group(2)) or re.match(_VOICE, owner.group(2), re.I)
        ):
            return []
        name = owner.group(1)
        if found := self._definite_start.match(name + " "):
            return [self._institution(found.group(1))]
        return self._proper_list(re.sub(r"^the\s+", "", name), rest="'s")

    def trailing(self, text: str) -> list[Party]:
        """Parties named by the noun phrase that ends ``text`` ("Rep. Mark Meadows was")."""
        text = _strip_trailing(text[-_SPAN:])
        if not text or re.search(r"\b(?:which|whom|who)\s+(?:\S+\s+){0,4}?\S+$", text):
            return []  # "..., which Varland accused of": the name there is the accuser
        last = re.search(r"(\w+)$", text)
        if last and last.group(1).lower() in _PRONOUNS:
            return [self._pronoun(last.group(1))]
        if found := self._definite.search(text):
            return [self._institution(found.group(1))]
        owner = re.search(rf"({_PROPER})['’]s?\s+(?:[a-z][\w-]*\s+){{0,3}}[a-z][\w-]*$", text)
        if owner and (self._noun_end.search(text) or self.country_of(owner.group(1))):
            return self._proper_list(owner.group(1), rest="'s")
        found = re.search(rf"({_PROPER}(?:\s*(?:,|and|&)\s*(?:the\s+)?{_PROPER})*)$", text)
        if found:
            return self._proper_list(found.group(1), rest="")
        return []

    def _proper_list(self, run: str, rest: str) -> list[Party]:
        parties: list[Party] = []
        pieces = re.split(r"\s*(?:,|\band\b|&)\s*", run)
        owner = re.search(r"['’]s?$", run) or re.match(r"['’]s?\s", rest)
        if len(pieces) > 1 and owner and re.match(r"(?:['’]s?)?\s+[a-z]", rest):
            pieces = pieces[:-1]  # "Fahie and the BVI's port director": not the BVI
        for piece in pieces:
            party = self._proper(piece)
            if party is not None and not any(p.same_as(party) for p in parties):
                parties.append(party)
        demonym = self.country_of(f"{run}{rest[:12]}")
        if not parties and demonym:
            parties.append(self._government(demonym))
        return parties

    def _proper(self, piece: str) -> Party | None:
        piece = re.sub(r"['’]s?$", "", piece.strip())
        words = piece.split()
        titled = [i for i, w in enumerate(words) if w.lower().strip(".") in self.titles]
        if titled and titled[-1] < len(words) - 1:
            words = words[titled[-1] + 1 :]  # "BVI Premier Andrew Fahie" is Andrew Fahie
        words = [w for w in words if w.lower().strip(".") not in self.titles]
        while words and words[0].lower() in self.not_parties:
            words = words[1:]
        if not words or all(w.lower() in self.not_parties for w in words):
            return None
        name = " ".join(words)
        if country := self.country_of(name):
            return self._government(country)
        keys = [name]
        if len(words) >= 2 and words[-1].lower() in self.org_suffixes:
            keys.append(" ".join(words[:-1]))  # "Marlow Chemicals" is later "Marlow"
        elif 2 <= len(words) <= 3 and all(w[:1].isupper() and w.isalpha() for w in words):
            keys.append(words[-1])  # a person is later called by surname
        return Party(name, "named", tuple(keys))

    def _institution(self, phrase: str) -> Party:
        if country := self.country_of(re.sub(r"^\w+\s+", "", phrase)):
            return self._government(country)
        noun = self._noun_end.search(phrase)
        key = noun.group(0).lower() if noun else phrase.lower()
        return Party("the " + re.sub(r"^\w+\s+", "", phrase), "institution", (key,))

    def _government(self, country: str) -> Party:
        aliases = next(a for name, a in self.countries if name == country)
        return Party(country, "government", aliases)

    @staticmethod
    def _pronoun(word: str) -> Party:
        return Party(word.lower(), "pronoun", (word.lower(),))

    def country_of(self, phrase: str) -> str:
        """The government a phrase stands for ("Pyongyang", "Chinese officials"), or ""."""
        phrase = re.sub(r"^(?:the|The)\s+", "", phrase.strip())
        for name, aliases in self.countries:
            for alias in aliases:
                if phrase == alias or re.match(rf"{re.escape(alias)}(?:['’]s?\b|\s+[a-z])", phrase):
                    return name
        return ""

    @staticmethod
    def first_person(party: Party) -> bool:
        return party.kind == "pronoun" and party.name in _FIRST_PERSON

    # --- finding parties in a window of text ---------------------------------------------

    def mentions(self, text: str, known: list[Party]) -> list[Mention]:
        """Known parties and other proper names in ``text``, in order (keep ``text`` short)."""
        found: list[Mention] = []
        for party in known:
            for key in party.keys:
                for m in _key_pattern(key, party.kind == "institution").finditer(text):
                    if party.kind == "government" and _inside_longer_name(text, m.start(), m.end()):
                        continue
                    found.append(Mention(m.start(), m.end(), m.group(0), party))
        for m in re.finditer(_PROPER, text):
            covered = any(f.start < m.end() and m.start() < f.end for f in found)
            other = None if covered else self._proper(m.group(0))
            if other is not None and not self._voice(text, m.start(), m.end()):
                found.append(Mention(m.start(), m.end(), m.group(0), None))
        return sorted(found, key=lambda f: (f.end, f.start))

    def _voice(self, text: str, start: int, end: int) -> bool:
        """A person's name that only voices a body named before it ("spokesman Zhao Lijian")."""
        if self._voice_before.search(text[:start]):
            return True
        return text[:start].rstrip().endswith(",") and text[end:].lstrip().startswith(",")


@functools.lru_cache(maxsize=4096)
def _key_pattern(key: str, any_case: bool) -> re.Pattern[str]:
    """A party's key as a whole word (compiled once: mentions() is asked once per phrase)."""
    return re.compile(rf"(?<![\w.]){re.escape(key)}(?![\w])", re.I if any_case else 0)


def _inside_longer_name(text: str, start: int, end: int) -> bool:
    """ "Washington" in "Washington Post" or "George Washington" is not the government."""
    after = re.match(r"\s+([A-Z]\w+)", text[end:])
    government_words = ("Foreign", "Ministry", "Government", "Defence", "Defense", "Embassy")
    if after and after.group(1) not in government_words:
        return True
    before = re.search(r"([A-Z]\w+)\s+$", text[:start])
    return bool(before and before.group(1) not in ("In", "On", "But", "And", "While", "The"))


_TRAILING_JUNK = re.compile(
    r"(?:[\s,—–-]+|\b(?:is|are|was|were|has|have|had|been|being|be|stands?|stood|also|now|"
    r"since|previously|repeatedly|widely|publicly|falsely|wrongly|formally|already|once|"
    r"reportedly|themselves|itself|herself|himself|who|which)\b|\b[a-z]{3,}ly\b)$"
)


# Time and manner phrases between a subject and its verb ("Varland's government on Thursday").
_TRAILING_ADVERBIAL = re.compile(
    r"\s+(?:on|last|this|next|in|late|early)\s+(?:a\s+)?(?:[A-Z]\w+day|week|month|year|"
    r"night|statement|report|letter|speech|interview|complaint|filing|lawsuit|suit)$"
    # an age or home town in apposition: "Dana Whitlock, 52, of Dover,"
    r"|,\s*(?:aged\s+)?\d{1,3}(?:,\s*(?:of|from)\s+[A-Z][\w .-]*)?,?$"
    # a description in apposition: "Rhys Alder, a councillor for the Eastgate ward,"
    r"|,\s*(?:a|an|the|who|which)\s+[^,]{1,60},?$"
)


def _strip_trailing(text: str) -> str:
    text = text.rstrip()
    while True:
        shorter = _TRAILING_ADVERBIAL.sub("", _TRAILING_JUNK.sub("", text)).rstrip()
        if shorter == text:
            return text
        text = shorter


@functools.cache
def parties() -> Parties:
    """The shared reader (lexicon compiled once per process)."""
    return Parties()


# A quotation in curly or straight double quotes, as BAL reads them.
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def quote_around(text: str, index: int) -> tuple[int, int] | None:
    """The (start, end) of the quotation that contains ``index``, if any."""
    for match in QUOTED.finditer(text):
        if match.start() < index < match.end():
            return match.start(), match.end()
    return None


def unique(items: Iterable[Party]) -> list[Party]:
    """Parties without repeats: two phrases for one party count once, under the fuller name."""
    seen: list[Party] = []
    for party in items:
        at = next((i for i, p in enumerate(seen) if party.same_as(p)), None)
        if at is None:
            seen.append(party)
        elif party.kind == seen[at].kind == "named" and len(party.name) > len(seen[at].name):
            keys = tuple(dict.fromkeys((*party.keys, *seen[at].keys)))
            seen[at] = Party(party.name, "named", keys)  # "Melissa", then "Melissa Jagessar"
    return seen
