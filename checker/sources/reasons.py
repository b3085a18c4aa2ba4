"""One-line reasons for failed downloads, from httpx's exceptions and the socket errors inside.

httpx wraps httpcore's exceptions, which wrap the socket's or the TLS library's; the user
needs the innermost one in words ("connection refused by example.org (192.0.2.7) port 8080"),
not a chain of class names.
"""

from __future__ import annotations

import ssl

import httpx


def connect_reason(
    exc: httpx.TransportError, host: str, address: str, port: int | None, timeout: float
) -> str:
    """Why connecting to ``address`` (vetted for ``host``) failed."""
    where = host if host == address else f"{host} ({address})"
    if port:
        where += f" port {port}"
    if isinstance(exc, httpx.ConnectTimeout):
        return f"timed out after {timeout:g}s while connecting to {where}"
    cause = root_cause(exc)
    if isinstance(cause, ConnectionRefusedError):
        return f"connection refused by {where}"
    if isinstance(cause, ssl.SSLCertVerificationError):
        return f"TLS error with {where}: {cause.verify_message or cause.reason}"
    if isinstance(cause, ssl.SSLError):
        # "[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)" -> the words
        detail = str(cause.args[-1] if cause.args else cause).rsplit("] ", 1)[-1]
        return f"TLS error with {where}: {detail.split(' (_ssl.c')[0]}"
    if isinstance(cause, OSError) and cause.strerror:
        return f"cannot connect to {where}: {cause.strerror}"
    return f"cannot connect to {where}: {exc or type(exc).__name__}"


def transfer_reason(exc: httpx.HTTPError, timeout: float, phase: str = "reading") -> str:
    """Why a connected exchange failed while in ``phase`` ("reading the body", ...)."""
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out after {timeout:g}s while {phase}"
    if isinstance(exc, httpx.DecodingError):
        return f"cannot decode the compressed response: {exc}"
    return f"connection broken while {phase}: {exc or type(exc).__name__}"


def root_cause(exc: BaseException) -> BaseException:
    """The innermost exception: httpx wraps httpcore's, which wraps the socket's."""
    seen = exc
    for _ in range(10):  # bounded: a chain could in principle loop
        inner = seen.__cause__ or seen.__context__
        if inner is None:
            break
        seen = inner
    return seen
