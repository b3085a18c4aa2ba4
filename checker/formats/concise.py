"""One line per finding, for editors, pre-commit and grep: ``path:line:col: CODE [level] ...``.

A finding about the whole document (no line) is placed at ``1:1``, as ruff does, so every
line has the same shape for the tools that parse it. Colour (``--color``, ``FORCE_COLOR``)
paints the path bold and the code and level by severity; the text is otherwise the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from provcheck.checks import Finding, Level
from provcheck.formats import FormatContext
from provcheck.formats.visible import visible
from provcheck.report import Report

_COLOURS = {Level.ERROR: "1;31", Level.WARNING: "1;33", Level.INFO: "1;36"}


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def concise_line(source: str, finding: Finding, color: bool = False) -> str:
    """``path:line:col: CODE [level] name: message`` (document-level findings at 1:1)."""
    line, column = finding.position.line, finding.position.column
    where = f"{line}:{max(column, 1)}" if line > 0 else "1:1"
    colour = _COLOURS.get(finding.level, "1")
    return (
        f"{_paint(visible(source), '1', color)}:{where}: "
        f"{_paint(f'{finding.code} [{finding.level.label}]', colour, color)} "
        f"{finding.name}: {visible(finding.message)}"
    )


class ConciseFormat:
    name = "concise"
    summary = "one line per finding: path:line:col: CODE [level] name: message"

    def render(self, reports: Sequence[Report], ctx: FormatContext) -> str:
        return "".join(self.render_one(report, ctx) for report in reports)

    def render_one(self, report: Report, ctx: FormatContext) -> str:
        if report.error:
            path = _paint(visible(report.source), "1", ctx.color)
            code = _paint("PC901 [error]", _COLOURS[Level.ERROR], ctx.color)
            return f"{path}:1:1: {code} input-error: {visible(report.error)}\n"
        return "".join(
            concise_line(report.source, f, ctx.color) + "\n" for f in report.active_findings
        )
