"""The engine integrations: a datatrove step with task-level resume, a Dask helper that
survives a killed worker. Each skips, with the reason, when its extra is not installed."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.test_batch import lines
from tests.test_warc import generated_pages, read_all, write_warc


def _warcs(folder: Path, count: int, pages: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_warc(folder / f"part-{n}.warc.gz", generated_pages(pages, pages * n))
        for n in range(count)
    ]


def _record_ids(warcs: list[Path]) -> dict[str, list[str]]:
    return {w.name: [p.record_id for p in read_all(w)[0]] for w in warcs}  # type: ignore[attr-defined]


# --- datatrove ------------------------------------------------------------------------------


def _datatrove() -> Any:
    reason = "datatrove is not installed (pip install 'provcheck[datatrove]')"
    pytest.importorskip("datatrove", reason=reason)
    pytest.importorskip("cchardet", reason="datatrove's WarcReader needs faust-cchardet")
    pytest.importorskip("magic", reason="datatrove's WarcReader needs python-magic (libmagic)")
    from datatrove.pipeline.base import PipelineStep

    return PipelineStep


def test_datatrove_step_scores_pages_and_a_relaunch_finishes_only_the_crashed_task(
    tmp_path: Path,
) -> None:
    step_base = _datatrove()
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter

    from provcheck.batch.engines.datatrove import ProvcheckScorer

    warcs = _warcs(tmp_path / "crawl", 3, 4)
    ran = tmp_path / "ran.txt"  # which tasks each launch ran, one line per task start
    crash = tmp_path / "crash-task-1"
    crash.write_text("once")

    class CrashOnce(step_base):  # type: ignore[misc, valid-type]
        """Fails task 1 halfway through its documents, the first time only."""

        name = "crash once"

        def run(self, data: Iterator[Any], rank: int = 0, world_size: int = 1) -> Iterator[Any]:
            with open(ran, "a") as log:
                log.write(f"{rank}\n")
            for index, document in enumerate(data):
                if rank == 1 and index == 2 and crash.exists():
                    crash.unlink()
                    raise RuntimeError("the node went away")
                yield document

    def launch() -> None:
        LocalPipelineExecutor(
            pipeline=[
                WarcReader(str(tmp_path / "crawl"), glob_pattern="*.warc.gz"),
                ProvcheckScorer(),
                CrashOnce(),
                JsonlWriter(str(tmp_path / "out"), compression=None),
            ],
            tasks=3,
            workers=1,
            logging_dir=str(tmp_path / "logs"),
        ).run()

    with pytest.raises(RuntimeError, match="the node went away"):
        launch()
    first = ran.read_text().split()
    launch()
    second = ran.read_text().split()[len(first) :]
    assert first == ["0", "1"] and second == ["1", "2"]  # task 0 was not run again

    documents = [
        d for f in sorted((tmp_path / "out").glob("*.jsonl")) for d in lines(f.read_text())
    ]
    expected = [i for ids in _record_ids(warcs).values() for i in ids]
    assert sorted(d["id"] for d in documents) == sorted(expected)  # each page exactly once
    for document in documents:
        report = document["metadata"]["provcheck"]
        assert report["source"] == document["metadata"]["url"]
        assert report["summaries"]["record"]["id"] == document["id"]
        assert report["error"] is None and report["score"]["overall"] is not None


def test_datatrove_step_turns_a_broken_page_into_an_error_report() -> None:
    _datatrove()
    from datatrove.data import Document

    from provcheck.batch.engines.datatrove import ProvcheckScorer

    documents = [
        Document(text="\x00\x01 not html", id="<urn:a>", metadata={"url": "https://a.example/"}),
        Document(text="<p>Fine.</p>", id="<urn:b>", metadata={"url": "https://a.example/b"}),
    ]
    scored = list(ProvcheckScorer(compact=True).run(iter(documents)))
    broken, fine = (d.metadata["provcheck"] for d in scored)
    assert broken["error"] and broken["score_overall"] is None
    assert fine["error"] is None and isinstance(fine["codes"], list)


# --- Dask -----------------------------------------------------------------------------------


def _dask() -> Any:
    pytest.importorskip("dask", reason="dask is not installed (pip install 'provcheck[dask]')")
    distributed = pytest.importorskip(
        "distributed", reason="dask.distributed is not installed (pip install 'provcheck[dask]')"
    )
    return distributed


@pytest.fixture
def cluster() -> Iterator[Any]:
    distributed = _dask()
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            worker_dashboard_address=None,
        ) as local,
        distributed.Client(local) as client,
    ):
        yield client


def test_dask_helper_survives_a_worker_killed_mid_run(
    tmp_path: Path, cluster: Any, run_cli
) -> None:
    from provcheck.batch.engines.dask import score_warcs

    warcs = _warcs(tmp_path / "crawl", 6, 5)
    paths = [str(w) for w in warcs]
    out = tmp_path / "out"
    client = cluster
    pids: dict[str, int] = client.run(os.getpid)
    killed = None
    with ThreadPoolExecutor(1) as runner:
        pending = runner.submit(score_warcs, client, paths, str(out))
        # Once the first file is written, kill a worker that is busy with another one.
        deadline = time.monotonic() + 120
        while killed is None and not pending.done() and time.monotonic() < deadline:
            if list(out.glob("*.jsonl")):
                busy = [w for w, keys in client.processing().items() if keys and w in pids]
                if busy:
                    killed = pids[busy[0]]
                    os.kill(killed, signal.SIGKILL)
            time.sleep(0.02)
        results = pending.result(timeout=300)
    assert killed is not None, "no worker was busy when the first file was done"
    assert [r["input"] for r in results] == paths
    for name, ids in _record_ids(warcs).items():
        got = [r["summaries"]["record"]["id"] for r in lines((out / f"{name}.jsonl").read_text())]
        assert got == ids  # every page once, in order
    assert not list(out.glob("*.partial-*"))

    # The same lines as the command line writes for the same archive.
    cli_out = tmp_path / "cli"
    run_cli("scan", paths[0], "--output-dir", str(cli_out), "--jobs", "1", "--isolated")
    name = f"{warcs[0].name}.jsonl"
    assert lines((out / name).read_text()) == lines((cli_out / name).read_text())


# --- Spark (opt-in: slow, needs pyspark and Java) -------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("PROVCHECK_SPARK_TESTS") != "1",
    reason="opt-in: set PROVCHECK_SPARK_TESTS=1 (needs pyspark and Java; about a minute)",
)
def test_spark_example_job_scores_every_page(tmp_path: Path, run_cli) -> None:
    pytest.importorskip("pyspark", reason="pyspark is not installed")
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow reads the job's output")
    import subprocess
    import sys

    from tests.conftest import ROOT

    warcs = _warcs(tmp_path / "crawl", 3, 4)
    listing = tmp_path / "warcs.txt"
    listing.write_text("".join(f"{w}\n" for w in warcs))
    job = ROOT / "examples" / "spark" / "provcheck_cc_job.py"
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1"}  # no other interface is touched
    out = tmp_path / "scored.parquet"
    subprocess.run(
        [sys.executable, str(job), str(listing), str(out), "--master", "local[2,3]"],
        check=True,
        env=env,
        timeout=600,
        capture_output=True,
    )
    rows = pq.read_table(out).to_pylist()
    expected = [i for ids in _record_ids(warcs).values() for i in ids]
    assert sorted(r["record_id"] for r in rows) == sorted(expected)
    cli_out = tmp_path / "cli"
    run_cli("scan", str(warcs[0]), "--output-dir", str(cli_out), "--jobs", "1", "--isolated")
    cli = {
        r["summaries"]["record"]["id"]: r
        for r in lines((cli_out / f"{warcs[0].name}.jsonl").read_text())
    }
    for row in rows:
        if row["record_id"] in cli:
            assert json.loads(row["report"]) == cli[row["record_id"]]
