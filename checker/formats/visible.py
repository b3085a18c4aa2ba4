"""Text from an article made safe for a terminal or a log: control characters and bidi
overrides become visible escapes.

A headline, byline, URL or quote can carry ESC sequences (which a terminal obeys: colours,
cursor moves, a rewritten line), or U+202E RIGHT-TO-LEFT OVERRIDE, which shows "exe.gnp" as
"png.exe" and reverses the rest of the line, a finding's location included. The text, concise
and github formats write such characters as ``\\x1b`` or ``\\u202e``: what is there is shown,
nothing is obeyed. Machine formats (json, sarif) keep the text exact; the HTML report isolates
it in ``<bdi>``.
"""

from __future__ import annotations

_NAMED = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
_CONTROLS = [*range(0x20), 0x7F, *range(0x80, 0xA0)]
_BIDI = [0x061C, 0x200E, 0x200F, 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_TABLE = {c: _NAMED.get(c, f"\\x{c:02x}") for c in _CONTROLS} | {c: f"\\u{c:04x}" for c in _BIDI}


def visible(text: str) -> str:
    """``text`` with control characters and bidi formatting characters escaped."""
    if text.isprintable():  # the common case: nothing to escape, one C-speed pass
        return text
    return text.translate(_TABLE)


__all__ = ["visible"]
