"""HTML written inside a Markdown article: figures with figcaptions, and text blocks.

Markdown passes raw HTML through, and newsrooms use it for what Markdown cannot say - above
all ``<figure>`` with ``<figcaption>`` and a credit ``<span>``. lxml parses each HTML block;
positions are found by searching the Markdown source from a forward-moving cursor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markdown_it.token import Token

from provcheck.html.locate import Locator
from provcheck.html.text import normalise_space, split_sentences
from provcheck.model import Block, BlockKind, Image, Position

# A photo credit inside a caption: "Photo: ...", "Illustration by ...", "(c) ...".
CREDIT = re.compile(
    r"(?:\b(?:photo(?:graph)?s?|image|picture|pic|illustration|graphic|video|credit|courtesy"
    r"|source)(?:\s+credit)?\s*(?::|\bby\b)|©|\(c\)|\bcopyright\b)\s*\S.{1,100}$",
    re.IGNORECASE,
)
_CREDIT_CLASS = re.compile(r"credit|copyright|photographer|source|attribution", re.IGNORECASE)
_HTML_BLOCKS: dict[str, BlockKind] = {
    "p": "paragraph", "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading",
    "h5": "heading", "h6": "heading", "li": "list-item", "blockquote": "quote",
    "figcaption": "caption", "dd": "paragraph", "dt": "paragraph", "div": "paragraph",
}  # fmt: skip


class HtmlBlocks:
    """Mixed into the Markdown walker, which provides the state and helpers below."""

    source: str
    locator: Locator
    blocks: list[Block]
    images: list[Image]
    credits: list[tuple[str, Position]]
    waiting: int | None

    def _span(self, token: Token) -> tuple[int, int]:
        raise NotImplementedError

    def _position(self, offset: int) -> Position:
        raise NotImplementedError

    def _resolve(self, src: str) -> str:
        raise NotImplementedError

    def _link(self, href: str, label: str, position: Position, block: int) -> None:
        raise NotImplementedError

    def _add_block(
        self,
        kind: BlockKind,
        text: str,
        offsets: Sequence[int],
        anchors: Sequence[tuple[int, int, str]] = (),
    ) -> None:
        raise NotImplementedError

    def _html_block(self, token: Token) -> None:
        content = token.content.strip()
        if not content or (content.startswith("<!--") and content.endswith("-->")):
            return
        from lxml import etree, html

        try:
            root = html.fragment_fromstring(content, create_parent="div")
        except (etree.ParserError, ValueError):
            return
        self.waiting = None
        self._html_children(root, self._span(token)[0])

    def _html_children(self, element: Any, cursor: int) -> int:
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in ("figure", "img", "picture"):
                cursor = self._html_figure(child, cursor)
            elif tag in _HTML_BLOCKS and not _has_blocks(child):
                cursor = self._html_text(child, _HTML_BLOCKS[tag], cursor)
            elif tag and tag not in ("script", "style", "template"):
                cursor = self._html_children(child, cursor)
        return cursor

    def _html_text(self, element: Any, kind: BlockKind, cursor: int) -> int:
        text = normalise_space(element.text_content())
        if not text:
            return cursor
        offset = self.locator.find(text, cursor)
        start = offset if offset >= 0 else cursor
        offsets = _locate_sentences(self.locator, text, start)
        for anchor in element.iter("a"):
            label = normalise_space(anchor.text_content())
            self._link(
                anchor.get("href", "").strip(), label, self._position(start), len(self.blocks)
            )
        self._add_block(kind, text, offsets)
        return start + 1

    def _html_figure(self, element: Any, cursor: int) -> int:
        caption_el = element.find(".//figcaption") if element.tag == "figure" else None
        caption = normalise_space(caption_el.text_content()) if caption_el is not None else ""
        credit_el = next(
            (e for e in element.iter() if _CREDIT_CLASS.search(e.get("class") or "")), None
        )
        credit = normalise_space(credit_el.text_content()) if credit_el is not None else ""
        if caption and not credit and (found := CREDIT.search(caption)):
            credit = caption[found.start() :].strip(" .)]")
        begin = cursor
        caption_at = self.locator.find(caption, cursor) if caption else -1
        images = [element] if element.tag == "img" else list(element.iter("img"))
        for img in images[:1] if element.tag == "figure" else images:
            src = (img.get("src") or "").strip()
            offset = self.source.find("<img", cursor)
            cursor = offset + 4 if offset >= 0 else cursor
            if src:
                self.images.append(
                    Image(
                        src=src, position=self._position(offset),
                        alt=normalise_space(img.get("alt") or ""), caption=caption, credit=credit,
                        origin="figure" if element.tag == "figure" else "inline",
                        resolved=self._resolve(src), after_block=len(self.blocks) - 1,
                        caption_position=self._position(caption_at),
                    )
                )  # fmt: skip
        credit_at = self.locator.find(credit, max(caption_at, begin)) if credit else -1
        if credit_at >= 0:
            self.credits.append((credit, self._position(credit_at)))
        return max(cursor, caption_at + 1, credit_at + 1)


def _has_blocks(element: Any) -> bool:
    return any(
        isinstance(child.tag, str) and (child.tag in _HTML_BLOCKS or child.tag in ("figure", "img"))
        for child in element.iterdescendants()
    )


def _locate_sentences(locator: Locator, text: str, start: int) -> list[int]:
    """Per-character source offsets for HTML text: exact at each sentence start, found by
    searching the source (the text is not verbatim markup), approximate in between."""
    offsets = [start] * len(text)
    cursor = start
    for begin, end in split_sentences(text):
        found = locator.find(text[begin:end], cursor)
        if found >= 0:
            cursor = found
        for i in range(begin, end):
            offsets[i] = cursor + (i - begin)
    return offsets


_SHORTCODE = re.compile(r"^\{\{[<%]\s*figure\s+(?P<attrs>.*?)\s*/?[>%]\}\}$", re.DOTALL)
_ATTR = re.compile(r"(?P<key>[\w-]+)\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)')")


def figure_shortcode(content: str) -> dict[str, str]:
    """The attributes of Hugo's ``{{< figure ... >}}`` ({} when ``content`` is not one)."""
    found = _SHORTCODE.match(content.strip())
    if not found:
        return {}
    return {
        m.group("key").lower(): m.group("dq") if m.group("dq") is not None else m.group("sq")
        for m in _ATTR.finditer(found.group("attrs"))
    }
