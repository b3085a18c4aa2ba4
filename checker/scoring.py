"""The built-in scorer: base minus traced deductions per dimension, weighted overall.

Registered ``trylast`` through ``provcheck_score``, so a plugin's scorer replaces it.
Weights, bases and bands come from ``rules/scoring.toml``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pluggy

from provcheck.checks import DIMENSIONS, Finding
from provcheck.config import Config
from provcheck.model import Article
from provcheck.report import Deduction, DimensionScore, Score
from provcheck.rulepacks.files import builtin_data

hookimpl = pluggy.HookimplMarker("provcheck")


@dataclass(frozen=True, slots=True)
class Weights:
    weights: tuple[tuple[str, float, int], ...]  # (dimension, weight, base)
    bands: tuple[tuple[int, str], ...]  # (min, label), highest first

    @classmethod
    def builtin(cls) -> Weights:
        data: dict[str, Any] = builtin_data("scoring")
        dims = data["dimensions"]
        return cls(
            weights=tuple(
                (name, float(dims[name]["weight"]), int(dims[name]["base"])) for name in DIMENSIONS
            ),
            bands=tuple(
                sorted(((int(b["min"]), str(b["label"])) for b in data["bands"]), reverse=True)
            ),
        )

    def band(self, score: int | None) -> str:
        if score is None:
            return "not scored"
        return next((label for low, label in self.bands if score >= low), self.bands[-1][1])


def score_findings(
    findings: Sequence[Finding], applicable: frozenset[str], weights: Weights
) -> Score:
    """Score active findings; each rule's findings together cost at most its ``max_points``."""
    per_rule: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        if not finding.suppressed:
            per_rule[(finding.dimension, finding.code)].append(finding)
    present = {dimension for dimension, _ in per_rule} | set(applicable)
    dimensions = []
    for name, weight, base in weights.weights:
        deductions = []
        for (dimension, code), found in sorted(per_rule.items()):
            if dimension != name:
                continue
            total = sum(f.points for f in found)
            cap = max(f.max_points for f in found)
            capped = bool(cap) and total > cap
            if total or any(f.positive for f in found):
                deductions.append(
                    Deduction(code, min(total, cap) if capped else total, len(found), capped)
                )
        lost = sum(d.points for d in deductions)
        score = max(0, base - lost) if name in present else None
        dimensions.append(DimensionScore(name, weight, base, tuple(deductions), score))
    scored = [(d.weight, d.score) for d in dimensions if d.score is not None and d.weight > 0]
    total_weight = sum(w for w, _ in scored)
    overall = round(sum(w * s for w, s in scored) / total_weight) if total_weight else None
    incomplete = any(f.code == "PC902" for f in findings)
    return Score(overall, weights.band(overall), tuple(dimensions), incomplete)


class BuiltinScorer:
    """Plugin object holding the weights, read once per session."""

    def __init__(self) -> None:
        self.weights = Weights.builtin()

    @hookimpl(trylast=True)
    def provcheck_score(
        self,
        article: Article,
        findings: Sequence[Finding],
        applicable: frozenset[str],
        config: Config,
    ) -> Score:
        return score_findings(findings, applicable, self.weights)
