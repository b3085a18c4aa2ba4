"""docs/plugins.md's tutorial, run as written: its files are built, installed and tested."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, article_html, pip_install_target

DOC = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"^```\w+ file=(?P<path>\S+)\n(?P<body>.*?)^```", re.MULTILINE | re.DOTALL)


def test_tutorial_plugin_builds_installs_and_passes_its_tests(tmp_path: Path) -> None:
    package = tmp_path / "provcheck-hedge"
    files = {m["path"]: m["body"] for m in BLOCK.finditer(DOC)}
    assert set(files) == {
        "pyproject.toml",
        "src/provcheck_hedge/__init__.py",
        "tests/test_hedge.py",
    }
    for name, body in files.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(body, encoding="utf-8")
    site = tmp_path / "site"
    pip_install_target(site, package)
    env = {**os.environ, "PYTHONPATH": str(site)}
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(package / "tests")],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "2 passed" in tests.stdout

    story = tmp_path / "story.html"
    story.write_text(article_html(title="Mayor allegedly took bribes"), encoding="utf-8")
    scan = subprocess.run(
        [sys.executable, "-m", "provcheck.cli", "scan", str(story), "-f", "json"],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    codes = [f["code"] for f in json.loads(scan.stdout)["reports"][0]["findings"]]
    assert "HDG101" in codes
