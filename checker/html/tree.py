"""The parsed HTML tree: lxml's plain etree, and small helpers every extraction step shares.

lxml.etree is used rather than lxml.html: ``lxml.html`` looks up a Python element class for
every node it hands out (a third of the old parse time on the corpus), and extraction needs
nothing from its richer element API. Walks here are iterative, never recursive, so a page of
deeply nested tags cannot exhaust Python's stack.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import cast

from lxml import etree

Element = etree._Element

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_DEPTH_LIMIT = "Excessive depth"


def parse_tree(text: str) -> tuple[Element | None, bool]:
    """Parse markup into a tree; also say whether lxml stopped early at its nesting limit."""
    # lxml refuses a str that declares its own encoding; the text is decoded already, and
    # blanking (not deleting) the declaration keeps every later line and column in place.
    text = _XML_DECL.sub(lambda m: " " * len(m.group(0)), text, count=1)
    parser = etree.HTMLParser(remove_pis=True, no_network=True, recover=True, huge_tree=True)
    root = etree.fromstring(text, parser)
    cut_short = any(_DEPTH_LIMIT in entry.message for entry in parser.error_log)
    return root, cut_short


def tag_of(element: Element) -> str:
    """The lower-case tag name, or "" for comments, processing instructions and entities."""
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def attrs_of(element: Element) -> str:
    """class, id and itemprop in one lower-case string, for name-based heuristics."""
    get = element.get
    return f"{get('class') or ''} {get('id') or ''} {get('itemprop') or ''}".lower()


def text_of(element: Element) -> str:
    """All text below ``element`` (comments excluded), white space collapsed."""
    return " ".join("".join(cast("Iterator[str]", element.itertext())).split())


def spaced_text_of(element: Element) -> str:
    """Like ``text_of`` but with a space between the texts of different elements.

    For short lines built from several elements ("<span>Jane Doe</span><time>May 1</time>"),
    where gluing the pieces would make one word of a name and a date.
    """
    return " ".join(" ".join(cast("Iterator[str]", element.itertext())).split())


def line_of(element: Element) -> int:
    """The source line lxml recorded for ``element`` (0 when it has none)."""
    line = element.sourceline
    return line if isinstance(line, int) else 0


def drop(element: Element) -> None:
    """Remove ``element`` and its subtree but keep the text that follows it (its tail)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def body_of(root: Element) -> Element:
    """The <body>, or the root itself for a fragment without one."""
    body = root.find("body")
    return body if body is not None else root
