"""The example plugin (examples/provcheck-house-style) as a user installs and runs it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import ROOT, run_with_site

EXAMPLE = ROOT / "examples" / "provcheck-house-style"
STORY = """<html><head><title>Port strike</title></head><body><article>
<h1>Dock workers strike over pay</h1><p class="byline">By Lena Ortiz</p>
<figure><img src="strike.jpg" alt="Workers"><figcaption>Workers at the gates.
<span class="credit">Photo: Harbour Pictures</span></figcaption></figure>
<p>Sources said talks had collapsed on Monday night.</p>
</article></body></html>"""


def _run(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_with_site(site, *args, cwd=cwd)


def test_the_example_plugins_own_tests_pass(plugin_site: Path, tmp_path: Path) -> None:
    result = _run(
        plugin_site, "-m", "pytest", str(EXAMPLE / "tests"), "-q", "-p", "no:cacheprovider",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout


def test_installed_plugin_shows_in_plugins_rules_explain_and_reports(
    plugin_site: Path, tmp_path: Path
) -> None:
    cli = ("-m", "provcheck.cli")
    plugins = json.loads(
        _run(plugin_site, *cli, "plugins", "--format", "json", cwd=tmp_path).stdout
    )
    house = next(p for p in plugins["plugins"] if p["name"] == "house-style")
    assert house["distribution"] == "provcheck-house-style"
    assert house["rules"] == ["HSE101", "HSE102", "HSE201"]
    assert "provcheck_rule_paths" in house["hooks"]
    assert "HSE101" in _run(plugin_site, *cli, "rules", cwd=tmp_path).stdout
    explained = _run(plugin_site, *cli, "explain", "HSE101", cwd=tmp_path).stdout
    assert "Plugin: house-style (provcheck-house-style 0.1.0)" in explained
    assert "Stays quiet on" in explained and "How to fix" in explained
    rules_dir = EXAMPLE / "src" / "provcheck_house_style" / "rules"
    checked = _run(plugin_site, *cli, "rules", "--check", str(rules_dir), cwd=tmp_path)
    assert checked.returncode == 0 and "4 example(s), 0 failed" in checked.stdout

    story = tmp_path / "story.html"
    story.write_text(STORY, encoding="utf-8")
    scan = _run(plugin_site, *cli, "scan", str(story), "-f", "json", cwd=tmp_path)
    assert scan.returncode == 0, scan.stderr
    codes = {f["code"] for f in json.loads(scan.stdout)["reports"][0]["findings"]}
    assert {"HSE101", "HSE201"} <= codes
    # the broken plugin beside it: one warning naming it, and the scan still succeeded
    warnings = [line for line in scan.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "provcheck-broken" in warnings[0]

    allowed = _run(
        plugin_site, *cli, "scan", str(story), "-f", "json", "--house-style-allow-agency",
        "Harbour Pictures", cwd=tmp_path,
    )  # fmt: skip
    codes = {f["code"] for f in json.loads(allowed.stdout)["reports"][0]["findings"]}
    assert "HSE201" not in codes and "HSE101" in codes

    blocked = _run(plugin_site, *cli, "scan", str(story), "-f", "json", "-p", "no:house-style",
                   cwd=tmp_path)  # fmt: skip
    codes = {f["code"] for f in json.loads(blocked.stdout)["reports"][0]["findings"]}
    assert not any(code.startswith("HSE") for code in codes)
