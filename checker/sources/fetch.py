"""Fetching an article URL: one guarded download, then what the page is.

The download itself (address guard, pinned connections, redirects, byte cap, one deadline for
the whole exchange) is ``provcheck.sources.transfer.fetch_bytes``, shared with image
downloads. This module decides what a response is: a page (HTML or Markdown) to parse, or
something to refuse (an image, a PDF, plain text). Limits and error messages are described in
docs/fetching.md. This module is imported only when a URL is scanned.
"""

from __future__ import annotations

import codecs

from provcheck.config import Config
from provcheck.errors import SourceError
from provcheck.sources.decode import charset_of
from provcheck.sources.local import HTML_TYPES, RawDocument
from provcheck.sources.transfer import (
    USER_AGENT,
    Deadline,
    Fetched,
    FetchError,
    Request,
    fetch_bytes,
)

__all__ = ["ACCEPT", "DEADLINE_FACTOR", "MAX_REDIRECTS", "USER_AGENT", "fetch"]

ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/markdown;q=0.8,text/plain;q=0.5,*/*;q=0.1"
MAX_REDIRECTS = 5
# The whole fetch (every hop, lookup, connect, TLS and read) gets this many times --timeout;
# without it a server sending one byte just inside each read timeout could hold a scan forever.
DEADLINE_FACTOR = 4

_MARKDOWN_TYPES = frozenset({"text/markdown", "text/x-markdown"})
# Servers mislabel pages as text/plain or send no type; the body decides for these.
_SNIFFED_TYPES = frozenset({"", "text/plain"})
_BINARY_PREFIXES = ("image/", "audio/", "video/", "font/", "model/")
_BINARY_TYPES = frozenset({
    "application/octet-stream", "application/pdf", "application/zip", "application/gzip",
    "application/x-gzip", "application/x-tar", "application/wasm",
})  # fmt: skip
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
    (b"PK\x03\x04", "application/zip"),
    (b"\x1f\x8b", "application/gzip"),
    (b"\x00\x00\x01\x00", "image/x-icon"),
)
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<meta")


def fetch(url: str, config: Config) -> RawDocument:
    """Download one article page. Every failure raises ``SourceError(url, reason)``."""
    seconds = config.timeout * DEADLINE_FACTOR
    request = Request(
        accept=ACCEPT,
        timeout=config.timeout,
        deadline=Deadline(
            seconds, f"timed out after {seconds:g}s in all ({DEADLINE_FACTOR} × --timeout)"
        ),
        max_bytes=config.max_bytes,
        max_redirects=MAX_REDIRECTS,
        allow_private=config.allow_private_network,
        inspect=_refuse_declared,
    )
    try:
        got = fetch_bytes(url, request)
        declared, charset = _content_type(got.header("content-type"))
        media_type = _media_type(declared, charset, got.data)
    except FetchError as exc:
        raise SourceError(url, exc.reason) from None
    return RawDocument(
        source=url, data=got.data, media_type=media_type, charset=charset, url=got.url,
        headers=got.headers,
    )  # fmt: skip


def _content_type(value: str) -> tuple[str, str]:
    """The media type (lower case) and a charset Python knows, from a Content-Type value."""
    media = value.partition(";")[0]
    charset = charset_of(value).lower()
    try:
        codecs.lookup(charset or "-")
    except LookupError:
        charset = ""  # a misspelt charset is ignored; the page's own meta charset decides
    return media.strip().lower(), charset


def _refuse_declared(head: Fetched) -> None:
    """Refuse what the headers already say is not a page, before reading the body."""
    media, _ = _content_type(head.header("content-type"))
    if media in HTML_TYPES or media in _MARKDOWN_TYPES or media in _SNIFFED_TYPES:
        return
    if media.startswith(_BINARY_PREFIXES) or media in _BINARY_TYPES:
        raise FetchError(f"binary content ({media}), not an HTML page")
    raise FetchError(f"not an HTML page (content type {media})")


def _media_type(declared: str, charset: str, data: bytes) -> str:
    """The media type to parse the body as, after looking at the body itself."""
    if not data.strip():
        raise FetchError("empty response (no content)")
    binary = _sniff_binary(data, charset)
    if binary:
        raise FetchError(f"binary content ({binary}), not an HTML page")
    if declared in HTML_TYPES:
        return declared
    if declared in _MARKDOWN_TYPES:
        return "text/markdown"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if any(marker in head for marker in _HTML_MARKERS):
        return "text/html"
    if declared:
        raise FetchError(f"plain text ({declared}), not an HTML page")
    raise FetchError("not an HTML page (no content type, and the body does not look like HTML)")


def _sniff_binary(data: bytes, charset: str) -> str:
    """The kind of binary data ``data`` starts with, or "" when it may be text."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if data[8:12] == b"WEBP" and data.startswith(b"RIFF"):
        return "image/webp"
    wide = charset.startswith(("utf-16", "utf-32")) or data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in data[:1024] and not wide:
        return "unrecognised binary data"
    return ""
