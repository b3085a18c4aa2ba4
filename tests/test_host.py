"""The host: crash boundary, plugin loading, prefix claims, config discovery, scoring."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest

from provcheck import ConfigError, Level, PluginError, Rule, hookimpl
from provcheck.config import find_config_file, load_config
from provcheck.testing import make_session, scan_html
from tests.conftest import ROOT, article_html, run_with_site

CRASH_RULE = Rule("CRS101", "never-fires", Level.WARNING, "sourcing", "A check that crashes.")


class CrashingCheck:
    prefix = "CRS"
    rules = (CRASH_RULE,)

    def run(self, article, ctx):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("boom")


class CrashingPlugin:
    @hookimpl
    def provcheck_register_checks(self, config):  # type: ignore[no-untyped-def]
        return [CrashingCheck()]


def test_a_crashing_check_is_contained_and_named() -> None:
    session = make_session([("crashy", CrashingPlugin())])
    report = scan_html(article_html(byline="By Web Desk"), session=session)
    crash = [f for f in report.findings if f.code == "PC902"]
    assert len(crash) == 1
    assert "plugin 'crashy'" in crash[0].message and "ZeroDivisionError: boom" in crash[0].message
    assert crash[0].plugin == "crashy"
    # where it raised: the module path and line, not a bare file name
    line = CrashingCheck.run.__code__.co_firstlineno + 1
    assert f"(at tests/test_host.py:{line})" in crash[0].message
    # the other checks still ran, and the score says it is incomplete
    assert any(f.code == "TRN101" for f in report.findings)
    assert report.score is not None and report.score.incomplete


def test_two_plugins_claiming_one_prefix_is_an_error_naming_both() -> None:
    class Other:
        @hookimpl
        def provcheck_register_checks(self, config):  # type: ignore[no-untyped-def]
            return [CrashingCheck()]

    with pytest.raises(PluginError, match="'CRS' is claimed by both plugin 'a' and plugin 'b'"):
        make_session([("a", CrashingPlugin()), ("b", Other())])


def test_misspelled_hook_is_caught_at_load() -> None:
    class Typo:
        @hookimpl
        def provcheck_register_chekcs(self, config):  # type: ignore[no-untyped-def]
            return []

    with pytest.raises(PluginError, match="unknown hook"):
        make_session([("typo", Typo())])


def test_blocked_builtin_plugin_is_not_loaded() -> None:
    session = make_session(blocked=["transparency"])
    assert not any(code.startswith("TRN") for code in session.rules)
    report = scan_html(article_html(byline=""), session=session)
    assert not any(f.code.startswith("TRN") for f in report.findings)


def test_score_is_base_minus_traced_deductions() -> None:
    report = scan_html(article_html(byline="By Web Desk", date=""))
    assert report.score is not None
    dims = {d.name: d for d in report.score.dimensions}
    transparency = dims["transparency"]
    assert transparency.score == 100 - 40 - 30
    assert {d.code for d in transparency.deductions} == {"TRN101", "TRN102"}
    # a dimension nothing applied to is "n/a" and leaves the weighted overall
    assert dims["imagery"].score is None


def test_config_discovery_walks_up_and_rejects_unknown_keys(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.provcheck]\nignore = ["TRN102"]\n')
    nested = tmp_path / "content" / "2026"
    nested.mkdir(parents=True)
    found = find_config_file(nested)
    assert found == tmp_path / "pyproject.toml"
    assert load_config(found).ignore == ("TRN102",)
    (nested / "provcheck.toml").write_text('ignroe = ["TRN"]\n')
    with pytest.raises(ConfigError, match="unknown key 'ignroe'"):
        load_config(find_config_file(nested))


def test_config_file_applies_to_a_scan(run_cli, tmp_path: Path) -> None:
    (tmp_path / "provcheck.toml").write_text('ignore = ["no-date"]\n[levels]\nTRN101 = "error"\n')
    article = tmp_path / "a.html"
    article.write_text(article_html(byline="By Web Desk", date=""))
    result = run_cli("scan", str(article), "-f", "json")
    findings = json.loads(result.out)["reports"][0]["findings"]
    assert {f["code"]: f["level"] for f in findings if f["code"].startswith("TRN")} == {
        "TRN101": "error"
    }
    assert result.code == 1  # an error-level finding fails by default
    assert run_cli("scan", str(article), "--isolated").code == 0


def test_bad_config_is_a_usage_error_naming_the_key(run_cli, tmp_path: Path) -> None:
    (tmp_path / "provcheck.toml").write_text('fail-on = "fatal"\n')
    article = tmp_path / "a.html"
    article.write_text(article_html())
    result = run_cli("scan", str(article))
    assert result.code == 2
    assert "provcheck.toml: key 'fail-on'" in result.err


def _provcheck(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_with_site(site, "-m", "provcheck.cli", *args, cwd=cwd)


def test_entry_point_plugins_load_broken_ones_are_named_and_skipped(
    plugin_site: Path, tmp_path: Path
) -> None:
    article = tmp_path / "a.html"
    article.write_text(article_html(title="Mayor allegedly took bribes"))
    result = _provcheck(plugin_site, "scan", str(article), "-f", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    codes = [f["code"] for f in json.loads(result.stdout)["reports"][0]["findings"]]
    assert "DEMO101" in codes
    warning = [line for line in result.stderr.splitlines() if "broken" in line]
    assert len(warning) == 1
    assert "provcheck-broken 0.0.1" in warning[0] and "ModuleNotFoundError" in warning[0]
    # the module path and line that failed, not only "__init__.py"
    assert "(at provcheck_broken/__init__.py:3)" in warning[0]
    # ... and the failure is in the output too, for whoever reads only the JSON
    errors = json.loads(result.stdout)["errors"]
    assert [(e["plugin"], e["hook"], e["version"]) for e in errors] == [
        ("broken", "import", "0.0.1")
    ]

    listed = _provcheck(plugin_site, "plugins", "--format", "json", cwd=tmp_path)
    plugins = {p["name"]: p for p in json.loads(listed.stdout)["plugins"]}
    assert plugins["demo"]["distribution"] == "provcheck-demo"
    assert plugins["demo"]["version"] == "1.2.3"
    assert plugins["demo"]["rules"] == ["DEMO101"]


def test_blocking_a_plugin_skips_it_before_import(plugin_site: Path, tmp_path: Path) -> None:
    article = tmp_path / "a.html"
    article.write_text(article_html(title="Mayor allegedly took bribes"))
    result = _provcheck(
        plugin_site, "scan", str(article), "-f", "json", "-p", "no:demo", "-p", "no:broken",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0
    assert result.stderr == ""  # the broken plugin was never imported
    codes = [f["code"] for f in json.loads(result.stdout)["reports"][0]["findings"]]
    assert "DEMO101" not in codes


def test_strict_plugins_turns_a_broken_plugin_into_an_error(
    plugin_site: Path, tmp_path: Path
) -> None:
    article = tmp_path / "a.html"
    article.write_text(article_html())
    result = _provcheck(plugin_site, "scan", str(article), "--strict-plugins", cwd=tmp_path)
    assert result.returncode == 2
    assert "plugin 'broken' (provcheck-broken 0.0.1) failed to load" in result.stderr


def test_a_rules_findings_together_cost_at_most_its_max_points() -> None:
    from provcheck.scoring import Weights, score_findings

    rule = Rule("CAP101", "capped", Level.WARNING, "sourcing", "s", points=8, max_points=20)
    findings = [rule.finding(f"number {i}") for i in range(4)]
    score = score_findings(findings, frozenset(), Weights.builtin())
    sourcing = next(d for d in score.dimensions if d.name == "sourcing")
    assert [(d.code, d.points, d.findings, d.capped) for d in sourcing.deductions] == [
        ("CAP101", 20, 4, True)
    ]
    assert sourcing.score == 80


LOCAL_PLUGIN = """
from provcheck import Level, Rule, hookimpl

RULE = Rule("LOC101", "local-rule", Level.WARNING, "sourcing", "The headline says 'bus'.")


class LocalCheck:
    prefix = "LOC"
    rules = (RULE,)

    def run(self, article, ctx):
        if "bus" in article.title.lower():
            yield RULE.finding("A bus.", text=article.title, position=article.title_position)


@hookimpl
def provcheck_register_checks(config):
    return [LocalCheck()]
"""


def _local_plugin(folder: Path, module: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{module}.py").write_text(LOCAL_PLUGIN, encoding="utf-8")
    (folder / "_helper.py").write_text("raise ImportError('not a plugin')\n", encoding="utf-8")
    return folder


def test_plugins_dir_loads_an_unpackaged_plugin(run_cli, in_tmp: Path) -> None:
    folder = _local_plugin(in_tmp / "my_plugins", "provcheck_local_dir_plugin")
    article = in_tmp / "a.html"
    article.write_text(article_html())
    result = run_cli("scan", str(article), "-f", "json", "--plugins-dir", str(folder))
    assert result.code == 0, result.err
    codes = [f["code"] for f in json.loads(result.out)["reports"][0]["findings"]]
    assert codes == ["LOC101"]  # and _helper.py, starting with "_", was not imported
    listed = run_cli("plugins", "--plugins-dir", str(folder))
    assert "provcheck_local_dir_plugin not installed (--plugins-dir" in listed.out


def test_p_module_loads_an_importable_module_and_a_bad_one_is_named(
    run_cli, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _local_plugin(in_tmp / "lib", "provcheck_local_p_plugin")
    monkeypatch.syspath_prepend(str(folder))
    article = in_tmp / "a.html"
    article.write_text(article_html())
    result = run_cli("scan", str(article), "-f", "json", "-p", "provcheck_local_p_plugin")
    assert [f["code"] for f in json.loads(result.out)["reports"][0]["findings"]] == ["LOC101"]
    missing = run_cli("scan", str(article), "-p", "provcheck_no_such_module")
    assert "plugin 'provcheck_no_such_module' was skipped: ModuleNotFoundError" in missing.err
    strict = run_cli("scan", str(article), "-p", "provcheck_no_such_module", "--strict-plugins")
    assert strict.code == 2


def test_article_soup_is_built_only_when_a_plugin_asks(tmp_path: Path) -> None:
    probe = """
import sys
from provcheck import hookimpl
from provcheck.testing import make_session, scan_html
from tests.conftest import article_html

page = article_html(paragraphs=["First paragraph.", "Second paragraph."])
scan_html(page)
print("bs4 after a plain scan:", "bs4" in sys.modules)

class Asks:
    seen = []

    @hookimpl
    def provcheck_prepare_article(self, article):
        soup = article.soup
        Asks.seen.append((soup is article.soup, soup.article is not None,
                          [p.get_text() for p in soup.find_all("p")]))

report = scan_html(page, session=make_session([("asks", Asks())]))
print("seen:", Asks.seen)
print("report keeps soup:", report.article.soup is not None)
"""
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "bs4 after a plain scan: False" in result.stdout
    # the same soup each time, over the <article> element (not the nav or footer)
    assert (
        "seen: [(True, True, ['By Priya Raman', 'First paragraph.', 'Second paragraph.'])]"
        in result.stdout
    )
    assert "report keeps soup: False" in result.stdout


def test_provcheck_own_bug_exits_3_not_1_and_shows_the_traceback_on_request(
    run_cli, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from provcheck.commands import scan

    def broken(*args: object) -> int:
        raise KeyError("lost")

    monkeypatch.setattr(scan, "_scan_all", broken)
    article = in_tmp / "a.html"
    article.write_text(article_html())
    result = run_cli("scan", str(article))
    assert result.code == 3  # 1 would read as "findings"
    assert "provcheck: internal error: KeyError: 'lost'" in result.err
    assert "Traceback" not in result.err
    assert (
        "Traceback (most recent call last)" in run_cli("scan", str(article), "--show-traceback").err
    )


class OptionsPlugin:
    seen: ClassVar[list[tuple[object, object]]] = []

    @hookimpl
    def provcheck_addoption(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--opt-words", action="append", default=[])

    @hookimpl
    def provcheck_configure(self, config):  # type: ignore[no-untyped-def]
        OptionsPlugin.seen.append((config.options.opt_words, config.plugin_settings("opt")))


def test_provcheck_scan_fixture_passes_settings_and_options(provcheck_scan) -> None:  # type: ignore[no-untyped-def]
    OptionsPlugin.seen.clear()
    provcheck_scan(article_html(), plugins={"opt": OptionsPlugin()})
    provcheck_scan(
        article_html(), plugins={"opt": OptionsPlugin()}, settings={"opt": {"level": 2}},
        options=["--opt-words", "a", "--opt-words", "b"],
    )  # fmt: skip
    # the option's default is there even when no option is given, as on the command line
    assert OptionsPlugin.seen == [([], {}), (["a", "b"], {"level": 2})]


def test_provcheck_scan_fixture_fails_the_test_when_a_plugin_hook_raises(provcheck_scan) -> None:  # type: ignore[no-untyped-def]
    class Broken:
        @hookimpl
        def provcheck_configure(self, config):  # type: ignore[no-untyped-def]
            raise ValueError("bad setting")

    with pytest.raises(PluginError, match="plugin 'mine' failed in provcheck_configure: Value"):
        provcheck_scan(article_html(), plugins={"mine": Broken()})


def test_a_plugin_rejecting_its_settings_with_config_error_stops_the_run() -> None:
    class Picky:
        @hookimpl
        def provcheck_configure(self, config):  # type: ignore[no-untyped-def]
            raise ConfigError("picky: setting 'colour' must be a name")

    with pytest.raises(ConfigError, match="picky: setting 'colour'"):
        make_session([("picky", Picky())])


def test_scan_takes_a_path_object_as_well_as_a_string() -> None:
    session = make_session()
    path = ROOT / "fixtures" / "articles" / "archetype.html"
    by_path, by_text = session.scan(path), session.scan(str(path))
    assert by_path.error == "" and by_path.score is not None and by_text.score is not None
    assert by_path.score.overall == by_text.score.overall
    assert [f.code for f in by_path.findings] == [f.code for f in by_text.findings]
