"""The worker pool behind ``scan --jobs N``: N processes, a bounded number of pages in flight.

Pages go out as the input is read (a WARC is never read whole into memory) and come back in
the order they finish. A Python error in a page is already that page's report (see
``provcheck.batch.page``); a worker that dies outright - a crash in native code, the out-of-memory
killer - breaks the whole process pool, so every page that was in flight is rerun one at a
time on a fresh pool: the page that kills its worker again gets an error report, the others
their normal ones.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from provcheck.batch.page import Done, Job, WorkerSpec, init_worker, run_job

START_METHOD_VARIABLE = "PROVCHECK_START_METHOD"

DIED = (
    "the worker process died while scanning this page (a crash in native code, or killed, "
    "e.g. for running out of memory)"
)


class Pool:
    """Runs jobs on ``jobs`` worker processes; ``on_death(job)`` makes a dead page's result."""

    _executor: ProcessPoolExecutor  # set by run()

    def __init__(self, jobs: int, spec: WorkerSpec, on_death: Callable[[Job], Done]) -> None:
        self.jobs = jobs
        self.spec = spec
        self.on_death = on_death
        self.window = jobs * 4  # enough queued to keep workers busy, little held in memory
        self.restarts = 0

    def _start(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context(start_method())
        return ProcessPoolExecutor(
            self.jobs, context, initializer=init_worker, initargs=(self.spec, os.getpid())
        )

    def run(self, work: Iterable[Job]) -> Iterator[Done]:
        """Results in the order they finish."""
        self._executor = self._start()
        try:
            yield from self._loop(iter(work))
        except BaseException:  # interrupted, or the consumer stopped early: stop at once
            _kill(self._executor)
            raise
        self._executor.shutdown(wait=True)

    def _loop(self, queue: Iterator[Job]) -> Iterator[Done]:
        pending: dict[Future[Done], Job] = {}
        while True:
            _fill(self._executor, pending, queue, self.window)
            if not pending:
                return
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            lost: list[Job] = []
            for future in finished:
                job = pending.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    lost.append(job)
            if lost:  # a broken pool fails everything in flight; find the page that did it
                lost += pending.values()
                pending.clear()
                self._restart()
                for job in sorted(lost, key=lambda j: j.seq):
                    yield self._alone(job)

    def _alone(self, job: Job) -> Done:
        try:
            return self._executor.submit(run_job, job).result()
        except BrokenProcessPool:
            self._restart()
            return self.on_death(job)

    def _restart(self) -> None:
        self.restarts += 1
        _kill(self._executor)
        self._executor = self._start()


def start_method() -> str | None:
    """How workers start: ``$PROVCHECK_START_METHOD`` (fork, spawn, forkserver) if set, else
    fork where there is one - workers inherit the parent's session, no second start-up -
    else the platform's default; a worker not forked builds its session from the spec."""
    methods = multiprocessing.get_all_start_methods()
    wanted = os.environ.get(START_METHOD_VARIABLE, "").strip().lower()
    if wanted:
        if wanted not in methods:
            from provcheck.errors import ConfigError

            raise ConfigError(
                f"{START_METHOD_VARIABLE}={wanted!r}: this system starts processes by "
                f"{', '.join(methods)}"
            )
        return wanted
    return "fork" if "fork" in methods else None


def _fill(
    executor: ProcessPoolExecutor,
    pending: dict[Future[Done], Job],
    queue: Iterator[Job],
    window: int,
) -> None:
    while len(pending) < window:
        job = next(queue, None)
        if job is None:
            return
        pending[executor.submit(run_job, job)] = job


def _kill(executor: ProcessPoolExecutor) -> None:
    """Stop now: an interrupted run must not wait for the pages in flight to finish."""
    # ProcessPoolExecutor has no public way to end running work; it keeps its worker
    # processes in ``_processes``.
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()


def run_local(work: Iterable[Job]) -> Iterator[Done]:
    """The same jobs in this process (``--jobs 1``); ``batch.use_session`` must be called."""
    for job in work:
        yield run_job(job)


__all__ = ["DIED", "START_METHOD_VARIABLE", "Pool", "run_local", "start_method"]
