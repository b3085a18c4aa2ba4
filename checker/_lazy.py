"""Lazy re-exports for the stage packages.

A stage's ``__init__`` names its public API without importing it: ``from provcheck.html
import Locator`` imports ``provcheck.html.locate`` then, and a run that never touches a stage
(Markdown, fetching, batch) never pays for its imports. Start-up time matters for the
pre-commit hook (docs/performance.md).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def lazy_exports(package: str, exports: Mapping[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` that imports ``package.<module>`` on first use of a name.

    ``exports`` maps each public name to the sub-module (relative to ``package``) defining it.
    """

    def __getattr__(name: str) -> object:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    return __getattr__
