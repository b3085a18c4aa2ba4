"""Align a markdown-it inline token stream with its source, character by character.

markdown-it-py says which lines a block spans, not where its words are. Editors need the
column too (``file:line:col``), so each text token is found again in the source, from a
cursor that only moves forward; link destinations and image syntax are skipped explicitly
so that a word in a URL is never mistaken for the text after the link. Where the text is
not verbatim in the source (entities, backslash escapes) characters are matched one by one
within a short window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it.token import Token

_WINDOW = 16  # how far to look for a character that an entity or escape hid


@dataclass(slots=True)
class InlineText:
    """The plain text of one block and, for each character, its offset in the source."""

    text: str = ""
    offsets: list[int] = field(default_factory=list)
    anchors: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, href)
    anchor_labels: list[tuple[str, int]] = field(default_factory=list)  # (label, offset)
    images: list[tuple[int, str, str, str]] = field(default_factory=list)  # offset, src, alt, title


def map_inline(children: Sequence[Token], source: str, begin: int, end: int) -> InlineText:
    """Plain text of an inline token's children, white space collapsed, with offsets."""
    chars: list[str] = []
    offsets: list[int] = []
    anchors: list[tuple[int, int, str, int, bool]] = []  # start, end, href, offset, autolink
    images: list[tuple[int, str, str, str]] = []
    cursor = begin
    for token in children:
        kind = token.type
        if kind in ("text", "text_special", "code_inline"):
            placed, cursor = _align(token.content, source, cursor, end)
            chars.extend(token.content)
            offsets.extend(placed)
        elif kind in ("softbreak", "hardbreak"):
            newline = source.find("\n", cursor, end)
            chars.append(" ")
            offsets.append(newline if newline >= 0 else cursor)
            cursor = newline + 1 if newline >= 0 else cursor
        elif kind == "html_inline":
            found = source.find(token.content, cursor, end)
            cursor = found + len(token.content) if found >= 0 else cursor
            if token.content.lower().startswith("<br"):
                chars.append(" ")
                offsets.append(max(found, cursor - 1))
        elif kind == "link_open":
            autolink = token.markup in ("autolink", "linkify")
            bracket = source.find("<" if autolink else "[", cursor, end)
            cursor = bracket + 1 if bracket >= 0 else cursor
            href = str(token.attrGet("href") or "")
            anchors.append((len(chars), -1, href, bracket, autolink))
        elif kind == "link_close" and anchors:
            start, _, href, bracket, autolink = anchors[-1]
            anchors[-1] = (start, len(chars), href, bracket, autolink)
            if not autolink:
                close = source.find("]", cursor, end)
                cursor = skip_link_tail(source, close + 1, end) if close >= 0 else cursor
        elif kind == "image":
            found = source.find("![", cursor, end)
            title = str(token.attrGet("title") or "")
            images.append((found, str(token.attrGet("src") or ""), token.content, title))
            if found >= 0:
                close = _closing_bracket(source, found + 2, end)
                cursor = skip_link_tail(source, close + 1, end) if close >= 0 else found + 2
    return _collapse(chars, offsets, anchors, images)


def _align(content: str, source: str, cursor: int, end: int) -> tuple[list[int], int]:
    found = source.find(content, cursor, end)
    if found >= 0:
        return list(range(found, found + len(content))), found + len(content)
    placed = []
    for char in content:
        hit = source.find(char, cursor, min(end, cursor + _WINDOW))
        if hit >= 0:
            placed.append(hit)
            cursor = hit + 1
        else:
            placed.append(cursor)
    return placed, cursor


def _closing_bracket(source: str, start: int, end: int) -> int:
    depth = 0
    for index in range(start, end):
        char = source[index]
        if char == "\\":
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            if depth == 0:
                return index
            depth -= 1
    return -1


def skip_link_tail(source: str, index: int, end: int) -> int:
    """The offset after a link's ``(destination "title")`` or ``[reference]`` part."""
    if index >= end:
        return index
    if source[index] == "[":
        close = source.find("]", index, end)
        return close + 1 if close >= 0 else index
    if source[index] != "(":
        return index  # a shortcut reference link: [text]
    depth, quote, angle = 0, "", False
    for position in range(index, end):
        char = source[position]
        if quote:
            quote = "" if char == quote else quote
        elif angle:
            angle = char != ">"
        elif char in "\"'" and depth == 1 and source[position - 1].isspace():
            quote = char
        elif char == "<" and source[position - 1] == "(":
            angle = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return position + 1
    return index


def _collapse(
    chars: list[str],
    offsets: list[int],
    anchors: list[tuple[int, int, str, int, bool]],
    images: list[tuple[int, str, str, str]],
) -> InlineText:
    """Collapse white space as HTML rendering does, keeping offsets and anchor spans."""
    result = InlineText(images=images)
    new_index: list[int] = []
    out: list[str] = []
    for char, offset in zip(chars, offsets, strict=True):
        new_index.append(len(out))
        if char.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                result.offsets.append(offset)
            continue
        out.append(char)
        result.offsets.append(offset)
    new_index.append(len(out))
    while out and out[-1] == " ":
        out.pop()
        result.offsets.pop()
    result.text = "".join(out)
    for start, stop, href, bracket, _ in anchors:
        first = min(new_index[start], len(out))
        last = min(new_index[stop] if stop >= 0 else len(out), len(out))
        label = result.text[first:last].strip()
        result.anchors.append((first, last, href))
        offset = result.offsets[first] if first < last else bracket
        result.anchor_labels.append((label, offset))
    return result


def paragraph_shape(children: Sequence[Token]) -> str:
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
