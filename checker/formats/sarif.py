"""SARIF 2.1.0 for code-scanning tools (GitHub code scanning and others)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from provcheck.checks import Finding, Level, Rule
from provcheck.formats import FormatContext
from provcheck.report import Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
DOCS = "https://github.com/provcheck/provcheck/blob/main/docs/rules.md"
_LEVELS = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "note"}


def rule_data(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join((rule.explanation or rule.summary).split())},
        "help": {"text": " ".join(rule.fix.split()) or rule.summary},
        "helpUri": f"{DOCS}#{rule.code.lower()}",
        "defaultConfiguration": {"level": _LEVELS[rule.level]},
        "properties": {"dimension": rule.dimension, "points": rule.points},
    }


def _uri(source: str) -> str:
    if source.startswith(("http://", "https://")) or source == "-":
        return source
    path = Path(source)
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().as_uri()


def result_data(report: Report, finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": _uri(report.source)}}
    if finding.position.line > 0:
        region: dict[str, Any] = {"startLine": finding.position.line}
        if finding.position.column > 0:
            region["startColumn"] = finding.position.column
        if finding.text:
            region["snippet"] = {"text": finding.text}
        location["region"] = region
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": _LEVELS[finding.level],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": location}],
        "properties": {"points": finding.points, "dimension": finding.dimension},
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    if finding.suppressed:
        result["suppressions"] = [
            {"kind": "inSource", "justification": finding.suppression_reason or ""}
        ]
    return result


def extensions(ctx: FormatContext) -> list[dict[str, Any]]:
    """Every plugin that is not part of provcheck, with its distribution and version."""
    return [
        {
            "name": info.name,
            "version": info.version or "unknown",
            "product": info.distribution or info.origin or info.name,
            "properties": {"hooks": list(info.hooks)},
        }
        for info in ctx.plugins
        if not info.builtin
    ]


def invocation(ctx: FormatContext) -> dict[str, Any]:
    """Plugins that failed to load (configuration) or raised in a hook (execution)."""
    loading: list[dict[str, Any]] = []
    running: list[dict[str, Any]] = []
    for problem in ctx.problems:
        note = {
            "level": "warning" if problem.hook == "import" else "error",
            "message": {"text": problem.message},
            "properties": {
                "plugin": problem.plugin, "distribution": problem.distribution,
                "version": problem.version, "hook": problem.hook, "where": problem.where,
            },
        }  # fmt: skip
        (loading if problem.hook == "import" else running).append(note)
    data: dict[str, Any] = {"executionSuccessful": not running}
    if loading:
        data["toolConfigurationNotifications"] = loading
    if running:
        data["toolExecutionNotifications"] = running
    return data


class SarifFormat:
    name = "sarif"
    summary = "SARIF 2.1.0 for GitHub code scanning and other code-review tools"

    def render(self, reports: Sequence[Report], ctx: FormatContext) -> str:
        rules = sorted(ctx.rules, key=lambda r: r.code)
        index = {rule.code: i for i, rule in enumerate(rules)}
        results = [result_data(r, f, index) for r in reports for f in r.findings]
        run = {
            "tool": {
                "driver": {
                    "name": "provcheck",
                    "version": ctx.version,
                    "informationUri": "https://github.com/provcheck/provcheck",
                    "rules": [rule_data(rule) for rule in rules],
                },
                "extensions": extensions(ctx),
            },
            "invocations": [invocation(ctx)],
            "results": results,
            "properties": {
                "scores": {r.source: r.score.overall for r in reports if r.score is not None}
            },
        }
        document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
