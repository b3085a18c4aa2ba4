"""A deadline for a whole HTTP exchange, not only for each read.

httpx's timeouts apply to each connect, read and write: a server that sends a response head
one byte at a time, each just inside the read timeout, never trips one. The watchdog learns
each new TCP connection from httpcore's ``trace`` request extension, keeps a duplicate of its
socket, and when the time is up shuts the connection down, which wakes a read blocked in any
thread (under TLS too: both descriptors name the same connection). The request then fails
with a transport error, which the caller reports as its deadline.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from typing import Any


class Watchdog:
    """Shuts down every connection of one download when its time is up.

    Pass ``trace`` as the request's ``trace`` extension; use as a context manager.
    """

    def __init__(self, seconds: float) -> None:
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._fired = False
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True

    def __enter__(self) -> Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()

    def trace(self, event: str, info: dict[str, Any]) -> None:
        if event != "connection.connect_tcp.complete":
            return
        raw = info["return_value"].get_extra_info("socket")
        if not isinstance(raw, socket.socket):
            return
        copy = socket.socket(raw.family, raw.type, raw.proto, os.dup(raw.fileno()))
        with self._lock:
            self._sockets.append(copy)
            late = self._fired
        if late:
            self._fire()

    def _fire(self) -> None:
        with self._lock:
            self._fired = True
            for sock in self._sockets:
                with contextlib.suppress(OSError):  # already closed by the other side
                    sock.shutdown(socket.SHUT_RDWR)
