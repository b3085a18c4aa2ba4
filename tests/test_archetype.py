"""Issue 3's archetype, read as a reader should come away from it."""

from __future__ import annotations

from provcheck.testing import scan_path
from tests.conftest import ROOT

ARCHETYPE = ROOT / "fixtures" / "articles" / "archetype.html"


def test_archetype_scores_in_the_caution_band_with_every_problem_named() -> None:
    report = scan_path(ARCHETYPE)
    assert report.score is not None and report.score.overall is not None
    assert 45 <= report.score.overall <= 70
    by_code: dict[str, list[str]] = {}
    for finding in report.active_findings:
        by_code.setdefault(finding.code, []).append(finding.text)
    assert "IMG101" in by_code  # the AI picture, disclosed in its caption
    assert "(With inputs from agencies.)" in by_code["AGY101"]  # the vague credit
    assert "AGY103" in by_code and "TRN101" in by_code  # agency copy under a desk byline
    assert any("Independent analysts" in text for text in by_code["SRC103"])  # vague source
    assert len(by_code["SRC101"]) >= 2  # statements credited to no one
    assert "SRC105" in by_code  # no links
    assert "BAL104" in by_code  # the denial is reported


def test_figure_credited_to_the_named_minister_is_not_flagged() -> None:
    report = scan_path(ARCHETYPE)
    against_minister = [
        f for f in report.active_findings
        if not f.positive and ("38 per cent" in f.text or "Marsk" in f.text)
    ]  # fmt: skip
    assert against_minister == []


def test_every_point_lost_is_traced_to_a_finding() -> None:
    report = scan_path(ARCHETYPE)
    assert report.score is not None
    for dimension in report.score.dimensions:
        if dimension.score is None:
            continue
        costs = sum(f.points for f in report.active_findings if f.dimension == dimension.name)
        capped = any(d.capped for d in dimension.deductions)
        assert dimension.lost == costs or capped
        assert dimension.score == max(0, dimension.base - dimension.lost)
