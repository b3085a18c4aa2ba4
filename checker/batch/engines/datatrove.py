"""provcheck as a datatrove pipeline step (``pip install 'provcheck[datatrove]'``).

``ProvcheckScorer`` scores each document's HTML and stores the report in
``document.metadata["provcheck"]``. Put it straight after ``WarcReader`` and before any text
extractor: extractors (``Trafilatura`` and the like) replace ``document.text`` with plain text,
and provcheck needs the page's markup - its byline, captions, credit lines and links::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from provcheck.batch.engines.datatrove import ProvcheckScorer

    LocalPipelineExecutor(
        pipeline=[
            WarcReader("crawl/", glob_pattern="*.warc.gz"),
            ProvcheckScorer(),
            JsonlWriter("scored/"),
        ],
        tasks=8, workers=2, logging_dir="logs/",
    ).run()

datatrove resumes by task: a relaunch with the same ``logging_dir`` runs only the tasks that
did not finish. A page that breaks provcheck is a report with ``error`` set, never an exception
that fails the task.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from provcheck.batch.page import DEFAULT_TIME_LIMIT, score_page

#: The fields kept with ``compact=True``: enough to filter or aggregate a crawl by.
COMPACT_FIELDS = ("schema_version", "error", "score_overall", "band", "codes", "dimensions")


def compact(report: dict[str, Any]) -> dict[str, Any]:
    """A report cut down to scores and finding codes (no texts, no explanations)."""
    score = report.get("score") or {}
    return {
        "schema_version": report["schema_version"],
        "error": report["error"],
        "score_overall": score.get("overall"),
        "band": score.get("band"),
        "codes": [f["code"] for f in report["findings"] if not f["suppressed"]],
        "dimensions": {k: v["score"] for k, v in (score.get("dimensions") or {}).items()},
    }


class ProvcheckScorer(PipelineStep):  # type: ignore[misc]  # datatrove has no type hints
    """Score each document's HTML; the report goes to ``metadata[metadata_key]``.

    ``compact=True`` keeps only ``COMPACT_FIELDS``; ``time_limit`` is per page, in seconds.
    The document's ``metadata["url"]`` (set by ``WarcReader``) is the report's source and
    ``document.id`` (the WARC-Record-ID) its ``summaries["record"]["id"]``.
    """

    name = "📰 provcheck"
    type = "🔍 - SCORER"

    def __init__(
        self,
        metadata_key: str = "provcheck",
        *,
        compact: bool = False,
        time_limit: float | None = DEFAULT_TIME_LIMIT,
    ) -> None:
        super().__init__()
        self.metadata_key = metadata_key
        self.compact = compact
        self.time_limit = time_limit

    def score(self, document: Document) -> dict[str, Any]:
        url = str(document.metadata.get("url") or "")
        report = score_page(
            document.text, url, record_id=str(document.id), time_limit=self.time_limit
        )
        return compact(report) if self.compact else report

    def run(
        self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1
    ) -> Iterator[Document]:
        for document in data:
            with self.track_time():
                report = self.score(document)
            document.metadata[self.metadata_key] = report
            self.stat_update("scored")
            if report["error"]:
                self.stat_update("errors")
            yield document


__all__ = ["COMPACT_FIELDS", "ProvcheckScorer", "compact"]
