"""Reading web archives: the HTML pages in WARC and ARC files, with counts of what was skipped.

A page is a ``response`` record with HTTP status 200 (or a ``resource`` record, which has no
HTTP status) whose type is HTML by ``WARC-Identified-Payload-Type`` (the crawler's sniffed
type, preferred when present) or else the HTTP ``Content-Type``. Every other record is counted
by the reason it was skipped. ARC files are read through warcio's ARC-to-WARC conversion.

warcio stops quietly at a truncated record, so two checks find damage: a record whose body
is shorter than its ``Content-Length``, and bytes left in the file after the last record read.
Either one ends the file with one error (``WarcCounts.error``); the pages before it are kept.
What warcio writes to standard error about damage (a record not followed by the blank line its
length promises, a gzip member that stops inflating) becomes that one error line too.

warcio reads each header line whole, so one line of 512 MB (a few hundred KB gzipped) took
gigabytes: header lines and each record's header block are capped before warcio sees them
(``provcheck.sources.warcguard``), and past either the file stops with an error.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import IO, Any

from provcheck.sources.decode import charset_of
from provcheck.sources.local import HTML_TYPES, RawDocument, is_url
from provcheck.sources.warcguard import WARNINGS, LineCap, damage, quiet_warcio, reason_of

_DRAIN = 1 << 16
_NO_STATUS = "no HTTP status"


@dataclass(frozen=True, slots=True)
class WarcPage:
    """One HTML page from an archive, as fetched: its bytes, URL and HTTP headers."""

    uri: str
    record_id: str
    data: bytes
    headers: tuple[tuple[str, str], ...] = ()
    media_type: str = "text/html"
    charset: str = ""
    date: str = ""
    offset: int = -1  # byte offset of the record (of its gzip member) in the file
    error: str = ""  # set when the page cannot be scored, e.g. over the byte limit

    def raw(self) -> RawDocument:
        # No base_dir: a page from an archive never resolves images against local files.
        return RawDocument(
            source=self.uri,
            data=self.data,
            media_type=self.media_type,
            charset=self.charset,
            url=self.uri,
            headers=self.headers,
        )

    def record(self, archive: str) -> dict[str, Any]:
        """Where the page came from, as report data (``summaries["record"]``)."""
        return {"id": self.record_id, "archive": archive, "offset": self.offset, "date": self.date}


@dataclass(slots=True)
class WarcCounts:
    """What reading one archive found: records, pages, skips by reason, and damage."""

    records: int = 0
    pages: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    error: str = ""

    def fail(self, error: str) -> None:
        """Note damage; the first problem found is the one reported."""
        self.error = self.error or error

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def describe(self) -> str:
        text = f"{self.records:,} records, {self.pages:,} HTML pages"
        if self.skipped:
            parts = sorted(self.skipped.items(), key=lambda item: (-item[1], item[0]))
            text += "; skipped " + ", ".join(f"{count:,} {reason}" for reason, count in parts)
        return text


def read_pages(path: str, counts: WarcCounts, max_bytes: int) -> Iterator[WarcPage]:
    """The HTML pages of one WARC/ARC file, in file order; ``counts`` is filled as it goes."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, around a generator
    except OSError as exc:
        counts.error = f"cannot read: {exc.strerror}"
        return
    with handle:
        arc = path.lower().endswith((".arc", ".arc.gz"))
        try:
            yield from _pages(handle, counts, max_bytes, arc)
        except Exception as exc:  # warcio's errors have no common base; any is this file's
            counts.fail(damage(max(counts.records, 1)))  # what warcio warned of comes first
            counts.fail(f"cannot read record {counts.records + 1:,}: {reason_of(exc)}")
        finally:
            WARNINGS.clear()


def _pages(handle: IO[bytes], counts: WarcCounts, max_bytes: int, arc: bool) -> Iterator[WarcPage]:
    from warcio.archiveiterator import ArchiveIterator

    quiet_warcio()
    records = ArchiveIterator(handle, arc2warc=True)
    cap = LineCap(records.reader.readline)
    records.reader.readline = cap
    end, reason = 0, ""
    for record in records:
        cap.block = 0
        counts.records += 1
        counts.fail(damage(max(counts.records - 1, 1)))  # warned while finding this record
        if record.length is None:  # a header block cut off before its Content-Length
            counts.fail(f"truncated: record {counts.records:,} has an incomplete header")
            return
        reason, page = _read_record(record, max_bytes)
        offset = records.get_record_offset()  # only known once the record is read to its end
        end = offset + records.get_record_length()
        if getattr(record.raw_stream, "limit", 0) > 0:
            counts.fail(f"truncated: record {counts.records:,} at byte {offset:,} is cut short")
            return
        if page is None:
            counts.skip(reason)
            continue
        counts.pages += 1
        yield _placed(page, offset, arc)
    counts.fail(damage(counts.records))
    if reason == _NO_STATUS:  # the file ends inside a record's HTTP header block
        counts.skipped[reason] -= 1
        if not counts.skipped[reason]:
            del counts.skipped[reason]
        counts.fail(f"truncated: record {counts.records:,} ends inside its HTTP headers")
    elif _unread(handle, end):
        counts.fail(f"truncated or damaged: unreadable data from byte {end:,} to the end")


def _placed(page: WarcPage, offset: int, arc: bool) -> WarcPage:
    # ARC records have no ids (warcio invents a new one on every read): name them by offset,
    # so a rerun or a comparison sees the same id.
    record_id = f"<urn:arc-offset:{offset}>" if arc else page.record_id
    return replace(page, offset=offset, record_id=record_id)


def _unread(handle: IO[bytes], end: int) -> bool:
    """Whether anything but blank space follows the last record warcio could read."""
    size = os.fstat(handle.fileno()).st_size
    if end >= size:
        return False
    handle.seek(end)
    return bool(handle.read(4096).strip())


def _read_record(record: Any, max_bytes: int) -> tuple[str, WarcPage | None]:
    """(skip reason, None) or ("", page); always reads the record to its end."""
    reason = _skip_reason(record)
    if reason:
        _drain(record.raw_stream)
        return reason, None
    data = record.content_stream().read(max_bytes + 1)
    _drain(record.raw_stream)
    headers = record.rec_headers
    page = WarcPage(
        uri=headers.get_header("WARC-Target-URI") or "",
        record_id=headers.get_header("WARC-Record-ID") or "",
        data=data,
        headers=tuple(record.http_headers.headers) if record.http_headers else (),
        media_type=_media_type(record),
        charset=charset_of(_content_type(record)),
        date=headers.get_header("WARC-Date") or "",
    )
    if len(data) > max_bytes:
        return "", _with_error(page, f"page is over the {max_bytes:,}-byte limit")
    return "", page


def _with_error(page: WarcPage, error: str) -> WarcPage:
    return replace(page, data=b"", error=error)


def _skip_reason(record: Any) -> str:
    if record.rec_type not in ("response", "resource"):
        return f"{record.rec_type} records" if record.rec_type else "records with no WARC-Type"
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    if not is_url(uri):
        # Only web pages: a page is never read as a local file, and needs an address to report.
        return "not http(s)"
    if record.rec_type == "response":
        status = record.http_headers.get_statuscode() if record.http_headers else None
        if status != "200":
            return f"HTTP {status}" if status else _NO_STATUS
    media_type = _media_type(record)
    if media_type not in HTML_TYPES:
        return "not HTML" if media_type else "no content type"
    return ""


def _media_type(record: Any) -> str:
    identified = record.rec_headers.get_header("WARC-Identified-Payload-Type") or ""
    value = identified or _content_type(record)
    return value.split(";", 1)[0].strip().lower()


def _content_type(record: Any) -> str:
    if record.http_headers is not None:
        return str(record.http_headers.get_header("Content-Type") or "")
    # A resource record's own Content-Type is the payload's type.
    return str(record.rec_headers.get_header("Content-Type") or "")


def _drain(stream: Any) -> None:
    while stream.read(_DRAIN):
        pass


__all__ = ["WarcCounts", "WarcPage", "read_pages"]
