"""The human format: score, dimension table, then each finding with why and how to fix."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from provcheck.checks import Level
from provcheck.formats import FormatContext
from provcheck.formats.concise import concise_line
from provcheck.formats.visible import visible
from provcheck.report import Report, Score

_COLOURS = {Level.ERROR: "31", Level.WARNING: "33", Level.INFO: "36"}


class TextFormat:
    name = "text"
    summary = "for people: score, dimension table, findings with why and how to fix"

    def render(self, reports: Sequence[Report], ctx: FormatContext) -> str:
        parts = [self.render_one(report, ctx) for report in reports]
        scored = [r.score.overall for r in reports if r.score and r.score.overall is not None]
        errors = sum(1 for r in reports if r.error)
        if len(reports) > 1:
            mean = f", mean score {sum(scored) / len(scored):.0f}" if scored else ""
            parts.append(f"{len(reports)} sources, {errors} unreadable{mean}\n")
        return "\n".join(parts)

    def render_one(self, report: Report, ctx: FormatContext) -> str:
        paint = _Painter(ctx.color)
        if report.error:
            return (
                paint(f"{visible(report.source)}: error: {visible(report.error)}", Level.ERROR)
                + "\n"
            )
        lines = [paint(visible(report.source), None, bold=True)]
        article = report.article
        if article is not None:
            authors = visible(", ".join(a.name for a in article.authors)) or "no author"
            lines.append(f"  {visible(article.title) or '(no headline)'}")
            published = visible(article.published) or "no date"
            lines.append(f"  by {authors} · published {published}")
        if report.score is not None:
            lines.extend(_score_lines(report.score))
        active = report.active_findings
        if active:
            lines.append("")
        for finding in active:
            # The concise line (document-level findings at 1:1), painted whole by level.
            lines.append(paint(concise_line(report.source, finding), finding.level))
            if finding.text and finding.text not in finding.message:
                lines.append(f"    “{visible(_clip(finding.text))}”")
            if finding.explanation and not finding.positive:
                lines.append(_wrap("why: " + finding.explanation))
            if finding.fix and not finding.positive:
                lines.append(_wrap("fix: " + finding.fix))
        suppressed = len(report.findings) - len(active)
        if suppressed:
            lines.append(f"  ({suppressed} suppressed finding(s) not shown)")
        return "\n".join(lines) + "\n"


def _score_lines(score: Score) -> list[str]:
    overall = "n/a" if score.overall is None else f"{score.overall}/100"
    note = " (incomplete: a check crashed)" if score.incomplete else ""
    lines = [f"  Score {overall} — {score.band}{note}", ""]
    lines.append(f"  {'dimension':<13} {'score':>5}   base − deductions")
    for dim in score.dimensions:
        if dim.score is None:
            lines.append(f"  {dim.name:<13} {'n/a':>5}")
            continue
        traced = ", ".join(
            f"{d.code} ×{d.findings} −{d.points}{' (capped)' if d.capped else ''}"
            for d in dim.deductions
        )
        lines.append(
            f"  {dim.name:<13} {dim.score:>5}   {dim.base} − {dim.lost}"
            + (f"  [{traced}]" if traced else "")
        )
    return lines


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _wrap(text: str) -> str:
    return textwrap.fill(
        " ".join(text.split()), width=96, initial_indent="    ", subsequent_indent="         "
    )


class _Painter:
    """ANSI colour by level, or plain text when colour is off."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, level: Level | None, bold: bool = False) -> str:
        if not self.color:
            return text
        code = "1" if bold else _COLOURS.get(level, "0") if level is not None else "0"
        return f"\x1b[{code}m{text}\x1b[0m"
