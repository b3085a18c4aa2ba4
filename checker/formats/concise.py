"""One line per finding, for editors, pre-commit and grep: ``path:line:col: CODE [level] ...``."""

from __future__ import annotations

from collections.abc import Sequence

from provcheck.formats import FormatContext
from provcheck.formats.text import concise
from provcheck.report import Report


class ConciseFormat:
    name = "concise"
    summary = "one line per finding: path:line:col: CODE [level] name: message"

    def render(self, reports: Sequence[Report], ctx: FormatContext) -> str:
        return "".join(self.render_one(report, ctx) for report in reports)

    def render_one(self, report: Report, ctx: FormatContext) -> str:
        if report.error:
            return f"{report.source}: PC901 [error] input-error: {report.error}\n"
        return "".join(concise(report.source, f) + "\n" for f in report.active_findings)
