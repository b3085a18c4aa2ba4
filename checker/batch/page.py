"""Scoring at scale: a page scorer for engines, and the worker pool behind ``scan --jobs``.

``score_page(html, url, headers)`` is what datatrove, Dask or Spark call: a module-level
function (so it pickles by reference), with no side effects beyond a per-process cache of the
session it builds on first use (built-in plugins only, default configuration). It returns the
report as plain data and never raises for a page: a page that breaks the parser or a check, or
runs past the time limit, comes back as a report with ``error`` set.
The time limit is ``provcheck.batch.limits`` (docs/batch.md).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from provcheck.batch.limits import DEFAULT_TIME_LIMIT, PageTimeout, scan_within, time_limit
from provcheck.checks import Finding
from provcheck.config import Config
from provcheck.host import Session, fails
from provcheck.report import Report
from provcheck.sources.decode import charset_of
from provcheck.sources.local import RawDocument, is_url

if TYPE_CHECKING:
    from provcheck.boundary import PluginProblem

Headers = Mapping[str, str] | Iterable[tuple[str, str]]


# --- the engine-facing scorer -------------------------------------------------------------

_ENGINE_SESSIONS: dict[bool, Session] = {}


def engine_session(entry_points: bool = False) -> Session:
    """This process's session for ``score_page``: built once, default configuration."""
    session = _ENGINE_SESSIONS.get(entry_points)
    if session is None:
        from provcheck.pluginmanager import make_plugin_manager

        session = Session(Config(), make_plugin_manager(entry_points=entry_points))
        _ENGINE_SESSIONS[entry_points] = session
    return session


def score_page(
    html: bytes | str,
    url: str = "",
    headers: Headers | None = None,
    *,
    record_id: str = "",
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    entry_points: bool = False,
) -> dict[str, Any]:
    """Score one fetched page; the report as plain data (the JSON-lines schema). Never raises.

    ``html`` is the response body (``str`` is taken as UTF-8 text); ``headers`` the HTTP
    response headers, whose ``Content-Type`` charset is used to decode the bytes;
    ``record_id`` (e.g. a WARC-Record-ID) goes into ``summaries["record"]``. Only the built-in
    checks run unless ``entry_points=True`` also loads installed provcheck plugins.
    """
    session = engine_session(entry_points)
    raw = page_document(html, url, headers)
    record = {"id": record_id} if record_id else None
    report = scan_guarded(session, Job(0, raw=raw, record=record), time_limit)
    data = plain_data(report, session.loaded.problems)
    data["source"] = url
    return data


def page_document(html: bytes | str, url: str, headers: Headers | None) -> RawDocument:
    """A fetched page as a RawDocument; never tied to a local file."""
    pairs = tuple(headers.items() if isinstance(headers, Mapping) else headers or ())
    content_type = next((v for k, v in pairs if k.lower() == "content-type"), "")
    charset = charset_of(content_type)
    if isinstance(html, str):
        html, charset = html.encode("utf-8", "surrogatepass"), "utf-8"
    media_type = content_type.split(";", 1)[0].strip().lower() or "text/html"
    # Only an http(s) address becomes the source: the image loader would read anything else
    # as a path next to the article.
    source = url if is_url(url) else ""
    return RawDocument(source, html, media_type, charset, url=source, headers=pairs)


def plain_data(report: Report, problems: Sequence[PluginProblem] = ()) -> dict[str, Any]:
    """A report as one JSON-lines record: ``schema_version``, ``report_data``, ``errors``
    (``problems``: the plugin failures of the run, see ``formats.jsonfmt.line_data``)."""
    from provcheck.formats.jsonfmt import line_data

    return line_data(report, problems)


# --- work items and the worker side of the pool -------------------------------------------


@dataclass(frozen=True, slots=True)
class Job:
    """One page to score: a ``source`` to load, ``raw`` bytes in hand, or an ``error``."""

    seq: int  # position in the run, for putting results back in input order
    source: str = ""
    raw: RawDocument | None = None
    error: str = ""
    record: Mapping[str, Any] | None = None  # where an archived page came from

    @property
    def name(self) -> str:
        return self.raw.source if self.raw is not None else self.source


@dataclass(frozen=True, slots=True)
class Row:
    """A finished report as output rows need it: the JSON line and a few flat columns."""

    line: str
    columns: Mapping[str, Any]
    error: bool
    fails: bool
    # IMG105 as the parent of a --jobs run may add it, one per hashed picture (batch/reuse.py)
    drafts: tuple[Finding, ...] = ()
    crashed: bool = False  # a plugin failed on this page (PC902): the run exits 3, as one process


@dataclass(frozen=True, slots=True)
class Done:
    seq: int
    report: Report | None = None  # for formatters, baselines
    row: Row | None = None  # for --output-dir


def scan_guarded(session: Session, job: Job, seconds: float | None) -> Report:
    """Scan one job under the time limit; every failure becomes the page's error report."""
    if job.error:
        report = session.error_report(job.name, job.error)
    elif job.raw is not None:
        raw = job.raw
        report = scan_within(session, raw.source, lambda: session.scan_raw(raw), seconds)
    else:
        report = scan_within(session, job.source, lambda: session.scan(job.source), seconds)
    if job.record is not None:
        report = replace(report, summaries=(*report.summaries, ("record", dict(job.record))))
    return report


def make_row(
    report: Report, config: Config, drafts: tuple[Finding, ...] = (),
    problems: Sequence[PluginProblem] = (),
) -> Row:  # fmt: skip
    """The row of ``report``; ``problems``: the plugin failures of the session that made it."""
    from provcheck.formats.jsonfmt import SCHEMA_VERSION

    data = plain_data(report, problems)
    record = dict(report.summaries).get("record") or {}
    score, article = report.score, report.article
    columns = {
        "schema_version": SCHEMA_VERSION,
        "source": report.source,
        "record_id": record.get("id"),
        "error": report.error or None,
        "overall": score.overall if score else None,
        "band": score.band if score else None,
        "dimensions": [(d.name, d.score) for d in score.dimensions] if score else [],
        "codes": [f.code for f in report.active_findings],
        "title": article.title if article else None,
        "published": article.published if article else None,
        "url": article.url if article else None,
        "language": article.language if article else None,
    }
    line = json.dumps(data, ensure_ascii=False)
    crashed = any(f.code == "PC902" for f in report.findings)
    return Row(line, columns, bool(report.error), fails(report, config), drafts, crashed)


@dataclass(frozen=True, slots=True)
class WorkerSpec:
    """How a worker rebuilds the parent's session when it was not forked from it."""

    config: Config
    blocked: tuple[str, ...] = ()
    strict: bool = False
    rows: bool = False  # return Row (for --output-dir) instead of Report
    seconds: float | None = DEFAULT_TIME_LIMIT
    modules: tuple[str, ...] = ()  # -p MODULE
    plugin_dirs: tuple[str, ...] = ()  # --plugins-dir
    show_traceback: bool = False

    def session(self) -> Session:
        from provcheck.pluginmanager import make_plugin_manager

        loaded = make_plugin_manager(
            self.blocked, strict=self.strict, modules=self.modules,
            plugin_dirs=self.plugin_dirs, show_traceback=self.show_traceback,
        )  # fmt: skip
        session = Session(self.config, loaded)
        # Load and session-hook failures were said once by the parent; a page's own (PC902,
        # with --show-traceback) are said by the worker that scanned it, as after a fork.
        loaded.say = _to_stderr
        return session


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr)


_WORKER: dict[str, Any] = {}


def use_session(session: Session, spec: WorkerSpec) -> None:
    """Set this process's session (forked workers inherit it and skip building their own)."""
    _WORKER["session"], _WORKER["spec"] = session, spec


def init_worker(spec: WorkerSpec, parent: int) -> None:
    """Pool initializer: ignore Ctrl-C (the parent stops the pool), watch for the parent's
    death, and build the session unless it came with the fork."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if _WORKER.get("spec") != spec:
        use_session(spec.session(), spec)


def _watch_parent(parent: int) -> None:
    # A killed parent leaves its workers blocked on a queue nobody writes: exit instead.
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def run_job(job: Job) -> Done:
    """Score one job in this process (a pool worker, or the parent with --jobs 1)."""
    session: Session = _WORKER["session"]
    spec: WorkerSpec = _WORKER["spec"]
    report = scan_guarded(session, job, spec.seconds)
    if spec.rows:
        from provcheck.batch.reuse import drafts

        made = make_row(report, session.config, drafts(session, report), session.loaded.problems)
        return Done(job.seq, row=made)
    return Done(job.seq, report=report)


__all__ = ["DEFAULT_TIME_LIMIT", "Job", "PageTimeout", "engine_session", "score_page", "time_limit"]
