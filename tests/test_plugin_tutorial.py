"""docs/plugins.md's tutorial, run as written: its files are built into a wheel, the wheel is
installed (not editable: an editable install hides files a wheel leaves out), and the
plugin's own tests and a scan run against that install."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT, article_html, pip_install_target

DOC = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"^```\w+ file=(?P<path>\S+)\n(?P<body>.*?)^```", re.MULTILINE | re.DOTALL)
PACK = "provcheck_hedge/rules/hedge.toml"


def _write_package(folder: Path, *, package_data: bool = True) -> Path:
    package = folder / "provcheck-hedge"
    files = {m["path"]: m["body"] for m in BLOCK.finditer(DOC)}
    assert set(files) == {
        "pyproject.toml",
        "src/provcheck_hedge/__init__.py",
        "src/provcheck_hedge/rules/hedge.toml",
        "tests/test_hedge.py",
    }
    if not package_data:  # the mistake the tutorial warns about
        table = '[tool.setuptools.package-data]\nprovcheck_hedge = ["rules/*.toml"]\n'
        assert table in files["pyproject.toml"]
        files["pyproject.toml"] = files["pyproject.toml"].replace(table, "")
    for name, body in files.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(body, encoding="utf-8")
    return package


def _wheel(package: Path, out: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index",
         "--no-build-isolation", "--disable-pip-version-check", "-w", str(out), str(package)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = out.glob("provcheck_hedge-0.1.0-*.whl")
    return wheel


def _run(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=cwd)


def test_tutorial_plugin_builds_as_a_wheel_installs_and_passes_its_tests(tmp_path: Path) -> None:
    package = _write_package(tmp_path)
    wheel = _wheel(package, tmp_path / "dist")
    assert PACK in zipfile.ZipFile(wheel).namelist(), "the rule pack must be in the wheel"
    site = tmp_path / "site"
    pip_install_target(site, wheel)
    assert not list(site.glob("__editable__*")) and (site / PACK).is_file()

    tests = _run(site, tmp_path, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                 str(package / "tests"))  # fmt: skip
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "4 passed" in tests.stdout

    story = tmp_path / "story.html"
    story.write_text(
        article_html(title="Mayor allegedly took bribes",
                     paragraphs=["The mayor reportedly resigned on Monday."]),
        encoding="utf-8",
    )  # fmt: skip
    scan = _run(site, tmp_path, "-m", "provcheck.cli", "scan", str(story), "-f", "json")
    assert scan.returncode == 0, scan.stderr
    codes = [f["code"] for f in json.loads(scan.stdout)["reports"][0]["findings"]]
    assert "HDG101" in codes and "HDG201" in codes

    listed = _run(site, tmp_path, "-m", "provcheck.cli", "plugins", "--format", "json")
    packs = json.loads(listed.stdout)["packs"]
    assert [(p["name"], p["plugin"], p["rules"]) for p in packs] == [("hedge", "hedge", ["HDG201"])]


def test_a_wheel_without_package_data_names_the_plugin_and_the_fix(tmp_path: Path) -> None:
    package = _write_package(tmp_path, package_data=False)
    wheel = _wheel(package, tmp_path / "dist")
    assert PACK not in zipfile.ZipFile(wheel).namelist()
    site = tmp_path / "site"
    pip_install_target(site, wheel)
    story = tmp_path / "story.html"
    story.write_text(article_html(title="Mayor allegedly took bribes"), encoding="utf-8")
    scan = _run(site, tmp_path, "-m", "provcheck.cli", "scan", str(story), "-f", "json")
    assert scan.returncode == 3
    (warning,) = [line for line in scan.stderr.splitlines() if "hedge" in line]
    assert "plugin 'hedge' (provcheck-hedge 0.1.0) failed in provcheck_rule_paths" in warning
    assert "package data" in warning and "rules: no such file or folder" in warning
    # the plugin's check still ran
    codes = [f["code"] for f in json.loads(scan.stdout)["reports"][0]["findings"]]
    assert "HDG101" in codes
