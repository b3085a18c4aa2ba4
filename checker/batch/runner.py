"""``provcheck scan`` over many sources: ``--jobs N``, WARC/ARC input, ``--output-dir``.

The single-process path in ``commands/scan.py`` stays as it is for ``--jobs 1`` over plain
files; this runner takes over for more jobs, for web archives (one input, many pages) and for
``--output-dir``. Reports on stdout come in input order for whole-run formats and as they
finish for streaming ones (``jsonl``).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from provcheck.batch.inputs import Input, assign_outputs, check_dir_options, plan_inputs
from provcheck.batch.output import OUTPUT_FORMATS, OrderedOutput, Tally
from provcheck.batch.page import Done, Job, WorkerSpec, make_row, use_session
from provcheck.batch.reuse import completed_reuse
from provcheck.commands.console import HANDFUL, Progress, under_pre_commit
from provcheck.errors import ExitCode
from provcheck.host import Session
from provcheck.sources.local import RawDocument, is_warc
from provcheck.sources.warc import read_pages


def cpu_count() -> int:
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else os.cpu_count() or 1


def batch_jobs(args: argparse.Namespace, sources: Sequence[str]) -> int | None:
    """Worker count for the batch runner, or None for the plain single-process path."""
    archives = any(is_warc(s) for s in sources)
    jobs: int | None = args.jobs
    if jobs is None and under_pre_commit():
        jobs = 1  # pre-commit runs several hook processes in parallel already
    if jobs is None:
        jobs = cpu_count() if archives or len(sources) > HANDFUL else 1
    elif jobs == 0:
        jobs = cpu_count()
    if jobs == 1 and not archives and not args.output_dir:
        return None
    return jobs


class Run:
    """One batch run: reads inputs into jobs, feeds the pool, writes what comes back."""

    def __init__(self, session: Session, args: argparse.Namespace, inputs: list[Input]) -> None:
        self.session = session
        self.args = args
        self.inputs = inputs
        self.owner: dict[int, Input] = {}
        self.tally = Tally(1)
        # The total is known for files; a web archive's page count is not (a count, no ETA).
        archives = any(item.counts is not None for item in inputs)
        total = None if archives else len(inputs)
        long_run = (archives or len(inputs) > HANDFUL) and not args.quiet
        self.progress = Progress(total, enabled=long_run and not under_pre_commit())
        self.rows = bool(args.output_dir)
        self.on_done: Callable[[Done, Input], None] = lambda done, item: None

    def jobs(self) -> Iterator[Job]:
        seq = 0
        max_bytes = self.session.config.max_bytes
        for item in self.inputs:
            item.first_seq = seq
            for job in self._jobs_of(item, max_bytes, seq):
                self.owner[job.seq] = item
                item.pending += 1
                seq += 1
                yield job
            item.read_all = True
            self._maybe_finish(item)

    def _jobs_of(self, item: Input, max_bytes: int, seq: int) -> Iterator[Job]:
        if item.counts is None:
            yield self._plain_job(item.source, seq)
            return
        for page in read_pages(item.source, item.counts, max_bytes):
            record = page.record(item.source)
            if page.error:
                yield Job(seq, source=page.uri, error=page.error, record=record)
            else:
                yield Job(seq, raw=page.raw(), record=record)
            seq += 1
        if item.counts.error:  # the archive's own error: one report, after its pages
            yield Job(seq, source=item.source, error=item.counts.error)

    def _plain_job(self, source: str, seq: int) -> Job:
        if source != "-":
            return Job(seq, source=source)
        if self.args.stdin_filename:
            from provcheck.commands.console import stdin_document

            read = stdin_document(self.session, self.args.stdin_filename)
            if isinstance(read, RawDocument):
                return Job(seq, raw=read)
            return Job(seq, source=read.source, error=read.error)
        # Standard input belongs to this process: read it here, score it in a worker.
        from provcheck.errors import SourceError

        try:
            raw = self.session.hook.provcheck_load_source(source="-", config=self.session.config)
        except SourceError as exc:
            return Job(seq, source="-", error=exc.reason)
        return Job(seq, raw=raw) if raw is not None else Job(seq, source="-")

    def take(self, done: Done) -> None:
        item = self.owner.pop(done.seq)
        item.pending -= 1
        if done.row is not None:
            error, overall = done.row.error, done.row.columns["overall"]
            source = str(done.row.columns["source"])
            message = str(done.row.columns["error"] or "")
        else:
            assert done.report is not None
            report = done.report
            error, source, message = bool(report.error), report.source, report.error
            overall = report.score.overall if report.score else None
        self.tally.add(error, overall)
        if error and self._errors_to_stderr():
            from provcheck.formats.visible import visible

            self.progress.say(f"provcheck: error: {visible(source)}: {visible(message)}")
        self.on_done(done, item)
        self.progress.update(bool(error))
        self._maybe_finish(item)

    def _errors_to_stderr(self) -> bool:
        # As the single-process path: the text format on stdout already shows errors.
        return self.rows or not (self.args.format == "text" and not self.args.output)

    def _maybe_finish(self, item: Input) -> None:
        if not item.read_all or item.pending:
            return
        item.read_all = False  # finish once
        if item.sink is not None:
            item.sink.commit()
        elif item.output is not None:  # an input with no pages still gets its (empty) file
            self._sink_for(item).commit()
        if item.counts is not None and not self.args.quiet:
            self.progress.say(f"provcheck: {item.source}: {item.counts.describe()}")

    def _sink_for(self, item: Input) -> OrderedOutput:
        if item.sink is None:
            assert item.output is not None
            output_class = OUTPUT_FORMATS[self.args.output_format][1]
            item.sink = OrderedOutput(output_class(item.output), item.first_seq)
        return item.sink

    def write_row(self, done: Done, item: Input) -> None:
        assert done.row is not None
        self._sink_for(item).add(done.seq, done.row)

    def spec(self) -> WorkerSpec:
        from provcheck.commands.common import blocked_plugins, plugin_modules

        args, config = self.args, self.session.config
        blocked = blocked_plugins(args.plugin_flags, config)
        return WorkerSpec(
            config, tuple(blocked), bool(args.strict_plugins or config.strict_plugins),
            rows=self.rows, seconds=config.page_timeout or None,
            modules=tuple(plugin_modules(args.plugin_flags)),
            plugin_dirs=tuple(args.plugins_dir), show_traceback=bool(args.show_traceback),
        )  # fmt: skip

    def results(self, jobs: int) -> Iterator[Done]:
        from provcheck.batch.pool import DIED, Pool, run_local

        spec = self.spec()
        use_session(self.session, spec)  # for --jobs 1, and inherited by forked workers
        self.tally.jobs = jobs
        if jobs == 1:
            return run_local(self.jobs())

        def died(job: Job) -> Done:
            report = self.session.error_report(job.name, DIED)
            if self.rows:
                problems = self.session.loaded.problems
                return Done(job.seq, row=make_row(report, self.session.config, (), problems))
            return Done(job.seq, report=report)

        return Pool(jobs, spec, died).run(self.jobs())


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM stops the run as Ctrl-C does: pool down, exit 130


def run_batch(session: Session, args: argparse.Namespace, formatter: Any, jobs: int) -> int:
    inputs = plan_inputs(args)
    run = Run(session, args, inputs)
    skipped = 0
    if args.output_dir:
        check_dir_options(args, inputs)
        run.inputs = assign_outputs(inputs, Path(args.output_dir), args.output_format)
        run.progress.total = len(run.inputs) if run.progress.total else None
        skipped = len(inputs) - len(run.inputs)
        if skipped and not args.quiet:
            print(f"provcheck: {skipped} of {len(inputs)} inputs already done in "
                  f"{args.output_dir}, not scanned again", file=sys.stderr)  # fmt: skip
    # Signal handlers can only be set from the main thread (an embedding may call us elsewhere).
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _interrupt) if main else None
    try:
        code = _to_folder(run, jobs) if args.output_dir else _to_stream(run, jobs, formatter)
    finally:
        if main:
            signal.signal(signal.SIGTERM, previous)
        run.progress.clear()
    if not args.quiet:
        print(run.tally.summary(), file=sys.stderr)
    return code


def _to_folder(run: Run, jobs: int) -> int:
    errors = failed = False
    run.on_done = run.write_row
    for done in completed_reuse(run.session, jobs, run.results(jobs)):
        run.take(done)
        assert done.row is not None
        errors |= done.row.error
        failed |= done.row.fails
        # A plugin that failed on a page in a worker counts as in one process: exit 3 (or 2).
        run.session.plugin_failed |= done.row.crashed
    # Reports are on disk, not in memory: the session-finish hook gets none (docs/batch.md).
    code = ExitCode.USAGE if errors else ExitCode.FINDINGS if failed else ExitCode.OK
    return run.session.finish((), code)


def _to_stream(run: Run, jobs: int, formatter: Any) -> int:
    """Reports to stdout or -o: in input order, or as they finish for a streaming format."""
    from provcheck.commands.output import ReportSink

    sink = ReportSink(run.session, run.args, formatter)
    run.progress.enabled &= not (sink.streaming and sink.out.isatty())  # one terminal, two writers
    quiet = run.args.quiet
    try:
        # --jobs N: back in input order, with IMG105 repeats that crossed workers (reuse.py).
        for done in completed_reuse(run.session, jobs, run.results(jobs)):
            assert done.report is not None
            run.take(done)
            sink.add(done.report, done.seq)
    except BaseException:
        sink.abort()
        raise
    say = (lambda text: None) if quiet else run.progress.say
    return sink.close(say=say, before_render=run.progress.clear)


__all__ = ["HANDFUL", "batch_jobs", "cpu_count", "run_batch"]
