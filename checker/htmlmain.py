"""Which part of the page is the article.

Every text segment gets a weight: its length less its link text, shrunk further the denser
its links (menus and link lists weigh nothing) and for very short lines. Weights add up the
tree, so each element knows how much readable text it holds, with and without chrome.

The article is then, in order of trust:

1. an element the page marks as the article body (``itemprop="articleBody"``, classes such as
   ``article-body`` or ``entry-content``), when it holds at least half the text the density
   estimate finds;
2. an ``<article>``/``<main>`` element that contains the density estimate and is not much
   bigger than it;
3. the density estimate itself, in the manner of readability: the element whose paragraphs
   (children weigh fully, grandchildren half) carry the most text, with those of its siblings
   that carry a fair share too (article bodies split by an advert).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from provcheck.htmlblocks import Segment, Walk
from provcheck.htmltree import attrs_of, tag_of

_BODY_MARK = re.compile(
    r"article[-_]?body|articlebody|story[-_]?body|entry[-_]?content|post[-_]?content|"
    r"article[-_]?content|story[-_]?content|content[-_]?body|article[-_]?text|post[-_]?body|"
    r"post[-_]?text|story[-_]?text|body[-_]?text|rich[-_]?text|main[-_]?content|"
    r"article__body|article__content|entry[-_]?body|blog[-_]?post[-_]?body|"
    r"artikel[-_]?(?:text|inhalt|body)|news[-_]?(?:text|body|content)"
)
_POSITIVE = re.compile(r"article|body|content|entry|main|post|text|story|blog|artikel|inhalt")
_NEGATIVE = re.compile(r"comment|meta|foot|sidebar|widget|teaser|card|list|promo|related")
# Block tags that hold text themselves; their parent is the container readability scores.
_LEAF_BLOCKS = frozenset((
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "dd", "dt", "figcaption",
))  # fmt: skip
_SHORT = 25


@dataclass(frozen=True, slots=True)
class Selection:
    """Element numbers (see ``Walk.order``) whose segments are the article, and its scope."""

    main: tuple[int, ...]
    scope: tuple[int, ...]
    how: str
    chrome: frozenset[int]  # chrome elements that count as chrome (others were overruled)


def weight(segment: Segment) -> float:
    """How much readable prose a segment adds: links and very short lines count for little."""
    size = len(segment.text)
    if not size or segment.kind == "heading":
        return 0.0
    links = segment.link_chars
    value = (size - links) * (1.0 - links / size)
    return value * 0.3 if size - links < _SHORT else value


class _Scores:
    def __init__(self, walk: Walk) -> None:
        self.walk = walk
        count = len(walk.elements)
        self.weights = [weight(s) for s in walk.segments]
        self.total = self._sums([False] * len(walk.segments))
        self.valid_chrome = self._valid_chrome()
        self.in_chrome = [self.chrome_of(s) >= 0 for s in walk.segments]
        self.clean = self._sums(self.in_chrome)
        self.readable = [0.0] * count
        parent = walk.parent
        for segment, value, chrome in zip(walk.segments, self.weights, self.in_chrome, strict=True):
            if chrome or not value:
                continue
            target = segment.order
            if tag_of(segment.owner) in _LEAF_BLOCKS and parent[target] >= 0:
                target = parent[target]
            self.readable[target] += value
            if parent[target] >= 0:
                self.readable[parent[target]] += value / 2

    def _sums(self, skip: list[bool]) -> list[float]:
        sums = [0.0] * len(self.walk.elements)
        for segment, value, skipped in zip(self.walk.segments, self.weights, skip, strict=True):
            if not skipped:
                sums[segment.order] += value
        parent = self.walk.parent
        for number in range(len(sums) - 1, 0, -1):
            if parent[number] >= 0:
                sums[parent[number]] += sums[number]
        return sums

    def _valid_chrome(self) -> frozenset[int]:
        # A chrome name on an element holding most of the page is a wrapper's layout name.
        limit = 0.5 * self.total[0]
        return frozenset(c for c in self.walk.chrome_reasons if self.total[c] < limit or not limit)

    def chrome_of(self, segment: Segment) -> int:
        """The outermost chrome element that counts around ``segment``, or -1."""
        found = -1
        chrome = segment.chrome
        while chrome >= 0:
            if chrome in self.valid_chrome:
                found = chrome
            chrome = self.walk.chrome_parent.get(chrome, -1)
        return found


def select_main(walk: Walk) -> Selection:
    """Choose the article among the page's elements (see the module docstring)."""
    scores = _Scores(walk)
    if not walk.elements:
        return Selection((), (), "empty", frozenset())
    estimate = _density_estimate(scores)
    estimate_total = sum(scores.clean[n] for n in estimate)
    marked = _marked(walk, scores, estimate, estimate_total)
    main, how = (marked, "marked") if marked else (estimate, "density")
    scope = _scope(walk, main)
    return Selection(tuple(main), scope, how, scores.valid_chrome)


def _density_estimate(scores: _Scores) -> list[int]:
    readable = scores.readable
    walk = scores.walk
    best = max(range(len(readable)), key=lambda n: _adjusted(scores, n))
    if readable[best] <= 0:
        return [0]
    parent = walk.parent[best]
    if parent < 0:
        return [best]
    threshold = max(10.0, 0.2 * scores.clean[best])
    chosen = []
    for number in range(parent + 1, walk.end[parent]):
        if walk.parent[number] != parent:
            continue
        if number == best or scores.clean[number] >= threshold:
            chosen.append(number)
    return chosen


def _adjusted(scores: _Scores, number: int) -> float:
    value = scores.readable[number]
    if not value:
        return 0.0
    names = attrs_of(scores.walk.elements[number])
    if _POSITIVE.search(names):
        value *= 1.25
    if _NEGATIVE.search(names):
        value *= 0.75
    return value


def _marked(walk: Walk, scores: _Scores, estimate: list[int], estimate_total: float) -> list[int]:
    strong: list[int] = []
    weak: list[int] = []
    for number, element in enumerate(walk.elements):
        tag = tag_of(element)
        if not tag or not scores.clean[number]:
            continue
        if (element.get("itemprop") or "").lower() == "articlebody" or _BODY_MARK.search(
            f"{element.get('class') or ''} {element.get('id') or ''}".lower()
        ):
            strong.append(number)
        elif tag in ("article", "main") or (element.get("role") or "").lower() == "main":
            weak.append(number)
    if strong:
        best = max(strong, key=lambda n: scores.clean[n])
        if scores.clean[best] >= 0.5 * estimate_total:
            return _with_twins(walk, scores, best, strong)
    containing = [n for n in weak if all(walk.inside(e, n) for e in estimate)]
    if containing:
        tightest = max(containing)  # the deepest: later in pre-order among ancestors
        if scores.clean[tightest] <= 1.5 * estimate_total:
            return [tightest]
    return []


def _with_twins(walk: Walk, scores: _Scores, best: int, strong: list[int]) -> list[int]:
    """The marked body plus same-named siblings: bodies split into parts around adverts."""
    element = walk.elements[best]
    name = (element.tag, element.get("class"), walk.parent[best])
    found = [best]
    for number in strong:
        other = walk.elements[number]
        if number != best and (other.tag, other.get("class"), walk.parent[number]) == name:
            found.append(number)
    # Drop any marked element nested in another one that is already kept.
    found.sort()
    kept: list[int] = []
    for number in found:
        if not any(walk.inside(number, outer) for outer in kept):
            kept.append(number)
    return kept


def _scope(walk: Walk, main: list[int]) -> tuple[int, ...]:
    """Where the article's own images, captions and credit lines may sit around its text."""
    if not main:
        return ()
    number = walk.parent[main[0]]
    while number > 0:
        if tag_of(walk.elements[number]) == "article":
            return (number,)
        number = walk.parent[number]
    return tuple(main)


def article_segments(walk: Walk, selection: Selection) -> list[Segment]:
    """The segments a reader sees as the article, in reading order."""
    from provcheck.credits import looks_like_credit

    main, scope = selection.main, selection.scope
    overruled = {c for c in selection.chrome if any(walk.inside(m, c) for m in main)}
    chrome = selection.chrome - overruled
    first = min(main) if main else 0
    kept: list[Segment] = []
    for segment in walk.segments:
        order = segment.order
        if not any(walk.inside(order, s) for s in scope):
            continue
        in_chrome = _in_chrome(walk, segment, chrome)
        in_main = any(walk.inside(order, m) for m in main)
        if (
            (in_main and not in_chrome and not _link_dense(segment))
            or (segment.kind == "caption" and not in_chrome)
            or (order > first and looks_like_credit(segment.text) and not _link_dense(segment))
        ):
            kept.append(segment)
    return kept


def _in_chrome(walk: Walk, segment: Segment, chrome: frozenset[int] | set[int]) -> bool:
    number = segment.chrome
    while number >= 0:
        if number in chrome:
            return True
        number = walk.chrome_parent.get(number, -1)
    return False


def _link_dense(segment: Segment) -> bool:
    return segment.link_chars >= 0.8 * len(segment.text) and segment.kind != "caption"
