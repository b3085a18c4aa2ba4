"""--fetch-images: remote pictures downloaded through the URL-scan address guard.

The only server is the one each test starts on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from provcheck.config import Config
from provcheck.report import Report
from provcheck.testing import make_session
from tests.httpserver import Site, page, redirect, serve
from tests.imagery_helpers import article, jpeg, write, xmp_packet

AI_JPEG = jpeg(xmp=xmp_packet("trainedAlgorithmicMedia"))


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        yield running


def scan(tmp_path: Path, src: str, *, fetch: bool = True, **changes: Any) -> Report:
    settings: dict[str, Any] = {"allow_private_network": True, "timeout": 2.0, **changes}
    config = Config(plugins=(("imagery", {"fetch-images": fetch}),), **settings)
    path = write(tmp_path, "story.html", article([(src, "The quay on Monday.")]))
    return make_session(config=config).scan(str(path))


def entry(report: Report) -> dict[str, Any]:
    (picture,) = dict(report.summaries)["images"]
    return picture  # type: ignore[no-any-return]


def test_remote_image_is_read_when_fetching_is_on(tmp_path: Path, site: Site) -> None:
    site.routes["/lead.jpg"] = page(AI_JPEG, "image/jpeg")
    report = scan(tmp_path, site.url("/lead.jpg"))
    assert [f.code for f in report.findings if f.code.startswith("IMG")] == ["IMG102"]
    assert site.seen[0].headers["accept"].startswith("image/")
    assert site.seen[0].headers["user-agent"].startswith("provcheck/")


def test_nothing_is_fetched_by_default(tmp_path: Path, site: Site) -> None:
    site.routes["/lead.jpg"] = page(AI_JPEG, "image/jpeg")
    report = scan(tmp_path, site.url("/lead.jpg"), fetch=False)
    assert site.seen == []
    assert entry(report)["bytes"]["status"] == "not-fetched"


def test_loopback_is_refused_without_allow_private_network(tmp_path: Path, site: Site) -> None:
    site.routes["/lead.jpg"] = page(AI_JPEG, "image/jpeg")
    report = scan(tmp_path, site.url("/lead.jpg"), allow_private_network=False)
    assert site.seen == []
    assert entry(report)["bytes"]["status"] == "refused"
    assert "loopback" in entry(report)["bytes"]["problem"]
    assert not [f for f in report.findings if f.code.startswith("IMG")]


def test_three_redirects_are_followed_and_a_fourth_is_refused(tmp_path: Path, site: Site) -> None:
    site.routes["/lead.jpg"] = page(AI_JPEG, "image/jpeg")
    for n in range(1, 5):
        site.routes[f"/r{n}"] = redirect(f"/r{n + 1}" if n < 4 else "/lead.jpg")
    assert entry(scan(tmp_path, site.url("/r2")))["bytes"]["status"] == "read"
    refused = entry(scan(tmp_path, site.url("/r1")))["bytes"]
    assert refused["status"] == "refused" and "redirects" in refused["problem"]


@pytest.mark.parametrize(
    ("body", "content_type", "problem"),
    [
        (b"<html>404</html>", "text/html", "not an image"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml", "not an image"),
        (b"x" * 5000, "image/jpeg", "byte limit"),
    ],
)
def test_what_is_not_a_small_image_is_refused(
    tmp_path: Path, site: Site, body: bytes, content_type: str, problem: str
) -> None:
    site.routes["/lead.jpg"] = page(body, content_type)
    config = Config(
        plugins=(("imagery", {"fetch-images": True, "max-image-bytes": 4000}),),
        allow_private_network=True,
        timeout=2.0,
    )
    path = write(tmp_path, "story.html", article([(site.url("/lead.jpg"), "The quay.")]))
    got = entry(make_session(config=config).scan(str(path)))["bytes"]
    assert got["status"] == "refused" and problem in got["problem"]


def test_no_cookie_is_kept_from_one_image_hop_to_the_next(tmp_path: Path, site: Site) -> None:
    # Hops go to pinned IPs: a stored cookie would be sent to any other site on that address.
    site.routes["/consent.jpg"] = redirect("/lead.jpg", cookie="session=abc123; Path=/")
    site.routes["/lead.jpg"] = page(AI_JPEG, "image/jpeg")
    scan(tmp_path, site.url("/consent.jpg"))
    assert [seen.path for seen in site.seen] == ["/consent.jpg", "/lead.jpg"]
    assert "cookie" not in site.seen[1].headers
