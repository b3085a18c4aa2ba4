"""Loading sources: files, folders, standard input. URLs are in ``provcheck.sources.fetch``."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from provcheck.errors import ConfigError, SourceError

if TYPE_CHECKING:
    from provcheck.sources.walk import Ignore

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MARKDOWN_SUFFIXES = (".md", ".markdown")
ARTICLE_SUFFIXES = HTML_SUFFIXES + MARKDOWN_SUFFIXES
# Web archives: each holds many pages, read by provcheck.sources.warc (folders pick them up too).
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
# Media types parsed as HTML (loaders), fetched as a page (fetch) and kept from an archive (warc).
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


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


def is_scanned_file(name: str) -> bool:
    """Whether a folder scan picks up a file of this name (an article or a web archive)."""
    return name.lower().endswith(ARTICLE_SUFFIXES) or is_warc(name)


def expand_sources(
    sources: Sequence[str], exclude: Sequence[str] = (), gitignore: bool = True
) -> Iterator[str]:
    """Expand folders into the article and archive files below them (sorted); keep the rest.

    Folder walks skip VCS, virtualenv and cache folders and honour ``.gitignore`` files
    (``gitignore=False``: only the built-in skips); ``exclude`` patterns (gitignore syntax)
    drop matching files and folders, named ones included (provcheck.sources.walk).
    """
    patterns: list[Ignore] = []
    if exclude:  # imported only to walk or to exclude: a one-file run does not pay for it
        from provcheck.sources.walk import excludes

        patterns = excludes(exclude)
    for source in sources:
        local = source != "-" and not is_url(source)
        if local and patterns and _excluded(source, patterns):
            continue
        if local and os.path.isdir(source):
            from provcheck.sources.walk import walk

            yield from walk(source, is_scanned_file, patterns, gitignore)
        else:
            yield source


def _excluded(source: str, patterns: Sequence[Ignore]) -> bool:
    from provcheck.sources.walk import ignored

    return ignored(source, patterns, os.path.isdir(source))


def media_type_for(path: str) -> str:
    suffix = os.path.splitext(path)[1].lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "text/markdown"
    return "text/html"


def load_file(source: str, max_bytes: int) -> RawDocument:
    """Read one file, refusing what is not a readable regular file or is over the cap."""
    if os.path.isdir(source):
        raise SourceError(source, "is a folder with no .html/.htm/.md files")
    try:
        # Non-blocking, then fstat: a FIFO or a device named as a source is refused before any
        # read could wait on it forever, and the file checked is the file read.
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise SourceError(source, "no such file") from None
    except OSError as exc:
        raise SourceError(source, f"cannot read: {exc.strerror}") from None
    with open(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(source, f"is not a regular file (it is {_kind(info.st_mode)})")
        if info.st_size > max_bytes:
            raise SourceError(
                source, f"file is {info.st_size:,} bytes, over the {max_bytes:,}-byte limit"
            )
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise SourceError(source, f"cannot read: {exc.strerror}") from None
    return RawDocument(
        source=source,
        data=data,
        media_type=media_type_for(source),
        base_dir=str(Path(source).resolve().parent),
    )


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))  # fmt: skip
    for test, name in kinds:
        if test(mode):
            return name
    return "not a plain file"


def check_output(flag: str, path: str, sources: Sequence[str], *, folder: bool = False) -> None:
    """Raise ``ConfigError`` when ``path`` (given with ``flag``) cannot be written, or is one of
    the ``sources`` and would be truncated before it is read. ``folder``: an output folder."""
    if folder:
        if os.path.exists(path) and not os.path.isdir(path):
            raise ConfigError(f"{flag} {path} is a file, not a folder")
        return
    parent = os.path.dirname(path) or "."
    if os.path.isdir(path):
        raise ConfigError(f"{flag} {path} is a folder; name a file to write")
    if not os.path.isdir(parent):
        raise ConfigError(f"{flag} {path}: the folder {parent} does not exist")
    if os.path.exists(path) and any(
        s != "-" and os.path.exists(s) and os.path.samefile(s, path) for s in sources
    ):
        raise ConfigError(f"{flag} {path} is also an input: writing it would destroy it")


def load_stdin(max_bytes: int) -> RawDocument:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SourceError("-", f"standard input is over the {max_bytes:,}-byte limit")
    stripped = data.lstrip()
    media_type = "text/markdown" if stripped.startswith((b"---", b"+++")) else "text/html"
    return RawDocument(source="-", data=data, media_type=media_type, base_dir=os.getcwd())
