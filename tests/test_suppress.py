"""In-document suppressions: ignore (next block), disable/enable, file-ignore, PC903."""

from __future__ import annotations

import json
from pathlib import Path

from provcheck.editors.suppress import find_suppressions
from provcheck.report import Report
from provcheck.testing import make_session, scan_path
from tests.phrasecheck import PhrasePlugin, where

STORY = """\
---
title: Ferry timetable changes
author: Harbour Desk
date: 2026-06-01
---

{before_first}The morning ferry will leave at 6.40 from Monday, FLAGGED one.

The evening ferry keeps its 19.10 departure, FLAGGED two.

{before_third}Tickets bought before June stay valid, FLAGGED three.
"""


def scan(tmp_path: Path, text: str, name: str = "ferry.md", **config: object) -> Report:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    session = make_session(plugins=[("phrases", PhrasePlugin("FLAGGED"))], **config)
    return scan_path(path, session)


def story(before_first: str = "", before_third: str = "") -> str:
    return STORY.format(before_first=before_first, before_third=before_third)


def flagged(report: Report) -> list[tuple[int, bool, str]]:
    return [
        (f.position.line, f.suppressed, f.suppression_reason)
        for f in report.findings
        if f.code == "TST101"
    ]


def test_comment_forms_are_parsed_with_codes_and_reason() -> None:
    text = (
        "<!-- provcheck: ignore[SRC101, vague-source] — quoted from the court filing -->\n"
        "<!--provcheck:disable[AGY]-->\n<!-- provcheck: enable[AGY] -->\n"
        "<!-- provcheck: file-ignore[TRN101]: desk copy -->\n"
        "<!-- provcheck: ignore reason but no codes -->\n<!-- provcheck: ignroe[X1] -->\n"
        "<!-- an ordinary comment -->\n"
    )
    found = find_suppressions(text)
    assert [(s.kind, s.codes, s.reason) for s in found] == [
        ("ignore", ("SRC101", "vague-source"), "quoted from the court filing"),
        ("disable", ("AGY",), ""),
        ("enable", ("AGY",), ""),
        ("file-ignore", ("TRN101",), "desk copy"),
        ("invalid", (), "reason but no codes"),
        ("invalid", (), ""),
    ]
    assert found[0].position.line == 1 and found[0].position.column == 1
    assert found[3].position.line == 4


def test_ignore_silences_only_the_next_block_and_keeps_the_reason(tmp_path: Path) -> None:
    comment = "<!-- provcheck: ignore[TST101] timetable confirmed by the port office -->\n"
    report = scan(tmp_path, story(before_first=comment))
    assert [(s, r) for _, s, r in flagged(report)] == [
        (True, "timetable confirmed by the port office"),
        (False, ""),
        (False, ""),
    ]
    assert not any(f.code == "PC903" for f in report.findings)


def test_suppressed_findings_cost_no_points(tmp_path: Path) -> None:
    plain = scan(tmp_path, story())
    comment = "<!-- provcheck: file-ignore[TST101] reviewed -->\n"
    quiet = scan(tmp_path, story(before_first=comment))
    assert all(s for _, s, _ in flagged(quiet))
    sourcing = {d.name: d for d in quiet.score.dimensions}["sourcing"] if quiet.score else None
    before = {d.name: d for d in plain.score.dimensions}["sourcing"] if plain.score else None
    assert sourcing is not None and before is not None
    assert before.lost > 0
    assert sourcing.lost == before.lost - 30  # three TST101 findings of 10 points each


def test_disable_until_enable(tmp_path: Path) -> None:
    text = story(
        before_first="<!-- provcheck: disable[test-phrase] ferry copy from the operator -->\n",
        before_third="<!-- provcheck: enable[test-phrase] -->\n",
    )
    report = scan(tmp_path, text)
    assert [s for _, s, _ in flagged(report)] == [True, True, False]


def test_disable_without_enable_runs_to_the_end(tmp_path: Path) -> None:
    report = scan(tmp_path, story(before_first="<!-- provcheck: disable[TST] -->\n"))
    assert [s for _, s, _ in flagged(report)] == [True, True, True]


def test_file_ignore_covers_findings_without_a_line(tmp_path: Path) -> None:
    text = "No front matter, no author, no date.\n\n<!-- provcheck: file-ignore[TRN] -->\n"
    report = scan(tmp_path, text)
    trn = [f for f in report.findings if f.code.startswith("TRN")]
    assert trn and all(f.suppressed for f in trn)
    assert not report.active_findings


def test_unused_suppression_is_reported_where_it_is(tmp_path: Path) -> None:
    comment = "<!-- provcheck: ignore[TRN102] -->\n"
    text = story(before_third=comment)
    report = scan(tmp_path, text)
    (unused,) = [f for f in report.findings if f.code == "PC903"]
    assert (unused.position.line, unused.position.column) == where(text, "<!-- provcheck")
    assert unused.text == comment.strip()
    assert "silenced nothing" in unused.message and "TRN102" in unused.message
    assert not unused.suppressed


def test_unknown_codes_invalid_comments_and_stray_enable_are_reported(tmp_path: Path) -> None:
    text = story(
        before_first="<!-- provcheck: ignore[XYZ999] -->\n<!-- provcheck: ignore -->\n",
        before_third="<!-- provcheck: enable[TST101] -->\n",
    )
    report = scan(tmp_path, text)
    messages = [f.message for f in report.findings if f.code == "PC903"]
    assert len(messages) == 3
    assert any("names no rule provcheck knows" in m for m in messages)
    assert any("names no rules" in m for m in messages)
    assert any("closes no disable" in m for m in messages)


def test_suppression_for_a_rule_switched_off_is_not_unused(tmp_path: Path) -> None:
    comment = "<!-- provcheck: ignore[TRN102] -->\n"
    report = scan(tmp_path, story(before_third=comment), ignore=("TRN",))
    assert not any(f.code == "PC903" for f in report.findings)


def test_host_diagnostics_cannot_be_silenced(tmp_path: Path) -> None:
    text = story(before_first="<!-- provcheck: file-ignore[PC9] -->\n<!-- provcheck: foo[X] -->\n")
    report = scan(tmp_path, text)
    assert [f.suppressed for f in report.findings if f.code == "PC903"] == [False, False]


def test_html_comments_work_in_html_articles(tmp_path: Path) -> None:
    page = """<!DOCTYPE html><html><head><title>Ferry</title></head><body><article>
<h1>Ferry timetable changes</h1>
<p class="byline">By Lena Koch</p>
<!-- provcheck: ignore[TST101] confirmed -->
<p>The morning ferry will leave at 6.40 from Monday, FLAGGED one.</p>
<p>The evening ferry keeps its 19.10 departure, FLAGGED two.</p>
</article></body></html>
"""
    report = scan(tmp_path, page, name="ferry.html")
    assert [(line, s) for line, s, _ in flagged(report)] == [(5, True), (6, False)]


def test_json_lists_suppressed_findings_with_reason_and_exit_code_ignores_them(
    tmp_path: Path, run_cli, in_tmp: Path
) -> None:  # type: ignore[no-untyped-def]
    path = in_tmp / "ferry.md"
    path.write_text(
        story(before_first="<!-- provcheck: file-ignore[TRN101] desk copy -->\n"), encoding="utf-8"
    )
    loud = run_cli("scan", "--select", "TRN", "--fail-on", "warning", "--format", "json", str(path))
    data = json.loads(loud.out)
    (finding,) = [f for f in data["reports"][0]["findings"] if f["code"] == "TRN101"]
    assert finding["suppressed"] is True
    assert finding["suppression_reason"] == "desk copy"
    assert loud.code == 0  # the only warning is suppressed
