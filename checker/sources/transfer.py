"""One guarded HTTP download: ``fetch_bytes()`` serves URL scans and image downloads alike.

Every hop (the URL and each redirect) is checked by the address guard in
``provcheck.sources.netguard`` and the connection goes to an address the guard vetted (each in
turn until one answers), with the original host name kept in the Host header and in TLS (SNI
and certificate check), so a DNS answer cannot change between the check and the connection.
Proxies from the environment are ignored, no cookie is kept, the body is cut at a byte cap,
and one deadline covers the whole exchange: lookups, connects, TLS, response heads and bodies
of every hop. Per-read timeouts alone cannot do that (a server sending one byte just inside
each would hold a scan forever), so a watchdog shuts the connection down when the deadline
passes. Limits and messages are described in docs/fetching.md.
"""

from __future__ import annotations

import functools
import http.cookiejar
import os
import ssl
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from provcheck import __version__
from provcheck.sources.netguard import GuardError, literal_address, vet_host
from provcheck.sources.reasons import connect_reason, transfer_reason
from provcheck.sources.watchdog import Watchdog

USER_AGENT = f"provcheck/{__version__} (+https://github.com/provcheck/provcheck)"
_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})


class FetchError(Exception):
    """A download failed or was refused; ``reason`` is one line for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Fetched:
    """A downloaded body and what came with it."""

    url: str  # the URL after redirects
    status: int
    headers: tuple[tuple[str, str], ...]
    data: bytes

    def header(self, name: str) -> str:
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), "")


# Called with each final (non-redirect) response's head (a Fetched with no data yet) before
# its body is read; raises FetchError to refuse it (a page fetch refuses images, an image
# download refuses pages).
Inspect = Callable[[Fetched], None]


def accept_any(head: Fetched) -> None:
    """The default ``inspect``: every response head is accepted."""


class Deadline:
    """The time one download may take in all, across every hop."""

    def __init__(self, seconds: float, message: str = "") -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.text = message or f"timed out after {seconds:g}s in all"

    def left(self) -> float:
        return self.end - time.monotonic()

    def expired(self) -> bool:
        return self.left() <= 0

    def limit(self, timeout: float) -> float:
        """``timeout``, shortened to the time left; fails when none is left."""
        self.check()
        return min(timeout, self.left())

    def check(self) -> None:
        if self.expired():
            raise FetchError(self.text)


@dataclass(frozen=True, slots=True)
class Request:
    """What to download and within which limits."""

    accept: str
    timeout: float  # for each connect and read
    deadline: Deadline  # for everything
    max_bytes: int
    max_redirects: int
    allow_private: bool
    inspect: Inspect = accept_any


def fetch_bytes(url: str, request: Request) -> Fetched:
    """Download ``url`` within the request's limits; every failure raises ``FetchError``."""
    with _client(request.accept) as client, Watchdog(request.deadline.left()) as watchdog:
        try:
            return _follow(client, url, request, watchdog)
        except httpx.InvalidURL as exc:
            raise FetchError(f"invalid URL: {exc}") from None


def _client(accept: str) -> httpx.Client:
    return httpx.Client(
        # Proxies from the environment would connect somewhere the guard never saw; the
        # certificate settings (SSL_CERT_FILE, SSL_CERT_DIR) are still honoured.
        trust_env=False,
        verify=_tls_context(
            os.environ.get("SSL_CERT_FILE", ""), os.environ.get("SSL_CERT_DIR", "")
        ),
        follow_redirects=False,  # followed by hand, so each hop passes the guard
        headers={"User-Agent": USER_AGENT, "Accept": accept},
        limits=httpx.Limits(max_keepalive_connections=0),
        # Requests go to pinned IPs, so a cookie would be filed under the IP and sent to any
        # other site behind it (a CDN): keep none at all.
        cookies=http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(allowed_domains=[])),
    )


@functools.lru_cache(maxsize=4)
def _tls_context(cert_file: str, cert_dir: str) -> ssl.SSLContext:
    """The certificate store, loaded once per run (it takes ~0.15 s); keyed by the settings."""
    return httpx.create_ssl_context(trust_env=True)


def _follow(client: httpx.Client, url: str, request: Request, watchdog: Watchdog) -> Fetched:
    current = url
    visited = {_key(url)}
    for hops in range(request.max_redirects + 1):
        try:
            with _open(client, current, request, watchdog) as response:
                if response.status_code not in _REDIRECT_CODES:
                    return _final(response, current, request)
                target = _location(response, current)
        except FetchError as exc:
            if hops:  # say where a redirect chain ended up, or the reason is a puzzle
                raise FetchError(f"{exc.reason} (at {current}, after {hops} redirect(s))") from None
            raise
        if _key(target) in visited:
            raise FetchError(f"redirect loop ({current} redirects back to {target})")
        visited.add(_key(target))
        current = target
    raise FetchError(f"too many redirects (more than {request.max_redirects})")


def _key(url: str) -> str:
    """A URL as a request sees it: the fragment is never sent."""
    return str(httpx.URL(url).copy_with(fragment=None))


def _location(response: httpx.Response, current: str) -> str:
    location = response.headers.get("location", "").strip()
    if not location:
        raise FetchError(f"HTTP {response.status_code} redirect without a Location header")
    # Resolve against the logical URL: the request itself went to the pinned address.
    return str(httpx.URL(current).join(location))


@contextmanager
def _open(
    client: httpx.Client, url: str, request: Request, watchdog: Watchdog
) -> Iterator[httpx.Response]:
    """Send a GET for one hop to a vetted address and yield the streaming response."""
    target = httpx.URL(url)
    if target.scheme not in ("http", "https"):
        raise FetchError(f"unsupported URL scheme {target.scheme}: (only http and https)")
    if not target.raw_host:
        raise FetchError("the URL has no host")
    host = target.raw_host.decode("ascii")
    port = target.port or (443 if target.scheme == "https" else 80)
    deadline = request.deadline
    try:
        addresses = vet_host(
            host, port, allow_private=request.allow_private,
            timeout=deadline.limit(request.timeout),
        )  # fmt: skip
    except GuardError as exc:
        raise FetchError(exc.reason) from None
    response = _connect(client, target, addresses, request, watchdog)
    try:
        yield response
    except httpx.HTTPError as exc:
        raise FetchError(_reason(exc, request, "reading the body")) from None
    finally:
        response.close()


def _connect(
    client: httpx.Client,
    target: httpx.URL,
    addresses: list[str],
    request: Request,
    watchdog: Watchdog,
) -> httpx.Response:
    """Try each vetted address in turn; the request names the host, the socket the address."""
    host = target.raw_host.decode("ascii")
    deadline = request.deadline
    extensions: dict[str, Any] = {"trace": watchdog.trace}
    if target.scheme == "https" and literal_address(host) is None:
        # TLS must name the host, not the pinned address: SNI and the certificate check use it.
        extensions["sni_hostname"] = host
    failure = FetchError(f"cannot connect to {host}")
    for address in addresses:
        sent = client.build_request(
            "GET",
            target.copy_with(host=address),
            headers={"Host": target.netloc.decode("ascii")},
            extensions=extensions,
            timeout=httpx.Timeout(deadline.limit(request.timeout)),
        )
        try:
            return client.send(sent, stream=True)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            failure = FetchError(connect_reason(exc, host, address, target.port, request.timeout))
            if deadline.expired():
                break
        except httpx.TransportError as exc:  # connected, then no (good) response head
            raise FetchError(_reason(exc, request, "waiting for the response")) from None
    deadline.check()
    raise failure


def _reason(exc: httpx.HTTPError, request: Request, phase: str) -> str:
    if request.deadline.expired():
        return request.deadline.text
    return transfer_reason(exc, request.timeout, phase)


def _final(response: httpx.Response, url: str, request: Request) -> Fetched:
    if not 200 <= response.status_code < 300:
        # The standard phrase, not the server's: it may be anything, in any length.
        phrase = httpx.codes.get_reason_phrase(response.status_code)
        raise FetchError(f"HTTP {response.status_code} {phrase}".rstrip())
    headers = tuple(response.headers.multi_items())
    request.inspect(Fetched(url, response.status_code, headers, b""))
    length = response.headers.get("content-length", "").strip()
    if length.isdigit() and int(length) > request.max_bytes:
        raise FetchError(
            f"response is {int(length):,} bytes, over the {request.max_bytes:,}-byte limit"
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > request.max_bytes:
            raise FetchError(f"response is over the {request.max_bytes:,}-byte limit")
        chunks.append(chunk)
        request.deadline.check()
    # The watchdog's shutdown looks like the end of a body sent without a length: a body is
    # only complete if it ended in time.
    request.deadline.check()
    return Fetched(url, response.status_code, headers, b"".join(chunks))
