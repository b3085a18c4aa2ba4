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

from markdown_it import MarkdownIt
from markdown_it.token import Token

from provcheck.editors.suppress import find_suppressions
from provcheck.errors import SourceError
from provcheck.html.credits import find_credit_lines
from provcheck.html.links import classify, split_host
from provcheck.html.locate import Locator
from provcheck.html.names import author_from_name, is_person_name
from provcheck.html.text import normalise_space, split_sentences
from provcheck.markdown.frontmatter import FrontMatter, read_front_matter
from provcheck.markdown.html import CREDIT, HtmlBlocks, figure_shortcode
from provcheck.markdown.inline import InlineText, map_inline, paragraph_shape
from provcheck.model import Article, Block, BlockKind, CreditLine, Image, Link, Position, Sentence
from provcheck.sources.decode import decode_html
from provcheck.sources.local import RawDocument, is_url

_BYLINE = re.compile(r"^by\s+(?P<name>[^.!?]{3,60})$", re.IGNORECASE)
_DESK = re.compile(r"\b(?:desk|staff|bureau|reporters?|correspondents?|team|newsroom)$", re.I)


def parse_markdown(raw: RawDocument) -> Article:
    """Parse a Markdown document (with optional front matter) into an ``Article``."""
    source = decode_html(raw)
    if not source.strip():  # as for HTML: nothing to check is an input error, not a score
        raise SourceError(raw.source, "empty document")
    front = read_front_matter(source, raw.source)
    body = re.sub(r"[^\n]", " ", source[: front.end]) + source[front.end :]
    walker = _Walker(raw, source, front)
    walker.walk(MarkdownIt("commonmark").enable("table").parse(body))
    return walker.article()


class _Walker(HtmlBlocks):
    def __init__(self, raw: RawDocument, source: str, front: FrontMatter) -> None:
        self.raw = raw
        self.source = source
        self.front = front
        self.locator = Locator(source)
        self.base_url = front.url if is_url(front.url) else ""
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
        shape = paragraph_shape(token.children or [])
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
        found = CREDIT.search(inline.text)
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
        attrs = figure_shortcode(token.content)
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

    # -- the article -------------------------------------------------------------------------

    def _resolve(self, src: str) -> str:
        if is_url(src):
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


__all__ = ["parse_markdown"]
