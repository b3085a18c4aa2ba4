"""Our suffix-list lookup gives the registered domains tldextract gives, offline."""

from __future__ import annotations

import pytest

from provcheck.html import psl
from provcheck.html.links import classify
from provcheck.html.psl import split_domain

HOSTS = [
    "www.bbc.co.uk", "news.bbc.co.uk", "bbc.co.uk", "example.com", "a.b.c.example.com",
    "www.gov.uk", "assets.publishing.service.gov.uk", "city.kawasaki.jp", "www.ck",
    "foo.bar.ck", "www.parliament.nz", "europa.eu", "ec.europa.eu", "localhost",
    "intranet.corp", "127.0.0.1", "xn--bcher-kva.example", "www.tokyo.jp", "sub.example.co.in",
    "blog.example.blogspot.com", "www.thehindu.com", "edition.cnn.com", "stats.oecd.org",
    "www.ons.gov.uk", "x.com", "t.co", "data.gouv.fr", "www.service-public.fr",
    # Internationalised names, in punycode and in Unicode (the list writes its rules in Unicode).
    "news.xn--80aswg.xn--p1ai", "xn--e1afmkfd.xn--p1ai", "сайт.рф", "www.xn--fiqs8s",
    "a.xn--zz-broken.xn--p1ai",
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


def test_punycode_sites_under_an_idn_suffix_are_different_sites() -> None:
    # Two .рф sites written in punycode: before decoding, "xn--p1ai" matched no rule and
    # every .рф site had the registered domain "xn--p1ai" (all the same site).
    first, suffix = split_domain("news.xn--80aswg.xn--p1ai")
    second, _ = split_domain("www.xn--e1afmkfd.xn--p1ai")
    assert suffix == "xn--p1ai"
    assert first == "xn--80aswg.xn--p1ai" != second == "xn--e1afmkfd.xn--p1ai"
    assert classify("https://www.xn--e1afmkfd.xn--p1ai/a", "xn--80aswg.xn--p1ai")[2] != "same-site"


def test_the_snapshot_is_read_without_importing_tldextract() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from provcheck.html.psl import split_domain as s;"
        "print(s('www.bbc.co.uk'), 'tldextract' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.split() == ["('bbc.co.uk',", "'co.uk')", "False"], done.stderr


@pytest.mark.parametrize("host", HOSTS)
def test_falls_back_to_tldextract_when_the_snapshot_moves(
    monkeypatch: pytest.MonkeyPatch, extract, host: str  # type: ignore[no-untyped-def]
) -> None:
    def moved() -> str:
        raise FileNotFoundError("no .tld_set_snapshot in this tldextract")

    monkeypatch.setattr(psl, "snapshot_text", moved)
    psl._rules.cache_clear()
    split_domain.cache_clear()
    try:
        assert psl._rules() is None  # the fallback is what answers below
        parts = extract(host)
        expected = f"{parts.domain}.{parts.suffix}" if parts.suffix else parts.domain
        assert split_domain(host) == (expected, parts.suffix)
    finally:
        psl._rules.cache_clear()
        split_domain.cache_clear()
