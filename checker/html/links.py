"""Classifying links by registered domain, offline (the Public Suffix List snapshot that
tldextract ships, read by provcheck.html.psl)."""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from provcheck.html.psl import split_domain
from provcheck.model import LinkKind
from provcheck.rulepacks.files import lexicon


def split_host(url: str) -> tuple[str, str, str]:
    """(host, registered domain, public suffix) of a URL; empty strings if it has none."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return "", "", ""
    if not host:
        return "", "", ""
    registered, suffix = split_domain(host)
    return host, registered, suffix


@functools.cache
def _domains(kind: str) -> frozenset[str]:
    return frozenset(str(d).lower() for d in lexicon("links").get(kind, []))


def classify(url: str, site_domain: str) -> tuple[str, str, LinkKind]:
    """(host, registered domain, kind) for a link found on a page of ``site_domain``."""
    host, domain, suffix = split_host(url)
    if not domain:
        return host, domain, "other"
    if site_domain and domain == site_domain:
        return host, domain, "same-site"
    labels = suffix.split(".")
    if (
        domain in _domains("government")
        or labels[0] in ("gov", "mil", "gouv", "gob", "govt", "go", "int")
        or labels[-1] in ("gov", "mil", "int")
    ):
        return host, domain, "government"
    path = urlsplit(url).path.lower()
    if (
        domain in _domains("study")
        or labels[0] in ("edu", "ac")
        or labels[-1] == "edu"
        or path.endswith(".pdf")
    ):
        return host, domain, "study"
    if domain in _domains("social"):
        return host, domain, "social"
    if domain in _domains("news"):
        return host, domain, "news"
    return host, domain, "other"
