"""JSON and JSON lines: the report as plain data, with a versioned schema."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from provcheck.checks import Finding
from provcheck.formats import FormatContext
from provcheck.model import Article
from provcheck.report import Report, Score

if TYPE_CHECKING:
    from provcheck.boundary import PluginProblem

SCHEMA_VERSION = "1.0"


def finding_data(finding: Finding) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": finding.code,
        "name": finding.name,
        "level": finding.level.label,
        "dimension": finding.dimension,
        "message": finding.message,
        "line": finding.position.line,
        "column": finding.position.column,
        "text": finding.text,
        "explanation": finding.explanation,
        "fix": finding.fix,
        "points": finding.points,
        "positive": finding.positive,
        "plugin": finding.plugin,
        "suppressed": finding.suppressed,
    }
    if finding.suppressed:
        data["suppression_reason"] = finding.suppression_reason
    if finding.data:
        data["data"] = dict(finding.data)
    return data


def article_data(article: Article) -> dict[str, Any]:
    return {
        "title": article.title,
        "authors": [{"name": a.name, "kind": a.kind, "origin": a.origin} for a in article.authors],
        "byline": article.byline,
        "published": article.published,
        "modified": article.modified,
        "publisher": article.publisher,
        "url": article.url,
        "language": article.language,
        "media_type": article.media_type,
        "blocks": len(article.blocks),
        "sentences": sum(len(b.sentences) for b in article.blocks),
        "images": [
            {
                "src": i.src,
                "origin": i.origin,
                "alt": i.alt,
                "caption": i.caption,
                "credit": i.credit,
                "line": i.position.line,
            }
            for i in article.images
        ],
        "links": {
            "total": len(article.links),
            "by_kind": _count(link.kind for link in article.links),
        },
        "credit_lines": [
            {"kind": c.kind, "text": c.text, "line": c.position.line} for c in article.credit_lines
        ],
    }


def score_data(score: Score | None) -> dict[str, Any] | None:
    if score is None:
        return None
    return {
        "overall": score.overall,
        "band": score.band,
        "incomplete": score.incomplete,
        "dimensions": {
            d.name: {
                "score": d.score,
                "base": d.base,
                "weight": d.weight,
                "deductions": [
                    {"code": x.code, "points": x.points, "findings": x.findings, "capped": x.capped}
                    for x in d.deductions
                ],
            }
            for d in score.dimensions
        },
    }


def body_data(article: Article) -> dict[str, Any]:
    """The article text itself: blocks with their sentences (offsets into the block text)
    and where each image sits among them - what a report that shows the article needs."""
    return {
        "blocks": [
            {
                "index": b.index,
                "kind": b.kind,
                "text": b.text,
                "line": b.position.line,
                "column": b.position.column,
                "sentences": [
                    {
                        "text": s.text,
                        "start": s.start,
                        "end": s.end,
                        "line": s.position.line,
                        "column": s.position.column,
                    }
                    for s in b.sentences
                ],
            }
            for b in article.blocks
        ],
        "images": [
            {"src": i.src, "resolved": i.resolved, "after_block": i.after_block}
            for i in article.images
        ],
    }


def report_data(report: Report, *, body: bool = False) -> dict[str, Any]:
    """The report as plain data; ``body=True`` adds the article text (``body_data``)."""
    data = {
        "source": report.source,
        "error": report.error or None,
        "article": article_data(report.article) if report.article else None,
        "score": score_data(report.score),
        "findings": [finding_data(f) for f in report.findings],
        "summaries": dict(report.summaries),
    }
    if body:
        data["body"] = body_data(report.article) if report.article else None
    return data


def _count(values: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items()))


def errors_data(reports: Sequence[Report], ctx: FormatContext) -> list[dict[str, Any]]:
    """Sources that could not be read, then plugins that failed to load or in a hook."""
    errors: list[dict[str, Any]] = [
        {"source": r.source, "message": r.error} for r in reports if r.error
    ]
    return errors + [problem.as_dict() for problem in ctx.problems]


class JsonFormat:
    name = "json"
    summary = "one JSON document: schema_version, reports, errors"

    def render(self, reports: Sequence[Report], ctx: FormatContext) -> str:
        document = {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "provcheck", "version": ctx.version},
            "reports": [report_data(r) for r in reports],
            "errors": errors_data(reports, ctx),
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def line_data(report: Report, problems: Sequence[PluginProblem] = ()) -> dict[str, Any]:
    """One JSON-lines record: ``schema_version``, ``report_data``, then ``errors``: the
    plugin failures of the run known when the line is written (load and session hooks; a
    page's own are PC902 findings in it), as in the JSON document's ``errors``. A line stands
    alone, so each carries them: a reader of any one line sees that the run was incomplete."""
    data = {"schema_version": SCHEMA_VERSION, **report_data(report)}
    data["errors"] = [problem.as_dict() for problem in problems]
    return data


class JsonLinesFormat:
    name = "jsonl"
    summary = "one JSON report per line, written as each article finishes"

    def render(self, reports: Sequence[Report], ctx: FormatContext) -> str:
        return "".join(self.render_one(r, ctx) for r in reports)

    def render_one(self, report: Report, ctx: FormatContext) -> str:
        return json.dumps(line_data(report, ctx.problems), ensure_ascii=False) + "\n"
