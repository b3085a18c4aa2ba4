"""Where the article ends when the next story follows it in the same body.

Pages that scroll on into more stories ("Continue reading", "Up next") append each story with
its own header: a headline (``<h1>``) and a byline under it. A story has one headline and
one byline, so a later ``<h1>`` that comes after the article's prose, sits in a header of its
own (not among the paragraphs, as a misused section heading would) and is followed by a byline
before any prose, starts another story: the article stops there.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from provcheck.html.records import Walk

_PROSE = 80  # characters: a paragraph of prose, not a label or a date line
NO_END = 1 << 62


def story_end(walk: Walk, main: Sequence[int]) -> int:
    """The element number at which another story starts inside ``main``, or ``NO_END``."""
    if not main or len(walk.headings) < 2 or not walk.byline_at:
        return NO_END
    first, last = min(main), max(walk.end[m] for m in main)
    prose = [
        s.order for s in walk.segments
        if first <= s.order < last and s.kind == "paragraph" and len(s.text) >= _PROSE
    ]  # fmt: skip
    bylines = sorted(b for b in walk.byline_at if b >= first)
    for heading in walk.headings:
        if not first < heading < last:
            continue
        before = bisect.bisect_left(prose, heading)
        if not before:
            continue  # the article's own headline: no prose of it comes before
        if walk.parent[prose[before - 1]] == walk.parent[heading]:
            continue  # a heading among the paragraphs is a section heading, misused
        after = prose[before] if before < len(prose) else last
        at = bisect.bisect_right(bylines, heading)
        if at < len(bylines) and bylines[at] < after:
            return heading
    return NO_END
