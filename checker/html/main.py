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

from provcheck.html.nextstory import NO_END, story_end
from provcheck.html.records import Segment, Walk
from provcheck.html.tree import Element, attrs_of, tag_of

_POSITIVE = re.compile(r"article|body|content|entry|main|post|text|story|blog|artikel|inhalt")
_NEGATIVE = re.compile(r"comment|meta|foot|sidebar|widget|teaser|card|list|promo|related")
# Block tags that hold text themselves; their parent is the container readability scores.
_LEAF_BLOCKS = frozenset((
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "dd", "dt", "figcaption",
))  # fmt: skip
_SHORT = 25
_CLIMB = 4  # levels to climb looking for repeated units
_UNIT_MIN = 80.0  # text weight a repeated unit needs to count as prose


@dataclass(frozen=True, slots=True)
class Selection:
    """Element numbers (see ``Walk.order``) whose segments are the article, and its scope."""

    main: tuple[int, ...]
    scope: tuple[int, ...]
    how: str
    chrome: frozenset[int]  # chrome elements that count as chrome (others were overruled)
    end: int = NO_END  # where another story starts in the body (``nextstory``): not the article


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
        self.strong, self.weak = walk.strong, walk.weak
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
        """Chrome names that count. Overruled: an element holding the marked article body,
        and one holding most of the page's text together with its headline (a wrapper whose
        layout class says "sidebar"). A comment thread longer than the article, away from the
        headline, still counts as chrome."""
        walk = self.walk
        limit = 0.5 * self.total[0]
        headings = walk.headings
        valid = []
        for chrome in walk.chrome_reasons:
            end = walk.end[chrome]
            if any(chrome <= m < end for m in self.strong):
                continue
            if self.total[chrome] >= limit and (
                not headings or any(chrome <= h < end for h in headings)
            ):
                continue
            valid.append(chrome)
        return frozenset(valid)

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
    scope = _scope(scores, main)
    return Selection(tuple(main), scope, how, scores.valid_chrome, story_end(walk, main))


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
    chosen = [
        n for n in _children(walk, parent) if n == best or scores.clean[n] >= threshold
    ]  # fmt: skip
    return _repeated_units(scores, best) or chosen


def _children(walk: Walk, parent: int) -> list[int]:
    return [n for n in range(parent + 1, walk.end[parent]) if walk.parent[n] == parent]


def _repeated_units(scores: _Scores, best: int) -> list[int]:
    """Listicles and galleries: the article is a run of like units (one per item), and the
    densest paragraph container is just one of them. Climb a few levels looking for a parent
    whose text is mostly in children shaped like the one holding ``best``."""
    walk = scores.walk
    node = best
    for _ in range(_CLIMB):
        parent = walk.parent[node]
        if parent <= 0:
            return []
        shape = _shape(walk, node)
        units = [n for n in _children(walk, parent) if shape and _shape(walk, n) == shape]
        heavy = [n for n in units if scores.clean[n] >= _UNIT_MIN]
        if len(heavy) >= 2 and sum(scores.clean[n] for n in units) >= 0.6 * scores.clean[parent]:
            return units
        node = parent
    return []


def _shape(walk: Walk, number: int) -> tuple[str, str] | None:
    """What makes units alike: tag and first class (or id without its digits: post-1, post-2).
    A bare <div> has no shape: page columns are bare divs too."""
    element = walk.elements[number]
    names = (element.get("class") or "").split()
    if names:
        return tag_of(element), names[0]
    ident = (element.get("id") or "").rstrip("0123456789-_")
    return (tag_of(element), "#" + ident) if ident else None


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
    strong = [n for n in scores.strong if scores.clean[n]]
    weak = [n for n in scores.weak if scores.clean[n]]
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
    """The marked body plus its twins: bodies split into parts (around adverts, or one part
    per slide of a gallery) repeat the same tag and class."""
    element = walk.elements[best]
    name = (element.tag, element.get("class"))
    found = sorted(
        n for n in strong if (walk.elements[n].tag, walk.elements[n].get("class")) == name
    )
    kept: list[int] = []
    for number in found:
        if not any(walk.inside(number, outer) for outer in kept):
            kept.append(number)
    if len(kept) == 1:
        return kept
    # Twins count only when together they are most of what their common ancestor holds;
    # otherwise they are teasers (an index of posts beside the article).
    common = common_ancestor(walk, kept)
    together = sum(scores.clean[n] for n in kept)
    return kept if together >= 0.6 * scores.clean[common] else [best]


def common_ancestor(walk: Walk, numbers: list[int]) -> int:
    """The innermost element holding every element in ``numbers`` (0, the root, at worst)."""
    common = numbers[0]
    for number in numbers[1:]:
        while common > 0 and not walk.inside(number, common):
            common = walk.parent[common]
    return max(common, 0)


def _scope(scores: _Scores, main: list[int]) -> tuple[int, ...]:
    """Where the article's own standfirst, images, captions and credit lines may sit around
    its text: the nearest <article> (or <main>, or schema.org Article) around the body, unless
    that holds far more text than the body does (then it is a page wrapper)."""
    walk = scores.walk
    if not main:
        return ()
    body = sum(scores.clean[n] for n in main)
    number = walk.parent[main[0]]
    while number > 0:
        element = walk.elements[number]
        if _is_article_element(element) and scores.clean[number] <= 2 * body + 200:
            return (number,)
        number = walk.parent[number]
    return tuple(main)


def _is_article_element(element: Element) -> bool:
    if tag_of(element) in ("article", "main"):
        return True
    kind = (element.get("itemtype") or "").lower()
    return kind.endswith(("/article", "/newsarticle", "/blogposting", "/reportagenewsarticle"))
