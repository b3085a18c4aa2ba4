"""The article's images, with their captions, credits and places in the source.

An image belongs to the article when it sits in the article's scope (its ``<article>``, or
its text) outside chrome, or when it is the lead picture: many pages set it between the
headline and the body container, outside both. A ``<figure>`` (or a container whose class
names a caption, such as WordPress's ``wp-caption``) ties an image to its caption and credit;
so does a small container holding one picture and an element named as its caption
(``div.caption``, ``p.media-caption``) or credit (``span.credit``). Lazy-loading pages keep
the real address in ``data-src``/``srcset`` and repeat the image in ``<noscript>``; one image
is reported once.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from itertools import islice
from pathlib import Path
from urllib.parse import urljoin

from provcheck.html.locate import Locator
from provcheck.html.main import Selection
from provcheck.html.records import ImageRef, Segment, Walk
from provcheck.html.tree import Element, attrs_of, line_of, tag_of, text_of
from provcheck.model import Block, Image, Position
from provcheck.sources.local import RawDocument

_SRC_ATTRIBUTES = (
    "src", "data-src", "data-original", "data-lazy-src", "data-url", "data-hi-res", "data-image",
    "data-bg", "data-background-image",
)  # fmt: skip
# Lead pictures outside the body container: at most this many, the nearest to the body.
LEAD_IMAGES = 2
# A container this small (elements) around one picture is the picture's own: its caption and
# credit elements belong to the picture.
_OWN_CONTAINER = 40
_OWN_ELEMENTS = 200  # elements of all kinds read in such a container, at most
# What a lead picture is not: a logo, an icon, an avatar, a share button, a tracking pixel.
_NOT_LEAD_SRC = re.compile(
    r"logo|icon|avatar|sprite|placeholder|spacer|pixel|badge|button|emoji|twitter|facebook|whatsapp"
)
# A size in the address: "?w=105", "160x200" (a headshot or a thumbnail when small).
_SRC_SIZE = re.compile(r"[?&](?:w|width)=(\d{1,5})\b|(?<!\d)(\d{2,4})x(\d{2,4})(?!\d)", re.I)
_NOT_LEAD_NAMES = re.compile(r"author|byline|avatar|profile|share|social|logo|brand|user|promo")
_CAPTION_NAME = re.compile(r"caption")
_CREDIT_NAME = re.compile(r"credit|copyright|photographer|attribution")


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
        leads = self._leads()
        for ref in self.walk.images:
            if ref.order not in leads and not self._in_article(ref):
                continue
            src = image_src(ref.element)
            if not src or src in seen or (ref.figure >= 0 and ref.figure in seen_figures):
                continue
            seen.add(src)
            if ref.figure >= 0:
                seen_figures.add(ref.figure)
            hint = src.rsplit("/", 1)[-1].split("?")[0][:40]
            tag = tag_of(ref.element)  # an <img>, or a <span data-image> drawn by script
            position, cursor = self.locator.locate_tag(tag, line_of(ref.element), cursor, hint)
            caption, credit, at = " ".join(captions.get(ref.figure, ())), "", Position()
            if ref.figure < 0:
                caption, credit, at = self._own_caption(ref)
            images.append(
                Image(
                    src=src,
                    position=position,
                    alt=" ".join((ref.element.get("alt") or _drawn_alt(ref.element)).split()),
                    caption=caption,
                    credit=self.walk.credits.get(ref.figure, "") or credit,
                    origin="figure" if ref.figure >= 0 else "inline",
                    resolved=self._resolve(src),
                    after_block=bisect.bisect_left(orders, ref.order) - 1,
                    caption_position=caption_at.get(ref.figure, at),
                )
            )
        return images

    def _leads(self) -> set[int]:
        """Pictures between the headline and the body container, outside both (or, with no
        headline before the body, before the body inside the container around it)."""
        walk, scope = self.walk, self.selection.scope
        if not scope:
            return set()
        body = min(scope)
        headings = [h for h in walk.headings if h < body]
        start = headings[-1] if headings else walk.parent[body]
        if start <= 0 or (not headings and walk.parent[start] <= 0):
            return set()  # no headline, and the body's container is the whole page
        found = [
            ref.order for ref in walk.images
            if start < ref.order < body and not self._in_chrome(ref)
            and not any(walk.inside(ref.order, s) for s in scope) and self._lead_like(ref, start)
        ]  # fmt: skip
        return set(found[-LEAD_IMAGES:])

    def _lead_like(self, ref: ImageRef, start: int) -> bool:
        """Not a logo, icon, avatar or button: by its address, its size and its containers."""
        element = ref.element
        src = image_src(element).lower()
        if _NOT_LEAD_SRC.search(src):
            return False
        sizes = [element.get("width") or "", element.get("height") or ""]
        sizes += [size for match in _SRC_SIZE.finditer(src) for size in match.groups() if size]
        if any(size.strip().isdigit() and int(size) < 150 for size in sizes):
            return False
        stop = self.walk.elements[start]
        for depth, around in enumerate(element.iterancestors()):
            if around is stop or depth == 8:
                break
            if tag_of(around) == "a" or _names(around, _NOT_LEAD_NAMES):
                return False  # a linked picture is a teaser; a named one is someone's
        return True

    def _own_caption(self, ref: ImageRef) -> tuple[str, str, Position]:
        """(caption, credit, caption position) from the small container around a picture that
        is not in a figure: elements named as its caption or credit, beside it."""
        walk = self.walk
        container = walk.parent[ref.order]
        for _ in range(3):
            if container <= 0 or walk.end[container] - container > _OWN_CONTAINER:
                break
            found = self._named_parts(ref, container)
            if found is not None:
                return found
            container = walk.parent[container]
        return "", "", Position()

    def _named_parts(self, ref: ImageRef, container: int) -> tuple[str, str, Position] | None:
        captions: list[Element] = []
        credits: list[Element] = []
        sources = set()
        taken: set[Element] = set()  # named parts: what lies inside them is theirs
        around = set(ref.element.iterancestors())  # a wrapper named "caption-wrap" is not one
        for element in islice(self.walk.elements[container].iter(), _OWN_ELEMENTS):
            parent = element.getparent()
            if parent is not None and parent in taken:
                taken.add(element)
                continue
            tag = tag_of(element)
            if element in around:
                continue
            if tag == "img" or element is ref.element:  # (a script-drawn picture is no <img>)
                sources.add(image_src(element))
            elif tag == "figcaption" or _names(element, _CAPTION_NAME):
                captions.append(element)
                taken.add(element)
            elif _names(element, _CREDIT_NAME):
                credits.append(element)
                taken.add(element)
        if len(sources) != 1 or not (captions or credits):
            return None  # no named caption here, or it may be another picture's
        caption = " ".join(text_of(e) for e in captions)
        credit = " ".join(text_of(e) for e in credits)
        line = line_of(captions[0]) if captions else 0
        return caption, credit, Position(line, 0) if line else Position()

    def _in_chrome(self, ref: ImageRef) -> bool:
        number = ref.chrome
        while number >= 0:
            if number in self.chrome:
                return True
            number = self.walk.chrome_parent.get(number, -1)
        return False

    def _in_article(self, ref: ImageRef) -> bool:
        walk = self.walk
        if ref.order >= self.selection.end:
            return False  # the next story's
        in_scope = any(walk.inside(ref.order, s) for s in self.selection.scope)
        return in_scope and not self._in_chrome(ref)

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


def _drawn_alt(element: Element) -> str:
    """A script-drawn picture's alt text: the text it holds until the script runs, unless
    that is only its file name."""
    text = text_of(element) if tag_of(element) != "img" else ""
    return "" if re.fullmatch(r"\S+\.\w{3,4}", text) else text


def _names(element: Element, pattern: re.Pattern[str]) -> bool:
    names = attrs_of(element)
    return bool(names.strip()) and pattern.search(names) is not None


def image_src(img: Element) -> str:
    """The address an <img> really shows: ``src`` unless it is a lazy-loading placeholder."""
    for attribute in _SRC_ATTRIBUTES:
        value = (img.get(attribute) or "").strip()
        if value and not value.startswith("data:"):
            return value
    srcset = (img.get("srcset") or img.get("data-srcset") or "").strip()
    return srcset.split(",")[0].split()[0] if srcset.split() else ""
