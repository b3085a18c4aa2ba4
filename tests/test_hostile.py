"""Hostile and huge inputs (issue 12): every run ends in bounded time and memory, with one
clear line naming the real problem, and never loses the user's input.

Inputs are generated here. Bounds on time and memory are generous (a shared 2-core machine):
they separate "bounded" from "runs for minutes / takes gigabytes", not fast from slow.
"""

from __future__ import annotations

import itertools
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import article_html


def page(tmp_path: Path, name: str = "story.html", **kwargs: object) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(article_html(**kwargs), encoding="utf-8")  # type: ignore[arg-type]
    return path


def run_bounded(
    args: list[str], cwd: Path, seconds: float = 60, megabytes: int = 1500
) -> subprocess.CompletedProcess[str]:
    """``provcheck`` in a child process under a wall-clock limit and an address-space cap, so
    a hang or a memory bomb fails the test instead of stalling or starving the machine."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (megabytes << 20, megabytes << 20))

    command = [sys.executable, "-m", "provcheck.cli", *args]
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=seconds,
        stdin=subprocess.DEVNULL, preexec_fn=cap,
    )  # fmt: skip


# --- hangs: a source that is not a regular file -------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_at_once_and_the_other_sources_are_still_scanned(
    tmp_path: Path,
) -> None:
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    good = page(tmp_path)
    done = run_bounded(["scan", str(fifo), str(good), "--format", "jsonl"], tmp_path, 30)
    assert done.returncode == 2
    assert f"{fifo}: is not a regular file (it is a named pipe)" in done.stderr
    reports = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["source"], r["score"] is not None) for r in reports] == [
        (str(fifo), False), (str(good), True)
    ]  # fmt: skip


# --- memory and clear reasons: front matter ------------------------------------------------


def alias_bomb(levels: int = 9) -> str:
    """Nine anchors, each a list of nine aliases of the one before: 9**9 values, 700 bytes."""
    names = "abcdefghi"[:levels]
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "---\ntitle: Bomb\n" + "\n".join(lines) + f"\nauthor: *{names[-1]}\n---\n\nText.\n"


def test_a_yaml_alias_bomb_is_refused_quickly_and_in_little_memory(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.md"
    bomb.write_text(alias_bomb(), encoding="utf-8")
    started = time.monotonic()
    done = run_bounded(["scan", str(bomb)], tmp_path, seconds=60, megabytes=1000)
    assert time.monotonic() - started < 30
    assert done.returncode == 2
    shown = done.stdout + done.stderr
    assert "front matter is refused (line 2)" in shown
    assert "aliases (*name) expand to over 100,000 values" in shown


def test_a_few_aliases_are_still_read(tmp_path: Path, run_cli) -> None:
    text = "---\ntitle: Ferries return\ndesk: &desk Mira Okafor\nauthor: *desk\n---\n\nText.\n"
    (tmp_path / "ok.md").write_text(text, encoding="utf-8")
    result = run_cli("scan", str(tmp_path / "ok.md"), "--format", "json")
    assert result.code != 2, result.err
    assert "Mira Okafor" in result.out


def test_an_alias_inside_its_own_anchor_is_refused(tmp_path: Path, run_cli) -> None:
    (tmp_path / "loop.md").write_text("---\nauthor: &a [*a]\n---\n\nText.\n", encoding="utf-8")
    result = run_cli("scan", str(tmp_path / "loop.md"))
    assert result.code == 2
    assert "front matter is refused" in result.out


DEEP = 50_000


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        (
            "---\ntitle: " + "[" * DEEP + "]" * DEEP + "\n---\n",
            "not valid YAML: it nests too deeply",
        ),
        (
            "+++\ntitle = " + "[" * DEEP + "]" * DEEP + "\n+++\n",
            "not valid TOML: it nests too deeply",
        ),
        (
            "---\ntitle: Port\ndate: 2024-13-45\n---\n",
            "not valid YAML (line 3): '2024-13-45' is not a real date (month must be in 1..12)",
        ),
    ],
    ids=["deep-yaml", "deep-toml", "yaml-date"],
)
def test_front_matter_failures_name_the_real_problem(
    tmp_path: Path, run_cli, front: str, reason: str
) -> None:
    (tmp_path / "story.md").write_text(front + "\nText.\n", encoding="utf-8")
    result = run_cli("scan", str(tmp_path / "story.md"))
    assert result.code == 2
    assert f"front matter is {reason}" in result.out
    assert "internal error" not in result.err + result.out


# --- memory: suppression comments ----------------------------------------------------------


def test_megabytes_of_suppression_comments_stop_at_the_limit_with_one_line(
    tmp_path: Path,
) -> None:
    from provcheck.editors.suppress import MAX_SUPPRESSIONS

    comment = "<!-- provcheck: ignore[SRC102] a reason long enough to be kept -->\n"
    body = comment * (5_000_000 // len(comment))
    path = page(tmp_path, extra_body=body)
    started = time.monotonic()
    done = run_bounded(["scan", str(path), "--format", "json"], tmp_path, 120, megabytes=1500)
    assert time.monotonic() - started < 60
    (report,) = json.loads(done.stdout)["reports"]
    unused = [f for f in report["findings"] if f["code"] == "PC903"]
    assert len(unused) == MAX_SUPPRESSIONS + 1  # one per comment read, one for the rest
    assert "past the limit of 1,000 per document" in unused[-1]["message"]


def test_unclosed_suppression_openers_cost_a_bounded_scan_each() -> None:
    from provcheck.editors.suppress import find_suppressions

    source = "<!-- provcheck: ignore[SRC102] " * 20_000 + "x" * 1_000_000
    started = time.monotonic()
    assert find_suppressions(source) == ()
    assert time.monotonic() - started < 10  # unbounded: 20,000 scans of a megabyte


# --- memory and clear reasons: web archives ------------------------------------------------


def _gzip_member(parts: list[bytes]) -> bytes:
    import gzip
    import io

    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=6) as handle:
        for part in parts:
            handle.write(part)
    return out.getvalue()


@pytest.mark.parametrize("where", ["warc", "http"])
def test_a_gigantic_header_line_stops_the_archive_in_little_memory(
    tmp_path: Path, where: str
) -> None:
    megabyte = b"a" * (1 << 20)
    if where == "warc":
        parts = [b"WARC/1.0\r\nWARC-Type: response\r\nX-Long: ", *[megabyte] * 256, b"\r\n\r\n"]
    else:
        start = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Long: "
        end = b"\r\n\r\n<p>Text.</p>"
        length = len(start) + 256 * len(megabyte) + len(end)
        head = (
            b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/a\r\n"
            b"Content-Type: application/http; msgtype=response\r\n"
            b"Content-Length: " + str(length).encode() + b"\r\n\r\n"
        )
        parts = [head, start, *[megabyte] * 256, end, b"\r\n\r\n"]
    archive = tmp_path / "long.warc.gz"
    archive.write_bytes(_gzip_member(parts))
    done = run_bounded(["scan", str(archive), "--jobs", "1"], tmp_path, 60, megabytes=700)
    assert done.returncode == 2, done.stderr[-500:]
    assert "cannot read record 1: a header line is over 262,144 bytes" in done.stdout


def _record(uri: str, html: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + html
    return (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:" + uri[-1:].encode()
        + b">\r\nWARC-Target-URI: " + uri.encode() + b"\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        b"Content-Length: " + str(len(http)).encode() + b"\r\n\r\n" + http + b"\r\n\r\n"
    )  # fmt: skip


def test_a_damaged_archive_is_one_line_not_warcios_warnings(tmp_path: Path, run_cli) -> None:
    good = _record("https://example.org/1", b"<title>One</title><p>The port reopened.</p>")
    wrong_length = _record("https://example.org/2", b"<p>Two.</p>").replace(
        b"Content-Length: 55",
        b"Content-Length: 50",  # 5 bytes short of its HTTP block
    )
    assert wrong_length != _record("https://example.org/2", b"<p>Two.</p>")
    archive = tmp_path / "damaged.warc"
    archive.write_bytes(good + wrong_length + good)
    result = run_cli("scan", str(archive), "--jobs", "1", "--format", "jsonl")
    assert "WARNING" not in result.err and "Remainder" not in result.err
    assert result.code == 2
    reports = [json.loads(line) for line in result.out.splitlines()]
    assert [r["source"] for r in reports if not r["error"]] == [
        "https://example.org/1", "https://example.org/2", "https://example.org/1"
    ]  # fmt: skip
    assert [r["error"] for r in reports if r["source"] == str(archive)] == [
        "damaged: record 2 is not followed by the blank line its Content-Length promises "
        "(a wrong length, or data cut out)"
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"WARC/1.0\r\nWARC-Type: request\r\n\r\n", "the next record's header block is malformed"),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 26, "not a WARC or ARC file"),
    ],
    ids=["no-target-uri", "30-byte-junk"],
)
def test_a_tiny_broken_archive_names_its_problem(
    tmp_path: Path, run_cli, data: bytes, reason: str
) -> None:
    archive = tmp_path / "tiny.warc"
    archive.write_bytes(data)
    result = run_cli("scan", str(archive), "--jobs", "1", "--format", "jsonl")
    assert result.code == 2
    (report,) = [json.loads(line) for line in result.out.splitlines()]
    assert report["error"].startswith(f"cannot read record 1: {reason}")
    assert "NoneType" not in result.out + result.err


# --- clear reasons: empty documents, odd charsets, broken JSON-LD --------------------------


@pytest.mark.parametrize("name", ["empty.md", "blank.md", "empty.html", "blank.html"])
def test_an_empty_document_is_refused_the_same_way_whatever_its_kind(
    tmp_path: Path, run_cli, name: str
) -> None:
    (tmp_path / name).write_text("" if name.startswith("empty") else "  \n\n", encoding="utf-8")
    result = run_cli("scan", str(tmp_path / name), "--format", "jsonl")
    assert result.code == 2
    (report,) = [json.loads(line) for line in result.out.splitlines()]
    assert (report["error"], report["score"]) == ("empty document", None)


def test_a_page_declaring_a_codec_no_browser_offers_is_still_read(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "p.html"
    path.write_bytes(article_html(title="Ferries return").replace("utf-8", "punycode").encode())
    assert b'charset="punycode"' in path.read_bytes()
    result = run_cli("scan", str(path), "--format", "jsonl")
    (report,) = [json.loads(line) for line in result.out.splitlines()]
    assert not report["error"]
    assert report["article"]["title"] == "Ferries return"


def test_json_ld_nested_past_the_stack_is_skipped_and_the_page_scored(
    tmp_path: Path, run_cli
) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    html = article_html(title="Ferries return").replace(
        "</head>", f'<script type="application/ld+json">{deep}</script></head>'
    )
    (tmp_path / "deep.html").write_text(html, encoding="utf-8")
    result = run_cli("scan", str(tmp_path / "deep.html"), "--format", "jsonl")
    (report,) = [json.loads(line) for line in result.out.splitlines()]
    assert not report["error"]
    assert report["score"]["overall"] is not None


# --- time: a per-page limit in the one-process path too ------------------------------------


def test_a_page_past_page_timeout_is_its_own_error_and_the_rest_are_reported(
    tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from provcheck.commands import scan

    real = scan.scan_one

    def slow_for_one(session, source, stdin_filename):  # type: ignore[no-untyped-def]
        if source.endswith("slow.html"):
            time.sleep(20)  # stands in for a super-linear check on a hostile page
        return real(session, source, stdin_filename)

    monkeypatch.setattr(scan, "scan_one", slow_for_one)
    slow, good = page(tmp_path, "slow.html"), page(tmp_path, "good.html")
    started = time.monotonic()
    result = run_cli("scan", str(slow), str(good), "--page-timeout", "0.5", "--format", "jsonl")
    assert time.monotonic() - started < 10
    assert result.code == 2
    reports = {r["source"]: r for r in map(json.loads, result.out.splitlines())}
    assert reports[str(slow)]["error"] == (
        "cut off after 0.5 s (the per-page time limit, --page-timeout)"
    )
    assert not reports[str(good)]["error"] and reports[str(good)]["score"]["overall"] >= 0


def test_page_timeout_has_a_default_and_a_config_key(tmp_path: Path) -> None:
    from provcheck.config import DEFAULT_PAGE_TIMEOUT, Config, load_config

    assert Config().page_timeout == DEFAULT_PAGE_TIMEOUT > 0
    (tmp_path / "provcheck.toml").write_text("page-timeout = 0\n", encoding="utf-8")
    assert load_config(tmp_path / "provcheck.toml").page_timeout == 0


# --- lost input: outputs that would destroy an input or cannot be written ------------------


def test_an_output_that_is_an_input_is_refused_and_the_article_kept(
    tmp_path: Path, run_cli
) -> None:
    path = page(tmp_path, title="Ferry strike ends")
    before = path.read_bytes()
    result = run_cli("scan", str(path), "-o", str(path))
    assert result.code == 2
    assert result.err.strip() == (
        f"provcheck: error: -o {path} is also an input: writing it would destroy it"
    )
    assert path.read_bytes() == before


def test_an_output_inside_a_scanned_folder_is_refused_when_it_is_one_of_the_articles(
    tmp_path: Path, run_cli
) -> None:
    path = page(tmp_path, "news/story.html")
    result = run_cli("scan", str(tmp_path / "news"), "--write-baseline", str(path))
    assert result.code == 2 and "is also an input" in result.err
    assert "Council approves" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("option", "target", "message"),
    [
        ("-o", "missing/dir/r.txt", "-o {t}: the folder {tmp}/missing/dir does not exist"),
        ("-o", ".", "-o {t} is a folder; name a file to write"),
        ("--output-dir", "file.txt", "--output-dir {t} is a file, not a folder"),
    ],
    ids=["missing-folder", "folder-as-file", "file-as-folder"],
)
def test_an_unwritable_output_is_one_line_not_a_traceback(
    tmp_path: Path, run_cli, option: str, target: str, message: str
) -> None:
    (tmp_path / "file.txt").write_text("notes", encoding="utf-8")
    path = page(tmp_path)
    full = str(tmp_path / target) if target != "." else str(tmp_path)
    result = run_cli("scan", str(path), option, full)
    assert result.code == 2
    assert result.err.strip() == "provcheck: error: " + message.format(t=full, tmp=tmp_path)
    assert (tmp_path / "file.txt").read_text(encoding="utf-8") == "notes"


# --- clear reasons: control characters and bidi overrides in what a report prints ----------

SPOOF = "Port reopens \u202egnp.exe\u202c and \u009b31m CSI"  # RLO, PDF, a C1 control (CSI)


def _spoof_page(tmp_path: Path) -> Path:
    # In the file name too: the path starts every line of the concise and github formats.
    name = "news-\u202eexe.html"
    return page(tmp_path, name, title=SPOOF, paragraphs=(f"{SPOOF}, officials said.",))


@pytest.mark.parametrize("fmt", ["text", "concise", "github"])
def test_terminal_formats_escape_bidi_overrides_and_controls(
    tmp_path: Path, run_cli, fmt: str
) -> None:
    path = _spoof_page(tmp_path)
    result = run_cli("scan", str(path), "--format", fmt, "--color", "never")
    assert "\u202e" not in result.out and "\u009b" not in result.out
    assert "news-\\u202eexe.html" in result.out
    if fmt == "text":
        assert "  Port reopens \\u202egnp.exe\\u202c and \\x9b31m CSI\n" in result.out


def test_the_html_report_isolates_bidi_text_in_bdi(tmp_path: Path, run_cli) -> None:
    path = _spoof_page(tmp_path)
    out = tmp_path / "report.html"
    assert run_cli("scan", str(path), "--format", "html", "-o", str(out)).code in (0, 1)
    report = out.read_text(encoding="utf-8")
    headline = report.split('id="a1-title">', 1)[1].split("</h2>", 1)[0]
    assert headline.startswith("<bdi>Port reopens \u202egnp.exe") and headline.endswith("</bdi>")
    assert '<dd class="url"><bdi>' in report  # the file name carries an override too
    assert "<dd><bdi>By Priya Raman" not in report  # plain text needs no isolation


def test_machine_formats_keep_the_text_exact(tmp_path: Path, run_cli) -> None:
    path = _spoof_page(tmp_path)
    result = run_cli("scan", str(path), "--format", "jsonl")
    assert json.loads(result.out)["article"]["title"] == SPOOF


# --- also: IMG105 across --jobs workers ----------------------------------------------------


def test_a_picture_reused_across_workers_is_reported_as_with_one_process(
    tmp_path: Path, run_cli
) -> None:
    from tests.imagery_helpers import reused_picture_stories

    paths = reused_picture_stories(tmp_path, 6)

    def reuse(jobs: str) -> dict[str, list[str]]:
        result = run_cli("scan", *paths, "--jobs", jobs, "--format", "jsonl")
        found = {}
        for report in map(json.loads, result.out.splitlines()):
            for f in report["findings"]:
                if f["code"] == "IMG105":
                    found[report["source"]] = f["data"]["matches"]
        return found

    one = reuse("1")
    assert one == {p: paths[:i] for i, p in enumerate(paths) if i}  # each names all before it
    assert reuse("2") == one


def test_output_dir_rows_get_the_cross_worker_repeats_too(tmp_path: Path, run_cli) -> None:
    from tests.imagery_helpers import reused_picture_stories

    reused_picture_stories(tmp_path / "in", 6, silenced={5})
    out = tmp_path / "out"
    result = run_cli("scan", str(tmp_path / "in"), "--jobs", "2", "--output-dir", str(out))
    assert result.code in (0, 1), result.err
    found = {}
    for n in range(6):
        (report,) = map(json.loads, (out / f"s{n}" / "story.html.jsonl").read_text().splitlines())
        for f in report["findings"]:
            if f["code"] == "IMG105":
                found[n] = (len(f["data"]["matches"]), f["suppressed"])
    assert found == {1: (1, False), 2: (2, False), 3: (3, False), 4: (4, False), 5: (5, True)}
