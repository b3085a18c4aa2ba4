"""Our suffix-list lookup gives the registered domains tldextract gives, offline."""

from __future__ import annotations

import pytest

from provcheck.html.links import classify
from provcheck.html.psl import split_domain

HOSTS = [
    "www.bbc.co.uk", "news.bbc.co.uk", "bbc.co.uk", "example.com", "a.b.c.example.com",
    "www.gov.uk", "assets.publishing.service.gov.uk", "city.kawasaki.jp", "www.ck",
    "foo.bar.ck", "www.parliament.nz", "europa.eu", "ec.europa.eu", "localhost",
    "intranet.corp", "127.0.0.1", "xn--bcher-kva.example", "www.tokyo.jp", "sub.example.co.in",
    "blog.example.blogspot.com", "www.thehindu.com", "edition.cnn.com", "stats.oecd.org",
    "www.ons.gov.uk", "x.com", "t.co", "data.gouv.fr", "www.service-public.fr",
]  # fmt: skip


@pytest.fixture(scope="module")
def extract():  # type: ignore[no-untyped-def]
    tldextract = pytest.importorskip("tldextract")
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@pytest.mark.parametrize("host", HOSTS)
def test_agrees_with_tldextract(extract, host: str) -> None:  # type: ignore[no-untyped-def]
    parts = extract(host)
    expected = f"{parts.domain}.{parts.suffix}" if parts.suffix else parts.domain
    assert split_domain(host) == (expected, parts.suffix)


def test_classify_uses_registered_domains() -> None:
    assert classify("https://www.ons.gov.uk/x", "bbc.co.uk")[2] == "government"
    assert classify("https://news.bbc.co.uk/a", "bbc.co.uk")[2] == "same-site"
    assert classify("https://doi.org/10.1/x", "bbc.co.uk")[2] == "study"
    assert classify("https://x.com/someone", "bbc.co.uk")[2] == "social"
    assert classify("https://www.reuters.com/world", "bbc.co.uk")[2] == "news"
