"""The sources stage: takes what the user named (files, folders, standard input, URLs, web
archives) and gives ``RawDocument`` bytes with a media type, within explicit size and time
limits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from provcheck._lazy import lazy_exports

if TYPE_CHECKING:
    from provcheck.sources.decode import decode_bytes, decode_html
    from provcheck.sources.fetch import fetch
    from provcheck.sources.local import (
        RawDocument,
        expand_sources,
        is_url,
        is_warc,
        load_file,
        load_stdin,
        media_type_for,
    )
    from provcheck.sources.transfer import Deadline, Fetched, FetchError, Request, fetch_bytes
    from provcheck.sources.warc import WarcCounts, WarcPage, read_pages

__all__ = [
    "Deadline",
    "FetchError",
    "Fetched",
    "RawDocument",
    "Request",
    "WarcCounts",
    "WarcPage",
    "decode_bytes",
    "decode_html",
    "expand_sources",
    "fetch",
    "fetch_bytes",
    "is_url",
    "is_warc",
    "load_file",
    "load_stdin",
    "media_type_for",
    "read_pages",
]

__getattr__ = lazy_exports(__name__, {
    "Deadline": "transfer",
    "FetchError": "transfer",
    "Fetched": "transfer",
    "Request": "transfer",
    "fetch_bytes": "transfer",
    "RawDocument": "local",
    "WarcCounts": "warc",
    "WarcPage": "warc",
    "decode_bytes": "decode",
    "decode_html": "decode",
    "expand_sources": "local",
    "fetch": "fetch",
    "is_url": "local",
    "is_warc": "local",
    "load_file": "local",
    "load_stdin": "local",
    "media_type_for": "local",
    "read_pages": "warc",
})
