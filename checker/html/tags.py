"""What tags and attributes mean to a reader: tables and small tests the page walk uses.

Kept apart from the walk (``blocks``) so the walk reads as the algorithm it is.
"""

from __future__ import annotations

import re
from itertools import islice

from provcheck.html.tree import Element

# Elements whose content no reader sees as text.
INVISIBLE = frozenset((
    "head", "title", "script", "style", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "select", "option", "datalist", "button", "input", "textarea", "audio", "video",
    "source", "track", "map", "area", "meta", "link", "base", "noembed", "frameset", "frame",
))  # fmt: skip
# Inline elements join the text around them; every other tag (including custom elements,
# which pages use as containers) starts a new block.
INLINE = frozenset((
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font",
    "i", "ins", "kbd", "label", "mark", "nobr", "q", "rp", "rt", "ruby", "s", "samp", "small",
    "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "acronym",
    "output",
))  # fmt: skip
KIND = {
    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
    "h6": "heading", "li": "list-item", "blockquote": "quote", "figcaption": "caption",
    "pre": "preformatted",
}  # fmt: skip
# Owners whose <br> separates lines a reader takes as separate blocks (a <p> keeps its own).
BR_SPLITS = frozenset((
    "div", "section", "article", "main", "td", "th", "body", "center", "aside", "header",
    "footer",
))  # fmt: skip
CELLS = frozenset(("td", "th"))
ROW_CELLS = 12  # more cells than this is a layout grid, not a row of data
CELL_CHARS = 200
HIDDEN_STYLE = ("display:none", "visibility:hidden")
SKIPPED = INVISIBLE | {"img", "br"}
NO_ATTRS: dict[str, str] = {}
NAV_ROLES = frozenset(("navigation", "menu", "menubar", "search"))
# Tags a byline may be found on by attribute (rel/itemprop) or by its "By ..." shape.
MAY_BE_BYLINE = frozenset(("p", "div", "span", "address", "li", "a", "section", "header"))
ARTICLE_TAGS = frozenset(("article", "main"))
# Blocks that may hold only phrasing content: an element inside one is inline, whatever its
# name (a custom element such as <x-cite> wrapping a citation link in a sentence).
PHRASING_ONLY = frozenset(("p", "h1", "h2", "h3", "h4", "h5", "h6"))
# Bullets that open the lines of a list typed as one paragraph ("• a<br>• b").
BULLETS = ("•", "·", "▪", "■", "◦", "►")
BLOCK, INLINE_TAG, LINK = 0, 1, 2
COUNTED = frozenset(("blockquote", "pre", "noscript"))


def navigation_only(element: Element) -> bool:
    """A menu: not walked at all (menus are a sixth of a typical page's elements). A <nav>
    holding paragraphs is broken markup that swallowed the page (an unclosed tag): walked."""
    return next(element.iter("p", "h1"), None) is None


def hidden(attrs: dict[str, str]) -> bool:
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    if not style:
        return False
    style = style.replace(" ", "").lower()
    return any(s in style for s in HIDDEN_STYLE)


def class_and_id(attrs: dict[str, str]) -> str:
    """class and id, lower-cased, in one string ("" when the element has neither)."""
    names = attrs.get("class")
    ident = attrs.get("id")
    if ident:
        names = f"{names} {ident}" if names else ident
    return names.lower() if names else ""


# Attributes in which script-drawn pictures keep their address (<span data-image="...">).
LAZY_IMAGE_ATTRS = (
    "data-image", "data-src", "data-original", "data-lazy-src", "data-bg", "data-background-image",
)  # fmt: skip
_IMAGE_URL = re.compile(r"\.(?:jpe?g|png|gif|webp|avif)(?:[?#&]|$)", re.IGNORECASE)
_LAZY_SCAN = 40  # elements looked at inside a lazy-image container, at most


def lazy_image(element: Element, attrs: dict[str, str]) -> bool:
    """A picture drawn by script: an element other than <img> whose data attribute holds a
    picture's address, with no <img> of its own (one that has is read through the <img>)."""
    for name in LAZY_IMAGE_ATTRS:
        value = attrs.get(name)
        if value and _IMAGE_URL.search(value.strip()):
            inside = list(islice(element.iter(), _LAZY_SCAN))
            return len(inside) < _LAZY_SCAN and not any(e.tag == "img" for e in inside)
    return False
