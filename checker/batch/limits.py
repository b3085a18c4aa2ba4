"""The per-page time limit, for ``scan`` in one process, ``--jobs`` workers and engines.

A SIGALRM timer in a process's main thread and an asynchronous exception in any other thread
(Dask runs tasks in threads). Both are delivered between Python bytecodes, so a page stuck
inside C code - lxml's parser, a regular expression's matcher, zlib - is cut off only when that
call returns. See docs/batch.md.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from provcheck.host import Session
    from provcheck.report import Report

DEFAULT_TIME_LIMIT = 60.0


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
    import ctypes  # lazy: only engines that run pages in threads need it

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


def cut_off(seconds: float | None) -> str:
    """The error of a page that ran past its time limit."""
    return f"cut off after {seconds or 0:g} s (the per-page time limit, --page-timeout)"


def scan_within(
    session: Session, name: str, scan: Callable[[], Report], seconds: float | None
) -> Report:
    """``scan()`` under the time limit; running past it, or a failure the host's own error
    boundaries let through, becomes the page's error report naming ``name``."""
    try:
        with time_limit(seconds):
            return scan()
    except PageTimeout:
        return session.error_report(name, cut_off(seconds))
    except Exception as exc:  # the host's own boundaries failed: still one page's error
        return session.error_report(name, f"internal error: {type(exc).__name__}: {exc}")


__all__ = ["DEFAULT_TIME_LIMIT", "PageTimeout", "cut_off", "scan_within", "time_limit"]
