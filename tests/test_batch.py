"""Batch scale: the engine scorer, the worker pool, --jobs, --output-dir and resuming.

No test asserts speed (bench/batch.py measures it); these assert that parallel runs give the
same reports as single-process ones, that nothing is lost or written twice, and that a bad
page costs one report, never the run.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from provcheck.batch import page as batch
from provcheck.batch.page import Job, WorkerSpec, run_job, score_page, use_session
from provcheck.batch.pool import DIED, Pool
from provcheck.batch.runner import batch_jobs, cpu_count
from provcheck.config import Config
from provcheck.host import Session
from provcheck.testing import make_session
from tests.conftest import CORPUS
from tests.test_warc import generated_pages, news_page, page_url, read_all, write_warc

PAGE = news_page(3).encode("utf-8")


def lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def comparable(report: dict[str, Any]) -> dict[str, Any]:
    """A report without what depends on where the bytes came from: the source name, the
    archive record, and whether an image could be looked for in a local folder."""
    report = json.loads(json.dumps(report))
    report.pop("source")
    report.pop("schema_version", None)  # per line in jsonl, once per document in json
    report.pop("errors", None)  # the same
    summaries = report["summaries"]
    summaries.pop("record", None)
    for image in summaries.get("images", []):
        # A page from a folder may have its pictures next to it; one from an archive never
        # does. Addresses resolve against the folder or the URL, which can also change which
        # occurrence of a picture is named first (its line).
        for key in ("bytes", "verdict", "file", "line"):
            image.pop(key, None)
    return report


# --- score_page: the engine-facing function -------------------------------------------------


def test_score_page_returns_the_jsonl_record_as_plain_data() -> None:
    data = score_page(PAGE, page_url(3), {"Content-Type": "text/html"}, record_id="<urn:x:1>")
    assert json.loads(json.dumps(data)) == data  # plain JSON types only
    assert data["schema_version"] and data["source"] == page_url(3) and data["error"] is None
    assert data["summaries"]["record"] == {"id": "<urn:x:1>"}
    assert data["article"]["title"] == "Committee item 3"


@pytest.mark.parametrize(
    "body", [b"", b"\x00\x01\x02binary\xff" * 50, b"<<<>>>" * 100, "<p>text, not bytes</p>"]
)
def test_score_page_never_raises(body: bytes | str) -> None:
    data = score_page(body, "https://a.example/x")
    assert data["source"] == "https://a.example/x"
    assert data["error"] or data["score"] is not None


def test_a_non_web_address_is_reported_but_never_used_as_a_path() -> None:
    data = score_page(PAGE, "file:///etc/hostname", [("content-type", "text/html")])
    assert data["source"] == "file:///etc/hostname" and data["error"] is None
    assert all(i["bytes"]["status"] != "read" for i in data["summaries"].get("images", []))


def test_a_page_that_breaks_the_host_is_an_error_report(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Session, raw: object) -> None:
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(Session, "parse", broken)
    data = score_page(PAGE, page_url(3))
    assert "internal error" in data["error"] and "parser exploded" in data["error"]


def _slow_parse(self: Session, raw: object) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # pure Python: interruptible between bytecodes
        pass


def test_a_page_past_the_time_limit_is_cut_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Session, "parse", _slow_parse)
    started = time.monotonic()
    data = score_page(PAGE, page_url(3), time_limit=0.3)
    assert "cut off after 0.3 s" in data["error"]
    assert time.monotonic() - started < 5


def test_the_time_limit_works_in_a_thread_too(monkeypatch: pytest.MonkeyPatch) -> None:
    # Dask runs tasks in worker threads, where no signal arrives.
    monkeypatch.setattr(Session, "parse", _slow_parse)
    with ThreadPoolExecutor(1) as pool:
        data = pool.submit(score_page, PAGE, page_url(3), time_limit=0.3).result(timeout=8)
    assert "cut off after 0.3 s" in data["error"]


@pytest.mark.parametrize("in_thread", [False, True], ids=["main-thread", "thread"])
def test_a_finished_page_leaves_no_timer_behind(in_thread: bool) -> None:
    def run() -> str:
        for _ in range(3):
            with batch.time_limit(0.05):
                pass
        time.sleep(0.2)  # any timer still armed would fire here
        return "ok"

    if in_thread:
        with ThreadPoolExecutor(1) as pool:
            assert pool.submit(run).result(timeout=5) == "ok"
    else:
        assert run() == "ok"
        assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.default_int_handler)


def test_reports_and_the_scorer_pickle() -> None:
    report = make_session().scan_raw(batch.page_document(PAGE, page_url(3), None))
    again = pickle.loads(pickle.dumps(report))
    assert batch.plain_data(again) == batch.plain_data(report)
    assert pickle.loads(pickle.dumps(score_page)) is score_page  # by reference, no state


# --- the pool ---------------------------------------------------------------------------


def test_a_worker_that_dies_costs_only_its_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = []
    for i in range(6):
        path = tmp_path / f"a{i}.html"
        path.write_text(news_page(i), encoding="utf-8")
        paths.append(str(path))
    real_scan = Session.scan

    def scan(self: Session, source: str) -> Any:
        if source.endswith("a2.html"):
            os._exit(9)  # as a segfault in native code would: no Python cleanup at all
        return real_scan(self, source)

    monkeypatch.setattr(Session, "scan", scan)  # forked workers inherit the patch
    session = make_session()
    spec = WorkerSpec(session.config)
    use_session(session, spec)

    def died(job: Job) -> batch.Done:
        return batch.Done(job.seq, report=session.error_report(job.name, DIED))

    pool = Pool(2, spec, died)
    results = sorted(pool.run(Job(i, source=p) for i, p in enumerate(paths)), key=lambda d: d.seq)
    assert [d.seq for d in results] == list(range(6))
    errors = {d.seq: d.report.error for d in results if d.report and d.report.error}
    assert errors == {2: DIED}
    assert pool.restarts >= 1


def test_run_job_in_process_matches_the_host() -> None:
    session = make_session()
    use_session(session, WorkerSpec(session.config))
    raw = batch.page_document(PAGE, page_url(3), None)
    done = run_job(Job(0, raw=raw))
    assert done.report is not None
    assert batch.plain_data(done.report) == batch.plain_data(session.scan_raw(raw))


# --- the command line -----------------------------------------------------------------------


@pytest.fixture
def pages_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(12):
        (folder / f"story-{i:02d}.html").write_text(news_page(i), encoding="utf-8")
    return folder


def test_jobs_2_gives_the_single_process_reports(pages_folder: Path, run_cli):
    one = run_cli("scan", str(pages_folder), "--format", "json", "--jobs", "1", "--isolated")
    two = run_cli("scan", str(pages_folder), "--format", "json", "--jobs", "2", "--isolated")
    assert json.loads(two.out) == json.loads(one.out) and two.code == one.code
    assert "12 pages, 0 errors, mean score" in two.err and "pages/s (2 jobs" in two.err
    assert "\r" not in two.err  # not a terminal: no progress line


def test_jsonl_streams_the_same_reports_as_they_finish(pages_folder: Path, run_cli) -> None:
    one = run_cli("scan", str(pages_folder), "--format", "jsonl", "--jobs", "1", "--isolated")
    two = run_cli("scan", str(pages_folder), "--format", "jsonl", "--jobs", "2", "--isolated")
    key = lambda r: r["source"]  # noqa: E731 - finish order is not input order
    assert sorted(lines(two.out), key=key) == sorted(lines(one.out), key=key)


def test_default_jobs() -> None:
    def jobs(count: int, *, requested: int | None = None, warc: bool = False) -> int | None:
        args = argparse.Namespace(jobs=requested, output_dir=None)
        sources = [f"p{i}.html" for i in range(count)] + (["c.warc.gz"] if warc else [])
        return batch_jobs(args, sources)

    assert jobs(3) is None  # a handful: the plain single-process path
    assert jobs(9) == (cpu_count() if cpu_count() > 1 else None)
    assert jobs(1, warc=True) == cpu_count()
    assert jobs(9, requested=1) is None
    assert jobs(1, requested=1, warc=True) == 1
    assert jobs(2, requested=0) == (cpu_count() if cpu_count() > 1 else None)


def test_a_warc_with_jobs_2_gives_the_reports_of_a_file_by_file_scan(tmp_path: Path, run_cli):
    pages = generated_pages(24)
    folder = tmp_path / "pages"
    folder.mkdir()
    for i, (_, body) in enumerate(pages):
        (folder / f"story-{i:02d}.html").write_bytes(body)
    warc = write_warc(tmp_path / "crawl.warc.gz", pages)
    files = run_cli("scan", str(folder), "--format", "jsonl", "--jobs", "1", "--isolated")
    archive = run_cli("scan", str(warc), "--format", "json", "--jobs", "2", "--isolated")
    reports = json.loads(archive.out)["reports"]
    assert [r["source"] for r in reports] == [uri for uri, _ in pages]  # input order
    assert [comparable(r) for r in reports] == [comparable(r) for r in lines(files.out)]


@pytest.mark.corpus
@pytest.mark.skipif(not (CORPUS / "pages").is_dir(), reason="../shared/corpus is absent")
def test_a_corpus_warc_with_jobs_2_matches_file_by_file(tmp_path: Path, run_cli) -> None:
    # Pages that declare their own URL (canonical/og:url) are archived under it, so the file
    # scan and the archive scan see the same address and must give the same reports. The
    # files are scanned on 2 workers too, to keep the suite fast: that file scans on 2
    # workers equal the single-process path is test_jobs_2_gives_the_single_process_reports.
    listing = [str(path) for path in sorted((CORPUS / "pages").glob("*.html"))[:200]]
    files = run_cli("scan", *listing, "--format", "json", "--jobs", "2", "--isolated")
    expected: dict[str, dict[str, Any]] = {}
    archived: list[tuple[str, bytes]] = []
    for path, report in zip(listing, json.loads(files.out)["reports"], strict=True):
        url = (report["article"] or {}).get("url", "")
        if url.startswith(("http://", "https://")) and url not in expected:
            expected[url] = report
            archived.append((url, Path(path).read_bytes()))
    assert len(archived) >= 150  # a few hundred pages, as a crawl would hold them
    warc = write_warc(tmp_path / "corpus.warc.gz", archived)
    archive = run_cli("scan", str(warc), "--format", "jsonl", "--jobs", "2", "--isolated")
    got = {r["source"]: r for r in lines(archive.out)}
    assert sorted(got) == sorted(expected)
    mismatched = [url for url in expected if comparable(got[url]) != comparable(expected[url])]
    assert mismatched == []


# --- --output-dir: one file per input, resume after a kill -----------------------------------


def _expected_ids(warcs: list[Path]) -> dict[str, list[str]]:
    return {w.name: [p.record_id for p in read_all(w)[0]] for w in warcs}  # type: ignore[attr-defined]


def _ids_in(path: Path) -> list[str]:
    return [r["summaries"]["record"]["id"] for r in lines(path.read_text(encoding="utf-8"))]


def test_output_dir_writes_one_file_per_input_in_order(tmp_path: Path, run_cli) -> None:
    warcs = [write_warc(tmp_path / f"part-{n}.warc.gz", generated_pages(5, 5 * n)) for n in (0, 1)]
    out = tmp_path / "out"
    result = run_cli(
        "scan", *map(str, warcs), "--output-dir", str(out), "--jobs", "2", "--isolated"
    )
    assert result.out == "" and result.code in (0, 1)
    assert sorted(p.name for p in out.iterdir()) == ["part-0.warc.gz.jsonl", "part-1.warc.gz.jsonl"]
    for name, ids in _expected_ids(warcs).items():
        assert _ids_in(out / f"{name}.jsonl") == ids
    again = run_cli("scan", *map(str, warcs), "--output-dir", str(out), "--isolated")
    assert "2 of 2 inputs already done" in again.err and "0 pages" in again.err


def test_output_dir_refuses_what_has_no_file_name(tmp_path: Path, run_cli) -> None:
    page = tmp_path / "a.html"
    page.write_text(news_page(1), encoding="utf-8")
    for extra in (["-"], ["https://news.example/a"], [str(page), "-o", str(tmp_path / "x")]):
        result = run_cli(
            "scan", str(page), *extra, "--output-dir", str(tmp_path / "o"), "--isolated"
        )
        assert result.code == 2 and "--output-dir" in result.err


def test_output_dir_as_parquet(tmp_path: Path, run_cli) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow (extra 'parquet') is absent")
    warc = write_warc(tmp_path / "crawl.warc.gz", generated_pages(4))
    out = tmp_path / "out"
    result = run_cli(
        "scan",
        str(warc),
        "--output-dir",
        str(out),
        "--output-format",
        "parquet",
        "--jobs",
        "1",
        "--isolated",
    )
    assert result.code in (0, 1)
    rows = pq.read_table(out / "crawl.warc.gz.parquet").to_pylist()
    assert [r["source"] for r in rows] == [page_url(i) for i in range(4)]
    for row in rows:
        report = json.loads(row["report"])
        assert row["record_id"] == report["summaries"]["record"]["id"]
        assert row["overall"] == report["score"]["overall"]
        assert row["schema_version"] == report["schema_version"]
        assert dict(row["dimensions"]) == {
            k: v["score"] for k, v in report["score"]["dimensions"].items()
        }


def _wait_for_first_output(out: Path, process: subprocess.Popen[bytes]) -> list[Path]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        done = sorted(out.glob("*.jsonl"))
        if done:
            return done
        time.sleep(0.02)
    raise AssertionError("no output file appeared before the run ended")


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_killed_run_resumes_with_the_unfinished_inputs_only(
    tmp_path: Path, how: signal.Signals
) -> None:
    warcs = [
        write_warc(tmp_path / f"part-{n}.warc.gz", generated_pages(5, 5 * n)) for n in range(6)
    ]
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "provcheck.cli",
        "scan",
        *map(str, warcs),
        "--output-dir",
        str(out),
        "--jobs",
        "2",
        "--isolated",
    ]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, start_new_session=True)
    first = _wait_for_first_output(out, process)
    os.killpg(process.pid, how)  # the whole group, as a scheduler would; workers too
    process.wait(timeout=30)
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.jsonl")}
    assert first[0].name in before and len(before) < len(warcs), "the run was not cut short"
    if how == signal.SIGTERM:
        assert process.returncode == 130  # stopped like Ctrl-C: pool down, partial files left

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert f"{len(before)} of {len(warcs)} inputs already done" in rerun.stderr
    for name, ids in _expected_ids(warcs).items():
        assert _ids_in(out / f"{name}.jsonl") == ids  # every report, once, in order
    after = {p.name: p.stat().st_mtime_ns for p in out.glob("*.jsonl")}
    assert {name: after[name] for name in before} == before  # finished files left alone
    assert not list(out.glob("*.partial"))


def test_config_pickles_for_spawned_workers() -> None:
    spec = WorkerSpec(Config(), ("imagery",), False, rows=True)
    again = pickle.loads(pickle.dumps(spec))
    assert again == spec
    session = again.session()
    assert "imagery" not in {p.name for p in session.loaded.plugins}


# A plugin of our own that is not installed: loaded by -p MODULE or --plugins-dir only.
LOCAL_PLUGIN = """
from provcheck import Level, Rule, hookimpl

RULE = Rule("{code}", "{name}", Level.INFO, "sourcing", "Fires on every article.")


class Everywhere:
    prefix = "{code}"[:3]
    rules = (RULE,)

    def run(self, article, ctx):
        yield RULE.finding("Seen.", text=article.title, position=article.title_position)


@hookimpl
def provcheck_register_checks(config):
    return [Everywhere()]
"""


def _local_plugins(tmp_path: Path) -> tuple[Path, Path]:
    """(a folder for --plugins-dir, a folder to put on sys.path for -p provcheck_spawn_p)."""
    folder, lib = tmp_path / "dir_plugins", tmp_path / "lib"
    for where, module, code in ((folder, "provcheck_spawn_dir", "LDR101"),
                                (lib, "provcheck_spawn_p", "LPM101")):  # fmt: skip
        where.mkdir()
        text = LOCAL_PLUGIN.replace("{code}", code).replace("{name}", module.replace("_", "-"))
        (where / f"{module}.py").write_text(text, encoding="utf-8")
    return folder, lib


def test_worker_spec_carries_p_modules_and_plugins_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, lib = _local_plugins(tmp_path)
    monkeypatch.syspath_prepend(str(lib))
    spec = WorkerSpec(Config(), modules=("provcheck_spawn_p",), plugin_dirs=(str(folder),))
    again = pickle.loads(pickle.dumps(spec))
    assert again == spec
    names = {p.name for p in again.session().loaded.plugins}
    assert {"provcheck_spawn_p", "provcheck_spawn_dir"} <= names


def test_spawned_workers_load_p_modules_and_plugins_dir(tmp_path: Path) -> None:
    folder, lib = _local_plugins(tmp_path)
    pages = []
    for i in range(3):
        pages.append(tmp_path / f"story-{i}.html")
        pages[-1].write_text(news_page(i), encoding="utf-8")
    # Workers not forked from the parent rebuild its session from the WorkerSpec alone.
    env = {
        **os.environ,
        "PROVCHECK_START_METHOD": "spawn",
        "PYTHONPATH": os.pathsep.join([str(lib), os.environ.get("PYTHONPATH", "")]),
    }
    result = subprocess.run(
        [sys.executable, "-m", "provcheck.cli", "scan", *map(str, pages), "--jobs", "2",
         "-f", "json", "--isolated", "--plugins-dir", str(folder), "-p", "provcheck_spawn_p"],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    reports = json.loads(result.stdout)["reports"]
    assert len(reports) == 3
    for report in reports:
        codes = {f["code"] for f in report["findings"]}
        assert {"LDR101", "LPM101"} <= codes, report["source"]


def test_an_unknown_start_method_is_one_line_and_exit_2(
    pages_folder: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROVCHECK_START_METHOD", "teleport")
    result = run_cli("scan", str(pages_folder), "--jobs", "2", "--isolated", "-q")
    assert result.code == 2 and "PROVCHECK_START_METHOD='teleport'" in result.err


def test_output_dir_refuses_two_inputs_with_one_output_name(tmp_path: Path, run_cli) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.html").write_text(news_page(2), encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(
        "scan",
        str(tmp_path / "a" / "story.html"),
        str(tmp_path / "b" / "story.html"),
        "--output-dir",
        str(out),
        "--isolated",
    )
    assert result.code == 2 and "would both write" in result.err
    assert not out.exists()  # refused before anything ran


# --- IMG105 the parent adds, and the suppression comment that covers it ----------------------


def _codes(findings: list[dict[str, Any]]) -> list[tuple[str, bool]]:
    wanted = ("IMG105", "PC903")
    return sorted((f["code"], f["suppressed"]) for f in findings if f["code"] in wanted)


def test_a_comment_unused_in_its_worker_but_used_by_the_parents_img105_is_not_pc903(
    tmp_path: Path,
) -> None:
    from provcheck.batch.reuse import ReusePass, drafts
    from provcheck.checks import Level
    from provcheck.host import fails
    from tests.imagery_helpers import reused_picture_stories

    # Two articles with one picture; the second has a comment that silences its IMG105.
    paths = reused_picture_stories(tmp_path, 2, silenced={1})
    one = make_session(fail_on=Level.WARNING)  # one process sees both pages: the baseline
    expected = [one.scan(p) for p in paths]
    assert _codes(batch.plain_data(expected[1])["findings"]) == [("IMG105", True)]
    # Two workers, one page each: the second's worker finds no repeat, so no IMG105, and files
    # its comment as unused.
    workers = [make_session(fail_on=Level.WARNING) for _ in paths]
    alone = [worker.scan(p) for worker, p in zip(workers, paths, strict=True)]
    assert _codes(batch.plain_data(alone[1])["findings"]) == [("PC903", False)]

    parent = make_session(fail_on=Level.WARNING)
    reports = [batch.Done(i, report=r) for i, r in enumerate(alone)]
    done = _fed(ReusePass(parent), reports)
    got = batch.plain_data(done[1].report)["findings"]
    assert _codes(got) == [("IMG105", True)]
    # --output-dir: the worker sends rows and drafted IMG105s; the parent rewrites the line.
    rows = [
        batch.Done(i, row=batch.make_row(r, w.config, drafts(w, r)))
        for i, (w, r) in enumerate(zip(workers, alone, strict=True))
    ]
    written = _fed(ReusePass(parent), rows)
    line = json.loads(written[1].row.line)
    assert _codes(line["findings"]) == [("IMG105", True)]
    assert written[1].row.columns["codes"].count("PC903") == 0
    assert written[1].row.fails == fails(expected[1], one.config)


def _fed(reuse: Any, dones: list[batch.Done]) -> list[batch.Done]:
    return [out for done in dones for out in reuse.feed(done)]


FINISH_PLUGIN = """
import json, os
from provcheck import hookimpl


@hookimpl
def provcheck_session_finish(reports, exit_code, config):
    with open(os.environ["PROVCHECK_TEST_FINISH"], "a", encoding="utf-8") as out:
        out.write(json.dumps([len(reports), exit_code]) + "\\n")
"""


def test_session_finish_gets_the_reports_except_with_output_dir(
    pages_folder: Path, tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    plugins = tmp_path / "finish_plugins"
    plugins.mkdir()
    (plugins / "provcheck_test_finish.py").write_text(FINISH_PLUGIN, encoding="utf-8")
    log = tmp_path / "finish.jsonl"
    monkeypatch.setenv("PROVCHECK_TEST_FINISH", str(log))
    common = ("--jobs", "2", "--isolated", "-q", "--plugins-dir", str(plugins))
    streamed = run_cli("scan", str(pages_folder), "-f", "json", *common)
    folder = run_cli("scan", str(pages_folder), "--output-dir", str(tmp_path / "out"), *common)
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    # Documented (docs/hooks.md, docs/batch.md): on disk, not in memory; the exit code holds.
    assert calls == [[12, streamed.code], [0, folder.code]]
    assert streamed.code == folder.code
