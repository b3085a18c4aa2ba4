"""Where an image's src sits in the article's source file (line and column).

The parser gives a figure image its line but not its column, and og:image / JSON-LD images
no position at all. Findings about a picture should point an editor at the exact place, so
the source file is read once (lazily, only when a picture needs placing) and searched.
"""

from __future__ import annotations

import bisect
import html
import os
import re

from provcheck import Position

MAX_SOURCE = 20_000_000


class SourceText:
    """The text of a local article file, searched for image URLs."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._text: str | None = None
        self._starts: list[int] = []

    def place(self, src: str, known: Position) -> Position:
        """``known`` with its column (or line) filled in from where ``src`` appears."""
        if not src or (known.line and known.column):
            return known
        text = self._load()
        if not text:
            return known
        begin = self._starts[known.line - 1] if 0 < known.line <= len(self._starts) else 0
        for needle in (src, html.escape(src, quote=True), src.replace("/", "\\/")):
            at = text.find(needle, begin)
            if at >= 0:
                return self._position(at)
        return known

    def _load(self) -> str:
        if self._text is not None:
            return self._text
        self._text = ""
        if self.source in ("", "-") or self.source.startswith(("http://", "https://")):
            return ""
        try:
            if os.path.getsize(self.source) <= MAX_SOURCE:
                with open(self.source, "rb") as handle:
                    self._text = handle.read().decode("utf-8", "replace")
        except OSError:
            return ""
        self._starts = [0, *(m.end() for m in re.finditer("\n", self._text))]
        return self._text

    def _position(self, offset: int) -> Position:
        line = bisect.bisect_right(self._starts, offset)
        return Position(line, offset - self._starts[line - 1] + 1)
