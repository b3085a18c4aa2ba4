"""Guards around warcio: header lines within caps, and its warnings kept off the terminal.

warcio reads each header line whole (one 512 MB line, a few hundred KB gzipped, took
gigabytes) and writes what it notices about damage straight to standard error. ``LineCap``
stands in for its reader's ``readline`` so no line over ``MAX_HEADER_LINE`` bytes and no
record's header lines over ``MAX_HEADER_BLOCK`` are read; ``quiet_warcio`` points warcio's
modules at ``WARNINGS``, which ``damage`` turns into one line of the archive's report.
"""

from __future__ import annotations

from typing import Any

MAX_HEADER_LINE = 256 * 1024  # bytes in one WARC or HTTP header line
MAX_HEADER_BLOCK = 4 * 1024 * 1024  # header lines read for one record (WARC and HTTP)


class HeaderTooLong(Exception):
    """A header line or block past the caps: the archive is damaged or hostile."""


def reason_of(exc: Exception) -> str:
    message = " ".join(str(exc).split())  # warcio's own messages span several lines
    if isinstance(exc, HeaderTooLong):
        return message
    if message.startswith("Unknown archive format"):
        return "not a WARC or ARC file (its first line is neither a WARC nor an ARC header)"
    if isinstance(exc, AttributeError | TypeError | KeyError | IndexError):
        # warcio assumes fields it does not check, e.g. a response without WARC-Target-URI.
        return "the next record's header block is malformed (a required field is missing)"
    return message[:200] + ("..." if len(message) > 200 else "")


class LineCap:
    """Stands in for warcio's ``reader.readline``: lines and header blocks within the caps."""

    def __init__(self, readline: Any) -> None:
        self.readline = readline
        self.block = 0  # header bytes read since the last record was handed over

    def __call__(self, length: int | None = None) -> bytes:
        if length == 0:
            return b""
        want = MAX_HEADER_LINE + 1 if length is None else min(length, MAX_HEADER_LINE + 1)
        line: bytes = self.readline(want)
        if len(line) > MAX_HEADER_LINE:
            raise HeaderTooLong(f"a header line is over {MAX_HEADER_LINE:,} bytes")
        self.block += len(line)
        if self.block > MAX_HEADER_BLOCK:
            raise HeaderTooLong(f"a record's header lines are over {MAX_HEADER_BLOCK:,} bytes")
        return line


class _Warnings:
    """Stands in for ``sys.stderr`` inside warcio: its warnings are kept, not printed."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def write(self, text: str) -> int:
        if text.strip():
            self.messages.append(" ".join(text.split()))
        return len(text)

    def flush(self) -> None:
        pass

    def clear(self) -> None:
        self.messages.clear()


class _Sys:
    def __init__(self, stderr: _Warnings) -> None:
        self.stderr = stderr

    def __getattr__(self, name: str) -> Any:
        import sys

        return getattr(sys, name)


WARNINGS = _Warnings()


def quiet_warcio() -> None:
    """Point warcio's modules at ``WARNINGS`` instead of the terminal (once per process)."""
    from warcio import archiveiterator, bufferedreaders

    for module in (archiveiterator, bufferedreaders):
        if not isinstance(getattr(module, "sys", None), _Sys):
            module.sys = _Sys(WARNINGS)


def damage(number: int) -> str:
    """One line for what warcio warned about while reading record ``number``, or ""."""
    if not WARNINGS.messages:
        return ""
    first = WARNINGS.messages[0]
    WARNINGS.clear()
    if "Content-Length is invalid" in first:
        return (
            f"damaged: record {number:,} is not followed by the blank line its Content-Length "
            "promises (a wrong length, or data cut out)"
        )
    return f"damaged near record {number:,}: {first[:160]}"


__all__ = ["MAX_HEADER_BLOCK", "MAX_HEADER_LINE", "WARNINGS", "HeaderTooLong", "LineCap",
           "damage", "quiet_warcio", "reason_of"]  # fmt: skip
