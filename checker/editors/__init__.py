"""The editors' workflow: takes a report and the repository's inline suppressions and baseline
file, and gives the findings that are still new."""

from __future__ import annotations

from typing import TYPE_CHECKING

from provcheck._lazy import lazy_exports

if TYPE_CHECKING:
    from provcheck.editors.baseline import Baseline, load_baseline, write_baseline
    from provcheck.editors.suppress import Suppression, apply_suppressions, find_suppressions

__all__ = [
    "Baseline",
    "Suppression",
    "apply_suppressions",
    "find_suppressions",
    "load_baseline",
    "write_baseline",
]

__getattr__ = lazy_exports(__name__, {
    "Baseline": "baseline",
    "Suppression": "suppress",
    "apply_suppressions": "suppress",
    "find_suppressions": "suppress",
    "load_baseline": "baseline",
    "write_baseline": "baseline",
})
