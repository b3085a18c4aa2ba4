"""The JSON report of the archetype, pinned: any change to the shape or the findings shows
up as a diff to review. Regenerate with PROVCHECK_UPDATE_GOLDEN=1 python -m pytest
tests/test_golden.py after an intended change, and read the diff before committing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "archetype.json"
ARTICLE = "fixtures/articles/archetype.html"


def _report(run_cli, monkeypatch: pytest.MonkeyPatch) -> dict:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    result = run_cli("scan", "--isolated", "-f", "json", ARTICLE)
    data = json.loads(result.out)
    data["tool"]["version"] = "<version>"
    return data


def test_json_report_matches_the_golden_file(run_cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    data = _report(run_cli, monkeypatch)
    if os.environ.get("PROVCHECK_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(Path(GOLDEN).read_text(encoding="utf-8"))
    assert data == expected


def test_json_report_is_stable_across_runs(run_cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert _report(run_cli, monkeypatch) == _report(run_cli, monkeypatch)
