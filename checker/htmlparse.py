"""HTML to ``Article``: separate the article from page chrome, keep what checks need.

Captions, bylines, datelines and trailing credit lines are kept even where boilerplate
removers drop them. lxml parses (see docs/architecture.md for why not a bs4 tree);
``Locator`` maps text back to line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin

from lxml import etree, html

from provcheck.credits import find_credit_lines
from provcheck.decode import decode_html
from provcheck.errors import SourceError
from provcheck.htmlmeta import PageMeta, author_from_name, read_meta
from provcheck.links import classify, split_host
from provcheck.locate import Locator
from provcheck.model import Article, Block, BlockKind, Image, Link, Position, Sentence
from provcheck.sources import RawDocument
from provcheck.text import normalise_space, split_sentences

_DROP_TAGS = (
    "script", "style", "noscript", "template", "svg", "iframe", "form", "button", "select",
    "input", "textarea", "nav", "aside", "footer", "object", "embed", "canvas", "dialog",
)  # fmt: skip
_CHROME = re.compile(
    r"(?:^|[\s_-])(?:comments?|related|share|sharing|social|newsletter|subscri\w*|promo\w*|"
    r"advert\w*|ads?|ad-?slot|sponsor\w*|sidebar|menu|cookie\w*|consent|breadcrumbs?|"
    r"recommend\w*|popular|trending|most-read|widget|signup|outbrain|taboola|paywall|"
    r"more-stories|read-more|also-read|navigation|navbar|nav|masthead|site-header|"
    r"site-footer|footer|toolbar|pagination|pager|skip-link|tags|tag-list|author-bio|"
    r"twitter-tweet|instagram-media)(?:$|[\s_-])",
    re.IGNORECASE,
)
_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "menu"}
_BLOCK_TAGS = {
    "p": "paragraph", "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading",
    "h5": "heading", "h6": "heading", "li": "list-item", "blockquote": "quote",
    "figcaption": "caption", "pre": "preformatted", "dd": "paragraph", "dt": "paragraph",
}  # fmt: skip
_CONTAINERS = {"div", "section", "article", "main", "td", "span", "font", "center", "body"}
_BODY_HINT = re.compile(
    r"article[-_]?body|articlebody|story[-_]?body|entry[-_]?content|post[-_]?content|"
    r"article[-_]?content|story[-_]?content|content[-_]?body|article[-_]?text|post[-_]?body|"
    r"rich[-_]?text|main[-_]?content",
    re.IGNORECASE,
)
_BYLINE_HINT = re.compile(r"byline|author|writer|reporter|by-line", re.IGNORECASE)
_CREDIT_HINT = re.compile(r"credit|copyright|photographer|source|attribution", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def parse_html(raw: RawDocument) -> Article:
    text = decode_html(raw)
    text = _XML_DECL.sub(lambda m: " " * len(m.group(0)), text)
    if not text.strip():
        raise SourceError(raw.source, "empty document")
    try:
        root = html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise SourceError(raw.source, f"cannot parse as HTML: {exc}") from None
    meta = read_meta(root)
    return _Extractor(raw, text, root, meta).article()


class _Extractor:
    def __init__(self, raw: RawDocument, text: str, root: html.HtmlElement, meta: PageMeta):
        self.raw = raw
        self.locator = Locator(text)
        self.root = root
        self.meta = meta
        self.base_url = raw.url or meta.url or ""
        self.site_domain = split_host(self.base_url)[1] if self.base_url else ""
        self.cursor = 0

    def article(self) -> Article:
        byline, byline_pos = self._byline()
        title_el = self.root.find(".//h1")
        _strip_chrome(self.root)
        body = _main_content(self.root)
        blocks, images, links = self._walk(body)
        authors = tuple(self.meta.authors)
        if not authors and byline:
            authors = (author_from_name(byline, "byline"),)
        meta_images = tuple(
            Image(src=url, position=Position(), origin=origin, resolved=self._resolve(url),
                  digital_source_type=dst)
            for url, origin, dst in self.meta.images
        )  # fmt: skip
        return Article(
            source=self.raw.source,
            media_type="text/html",
            title=self.meta.title
            or (normalise_space(title_el.text_content()) if title_el is not None else ""),
            title_position=self._element_position(title_el),
            authors=authors,
            byline=byline,
            byline_position=byline_pos,
            published=self.meta.published or self._time_element(),
            modified=self.meta.modified,
            publisher=self.meta.publisher,
            url=self.base_url,
            language=self.meta.language,
            blocks=blocks,
            images=tuple(images) + meta_images,
            links=tuple(links),
            credit_lines=find_credit_lines(blocks, byline, byline_pos, images),
            metadata=self.meta.metadata,
        )

    def _byline(self) -> tuple[str, Position]:
        for element in self.root.iter("a", "span", "div", "p", "address", "li"):
            if element.get("rel") == "author" or _BYLINE_HINT.search(_attrs(element)):
                text = normalise_space(element.text_content())
                if 3 <= len(text) <= 80:
                    return text, self._element_position(element)
        return "", Position()

    def _time_element(self) -> str:
        for element in self.root.iter("time"):
            if element.get("datetime"):
                return str(element.get("datetime"))
        return ""

    def _element_position(self, element: html.HtmlElement | None) -> Position:
        if element is None or not element.sourceline:
            return Position()
        text = normalise_space(element.text_content())
        position, _ = self.locator.locate(text, element.sourceline)
        return position

    def _walk(self, body: html.HtmlElement) -> tuple[tuple[Block, ...], list[Image], list[Link]]:
        blocks: list[Block] = []
        images: list[Image] = []
        links: list[Link] = []
        for element in _leaf_blocks(body):
            if element.tag in ("img", "picture", "figure"):
                images.extend(self._images(element, len(blocks) - 1))
                continue
            text = normalise_space(element.text_content())
            if not text or _link_dense(element, text):
                continue
            kind = _kind(element)
            position, self.cursor = self.locator.locate(text, element.sourceline or 0, self.cursor)
            anchors, block_links = self._links(element, text, len(blocks), position)
            links.extend(block_links)
            blocks.append(
                Block(len(blocks), kind, text, position, self._sentences(text, position), anchors)
            )
        return tuple(blocks), images, links

    def _sentences(self, text: str, position: Position) -> tuple[Sentence, ...]:
        sentences = []
        cursor = self.cursor
        for start, end in split_sentences(text):
            piece = text[start:end]
            if start == 0:
                where = position
            else:
                where, cursor = self.locator.locate(piece, position.line, cursor)
                if where.column == 0:
                    where = position
            sentences.append(Sentence(piece, start, end, where))
        return tuple(sentences)

    def _links(
        self, element: html.HtmlElement, text: str, block: int, position: Position
    ) -> tuple[tuple[tuple[int, int, str], ...], list[Link]]:
        anchors: list[tuple[int, int, str]] = []
        found: list[Link] = []
        offset = 0
        for anchor in element.iter("a"):
            href = (anchor.get("href") or "").strip()
            label = normalise_space(anchor.text_content())
            if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
                continue
            url = urljoin(self.base_url, href) if self.base_url else href
            host, domain, kind = classify(url, self.site_domain)
            if not host:
                kind = "same-site"  # a relative link on a saved page points into the site
            start = text.find(label, offset) if label else -1
            if start >= 0:
                anchors.append((start, start + len(label), url))
                offset = start + len(label)
            found.append(Link(url, label, position, domain, host, kind, block))
        return tuple(anchors), found

    def _images(self, element: html.HtmlElement, after_block: int) -> Iterator[Image]:
        figure = element if element.tag == "figure" else None
        imgs = [element] if element.tag == "img" else list(element.iter("img"))
        caption_el = figure.find(".//figcaption") if figure is not None else None
        caption = normalise_space(caption_el.text_content()) if caption_el is not None else ""
        credit = ""
        if figure is not None:
            for part in figure.iter():
                if part is not figure and _CREDIT_HINT.search(_attrs(part)):
                    credit = normalise_space(part.text_content())
                    break
        for img in imgs[:1] if figure is not None else imgs:
            src = _image_src(img)
            if not src:
                continue
            yield Image(
                src=src,
                position=self._element_position(img) if img.sourceline else Position(),
                alt=normalise_space(img.get("alt") or ""),
                caption=caption,
                credit=credit,
                origin="figure" if figure is not None else "inline",
                resolved=self._resolve(src),
                after_block=after_block,
            )

    def _resolve(self, src: str) -> str:
        if src.startswith(("http://", "https://")):
            return src
        if src.startswith("data:"):
            return ""
        if self.base_url:
            return urljoin(self.base_url, src)
        if self.raw.base_dir and not src.startswith("//"):
            from pathlib import Path

            return str((Path(self.raw.base_dir) / src.split("?")[0]).resolve())
        return ""


def _attrs(element: html.HtmlElement) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''} {element.get('itemprop') or ''}"


def _strip_chrome(root: html.HtmlElement) -> None:
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    doomed = []
    for element in root.iter(etree.Element):
        tag = element.tag
        if tag in _DROP_TAGS:
            doomed.append(element)
        elif tag == "header" and element.getparent() is not None and _inside(element, "body"):
            if not _inside(element, "article"):
                doomed.append(element)
        elif element.get("role") in _ROLES or element.get("aria-hidden") == "true":
            doomed.append(element)
        elif tag not in ("html", "body", "article", "main") and _CHROME.search(
            f"{element.get('class') or ''} {element.get('id') or ''}"
        ):
            doomed.append(element)
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()


def _inside(element: html.HtmlElement, tag: str) -> bool:
    return any(a.tag == tag for a in element.iterancestors())


def _main_content(root: html.HtmlElement) -> html.HtmlElement:
    """The element holding the article: a marked body, an <article>, or the densest parent."""
    body = root.find("body")
    scope = body if body is not None else root
    candidates = [e for e in scope.iter() if e.get("itemprop") == "articleBody"]
    candidates += [e for e in scope.iter("div", "section") if _BODY_HINT.search(_attrs(e))]
    candidates += list(scope.iter("article")) + list(scope.iter("main"))
    scored = [(e, _paragraph_text(e)) for e in candidates]
    scored = [pair for pair in scored if pair[1] >= 200]
    if scored:
        best = max(scored, key=lambda pair: pair[1])[0]
        # Prefer the smallest marked container that holds most of the best one's text.
        return best
    return _densest(scope)


def _paragraph_text(element: html.HtmlElement) -> int:
    return sum(len(normalise_space(p.text_content())) for p in element.iter("p"))


def _densest(scope: html.HtmlElement) -> html.HtmlElement:
    totals: dict[html.HtmlElement, int] = {}
    for paragraph in scope.iter("p"):
        parent = paragraph.getparent()
        if parent is not None:
            totals[parent] = totals.get(parent, 0) + len(normalise_space(paragraph.text_content()))
    if not totals:
        return scope
    return max(totals.items(), key=lambda item: item[1])[0]


def _leaf_blocks(body: html.HtmlElement) -> Iterator[html.HtmlElement]:
    """Block elements with text of their own, images and figures, in document order."""
    skip_below: html.HtmlElement | None = None
    for element in body.iter(etree.Element):
        if skip_below is not None and _is_descendant(element, skip_below):
            continue
        skip_below = None
        tag = element.tag
        if tag in ("figure", "picture") or (tag == "img" and not _inside(element, "figure")):
            skip_below = element
            yield element
        elif tag in _BLOCK_TAGS and not _has_block_child(element):
            skip_below = element
            yield element
        elif tag in _CONTAINERS and _has_own_text(element) and not _has_block_child(element):
            skip_below = element
            yield element


def _is_descendant(element: html.HtmlElement, ancestor: html.HtmlElement) -> bool:
    return any(a is ancestor for a in element.iterancestors())


def _has_block_child(element: html.HtmlElement) -> bool:
    return any(
        child.tag in _BLOCK_TAGS or child.tag in ("div", "section", "figure", "table", "ul", "ol")
        for child in element.iterdescendants()
    )


def _has_own_text(element: html.HtmlElement) -> bool:
    if element.text and element.text.strip():
        return True
    return any(child.tail and child.tail.strip() for child in element)


def _link_dense(element: html.HtmlElement, text: str) -> bool:
    linked = sum(len(normalise_space(a.text_content())) for a in element.iter("a"))
    return linked > 0 and linked >= 0.8 * len(text) and element.tag not in ("h1",)


def _kind(element: html.HtmlElement) -> BlockKind:
    kind = _BLOCK_TAGS.get(element.tag, "paragraph")
    if kind == "paragraph" and _inside(element, "blockquote"):
        return "quote"
    return kind  # type: ignore[return-value]


def _image_src(img: html.HtmlElement) -> str:
    for attribute in ("src", "data-src", "data-original", "data-lazy-src"):
        value = (img.get(attribute) or "").strip()
        if value and not value.startswith("data:"):
            return value
    srcset = (img.get("srcset") or img.get("data-srcset") or "").strip()
    return srcset.split(",")[0].split()[0] if srcset else ""
