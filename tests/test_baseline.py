"""Baselines: write one over a folder of fixtures, add one problem, see exactly that one."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from provcheck.editors.baseline import load_baseline, write_baseline
from provcheck.errors import ConfigError
from provcheck.testing import make_session, scan_path
from tests.conftest import CliResult
from tests.phrasecheck import PhrasePlugin

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def archive(in_tmp: Path) -> Path:
    """A copy of the Markdown and HTML article fixtures, as a newsroom archive."""
    folder = in_tmp / "archive"
    shutil.copytree(ROOT / "fixtures" / "markdown", folder / "md")
    html = sorted((ROOT / "fixtures" / "articles").glob("*.html"))[:4]
    (folder / "html").mkdir()
    for page in html:
        shutil.copy(page, folder / "html" / page.name)
    return folder


def active(out: str) -> list[tuple[str, str, str]]:
    data = json.loads(out)
    return [
        (Path(r["source"]).name, f["code"], f["text"])
        for r in data["reports"]
        for f in r["findings"]
        if not f["suppressed"]
    ]


def test_baseline_then_one_new_problem_reports_exactly_that_one(
    archive: Path, run_cli: Callable[..., CliResult]
) -> None:
    baseline = archive / "provcheck-baseline.json"
    written = run_cli("scan", str(archive), "--write-baseline", str(baseline))
    assert written.code == 0, written.err
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["format"] == "provcheck-baseline" and data["version"] == 1
    assert data["findings"], "the fixtures should have findings to baseline"
    assert all(not e["file"].startswith("/") for e in data["findings"])

    again = run_cli("scan", str(archive), "--baseline", str(baseline), "--format", "json")
    assert again.code == 0
    assert active(again.out) == []

    # Lines shift above every finding: nothing comes back, matching is not by line.
    story = archive / "md" / "flood-desk.md"
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("\n# Flood", "\n\n\n\n# Flood"), encoding="utf-8")
    shifted = run_cli("scan", str(archive), "--baseline", str(baseline), "--format", "json")
    assert active(shifted.out) == []

    # One new problem: a clean story loses its named author.
    clean = archive / "md" / "clean-library.md"
    clean.write_text(
        clean.read_text(encoding="utf-8").replace("name: Jane Okafor", "name: Web Desk"),
        encoding="utf-8",
    )
    new = run_cli("scan", str(archive), "--baseline", str(baseline), "--format", "json",
                  "--select", "TRN")  # fmt: skip
    assert active(new.out) == [("clean-library.md", "TRN101", "Web Desk")]


def test_counts_make_a_repeated_finding_report_only_the_extra_copy(tmp_path: Path) -> None:
    session = make_session(plugins=[("phrases", PhrasePlugin("SAME LINE"))], select=("TST",))
    story = tmp_path / "story.md"
    line = "The council met, SAME LINE.\n\n"
    story.write_text("# Council\n\n" + line * 2, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    assert write_baseline(baseline, [scan_path(story, session)], "test") == 2
    story.write_text("# Council\n\n" + line * 3, encoding="utf-8")
    report = load_baseline(baseline).filter(scan_path(story, session))
    assert [(f.code, f.position.line) for f in report.findings] == [("TST101", 7)]


def test_a_missing_or_foreign_baseline_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_baseline(tmp_path / "nope.json")
    other = tmp_path / "other.json"
    other.write_text('{"runs": []}', encoding="utf-8")
    with pytest.raises(ConfigError, match="not a provcheck baseline"):
        load_baseline(other)


def test_cli_reports_a_missing_baseline_with_exit_2(
    archive: Path, run_cli: Callable[..., CliResult]
) -> None:
    result = run_cli("scan", str(archive), "--baseline", str(archive / "missing.json"))
    assert result.code == 2
    assert "--write-baseline" in result.err


def test_baseline_holds_for_an_archive_of_many_files(
    in_tmp: Path, run_cli: Callable[..., CliResult]
) -> None:
    """A real archive has thousands of files: whatever path a large scan takes (batch
    mode, several processes), recorded findings must stay out of the report."""
    folder = in_tmp / "big"
    folder.mkdir()
    for page in sorted((ROOT / "fixtures" / "articles").glob("*.html"))[:12]:
        shutil.copy(page, folder / page.name)
    baseline = in_tmp / "baseline.json"
    assert run_cli("scan", str(folder), "--write-baseline", str(baseline)).code == 0
    assert json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    again = run_cli("scan", str(folder), "--baseline", str(baseline), "--format", "json")
    assert active(again.out) == []
