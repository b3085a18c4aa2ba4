"""Registered domains from the Public Suffix List snapshot that tldextract ships.

We read tldextract's bundled snapshot without importing tldextract: its import pulls in
requests and costs about 0.4 s of CPU per run, most of a single-file pre-commit run's
0.5 s budget (measured; docs/performance.md). The lookup follows the list's rules
(wildcards, exceptions, the implicit "*" rule) over its ICANN section, as tldextract does by
default, and a test checks that the two agree.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

_PRIVATE_MARKER = "===BEGIN PRIVATE DOMAINS==="


@functools.cache
def _rules() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(plain rules, wildcard parents, exceptions) of the ICANN section."""
    spec = importlib.util.find_spec("tldextract")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("tldextract is not installed: its suffix-list snapshot is needed")
    snapshot = Path(next(iter(spec.submodule_search_locations))) / ".tld_set_snapshot"
    plain: set[str] = set()
    wildcard: set[str] = set()
    exception: set[str] = set()
    for raw in snapshot.read_text(encoding="utf-8").splitlines():
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


def public_suffix(labels: list[str]) -> int:
    """Index into ``labels`` where the public suffix starts."""
    plain, wildcard, exception = _rules()
    for index in range(len(labels)):
        candidate = ".".join(labels[index:])
        if candidate in exception:
            return index + 1
        if candidate in plain:
            return index
        if index + 1 < len(labels) and ".".join(labels[index + 1 :]) in wildcard:
            return index
    return len(labels)  # no rule: like tldextract, an unknown TLD is no public suffix


@functools.lru_cache(maxsize=4096)
def split_domain(host: str) -> tuple[str, str]:
    """(registered domain, public suffix) of a host name, as tldextract would give them.

    An IP address is its own registered domain; a host under no known suffix
    ("localhost", "intranet.corp") has the suffix "" and its last label as the domain.
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
