"""What ``provcheck scan`` says around its report: colour choice, progress, statistics, and
naming standard input. The habits ruff, flake8 and pre-commit users expect."""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import IO

import pluggy

from provcheck.checks import Level
from provcheck.errors import SourceError
from provcheck.host import Session
from provcheck.report import Report
from provcheck.sources.local import RawDocument, is_scanned_file, media_type_for

hookimpl = pluggy.HookimplMarker("provcheck")
#: More sources than this make a long run: progress on stderr, --jobs defaults to the CPUs.
HANDFUL = 8


def under_pre_commit(environ: Mapping[str, str] = os.environ) -> bool:
    """pre-commit sets PRE_COMMIT=1 for its hooks; it runs several hook processes at once."""
    return bool(environ.get("PRE_COMMIT"))


def resolve_color(flag: str, environ: Mapping[str, str] = os.environ) -> str:
    """``--color`` after the environment: an explicit flag wins, then NO_COLOR (any non-empty
    value: no colour), then FORCE_COLOR (any non-empty value: colour even when piped)."""
    if flag != "auto":
        return flag
    if environ.get("NO_COLOR"):
        return "never"
    if environ.get("FORCE_COLOR"):
        return "always"
    return "auto"


def statistics(reports: Sequence[Report]) -> str:
    """One line per rule with findings, most frequent first: ``count  CODE  [level] name``."""
    counts: Counter[str] = Counter()
    about: dict[str, tuple[Level, str]] = {}
    for report in reports:
        for finding in report.active_findings:
            counts[finding.code] += 1
            about[finding.code] = (finding.level, finding.name)
    if not counts:
        return ""
    width = len(str(max(counts.values())))
    lines = [
        f"{count:>{width}}  {code:<7} [{about[code][0].label}] {about[code][1]}"
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    return "\n".join(lines) + "\n"


class ReportCollector:
    """Keeps the reports a run ends with (after the baseline), for --statistics."""

    reports: Sequence[Report] = ()

    @hookimpl
    def provcheck_session_finish(self, reports: Sequence[Report]) -> None:
        self.reports = reports


def stdin_document(session: Session, name: str) -> RawDocument | Report:
    """Standard input as a document called ``name`` (--stdin-filename): reports, config
    discovery and the Markdown-or-HTML choice go by that name."""
    try:
        raw: RawDocument | None = session.hook.provcheck_load_source(
            source="-", config=session.config
        )
    except SourceError as exc:
        return session.error_report(name, exc.reason)
    except Exception as exc:  # a loader plugin's bug: this source's error, as in Session.scan
        return session.error_report(name, f"internal error while reading: {exc!r}")
    if raw is None:
        return session.error_report(name, "no loader accepts this source")
    media = media_type_for(name) if is_scanned_file(name) else raw.media_type
    return dataclasses.replace(
        raw, source=name, media_type=media, base_dir=os.path.dirname(os.path.abspath(name))
    )


def scan_one(session: Session, source: str, stdin_name: str | None = None) -> Report:
    """``session.scan(source)``, with standard input renamed when ``stdin_name`` is given."""
    if source != "-" or not stdin_name:
        return session.scan(source)
    raw = stdin_document(session, stdin_name)
    return raw if isinstance(raw, Report) else session.scan_raw(raw)


def _duration(seconds: float) -> str:
    seconds = max(int(seconds), 0)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


class Progress:
    """Progress of a long run on stderr: on a terminal, one line redrawn at most five times a
    second with the total, percentage and time left; otherwise a plain line every
    ``every`` seconds (CI logs). ``enabled`` is off for short runs, under pre-commit and -q."""

    def __init__(
        self, total: int | None, enabled: bool = True, stream: IO[str] | None = None,
        every: float = 10.0,
    ) -> None:  # fmt: skip
        self.stream = stream or sys.stderr
        self.total = total
        self.terminal = self.stream.isatty()
        self.enabled = enabled
        self.every = every
        self.done = self.errors = 0
        self.started = self.shown = time.monotonic()
        self.drawn = False

    def line(self, now: float | None = None) -> str:
        elapsed = max((now or time.monotonic()) - self.started, 1e-9)
        rate = self.done / elapsed
        errors = f", {self.errors:,} unreadable" if self.errors else ""
        if not self.total:
            return f"{self.done:,} scanned{errors}, {rate:.1f}/s"
        share = min(self.done / self.total, 1.0)
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        return (
            f"{self.done:,}/{self.total:,} ({share:.0%}){errors}, {rate:.1f}/s, "
            f"{_duration(left)} left"
        )

    def update(self, error: bool = False) -> None:
        self.done += 1
        self.errors += error
        if not self.enabled:
            return
        now = time.monotonic()
        if self.terminal and now - self.shown >= 0.2:
            self.stream.write(f"\r\x1b[K{self.line(now)}")
            self.drawn = True
        elif not self.terminal and now - self.shown >= self.every:
            self.stream.write(f"provcheck: {self.line(now)}\n")
        else:
            return
        self.shown = now
        self.stream.flush()

    def say(self, message: str) -> None:
        """Print a line to stderr without tearing the progress line."""
        self.clear()
        print(message, file=self.stream)

    def clear(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn = False

