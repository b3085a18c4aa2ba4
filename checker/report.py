"""The scored report for one article."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from provcheck.checks import Finding, Level
from provcheck.model import Article


@dataclass(frozen=True, slots=True)
class Deduction:
    """Points one rule took from a dimension, traced to the findings that cost them."""

    code: str
    points: int
    findings: int  # how many findings of this rule counted
    capped: bool = False


@dataclass(frozen=True, slots=True)
class DimensionScore:
    """``base - deductions = score`` for one dimension; ``score`` None means "n/a"."""

    name: str
    weight: float
    base: int
    deductions: tuple[Deduction, ...]
    score: int | None

    @property
    def applicable(self) -> bool:
        return self.score is not None

    @property
    def lost(self) -> int:
        return sum(d.points for d in self.deductions)


@dataclass(frozen=True, slots=True)
class Score:
    """Overall 0-100 score, its band in words, and the per-dimension breakdown."""

    overall: int | None
    band: str
    dimensions: tuple[DimensionScore, ...]
    incomplete: bool = False


@dataclass(frozen=True, slots=True)
class Report:
    """Everything provcheck says about one source. ``error`` is set when it could not be read."""

    source: str
    article: Article | None
    findings: tuple[Finding, ...]
    score: Score | None
    error: str = ""
    # Extra tables from checks (balance table, sourcing summary), as JSON-ready data.
    summaries: tuple[tuple[str, Any], ...] = ()

    @property
    def active_findings(self) -> tuple[Finding, ...]:
        """Findings that are not suppressed."""
        return tuple(f for f in self.findings if not f.suppressed)

    def worst_level(self) -> Level | None:
        levels = [f.level for f in self.active_findings]
        return max(levels) if levels else None
