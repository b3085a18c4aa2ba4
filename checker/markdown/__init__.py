"""The Markdown stage: takes a ``RawDocument`` of Markdown with YAML or TOML front matter and gives
the same ``Article`` the HTML stage gives, with exact source lines and columns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from provcheck._lazy import lazy_exports

if TYPE_CHECKING:
    from provcheck.markdown.frontmatter import FrontMatter, read_front_matter
    from provcheck.markdown.parse import parse_markdown

__all__ = [
    "FrontMatter",
    "parse_markdown",
    "read_front_matter",
]

__getattr__ = lazy_exports(__name__, {
    "FrontMatter": "frontmatter",
    "parse_markdown": "parse",
    "read_front_matter": "frontmatter",
})
