"""Getting an image's bytes: a local file next to the article, or (opt-in) a download.

Local files resolve relative to the article's folder; only regular files under the size cap are
read. Remote images are fetched only with ``--fetch-images`` and through the address guard of
URL scans (``provcheck.sources.netguard``): http/https only, every hop's addresses vetted and
connected to directly (no second DNS lookup), at most 3 redirects, ``image/*`` content types
except SVG, a byte cap and one deadline per image."""

from __future__ import annotations

import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from provcheck import Image, __version__

MAX_REDIRECTS = 3
USER_AGENT = f"provcheck/{__version__} (+https://github.com/provcheck/provcheck)"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


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
        path = _local_path(src, article_source)
        if path is None:
            return Loaded("missing", src, problem="no local file for this image")
        return self._read_local(path)

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
        # Here, not at the top: http.cookiejar pulls in urllib.request, http.client, ssl and
        # email (about 15 ms), a cost every scan paid though only --fetch-images downloads.
        import http.cookiejar

        import httpx

        deadline = time.monotonic() + self.timeout
        client = httpx.Client(
            trust_env=False,  # a proxy from the environment would bypass the guard
            follow_redirects=False,  # followed by hand, so each hop is vetted again
            headers={"User-Agent": USER_AGENT, "Accept": "image/avif,image/webp,image/*;q=0.8"},
            limits=httpx.Limits(max_keepalive_connections=0),
            # Requests go to pinned IPs: a stored cookie would be sent to any other site
            # behind the same address, so keep none (as provcheck.sources.fetch does).
            cookies=http.cookiejar.CookieJar(
                http.cookiejar.DefaultCookiePolicy(allowed_domains=[])
            ),
        )
        current = url
        with client:
            for _ in range(MAX_REDIRECTS + 1):
                target, data = self._hop(client, current, deadline)
                if data is not None:
                    return data
                current = target
        raise FetchRefused(f"more than {MAX_REDIRECTS} redirects")

    def _hop(self, client: Any, url: str, deadline: float) -> tuple[str, bytes | None]:
        """One request: (redirect target, None) or ("", the image bytes)."""
        import httpx

        from provcheck.sources.netguard import GuardError, literal_address, vet_host

        target = httpx.URL(url)
        if target.scheme not in ("http", "https") or not target.raw_host:
            raise FetchRefused(f"not an http(s) URL: {url}")
        host = target.raw_host.decode("ascii")
        port = target.port or (443 if target.scheme == "https" else 80)
        try:
            addresses = vet_host(
                host, port, allow_private=self.allow_private, timeout=_left(deadline)
            )
        except GuardError as exc:
            raise FetchRefused(exc.reason) from None
        # Connect to the vetted address; the Host header and TLS still name the host.
        sni = {} if literal_address(host) else {"sni_hostname": host}
        request = client.build_request(
            "GET",
            target.copy_with(host=addresses[0]),
            headers={"Host": target.netloc.decode("ascii")},
            extensions=sni if target.scheme == "https" else {},
            timeout=httpx.Timeout(_left(deadline)),
        )
        try:
            response = client.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise FetchRefused(f"cannot fetch {url}: {type(exc).__name__}") from None
        try:
            if response.status_code in _REDIRECTS:
                location = response.headers.get("location", "")
                if not location:
                    raise FetchRefused("redirect without a Location header")
                return str(target.join(location)), None
            return "", self._body(response, deadline)
        finally:
            response.close()

    def _body(self, response: Any, deadline: float) -> bytes:
        import httpx

        if response.status_code != 200:
            raise FetchRefused(f"HTTP {response.status_code}")
        kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if not kind.startswith("image/") or kind == "image/svg+xml":
            raise FetchRefused(f"not an image (content type {kind or 'missing'})")
        chunks, size = [], 0
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchRefused(f"over the {self.max_bytes:,}-byte limit")
                if time.monotonic() > deadline:
                    raise FetchRefused(f"timed out after {self.timeout:g}s")
                chunks.append(chunk)
        except httpx.HTTPError as exc:
            raise FetchRefused(f"download failed: {type(exc).__name__}") from None
        return b"".join(chunks)


def _left(deadline: float) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchRefused("timed out")
    return remaining


def _remote_url(src: str, resolved: str, article_source: str) -> str:
    """The URL to download, when the image is not a file next to the article."""
    if src.startswith(("http://", "https://")):
        return src
    if src.startswith("//"):
        return "https:" + src
    if article_source.startswith(("http://", "https://")):
        return resolved if resolved.startswith(("http://", "https://")) else ""
    return ""


def _local_path(src: str, article_source: str) -> Path | None:
    """A file for a relative ``src``, next to the article (or under a parent for "/x")."""
    if article_source in ("", "-") or ":" in src.split("/", 1)[0]:
        return None  # stdin, or another scheme (data:, file:, ...)
    relative = unquote(urlsplit(src).path)
    if not relative:
        return None
    folder = Path(article_source).resolve().parent
    if not relative.startswith("/"):
        return folder / relative
    # Site-root paths ("/images/x.jpg"): the site root is the article's folder or a parent.
    for root in (folder, *list(folder.parents)[:3]):
        candidate = root / relative.lstrip("/")
        if candidate.is_file():
            return candidate
    return None
