"""Map extracted text back to line and column in the source document.

lxml records the line an element starts on but not the column, and extracted text differs
from the markup (entities, inline tags). The locator searches for the start of a piece of text
in the source, from a cursor that moves forward through the document, and falls back to the
element's own line when the text cannot be found verbatim.
"""

from __future__ import annotations

import bisect
import re

from provcheck.model import Position

_WORDS = re.compile(r"[^\s<>&\"'“”‘’]{2,}(?:[ ][^\s<>&\"'“”‘’]{1,}){0,3}")


class Locator:
    """Positions for text in one source string."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.line_starts = [0]
        self.line_starts.extend(m.end() for m in re.finditer("\n", source))

    def position_of(self, offset: int) -> Position:
        line = bisect.bisect_right(self.line_starts, offset)
        return Position(line, offset - self.line_starts[line - 1] + 1)

    def line_offset(self, line: int) -> int:
        if line <= 0:
            return 0
        return self.line_starts[min(line, len(self.line_starts)) - 1]

    def find(self, text: str, start: int, window: int = 200_000) -> int:
        """Offset of ``text``'s first words at or after ``start`` (-1 when not found)."""
        match = _WORDS.search(text)
        if not match:
            return -1
        needle = match.group(0)
        if match.start() > 0:
            offset = self.source.find(needle, start, start + window)
            return max(-1, offset - match.start()) if offset >= 0 else -1
        return self.source.find(needle, start, start + window)

    def locate(self, text: str, line: int, cursor: int = 0) -> tuple[Position, int]:
        """Position of ``text`` at or after ``line`` (and ``cursor``); returns the new cursor."""
        begin = max(self.line_offset(line), cursor)
        offset = self.find(text, begin)
        if offset < 0:
            return Position(line, 0), begin
        return self.position_of(offset), offset
