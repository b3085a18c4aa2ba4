"""The accused side's answer, for the BAL check: denials, statements, "declined to comment".

Given the accusations found in an article, this finds every sentence where an accused party
answers: a denial ("Pyongyang denied the report"), a reply that was sought but not given
("did not respond to a request for comment"), or any other statement by that party (who says
what comes from the shared attribution engine, plugins/sourcing/attribution.py). A denial by someone
who was not accused is not an answer to the accusation.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from provcheck import Article, lexicon
from provcheck.plugins.balance.accusations import Accusation, compile_patterns, word_pattern
from provcheck.plugins.balance.parties import QUOTED, Party, parties, quote_around, unique
from provcheck.plugins.balance.units import Trigger, Unit
from provcheck.plugins.sourcing.attribution import attribute

ResponseKind = Literal["denial", "sought", "statement"]
Who = Literal["accused", "accuser", "other", "unknown", "ignore"]

# A speaker who answers for someone not named in the phrase: "his lawyer", "a spokesperson
# for the company", "the firm". Counted for the accused party accused most recently.
_REPRESENTATIVE = re.compile(
    r"^(?:a|an|the|his|her|their|its)\s+(?:[\w-]+\s+)?(?:lawyers?|attorneys?|spokes(?:man|woman|"
    r"person)|representatives?|counsel|company|firm|ministry|government|department|office|"
    r"party|family|campaign|team|club|employer|union)"
    r"(?:\s+for\s+(?:him|her|them|it|the\s+\w+))?$",
    re.I,
)


# No article needs more answers than this to be judged (a bound for hostile pages, issue 12).
MAX_RESPONSES = 100

# A name after a preposition is not the subject of the verb that follows the phrase.
_PLACE = re.compile(
    r"\b(?:in|from|at|of|on|to|for|with|by|near|into|against|about|over|under)\s+"
    r"(?:(?:a|an|the)\s+)?(?:[\w-]+\s+)?$",
    re.I,
)
# "the SEC's allegations are meritless": the owner of the allegations is not who denies them.
_OWNER = re.compile(r"(?:the\s+)?[\w.&-]+(?:\s+[A-Z][\w.&-]*)*['’]s?\s*$")

# A new clause inside an accusation's span: "blamed Castan for X, despite denials from Castan".
_CLAUSE = re.compile(
    r",\s*(?:despite|although|though|but|while|whereas|(?:a|an)\s+(?:charge|claim|accusation|"
    r"allegation)\s+(?:that\s+|which\s+)?)\b",
    re.I,
)  # ... or an appositive answer: "accused Pakistan of X, a charge Islamabad denies"
# "despite denials from Castan", "no immediate comment from Castan": who answers comes after.
_FROM = re.compile(
    r"(?:denials?|comment|response|reaction)\s+(?:from|by)\s+([^,;:.!?\"“”]{2,80})", re.I
)

# "has not denied", "never denied", "did not reject": the opposite of a denial.
_NEGATED = re.compile(r"\b(?:not|never|n['’]t)\s+(?:\w+ly\s+)?$", re.I)
_ABOUT_ACCUSATION = re.compile(r"\b(?:accusations?|allegations?|charges?|claims?)\b", re.I)


@dataclass(frozen=True, slots=True)
class Response:
    """An answer by (or sought from) accused parties."""

    unit: Unit
    kind: ResponseKind
    parties: tuple[Party, ...]
    phrase: str
    reason: bool = False
    plea: bool = False


class Responses:
    """Finds the accused side's answers; patterns from rules/balance.toml."""

    def __init__(self) -> None:
        lex: dict[str, Any] = lexicon("balance")
        self.denial = compile_patterns(lex["denial_patterns"])
        self.sought = compile_patterns(lex["status_patterns"])
        self.reasons = compile_patterns(lex["reason_markers"])
        self.plea = re.compile(lex["plea_pattern"], re.I)
        self.not_deniers = word_pattern(lex["not_deniers"])
        self.say = word_pattern(lex["say_verbs"])
        self.dismissal = word_pattern(lex["dismissal_phrases"])
        self.trigger = Trigger(lex["response_triggers"])

    def find(
        self, article: Article, units: Sequence[Unit], accusations: Sequence[Accusation]
    ) -> list[Response]:
        """Every denial, status phrase and statement by the accused side, in reading order."""
        found = list(itertools.islice(self._phrases(units, accusations), MAX_RESPONSES))
        taken = {r.unit.index for r in found}
        found += [r for r in self._statements(article, units, accusations)
                  if r.unit.index not in taken]  # fmt: skip
        return sorted(found, key=lambda r: r.unit.index)

    def _phrases(
        self, units: Sequence[Unit], accusations: Sequence[Accusation]
    ) -> Iterator[Response]:
        for position, unit in enumerate(units):
            if not self.trigger.search(unit.text):
                continue  # no denial or status word: the usual sentence, kept cheap
            # A contested claim is read from the denial itself: its span stays searchable.
            own = [
                a.span for a in accusations
                if a.unit.index == unit.index and a.kind != "contested"
            ]  # fmt: skip
            for kind, patterns in (("denial", self.denial), ("sought", self.sought)):
                match = next(
                    (m for p in patterns for m in p.finditer(unit.text)
                     if not any(s <= m.start() < e and not _CLAUSE.search(unit.text, s, m.start())
                                for s, e in own)
                     and not _NEGATED.search(unit.text[max(0, m.start() - 30) : m.start()])),
                    None,
                )  # fmt: skip
                if match is None:
                    continue
                who, found = self._who(unit.text, match.start(), own, accusations)
                if who == "unknown":
                    found = latest_accused(accusations, unit.index)
                elif (
                    who == "other" and kind == "denial" and _ABOUT_ACCUSATION.search(match.group(0))
                ):
                    # Someone not accused rejects "the accusations" against the accused (an
                    # employer, a family): the accused side is answered, but it is not the
                    # accused party's own denial (never BAL104).
                    found = latest_accused(accusations, unit.index)
                    yield Response(unit, "statement", found, _phrase(unit.text, match))
                    break
                if who not in ("accused", "unknown") or not found:
                    continue
                later = units[position + 1 :]
                reason = kind == "denial" and self._reason(unit, match, later, accusations, found)
                plea = bool(self.plea.search(match.group(0)))
                phrase = _phrase(unit.text, match)
                yield Response(unit, kind, found, phrase, reason, plea)  # type: ignore[arg-type]
                break

    def _who(
        self,
        text: str,
        start: int,
        own: Sequence[tuple[int, int]],
        accusations: Sequence[Accusation],
    ) -> tuple[Who, tuple[Party, ...]]:
        """Who says the phrase at ``start``: the accused, the accuser, or someone else?"""
        window = _subject_window(text, start, own)
        if self.not_deniers.search(window[-40:]):
            return "ignore", ()
        after = _FROM.search(text, start, start + 120)
        if after and after.start() - start < 40:  # "denials from Castan", "no comment from X"
            return side_of(after.group(1), accusations)
        if _ABOUT_ACCUSATION.match(text, start):
            window = _OWNER.sub("", window)
            window = re.sub(r"\b(?:maintain|insist|say|argue|contend)(?:s|ed)?\s+that\s*$", "",
                            window)  # "his lawyers maintain that the SEC's allegations are ..."
        return side_of(window, accusations)

    def _reason(
        self,
        unit: Unit,
        match: re.Match[str],
        after: Sequence[Unit],
        accusations: Sequence[Accusation],
        denier: tuple[Party, ...],
    ) -> bool:
        """A reason in the denial sentence, or in the next sentence by the same voice."""
        rest = unit.text[: match.start()] + " " + unit.text[match.end() :]
        if any(p.search(rest) for p in self.reasons):
            return True
        if re.match(r"\s+as\s+\w+", unit.text[match.end() :]):
            return True  # "dismissed the claims as politically motivated"
        if not after or after[0].block.index - unit.block.index > 1:
            return False
        follow = after[0].text
        verb = self.say.search(follow) or next(
            (m for p in self.reasons if (m := p.search(follow))), None
        )
        if verb is None:
            return False
        window = follow[: verb.start()]
        who, found = side_of(window, accusations)
        if who == "accused":
            return bool(set(found) & set(denier))
        return who == "unknown" and bool(
            re.match(r"\s*(?:It|They|He|She)\b", window) or _REPRESENTATIVE.match(window.strip())
        )

    def _statements(
        self, article: Article, units: Sequence[Unit], accusations: Sequence[Accusation]
    ) -> Iterator[Response]:
        """Sentences the attribution engine credits to an accused party."""
        by_place = {(u.block.index, u.sentence.start): u for u in units}
        for item in attribute(article):
            unit = by_place.get((item.block.index, item.sentence.start))
            if unit is None:
                continue
            for attribution in item.own:
                if not self.say.fullmatch(attribution.verb.split()[-1] if attribution.verb else ""):
                    continue  # "a complaint said Fahie had agreed": Fahie says nothing here
                found = speaker_side(attribution.speaker, accusations, unit.index)
                if not found:
                    continue
                phrase = f"{attribution.speaker} {attribution.verb}"
                dismissed = self._dismissal(unit.text)
                if dismissed:  # "This is a political witch hunt," Trump said: a denial
                    phrase = f"{dismissed} ({phrase})"
                    yield Response(unit, "denial", found, phrase, reason=True)
                else:
                    yield Response(unit, "statement", found, phrase)
                break

    def _dismissal(self, text: str) -> str:
        """The dismissal of the accusation in a quotation in ``text`` ("a witch hunt"), if any."""
        for quote in QUOTED.finditer(text):
            found = self.dismissal.search(quote.group(0))
            if found and not _NEGATED.search(quote.group(0)[: found.start()][-30:]):
                return found.group(0)
        return ""


def speaker_side(speaker: str, accusations: Sequence[Accusation], index: int) -> tuple[Party, ...]:
    """The accused parties a speaker phrase stands for ("Castan's ambassador" -> Castan)."""
    who, found = side_of(speaker, accusations)
    if who == "accused":
        return found
    if who == "unknown" and _REPRESENTATIVE.match(speaker.strip()):
        return latest_accused(accusations, index)
    return ()


def latest_accused(accusations: Sequence[Accusation], index: int) -> tuple[Party, ...]:
    """The parties accused most recently before sentence ``index`` (else the first ones)."""
    before = [a for a in accusations if a.unit.index <= index]
    chosen = before[-1] if before else (accusations[0] if accusations else None)
    return chosen.accused if chosen else ()


# The last article's accusations and their parties: side_of is asked once per phrase, and
# hashing a hundred accusations per question cost more than the answer.
_LAST: list[tuple[Sequence[Accusation], tuple[list[Party], list[Party]]]] = []


def _sides(accusations: Sequence[Accusation]) -> tuple[list[Party], list[Party]]:
    """The accused and the accusers, each party once (built once per article, not per phrase)."""
    last = _LAST[-1] if _LAST else None  # one read: threads may replace it meanwhile
    if last is not None and last[0] is accusations:
        return last[1]
    accused = unique(p for a in accusations for p in a.accused)
    sides = accused, unique(p for a in accusations for p in a.accuser)
    _LAST[:] = [(accusations, sides)]
    return sides


def side_of(window: str, accusations: Sequence[Accusation]) -> tuple[Who, tuple[Party, ...]]:
    accused, accusers = _sides(accusations)
    window = window[-300:]
    mentions = [
        m for m in parties().mentions(window, [*accused, *accusers])
        if m.party is not None or not _PLACE.search(window[: m.start])
    ]  # "a missionary who served in a Cambodian prison pleaded": the prison is not who pleads
    if not mentions:
        return "unknown", ()
    subject = [mentions[-1]]
    for earlier in reversed(mentions[:-1]):  # "Estmark and Borovia denied"
        gap = window[earlier.end : subject[0].start]
        if not re.fullmatch(r"\s*(?:,|,?\s*and|&)\s*", gap):
            break
        subject.insert(0, earlier)
    named = tuple(m.party for m in subject if m.party is not None)
    if any(p in accused for p in named):
        return "accused", tuple(p for p in named if p in accused)
    return ("accuser" if named else "other"), ()


def _subject_window(text: str, start: int, own: Sequence[tuple[int, int]]) -> str:
    """The words naming who does the verb at ``start``: its clause, or the quote's speaker."""
    quoted = quote_around(text, start)
    if quoted is not None:
        return text[: quoted[0]] + " " + text[quoted[1] :]
    begin = max([0, *(e for s, e in own if e <= start)])
    cut = list(re.finditer(r"[;:”\"]|\b(?:but|while|whereas|although|though)\b", text[:start]))
    if cut:
        begin = max(begin, cut[-1].end())
    window = text[begin:start]
    if not window.strip(" ,"):
        return text[start : start + 120]  # "Denying the claims, the ministry said ..."
    return window


def _phrase(text: str, match: re.Match[str]) -> str:
    """The status phrase as the reader sees it: "did not respond to requests for comment"."""
    phrase = re.split(r"[,.;:]", text[match.start() : match.start() + 90])[0].strip()
    cut = phrase.find("comment")
    return phrase[: cut + len("comment")] if cut >= 0 else phrase
