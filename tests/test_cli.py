"""The command line: formats, exit codes, selection, config discovery, errors."""

from __future__ import annotations

import json
from pathlib import Path

from provcheck.errors import ExitCode


def test_text_report_has_score_table_and_located_findings(run_cli, write_article) -> None:
    path = write_article(byline="By Web Desk", date="")
    result = run_cli("scan", str(path), "--select", "TRN")
    assert result.code == ExitCode.OK  # warnings do not fail by default (--fail-on error)
    assert "Score " in result.out and "/100" in result.out
    assert "transparency" in result.out and "100 − 70" in result.out
    # path:line:col: CODE [level] name: message
    lines = [line for line in result.out.splitlines() if "TRN101 [" in line]
    assert lines and lines[0].startswith(f"{path}:")
    assert "[warning] no-named-author:" in lines[0]
    assert "“Web Desk”" in lines[0]
    assert "fix: Name the reporter" in result.out


def test_byline_line_number_points_at_the_byline(run_cli, write_article) -> None:
    path = write_article(byline="By News Desk")
    byline_line = next(
        i for i, line in enumerate(path.read_text().splitlines(), 1) if "By News Desk" in line
    )
    data = json.loads(run_cli("scan", str(path), "-f", "json", "--select", "TRN").out)
    finding = data["reports"][0]["findings"][0]
    assert finding["code"] == "TRN101"
    assert finding["line"] == byline_line
    assert finding["column"] > 1


def test_json_shape(run_cli, write_article) -> None:
    path = write_article(byline="")
    result = run_cli("scan", str(path), "--format", "json")
    data = json.loads(result.out)
    assert data["schema_version"] == "1.0"
    assert data["errors"] == []
    report = data["reports"][0]
    assert set(report) >= {"source", "article", "score", "findings", "summaries", "error"}
    assert set(report["score"]) >= {"overall", "band", "dimensions", "incomplete"}
    assert set(report["score"]["dimensions"]) == {
        "imagery",
        "agency",
        "balance",
        "sourcing",
        "transparency",
    }
    finding = next(f for f in report["findings"] if f["code"] == "TRN101")
    for key in ("code", "name", "level", "message", "line", "column", "text", "explanation"):
        assert key in finding
    assert finding["fix"] and finding["points"] == 40
    transparency = report["score"]["dimensions"]["transparency"]
    assert transparency["score"] == transparency["base"] - sum(
        d["points"] for d in transparency["deductions"]
    )


def test_jsonl_streams_one_report_per_line(run_cli, write_article, tmp_path) -> None:
    first = write_article("a.html")
    second = write_article("b.html", byline="")
    result = run_cli("scan", str(first), str(second), "-f", "jsonl")
    lines = result.out.strip().splitlines()
    assert [json.loads(line)["source"] for line in lines] == [str(first), str(second)]
    assert all(json.loads(line)["schema_version"] == "1.0" for line in lines)


def test_sarif_and_github_formats(run_cli, write_article) -> None:
    path = write_article(byline="By Staff Reporter")
    sarif = json.loads(run_cli("scan", str(path), "-f", "sarif", "--select", "TRN").out)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    result = run["results"][0]
    assert result["ruleId"] == "TRN101" and result["ruleId"] in rule_ids
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] > 0
    github = run_cli("scan", str(path), "-f", "github", "--select", "TRN").out
    assert github.startswith("::warning file=")
    assert "title=TRN101 no-named-author" in github


def test_output_file(run_cli, write_article, tmp_path) -> None:
    path = write_article()
    out = tmp_path / "report.json"
    result = run_cli("scan", str(path), "-f", "json", "-o", str(out))
    assert result.out == ""
    assert json.loads(out.read_text())["reports"][0]["source"] == str(path)


def test_unknown_format_is_a_usage_error(run_cli, write_article) -> None:
    result = run_cli("scan", str(write_article()), "-f", "yaml")
    assert result.code == ExitCode.USAGE
    assert "unknown format 'yaml'" in result.err and "sarif" in result.err


def test_exit_1_on_fail_on_level_and_fail_under(run_cli, write_article) -> None:
    path = write_article(byline="By Web Desk")
    assert run_cli("scan", str(path), "--select", "TRN").code == ExitCode.OK
    assert run_cli("scan", str(path), "--fail-on", "warning").code == ExitCode.FINDINGS
    assert run_cli("scan", str(path), "--fail-under", "99").code == ExitCode.FINDINGS
    assert run_cli("scan", str(path), "--fail-under", "1", "--select", "TRN").code == 0


def test_missing_and_binary_sources_exit_2_and_others_still_report(
    run_cli, write_article, tmp_path
) -> None:
    good = write_article()
    binary = tmp_path / "photo.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    missing = tmp_path / "nope.html"
    result = run_cli("scan", str(missing), str(binary), str(good), "-f", "json")
    assert result.code == ExitCode.USAGE
    data = json.loads(result.out)
    errors = {e["source"]: e["message"] for e in data["errors"]}
    assert errors[str(missing)] == "no such file"
    assert "binary" in errors[str(binary)]
    good_report = next(r for r in data["reports"] if r["source"] == str(good))
    assert good_report["score"]["overall"] is not None
    # one clear line per bad source on stderr, naming it
    assert f"{missing}: no such file" in result.err


def test_oversized_file_is_refused(run_cli, write_article) -> None:
    path = write_article()
    result = run_cli("scan", str(path), "--max-bytes", "100")
    assert result.code == ExitCode.USAGE
    assert "over the 100-byte limit" in result.out


def test_folder_recurses_into_articles(run_cli, write_article, tmp_path) -> None:
    write_article("news/a.html")
    write_article("news/deeper/b.htm")
    (tmp_path / "news" / "notes.txt").write_text("not an article")
    data = json.loads(run_cli("scan", str(tmp_path / "news"), "-f", "json").out)
    names = sorted(Path(r["source"]).name for r in data["reports"])
    assert names == ["a.html", "b.htm"]


def test_stdin(run_cli, monkeypatch, write_article) -> None:
    import io
    import sys

    html = write_article(byline="By Web Desk").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(html)))
    data = json.loads(run_cli("scan", "-", "-f", "json", "--select", "TRN").out)
    assert data["reports"][0]["source"] == "-"
    assert [f["code"] for f in data["reports"][0]["findings"]] == ["TRN101"]


def test_select_ignore_by_code_prefix_and_name(run_cli, write_article) -> None:
    path = write_article(byline="By Web Desk", date="")

    def codes(*args: str) -> list[str]:
        data = json.loads(run_cli("scan", str(path), "-f", "json", *args).out)
        return sorted({f["code"] for f in data["reports"][0]["findings"]})

    assert codes("--select", "TRN") == ["TRN101", "TRN102"]
    assert codes("--select", "TRN", "--ignore", "no-date") == ["TRN101"]
    assert codes("--select", "TRN101") == ["TRN101"]
    assert codes("--select", "TRN", "--ignore", "TRN") == []


def test_interrupt_exits_130(run_cli, write_article, monkeypatch) -> None:
    from provcheck.host import Session

    def interrupted(self, source):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(Session, "scan", interrupted)
    result = run_cli("scan", str(write_article()))
    assert result.code == ExitCode.INTERRUPTED == 130


def test_no_sources_is_a_usage_error(run_cli) -> None:
    result = run_cli("scan")
    assert result.code == ExitCode.USAGE
    assert "at least one SOURCE" in result.err


def test_rules_explain_and_version(run_cli) -> None:
    rules = run_cli("rules")
    assert "TRN101" in rules.out and "no-named-author" in rules.out
    explained = run_cli("explain", "TRN101")
    assert "Why it matters" in explained.out and "How to fix" in explained.out
    assert "ignore[TRN101]" in explained.out
    assert run_cli("explain", "no-named-author").out == explained.out
    missing = run_cli("explain", "XYZ999")
    assert missing.code == ExitCode.USAGE and "no rule 'XYZ999'" in missing.err
    version = run_cli("--version")
    assert version.code == 0 and version.out.startswith("provcheck ")


def test_help_teaches(run_cli) -> None:
    top = run_cli("--help")
    assert top.code == 0 and "examples:" in top.out and "exit codes:" in top.out
    scan = run_cli("scan", "--help")
    assert scan.code == 0
    for option in ("--format", "--fail-on", "--select", "--allow-private-network", "-p no:NAME"):
        assert option in scan.out


def test_concise_format_is_one_line_per_finding(run_cli, write_article, tmp_path) -> None:
    path = write_article(byline="By Web Desk", date="")
    missing = tmp_path / "gone.html"
    result = run_cli("scan", str(path), str(missing), "-f", "concise", "--select", "TRN")
    lines = result.out.splitlines()
    assert len(lines) == 3
    assert all(line.startswith(f"{path}:") for line in lines[:2])  # sorted by line
    assert {line.split(": ", 2)[1] for line in lines[:2]} == {
        "TRN101 [warning] no-named-author",
        "TRN102 [info] no-date",
    }
    # An input error is about the whole file: placed at 1:1 like every other concise line.
    assert lines[2] == f"{missing}:1:1: PC901 [error] input-error: no such file"


META_BYLINE = """<!doctype html>
<html lang="en"><head><title>Night buses return to the north line</title>
<meta name="author" content="Web Desk">
<meta property="article:published_time" content="2026-05-02T08:00:00Z">
</head><body><article><h1>Night buses return to the north line</h1>
<p>The N4 will run every 30 minutes from Friday, the transport office said.</p>
</article></body></html>
"""


def test_text_and_concise_place_a_document_level_finding_at_1_1(run_cli, tmp_path) -> None:
    # The byline is only in the page's metadata: TRN101 is about the document, no line of its own.
    path = tmp_path / "buses.html"
    path.write_text(META_BYLINE, encoding="utf-8")
    lines = {}
    for fmt in ("text", "concise"):
        out = run_cli("scan", str(path), "-f", fmt, "--select", "TRN101", "--isolated").out
        lines[fmt] = [line for line in out.splitlines() if "TRN101 [" in line]
    expected = f"{path}:1:1: TRN101 [warning] no-named-author: "
    assert lines["text"] == lines["concise"] and len(lines["text"]) == 1
    assert lines["text"][0].startswith(expected)
