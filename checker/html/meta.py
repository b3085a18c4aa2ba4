"""Page metadata: meta and OpenGraph tags, JSON-LD NewsArticle, authors and dates."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, cast

from lxml import etree

from provcheck.html.names import author_from_name, author_names
from provcheck.html.tree import Element, text_of
from provcheck.model import Author, Metadata

__all__ = ["PageMeta", "merge_authors", "read_meta"]
from provcheck.html.text import normalise_space

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
    # JSON-LD articleBody as given (paragraph breaks kept), for pages that render by script.
    article_body: str = ""


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
            page_types=page_types(root),
        )
    )
    get = meta.metadata.get
    article = next((o for o in objects if _types(o) & _ARTICLE_TYPES - {"webpage"}), None)
    article = article or next((o for o in objects if _types(o) & _ARTICLE_TYPES), {})
    meta.title = _text(article.get("headline")) or get("og:title") or get("twitter:title")
    if not meta.title:
        title = root.find(".//title")
        meta.title = text_of(title) if title is not None else ""
    meta.published = _first_date(
        [_text(article.get("datePublished")), _text(article.get("dateCreated"))]
        + [_text(o.get("datePublished")) for o in objects]
        + [get(key) for key in _PUBLISHED_KEYS]
        + [value for key, value in pairs if _PUBLISHED_KEY.search(key)]
    )
    meta.modified = _first_date(
        [_text(article.get("dateModified"))] + [get(key) for key in _MODIFIED_KEYS]
    )
    meta.publisher = _name(article.get("publisher")) or get("og:site_name")
    canonical = root.find(".//link[@rel='canonical']")
    meta.url = (canonical.get("href", "") if canonical is not None else "") or get("og:url")
    meta.language = (
        root.get("lang", "")
        or _text(article.get("inLanguage"))
        or get("og:locale")
        or get("language")
        or get("content-language")
    )
    # Yoast and others give the author as a reference into the @graph: {"@id": ".../#person"}.
    known = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str) and "name" in o}
    meta.authors = list(_authors(article.get("author"), "jsonld", known))
    if not meta.authors:
        for key in _AUTHOR_KEYS:
            value = get(key)
            if value and not value.startswith("http"):
                meta.authors.extend(author_from_name(v, "meta") for v in author_names(value))
                break
    body = article.get("articleBody")
    meta.article_body = body if isinstance(body, str) else ""
    for url, dst in _jsonld_images(article.get("image")):
        meta.images.append((url, "jsonld", dst))
    if get("og:image"):
        meta.images.append((get("og:image"), "og", ""))
    return meta


_PUBLISHED_KEYS = (
    "article:published_time", "og:article:published_time", "datepublished", "pubdate",
    "publishdate", "publish-date", "publish_date", "sailthru.date", "parsely-pub-date",
    "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "date",
    "citation_publication_date", "citation_date", "article.published",
)  # fmt: skip
_MODIFIED_KEYS = (
    "article:modified_time", "og:updated_time", "datemodified", "dc.date.modified",
    "dcterms.modified", "last-modified", "article.updated",
)  # fmt: skip
_AUTHOR_KEYS = (
    "author", "article:author", "dc.creator", "dcterms.creator", "sailthru.author",
    "parsely-author", "byl", "citation_author",
)  # fmt: skip
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# Site-specific names for the same thing: "article_date_original", "pub-date", "created".
_PUBLISHED_KEY = re.compile(
    r"^(?!.*(?:updat|modif|expir|valid|end))"
    r".*(?:publish|pub[-_]?date|date[-_]?original|original[-_]?date|creat|issued|release[-_]?date)"
)


def _first_date(values: list[str]) -> str:
    """The first value that carries a year: "2:33 PM" or "yesterday" say nothing useful."""
    return next((v for v in values if v and _YEAR.search(v)), "")


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
            # strict=False: real pages put raw newlines and tabs inside JSON strings.
            data = json.loads(_unwrap(text), strict=False)
        except (ValueError, RecursionError):  # RecursionError: nested past Python's stack
            continue  # broken JSON-LD is common on real pages; it is simply not used
        objects.extend(_flatten(data))
    return raw, objects


def _unwrap(text: str) -> str:
    """JSON-LD without the CDATA or comment wrapper some pages put around it."""
    for opening, closing in (("<!--", "-->"), ("<![CDATA[", "]]>"), ("//<![CDATA[", "//]]>")):
        if text.startswith(opening) and text.endswith(closing):
            return text[len(opening) : -len(closing)]
    return text


def _flatten(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return  # JSON-LD nests a few levels; deeper is a data dump, not page metadata
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "itemListElement"):
            if isinstance(data.get(key), list | dict):
                yield from _flatten(data[key], depth + 1)


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type", [])
    values = value if isinstance(value, list) else [value]
    return {str(v).lower() for v in values}


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, str):
        return normalise_space(html.unescape(value))  # JSON-LD often carries &#039; and &amp;
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else ""


def _name(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else {}
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _authors(
    value: Any, origin: str, known: dict[str, dict[str, Any]] | None = None
) -> Iterator[Author]:
    items = value if isinstance(value, list) else [value] if value else []
    for item in items[:20]:
        if isinstance(item, dict) and "name" not in item and known:
            item = known.get(str(item.get("@id")), item)
        if isinstance(item, dict):
            types = _types(item)
            for name in author_names(_text(item.get("name"))):
                if types & {"organization", "newsmediaorganization", "corporation"}:
                    yield Author(name, "organisation", origin)
                else:
                    # Pages type desks as Person ({"@type": "Person", "name": "Web Desk"}).
                    yield author_from_name(name, origin)
        elif isinstance(item, str) and item.strip() and not item.startswith("http"):
            for name in author_names(item):
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


def merge_authors(meta: list[Author], byline: tuple[str, ...]) -> tuple[Author, ...]:
    """The page's authors: its metadata's, plus the byline's people when the metadata names
    only an organisation ("BBC News" in JSON-LD, "By Jane Doe, BBC News" on the page)."""
    from_byline = [author_from_name(name, "byline") for name in byline]
    if not meta:
        return tuple(from_byline)
    if any(a.kind == "person" for a in meta):
        return tuple(meta)
    known = {a.name.lower() for a in meta}
    extra = [a for a in from_byline if a.kind == "person" and a.name.lower() not in known]
    return tuple(extra + meta)


# Elements that declare a microdata or RDFa item; the page's own type is on the outermost.
_ITEMS = etree.XPath("//*[@itemtype or @typeof]")
_ITEMS_READ = 50  # candidates looked at, at most (outermost items come first)


def page_types(root: Element) -> tuple[str, ...]:
    """The schema.org types of the outermost microdata (``itemscope itemtype``) and RDFa
    (``typeof``) items: ``<html itemscope itemtype="https://schema.org/QAPage">`` gives
    "QAPage". Nested items (the question's author, a logo) are parts, not the page."""
    found: list[str] = []
    items = cast("list[Element]", _ITEMS(root))
    for element in islice(items, _ITEMS_READ):
        if any(a.get("itemtype") or a.get("typeof") for a in element.iterancestors()):
            continue
        for value in (element.get("itemtype") or element.get("typeof") or "").split():
            name = value.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1].rsplit(":", 1)[-1]
            if name and name not in found:
                found.append(name)
    return tuple(found)
