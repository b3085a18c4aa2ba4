"""Score the HTML pages of WARC files with provcheck on Spark, in the style of Common Crawl's
cc-pyspark jobs: the input is a text file listing one WARC per line, each Spark task reads
its share of the list with warcio, and the results are one Parquet table.

    spark-submit --master 'local[2,3]' examples/spark/provcheck_cc_job.py \\
        warc_paths.txt scored.parquet

(``local[2,3]``: two threads, and a failed task is tried up to three times.) On a cluster,
ship provcheck to the executors (``pip install provcheck`` in the image, or ``--py-files``)
and list WARCs on a file system every executor can read; cc-pyspark's ``--input_base_url``
pattern of downloading each WARC inside the task works the same way here.

A task reruns from the start of its WARC files when it fails, and Spark commits a task's
output only once it finished, so a retried task neither loses nor repeats a page.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from typing import Any

COLUMNS = (
    ("warc", "string"),
    ("record_id", "string"),
    ("url", "string"),
    ("error", "string"),
    ("overall", "int"),
    ("band", "string"),
    ("codes", "array<string>"),
    ("report", "string"),  # the whole report, as a provcheck JSON-lines record
)


def process_warcs(paths: Iterable[str]) -> Iterator[tuple[Any, ...]]:
    """One Spark partition: every HTML page of its WARC files, as rows of ``COLUMNS``."""
    # Imported in the executor: the session is built once per Python worker process.
    from provcheck.batch.page import Job, engine_session, make_row, scan_guarded
    from provcheck.config import DEFAULT_MAX_BYTES
    from provcheck.sources.warc import WarcCounts, read_pages

    session = engine_session()
    for path in (p.strip() for p in paths):
        if not path:
            continue
        counts = WarcCounts()
        for page in read_pages(path, counts, DEFAULT_MAX_BYTES):
            job = Job(0, raw=page.raw(), record=page.record(path), error=page.error)
            yield _row(
                path, page.record_id, make_row(scan_guarded(session, job, 60.0), session.config)
            )
        if counts.error:  # a truncated or unreadable WARC: one row that says so
            yield _row(
                path, None, make_row(session.error_report(path, counts.error), session.config)
            )


def _row(path: str, record_id: str | None, row: Any) -> tuple[Any, ...]:
    c = row.columns
    return (path, record_id, c["source"], c["error"], c["overall"], c["band"], c["codes"], row.line)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="text file: one WARC path per line")
    parser.add_argument("output", help="Parquet output folder")
    parser.add_argument("--partitions", type=int, default=0, help="default: one per WARC")
    parser.add_argument(
        "--master", help="Spark master, e.g. local[2,3] (default: from spark-submit)"
    )
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("provcheck")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        with open(args.input, encoding="utf-8") as listing:
            paths = [line.strip() for line in listing if line.strip()]
        partitions = args.partitions or max(len(paths), 1)
        rows = spark.sparkContext.parallelize(paths, partitions).mapPartitions(process_warcs)
        schema = ", ".join(f"{name} {kind}" for name, kind in COLUMNS)
        spark.createDataFrame(rows, schema).write.mode("overwrite").parquet(args.output)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
