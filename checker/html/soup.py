"""``article.soup``: BeautifulSoup over the article's own element, for plugin authors.

Built only when a plugin asks for it (bs4 is imported then, not before): the page is parsed
again with lxml, the element the extractor chose as the article (its ``<article>``/``<main>``
or the common ancestor of its body) is cut out, and bs4 builds its tree from that with the
lxml builder. A Markdown article's soup is its body rendered as HTML.
"""

from __future__ import annotations

from typing import Any

from provcheck.sources.local import RawDocument


def build_soup(raw: RawDocument, media_type: str) -> Any:
    """A ``bs4.BeautifulSoup`` of the article's element (see the module docstring)."""
    from bs4 import BeautifulSoup

    from provcheck.sources.decode import decode_html

    text = decode_html(raw) if media_type != "text/markdown" else _markdown_html(raw)
    if media_type != "text/markdown":
        text = _article_markup(text)
    return BeautifulSoup(text, "lxml")


def _article_markup(text: str) -> str:
    from lxml import etree

    from provcheck.html.blocks import walk_page
    from provcheck.html.chrome import Chrome
    from provcheck.html.main import common_ancestor, select_main
    from provcheck.html.tree import body_of, parse_tree

    root, _ = parse_tree(text)
    if root is None:
        return text
    walk = walk_page(body_of(root), Chrome())
    scope = list(select_main(walk).scope)
    if not scope:
        return text
    element = walk.elements[common_ancestor(walk, scope)]
    return str(etree.tostring(element, method="html", encoding="unicode"))


def _markdown_html(raw: RawDocument) -> str:
    from markdown_it import MarkdownIt

    from provcheck.markdown.frontmatter import read_front_matter
    from provcheck.sources.decode import decode_bytes

    source = decode_bytes(raw.data, raw.charset) or ""
    body = source[read_front_matter(source, raw.source).end :]
    return str(MarkdownIt("commonmark").render(body))
