"""The balance check (BAL): takes an article's sentences and gives findings on accusations and the
accused side's responses (denials, refusals, statements), and whether evidence is attributed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from provcheck._lazy import lazy_exports

if TYPE_CHECKING:
    from provcheck.plugins.balance.check import BalanceCheck, provcheck_register_checks

__all__ = [
    "BalanceCheck",
    "provcheck_register_checks",
]

__getattr__ = lazy_exports(__name__, {
    "BalanceCheck": "check",
    "provcheck_register_checks": "check",
})
