"""Rule packs: house rules in TOML with no Python, every kind, every format, the score."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provcheck import ConfigError
from provcheck.rulepacks.packs import load_pack
from tests.conftest import article_html

PACK = """
[pack]
name = "house"
prefix = "HSE"

[[rule]]
code = "HSE101"
name = "sources-said-needs-reason"
kind = "conditional"
level = "warning"
dimension = "sourcing"
points = 6
scope = "body"
first = ["sources said"]
second = ["on condition of anonymity because"]
window = 1
message = "“{match}” with no reason for anonymity in this or the next sentence."
summary = "Anonymous sources need a reason."
fix = "Say why the source could not be named."

[[rule]]
code = "HSE102"
name = "banned-word"
kind = "existence"
level = "error"
dimension = "sourcing"
points = 3
scope = "body"
tokens = ["slammed"]
patterns = ['\\bsh?ocking\\b']
message = "House style bans “{match}”."

[[rule]]
code = "HSE103"
name = "needs-credit-line"
kind = "absence"
level = "info"
dimension = "agency"
points = 2
scope = "credit-line"
tokens = ["Photo:"]
message = "No photo credit line anywhere."

[[rule]]
code = "HSE104"
name = "too-many-anonymous"
kind = "occurrence"
level = "warning"
dimension = "sourcing"
points = 4
scope = "body"
tokens = ["sources said", "a source said"]
max = 1
message = "{count} anonymous sources; house limit is {max}."

[[rule]]
code = "HSE105"
name = "organisation-byline"
kind = "metadata"
level = "warning"
dimension = "transparency"
points = 5
field = "author-kind"
equals = "organisation"
message = "Byline names no person (author kind: {value})."
"""

PARAGRAPHS = (
    "Sources said the budget would be cut. The minister slammed the plan.",
    "A shocking second claim followed, and sources said more cuts were coming.",
    "Officials spoke on condition of anonymity because they were not allowed to brief.",
)


@pytest.fixture
def pack_repo(tmp_path: Path) -> Path:
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "house.toml").write_text(PACK, encoding="utf-8")
    (tmp_path / "provcheck.toml").write_text('rule-packs = ["packs"]\n', encoding="utf-8")
    (tmp_path / "story.html").write_text(
        article_html(byline="By City Desk", paragraphs=PARAGRAPHS), encoding="utf-8"
    )
    return tmp_path


def _findings(run_cli, repo: Path, *args: str) -> list[dict]:  # type: ignore[no-untyped-def]
    result = run_cli("scan", str(repo / "story.html"), "-f", "json", "--select", "HSE", *args)
    return json.loads(result.out)["reports"][0]["findings"]


def test_every_kind_fires_with_its_own_code_level_and_message(run_cli, pack_repo) -> None:
    found = {(f["code"], f["message"]) for f in _findings(run_cli, pack_repo)}
    assert (
        "HSE101",
        "“Sources said” with no reason for anonymity in this or the next sentence.",
    ) in found
    # the second "sources said" has the reason in the next sentence: no finding for it
    assert sum(1 for code, _ in found if code == "HSE101") == 1
    assert ("HSE102", "House style bans “slammed”.") in found
    assert ("HSE102", "House style bans “shocking”.") in found
    assert ("HSE103", "No photo credit line anywhere.") in found
    assert ("HSE104", "2 anonymous sources; house limit is 1.") in found
    assert ("HSE105", "Byline names no person (author kind: organisation).") in found
    levels = {f["code"]: f["level"] for f in _findings(run_cli, pack_repo)}
    assert levels["HSE102"] == "error" and levels["HSE103"] == "info"


def test_pack_findings_count_in_the_score_under_their_dimension(run_cli, pack_repo) -> None:
    result = run_cli("scan", str(pack_repo / "story.html"), "-f", "json", "--select", "HSE")
    score = json.loads(result.out)["reports"][0]["score"]["dimensions"]
    sourcing = {d["code"]: d["points"] for d in score["sourcing"]["deductions"]}
    assert sourcing == {"HSE101": 6, "HSE102": 6, "HSE104": 4}
    assert score["sourcing"]["score"] == 100 - 16
    assert score["agency"]["deductions"][0]["code"] == "HSE103"
    assert result.code == 1  # HSE102 is an error


def test_pack_rules_appear_in_every_format_and_in_rules_and_explain(
    run_cli, pack_repo, monkeypatch
) -> None:
    story = str(pack_repo / "story.html")
    text = run_cli("scan", story, "--select", "HSE").out
    assert "HSE104 [warning] too-many-anonymous: 2 anonymous sources" in text
    sarif = json.loads(run_cli("scan", story, "-f", "sarif", "--select", "HSE").out)
    rule_ids = {rule["id"] for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert {"HSE101", "HSE105"} <= rule_ids
    assert "title=HSE102 banned-word" in run_cli("scan", story, "-f", "github").out
    jsonl = run_cli("scan", story, "-f", "jsonl", "--select", "HSE").out
    assert "HSE103" in jsonl
    monkeypatch.chdir(pack_repo)  # `rules` and `explain` find the config from here
    assert "HSE101" in run_cli("rules").out
    assert "Say why the source could not be named." in run_cli("explain", "HSE101").out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('kind = "conditional"', 'kind = "sometimes"'),
            "rule HSE101: field 'kind' must be one of",
        ),
        (("window = 1", "window = -1"), "rule HSE101: field 'window' must be a whole number"),
        (("patterns = ['\\bsh?ocking\\b']", "patterns = ['(']"), "rule HSE102: field 'patterns'"),
        (
            ('scope = "credit-line"', 'scope = "sidebar"'),
            "rule HSE103: field 'scope' must be one of",
        ),
        (("max = 1", "maxx = 1"), "rule HSE104: unknown field 'maxx'"),
        (('field = "author-kind"', 'field = "mood"'), "rule HSE105: field 'field' must be one of"),
        (('prefix = "HSE"', 'prefix = "hse"'), "[pack] field 'prefix'"),
        (('level = "info"', 'level = "loud"'), "rule HSE103: field 'level'"),
        # a placeholder the kind does not fill would be printed raw in every finding
        (
            ("House style bans “{match}”.", "House style bans “{word}”."),
            "rule HSE102: field 'message': unknown placeholder {word} (a existence rule can use "
            "{match}, {scope})",
        ),
        (("{count} anonymous sources", "{count anonymous sources"), "rule HSE104: field 'message'"),
        (
            ('name = "banned-word"', 'name = "Banned_Word"'),
            "rule HSE102: field 'name' must be kebab",
        ),
        # examples are run: one the rule does not agree with is an error
        (
            ('tokens = ["slammed"]', 'tokens = ["slammed"]\nexample_fires = "The plan was cut."'),
            "rule HSE102: example_fires 'The plan was cut.' does not make the rule fire",
        ),
        (
            ('tokens = ["slammed"]', 'tokens = ["slammed"]\nexample_quiet = "She slammed it."'),
            "rule HSE102: example_quiet 'She slammed it.' makes the rule fire",
        ),
    ],
)
def test_invalid_packs_fail_naming_file_rule_and_field(tmp_path, change, message) -> None:
    path = tmp_path / "bad.toml"
    old, new = change
    assert old in PACK
    path.write_text(PACK.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError) as excinfo:
        load_pack(path)
    assert str(path) in str(excinfo.value)
    assert message in str(excinfo.value)


def test_a_broken_pack_stops_the_run_with_a_usage_error(run_cli, pack_repo) -> None:
    pack = pack_repo / "packs" / "house.toml"
    pack.write_text(PACK.replace('tokens = ["slammed"]', "tokens = [1]"), encoding="utf-8")
    result = run_cli("scan", str(pack_repo / "story.html"))
    assert result.code == 2
    assert "house.toml: rule HSE102: field 'tokens' must be a list" in result.err


EXAMPLES = """
[pack]
name = "examples"
prefix = "EXA"

[[rule]]
code = "EXA101"
name = "reportedly"
kind = "existence"
level = "info"
dimension = "sourcing"
scope = "headline"
tokens = ["reportedly"]
message = "“{match}” in the {scope} hedges."
example_fires = "Mayor reportedly quits"
example_quiet = "Mayor quits"

[[rule]]
code = "EXA102"
name = "photo-credit"
kind = "existence"
level = "info"
dimension = "imagery"
scope = "caption"
tokens = ["stock photo"]
message = "A stock photo: “{match}”."
example_fires = "Flood waters rise. Stock photo"
example_quiet = "Flood waters rise. Photo: Lena Ortiz"
"""


def test_rules_check_runs_every_example_and_fails_on_a_wrong_one(run_cli, tmp_path) -> None:
    pack = tmp_path / "examples.toml"
    pack.write_text(EXAMPLES, encoding="utf-8")
    result = run_cli("rules", "--check", str(pack))
    assert result.code == 0, result.out
    assert result.out.count("  ok   EXA10") == 4
    assert "4 example(s), 0 failed" in result.out
    pack.write_text(EXAMPLES.replace('"Mayor quits"', '"Mayor reportedly quits again"'))
    result = run_cli("rules", "--check", str(pack))
    assert result.code == 1
    assert "FAIL EXA101 example_quiet 'Mayor reportedly quits again' makes the rule fire" in (
        result.out
    )
    # the same pack in a configuration stops the run, naming the rule
    (tmp_path / "provcheck.toml").write_text('rule-packs = ["examples.toml"]\n')
    (tmp_path / "a.html").write_text(article_html())
    scan = run_cli("scan", str(tmp_path / "a.html"))
    assert scan.code == 2 and "rule EXA101: example_quiet" in scan.err


def test_rules_never_prints_raw_placeholders(run_cli, pack_repo, monkeypatch) -> None:
    monkeypatch.chdir(pack_repo)
    listing = run_cli("rules").out
    lines = [line for line in listing.splitlines() if line.startswith("HSE")]
    assert len(lines) == 5
    assert not [line for line in lines if "{" in line or "}" in line]
    # a summary made from the message says what the placeholder stands for
    assert "House style bans “…”." in listing
    assert "N anonymous sources; house limit is the maximum." in listing


def test_plugins_lists_configured_packs_and_disabled_plugins(run_cli, pack_repo, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(pack_repo)
    data = json.loads(run_cli("plugins", "--format", "json", "-p", "no:imagery").out)
    assert [(p["name"], p["source"], p["plugin"], p["rules"]) for p in data["packs"]] == [
        ("house", "config", "pack:house", ["HSE101", "HSE102", "HSE103", "HSE104", "HSE105"])
    ]
    assert [(d["name"], d["builtin"]) for d in data["disabled"]] == [("imagery", True)]
    text = run_cli("plugins", "-p", "no:imagery").out
    assert "pack house       HSE, from configuration:" in text
    assert "disabled: imagery (built-in)" in text
