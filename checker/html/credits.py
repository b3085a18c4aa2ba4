"""Credit lines found by position: the dateline, the trailer, the byline, photo credits.

Only position and shape are decided here; which agencies a credit names is the agency
check's business (its lexicon lives in rules/agency.toml).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from provcheck.model import Block, CreditLine, Image, Position

# "SEOUL, Aug. 24 (Yonhap) --", "New Delhi, Jul 14 (PTI)", "(Reuters) -", "LONDON (AP) —"
_DATELINE = re.compile(
    r"^(?:[A-Z][\w.'’ -]{1,40}?(?:,\s*[\w.]{2,12}\.?\s*\d{1,2}(?:,\s*\d{4})?)?\s*)?"
    r"\((?P<credit>[^()]{2,40})\)\s*(?:[-–—:]+|$)"
)
# "LONDON —", "WASHINGTON:" with no credit
_PLACE_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]{2,40}(?:\s[-–—]+|:)\s")
_TRAILER = re.compile(
    r"^\s*(?:\(.{2,200}\)\s*$|[-–—]{1,2}\s*\w|(?:with\s+)?inputs?\s+from|reporting\s+by|"
    r"writing\s+by|editing\s+by|additional\s+reporting|compiled\s+by|source\s*:)"
    r"|contributed\s+(?:to\s+)?(?:this\s+)?report|\bagencies\b|\bwire\s+reports?\b",
    re.IGNORECASE,
)
TRAILER_WINDOW = 3
# Credit lines worth keeping even where the page files them under chrome (an article
# <footer>, a "meta" box): the shapes of agency and contributor credits, not bare names.
_RESCUE = re.compile(
    r"(?:with\s+)?inputs?\s+from|reporting\s+by|writing\s+by|editing\s+by|"
    r"additional\s+reporting|compiled\s+by|contributed\s+(?:to\s+)?(?:this\s+)?report|"
    r"staff\s+and\s+agenc|wire\s+(?:reports?|services?)|^\s*\([^()]{2,40}\)\s*$|"
    r"^\s*[-–—]{1,2}\s*[A-Z][\w.&/ -]{1,30}$",
    re.IGNORECASE,
)
# An agency's acronym alone on the line just after the body: "PTI", "IANS sk/rn". Only there:
# the same line in a related-stories box is another story's credit.
_BARE = re.compile(r"^\s*[A-Z]{2,6}(?:\s+[a-z]{1,3}(?:/[a-z]{1,3})*)?\s*$")


def looks_like_credit(text: str, *, right_after_body: bool = False) -> bool:
    """A short line shaped like a trailing credit: "(With inputs from PTI)", "— AFP", and,
    ``right_after_body``, a bare acronym ("PTI")."""
    if len(text) > 240:
        return False
    return bool(_RESCUE.search(text) or (right_after_body and _BARE.match(text)))


def find_credit_lines(
    blocks: Sequence[Block], byline: str, byline_position: Position, images: Sequence[Image]
) -> tuple[CreditLine, ...]:
    credits: list[CreditLine] = []
    body = [b for b in blocks if b.kind in ("paragraph", "list-item", "quote")]
    if byline:
        credits.append(CreditLine(byline, "byline", byline_position))
    for block in body[:2]:
        match = _DATELINE.match(block.text) or _PLACE_DATELINE.match(block.text)
        if match:
            credits.append(
                CreditLine(match.group(0).strip(), "dateline", block.position, block.index)
            )
            break
    for block in body[-TRAILER_WINDOW:]:
        if len(block.text) <= 240 and _TRAILER.search(block.text):
            credits.append(CreditLine(block.text, "trailer", block.position, block.index))
    for image in images:
        if image.credit:
            credits.append(CreditLine(image.credit, "photo-credit", image.position))
    return tuple(credits)
