"""provcheck on a Dask cluster: one JSON-lines file per WARC (``pip install 'provcheck[dask]'``).

``score_warcs(client, paths, output_dir)`` maps ``score_warc_file`` over the WARC files, one
task per file. Each task writes ``OUTPUT_DIR/NAME.jsonl`` - the same lines as
``provcheck scan --output-dir`` - under a temporary name and renames it when complete, and
returns without work when that file exists, so rerunning after a failure finishes only what
is missing. When a worker dies mid-file, Dask reruns the task on another worker (up to its
``allowed-failures``); the dead attempt's temporary file is removed at the end.

Dask runs tasks in threads, where no signal arrives: the per-page time limit is then an
asynchronous exception (see ``provcheck.batch.limits``), which cannot interrupt C code either.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from provcheck.batch.page import DEFAULT_TIME_LIMIT, Job, engine_session, make_row, scan_guarded
from provcheck.config import DEFAULT_MAX_BYTES
from provcheck.sources.warc import WarcCounts, read_pages


def output_path(path: str, output_dir: str) -> Path:
    return Path(output_dir) / (Path(path).name + ".jsonl")


def score_warc_file(
    path: str,
    output_dir: str,
    *,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> dict[str, Any]:
    """Score one WARC/ARC file into ``output_dir``; a summary of what it held and found."""
    final = output_path(path, output_dir)
    summary: dict[str, Any] = {"input": path, "output": str(final), "done_before": True}
    if final.exists():
        return summary
    final.parent.mkdir(parents=True, exist_ok=True)
    # A unique temporary name: a rerun of this task elsewhere never writes into this one.
    partial = final.with_name(f"{final.name}.partial-{uuid.uuid4().hex}")
    session = engine_session()
    problems = session.loaded.problems
    counts = WarcCounts()
    pages = errors = 0
    with open(partial, "w", encoding="utf-8") as out:
        for page in read_pages(path, counts, max_bytes):
            job = Job(0, raw=page.raw(), record=page.record(path), error=page.error)
            row = make_row(scan_guarded(session, job, time_limit), session.config, (), problems)
            out.write(row.line + "\n")
            pages += 1
            errors += row.error
        if counts.error:
            row = make_row(session.error_report(path, counts.error), session.config, (), problems)
            out.write(row.line + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, final)
    summary.update(done_before=False, pages=pages, errors=errors, records=counts.records,
                   skipped=dict(counts.skipped), error=counts.error)  # fmt: skip
    return summary


def score_warcs(
    client: Any,
    paths: Sequence[str],
    output_dir: str,
    *,
    retries: int = 2,
    **options: Any,
) -> list[dict[str, Any]]:
    """Score WARC files on a ``dask.distributed`` client; the per-file summaries, in order.

    ``retries`` reruns a task that raised (a task whose worker died is rerun by the
    scheduler anyway); ``options`` go to ``score_warc_file`` (``time_limit``, ``max_bytes``).
    """
    futures = client.map(
        score_warc_file,
        list(paths),
        output_dir=output_dir,
        retries=retries,
        pure=False,
        key=[f"provcheck-{Path(p).name}-{uuid.uuid4().hex[:8]}" for p in paths],
        **options,
    )
    results: list[dict[str, Any]] = client.gather(futures)
    for path in paths:  # temporary files of attempts that died with their worker
        final = output_path(path, output_dir)
        for stale in final.parent.glob(f"{final.name}.partial-*"):
            stale.unlink(missing_ok=True)
    return results


__all__ = ["output_path", "score_warc_file", "score_warcs"]
