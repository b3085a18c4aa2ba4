"""Front matter of a Markdown article: YAML between ``---`` lines, TOML between ``+++``.

Static-site generators disagree on key names (Hugo, Jekyll, Eleventy, Zola, Astro), so each
field is looked up under the names they use, case-insensitively, at the top level and then
in a ``params`` or ``extra`` table. Values keep their position in the file, so a finding
about the byline or the lead image points at the front-matter line that gives it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from provcheck.errors import SourceError
from provcheck.html.locate import Locator
from provcheck.html.text import normalise_space
from provcheck.model import Image, Metadata, Position

_TITLE = ("title", "headline")
_AUTHORS = ("authors", "author", "byline", "creator", "creators")
_PUBLISHED = (
    "date", "published", "publishdate", "publish_date", "pubdate", "datepublished",
    "published_at", "created",
)  # fmt: skip
_MODIFIED = ("lastmod", "modified", "updated", "datemodified", "last_modified_at", "updated_at")
_URL = ("canonical", "canonical_url", "canonicalurl", "url", "permalink", "link")
_IMAGES = (
    "image", "images", "cover", "cover_image", "featured_image", "featuredimage", "hero",
    "hero_image", "og_image", "thumbnail",
)  # fmt: skip
_IMAGE_SRC = ("src", "path", "url", "image", "file", "filename")
_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)+")
_SPLIT = re.compile(r"\s*(?:,|&|\band\b)\s*")


@dataclass(slots=True)
class FrontMatter:
    """What the front matter says; ``end`` is the offset where the Markdown body begins."""

    end: int = 0
    title: str = ""
    title_position: Position = field(default_factory=Position)
    authors: list[str] = field(default_factory=list)
    author_position: Position = field(default_factory=Position)
    published: str = ""
    modified: str = ""
    publisher: str = ""
    url: str = ""
    language: str = ""
    images: list[Image] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)


def read_front_matter(source: str, name: str) -> FrontMatter:
    """Parse the front matter at the top of ``source`` (an empty one when there is none).

    Broken YAML or TOML is an input error naming the line: the site generator would fail
    on it too, and guessing would hide a missing author or date.
    """
    fence, body, start, end = _split(source)
    if not fence:
        return FrontMatter()
    data = _load(fence, body, name)
    return _Reader(source, start, end, data).read()


def _split(source: str) -> tuple[str, str, int, int]:
    first_end = source.find("\n")
    fence = source[:first_end].strip().lstrip("\ufeff") if first_end >= 0 else ""
    if fence not in ("---", "+++"):
        return "", "", 0, 0
    closers = ("---", "...") if fence == "---" else ("+++",)
    position = first_end + 1
    while position < len(source):
        newline = source.find("\n", position)
        line_end = newline if newline >= 0 else len(source)
        if source[position:line_end].strip() in closers:
            return fence, source[first_end + 1 : position], first_end + 1, line_end
        position = line_end + 1
    return "", "", 0, 0  # no closing fence: a thematic break, not front matter


def _load(fence: str, body: str, name: str) -> dict[str, Any]:
    from provcheck.markdown.yamlload import load_toml, load_yaml

    data = load_toml(body, name) if fence == "+++" else load_yaml(body, name)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SourceError(name, "front matter is not a table of keys and values")
    return data


class _Reader:
    def __init__(self, source: str, start: int, end: int, data: dict[str, Any]) -> None:
        self.source = source
        self.start = start
        self.end = end
        self.locator = Locator(source)
        self.tables = [_lower(data)]
        for nested in ("params", "extra"):
            value = self.tables[0].get(nested)
            if isinstance(value, dict):
                self.tables.append(_lower(value))
        self.data = self.tables[0]

    def get(self, keys: tuple[str, ...]) -> tuple[str, Any]:
        for table in self.tables:
            for key in keys:
                if table.get(key) not in (None, "", []):
                    return key, table[key]
        return "", None

    def read(self) -> FrontMatter:
        front = FrontMatter(end=self.end)
        key, title = self.get(_TITLE)
        front.title = _scalar(title)
        front.title_position = self.position(key, front.title)
        key, value = self.get(_AUTHORS)
        raw_names = list(_names(value))
        front.authors = [_unslug(n) for n in raw_names]
        front.author_position = self.position(key, raw_names[0] if raw_names else "")
        front.published = _scalar(self.get(_PUBLISHED)[1])
        front.modified = _scalar(self.get(_MODIFIED)[1])
        front.publisher = _scalar(self.get(("publisher", "site_name"))[1])
        front.url = _scalar(self.get(_URL)[1])
        front.language = _scalar(self.get(("lang", "language", "locale"))[1])
        front.images = list(self._images())
        front.metadata = Metadata(meta=tuple(_pairs(self.data)))
        return front

    def position(self, key: str, value: str) -> Position:
        """Where ``value`` is written after ``key:`` (or the key itself) in the front matter."""
        if not key:
            return Position()
        found = re.search(
            rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*[:=]",
            self.source[self.start : self.end],
            re.MULTILINE | re.IGNORECASE,
        )
        if not found:
            return Position()
        offset = self.start + found.start() + len(found.group(0)) - len(found.group(0).lstrip())
        after = self.start + found.end()
        at = self.source.find(value, after, self.end) if value else -1
        return self.locator.position_of(at if at >= 0 else offset)

    def _images(self) -> Iterator[Image]:
        key, value = self.get(_IMAGES)
        items = value if isinstance(value, list) else [value] if value else []
        for item in items[:3]:
            fields = _image_fields(item if isinstance(item, dict) else {"src": item}, self.data)
            src = fields.get("src", "")
            if src:
                yield Image(
                    src=src, position=self.position(key, src), alt=fields.get("alt", ""),
                    caption=fields.get("caption", ""), credit=fields.get("credit", ""),
                    origin="front-matter", digital_source_type=fields.get("dst", ""),
                )  # fmt: skip


def _image_fields(item: dict[str, Any], top: dict[str, Any]) -> dict[str, str]:
    item = _lower(item)
    fields = {"src": next((_scalar(item[k]) for k in _IMAGE_SRC if item.get(k)), "")}
    names = {
        "alt": ("alt", "image_alt"),
        "caption": ("caption", "image_caption"),
        "credit": ("credit", "attribution", "image_credit"),
        "dst": ("digital_source_type", "digitalsourcetype"),
    }
    for name, keys in names.items():
        # Jekyll-style themes put image_caption/image_credit beside a plain `image:` path.
        value = next((item[k] for k in keys if item.get(k)), None)
        if value is None and name != "dst":
            value = next((top[k] for k in keys[1:] if top.get(k)), None)
        fields[name] = _scalar(value)
    return fields


def _lower(data: dict[Any, Any]) -> dict[str, Any]:
    return {str(k).lower(): v for k, v in data.items()}


def _scalar(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return normalise_space(str(value))
    return ""


def _names(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield from (part for part in _SPLIT.split(normalise_space(value)) if part)
    elif isinstance(value, dict):
        name = _lower(value)
        found = name.get("name") or name.get("display_name") or name.get("title")
        if isinstance(found, str) and found.strip():
            yield normalise_space(found)
    elif isinstance(value, list):
        for item in value:
            yield from _names(item)


def _unslug(name: str) -> str:
    """Hugo taxonomies name authors by slug ("priya-raman"): read it as "Priya Raman"."""
    if _SLUG.fullmatch(name):
        return " ".join(part.capitalize() for part in re.split(r"[-_]", name))
    return name


def _pairs(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for key, value in data.items():
        if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
            text = ", ".join(_scalar(v) for v in value if _scalar(v))
        else:
            text = _scalar(value) if not isinstance(value, list) else ""
        if text:
            yield key, text
