"""The balance table of the BAL check: each side's sentences and sources, and the answer.

Given the article, its sentences, the accusations and the accused side's answers, this gives
the plain JSON the report carries as ``summaries["balance"]`` (see docs/rules/balance.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from provcheck import Article
from provcheck.plugins.balance.accusations import Accusation
from provcheck.plugins.balance.parties import Party, unique
from provcheck.plugins.balance.responses import Response, side_of, speaker_side
from provcheck.plugins.balance.units import Unit
from provcheck.plugins.sourcing.attribution import NAMED, attribute


def summary(
    article: Article,
    units: Sequence[Unit],
    accusations: Sequence[Accusation],
    accused: Sequence[Party],
    responses: Sequence[Response],
) -> dict[str, Any]:
    """The balance table: each side's sentences and sources, and how the accused answered."""
    accusers = unique(p for a in accusations for p in a.accuser)
    sources = accused_sources(article, units, accusations)
    for response in responses:
        sources["accused"]["sentences"].add(response.unit.index)
    kinds = {r.kind for r in responses}
    sides = [
        {
            "side": side,
            "party": ", ".join(p.name for p in group if p.identifiable),
            "sentences": len(sources[side]["sentences"]),
            "named_sources": len(sources[side]["named"]),
            "vague_sources": len(sources[side]["vague"]),
        }
        for side, group in (("accuser", accusers), ("accused", accused))
    ]
    return {
        "sides": sides,
        "response": next((k for k in ("denial", "statement", "sought") if k in kinds), "none"),
        "reason_given": any(r.reason for r in responses if r.kind == "denial"),
    }


def accused_sources(
    article: Article, units: Sequence[Unit], accusations: Sequence[Accusation]
) -> dict[str, dict[str, Any]]:
    """Per side ("accuser"/"accused"): sentences credited to it, named and vague sources."""
    by_place = {(u.block.index, u.sentence.start): u for u in units}
    sides: dict[str, dict[str, Any]] = {
        side: {"sentences": set(), "named": set(), "vague": set()}
        for side in ("accuser", "accused")
    }
    for accusation in accusations:
        if accusation.kind != "contested":  # a claim read from a denial is the accused speaking
            sides["accuser"]["sentences"].add(accusation.unit.index)
    for item in attribute(article):
        unit = by_place.get((item.block.index, item.sentence.start))
        speaker = item.effective
        if unit is None or speaker.kind == "none":
            continue
        who, _ = side_of(speaker.speaker, accusations)
        if who == "unknown" and speaker_side(speaker.speaker, accusations, unit.index):
            who = "accused"
        if who not in sides:
            continue
        sides[who]["sentences"].add(unit.index)
        bucket = "named" if speaker.kind in NAMED else "vague"
        sides[who][bucket].add(speaker.speaker.lower())
    return sides
