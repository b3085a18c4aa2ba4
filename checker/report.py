"""The scored report for one article."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from provcheck.checks import Finding, Level
from provcheck.model import Article


@dataclass(frozen=True, slots=True)
class Deduction:
    """Points one rule took from a dimension, traced to the findings that cost them."""

    code: str  # the rule
    points: int  # what it took, after its cap
    findings: int  # how many findings of this rule counted
    capped: bool = False  # whether max_points cut it short


@dataclass(frozen=True, slots=True)
class DimensionScore:
    """``base - deductions = score`` for one dimension; ``score`` None means "n/a"."""

    name: str  # imagery, agency, balance, sourcing, transparency
    weight: float  # its share of the overall score
    base: int  # the score before deductions (100)
    deductions: tuple[Deduction, ...]  # one per rule that cost points
    score: int | None  # base minus deductions, at least 0; None when it does not apply

    @property
    def applicable(self) -> bool:
        return self.score is not None

    @property
    def lost(self) -> int:
        return sum(d.points for d in self.deductions)


@dataclass(frozen=True, slots=True)
class Score:
    """Overall 0-100 score, its band in words, and the per-dimension breakdown."""

    overall: int | None  # 0-100, the weighted mean of applicable dimensions (None: none apply)
    band: str  # the score in words, e.g. "good"
    dimensions: tuple[DimensionScore, ...]
    incomplete: bool = False  # a check or plugin hook crashed (PC902): findings may be missing


@dataclass(frozen=True, slots=True)
class Report:
    """Everything provcheck says about one source. ``error`` is set when it could not be read."""

    source: str  # the path, URL or "-"
    article: Article | None  # None when the source could not be read
    findings: tuple[Finding, ...]  # in source order, suppressed ones included
    score: Score | None  # None when the source could not be read
    error: str = ""  # why the source could not be read ("" when it was)
    # Extra tables from checks (balance table, sourcing summary), as JSON-ready data.
    summaries: tuple[tuple[str, Any], ...] = ()

    @property
    def active_findings(self) -> tuple[Finding, ...]:
        """Findings that are not suppressed."""
        return tuple(f for f in self.findings if not f.suppressed)

    def worst_level(self) -> Level | None:
        levels = [f.level for f in self.active_findings]
        return max(levels) if levels else None
