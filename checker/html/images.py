"""The article's images, with their captions, credits and places in the source.

An image belongs to the article when it sits in the article's scope (its ``<article>``, or
its text) outside chrome. A ``<figure>`` (or a container whose class names a caption, such as
WordPress's ``wp-caption``) ties an image to its caption and credit. Lazy-loading pages keep
the real address in ``data-src``/``srcset`` and repeat the image in ``<noscript>``; one image
is reported once.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urljoin

from provcheck.html.locate import Locator
from provcheck.html.main import Selection
from provcheck.html.records import ImageRef, Segment, Walk
from provcheck.html.tree import Element, line_of
from provcheck.model import Block, Image, Position
from provcheck.sources.local import RawDocument

_SRC_ATTRIBUTES = ("src", "data-src", "data-original", "data-lazy-src", "data-url", "data-hi-res")


class ImageCollector:
    """Collects the article's images once the article's segments are known."""

    def __init__(
        self, walk: Walk, selection: Selection, locator: Locator, raw: RawDocument, base_url: str
    ) -> None:
        self.walk = walk
        self.selection = selection
        self.locator = locator
        self.raw = raw
        self.base_url = base_url
        main = selection.main
        self.chrome = {
            c for c in selection.chrome if not any(walk.inside(m, c) for m in main)
        }  # fmt: skip

    def collect(self, segments: Sequence[Segment], blocks: Sequence[Block]) -> list[Image]:
        orders = [segment.order for segment in segments]
        # Where each figure's caption starts: the position of its first caption block.
        caption_at: dict[int, Position] = {}
        for segment, block in zip(segments, blocks, strict=True):
            if segment.kind == "caption" and segment.figure >= 0:
                caption_at.setdefault(segment.figure, block.position)
        # Each figure's caption text, gathered in one pass (not one pass per figure).
        captions: dict[int, list[str]] = {}
        for segment in self.walk.segments:
            if segment.figure >= 0 and segment.kind == "caption":
                captions.setdefault(segment.figure, []).append(segment.text)
        images: list[Image] = []
        seen: set[str] = set()
        seen_figures: set[int] = set()
        cursor = self.locator.body_start
        for ref in self.walk.images:
            if not self._in_article(ref):
                continue
            src = image_src(ref.element)
            if not src or src in seen or (ref.figure >= 0 and ref.figure in seen_figures):
                continue
            seen.add(src)
            if ref.figure >= 0:
                seen_figures.add(ref.figure)
            hint = src.rsplit("/", 1)[-1].split("?")[0][:40]
            position, cursor = self.locator.locate_tag("img", line_of(ref.element), cursor, hint)
            images.append(
                Image(
                    src=src,
                    position=position,
                    alt=" ".join((ref.element.get("alt") or "").split()),
                    caption=" ".join(captions.get(ref.figure, ())),
                    credit=self.walk.credits.get(ref.figure, ""),
                    origin="figure" if ref.figure >= 0 else "inline",
                    resolved=self._resolve(src),
                    after_block=bisect.bisect_left(orders, ref.order) - 1,
                    caption_position=caption_at.get(ref.figure, Position()),
                )
            )
        return images

    def _in_article(self, ref: ImageRef) -> bool:
        walk = self.walk
        if not any(walk.inside(ref.order, s) for s in self.selection.scope):
            return False
        number = ref.chrome
        while number >= 0:
            if number in self.chrome:
                return False
            number = walk.chrome_parent.get(number, -1)
        return True

    def _resolve(self, src: str) -> str:
        if src.startswith(("http://", "https://")):
            return src
        if src.startswith("data:"):
            return ""
        if src.startswith("//"):
            return "https:" + src
        if self.base_url:
            return urljoin(self.base_url, src)
        if self.raw.base_dir:
            return str((Path(self.raw.base_dir) / src.split("?")[0]).resolve())
        return ""


def image_src(img: Element) -> str:
    """The address an <img> really shows: ``src`` unless it is a lazy-loading placeholder."""
    for attribute in _SRC_ATTRIBUTES:
        value = (img.get(attribute) or "").strip()
        if value and not value.startswith("data:"):
            return value
    srcset = (img.get("srcset") or img.get("data-srcset") or "").strip()
    return srcset.split(",")[0].split()[0] if srcset.split() else ""
