"""One walk over the page turns markup into reading units: text segments and images.

A segment is the text a reader sees as one block: a paragraph, a heading, a list item, a
table cell, or the loose text of a ``<div>`` between its child blocks (and between ``<br>``
lines). Inline tags (links, emphasis, spans) join into the block around them. Every segment
records the block element that owns it, whether it sits in page chrome, how much of it is
link text, and where to start looking for it in the source. Main-content selection
(``main``) then decides which segments are the article; nothing is dropped here except
what no reader sees (scripts, styles, hidden elements, form controls, menus). The records
it fills are in ``records``.
"""

from __future__ import annotations

from lxml import etree

from provcheck.html.byline import is_byline_candidate
from provcheck.html.chrome import NO_NAMES, Chrome, NameFacts, name_facts
from provcheck.html.records import ImageRef, Segment, Walk
from provcheck.html.rows import join_row
from provcheck.html.tags import (
    ARTICLE_TAGS,
    BLOCK,
    BR_SPLITS,
    BULLETS,
    COUNTED,
    INLINE,
    INLINE_TAG,
    KIND,
    LAZY_IMAGE_ATTRS,
    LINK,
    MAY_BE_BYLINE,
    NAV_ROLES,
    NO_ATTRS,
    PHRASING_ONLY,
    SKIPPED,
    class_and_id,
    hidden,
    lazy_image,
    navigation_only,
)  # fmt: skip
from provcheck.html.tree import Element, line_of, text_of

_LAZY_KEYS = frozenset(LAZY_IMAGE_ATTRS)
_ALT_CHARS = 160  # the text a script-drawn picture holds: its file name or alt text


class _Walker:
    """The walk's state. Hot code: runs once per element of every page, so it is flat."""

    def __init__(self, chrome: Chrome) -> None:
        self.chrome = chrome
        self.walk = Walk()
        self.buffer: list[str] = []
        self.buffer_line = 0
        self.link_chars = 0
        self.anchors: list[Element] = []
        # (pre-order number, element, tag) of the open block elements, innermost last
        self.blocks: list[tuple[int, Element, str]] = []
        self.chromes: list[int] = []
        self.figures: list[int] = []
        self.captions: list[int] = []
        self.link_depth = 0
        self.quote_depth = 0
        self.pre_depth = 0
        self.noscript_depth = 0
        self.rows: list[tuple[int, int]] = []  # (tr number, segments before it), open rows

    def run(self, root: Element) -> Walk:
        # lxml's iterwalk visits the tree without Python recursion, so deep nesting is safe,
        # and its "end" events let each element's tail be read after its content. Only
        # block elements and images are numbered: inline tags never own a segment.
        # Hot loop: one items() call per element reads every attribute it needs.
        walker = etree.iterwalk(root, events=("start", "end", "comment"))
        opened: list[tuple[Element, int]] = []  # (element, BLOCK / INLINE_TAG / LINK)
        bylines = self.walk.bylines
        for event, element in walker:
            if event == "end":
                if opened and opened[-1][0] is element:
                    kind = opened.pop()[1]
                    if kind == LINK:
                        self.link_depth -= 1
                    elif kind == BLOCK:
                        self._leave(element.tag)
                if element.tail and opened:
                    self._text(element.tail, element)
                continue
            if event == "comment":
                if element.tail:
                    self._text(element.tail, element)
                continue
            tag = element.tag
            if tag in SKIPPED:
                walker.skip_subtree()
                if tag == "img":
                    self._image(element)
                elif tag == "br":
                    self._br()
                elif tag == "meta" and element.get("itemprop"):  # microdata: a date in <meta>
                    self.walk.dated.append((element, self.blocks[-1][0] if self.blocks else -1))
                continue
            pairs = element.items()
            if pairs:
                attrs = dict(pairs)
                if hidden(attrs) or (attrs.get("role") in NAV_ROLES and navigation_only(element)):
                    walker.skip_subtree()
                    continue
                names = class_and_id(attrs)
                facts = name_facts(names) if names else NO_NAMES
                if not _LAZY_KEYS.isdisjoint(attrs) and lazy_image(element, attrs):
                    self._image(element)  # <span data-image="lead.jpg">: drawn by script
                    if not len(element) and len(element.text or "") <= _ALT_CHARS:
                        walker.skip_subtree()  # its text is the file name or the alt text
                        continue
            else:
                attrs, names, facts = NO_ATTRS, "", NO_NAMES
            if tag == "nav" and navigation_only(element):
                walker.skip_subtree()
                continue
            if not isinstance(tag, str):
                tag = "div"
            candidate = facts.byline or (
                tag in MAY_BE_BYLINE and is_byline_candidate(element, tag, False, attrs)
            )
            dated = tag == "time" or (
                attrs is not NO_ATTRS
                and (
                    "itemprop" in attrs
                    or "property" in attrs
                    or "date" in names
                    or "publish" in names
                )
            )
            if self.figures and facts.credit:
                self._credit(element)
            # A <span> a page names as a picture's caption or credit is a line of its own (its
            # CSS sets it apart), not glued to the text beside it: "Jo Roe/REUTERSA fighter
            # jet...". Only beside a picture outside a <figure>: elsewhere "source" is a word in
            # a sentence.
            # A custom element inside a paragraph is inline (<x-cite> around a citation link).
            if (tag in INLINE and (tag == "a" or not self._beside_picture(element, facts))) or (
                "-" in tag and self._in_phrasing(opened)
            ):
                if tag == "a" and attrs.get("href"):
                    opened.append((element, LINK))
                    self.link_depth += 1
                    self.anchors.append(element)
                else:
                    opened.append((element, INLINE_TAG))
                if element.text:
                    self._text(element.text, element)
            else:
                opened.append((element, BLOCK))
                self._enter(element, tag, names, facts, attrs)
            if dated:
                self.walk.dated.append((element, self.blocks[-1][0] if self.blocks else -1))
            if candidate:  # after _enter, so a candidate that is chrome itself is seen as such
                bylines.append(element)
                self.walk.byline_at.append(self.blocks[-1][0] if self.blocks else -1)
                chrome = self.chromes[-1] if self.chromes else -1
                if facts.byline and chrome >= 0 and self.walk.elements[chrome] is element:
                    chrome = self.walk.chrome_parent[chrome]  # "author-section": named a byline
                self.walk.byline_chrome.append(chrome)
        return self.walk

    def _in_phrasing(self, opened: list[tuple[Element, int]]) -> bool:
        return bool(opened and opened[-1][1] != BLOCK) or bool(
            self.blocks and self.blocks[-1][2] in PHRASING_ONLY
        )

    def _beside_picture(self, element: Element, facts: NameFacts) -> bool:
        if self.figures or not (facts.credit or facts.caption):
            return False  # inside a <figure> the caption and its credit are read as such
        parent = element.getparent()
        return parent is not None and parent.find(".//img") is not None

    def _number(self, element: Element) -> int:
        walk = self.walk
        number = len(walk.elements)
        walk.elements.append(element)
        walk.parent.append(self.blocks[-1][0] if self.blocks else -1)
        walk.end.append(number + 1)
        return number

    def _enter(
        self, element: Element, tag: str, names: str, facts: NameFacts, attrs: dict[str, str]
    ) -> None:
        if self.buffer:
            self._flush()
        walk = self.walk
        number = len(walk.elements)
        walk.elements.append(element)
        walk.parent.append(self.blocks[-1][0] if self.blocks else -1)
        walk.end.append(number + 1)
        if attrs:
            itemprop = attrs.get("itemprop")
            if (itemprop and itemprop.lower() == "articlebody") or (facts.body and tag != "body"):
                # <body id="...Content_Body">: an ASP.NET page's id, not the article's mark
                walk.strong.append(number)
            elif tag in ARTICLE_TAGS or attrs.get("role", "").lower() == "main":
                walk.weak.append(number)
        elif tag in ARTICLE_TAGS:
            walk.weak.append(number)
        reason = self.chrome.reason(element, tag, facts, attrs.get("role"))
        if reason:
            walk.chrome_parent[number] = self.chromes[-1] if self.chromes else -1
            self.chromes.append(number)
            walk.chrome_reasons[number] = reason
        like = ""
        if names and tag != "figure":
            # (no player in chrome: a playlist of other videos is chrome, titles and all)
            like = self.chrome.figure_like(element, names, bool(self.figures or self.chromes))
        if tag == "figure" or like:
            self.figures.append(number)
            walk.figures[number] = element
        # A picture's caption, its credit line, and all a video player shows (its title and
        # "02:12 - Source: ...") are captions.
        if self.figures and (
            tag == "figcaption" or facts.caption or facts.credit or like == "player"
        ):
            self.captions.append(number)
        self.blocks.append((number, element, tag))
        if tag == "h1":
            walk.headings.append(number)
        elif tag == "tr":
            self.rows.append((number, len(walk.segments)))
        if tag in COUNTED:
            if tag == "blockquote":
                self.quote_depth += 1
            elif tag == "pre":
                self.pre_depth += 1
            else:
                self.noscript_depth += 1
        text = element.text
        if text:
            self._text(text, element)

    def _credit(self, element: Element) -> None:
        figure = self.figures[-1]
        if figure not in self.walk.credits:
            credit = text_of(element)
            if credit:
                self.walk.credits[figure] = credit

    def _leave(self, tag: str) -> None:
        if self.buffer:
            self._flush()
        number = self.blocks.pop()[0]
        if tag == "tr" and self.rows and self.rows[-1][0] == number:
            join_row(self.walk, number, self.rows.pop()[1])
        self.walk.end[number] = len(self.walk.elements)
        if self.captions and self.captions[-1] == number:
            self.captions.pop()
        if self.chromes and self.chromes[-1] == number:
            self.chromes.pop()
        if self.figures and self.figures[-1] == number:
            self.figures.pop()
        if tag in COUNTED:
            if tag == "blockquote":
                self.quote_depth -= 1
            elif tag == "pre":
                self.pre_depth -= 1
            else:
                self.noscript_depth -= 1

    def _text(self, text: str, anchor: Element) -> None:
        if not self.buffer:
            if text.isspace():
                return
            self.buffer_line = line_of(anchor)
        self.buffer.append(text)
        if self.link_depth:
            self.link_chars += len(text.strip())

    def _br(self) -> None:
        if self.blocks and self.blocks[-1][2] in BR_SPLITS and not self.pre_depth:
            if self.buffer:
                self._flush()
        elif self.buffer:
            if not self.pre_depth and self.buffer[0].lstrip()[:1] in BULLETS:
                self._flush()  # "• one<br>• two" in a <p> is a list: one item a line
            else:
                self.buffer.append("\n")

    def _flush(self) -> None:
        text = " ".join("".join(self.buffer).split())
        self.buffer = []
        anchors, self.anchors = self.anchors, []
        link_chars, self.link_chars = self.link_chars, 0
        if not text or not self.blocks:
            return
        number, owner, tag = self.blocks[-1]
        kind = KIND.get(tag, "paragraph")
        if kind == "paragraph" and text[:1] in BULLETS:
            kind = "list-item"
        if self.captions:
            kind = "caption"
        elif self.quote_depth and kind == "paragraph":
            kind = "quote"
        elif self.pre_depth:
            kind = "preformatted"
        self.walk.segments.append(
            Segment(
                owner,
                number,
                text,
                kind,
                self.buffer_line,
                min(link_chars, len(text)),
                self.chromes[-1] if self.chromes else -1,
                self.figures[-1] if self.figures else -1,
                anchors,
            )
        )

    def _image(self, element: Element) -> None:
        number = self._number(element)
        self.walk.images.append(
            ImageRef(
                element=element,
                order=number,
                segments_before=len(self.walk.segments),
                chrome=self.chromes[-1] if self.chromes else -1,
                figure=self.figures[-1] if self.figures else -1,
                in_noscript=self.noscript_depth > 0,
            )
        )


def walk_page(root: Element, chrome: Chrome) -> Walk:
    """Walk ``root`` once, in reading order."""
    return _Walker(chrome).run(root)


__all__ = ["ImageRef", "Segment", "Walk", "walk_page"]
