"""Writing reports for ``provcheck scan``: one place for the output file, colour, baseline
filtering, streaming, the final render, the exit code and ``--write-baseline``.

Both the single-process scan and the batch runner feed their reports through ``ReportSink``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import IO, Any

from provcheck import __version__
from provcheck.config import Config
from provcheck.errors import ExitCode
from provcheck.formats import FormatContext, StreamingFormatter
from provcheck.host import Session, fails
from provcheck.report import Report


def exit_code(reports: Sequence[Report], config: Config) -> ExitCode:
    if any(report.error for report in reports):
        return ExitCode.USAGE
    if any(fails(report, config) for report in reports):
        return ExitCode.FINDINGS
    return ExitCode.OK


class ReportSink:
    """Takes reports as they are made and writes them as the format wants."""

    def __init__(self, session: Session, args: argparse.Namespace, formatter: Any) -> None:
        from provcheck.editors.baseline import load_baseline

        self.session, self.args, self.formatter = session, args, formatter
        self.known = load_baseline(args.baseline) if args.baseline else None
        # Not a with-block: the output is stdout unless -o names a file; close() closes it.
        self.out: IO[str] = (
            open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
        )
        color = args.color == "always" or (
            args.color == "auto" and self.out.isatty() and not os.environ.get("NO_COLOR")
        )
        self.ctx = FormatContext(
            session.config, tuple(session.rules_sorted()), __version__, color,
            plugins=tuple(session.loaded.plugins), problems=session.loaded.problems,
        )  # fmt: skip
        self.streaming = isinstance(formatter, StreamingFormatter)
        self.scanned: list[tuple[int, Report]] = []

    @property
    def shows_errors(self) -> bool:
        """Whether the output itself shows input errors (text on the terminal does)."""
        return self.formatter.name == "text" and self.out is sys.stdout

    def _shown(self, report: Report) -> Report:
        return self.known.filter(report) if self.known is not None else report

    def add(self, report: Report, seq: int | None = None) -> None:
        """Record one report (``seq``: its input order) and stream it if the format can."""
        self.scanned.append((len(self.scanned) if seq is None else seq, report))
        if self.streaming:
            self.out.write(self.formatter.render_one(self._shown(report), self.ctx))
            self.out.flush()

    def close(
        self,
        say: Callable[[str], None] | None = None,
        before_render: Callable[[], None] = lambda: None,
    ) -> int:
        """Render what is left, close the output, write the baseline; return the exit code."""
        from provcheck.editors.baseline import write_baseline

        self.scanned.sort(key=lambda pair: pair[0])
        reports = [self._shown(report) for _, report in self.scanned]
        try:
            if not self.streaming:
                before_render()
                self.out.write(self.formatter.render(reports, self.ctx))
        finally:
            self.abort()
        code = exit_code(reports, self.session.config)
        if self.args.write_baseline:
            raw = [report for _, report in self.scanned]
            count = write_baseline(self.args.write_baseline, raw, __version__)
            message = f"provcheck: wrote {count} finding(s) to {self.args.write_baseline}"
            (say or (lambda text: print(text, file=sys.stderr)))(message)
            code = ExitCode.USAGE if code == ExitCode.USAGE else ExitCode.OK
        self.session.finish(reports, code)
        return code

    def abort(self) -> None:
        """Close the output file (not stdout) without rendering, e.g. after an interrupt."""
        if self.out is not sys.stdout and not self.out.closed:
            self.out.close()
