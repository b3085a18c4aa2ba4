"""Scoring at scale: takes many sources (or one page from an engine such as datatrove, Dask or
Spark) and gives plain-data reports, in worker processes with a per-page time limit, streamed to
JSON lines or Parquet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from provcheck._lazy import lazy_exports

if TYPE_CHECKING:
    from provcheck.batch.limits import PageTimeout, time_limit
    from provcheck.batch.output import JsonlFile, ParquetFile
    from provcheck.batch.page import engine_session, page_document, plain_data, score_page
    from provcheck.batch.runner import batch_jobs, run_batch

__all__ = [
    "JsonlFile",
    "PageTimeout",
    "ParquetFile",
    "batch_jobs",
    "engine_session",
    "page_document",
    "plain_data",
    "run_batch",
    "score_page",
    "time_limit",
]

__getattr__ = lazy_exports(__name__, {
    "JsonlFile": "output",
    "PageTimeout": "limits",
    "ParquetFile": "output",
    "batch_jobs": "runner",
    "engine_session": "page",
    "page_document": "page",
    "plain_data": "page",
    "run_batch": "runner",
    "score_page": "page",
    "time_limit": "limits",
})
