"""The HTML stage: takes a ``RawDocument`` of HTML and gives the ``Article`` a reader sees
(headline, byline, dates, body blocks with sentences and links, images with captions, credit
lines), each piece located by line and column."""

from __future__ import annotations

from typing import TYPE_CHECKING

from provcheck._lazy import lazy_exports

if TYPE_CHECKING:
    from provcheck.html.byline import Byline, find_byline
    from provcheck.html.credits import find_credit_lines, looks_like_credit
    from provcheck.html.links import classify, split_host
    from provcheck.html.locate import Locator
    from provcheck.html.names import (
        author_from_name,
        author_names,
        byline_names,
        clean_byline,
        is_person_name,
    )
    from provcheck.html.parse import parse_html
    from provcheck.html.psl import public_suffix, split_domain
    from provcheck.html.text import normalise_space, split_sentences

__all__ = [
    "Byline",
    "Locator",
    "author_from_name",
    "author_names",
    "byline_names",
    "classify",
    "clean_byline",
    "find_byline",
    "find_credit_lines",
    "is_person_name",
    "looks_like_credit",
    "normalise_space",
    "parse_html",
    "public_suffix",
    "split_domain",
    "split_host",
    "split_sentences",
]

__getattr__ = lazy_exports(__name__, {
    "Byline": "byline",
    "Locator": "locate",
    "author_from_name": "names",
    "author_names": "names",
    "byline_names": "names",
    "classify": "links",
    "clean_byline": "names",
    "find_byline": "byline",
    "find_credit_lines": "credits",
    "is_person_name": "names",
    "looks_like_credit": "credits",
    "normalise_space": "text",
    "parse_html": "parse",
    "public_suffix": "psl",
    "split_domain": "psl",
    "split_host": "links",
    "split_sentences": "text",
})
