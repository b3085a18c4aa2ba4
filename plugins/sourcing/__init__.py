"""The sourcing check (SRC) and the attribution engine it shares with balance: takes an article's
sentences and gives who said what (named, role, vague or no source) and findings on unattributed
claims, quotes, vague sources and missing primary links."""

from __future__ import annotations

from typing import TYPE_CHECKING

from provcheck._lazy import lazy_exports

if TYPE_CHECKING:
    from provcheck.plugins.sourcing.attribution import (
        AttributedSentence,
        Attribution,
        attribute,
        attributions_in,
    )
    from provcheck.plugins.sourcing.check import SourcingCheck, provcheck_register_checks
    from provcheck.plugins.sourcing.claims import find_figures

__all__ = [
    "AttributedSentence",
    "Attribution",
    "SourcingCheck",
    "attribute",
    "attributions_in",
    "find_figures",
    "provcheck_register_checks",
]

__getattr__ = lazy_exports(__name__, {
    "AttributedSentence": "attribution",
    "Attribution": "attribution",
    "SourcingCheck": "check",
    "attribute": "attribution",
    "attributions_in": "attribution",
    "find_figures": "claims",
    "provcheck_register_checks": "check",
})
