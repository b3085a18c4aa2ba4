"""Getting an image's bytes: a local file under the scanned root, or (opt-in) a download.

Local files resolve relative to the article's folder and are read only when they lie, after
following links, under the image root (``image-root``; by default the folder of the config
file when the article is inside it, else the article's own folder): an article naming
``../private/secret.jpg`` must not put another folder's EXIF in a report. Only regular
files under the size cap are read.

Remote images are fetched only with ``--fetch-images``, by ``provcheck.sources.fetch_bytes``,
the download URL scans use: the same address guard and pinned connections, http/https only,
at most 3 redirects, ``image/*`` content types except SVG, a byte cap, and one deadline of
``--timeout`` per image covering the whole exchange.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from provcheck import Image

if TYPE_CHECKING:
    from provcheck.sources import Fetched

MAX_REDIRECTS = 3
ACCEPT = "image/avif,image/webp,image/*;q=0.8"


@dataclass(frozen=True, slots=True)
class Loaded:
    """An image's bytes, or why there are none. ``status``: read, missing, not-fetched, refused."""

    status: str
    where: str  # the local path or URL
    data: bytes = b""
    problem: str = ""


class FetchRefused(Exception):
    """A remote image was refused or failed; ``str(exc)`` is one line for the report."""


@dataclass(frozen=True, slots=True)
class ImageLoader:
    fetch: bool = False
    allow_private: bool = False
    timeout: float = 15.0
    max_bytes: int = 10_000_000
    root: str = ""  # image-root: local files are read only under this folder
    project: str = ""  # the config file's folder: the default root for articles inside it

    def load(self, article_source: str, article_url: str, image: Image) -> Loaded:
        src = image.src.strip()
        remote = _remote_url(src, image.resolved, article_source)
        if remote:
            if not self.fetch:
                return Loaded("not-fetched", remote, problem="remote image (use --fetch-images)")
            try:
                return Loaded("read", remote, self._download(remote))
            except FetchRefused as exc:
                return Loaded("refused", remote, problem=str(exc))
        if article_source in ("", "-"):
            return Loaded("missing", src, problem="no local file for this image")
        folder = Path(article_source).resolve().parent
        root = self._root(folder)
        path = _local_path(src, folder, root)
        if path is None:
            return Loaded("missing", src, problem="no local file for this image")
        if not _under(path, root):
            return Loaded(
                "refused", str(path),
                problem=f"outside the image root {root} (set image-root to read it)",
            )  # fmt: skip
        return self._read_local(path)

    def _root(self, folder: Path) -> Path:
        if self.root:
            return Path(self.root).resolve()
        project = Path(self.project).resolve() if self.project else None
        return project if project is not None and _under(folder, project) else folder

    def _read_local(self, path: Path) -> Loaded:
        where = str(path)
        try:
            info = os.stat(path)
        except OSError:
            return Loaded("missing", where, problem="no such file")
        if not stat.S_ISREG(info.st_mode):
            return Loaded("refused", where, problem="not a regular file")
        if info.st_size > self.max_bytes:
            return Loaded(
                "refused",
                where,
                problem=f"{info.st_size:,} bytes, over the {self.max_bytes:,}-byte limit",
            )
        try:
            with open(path, "rb") as handle:
                return Loaded("read", where, handle.read(self.max_bytes + 1))
        except OSError as exc:
            return Loaded("missing", where, problem=f"cannot read: {exc.strerror}")

    def _download(self, url: str) -> bytes:
        from provcheck.sources import Deadline, FetchError, Request, fetch_bytes  # httpx: lazily

        request = Request(
            accept=ACCEPT,
            timeout=self.timeout,
            deadline=Deadline(self.timeout),
            max_bytes=self.max_bytes,
            max_redirects=MAX_REDIRECTS,
            allow_private=self.allow_private,
            inspect=_image_only,
        )
        try:
            return fetch_bytes(url, request).data
        except FetchError as exc:
            raise FetchRefused(exc.reason) from None


def _image_only(head: Fetched) -> None:
    from provcheck.sources import FetchError

    kind = head.header("content-type").split(";")[0].strip().lower()
    if not kind.startswith("image/") or kind == "image/svg+xml":
        raise FetchError(f"not an image (content type {kind or 'missing'})")


def _remote_url(src: str, resolved: str, article_source: str) -> str:
    """The URL to download, when the image is not a file next to the article."""
    if src.startswith(("http://", "https://")):
        return src
    if src.startswith("//"):
        return "https:" + src
    if article_source.startswith(("http://", "https://")):
        return resolved if resolved.startswith(("http://", "https://")) else ""
    return ""


def _local_path(src: str, folder: Path, root: Path) -> Path | None:
    """The file a relative ``src`` names, resolved (links followed), or None."""
    if ":" in src.split("/", 1)[0]:
        return None  # another scheme (data:, file:, ...)
    relative = unquote(urlsplit(src).path)
    if not relative:
        return None
    if not relative.startswith("/"):
        return (folder / relative).resolve()
    # Site-root paths ("/images/x.jpg"): the site root is the article's folder or a parent,
    # as far up as the image root.
    for base in (folder, *folder.parents):
        candidate = (base / relative.lstrip("/")).resolve()
        if candidate.is_file() and _under(candidate, root):
            return candidate
        if base == root or not _under(base, root):
            break
    return None


def _under(path: Path, root: Path) -> bool:
    return path == root or path.is_relative_to(root)
