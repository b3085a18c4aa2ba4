"""BAL: when an article reports an accusation, does the accused side get to answer?

The check finds accusations against identifiable parties ("Varland accused Estmark of ...";
balance_parties reads the noun phrases), then looks through the whole article for that
party's answer (balance_responses: a denial, a statement, or a note that a reply was sought).
It also flags evidence of wrongdoing asserted without a source ("evidence suggests").
Every pattern and word list is in rules/balance.toml.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from typing import Any

from provcheck import (
    Article,
    Check,
    CheckContext,
    Config,
    Finding,
    Level,
    builtin_rules,
    hookimpl,
    lexicon,
)
from provcheck.plugins.balance.accusations import (
    Accusation,
    Accusations,
    compile_patterns,
    word_pattern,
)
from provcheck.plugins.balance.parties import Party, quote_around, unique
from provcheck.plugins.balance.responses import Response, Responses
from provcheck.plugins.balance.table import summary
from provcheck.plugins.balance.units import Trigger, Unit, units
from provcheck.plugins.sourcing.attribution import attributions_in


class BalanceCheck:
    """Accusations, the accused side's answer, and unsourced evidence of wrongdoing."""

    prefix = "BAL"

    def __init__(self) -> None:
        self.rules = builtin_rules("balance", plugin="balance")
        self._rule = {rule.code: rule for rule in self.rules}
        lex: dict[str, Any] = lexicon("balance")
        self.vague = compile_patterns(lex["vague_evidence_patterns"])
        self.credited = compile_patterns(lex["credited_evidence_patterns"], flags=0)
        self.wrongdoing = word_pattern(lex["wrongdoing_words"])
        self.trigger = Trigger([*lex["accusation_triggers"], *lex["evidence_triggers"]])
        self.charge_points = int(lex["charge_points"])
        self.opinion_types = {t.lower() for t in lex["opinion_jsonld_types"]}
        self.opinion_sections = frozenset(lex["opinion_sections"])
        self.opinion_prefixes = tuple(lex["opinion_title_prefixes"])

    # Built on the first article with an accusation or evidence word, not at start-up: most
    # articles have none (run() returns early), and compiling these patterns costs about
    # 30 ms of every run's start-up (docs/performance.md, "Start-up").
    @functools.cached_property
    def accusations(self) -> Accusations:
        return Accusations()

    @functools.cached_property
    def responses(self) -> Responses:
        return Responses()

    def run(self, article: Article, ctx: CheckContext) -> Iterator[Finding]:
        if not _english(article) or self._opinion(article):
            return
        sentences = units(article)
        triggered = [u for u in sentences if self.trigger.search(u.text)]
        if not triggered:
            return  # no accusation or evidence word anywhere: the usual case, kept cheap
        in_sport = self.accusations.in_sport(article)
        accusations = self.accusations.find(article, triggered, in_sport)
        accused = unique(p for a in accusations for p in a.accused)
        evidence = [] if in_sport else list(self._vague_evidence(triggered, bool(accused)))
        if not accused and not evidence:
            return
        ctx.mark_applicable("balance")
        responses = self.responses.find(article, sentences, accusations)
        yield from self._verdicts(accusations, accused, responses)
        yield from evidence
        ctx.summaries["balance"] = summary(article, sentences, accusations, accused, responses)

    # --- evidence -------------------------------------------------------------------------

    def _vague_evidence(self, units: Sequence[Unit], accusation: bool) -> Iterator[Finding]:
        for unit in units:
            text = unit.text
            match = next((m for p in self.vague if (m := p.search(text))), None)
            if match is None or unit.block.kind == "heading" or self._credited(text, match):
                continue
            if not accusation and not self.wrongdoing.search(text):
                continue  # "evidence suggests coffee ..." is not a balance question
            yield self._rule["BAL103"].finding(
                f"“{match.group(0)}” asserts evidence of wrongdoing without saying whose "
                "evidence it is or who found it.",
                text=text,
                position=unit.sentence.position,
                data={"phrase": match.group(0)},
            )

    def _credited(self, text: str, match: re.Match[str]) -> bool:
        """Does the sentence say whose evidence it is (a name, an office, a quoted speaker)?"""
        if any(p.search(text) for p in self.credited):
            return True
        if quote_around(text, match.start()) is not None:
            return True  # inside a quotation: the speaker asserts it, SRC grades the speaker
        # TODO(attribution): attributions_in grades "Evidence suggests" as a person and reads
        # "According to local reports" as a person "According to local"; BAL ignores any
        # attribution overlapping the vague phrase until the engine grades these as vague.
        for found in attributions_in(text):
            overlaps = found.start < match.end() and match.start() < found.end
            if found.kind in ("person", "organisation", "role") and not overlaps:
                return True
        return False

    # --- verdicts -------------------------------------------------------------------------

    def _verdicts(
        self,
        accusations: Sequence[Accusation],
        accused: Sequence[Party],
        responses: Sequence[Response],
    ) -> Iterator[Finding]:
        denied: dict[int, list[Party]] = {}
        sought: dict[int, list[Party]] = {}
        silent: dict[int, list[Party]] = {}
        first: dict[int, Response | Accusation] = {}
        for party in (p for p in accused if p.identifiable):
            own = [r for r in responses if party in r.parties]
            own.sort(key=lambda r: r.unit.block.kind == "heading")  # quote the body first
            start = next(a.unit.index for a in accusations if party in a.accused)
            # A denial before the accusation is reported denies something else: an answer,
            # but not one BAL104 can report as the denial of this accusation.
            # A plea answers the charge it is made to, wherever the article reports it.
            denial = next(
                (r for r in own if r.kind == "denial" and (r.unit.index >= start or r.plea)), None
            )
            status = next((r for r in own if r.kind == "sought"), None)
            chosen: Response | Accusation
            if denial is not None:
                chosen, bucket = denial, denied
            elif any(r.kind in ("statement", "denial") for r in own):
                continue  # the party answers in its own words
            elif status is not None:
                chosen, bucket = status, sought
            else:
                against = [a for a in accusations if party in a.accused]
                against.sort(key=lambda a: a.unit.block.kind == "heading")  # quote the body
                chosen, bucket = against[0], silent
            bucket.setdefault(chosen.unit.index, []).append(party)
            first[chosen.unit.index] = chosen
        for index, group in silent.items():
            against = [a for a in accusations if set(a.accused) & set(group)]
            if all(a.kind == "contested" for a in against):
                continue  # read from a denial: the answer is in the sentence itself
            charge = all(a.kind in ("charge", "contested") for a in against)
            yield self._no_response(group, first[index], accusations, charge=charge)
        for index, group in sought.items():
            yield self._only_sought(group, first[index], accusations)
        for index, group in denied.items():
            yield from self._denial(group, first[index], responses, accusations)

    def _no_response(
        self,
        group: list[Party],
        accusation: Response | Accusation,
        accusations: Sequence[Accusation],
        *,
        charge: bool,
    ) -> Finding:
        data = {"accused": [p.name for p in group], "charge": charge}
        if not charge:
            return self._rule["BAL101"].finding(
                f"The accusation against {_names(group)}{_what(group[0], accusations)} gets no "
                f"response from {_them(group)}, and the article does not say one was sought.",
                text=accusation.unit.text,
                position=accusation.unit.sentence.position,
                data=data,
            )
        # AP practice: a charge or arrest of a named person is reported with their word or
        # their lawyer's, or a note that neither could be reached. Worth knowing, not alarming:
        # police and court reports are on the record, so info level and fewer points.
        finding = self._rule["BAL101"].finding(
            f"{_names(group)} {'is' if len(group) == 1 else 'are'} charged or held, and the "
            f"article carries no word from {_them(group)} or a lawyer, and does not say one was "
            "sought.",
            text=accusation.unit.text,
            position=accusation.unit.sentence.position,
            data=data,
        )
        return finding.with_changes(level=Level.INFO, points=self.charge_points)

    def _only_sought(
        self, group: list[Party], response: Response | Accusation, accusations: Sequence[Accusation]
    ) -> Finding:
        phrase = response.phrase if isinstance(response, Response) else ""
        return self._rule["BAL102"].finding(
            f"The accused side, {_names(group)}, appears only as “{phrase}”: the article reports "
            f"no answer to the accusation{_what(group[0], accusations)}.",
            text=response.unit.text,
            position=response.unit.sentence.position,
            data={"accused": [p.name for p in group]},
        )

    def _denial(
        self,
        group: list[Party],
        first: Response | Accusation,
        responses: Sequence[Response],
        accusations: Sequence[Accusation],
    ) -> Iterator[Finding]:
        own = [r for r in responses if r.kind == "denial" and set(r.parties) & set(group)]
        reason = any(r.reason for r in own)
        who, what = _names(group, quote=False), _what(group[0], accusations)
        what = f"the accusation{what}"
        against = [a for a in accusations if set(a.accused) & set(group)]
        if against and all(a.kind == "contested" for a in against):
            phrase = first.phrase if isinstance(first, Response) else ""
            what = f"an accusation the article reports only through the denial (“{phrase}”)"
        plea = any(r.plea for r in own)
        said = "a reason is given" if reason else "no reason is given"
        if plea and not reason:
            said = "a plea or appeal in court, which needs no reason"
        yield self._rule["BAL104"].finding(
            f"The accused side, {_names(group)}, denied {what}; {said}.",
            text=first.unit.text,
            position=first.unit.sentence.position,
            data={"who": who, "reason_given": reason},
        )
        if not reason and not plea:
            yield self._rule["BAL105"].finding(
                f"{who} denied {what}, but the article gives no reason or explanation for "
                "the denial.",
                text=first.unit.text,
                position=first.unit.sentence.position,
                data={"who": who},
            )

    def _opinion(self, article: Article) -> bool:
        """Opinion, letters and reviews argue one side by design: BAL does not apply."""
        meta = article.metadata
        if self.opinion_types & {t.lower() for t in meta.jsonld_types}:
            return True
        section = meta.get("article:section").strip().lower()
        path = {s for s in re.split(r"[/_.-]", article.url.lower()) if s}
        return (
            section in self.opinion_sections
            or bool(path & self.opinion_sections)
            or article.title.strip().lower().startswith(self.opinion_prefixes)
        )


# --- helpers ------------------------------------------------------------------------------


def _english(article: Article) -> bool:
    return not article.language or article.language.lower().startswith("en")


def _names(group: Sequence[Party], *, quote: bool = True) -> str:
    names = [f"“{p.name}”" if quote else p.name for p in group]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _them(group: Sequence[Party]) -> str:
    return "it" if len(group) == 1 and group[0].kind in ("government", "institution") else "them"


def _what(party: Party, accusations: Sequence[Accusation]) -> str:
    what = next(
        (a.what for a in accusations if party in a.accused and a.what and a.kind != "contested"),
        "",
    ) or next((a.what for a in accusations if party in a.accused and a.what), "")
    what = re.split(r",|;|\s+(?:as|after|while|and said|saying)\s+", what)[0].strip()
    if not what:
        return ""
    what = what if len(what) <= 70 else f"{what[:70].rsplit(' ', 1)[0]} …"
    return f" {what}" if what.startswith("that ") else f" of {what}"


@hookimpl
def provcheck_register_checks(config: Config) -> Sequence[Check]:
    return [BalanceCheck()]
