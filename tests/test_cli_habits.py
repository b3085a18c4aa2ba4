"""Command-line habits ruff, flake8 and pre-commit users expect (issue 13)."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys

import pytest

from provcheck.checks import Finding, Level
from provcheck.commands.console import Progress, resolve_color
from provcheck.commands.scan import BUILTIN_FORMATS
from provcheck.errors import ExitCode
from provcheck.formats.concise import concise_line
from provcheck.model import Position
from provcheck.testing import make_session


def test_python_dash_m_provcheck_runs_the_command() -> None:
    done = subprocess.run([sys.executable, "-m", "provcheck", "--version"],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0 and done.stdout.startswith("provcheck ")
    bare = subprocess.run([sys.executable, "-m", "provcheck"], capture_output=True, text=True)
    assert bare.returncode == ExitCode.USAGE
    assert bare.stdout == "" and bare.stderr.startswith("usage: provcheck")


def test_no_arguments_prints_help_to_stderr_and_exits_2(run_cli) -> None:
    result = run_cli()
    assert result.code == ExitCode.USAGE
    assert result.out == ""
    assert "usage: provcheck" in result.err and "examples:" in result.err


def test_format_help_lists_every_builtin_format(run_cli) -> None:
    shipped = set(make_session().formats)
    assert set(BUILTIN_FORMATS) == shipped  # a new built-in format must join the help
    help_text = " ".join(run_cli("scan", "--help").out.split())
    listed = help_text.split("-f FORMAT, --format FORMAT", 1)[1].split("(default", 1)[0]
    assert {name.strip(", ") for name in listed.split()} >= shipped


def test_fail_on_with_a_bad_level_lists_the_levels(run_cli, write_article) -> None:
    result = run_cli("scan", "--fail-on", "bogus", str(write_article()))
    assert result.code == ExitCode.USAGE
    assert "unknown level 'bogus' (choose from info, warning, error)" in result.err


def test_exit_zero_keeps_findings_from_failing_but_not_input_errors(
    run_cli, write_article, tmp_path
) -> None:
    path = write_article(byline="By Web Desk")
    gate = ("scan", "-f", "concise", "--select", "TRN", "--fail-on", "warning")
    assert run_cli(*gate, str(path)).code == ExitCode.FINDINGS
    relaxed = run_cli(*gate, "--exit-zero", str(path))
    assert relaxed.code == ExitCode.OK and "TRN101 [warning]" in relaxed.out
    missing = str(tmp_path / "gone.html")
    assert run_cli(*gate, "--exit-zero", str(path), missing).code == ExitCode.USAGE


def test_statistics_count_findings_per_rule(run_cli, write_article) -> None:
    first = write_article("a.html", byline="By Web Desk", date="")
    second = write_article("b.html", byline="By News Desk")
    args = ("scan", str(first), str(second), "--select", "TRN", "--statistics")
    concise = run_cli(*args, "-f", "concise").out.splitlines()
    findings = [line for line in concise if ": TRN" in line]
    counts = dict(line.split()[:2][::-1] for line in concise if ": TRN" not in line)
    assert counts == {"TRN101": "2", "TRN102": "1"} and len(findings) == 3
    assert concise[-2].split()[1] == "TRN101"  # most frequent first
    as_json = run_cli(*args, "-f", "json")
    assert len(json.loads(as_json.out)["reports"]) == 2  # stdout stays valid JSON
    assert "2  TRN101  [warning] no-named-author" in as_json.err


def test_stdin_filename_names_the_report_and_picks_markdown(
    run_cli, monkeypatch, write_article
) -> None:
    html = write_article(byline="By Web Desk").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(html)))
    out = run_cli("scan", "-", "-f", "concise", "--select", "TRN",
                  "--stdin-filename", "news/pool.html").out  # fmt: skip
    assert out.startswith("news/pool.html:") and "TRN101" in out
    story = b"# Night buses return\n\nBy City Desk\n\nThe N4 will run every 30 minutes.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(story)))
    data = json.loads(run_cli("scan", "-", "-f", "json", "--stdin-filename", "buses.md").out)
    assert data["reports"][0]["source"] == "buses.md"
    assert data["reports"][0]["article"]["media_type"] == "text/markdown"


def test_document_level_findings_sit_at_1_1() -> None:
    finding = Finding("HSE101", "house-style", Level.WARNING, "sourcing", "m", position=Position())
    assert concise_line("a.html", finding) == "a.html:1:1: HSE101 [warning] house-style: m"
    placed = Finding("HSE101", "house-style", Level.WARNING, "sourcing", "m",
                     position=Position(7, 0))  # fmt: skip
    assert concise_line("a.html", placed).startswith("a.html:7:1: ")


@pytest.mark.parametrize(
    ("flag", "environ", "expected"),
    [
        ("auto", {}, "auto"),
        ("auto", {"FORCE_COLOR": "1"}, "always"),
        ("auto", {"NO_COLOR": "1"}, "never"),
        ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, "never"),
        ("auto", {"FORCE_COLOR": ""}, "auto"),  # empty means unset
        ("never", {"FORCE_COLOR": "1"}, "never"),
        ("always", {"NO_COLOR": "1"}, "always"),
    ],
)
def test_colour_flag_then_no_color_then_force_color(
    flag: str, environ: dict[str, str], expected: str
) -> None:
    assert resolve_color(flag, environ) == expected


def test_force_color_paints_the_concise_format(run_cli, write_article, monkeypatch) -> None:
    path = str(write_article(byline="By Web Desk"))
    plain = run_cli("scan", "-f", "concise", "--select", "TRN", path).out
    assert "\x1b[" not in plain
    monkeypatch.setenv("FORCE_COLOR", "1")
    painted = run_cli("scan", "-f", "concise", "--select", "TRN", path).out
    assert f"\x1b[1m{path}\x1b[0m:" in painted and "\x1b[1;33mTRN101 [warning]\x1b[0m" in painted
    assert painted.replace("\x1b[1m", "").replace("\x1b[1;33m", "").replace("\x1b[0m", "") == plain


def _namespace(**values: object) -> argparse.Namespace:
    return argparse.Namespace(**{"jobs": None, "output_dir": None, **values})


def test_no_process_pool_under_pre_commit(monkeypatch) -> None:
    from provcheck.batch import runner

    monkeypatch.setattr(runner, "cpu_count", lambda: 4)
    many = [f"story-{n}.html" for n in range(40)]
    assert runner.batch_jobs(_namespace(), many) == 4
    assert runner.batch_jobs(_namespace(), many[:8]) is None
    monkeypatch.setenv("PRE_COMMIT", "1")
    assert runner.batch_jobs(_namespace(), many) is None
    assert runner.batch_jobs(_namespace(jobs=2), many) == 2  # an explicit --jobs still counts


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_on_a_terminal_shows_total_percentage_and_time_left() -> None:
    stream = _Stream(tty=True)
    progress = Progress(40, stream=stream)
    progress.shown -= 1  # as if the last redraw was a second ago
    progress.update()
    assert stream.getvalue().startswith("\r\x1b[K1/40 (2%)")
    assert stream.getvalue().endswith(" left")
    progress.say("provcheck: error: x.html: no such file")
    assert stream.getvalue().endswith("\r\x1b[Kprovcheck: error: x.html: no such file\n")


def test_progress_off_a_terminal_is_a_periodic_line() -> None:
    stream = _Stream(tty=False)
    progress = Progress(1000, stream=stream, every=0.0)
    for _ in range(3):
        progress.update()
    lines = stream.getvalue().splitlines()
    assert lines[-1].startswith("provcheck: 3/1,000 (0%), ") and "\r" not in stream.getvalue()
    quiet = _Stream(tty=False)
    off = Progress(1000, enabled=False, stream=quiet, every=0.0)
    off.update()
    assert quiet.getvalue() == "" and off.done == 1


def test_quiet_drops_the_summary_and_progress_keeps_the_report(
    run_cli, write_article, tmp_path
) -> None:
    paths = [str(write_article(f"s{n}.html")) for n in range(10)]
    loud = run_cli("scan", "-f", "concise", "--jobs", "1", *paths, "--output-dir",
                   str(tmp_path / "rows"))  # fmt: skip
    assert "provcheck: 10 pages" in loud.err
    quiet = run_cli("scan", "-q", "-f", "concise", "--jobs", "1", *paths, "--output-dir",
                    str(tmp_path / "rows2"))  # fmt: skip
    assert quiet.code == loud.code and quiet.err == ""


def test_output_format_is_now_output_dir_format(run_cli, write_article, tmp_path) -> None:
    path = str(write_article())
    new = run_cli("scan", path, "--output-dir", str(tmp_path / "a"),
                  "--output-dir-format", "jsonl")  # fmt: skip
    assert new.code == ExitCode.OK and "deprecated" not in new.err
    assert list((tmp_path / "a").glob("*.jsonl"))
    old = run_cli("scan", path, "--output-dir", str(tmp_path / "b"), "--output-format", "jsonl")
    assert old.code == ExitCode.OK
    assert "--output-format is deprecated" in old.err and "--output-dir-format" in old.err
    assert list((tmp_path / "b").glob("*.jsonl"))
    assert "--output-format" not in run_cli("scan", "--help").out

