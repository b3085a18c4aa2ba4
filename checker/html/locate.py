"""Map extracted text back to line and column in the source document.

lxml records the line an element's start tag ends on, not the column, and extracted text is
not the markup: entities are decoded (``&amp;`` is ``&``), inline tags vanish, white space is
collapsed. The locator therefore searches the source for the start of a piece of text, from a
lower bound the caller knows (the element's line, the previous block, the paragraph's start):

1. the text's first words verbatim, which is the common case and cheap;
2. else a pattern built from those words that lets any entity stand for a character, any run of
   white space, ``&nbsp;`` or tags stand for a space, and tags sit between words.

A hit inside a tag (an ``alt`` or ``content`` attribute saying the same thing) is skipped.
Columns count characters (not bytes), 1-based, as editors and SARIF expect.
"""

from __future__ import annotations

import bisect
import html
import re
from functools import lru_cache

from provcheck.model import Position

_WORD = re.compile(r"\w+")
_BODY = re.compile(r"<body[\s>]", re.IGNORECASE)
_NEWLINE = re.compile("\n")
# What may sit between two words of a text in the source: white space, punctuation, tags.
_BETWEEN = re.compile(r"(?:[^\w<&]+|<[^>]*>)+")
_ENTITY = re.compile(r"&(?:#[xX]?[0-9a-fA-F]{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});")
_PREFIX_CHARS = 48
_NEAR = 5_000
_FAR = 400_000
_MISS_BUDGET = 100  # failed searches may scan the whole source this many times over
_MAX_TRIES = 3_000


def _entity_at(source: str, offset: int) -> tuple[str, int]:
    """The character an entity at ``offset`` stands for, and where it ends ("", -1 if none)."""
    match = _ENTITY.match(source, offset)
    if not match:
        return "", -1
    return html.unescape(match.group(0)), match.end()


def _match_word(source: str, offset: int, word: str, end: int) -> int:
    """Where ``word`` ends if it starts at ``offset`` (entities and drop-cap tags allowed)."""
    if source.startswith(word, offset):
        return offset + len(word)
    for index, char in enumerate(word):
        if offset >= end:
            return -1
        if source[offset] == char:
            offset += 1
            continue
        if source[offset] == "&":
            decoded, after = _entity_at(source, offset)
            if decoded == char:
                offset = after
                continue
        if source[offset] == "<" and index:
            tag = _BETWEEN.match(source, offset, end)  # "<span class=cap>T</span>he"
            if tag and source.startswith(char, tag.end()):
                offset = tag.end() + 1
                continue
        return -1
    return offset


def _skip_between(source: str, offset: int, end: int) -> int:
    """Skip what may separate two words; -1 when nothing separates them."""
    start = offset
    while offset < end:
        gap = _BETWEEN.match(source, offset, end)
        if gap:
            offset = gap.end()
            continue
        if source[offset] == "&":
            decoded, after = _entity_at(source, offset)
            if decoded and not decoded.isalnum():
                offset = after
                continue
        break
    return offset if offset > start else -1


def _matches(source: str, offset: int, words: list[str], end: int) -> bool:
    for index, word in enumerate(words):
        if index:
            offset = _skip_between(source, offset, end)
            if offset < 0:
                return False
        offset = _match_word(source, offset, word, end)
        if offset < 0:
            return False
    return True


def _lead_count(prefix: str) -> int:
    """How many visible characters come before the first word ("“Hello" has one)."""
    match = _WORD.search(prefix)
    head = prefix[: match.start()] if match else prefix
    return sum(1 for c in head if not c.isspace())


_ENTITY_BEFORE = re.compile(r"&#?\w{1,10};$")


def _step_back(source: str, offset: int, count: int) -> int:
    """Move back over ``count`` visible characters (entities count as one; tags are free)."""
    for _ in range(count):
        while offset > 0:
            char = source[offset - 1]
            if char.isspace():
                offset -= 1
            elif char == ">":
                opened = source.rfind("<", max(0, offset - 2_000), offset - 1)
                if opened < 0:
                    break
                offset = opened
            else:
                break
        if offset <= 0:
            return 0
        entity = _ENTITY_BEFORE.search(source, max(0, offset - 12), offset)
        offset = entity.start() if entity else offset - 1
    return offset


def _prefix(text: str) -> str:
    """The first words of ``text``, cut at a word end so the pattern stays exact."""
    if len(text) <= _PREFIX_CHARS:
        return text
    cut = text.rfind(" ", 0, _PREFIX_CHARS)
    return text[: cut if cut > 8 else _PREFIX_CHARS]


class Locator:
    """Positions for text in one source string."""

    def __init__(self, source: str) -> None:
        self.source = source
        # Text a reader sees starts in the <body>: on a one-line page the <title> and JSON-LD
        # in <head> repeat the headline and the lead, and lxml's line says nothing.
        body = _BODY.search(source)
        self.body_start = body.start() if body else 0
        self.line_starts = [0, *(m.end() for m in _NEWLINE.finditer(source))]
        self.missed = 0  # characters scanned by searches that found nothing

    def position_of(self, offset: int) -> Position:
        """1-based line and column of a character offset."""
        line = bisect.bisect_right(self.line_starts, offset)
        return Position(line, offset - self.line_starts[line - 1] + 1)

    def line_offset(self, line: int) -> int:
        """Offset where 1-based ``line`` starts (0 for an unknown line)."""
        if line <= 0:
            return 0
        return self.line_starts[min(line, len(self.line_starts)) - 1]

    def find(self, text: str, begin: int, end: int | None = None) -> int:
        """Offset where ``text`` starts in the source at or after ``begin``, or -1."""
        text = text.strip()
        if not text:
            return -1
        prefix = _prefix(text)
        stop = len(self.source) if end is None else min(end, len(self.source))
        near = min(stop, begin + 4 * len(prefix) + _NEAR)
        for limit in (near, stop) if near < stop else (stop,):
            offset = self._literal(prefix, begin, limit)
            if offset < 0:
                offset = self._loose(prefix, begin, limit)
            if offset >= 0:
                return offset
        return -1

    def _literal(self, prefix: str, begin: int, end: int) -> int:
        offset = self.source.find(prefix, begin, end)
        while offset >= 0 and self._in_tag(offset, begin):
            offset = self.source.find(prefix, offset + 1, end)
        return offset

    def _loose(self, prefix: str, begin: int, end: int) -> int:
        """The loose match: the prefix's words in order, anything invisible between them."""
        words = _WORD.findall(prefix)[:6]
        if not words:
            return -1
        first = words[0]
        ascii_head = next((i for i, c in enumerate(first) if not c.isascii()), len(first))
        anchor = first[:ascii_head] or first
        lead = _lead_count(prefix)
        found = self._anchored(anchor, words, lead, begin, end)
        if found < 0 and len(anchor) > 1:
            # A drop cap splits the first word with tags: anchor on its first letter alone.
            found = self._anchored(anchor[0], words, lead, begin, min(end, begin + _NEAR))
        return found

    def _anchored(self, anchor: str, words: list[str], lead: int, begin: int, end: int) -> int:
        source = self.source
        offset = source.find(anchor, begin, end)
        tries = 0
        while offset >= 0 and tries < _MAX_TRIES:
            tries += 1
            before = source[offset - 1] if offset else " "
            if (
                not (before.isalnum() or before == "_")
                and _matches(source, offset, words, end)
                and not self._in_tag(offset, begin)
            ):
                start = _step_back(source, offset, lead) if lead else offset
                if start >= begin:
                    return start
            offset = source.find(anchor, offset + 1, end)
        return -1

    def _in_tag(self, offset: int, begin: int) -> bool:
        """True when ``offset`` falls inside markup (an attribute value), not text."""
        opened = self.source.rfind("<", max(0, begin - 2_000), offset)
        return opened >= 0 and self.source.rfind(">", opened, offset) < 0

    def locate(self, text: str, line: int, cursor: int = 0) -> tuple[Position, int]:
        """Position of ``text`` at or after ``line`` and ``cursor``; returns it and its offset.

        When the text cannot be found the column is 0 (line known, column not) and the
        returned offset is the search start, so the caller's cursor does not move.
        """
        begin = max(self.line_offset(line), cursor)
        if self.missed > _MISS_BUDGET * len(self.source):
            # Thousands of texts not found, each searched for up to 400 KB ahead (a page of
            # tens of thousands of generated elements): the rest get their line only, so
            # locating stays linear in the page's size.
            return Position(line, 0), begin
        offset = self.find(text, begin, begin + _FAR)
        if offset < 0 and cursor > self.line_offset(line):
            # Parsers move some content (text after </body>); look from the element's line.
            self.missed += min(_FAR, len(self.source) - begin)
            offset = self.find(text, self.line_offset(line), self.line_offset(line) + _FAR)
        if offset < 0:
            self.missed += min(_FAR, max(0, len(self.source) - begin))
            return Position(line, 0), begin
        return self.position_of(offset), offset

    def locate_within(self, text: str, begin: int, span: int) -> int:
        """Offset of ``text`` (a sentence of a located paragraph) in ``[begin, begin+span)``."""
        return self.find(text, begin, begin + span)

    def locate_tag(self, tag: str, line: int, cursor: int, hint: str = "") -> tuple[Position, int]:
        """Position of the ``<tag`` that ends on ``line`` (lxml's sourceline), after ``cursor``.

        A tag's attributes may span lines, so the search starts a few lines up; ``hint``
        (e.g. the image's file name) picks the right tag among several close together.
        """
        begin = max(cursor, self.line_offset(line - 8))
        end = self.line_offset(line + 1) if line < len(self.line_starts) else len(self.source)
        opening = _tag_pattern(tag)
        first = -1
        for match in opening.finditer(self.source, begin, max(begin, end)):
            if first < 0:
                first = match.start()
            close = self.source.find(">", match.start(), match.start() + 4_000)
            if not hint or hint in self.source[match.start() : close]:
                offset = match.start()
                break
        else:
            offset = first
        if offset < 0:
            return Position(line, 0), cursor
        return self.position_of(offset), offset + 1


@lru_cache(maxsize=16)
def _tag_pattern(tag: str) -> re.Pattern[str]:
    return re.compile(rf"<{re.escape(tag)}(?=[\s/>])", re.IGNORECASE)
