"""The imagery check (IMG): takes an article's images, their captions and nearby text, and the
image files' own metadata, and gives findings on AI-generated imagery: disclosures, undisclosed
synthetic metadata, distant disclaimers and reused illustrations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from provcheck._lazy import lazy_exports

if TYPE_CHECKING:
    from provcheck.plugins.imagery.check import (
        ImageryCheck,
        provcheck_addoption,
        provcheck_register_checks,
    )

__all__ = [
    "ImageryCheck",
    "provcheck_addoption",
    "provcheck_register_checks",
]

__getattr__ = lazy_exports(__name__, {
    "ImageryCheck": "check",
    "provcheck_addoption": "check",
    "provcheck_register_checks": "check",
})
