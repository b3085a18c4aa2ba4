"""Page metadata: meta and OpenGraph tags, JSON-LD NewsArticle, authors and dates."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from provcheck.htmltree import Element, text_of
from provcheck.model import Author, Metadata
from provcheck.rulefile import lexicon
from provcheck.text import normalise_space

_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "blogposting",
    "liveblogposting",
    "report",
    "webpage",
}


@dataclass(slots=True)
class PageMeta:
    """What the page says about itself, before the body is read."""

    metadata: Metadata = field(default_factory=Metadata)
    title: str = ""
    authors: list[Author] = field(default_factory=list)
    published: str = ""
    modified: str = ""
    publisher: str = ""
    url: str = ""
    language: str = ""
    images: list[tuple[str, str, str]] = field(default_factory=list)  # (url, origin, dst)


def read_meta(root: Element) -> PageMeta:
    pairs: list[tuple[str, str]] = []
    for element in root.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        value = element.get("content")
        if key and value:
            pairs.append((key.strip().lower(), normalise_space(value)))
    raw, objects = _jsonld(root)
    meta = PageMeta(
        metadata=Metadata(
            meta=tuple(pairs),
            jsonld_types=tuple(sorted({t for obj in objects for t in _types(obj)})),
            jsonld_raw=tuple(raw),
        )
    )
    get = meta.metadata.get
    article = next((o for o in objects if _types(o) & _ARTICLE_TYPES - {"webpage"}), None)
    article = article or next((o for o in objects if _types(o) & _ARTICLE_TYPES), {})
    meta.title = _text(article.get("headline")) or get("og:title") or get("twitter:title")
    if not meta.title:
        title = root.find(".//title")
        meta.title = text_of(title) if title is not None else ""
    meta.published = (
        _text(article.get("datePublished"))
        or get("article:published_time")
        or get("datepublished")
        or get("date")
        or get("dc.date")
        or get("pubdate")
    )
    meta.modified = _text(article.get("dateModified")) or get("article:modified_time")
    meta.publisher = _name(article.get("publisher")) or get("og:site_name")
    canonical = root.find(".//link[@rel='canonical']")
    meta.url = (canonical.get("href", "") if canonical is not None else "") or get("og:url")
    meta.language = root.get("lang", "") or get("og:locale")
    meta.authors = list(_authors(article.get("author"), "jsonld"))
    if not meta.authors:
        for key in ("author", "article:author", "dc.creator", "sailthru.author"):
            value = get(key)
            if value and not value.startswith("http"):
                meta.authors.extend(author_from_name(v, "meta") for v in _split_names(value))
                break
    for url, dst in _jsonld_images(article.get("image")):
        meta.images.append((url, "jsonld", dst))
    if get("og:image"):
        meta.images.append((get("og:image"), "og", ""))
    return meta


def _jsonld(root: Element) -> tuple[list[str], list[dict[str, Any]]]:
    raw: list[str] = []
    objects: list[dict[str, Any]] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = (script.text or "").strip()
        if not text:
            continue
        raw.append(text)
        try:
            data = json.loads(text)
        except ValueError:
            continue  # broken JSON-LD is common on real pages; it is simply not used
        objects.extend(_flatten(data))
    return raw, objects


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"])


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type", [])
    values = value if isinstance(value, list) else [value]
    return {str(v).lower() for v in values}


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return normalise_space(str(value)) if isinstance(value, str | int | float) else ""


def _name(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else {}
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _authors(value: Any, origin: str) -> Iterator[Author]:
    items = value if isinstance(value, list) else [value] if value else []
    for item in items:
        if isinstance(item, dict):
            name = _text(item.get("name"))
            if not name:
                continue
            if "organization" in _types(item) or "newsmediaorganization" in _types(item):
                yield Author(name, "organisation", origin)
            else:
                yield author_from_name(name, origin)
        elif isinstance(item, str) and item.strip() and not item.startswith("http"):
            for name in _split_names(item):
                yield author_from_name(name, origin)


def _jsonld_images(value: Any) -> Iterator[tuple[str, str]]:
    items = value if isinstance(value, list) else [value] if value else []
    for item in items[:3]:
        if isinstance(item, str):
            yield item, ""
        elif isinstance(item, dict):
            url = _text(item.get("url") or item.get("contentUrl"))
            if url:
                yield url, _text(item.get("digitalSourceType"))


_SPLIT = re.compile(r"\s*(?:,|\band\b|&|\|)\s*")
_BY = re.compile(r"^\s*(?:by|von|par|por|di|door)\s*[:\s]\s*", re.IGNORECASE)


def _split_names(value: str) -> list[str]:
    value = _BY.sub("", normalise_space(value))
    return [part for part in _SPLIT.split(value) if part]


def author_from_name(name: str, origin: str) -> Author:
    """Decide whether a byline name is a person or a desk, team or organisation."""
    name = _BY.sub("", normalise_space(name)).strip(" ,;|-")
    return Author(name, "person" if is_person_name(name) else "organisation", origin)


def _organisation_words() -> frozenset[str]:
    words = lexicon("transparency").get("organisation_words", [])
    return frozenset(str(w).lower() for w in words)


_NAME_WORD = re.compile(r"^(?:[A-ZÀ-Þ][\w'’.-]*|[a-z]{1,3}|[A-Z]\.)$")


def is_person_name(name: str) -> bool:
    """A person's name: 2-5 words, most capitalised, none an organisation word."""
    words = name.replace(",", " ").split()
    if not 2 <= len(words) <= 5:
        return False
    lowered = {w.lower().strip(".") for w in words}
    if lowered & _organisation_words():
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised >= 2 and all(_NAME_WORD.match(w) for w in words)
