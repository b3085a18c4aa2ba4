"""Registered domains from the Public Suffix List snapshot that tldextract ships.

The snapshot is found through importlib's resource protocol (the loader's resource reader,
which is what ``importlib.resources.files`` uses) without importing tldextract: its import
pulls in requests and idna and costs about 0.1 s per run (measured; docs/performance.md),
a third of a single-file pre-commit run. The lookup follows the list's rules (wildcards,
exceptions, the implicit "*" rule) over its ICANN section, as tldextract does by default, and
tests check that the two agree. If a tldextract release moves or renames its snapshot, we fall
back to ``tldextract.TLDExtract`` itself, offline (slower to start, same answers).

Punycode labels (``xn--p1ai``) are decoded before the lookup, as tldextract does, so the
suffix list's Unicode rules (``рф``) apply to hosts written either way.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Callable
from typing import Any

_PRIVATE_MARKER = "===BEGIN PRIVATE DOMAINS==="
SNAPSHOT = ".tld_set_snapshot"

Rules = tuple[frozenset[str], frozenset[str], frozenset[str]]


def snapshot_text() -> str:
    """tldextract's bundled suffix list, read through its package's resource reader."""
    spec = importlib.util.find_spec("tldextract")  # locates the package without importing it
    if spec is None:
        raise RuntimeError("tldextract is not installed: its suffix-list snapshot is needed")
    reader = getattr(spec.loader, "get_resource_reader", lambda name: None)(spec.name)
    if reader is None or not hasattr(reader, "files"):
        raise FileNotFoundError(f"tldextract's loader offers no resource reader for {SNAPSHOT}")
    text: str = reader.files().joinpath(SNAPSHOT).read_text(encoding="utf-8")
    return text


def parse_rules(text: str) -> Rules:
    """(plain rules, wildcard parents, exceptions) of the list's ICANN section."""
    plain: set[str] = set()
    wildcard: set[str] = set()
    exception: set[str] = set()
    for raw in text.splitlines():
        line = raw.strip()
        if _PRIVATE_MARKER in line:
            break
        if not line or line.startswith("//"):
            continue
        rule = line.split()[0].lower()
        if rule.startswith("!"):
            exception.add(rule[1:])
        elif rule.startswith("*."):
            wildcard.add(rule[2:])
        else:
            plain.add(rule)
    return frozenset(plain), frozenset(wildcard), frozenset(exception)


@functools.cache
def _rules() -> Rules | None:
    """The snapshot's rules, or None when the snapshot is not where we look (use tldextract)."""
    try:
        return parse_rules(snapshot_text())
    except OSError:  # moved or renamed in a tldextract release
        return None


@functools.cache
def _extractor() -> Callable[[str], Any]:
    import tldextract

    # No download and no cache folder: tldextract reads the same snapshot it ships.
    extract: Callable[[str], Any] = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    return extract


def decode_label(label: str) -> str:
    """A ``xn--`` label in Unicode, as the suffix list writes it; other labels unchanged."""
    if label.startswith("xn--"):
        try:
            return label.encode("ascii").decode("idna")
        except UnicodeError:
            return label
    return label


def public_suffix(labels: list[str]) -> int:
    """Index into ``labels`` (lower-case) where the public suffix starts."""
    rules = _rules()
    if rules is None:
        suffix = _extractor()(".".join(labels)).suffix
        return len(labels) - (suffix.count(".") + 1 if suffix else 0)
    plain, wildcard, exception = rules
    decoded = [decode_label(label) for label in labels]
    for index in range(len(decoded)):
        candidate = ".".join(decoded[index:])
        if candidate in exception:
            return index + 1
        if candidate in plain:
            return index
        if index + 1 < len(decoded) and ".".join(decoded[index + 1 :]) in wildcard:
            return index
    return len(labels)  # no rule: like tldextract, an unknown TLD is no public suffix


@functools.lru_cache(maxsize=4096)
def split_domain(host: str) -> tuple[str, str]:
    """(registered domain, public suffix) of a host name, as tldextract would give them.

    An IP address is its own registered domain; a host under no known suffix
    ("localhost", "intranet.corp") has the suffix "" and its last label as the domain.
    Labels come back as written (``xn--`` stays punycode); only the lookup decodes them.
    """
    host = host.strip(".").lower()
    if not host:
        return "", ""
    if host.replace(".", "").isdigit() or ":" in host:
        return host, ""
    labels = host.split(".")
    start = public_suffix(labels)
    suffix = ".".join(labels[start:])
    if start == 0:
        return "", suffix
    domain = labels[start - 1]
    return (f"{domain}.{suffix}" if suffix else domain), suffix
