"""Data-table rows read as lines: the page walk (``blocks``) joins a row's cells."""

from __future__ import annotations

from provcheck.html.records import Segment, Walk
from provcheck.html.tags import CELL_CHARS, CELLS, ROW_CELLS


def join_row(walk: Walk, row: int, first: int) -> None:
    """A data-table row reads as one line ("Single | 8 crowns | 9.60 crowns"): join its
    cells when each gave one short segment. Layout tables, whose cells hold whole
    columns of paragraphs, are left alone."""
    segments = walk.segments
    cells = segments[first:]
    if len(cells) < 2 or len(cells) > ROW_CELLS:
        return
    owners = {id(s.owner) for s in cells}
    parent = walk.parent
    if len(owners) != len(cells) or any(
        s.owner.tag not in CELLS or parent[s.order] != row or len(s.text) > CELL_CHARS
        for s in cells
    ):
        return
    head = cells[0]
    del segments[first:]
    segments.append(
        Segment(
            owner=walk.elements[row],
            order=row,
            text=" | ".join(s.text for s in cells),
            kind="paragraph",
            line=head.line,
            link_chars=sum(s.link_chars for s in cells),
            chrome=head.chrome,
            figure=head.figure,
            anchors=[a for s in cells for a in s.anchors],
        )
    )
