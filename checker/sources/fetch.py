"""Fetching an article URL with httpx: guarded, capped and timed.

Every hop (the URL and each redirect) is checked by the address guard in
``provcheck.sources.netguard`` and the connection goes to the address the guard vetted, with the
original host name kept in the Host header and in TLS (SNI and certificate check), so a DNS
answer cannot change between the check and the connection. Limits and error messages are
described in docs/fetching.md. This module is imported only when a URL is scanned.
"""

from __future__ import annotations

import codecs
import functools
import http.cookiejar
import os
import ssl
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from provcheck import __version__
from provcheck.config import Config
from provcheck.errors import SourceError
from provcheck.sources.local import RawDocument
from provcheck.sources.netguard import GuardError, literal_address, vet_host

USER_AGENT = f"provcheck/{__version__} (+https://github.com/provcheck/provcheck)"
ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/markdown;q=0.8,text/plain;q=0.5,*/*;q=0.1"
MAX_REDIRECTS = 5
# The whole fetch (every hop, lookup, connect and read) gets this many times --timeout;
# without it a server sending one byte just inside each read timeout could hold a scan forever.
DEADLINE_FACTOR = 4

_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
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


class _Failed(Exception):
    """One hop failed; ``reason`` becomes the SourceError's reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Deadline:
    """The time one URL may take in all, across every hop."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def expired(self) -> bool:
        return time.monotonic() >= self._end

    def limit(self, timeout: float) -> float:
        """``timeout``, shortened to the time left; fails when none is left."""
        self.check()
        return min(timeout, self._end - time.monotonic())

    def check(self) -> None:
        if self.expired():
            raise _Failed(self.message())

    def message(self) -> str:
        return f"timed out after {self.seconds:g}s in all ({DEADLINE_FACTOR} × --timeout)"


def fetch(url: str, config: Config) -> RawDocument:
    """Download one article page. Every failure raises ``SourceError(url, reason)``."""
    deadline = _Deadline(config.timeout * DEADLINE_FACTOR)
    client = httpx.Client(
        # Proxies from the environment would connect somewhere the guard never saw; the
        # certificate settings (SSL_CERT_FILE, SSL_CERT_DIR) are still honoured.
        trust_env=False,
        verify=_tls_context(
            os.environ.get("SSL_CERT_FILE", ""), os.environ.get("SSL_CERT_DIR", "")
        ),
        follow_redirects=False,  # followed by hand, so each hop passes the guard
        headers={"User-Agent": USER_AGENT, "Accept": ACCEPT},
        limits=httpx.Limits(max_keepalive_connections=0),
        # Requests go to pinned IPs, so a cookie would be filed under the IP and sent to any
        # other site behind it (a CDN): keep none at all.
        cookies=http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(allowed_domains=[])),
    )
    try:
        with client:
            return _follow(client, url, config, deadline)
    except _Failed as exc:
        raise SourceError(url, exc.reason) from None
    except httpx.InvalidURL as exc:
        raise SourceError(url, f"invalid URL: {exc}") from None


@functools.lru_cache(maxsize=4)
def _tls_context(cert_file: str, cert_dir: str) -> ssl.SSLContext:
    """The certificate store, loaded once per run (it takes ~0.15 s); keyed by the settings."""
    return httpx.create_ssl_context(trust_env=True)


def _follow(client: httpx.Client, url: str, config: Config, deadline: _Deadline) -> RawDocument:
    current = url
    visited = {_key(url)}
    for hops in range(MAX_REDIRECTS + 1):
        try:
            with _open(client, current, config, deadline) as response:
                if response.status_code not in _REDIRECT_CODES:
                    return _document(response, url, current, config, deadline)
                target = _location(response, current)
        except _Failed as exc:
            if hops:  # say where a redirect chain ended up, or the reason is a puzzle
                raise _Failed(f"{exc.reason} (at {current}, after {hops} redirect(s))") from None
            raise
        if _key(target) in visited:
            raise _Failed(f"redirect loop ({current} redirects back to {target})")
        visited.add(_key(target))
        current = target
    raise _Failed(f"too many redirects (more than {MAX_REDIRECTS})")


def _key(url: str) -> str:
    """A URL as a request sees it: the fragment is never sent."""
    return str(httpx.URL(url).copy_with(fragment=None))


def _location(response: httpx.Response, current: str) -> str:
    location = response.headers.get("location", "").strip()
    if not location:
        raise _Failed(f"HTTP {response.status_code} redirect without a Location header")
    # Resolve against the logical URL: the request itself went to the pinned address.
    return str(httpx.URL(current).join(location))


@contextmanager
def _open(
    client: httpx.Client, url: str, config: Config, deadline: _Deadline
) -> Iterator[httpx.Response]:
    """Send a GET for one hop to a vetted address and yield the streaming response."""
    target = httpx.URL(url)
    if target.scheme not in ("http", "https"):
        raise _Failed(f"unsupported URL scheme {target.scheme}: (only http and https)")
    if not target.raw_host:
        raise _Failed("the URL has no host")
    host = target.raw_host.decode("ascii")
    port = target.port or (443 if target.scheme == "https" else 80)
    timeout = deadline.limit(config.timeout)
    try:
        addresses = vet_host(
            host, port, allow_private=config.allow_private_network, timeout=timeout
        )
    except GuardError as exc:
        raise _Failed(exc.reason) from None
    response = _connect(client, target, addresses, config, deadline)
    try:
        yield response
    except httpx.HTTPError as exc:
        raise _Failed(_transfer_reason(exc, config, deadline, "reading the body")) from None
    finally:
        response.close()


def _connect(
    client: httpx.Client,
    target: httpx.URL,
    addresses: list[str],
    config: Config,
    deadline: _Deadline,
) -> httpx.Response:
    """Try each vetted address in turn; the request names the host, the socket the address."""
    host = target.raw_host.decode("ascii")
    headers = {"Host": target.netloc.decode("ascii")}
    # TLS must name the host, not the pinned address: SNI and the certificate check use it.
    tls_name = {} if literal_address(host) is not None else {"sni_hostname": host}
    failure = _Failed(f"cannot connect to {host}")
    for address in addresses:
        request = client.build_request(
            "GET",
            target.copy_with(host=address),
            headers=headers,
            extensions=tls_name if target.scheme == "https" else {},
            timeout=httpx.Timeout(deadline.limit(config.timeout)),
        )
        try:
            return client.send(request, stream=True)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            failure = _Failed(_connect_reason(exc, host, address, port=target.port, config=config))
            if deadline.expired():
                break
        except httpx.TransportError as exc:  # connected, then no (good) response head
            reason = _transfer_reason(exc, config, deadline, "waiting for the response")
            raise _Failed(reason) from None
    if deadline.expired():
        raise _Failed(deadline.message())
    raise failure


def _connect_reason(
    exc: httpx.TransportError, host: str, address: str, port: int | None, config: Config
) -> str:
    where = host if host == address else f"{host} ({address})"
    if port:
        where += f" port {port}"
    if isinstance(exc, httpx.ConnectTimeout):
        return f"timed out after {config.timeout:g}s while connecting to {where}"
    cause = _root_cause(exc)
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


def _root_cause(exc: BaseException) -> BaseException:
    """The innermost exception: httpx wraps httpcore's, which wraps the socket's."""
    seen = exc
    for _ in range(10):  # bounded: a chain could in principle loop
        inner = seen.__cause__ or seen.__context__
        if inner is None:
            break
        seen = inner
    return seen


def _transfer_reason(
    exc: httpx.HTTPError, config: Config, deadline: _Deadline, phase: str = "reading"
) -> str:
    if deadline.expired():
        return deadline.message()
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out after {config.timeout:g}s while {phase}"
    if isinstance(exc, httpx.DecodingError):
        return f"cannot decode the compressed response: {exc}"
    return f"connection broken while {phase}: {exc or type(exc).__name__}"


def _document(
    response: httpx.Response, url: str, final: str, config: Config, deadline: _Deadline
) -> RawDocument:
    if not 200 <= response.status_code < 300:
        # The standard phrase, not the server's: it may be anything, in any length.
        phrase = httpx.codes.get_reason_phrase(response.status_code)
        raise _Failed(f"HTTP {response.status_code} {phrase}".rstrip())
    declared, charset = _content_type(response.headers.get("content-type", ""))
    _refuse_declared(declared)
    _refuse_length(response.headers.get("content-length"), config.max_bytes)
    data = _read_body(response, config.max_bytes, deadline)
    return RawDocument(
        source=url,
        data=data,
        media_type=_media_type(declared, charset, data),
        charset=charset,
        url=final,
        headers=tuple(response.headers.multi_items()),
    )


def _content_type(value: str) -> tuple[str, str]:
    """The media type (lower case) and a charset Python knows, from a Content-Type value."""
    media, _, params = value.partition(";")
    charset = ""
    for param in params.split(";"):
        name, _, raw = param.partition("=")
        if name.strip().lower() == "charset":
            charset = raw.strip().strip("\"'").lower()
    try:
        codecs.lookup(charset or "-")
    except LookupError:
        charset = ""  # a misspelt charset is ignored; the page's own meta charset decides
    return media.strip().lower(), charset


def _refuse_declared(media: str) -> None:
    """Refuse what the headers already say is not a page, before reading the body."""
    if media in _HTML_TYPES or media in _MARKDOWN_TYPES or media in _SNIFFED_TYPES:
        return
    if media.startswith(_BINARY_PREFIXES) or media in _BINARY_TYPES:
        raise _Failed(f"binary content ({media}), not an HTML page")
    raise _Failed(f"not an HTML page (content type {media})")


def _refuse_length(value: str | None, limit: int) -> None:
    if value is not None and value.strip().isdigit() and int(value) > limit:
        raise _Failed(f"response is {int(value):,} bytes, over the {limit:,}-byte limit")


def _read_body(response: httpx.Response, limit: int, deadline: _Deadline) -> bytes:
    """The (decompressed) body, stopped as soon as it passes ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise _Failed(f"response is over the {limit:,}-byte limit")
        chunks.append(chunk)
        deadline.check()
    return b"".join(chunks)


def _media_type(declared: str, charset: str, data: bytes) -> str:
    """The media type to parse the body as, after looking at the body itself."""
    if not data.strip():
        raise _Failed("empty response (no content)")
    binary = _sniff_binary(data, charset)
    if binary:
        raise _Failed(f"binary content ({binary}), not an HTML page")
    if declared in _HTML_TYPES:
        return declared
    if declared in _MARKDOWN_TYPES:
        return "text/markdown"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if any(marker in head for marker in _HTML_MARKERS):
        return "text/html"
    if declared:
        raise _Failed(f"plain text ({declared}), not an HTML page")
    raise _Failed("not an HTML page (no content type, and the body does not look like HTML)")


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
