"""Fetching a URL with httpx. (Placeholder: the full guarded fetcher is being written.)"""

from __future__ import annotations

from provcheck.config import Config
from provcheck.errors import SourceError
from provcheck.sources import RawDocument


def fetch(url: str, config: Config) -> RawDocument:
    raise SourceError(url, "URL scanning is not available yet")
