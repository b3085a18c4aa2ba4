"""Accusations for the BAL check: who is accused of what, and by whom.

Reads every sentence (the headline and standfirst first) for accusation patterns from
rules/balance.toml: "accused X of", "X was charged with <offence>", "allegations against X",
hedged forms ("allegedly", "blamed X for", "asserts that X", "says X has supplied") that count
only when what is alleged is wrongdoing, and contested claims: a reported denial ("X denied
any wrongdoing", "X pleaded not guilty") is itself an accusation against the one who denies.
Sport talk, history ("In 1692, ..."), quoted asides, title-case headlines and one-line teasers
are left out; the accused must be a party balance_parties can identify.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from provcheck import Article, lexicon
from provcheck.plugins.balance.parties import Parties, Party, parties, quote_around
from provcheck.plugins.balance.resolve import settle
from provcheck.plugins.balance.units import Trigger, Unit, teaser

# "charge": a criminal charge or arrest; "contested": read from the accused side's denial.
AccusationKind = Literal["accusation", "charge", "contested"]

# No article needs more accusations than this to be judged; reading on would make the
# pairing of answers to accusers grow with the square of a hostile page's size.
MAX_ACCUSATIONS = 100

_CHARGE = re.compile(r"charg|indict|arrest|detain|jail|\bheld\b|suspicion|guilty", re.I)
_PREPOSITION = re.compile(
    r"\b(?:from|in|at|of|on|to|for|with|by|near|into|against|about|over|under)\s+(?:the\s+)?$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Accusation:
    """An accusation in one sentence: who is accused, by whom, of what."""

    unit: Unit
    accused: tuple[Party, ...]
    accuser: tuple[Party, ...]
    what: str
    span: tuple[int, int]
    kind: AccusationKind = "accusation"


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
        self.contested = compile_patterns(lex["contested_patterns"])
        self.accusation_noun = word_pattern(lex["accusation_nouns"])
        self.supply_cue = word_pattern(lex["supply_cues"])
        self.not_deniers = word_pattern(lex["not_deniers"])
        self.party_noun = word_pattern(lex["party_nouns"])
        self.trivial = word_pattern(lex["trivial_accusations"])
        self.serious = word_pattern(lex["serious_wrongdoing"])
        self.wrongdoing = word_pattern(lex["wrongdoing_words"])
        self.sports = word_pattern(lex["sports_terms"])
        self.sports_threshold = int(lex["sports_threshold"])
        self.history_years = int(lex["history_years"])
        # Most sentences contain none of these stems: they skip the full patterns (speed).
        self.trigger = Trigger(lex["accusation_triggers"])

    def in_sport(self, article: Article) -> bool:
        """A match report: accusations there are sport talk unless about real wrongdoing."""
        terms = {m.group(0).lower() for m in self.sports.finditer(article.text)}
        return len(terms) >= self.sports_threshold

    def find(self, article: Article, units: Sequence[Unit], in_sport: bool) -> list[Accusation]:
        """Every accusation against an identifiable party, pronouns resolved, in order."""
        history = _year(article.published) - self.history_years
        found: list[Accusation] = []
        for u in units:
            if self.trigger.search(u.text) and not _dated_before(u.text, history):
                found.extend(self._in(u, in_sport))
            if len(found) >= MAX_ACCUSATIONS:
                break  # enough to judge the balance; more would only cost time (issue 12)
        return settle(found[:MAX_ACCUSATIONS], units, article.text)

    def _in(self, unit: Unit, in_sport: bool) -> Iterator[Accusation]:
        text, reader = unit.text, parties()
        if unit.block.kind == "heading" and _title_case(text):
            return  # "Officials Arrest BVI Premier On Drug Charges": capitals name nothing
        if teaser(unit):
            return  # a one-line link or video title in the body is not the article's report
        if in_sport and not self.serious.search(text):
            return  # sport talk ("accused the referee of bias") is not a wrongdoing story
        for pattern in (*self.accuse, *self.hedged, *self.contested):
            for match in pattern.finditer(text):
                if quote_around(text, match.start()) is not None:
                    continue  # a quoted speaker's aside ("the allegations against his company")
                found = self._read(pattern, match, text, reader)
                if found is not None:
                    accused, accuser, what = found
                    kind: AccusationKind = "accusation"
                    if pattern in self.contested:
                        kind = "contested"
                    elif _CHARGE.search(_verb_part(match)):
                        kind = "charge"
                    span = (match.start(), match.end())
                    yield Accusation(unit, tuple(accused), tuple(accuser), what, span, kind)

    def _read(
        self, pattern: re.Pattern[str], match: re.Match[str], text: str, reader: Parties
    ) -> tuple[list[Party], list[Party], str] | None:
        """(accused, accuser, what) of one match, or None when it accuses nobody."""
        groups = match.groupdict()
        what = (groups.get("what") or "").strip()[:300]
        before = text[: match.start()]
        if groups.get("accused"):
            accused = reader.leading(groups["accused"])
            if not accused and pattern in self.hedged:
                accused = _owner(reader, groups["accused"])  # "Club Output's security was"
            if not what and " that " in match.group(0):
                did = _after_names(groups["accused"], accused)  # "alleges that X did"
                what = f"that {accused[0].name} {did}" if did and accused else ""
            elif not what and accused and pattern in self.hedged:
                what = f"that {accused[0].name} {_after_names(groups['accused'], accused)}"
            active = _active(match.group(0)) and pattern not in self.contested
            accuser = reader.trailing(before) if active else []
        elif pattern in self.contested:
            if self.not_deniers.search(before[-40:]):
                return None  # "prosecutors dismissed the charges": a court or a prosecutor acts
            accused, accuser = _subject(reader, before), []
        else:
            accused, accuser = reader.trailing(before), _by_agent(reader, groups, what)
        if self.trivial.search(what):
            return None
        if pattern in self.hedged and not self.wrongdoing.search(match.group(0)):
            return None  # "X allegedly told them he was in pain" accuses nobody
        if pattern in self.contested and not (
            self.accusation_noun.search(match.group(0)) or self.wrongdoing.search(text)
        ):
            return None  # "denied the reports of a merger" contests no wrongdoing
        if pattern in self.contested and (that := re.search(r"\bthat\s+(.+)", what)):
            what = that.group(0)  # "appealing a ruling that it breached safety rules"
        if groups.get("supply") and not self.supply_cue.search(match.group(0)):
            return None  # "Germany has supplied weapons to Ukraine" accuses nobody
        group = groups.get("accused") or ""
        accused = [
            p for p in accused
            if not reader.first_person(p) and not any(p.same_as(a) for a in accuser)
            and not self._object(p, group)
        ]  # fmt: skip
        return (accused, accuser, what) if accused else None

    def _object(self, party: Party, phrase: str) -> bool:
        """Is the party named only as the object of a preposition in the accused phrase? "the
        shelling of Dravo", "the fire at Grenholm Tower" (but "the government of Lorrain")."""
        at = next((m.start() for k in party.keys if (m := re.search(re.escape(k), phrase, re.I))),
                  -1)  # fmt: skip
        if at <= 0:
            return False
        head = re.search(r"(\S+)\s+(?:of|in|at|on|from|by|for|to|with|near|into|over)\s+"
                         r"(?:the\s+)?(?:\S+\s+){0,2}$", phrase[:at], re.I)  # fmt: skip
        return head is not None and not self.party_noun.search(head.group(1))


def _owner(reader: Parties, text: str) -> list[Party]:
    """The named owner at the start of ``text``: "Club Output's “inept” security" -> Club Output."""
    found = re.match(r"((?-i:[A-Z])[\w.&-]*(?:\s+(?-i:[A-Z])[\w.&-]*){0,4})['’]s?\s", text)
    return reader.leading(found.group(1) + " ") if found else []


def _subject(reader: Parties, before: str) -> list[Party]:
    """Who does the verb after ``before`` ("Zakhilwal, who denies"; not "... from Oregon")."""
    found = reader.trailing(before)
    if not found and re.fullmatch(r"[^,;:()“”\"]{0,80}", before):
        found = reader.leading(before)  # "Apple fought on and is appealing": the clause's subject
    if not found or not found[0].identifiable:
        return found
    keys = [k for p in found for k in p.keys]
    head = next((m.start() for k in keys if (m := re.search(re.escape(k), before[-300:]))), -1)
    if head >= 0 and _PREPOSITION.search(before[-300:][:head]):
        return []  # "Missionary from Oregon pleads": the place is not who pleads
    return found


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


def _verb_part(match: re.Match[str]) -> str:
    """The match up to what is alleged and who: "charged with" counts, "a charge X denies"
    or "alleges that X paid kickbacks to charge more" not."""
    starts = [match.start(g) for g in ("what", "accused") if match.groupdict().get(g) is not None]
    return match.string[match.start() : min(starts, default=match.end())]


