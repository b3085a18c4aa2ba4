"""Batch output: one file per input under ``--output-dir``, and the run's summary line.

Each output file is written as ``NAME.partial`` and renamed to ``NAME`` only once every page
of its input is in it, so a file that exists is complete: a rerun skips its input and resumes
with the rest. Rows are written in input order whatever order the workers finish in.

JSON lines: one ``report_data`` record per line with ``schema_version`` (as ``--format
jsonl``). Parquet (optional ``pyarrow``): the flat columns of ``PARQUET_COLUMNS`` plus the
whole JSON record in ``report``; see docs/batch.md for the schema.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, Protocol

from provcheck.batch.page import Row
from provcheck.errors import ConfigError

PARQUET_ROWS = 1000  # rows per row group: bounded memory, still large enough to compress well

PARQUET_COLUMNS = (
    ("schema_version", "string"),
    ("source", "string"),
    ("record_id", "string"),
    ("error", "string"),
    ("overall", "int32"),
    ("band", "string"),
    ("dimensions", "map<string, int32>"),
    ("codes", "list<string>"),
    ("title", "string"),
    ("published", "string"),
    ("url", "string"),
    ("language", "string"),
    ("report", "string"),
)


class OutputFile(Protocol):
    def write(self, row: Row) -> None: ...

    def commit(self) -> None:
        """Flush to disk and rename into place."""
        ...


def _partial(final: Path) -> Path:
    final.parent.mkdir(parents=True, exist_ok=True)
    return final.with_name(final.name + ".partial")


def _commit(partial: Path, final: Path) -> None:
    # fsync before the rename: after a power cut the name must not point at missing data.
    with open(partial, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, final)


class JsonlFile:
    def __init__(self, final: Path) -> None:
        self.final = final
        self.partial = _partial(final)
        self.handle: IO[str] = open(self.partial, "w", encoding="utf-8")  # noqa: SIM115

    def write(self, row: Row) -> None:
        self.handle.write(row.line + "\n")

    def commit(self) -> None:
        self.handle.close()
        _commit(self.partial, self.final)


def _arrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise ConfigError(
            "Parquet output needs pyarrow: pip install 'provcheck[parquet]'"
        ) from None
    return pyarrow


def parquet_schema() -> Any:
    pa = _arrow()
    types = {
        "string": pa.string(),
        "int32": pa.int32(),
        "map<string, int32>": pa.map_(pa.string(), pa.int32()),
        "list<string>": pa.list_(pa.string()),
    }
    return pa.schema([(name, types[kind]) for name, kind in PARQUET_COLUMNS])


class ParquetFile:
    def __init__(self, final: Path) -> None:
        self.pa = _arrow()
        self.schema = parquet_schema()
        self.final = final
        self.partial = _partial(final)
        self.writer = self.pa.parquet.ParquetWriter(str(self.partial), self.schema)
        self.rows: list[dict[str, Any]] = []

    def write(self, row: Row) -> None:
        self.rows.append({**row.columns, "report": row.line})
        if len(self.rows) >= PARQUET_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self.rows:
            self.writer.write_table(self.pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def commit(self) -> None:
        self._flush()
        self.writer.close()
        _commit(self.partial, self.final)


#: --output-format: (file suffix, how to open one output file)
OUTPUT_FORMATS: dict[str, tuple[str, Callable[[Path], OutputFile]]] = {
    "jsonl": (".jsonl", JsonlFile),
    "parquet": (".parquet", ParquetFile),
}


class OrderedOutput:
    """One input's output file, fed rows in any order and writing them in input order."""

    def __init__(self, output: OutputFile, first_seq: int) -> None:
        self.output = output
        self.next = first_seq
        self.waiting: dict[int, Row] = {}

    def add(self, seq: int, row: Row) -> None:
        self.waiting[seq] = row
        while self.next in self.waiting:
            self.output.write(self.waiting.pop(self.next))
            self.next += 1

    def commit(self) -> None:
        assert not self.waiting, "rows missing before commit"
        self.output.commit()


class Tally:
    """Pages, errors and scores so far: the summary line at the end of a batch run."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.pages = self.errors = self.scored = self.total = 0
        self.started = time.monotonic()

    def add(self, error: bool, overall: int | None) -> None:
        self.pages += 1
        self.errors += error
        if overall is not None:
            self.scored += 1
            self.total += overall

    def rate(self) -> float:
        return self.pages / max(time.monotonic() - self.started, 1e-9)

    def summary(self) -> str:
        mean = f"{self.total / self.scored:.1f}" if self.scored else "n/a"
        elapsed = time.monotonic() - self.started
        return (
            f"provcheck: {self.pages:,} pages, {self.errors:,} errors, mean score {mean}, "
            f"{self.rate():.1f} pages/s ({self.jobs} job{'s' if self.jobs != 1 else ''}, "
            f"{elapsed:.1f} s)"
        )


__all__ = ["OUTPUT_FORMATS", "PARQUET_COLUMNS", "OrderedOutput", "Tally"]
