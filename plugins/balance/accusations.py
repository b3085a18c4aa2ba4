"""Accusations for the BAL check: who is accused of what, and by whom.

Reads every sentence (the headline first) for accusation patterns from rules/balance.toml:
"accused X of", "X was charged with <offence>", "allegations against X", and hedged forms
("allegedly", "blamed X for") that count only when what is alleged is wrongdoing. Sport talk,
history ("In 1692, ..."), quoted asides and title-case headlines are left out; the accused
must be a party balance_parties can identify.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from provcheck import Article, Block, Sentence, lexicon
from provcheck.plugins.balance.parties import Parties, Party, parties, quote_around, unique


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence of the article in reading order, with its block."""

    index: int
    block: Block
    sentence: Sentence

    @property
    def text(self) -> str:
        return self.sentence.text


@dataclass(frozen=True, slots=True)
class Accusation:
    """An accusation in one sentence: who is accused, by whom, of what."""

    unit: Unit
    accused: tuple[Party, ...]
    accuser: tuple[Party, ...]
    what: str
    span: tuple[int, int]


def compile_patterns(
    patterns: Sequence[str], flags: int = re.I, **subs: str
) -> list[re.Pattern[str]]:
    """Compile lexicon patterns, filling ``{name}`` placeholders from ``subs``."""
    compiled = []
    for pattern in patterns:
        for name, value in subs.items():
            pattern = pattern.replace("{" + name + "}", value)
        compiled.append(re.compile(pattern, flags))
    return compiled


def word_pattern(words: Sequence[str]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of ``words`` as whole words."""
    alternation = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b", re.I)


class Accusations:
    """Finds accusations; patterns and word lists from rules/balance.toml."""

    def __init__(self) -> None:
        lex: dict[str, Any] = lexicon("balance")
        offences = "(?:" + "|".join(re.escape(o) for o in lex["offences"]) + r")\b"
        self.accuse = compile_patterns(lex["accusation_patterns"], offences=offences)
        self.hedged = compile_patterns(lex["hedged_accusation_patterns"])
        self.trivial = word_pattern(lex["trivial_accusations"])
        self.serious = word_pattern(lex["serious_wrongdoing"])
        self.wrongdoing = word_pattern(lex["wrongdoing_words"])
        self.sports = word_pattern(lex["sports_terms"])
        self.sports_threshold = int(lex["sports_threshold"])
        self.history_years = int(lex["history_years"])
        # Most sentences contain none of these stems: they skip the full patterns (speed).
        self.trigger = re.compile("|".join(lex["accusation_triggers"]), re.I)

    def in_sport(self, article: Article) -> bool:
        """A match report: accusations there are sport talk unless about real wrongdoing."""
        terms = {m.group(0).lower() for m in self.sports.finditer(article.text)}
        return len(terms) >= self.sports_threshold

    def find(self, article: Article, units: Sequence[Unit], in_sport: bool) -> list[Accusation]:
        """Every accusation against an identifiable party, pronouns resolved, in order."""
        history = _year(article.published) - self.history_years
        found = [
            a
            for u in units
            if self.trigger.search(u.text) and not _dated_before(u.text, history)
            for a in self._in(u, in_sport)
        ]
        return _canonical(_resolve(found))

    def _in(self, unit: Unit, in_sport: bool) -> Iterator[Accusation]:
        text, reader = unit.text, parties()
        if unit.block.kind == "heading" and _title_case(text):
            return  # "Officials Arrest BVI Premier On Drug Charges": capitals name nothing
        if in_sport and not self.serious.search(text):
            return  # sport talk ("accused the referee of bias") is not a wrongdoing story
        for pattern in (*self.accuse, *self.hedged):
            for match in pattern.finditer(text):
                if quote_around(text, match.start()) is not None:
                    continue  # a quoted speaker's aside ("the allegations against his company")
                groups = match.groupdict()
                what = (groups.get("what") or "").strip()[:300]
                before = text[: match.start()]
                if groups.get("accused"):
                    accused = reader.leading(groups["accused"])
                    if not what and " that " in match.group(0):
                        did = _after_names(groups["accused"], accused)  # "alleges that X did"
                        what = f"that {accused[0].name} {did}" if did and accused else ""
                    accuser = reader.trailing(before) if _active(match.group(0)) else []
                else:
                    accused, accuser = reader.trailing(before), _by_agent(reader, groups, what)
                if self.trivial.search(what):
                    continue
                if pattern in self.hedged and not self.wrongdoing.search(match.group(0)):
                    continue  # "X allegedly told them he was in pain" accuses nobody
                accused = [
                    p for p in accused
                    if not reader.first_person(p) and not any(p.same_as(a) for a in accuser)
                ]  # fmt: skip
                if accused:
                    span = (match.start(), match.end())
                    yield Accusation(unit, tuple(accused), tuple(accuser), what, span)


def units(article: Article) -> list[Unit]:
    """Body sentences in reading order (captions aside), led by the headline."""
    pairs = [(b, s) for b, s in article.sentences() if b.kind != "caption"]
    title = " ".join(article.title.split())
    if title and not any(
        b.kind == "heading" and " ".join(b.text.split()) == title for b, _ in pairs
    ):
        sentence = Sentence(title, 0, len(title), article.title_position)
        headline = Block(-1, "heading", title, article.title_position, (sentence,))
        pairs.insert(0, (headline, sentence))
    return [Unit(i, block, sentence) for i, (block, sentence) in enumerate(pairs)]


def _after_names(text: str, named: Sequence[Party]) -> str:
    """ "Hollis Freight falsified records" -> "falsified records" (what the party did)."""
    ends = [m.end() for p in named for k in p.keys if (m := re.search(re.escape(k), text))]
    return text[max(ends) :].lstrip(" ,'’s") if ends else text


def _year(published: str) -> int:
    found = re.match(r"(\d{4})", published)
    return int(found.group(1)) if found else datetime.date.today().year


def _dated_before(text: str, year: int) -> bool:
    """Does the sentence tell of an earlier year ("In 1692, ...")? Then it is background."""
    found = re.match(
        r"(?:Back\s+|As\s+early\s+as\s+)?[Ii]n\s+(?:\w+\s+)?(1[6-9]\d\d|20\d\d)\b", text
    )
    return bool(found and int(found.group(1)) <= year)


def _title_case(text: str) -> bool:
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    return len(words) >= 4 and sum(w[0].isupper() for w in words) > 0.6 * len(words)


def _active(matched: str) -> bool:
    """ "accused X of" names the accuser before it; "allegations against X" does not."""
    return not matched.lower().startswith(("allegation", "accusation"))


def _by_agent(reader: Parties, groups: dict[str, str | None], what: str) -> list[Party]:
    """The accuser of a passive accusation: "accused by X of", "blamed for ... by X"."""
    if agent := groups.get("agent"):
        return reader.leading(agent)
    found = re.search(r"\bby\s+(.+)$", what)
    return reader.leading(found.group(1)) if found else []


def _resolve(accusations: list[Accusation]) -> list[Accusation]:
    """A pronoun ("accused him of") stands for the party accused up to three sentences before."""
    resolved: list[Accusation] = []
    for a in accusations:
        if all(p.identifiable for p in a.accused):
            resolved.append(a)
            continue
        earlier = next((e for e in reversed(resolved) if e.unit.index >= a.unit.index - 3), None)
        if earlier is not None:
            resolved.append(Accusation(a.unit, earlier.accused, a.accuser, a.what, a.span))
    return resolved


def _canonical(accusations: list[Accusation]) -> list[Accusation]:
    """One Party object per party ("Mark Meadows" in the headline, "Meadows" in the body)."""
    seen = unique(p for a in accusations for p in (*a.accused, *a.accuser))

    def same(group: tuple[Party, ...]) -> tuple[Party, ...]:
        return tuple(dict.fromkeys(next(s for s in seen if s.same_as(p)) for p in group))

    return [
        Accusation(a.unit, same(a.accused), same(a.accuser), a.what, a.span) for a in accusations
    ]
