"""The evaluation gate: per-rule precision and recall over the labelled fixtures.

Floors never drop silently: lowering one is a reviewed change to this file.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRECISION_FLOOR = 0.9
RECALL_FLOOR = 0.85


def _accuracy_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "provcheck_bench_accuracy", ROOT / "bench" / "accuracy.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tallies():  # type: ignore[no-untyped-def]
    accuracy = _accuracy_module()
    pairs = accuracy.fixture_pairs()
    if not pairs:
        pytest.skip("no labelled fixtures yet")
    return accuracy.evaluate(pairs)


def test_every_rule_meets_the_precision_floor(tallies) -> None:  # type: ignore[no-untyped-def]
    low = {
        c: (round(t.precision, 2), t.false_positives)
        for c, t in tallies.items()
        if t.precision < PRECISION_FLOOR
    }
    assert not low, f"rules under the {PRECISION_FLOOR} precision floor: {low}"


def test_every_rule_meets_the_recall_floor(tallies) -> None:  # type: ignore[no-untyped-def]
    low = {
        c: (round(t.recall, 2), t.false_negatives)
        for c, t in tallies.items()
        if t.recall < RECALL_FLOOR
    }
    assert not low, f"rules under the {RECALL_FLOOR} recall floor: {low}"


def test_sidecars_name_real_rules() -> None:
    accuracy = _accuracy_module()
    from provcheck.testing import make_session

    known = set(make_session().rules)
    import tomllib

    for _article, sidecar in accuracy.fixture_pairs():
        spec = tomllib.loads(sidecar.read_text(encoding="utf-8"))
        assert spec.get("scope"), f"{sidecar.name}: no scope"
        for entry in spec.get("finding", []):
            assert entry["code"] in known, f"{sidecar.name}: unknown rule {entry['code']}"
