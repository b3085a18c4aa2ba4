"""The article from JSON-LD ``articleBody`` when the page's HTML does not carry it.

Some sites render the story with a script: the saved HTML holds a shell (headline, a teaser,
chrome) while the page's JSON-LD carries the full ``articleBody``. When the visible prose is a
small part of that body, the body's paragraphs become the article's blocks, located where
they sit in the source (inside the JSON-LD script), so findings still point at a line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from provcheck.html.locate import Locator
from provcheck.html.textblocks import sentences_of
from provcheck.model import Block

_MIN_BODY = 500  # shorter bodies are summaries, not the article
_SHARE = 0.3  # visible prose under this share of articleBody means the HTML is a shell
_BREAKS = re.compile(r"<br\s*/?>|</p>|</div>|</h\d>|</li>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")


def body_blocks(article_body: str, blocks: Sequence[Block], locator: Locator) -> tuple[Block, ...]:
    """Blocks made from ``article_body``, or () when the visible blocks already carry it."""
    if len(article_body) < _MIN_BODY:
        return ()
    visible = sum(len(b.text) for b in blocks if b.kind not in ("heading", "caption"))
    if visible >= _SHARE * len(article_body):
        return ()
    text = article_body
    if "<" in text:
        text = _TAGS.sub(" ", _BREAKS.sub("\n", text))  # some sites put HTML in articleBody
    paragraphs = [" ".join(p.split()) for p in html.unescape(text).split("\n")]
    found: list[Block] = []
    cursor = 0
    for paragraph in (p for p in paragraphs if p):
        position, offset = locator.locate(paragraph, 0, cursor)
        if position.column:
            cursor = offset + 1
        sentences = sentences_of(paragraph, position, offset if position.column else -1, locator)
        found.append(Block(len(found), "paragraph", paragraph, position, sentences))
    return tuple(found)
