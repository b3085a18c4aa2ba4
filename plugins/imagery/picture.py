"""The pictures of one article: figure, inline, og:image and JSON-LD images merged.

og:image and the first figure are often the same picture (the same URL, or the same file
name at another size): they become one picture, so nothing is reported twice. After the bytes
are read, an og/JSON-LD picture whose hashes match a visible one is merged into it too.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from provcheck import Article, Image, Position
from provcheck.plugins.imagery.download import Loaded
from provcheck.plugins.imagery.facts import ImageFacts
from provcheck.plugins.imagery.hashstore import Hashes
from provcheck.plugins.imagery.text import Disclosure


@dataclass(slots=True)
class Picture:
    """One picture of the article and everything learnt about it during the check."""

    image: Image  # the visible occurrence when there is one
    position: Position
    origins: list[str] = field(default_factory=list)  # "figure", "inline", "og", "jsonld"
    page_source_type: str = ""  # JSON-LD digitalSourceType declared by the page
    loaded: Loaded | None = None
    facts: ImageFacts | None = None
    hashes: Hashes | None = None
    disclosures: list[Disclosure] = field(default_factory=list)
    photo_claim: str = ""
    reused: list[str] = field(default_factory=list)  # what it matched, for the summary

    @property
    def visible(self) -> bool:
        return self.image.origin in ("figure", "inline")

    @property
    def label(self) -> str:
        where = {"figure": "figure", "inline": "inline image", "og": "og:image",
                 "jsonld": "JSON-LD image", "front-matter": "front-matter image",
                 }.get(self.image.origin, self.image.origin)  # fmt: skip
        return f"{where} at line {self.position.line}" if self.position.line else where


def url_key(src: str) -> str:
    """A URL without scheme, query and fragment, host lower-cased: same key, same file."""
    parts = urlsplit(src.strip())
    return f"{parts.netloc.lower()}{parts.path}"


def file_stem(src: str) -> str:
    """The file name without extension (for og:image at another size of the same file)."""
    name = posixpath.basename(urlsplit(src.strip()).path)
    return name.rsplit(".", 1)[0].lower()


def collect(article: Article) -> list[Picture]:
    """The article's pictures in document order, og/JSON-LD merged into visible ones."""
    pictures: list[Picture] = []
    for image in article.images:
        if image.origin in ("figure", "inline"):
            pictures.append(Picture(image, image.position, [image.origin]))
    for image in article.images:
        if image.origin in ("figure", "inline"):
            continue
        twin = _same_file(image, pictures)
        if twin is None:
            twin = Picture(image, image.position, [])
            pictures.append(twin)
        if image.origin not in twin.origins:
            twin.origins.append(image.origin)
        if image.digital_source_type and not twin.page_source_type:
            twin.page_source_type = image.digital_source_type
    return pictures


def _same_file(image: Image, pictures: list[Picture]) -> Picture | None:
    key, stem = url_key(image.resolved or image.src), file_stem(image.src)
    for picture in pictures:
        other = picture.image
        if url_key(other.resolved or other.src) == key or url_key(other.src) == url_key(image.src):
            return picture
    if len(stem) >= 8:
        for picture in pictures:
            if picture.visible and file_stem(picture.image.src) == stem:
                return picture
    return None


def merge_by_hash(pictures: list[Picture], limits: tuple[int, int]) -> list[Picture]:
    """Fold og/JSON-LD pictures into a visible picture with the same hashes."""
    kept: list[Picture] = []
    for picture in pictures:
        twin = None
        if not picture.visible and picture.hashes is not None:
            twin = next(
                (p for p in kept if p.visible and p.hashes is not None
                 and _close(p.hashes, picture.hashes, limits)),
                None,
            )  # fmt: skip
        if twin is None:
            kept.append(picture)
            continue
        twin.origins.extend(o for o in picture.origins if o not in twin.origins)
        twin.page_source_type = twin.page_source_type or picture.page_source_type
    return kept


def _close(a: Hashes, b: Hashes, limits: tuple[int, int]) -> bool:
    p, d = a.distance(b)
    return p <= limits[0] or d <= limits[1]
