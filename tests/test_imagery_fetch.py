"""--fetch-images: remote pictures downloaded through the URL-scan address guard.

The only server is the one each test starts on 127.0.0.1.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from provcheck.config import Config
from provcheck.report import Report
from provcheck.testing import make_session
from tests.httpserver import Site, page, redirect, serve, trickled_head
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


def test_a_trickled_response_head_ends_at_the_image_deadline(tmp_path: Path, site: Site) -> None:
    # Each byte of the head comes inside the read timeout; the deadline (--timeout per image)
    # now covers the whole exchange, where it was checked only between body reads.
    site.routes["/lead.jpg"] = trickled_head(site, every=0.05)
    done: list[Report] = []
    worker = threading.Thread(
        target=lambda: done.append(scan(tmp_path, site.url("/lead.jpg"), timeout=0.5)),
        daemon=True,
    )
    start = time.monotonic()
    worker.start()
    worker.join(15)
    assert not worker.is_alive(), "the image download did not end"
    got = entry(done[0])["bytes"]
    assert got["status"] == "refused" and got["problem"] == "timed out after 0.5s in all"
    assert time.monotonic() - start < 5


def test_each_vetted_address_of_an_image_host_is_tried(
    tmp_path: Path, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "img.test":  # nothing listens on 127.0.0.2: the second address answers
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                    for a in ("127.0.0.2", "127.0.0.1")]  # fmt: skip
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    site.routes["/lead.jpg"] = page(AI_JPEG, "image/jpeg")
    report = scan(tmp_path, site.url("/lead.jpg", host="img.test"))
    assert entry(report)["bytes"]["status"] == "read"
    assert site.seen[0].headers["host"] == f"img.test:{site.port}"


# --- local files ------------------------------------------------------------------------


def local_scan(article_path: Path, src: str, **settings: Any) -> dict[str, Any]:
    write(article_path.parent, article_path.name, article([(src, "The quay on Monday.")]))
    config = Config(plugins=(("imagery", settings),), **({"root": settings.pop("root")}
                    if "root" in settings else {}))  # fmt: skip
    return entry(make_session(config=config).scan(str(article_path)))["bytes"]


def test_a_local_image_outside_the_articles_folder_is_not_read(tmp_path: Path) -> None:
    write(tmp_path, "private/secret.jpg", AI_JPEG)
    got = local_scan(tmp_path / "site" / "story.html", "../private/secret.jpg")
    assert got["status"] == "refused"
    assert "outside the image root" in got["problem"]
    assert "format" not in got  # nothing of the file reached the report


def test_a_link_out_of_the_root_is_not_followed(tmp_path: Path) -> None:
    secret = write(tmp_path, "private/secret.jpg", AI_JPEG)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "lead.jpg").symlink_to(secret)
    got = local_scan(tmp_path / "site" / "story.html", "lead.jpg")
    assert got["status"] == "refused"


def test_local_images_under_the_root_are_read(tmp_path: Path) -> None:
    write(tmp_path, "site/media/lead.jpg", AI_JPEG)
    write(tmp_path, "site/img/site.jpg", AI_JPEG)
    assert local_scan(tmp_path / "site" / "story.html", "media/lead.jpg")["status"] == "read"
    # A site-root path found in a parent folder, inside the configured project root.
    got = local_scan(tmp_path / "site" / "posts" / "story.html", "/img/site.jpg",
                     root=str(tmp_path / "site"))  # fmt: skip
    assert got["status"] == "read"


def test_image_root_setting_widens_or_narrows_the_root(tmp_path: Path) -> None:
    write(tmp_path, "private/secret.jpg", AI_JPEG)
    story = tmp_path / "site" / "story.html"
    wide = local_scan(story, "../private/secret.jpg", **{"image-root": str(tmp_path)})
    assert wide["status"] == "read"
    write(tmp_path, "site/lead.jpg", AI_JPEG)
    narrow = local_scan(story, "lead.jpg", **{"image-root": str(tmp_path / "site" / "media")})
    assert narrow["status"] == "refused"
