"""Scoring at scale: a page scorer for engines, and the worker pool behind ``scan --jobs``.

``score_page(html, url, headers)`` is what datatrove, Dask or Spark call: a module-level
function (so it pickles by reference), with no side effects beyond a per-process cache of the
session it builds on first use (built-in plugins only, default configuration). It returns the
report as plain data and never raises for a page: a page that breaks the parser or a check, or
runs past the time limit, comes back as a report with ``error`` set.

The time limit is a SIGALRM timer in a process's main thread and an asynchronous exception in
any other thread (Dask runs tasks in threads). Both are delivered between Python bytecodes, so
a page stuck inside C code - lxml's parser, a regular expression's matcher, zlib - is cut off
only when that call returns. See docs/batch.md.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from provcheck.config import Config
from provcheck.host import Session, fails
from provcheck.report import Report
from provcheck.sources.local import RawDocument, is_url

DEFAULT_TIME_LIMIT = 60.0

Headers = Mapping[str, str] | Iterable[tuple[str, str]]


class PageTimeout(BaseException):
    """A page ran past its time limit.

    A BaseException, so that the host's per-check error boundaries (``except Exception``) do
    not catch it: the whole page is cut off, not only the check that happened to be running.
    """


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``PageTimeout`` in this thread once ``seconds`` have passed (None or 0: no limit)."""
    if not seconds or seconds <= 0:
        yield
    elif threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _alarm(seconds):
            yield
    else:
        with _async_alarm(seconds):
            yield


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise PageTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _async_alarm(seconds: float) -> Iterator[None]:
    # Signals reach only the main thread; elsewhere a timer thread sets an asynchronous
    # exception on this one (CPython's PyThreadState_SetAsyncExc), under a lock so that it
    # is never left pending once the page is done.
    target = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def expire() -> None:
        with lock:
            if not state["done"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(PageTimeout))
                state["fired"] = True

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
            timer.cancel()
            if state["fired"]:  # clear it if it has not been raised yet
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)


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
    data = plain_data(report)
    data["source"] = url
    return data


def page_document(html: bytes | str, url: str, headers: Headers | None) -> RawDocument:
    """A fetched page as a RawDocument; never tied to a local file."""
    pairs = tuple(headers.items() if isinstance(headers, Mapping) else headers or ())
    content_type = next((v for k, v in pairs if k.lower() == "content-type"), "")
    charset = _charset(content_type)
    if isinstance(html, str):
        html, charset = html.encode("utf-8", "surrogatepass"), "utf-8"
    media_type = content_type.split(";", 1)[0].strip().lower() or "text/html"
    # Only an http(s) address becomes the source: the image loader would read anything else
    # as a path next to the article.
    source = url if is_url(url) else ""
    return RawDocument(source, html, media_type, charset, url=source, headers=pairs)


def _charset(content_type: str) -> str:
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip("\"'")
    return ""


def plain_data(report: Report) -> dict[str, Any]:
    """A report as one JSON-lines record: ``schema_version`` then ``report_data``."""
    from provcheck.formats.jsonfmt import SCHEMA_VERSION, report_data

    return {"schema_version": SCHEMA_VERSION, **report_data(report)}


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


@dataclass(frozen=True, slots=True)
class Done:
    seq: int
    report: Report | None = None  # for formatters, baselines
    row: Row | None = None  # for --output-dir


def scan_guarded(session: Session, job: Job, seconds: float | None) -> Report:
    """Scan one job under the time limit; every failure becomes the page's error report."""
    try:
        with time_limit(seconds):
            if job.error:
                report = session.error_report(job.name, job.error)
            elif job.raw is not None:
                report = session.scan_raw(job.raw)
            else:
                report = session.scan(job.source)
    except PageTimeout:
        reason = f"cut off after {seconds:g} s (the per-page time limit)"
        report = session.error_report(job.name, reason)
    except Exception as exc:  # the host's own boundaries failed: still one page's error
        report = session.error_report(job.name, f"internal error: {type(exc).__name__}: {exc}")
    if job.record is not None:
        report = replace(report, summaries=(*report.summaries, ("record", dict(job.record))))
    return report


def make_row(report: Report, config: Config) -> Row:
    from provcheck.formats.jsonfmt import SCHEMA_VERSION

    data = plain_data(report)
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
    return Row(line, columns, bool(report.error), fails(report, config))


@dataclass(frozen=True, slots=True)
class WorkerSpec:
    """How a worker rebuilds the parent's session when it was not forked from it."""

    config: Config
    blocked: tuple[str, ...] = ()
    strict: bool = False
    rows: bool = False  # return Row (for --output-dir) instead of Report
    seconds: float | None = DEFAULT_TIME_LIMIT

    def session(self) -> Session:
        from provcheck.pluginmanager import make_plugin_manager

        return Session(self.config, make_plugin_manager(self.blocked, strict=self.strict))


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
        return Done(job.seq, row=make_row(report, session.config))
    return Done(job.seq, report=report)


__all__ = ["DEFAULT_TIME_LIMIT", "Job", "PageTimeout", "engine_session", "score_page", "time_limit"]
