"""A small threaded HTTP server on 127.0.0.1 for URL-scan tests; it never leaves the machine.

Each path maps to a route: a function that answers one request. ``Site`` records every
request it saw (path and headers) so tests can check what provcheck sent.
"""

from __future__ import annotations

import contextlib
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler], None]

ARTICLE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Harbour dredging plan wins narrow vote | The Estuary Ledger</title>
<meta property="og:title" content="Harbour dredging plan wins narrow vote">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Harbour dredging plan wins narrow vote",
 "datePublished": "2026-03-11T08:30:00Z",
 "author": {"@type": "Person", "name": "Tomasz Wren"},
 "publisher": {"@type": "Organization", "name": "The Estuary Ledger"}}
</script>
</head>
<body>
<header><a href="https://ledger.example/">The Estuary Ledger</a>
<nav><a href="https://ledger.example/local">Local</a> <a href="https://ledger.example/sport">Sport</a></nav>
</header>
<main>
<article>
<h1>Harbour dredging plan wins narrow vote</h1>
<p class="byline">By Tomasz Wren</p>
<time datetime="2026-03-11T08:30:00Z">11 March 2026</time>
<p>The port authority board approved a plan to deepen the eastern channel by two metres,
voting five to four after a three-hour meeting on Tuesday.</p>
<p>"Larger ferries cannot berth at low tide, and that costs the town every week," said
Harriet Okonjo, the authority's operations director.</p>
<p>Critics say the dredging will disturb mudflats used by wading birds. Some residents
believe the cost will be far higher than forecast.</p>
<figure>
<img src="https://ledger.example/images/channel.jpg" alt="Dredging barge in the channel">
<figcaption>A survey barge in the eastern channel. Photo: Ines Marlow</figcaption>
</figure>
<p>The full board papers are published on the
<a href="https://portauthority.example/board/2026-03">authority's website</a>.</p>
</article>
</main>
<footer><a href="https://ledger.example/corrections">Corrections</a></footer>
</body>
</html>
"""


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


@dataclass
class Site:
    """Routes by path, and the requests received. ``release`` ends every waiting route."""

    port: int = 0
    routes: dict[str, Route] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    scheme: str = "http"
    # The TLS server names (SNI) clients asked for, when serving https.
    sni: list[str | None] = field(default_factory=list)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"


def page(
    body: bytes | str, content_type: str = "text/html; charset=utf-8", status: int = 200
) -> Route:
    data = body.encode("utf-8") if isinstance(body, str) else body

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        if content_type:
            handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    return answer


def redirect(location: str, status: int = 302, cookie: str = "") -> Route:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        if location:
            handler.send_header("Location", location)
        if cookie:
            handler.send_header("Set-Cookie", cookie)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return answer


def stalled(site: Site) -> Route:
    """Accept the request, then send nothing until the test ends."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        site.release.wait(10)

    return answer


def stalled_body(site: Site) -> Route:
    """Send the head and the start of a page, then nothing until the test ends."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", "5000")
        handler.end_headers()
        handler.wfile.write(b"<html><body><p>The board")
        handler.wfile.flush()
        site.release.wait(10)

    return answer


def unsized(body: bytes, repeat: int) -> Route:
    """An HTML body of ``body * repeat`` with no Content-Length (read until close)."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        for _ in range(repeat):
            handler.wfile.write(body)

    return answer


def trickle(site: Site, every: float) -> Route:
    """A page that sends one byte every ``every`` seconds, forever (until the test ends)."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        handler.wfile.write(b"<html><body><p>")
        handler.wfile.flush()
        while not site.release.wait(every):
            handler.wfile.write(b"a")
            handler.wfile.flush()

    return answer


def trickled_head(site: Site, every: float) -> Route:
    """A response head sent one byte every ``every`` seconds, never finished."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"a" * 100_000
        for byte in head:
            if site.release.wait(every):
                return
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()

    return answer


class _Handler(BaseHTTPRequestHandler):
    site: Site  # set on a subclass per server

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        self.site.seen.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}))
        route = self.site.routes.get(path)
        if route is None:
            page("<h1>Not here</h1>", status=404)(self)
            return
        # The client giving up first is what the timeout tests want.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route(self)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client hanging up mid-answer is expected here


@contextmanager
def serve(tls: tuple[str, str] | None = None) -> Iterator[Site]:
    """Run a server on 127.0.0.1 on a free port for the duration of the block.

    ``tls`` is (certificate file, key file) to serve https instead of http.
    """
    site = Site()
    handler = type("Handler", (_Handler,), {"site": site})
    server = _Server(("127.0.0.1", 0), handler)
    site.port = server.server_address[1]
    if tls is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*tls)
        context.sni_callback = lambda _sock, name, _ctx: site.sni.append(name)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        site.scheme = "https"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01})
    thread.daemon = True
    thread.start()
    try:
        yield site
    finally:
        site.release.set()
        server.shutdown()
        server.server_close()
        thread.join(2)
