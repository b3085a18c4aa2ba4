"""Markdown article to ``Article``: front matter for the metadata, markdown-it-py for the body.

Front matter is YAML between ``---`` lines or TOML between ``+++`` lines (Hugo); it gives
the title, author(s), dates, lead image and description. The body is parsed with
markdown-it-py (CommonMark plus tables). markdown-it gives each block its source lines
(``token.map``) but no columns, so every inline text token is aligned with the source text
here: each character of a block's text keeps the offset it came from, and every block,
sentence, link, image, caption and credit points at the exact ``line:col`` of the ``.md``
file. The front matter is blanked to spaces (same length, same lines) before markdown-it
sees the body, so its line numbers are the file's.

Captions: an italic line right under an image (in the same paragraph or the next one), a
``<figure>``/``<figcaption>`` written as HTML, Hugo's ``{{< figure caption="..." >}}``, or
the image title. A caption is also a ``caption`` block (with its own position); a photo
credit inside it ("Photo: ...", "Illustration by ...") becomes the image's credit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from provcheck.credits import find_credit_lines
from provcheck.decode import decode_html
from provcheck.frontmatter import FrontMatter, read_front_matter
from provcheck.htmlmeta import author_from_name, is_person_name
from provcheck.links import classify, split_host
from provcheck.locate import Locator
from provcheck.mdinline import InlineText, map_inline
from provcheck.model import Article, Block, BlockKind, CreditLine, Image, Link, Position, Sentence
from provcheck.sources import RawDocument
from provcheck.suppress import find_suppressions
from provcheck.text import normalise_space, split_sentences

_CREDIT = re.compile(
    r"(?:\b(?:photo(?:graph)?s?|image|picture|pic|illustration|graphic|video|credit|courtesy"
    r"|source)(?:\s+credit)?\s*(?::|\bby\b)|©|\(c\)|\bcopyright\b)\s*\S.{1,100}$",
    re.IGNORECASE,
)
_CREDIT_CLASS = re.compile(r"credit|copyright|photographer|source|attribution", re.IGNORECASE)
_SHORTCODE = re.compile(r"^\{\{[<%]\s*figure\s+(?P<attrs>.*?)\s*/?[>%]\}\}$", re.DOTALL)
_ATTR = re.compile(r"(?P<key>[\w-]+)\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)')")
_BYLINE = re.compile(r"^by\s+(?P<name>[^.!?]{3,60})$", re.IGNORECASE)
_DESK = re.compile(r"\b(?:desk|staff|bureau|reporters?|correspondents?|team|newsroom)$", re.I)
_HTML_BLOCKS: dict[str, BlockKind] = {
    "p": "paragraph", "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading",
    "h5": "heading", "h6": "heading", "li": "list-item", "blockquote": "quote",
    "figcaption": "caption", "dd": "paragraph", "dt": "paragraph", "div": "paragraph",
}  # fmt: skip


def parse_markdown(raw: RawDocument) -> Article:
    """Parse a Markdown document (with optional front matter) into an ``Article``."""
    source = decode_html(raw)
    front = read_front_matter(source, raw.source)
    body = re.sub(r"[^\n]", " ", source[: front.end]) + source[front.end :]
    walker = _Walker(raw, source, front)
    walker.walk(MarkdownIt("commonmark").enable("table").parse(body))
    return walker.article()


class _Walker:
    def __init__(self, raw: RawDocument, source: str, front: FrontMatter) -> None:
        self.raw = raw
        self.source = source
        self.front = front
        self.locator = Locator(source)
        self.base_url = front.url if front.url.startswith(("http://", "https://")) else ""
        self.site_domain = split_host(self.base_url)[1] if self.base_url else ""
        self.blocks: list[Block] = []
        self.images: list[Image] = []
        self.links: list[Link] = []
        self.credits: list[tuple[str, Position]] = []
        self.code: list[tuple[int, int]] = []
        self.h1: tuple[str, Position] | None = None
        self.waiting: int | None = None  # an image whose caption may be the next paragraph

    # -- the block structure ---------------------------------------------------------------

    def walk(self, tokens: Sequence[Token]) -> None:
        stack: list[str] = []
        for index, token in enumerate(tokens):
            kind = token.type
            if kind in ("blockquote_open", "list_item_open", "table_open"):
                stack.append(kind)
            elif kind in ("blockquote_close", "list_item_close", "table_close"):
                stack.pop()
            elif kind in ("fence", "code_block"):
                self.code.append(self._span(token))
                self.waiting = None
            elif kind == "html_block":
                self._html_block(token)
            elif kind == "inline" and token.map is not None:
                opener = tokens[index - 1]
                if "table_open" in stack:
                    self._inline(token, "paragraph", links_only=True)
                elif opener.type == "heading_open":
                    self._inline(token, "heading", h1=opener.tag == "h1")
                elif "blockquote_open" in stack:
                    self._inline(token, "quote")
                else:
                    self._inline(token, "list-item" if "list_item_open" in stack else "paragraph")

    def _span(self, token: Token) -> tuple[int, int]:
        first, last = token.map or (0, 0)
        end = self.locator.line_offset(last + 1) if last < len(self.locator.line_starts) else -1
        return self.locator.line_offset(first + 1), end if end >= 0 else len(self.source)

    def _position(self, offset: int) -> Position:
        return self.locator.position_of(offset) if offset >= 0 else Position()

    # -- Markdown paragraphs, headings, quotes, list items -----------------------------------

    def _inline(
        self, token: Token, kind: BlockKind, *, links_only: bool = False, h1: bool = False
    ) -> None:
        begin, end = self._span(token)
        if kind == "paragraph" and not links_only and self._shortcode(token, begin):
            return
        inline = map_inline(token.children or [], self.source, begin, end)
        index = -1 if links_only else len(self.blocks)
        if links_only:
            self._add_links(inline, -1)
            return
        shape = _shape(token.children or [])
        if shape in ("image", "image+caption"):
            self._add_images(inline)
            self.waiting = len(self.images) - 1 if shape == "image" else None
            if shape == "image+caption":
                self._caption(len(self.images) - 1, inline)
            return
        if shape == "emphasis" and self.waiting is not None and kind == "paragraph":
            self._caption(self.waiting, inline)
            self.waiting = None
            return
        self.waiting = None
        self._add_images(inline)
        if not inline.text:
            return
        self._add_links(inline, index)
        self._add_block(kind, inline.text, inline.offsets, inline.anchors)
        if h1 and self.h1 is None:
            self.h1 = (inline.text, self.blocks[-1].position)

    def _add_block(
        self,
        kind: BlockKind,
        text: str,
        offsets: Sequence[int],
        anchors: Sequence[tuple[int, int, str]] = (),
    ) -> None:
        position = self._position(offsets[0] if offsets else -1)
        sentences = tuple(
            Sentence(text[s:e], s, e, self._position(offsets[s]) if offsets else position)
            for s, e in split_sentences(text)
        )
        self.blocks.append(Block(len(self.blocks), kind, text, position, sentences, tuple(anchors)))

    def _add_links(self, inline: InlineText, block: int) -> None:
        for (_start, _end, href), (label, offset) in zip(
            inline.anchors, inline.anchor_labels, strict=True
        ):
            self._link(href, label, self._position(offset), block)

    def _link(self, href: str, label: str, position: Position, block: int) -> None:
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            return
        host, domain, kind = classify(href, self.site_domain)
        if not host:
            kind = "same-site"  # a relative link points into the same site
        self.links.append(Link(href, label, position, domain, host, kind, block))

    def _add_images(self, inline: InlineText) -> None:
        for offset, src, alt, title in inline.images:
            self.images.append(
                Image(
                    src=src, position=self._position(offset), alt=alt, caption=title,
                    origin="inline", resolved=self._resolve(src),
                    after_block=len(self.blocks) - 1,
                )
            )  # fmt: skip

    def _caption(self, image: int, inline: InlineText) -> None:
        """Make ``inline`` the caption of image number ``image`` (and a caption block)."""
        if not inline.text:
            return
        credit = ""
        found = _CREDIT.search(inline.text)
        if found:
            credit = inline.text[found.start() :].strip(" .)]")
            self.credits.append((credit, self._position(inline.offsets[found.start()])))
        self.images[image] = replace(
            self.images[image],
            caption=inline.text,
            credit=credit,
            origin="figure",
            caption_position=self._position(inline.offsets[0]),
        )

    def _shortcode(self, token: Token, begin: int) -> bool:
        """Hugo's ``{{< figure src="..." caption="..." attr="..." >}}``: an image."""
        found = _SHORTCODE.match(token.content.strip())
        if not found:
            return False
        attrs = {
            m.group("key").lower(): m.group("dq") if m.group("dq") is not None else m.group("sq")
            for m in _ATTR.finditer(found.group("attrs"))
        }
        src = attrs.get("src", "")
        if not src:
            return False
        caption = normalise_space(" ".join(attrs.get(k, "") for k in ("title", "caption")))
        credit = normalise_space(attrs.get("attr", ""))
        start = self.source.find("{{", begin)
        self.images.append(
            Image(
                src=src, position=self._position(start), alt=attrs.get("alt", ""),
                caption=normalise_space(f"{caption} {credit}"), credit=credit, origin="figure",
                resolved=self._resolve(src), after_block=len(self.blocks) - 1,
            )
        )  # fmt: skip
        written = attrs.get("caption") or attrs.get("title") or ""
        for value, is_credit in ((written, False), (credit, True)):
            offset = self.source.find(value, start) if value else -1
            if offset < 0:
                continue
            if is_credit:
                self.credits.append((credit, self._position(offset)))
            else:
                self.images[-1] = replace(self.images[-1], caption_position=self._position(offset))
        return True

    # -- HTML written inside the Markdown ----------------------------------------------------

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
        if caption and not credit and (found := _CREDIT.search(caption)):
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

    # -- the article -------------------------------------------------------------------------

    def _resolve(self, src: str) -> str:
        if src.startswith(("http://", "https://")):
            return src
        if src.startswith(("data:", "//")):
            return ""
        if self.raw.base_dir and not src.startswith("/"):
            from pathlib import Path

            return str((Path(self.raw.base_dir) / src.split("?")[0].split("#")[0]).resolve())
        if self.base_url:
            from urllib.parse import urljoin

            return urljoin(self.base_url, src)
        return ""

    def _byline(self) -> tuple[str, Position]:
        """A "By Jane Doe" line at the top of the body, when the front matter names nobody."""
        for block in [b for b in self.blocks if b.kind == "paragraph"][:2]:
            found = _BYLINE.match(block.text)
            if found and (is_person_name(found.group("name")) or _DESK.search(block.text)):
                return found.group("name").strip(), block.position
        return "", Position()

    def article(self) -> Article:
        front = self.front
        authors = tuple(author_from_name(n, "front-matter") for n in front.authors)
        byline, byline_position = ", ".join(front.authors), front.author_position
        if not authors:
            byline, byline_position = self._byline()
            authors = (author_from_name(byline, "byline"),) if byline else ()
        title, title_position = front.title, front.title_position
        if not title and self.h1 is not None:
            title, title_position = self.h1
        lead_images = tuple(
            replace(image, resolved=self._resolve(image.src)) for image in front.images
        )
        blocks = tuple(self.blocks)
        credit_lines = find_credit_lines(blocks, byline, byline_position, self.images)
        return Article(
            source=self.raw.source,
            media_type="text/markdown",
            title=title,
            title_position=title_position,
            authors=authors,
            byline=byline,
            byline_position=byline_position,
            published=front.published,
            modified=front.modified,
            publisher=front.publisher,
            url=front.url,
            language=front.language,
            blocks=blocks,
            images=tuple(self.images) + lead_images,
            links=tuple(self.links),
            credit_lines=self._place_credits(credit_lines),
            metadata=front.metadata,
            suppressions=find_suppressions(self.source, self.code, self.locator),
        )

    def _place_credits(self, lines: Sequence[CreditLine]) -> tuple[CreditLine, ...]:
        """Point photo credits at the credit text itself, not at the image above it."""
        places = list(self.credits)
        placed = []
        for line in lines:
            match = next((p for p in places if p[0] == line.text), None)
            if line.kind == "photo-credit" and match is not None:
                places.remove(match)
                line = replace(line, position=match[1])
            placed.append(line)
        return tuple(placed)


def _shape(children: Sequence[Token]) -> str:
    """What a paragraph is made of: "image", "image+caption", "emphasis" or "text"."""
    kinds = [
        c.type
        for c in children
        if c.type not in ("softbreak", "hardbreak")
        and not (c.type == "text" and not c.content.strip())
    ]
    if kinds == ["image"]:
        return "image"
    rest = kinds[1:] if kinds[:1] == ["image"] else kinds
    emphasis = (
        len(rest) >= 2
        and rest[0] == "em_open"
        and rest[-1] == "em_close"
        and "em_close" not in rest[1:-1]
        and "image" not in rest
    )
    if emphasis:
        return "image+caption" if rest is not kinds else "emphasis"
    return "text"


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


__all__ = ["parse_markdown"]
