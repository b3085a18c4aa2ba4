"""Loading sources: files, folders, standard input. URLs are in ``provcheck.sources.fetch``."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from provcheck.errors import SourceError

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MARKDOWN_SUFFIXES = (".md", ".markdown")
ARTICLE_SUFFIXES = HTML_SUFFIXES + MARKDOWN_SUFFIXES
# Web archives: each holds many pages, read by provcheck.sources.warc (folders pick them up too).
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


@dataclass(frozen=True, slots=True)
class RawDocument:
    """The bytes of one source before parsing."""

    source: str
    data: bytes
    media_type: str = "text/html"
    # Charset declared by the transport (HTTP Content-Type), if any.
    charset: str = ""
    # The final URL after redirects, for URL sources.
    url: str = ""
    # Folder that relative image paths resolve against, for file sources.
    base_dir: str = ""
    headers: tuple[tuple[str, str], ...] = ()


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def is_warc(source: str) -> bool:
    """Whether a source names a WARC or ARC file (by its name; URLs are never archives)."""
    return not is_url(source) and source.lower().endswith(WARC_SUFFIXES)


def expand_sources(sources: Sequence[str]) -> Iterator[str]:
    """Expand folders into the article and archive files below them (sorted); keep the rest."""
    for source in sources:
        if source != "-" and not is_url(source) and os.path.isdir(source):
            found = sorted(
                str(path)
                for path in Path(source).rglob("*")
                if (path.suffix.lower() in ARTICLE_SUFFIXES or is_warc(path.name))
                and path.is_file()
            )
            yield from found
        else:
            yield source


def media_type_for(path: str) -> str:
    suffix = os.path.splitext(path)[1].lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "text/markdown"
    return "text/html"


def load_file(source: str, max_bytes: int) -> RawDocument:
    """Read one file, refusing what is not a readable regular file or is over the cap."""
    try:
        size = os.stat(source).st_size
    except FileNotFoundError:
        raise SourceError(source, "no such file") from None
    except OSError as exc:
        raise SourceError(source, f"cannot read: {exc.strerror}") from None
    if os.path.isdir(source):
        raise SourceError(source, "is a folder with no .html/.htm/.md files")
    if size > max_bytes:
        raise SourceError(source, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
    try:
        with open(source, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise SourceError(source, f"cannot read: {exc.strerror}") from None
    return RawDocument(
        source=source,
        data=data,
        media_type=media_type_for(source),
        base_dir=str(Path(source).resolve().parent),
    )


def load_stdin(max_bytes: int) -> RawDocument:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SourceError("-", f"standard input is over the {max_bytes:,}-byte limit")
    stripped = data.lstrip()
    media_type = "text/markdown" if stripped.startswith((b"---", b"+++")) else "text/html"
    return RawDocument(source="-", data=data, media_type=media_type, base_dir=os.getcwd())
