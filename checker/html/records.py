"""What the page walk (``blocks``) records: text segments, images, and the tree's shape.

Elements are numbered in document order (pre-order) as the walk meets them; ``Walk.end``
then makes "is X inside Y" two integer comparisons, which is what keeps main-content
selection linear on any page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from provcheck.html.tree import Element


@dataclass(slots=True)
class Segment:
    """A block of text as a reader sees it, before the article is chosen."""

    owner: Element
    order: int  # pre-order number of the owning block element
    text: str
    kind: str
    line: int  # source line at or before which the text starts (a search hint)
    link_chars: int = 0
    chrome: int = -1  # pre-order number of the innermost chrome element around it, or -1
    figure: int = -1  # pre-order number of the figure it captions, or -1
    anchors: list[Element] = field(default_factory=list)


@dataclass(slots=True)
class ImageRef:
    """An <img> in reading order, with the figure (if any) it belongs to."""

    element: Element
    order: int
    segments_before: int  # how many segments precede it
    chrome: int = -1
    figure: int = -1
    in_noscript: bool = False


@dataclass(slots=True)
class Walk:
    """Everything the walk found, plus the document order of every element."""

    segments: list[Segment] = field(default_factory=list)
    images: list[ImageRef] = field(default_factory=list)
    end: list[int] = field(default_factory=list)  # end[pre] = first pre-order after subtree
    parent: list[int] = field(default_factory=list)  # parent[pre] = parent's number, or -1
    elements: list[Element] = field(default_factory=list)
    figures: dict[int, Element] = field(default_factory=dict)
    chrome_reasons: dict[int, str] = field(default_factory=dict)
    chrome_parent: dict[int, int] = field(default_factory=dict)  # next chrome element outwards
    credits: dict[int, str] = field(default_factory=dict)  # figure number -> photo credit
    bylines: list[Element] = field(default_factory=list)  # byline candidates, in order
    # for each byline candidate: the innermost chrome element around it (or itself), or -1
    byline_chrome: list[int] = field(default_factory=list)
    # for each byline candidate: the number of the block element it is or sits in, or -1
    byline_at: list[int] = field(default_factory=list)
    # elements that may carry a date (<time>, itemprop/property, a class or id naming a date),
    # each with the number of the block element it sits in (or is)
    dated: list[tuple[Element, int]] = field(default_factory=list)
    headings: list[int] = field(default_factory=list)  # numbers of the <h1> elements
    strong: list[int] = field(default_factory=list)  # marked article bodies (articleBody...)
    weak: list[int] = field(default_factory=list)  # <article>, <main>, role=main

    def inside(self, order: int, container: int) -> bool:
        """True when the element numbered ``order`` lies in the subtree of ``container``."""
        return container <= order < self.end[container]
