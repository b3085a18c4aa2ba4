"""URL scanning: the guarded fetcher, through the CLI and directly, against a 127.0.0.1 server.

Nothing here reaches the internet: the only sockets go to the server these tests start, and
host names are answered by a fake resolver (see ``fake_dns``).
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from provcheck.config import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, Config
from provcheck.errors import SourceError
from provcheck.sources import netguard
from provcheck.sources.fetch import DEADLINE_FACTOR, MAX_REDIRECTS, USER_AGENT, fetch
from tests.httpserver import (
    ARTICLE,
    Route,
    Site,
    page,
    redirect,
    serve,
    stalled,
    stalled_body,
    trickle,
    trickled_head,
    unsized,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        yield running


def allowed(**changes: Any) -> Config:
    settings: dict[str, Any] = {"allow_private_network": True, "timeout": 1.0, **changes}
    return Config(**settings)


def fetch_error(url: str, config: Config) -> str:
    with pytest.raises(SourceError) as caught:
        fetch(url, config)
    assert caught.value.source == url
    reason = str(caught.value.reason)
    assert "\n" not in reason
    return reason


def without_location(data: Any) -> Any:
    """The report with the fields that name where it came from removed."""
    if isinstance(data, dict):
        return {k: without_location(v) for k, v in data.items() if k not in ("source", "url")}
    if isinstance(data, list):
        return [without_location(v) for v in data]
    return data


_LOOPBACK = ("127.0.0.1", "::1")


@pytest.fixture(autouse=True)
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, list[list[str]]]], list[str]]:
    """Answer host names from a table; each lookup of a name takes the next answer in its list.

    Installed for every test here with an empty table, so no test can look up or connect to
    anything but 127.0.0.1: loopback literals go to the real resolver with AI_NUMERICHOST
    (no lookup), a name missing from the table is an unknown host, and any other address
    fails as if unreachable. Returns the list of hosts asked for.
    """
    real = socket.getaddrinfo

    def install(table: dict[str, list[list[str]]]) -> list[str]:
        asked: list[str] = []

        def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
            name = host.decode() if isinstance(host, bytes) else str(host)
            asked.append(name)
            if name in _LOOPBACK:
                return real(name, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
            if netguard.literal_address(name) is not None:
                raise socket.gaierror(socket.EAI_FAIL, f"test refuses to connect to {name}")
            answers = table.get(name)
            if not answers:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            return [
                (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (a, port))
                for a in answers.pop(0)
            ]  # fmt: skip

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
        return asked

    install({})
    return install


# --- through the CLI ----------------------------------------------------------------------


def test_url_scan_reports_the_same_as_a_file_scan(
    site: Site, run_cli: Callable[..., Any], in_tmp: Path
) -> None:
    site.routes["/news/harbour"] = page(ARTICLE)
    saved = in_tmp / "harbour.html"
    saved.write_text(ARTICLE, encoding="utf-8")
    url = site.url("/news/harbour")

    from_url = run_cli("scan", "-f", "json", "--allow-private-network", url)
    from_file = run_cli("scan", "-f", "json", str(saved))

    assert from_url.err == ""
    assert from_url.code == from_file.code
    url_report = json.loads(from_url.out)["reports"][0]
    file_report = json.loads(from_file.out)["reports"][0]
    assert url_report["error"] is None
    assert url_report["score"] is not None
    assert url_report["article"]["url"] == url  # the final URL reaches the article
    assert url_report["article"]["title"] == "Harbour dredging plan wins narrow vote"
    assert without_location(url_report) == without_location(file_report)


def _chain(site: Site, length: int) -> str:
    """``length`` redirects in a row, ending at the article."""
    site.routes["/end"] = page(ARTICLE)
    for step in range(length):
        target = "/end" if step == length - 1 else f"/hop{step + 1}"
        site.routes[f"/hop{step}"] = redirect(target)
    return "/hop0"


def _at(path: str, route: Callable[[Site], Route]) -> Callable[[Site], str]:
    """A setup that serves ``route`` at ``path`` and returns the path."""

    def setup(site: Site) -> str:
        site.routes[path] = route(site)
        return path

    return setup


def _loop(site: Site) -> str:
    site.routes.update({"/a": redirect("/b"), "/b": redirect("/a")})
    return "/a"


ERROR_CASES: dict[str, tuple[Callable[[Site], str], list[str], str]] = {
    "not found": (lambda site: "/gone", [], "HTTP 404 Not Found"),
    "timeout": (
        _at("/slow", stalled),
        ["--timeout", "1"],
        "timed out after 1s while waiting for the response",
    ),
    "oversized": (
        _at("/big", lambda site: page(ARTICLE)),
        ["--max-bytes", "1000"],
        f"response is {len(ARTICLE.encode()):,} bytes, over the 1,000-byte limit",
    ),
    "redirect loop": (_loop, [], "redirect loop"),
    "too many redirects": (
        lambda site: _chain(site, MAX_REDIRECTS + 1),
        [],
        f"too many redirects (more than {MAX_REDIRECTS})",
    ),
    "binary": (
        _at("/photo", lambda site: page(PNG, "image/png")),
        [],
        "binary content (image/png), not an HTML page",
    ),
}


@pytest.mark.parametrize("case", ERROR_CASES)
def test_a_bad_url_is_one_error_line_and_the_run_goes_on(
    case: str,
    site: Site,
    run_cli: Callable[..., Any],
    write_article: Callable[..., Path],
    in_tmp: Path,
) -> None:
    setup, options, reason = ERROR_CASES[case]
    url = site.url(setup(site))
    good = write_article("good.html")
    assert good.stat().st_size < 1000  # the good file must pass the --max-bytes case too

    result = run_cli("scan", "-f", "json", "--allow-private-network", *options, url, str(good))

    assert result.code == 2
    lines = result.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"provcheck: error: {url}: ")
    assert reason in lines[0]
    bad, fine = json.loads(result.out)["reports"]
    assert reason in bad["error"]
    assert fine["source"] == str(good)
    assert fine["error"] is None
    assert fine["score"] is not None


def test_loopback_url_is_refused_without_the_flag(
    site: Site,
    run_cli: Callable[..., Any],
    write_article: Callable[..., Path],
    in_tmp: Path,
) -> None:
    site.routes["/news"] = page(ARTICLE)
    url = site.url("/news")
    good = write_article("good.html")

    result = run_cli("scan", "-f", "json", url, str(good))

    assert result.code == 2
    assert result.err.splitlines() == [
        f"provcheck: error: {url}: refused: 127.0.0.1 is a loopback address "
        "(use --allow-private-network to allow it)"
    ]
    assert site.seen == []  # refused before connecting
    fine = json.loads(result.out)["reports"][1]
    assert fine["error"] is None and fine["score"] is not None


def test_scanning_files_does_not_import_httpx(write_article: Callable[..., Path]) -> None:
    good = write_article("good.html")
    code = (
        "import sys; from provcheck.cli import main; "
        f"main(['scan', '-f', 'json', {str(good)!r}]); "
        "print('httpx' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stderr.strip().splitlines()[-1] == "False"


# --- the fetcher: what it sends and returns ------------------------------------------------


def test_request_names_provcheck_and_asks_for_html(site: Site) -> None:
    site.routes["/news"] = page(ARTICLE)
    fetch(site.url("/news"), allowed())
    headers = site.seen[0].headers
    assert headers["user-agent"] == USER_AGENT
    assert USER_AGENT.startswith("provcheck/")
    assert "(+https://github.com/provcheck/provcheck)" in USER_AGENT
    assert headers["accept"].startswith("text/html")


def test_redirects_give_the_final_url_headers_and_charset(site: Site) -> None:
    site.routes["/old"] = redirect("/moved", 301)
    site.routes["/moved"] = redirect(site.url("/news/harbour"), 307)
    site.routes["/news/harbour"] = page(ARTICLE.encode("latin-1", "replace"),
                                        "text/html; charset=ISO-8859-1")  # fmt: skip
    start = site.url("/old")

    document = fetch(start, allowed())

    assert document.source == start
    assert document.url == site.url("/news/harbour")
    assert document.media_type == "text/html"
    assert document.charset == "iso-8859-1"
    assert ("content-type", "text/html; charset=ISO-8859-1") in document.headers
    assert [seen.path for seen in site.seen] == ["/old", "/moved", "/news/harbour"]


def test_no_cookie_is_kept_from_one_hop_to_the_next(site: Site) -> None:
    # Hops go to pinned IPs: a stored cookie would be filed under 127.0.0.1, not the site.
    site.routes["/consent"] = redirect("/news", cookie="session=abc123; Path=/")
    site.routes["/news"] = page(ARTICLE)
    fetch(site.url("/consent"), allowed())
    assert [seen.path for seen in site.seen] == ["/consent", "/news"]
    assert "cookie" not in site.seen[1].headers


def test_exactly_the_redirect_limit_is_followed(site: Site) -> None:
    document = fetch(site.url(_chain(site, MAX_REDIRECTS)), allowed())
    assert document.url == site.url("/end")


@pytest.mark.parametrize(
    ("content_type", "body", "media_type"),
    [
        ("text/plain", ARTICLE, "text/html"),  # mislabelled page: the body decides
        ("", ARTICLE, "text/html"),
        ("application/xhtml+xml", ARTICLE, "application/xhtml+xml"),
        ("text/markdown; charset=utf-8", "# Harbour vote\n\nThe board voted.\n", "text/markdown"),
        ("text/html; charset=no-such-charset", ARTICLE, "text/html"),
    ],
    ids=["plain", "none", "xhtml", "markdown", "bad-charset"],
)
def test_pages_are_accepted_by_type_or_by_content(
    site: Site, content_type: str, body: str, media_type: str
) -> None:
    site.routes["/doc"] = page(body, content_type)
    document = fetch(site.url("/doc"), allowed())
    assert document.media_type == media_type
    assert document.data == body.encode("utf-8")
    assert document.charset in ("", "utf-8")


@pytest.mark.parametrize(
    ("content_type", "body", "reason"),
    [
        ("application/pdf", b"%PDF-1.7\n", "binary content (application/pdf), not an HTML page"),
        ("application/octet-stream", b"\x00\x01", "binary content (application/octet-stream)"),
        ("text/html", PNG, "binary content (image/png), not an HTML page"),
        ("text/html", b"<p>" + bytes(40), "binary content (unrecognised binary data)"),
        ("application/json", b'{"a": 1}', "not an HTML page (content type application/json)"),
        ("text/plain", b"Just a few words.", "plain text (text/plain), not an HTML page"),
        ("", b"Just a few words.", "no content type, and the body does not look like HTML"),
        ("text/html", b"", "empty response"),
    ],
    ids=["pdf", "octet-stream", "png-as-html", "nul-bytes", "json", "prose", "untyped", "empty"],
)
def test_what_is_not_a_page_is_refused(
    site: Site, content_type: str, body: bytes, reason: str
) -> None:
    site.routes["/doc"] = page(body, content_type)
    assert reason in fetch_error(site.url("/doc"), allowed())


def test_body_without_length_is_cut_at_the_cap(site: Site) -> None:
    site.routes["/endless"] = unsized(b"<p>filler</p>" * 100, repeat=200)
    reason = fetch_error(site.url("/endless"), allowed(max_bytes=5_000))
    assert reason == "response is over the 5,000-byte limit"


def test_a_body_that_stops_arriving_times_out(site: Site) -> None:
    site.routes["/half"] = stalled_body(site)
    reason = fetch_error(site.url("/half"), allowed(timeout=0.25))
    assert reason == "timed out after 0.25s while reading the body"


def test_slow_drip_hits_the_overall_deadline(site: Site) -> None:
    # Each byte comes well inside the read timeout; only the overall deadline stops it.
    site.routes["/drip"] = trickle(site, every=0.05)
    reason = fetch_error(site.url("/drip"), allowed(timeout=0.25))
    assert reason.startswith("timed out after 1s in all")


def finishes_within(seconds: float, step: Callable[[], object]) -> tuple[float, object]:
    """Run ``step`` in a thread; fail (instead of hanging the suite) if it takes too long."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(step())
        except Exception as exc:  # handed to the test to inspect
            outcome.append(exc)

    start = time.monotonic()
    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds:g}s"
    return time.monotonic() - start, outcome[0]


def test_a_trickled_response_head_hits_the_overall_deadline(site: Site) -> None:
    # Before the deadline covered the whole exchange this never ended: each byte of the
    # head came well inside the read timeout, and the deadline was only checked between
    # body reads.
    site.routes["/head"] = trickled_head(site, every=0.05)
    took, outcome = finishes_within(15, lambda: fetch(site.url("/head"), allowed(timeout=0.25)))
    assert isinstance(outcome, SourceError)
    assert outcome.reason.startswith("timed out after 1s in all")
    assert took < 4


def test_each_vetted_address_is_tried_in_turn(
    site: Site, fake_dns: Callable[..., list[str]]
) -> None:
    fake_dns({"news.test": [["127.0.0.2", "127.0.0.1"]]})  # nothing listens on 127.0.0.2
    site.routes["/story"] = page(ARTICLE)
    document = fetch(site.url("/story", host="news.test"), allowed())
    assert document.url == site.url("/story", host="news.test")
    assert len(site.seen) == 1


def test_redirect_problems_are_named(site: Site) -> None:
    site.routes["/nowhere"] = redirect("")
    site.routes["/ftp"] = redirect("ftp://files.example/story.html")
    assert fetch_error(site.url("/nowhere"), allowed()) == (
        "HTTP 302 redirect without a Location header"
    )
    reason = fetch_error(site.url("/ftp"), allowed())
    assert reason.startswith("unsupported URL scheme ftp:")
    assert "after 1 redirect(s)" in reason


def test_connection_refused_and_tls_errors_are_named(site: Site) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    reason = fetch_error(f"http://127.0.0.1:{closed_port}/", allowed())
    assert reason == f"connection refused by 127.0.0.1 port {closed_port}"
    # https to a plain-HTTP server fails in the TLS handshake.
    reason = fetch_error(f"https://127.0.0.1:{site.port}/", allowed())
    assert reason.startswith(f"TLS error with 127.0.0.1 port {site.port}: ")


# --- the address guard ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("10.0.0.1", "private"),
        ("192.168.1.1", "private"),
        ("172.16.5.4", "private"),
        ("169.254.169.254", "link-local"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("2002:7f00:1::", "loopback"),  # 6to4 wrapping 127.0.0.1
        ("64:ff9b::a00:1", "private"),  # NAT64 wrapping 10.0.0.1
    ],
)
def test_guard_refuses_non_public_addresses(address: str, kind: str) -> None:
    problem = netguard.address_problem(address)
    assert problem is not None and kind in problem
    with pytest.raises(netguard.GuardError) as caught:
        netguard.vet_host(address, 80, allow_private=False, timeout=1)
    assert caught.value.reason.startswith(f"refused: {address} is ")
    assert caught.value.reason.endswith("(use --allow-private-network to allow it)")


def test_guard_allows_a_public_address_without_a_lookup(fake_dns: Callable[..., list[str]]) -> None:
    asked = fake_dns({})
    assert netguard.address_problem("93.184.216.34") is None
    assert netguard.address_problem("2606:4700::1") is None
    assert netguard.vet_host("93.184.216.34", 443, allow_private=False, timeout=1) == [
        "93.184.216.34"
    ]
    assert asked == []


def test_guard_checks_every_address_a_name_resolves_to(fake_dns: Callable[..., list[str]]) -> None:
    fake_dns({"intranet.test": [["10.0.0.5"]], "mixed.test": [["93.184.216.34", "127.0.0.1"]]})
    with pytest.raises(netguard.GuardError) as caught:
        netguard.vet_host("intranet.test", 80, allow_private=False, timeout=1)
    assert caught.value.reason == (
        "refused: intranet.test resolves to 10.0.0.5, a private address "
        "(use --allow-private-network to allow it)"
    )
    with pytest.raises(netguard.GuardError, match=r"mixed\.test resolves to 127\.0\.0\.1,"):
        netguard.vet_host("mixed.test", 80, allow_private=False, timeout=1)


def test_unknown_host_is_a_dns_error(fake_dns: Callable[..., list[str]]) -> None:
    fake_dns({})
    reason = fetch_error("http://nowhere.test/story", Config(timeout=1.0))
    assert reason == "cannot resolve host nowhere.test: Name or service not known"


def test_connection_goes_to_the_vetted_address(
    site: Site, fake_dns: Callable[..., list[str]]
) -> None:
    # A second lookup would get a different answer (a rebinding DNS server); the fetcher must
    # connect to the address it checked, so only one lookup of the name may happen.
    asked = fake_dns({"news.test": [["127.0.0.1"], ["10.1.2.3"]]})
    site.routes["/story"] = page(ARTICLE)

    document = fetch(site.url("/story", host="news.test"), allowed())

    assert asked.count("news.test") == 1
    assert document.url == site.url("/story", host="news.test")
    assert site.seen[0].headers["host"] == f"news.test:{site.port}"


def test_every_redirect_hop_is_guarded(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    # Let the first hop reach the test server, then redirect to the metadata address.
    real = netguard.vet_host

    def first_hop_allowed(host: str, port: int, *, allow_private: bool, timeout: float) -> Any:
        return real(host, port, allow_private=host == "127.0.0.1", timeout=timeout)

    monkeypatch.setattr("provcheck.sources.transfer.vet_host", first_hop_allowed)
    site.routes["/bounce"] = redirect("http://169.254.169.254/latest/meta-data/")

    reason = fetch_error(site.url("/bounce"), Config(timeout=1.0))

    assert reason.startswith("refused: 169.254.169.254 is a link-local address")
    assert "after 1 redirect(s)" in reason
    assert len(site.seen) == 1


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[str, str]:
    """A throwaway self-signed certificate for news.test (certificate file, key file)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "2", "-subj", "/CN=news.test",
         "-addext", "subjectAltName=DNS:news.test", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    return str(cert), str(key)


def test_https_to_the_pinned_address_still_names_the_host(
    certificate: tuple[str, str],
    fake_dns: Callable[..., list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", certificate[0])  # trust the throwaway certificate
    fake_dns({"news.test": [["127.0.0.1"]]})
    with serve(tls=certificate) as site:
        site.routes["/story"] = page(ARTICLE)

        document = fetch(site.url("/story", host="news.test"), allowed())

        assert document.url == f"https://news.test:{site.port}/story"
        assert site.sni == ["news.test"]  # the handshake named the host, not 127.0.0.1
        assert site.seen[0].headers["host"] == f"news.test:{site.port}"
        # The certificate is checked against the host name: by address it does not match.
        reason = fetch_error(site.url("/story"), allowed())
        assert reason.startswith(f"TLS error with 127.0.0.1 port {site.port}: ")
        assert "mismatch" in reason


def test_docs_state_the_limits_the_code_uses() -> None:
    doc = (Path(__file__).parents[1] / "docs" / "fetching.md").read_text(encoding="utf-8")
    assert f"User-Agent: {USER_AGENT}" in doc
    assert f"| redirects | {MAX_REDIRECTS} |" in doc
    assert f"| {DEFAULT_MAX_BYTES:,} |" in doc
    assert f"| {DEFAULT_TIMEOUT:g} s |" in doc
    assert f"{DEADLINE_FACTOR} × the timeout ({DEADLINE_FACTOR * DEFAULT_TIMEOUT:g} s)" in doc


def test_a_trickled_head_over_tls_hits_the_overall_deadline(
    certificate: tuple[str, str],
    fake_dns: Callable[..., list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The watchdog shuts down the TCP connection under the TLS layer: the read ends there too.
    monkeypatch.setenv("SSL_CERT_FILE", certificate[0])
    fake_dns({"news.test": [["127.0.0.1"]]})
    with serve(tls=certificate) as site:
        site.routes["/head"] = trickled_head(site, every=0.05)
        url = site.url("/head", host="news.test")
        took, outcome = finishes_within(15, lambda: fetch(url, allowed(timeout=0.25)))
    assert isinstance(outcome, SourceError)
    assert outcome.reason.startswith("timed out after 1s in all")
    assert took < 4


def test_fetch_bytes_is_public_and_lets_the_caller_refuse_a_head(site: Site) -> None:
    from provcheck.sources import Deadline, FetchError, Request, fetch_bytes

    site.routes["/data"] = page('{"a": 1}', "application/json")
    site.routes["/moved"] = redirect("/data")

    def request(**changes: Any) -> Request:
        settings: dict[str, Any] = {
            "accept": "application/json", "timeout": 1.0, "deadline": Deadline(4.0),
            "max_bytes": 1000, "max_redirects": 1, "allow_private": True, **changes,
        }  # fmt: skip
        return Request(**settings)

    got = fetch_bytes(site.url("/moved"), request())
    assert (got.data, got.url, got.header("Content-Type")) == (
        b'{"a": 1}', site.url("/data"), "application/json"
    )

    def html_only(head: Any) -> None:
        raise FetchError(f"not HTML ({head.header('content-type')})")

    with pytest.raises(FetchError) as caught:
        fetch_bytes(site.url("/data"), request(inspect=html_only))
    assert caught.value.reason == "not HTML (application/json)"
    assert site.seen[0].headers["accept"] == "application/json"
