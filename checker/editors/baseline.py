"""Baselines: adopt provcheck on an archive by accepting the findings it already has.

``provcheck scan content/ --write-baseline provcheck-baseline.json`` records every current
finding; ``provcheck scan content/ --baseline provcheck-baseline.json`` then reports only
findings that are not recorded. A finding is matched by file, rule code and quoted text -
never by line, so an edit above it does not bring it back - and each key keeps a count, so
a sentence that fires twice and gains a third copy reports exactly the third.

The file is JSON (documented in docs/editors.md)::

    {
      "format": "provcheck-baseline",
      "version": 1,
      "generated_by": "provcheck 0.2.0",
      "findings": [
        {"file": "news/flood.md", "code": "TRN101", "text": "Web Desk", "count": 1}
      ]
    }

``file`` is relative to the folder the baseline file is in (URLs and ``-`` as given), with
``/`` separators, so the baseline works from any working directory and on any system.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from provcheck.checks import Finding
from provcheck.errors import ConfigError
from provcheck.report import Report
from provcheck.sources.local import is_url

FORMAT = "provcheck-baseline"
VERSION = 1
# Host diagnostics are about reading the file, not about its content: never baselined.
_NOT_RECORDED = ("PC901", "PC902")

Key = tuple[str, str, str]


def _file_key(source: str, root: Path) -> str:
    if source == "-" or is_url(source):
        return source
    path = Path(source).resolve()
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _key(file: str, finding: Finding) -> Key:
    return (file, finding.code, " ".join(finding.text.split()))


def _recordable(finding: Finding) -> bool:
    return not finding.suppressed and finding.code not in _NOT_RECORDED


class Baseline:
    """Known findings with counts; ``filter`` removes them from reports as they come."""

    def __init__(self, root: Path, counts: Counter[Key]) -> None:
        self.root = root
        self.remaining = counts

    def filter(self, report: Report) -> Report:
        """The report without the findings this baseline accounts for (each used once)."""
        file = _file_key(report.source, self.root)
        kept = []
        for finding in report.findings:
            key = _key(file, finding)
            if _recordable(finding) and self.remaining[key] > 0:
                self.remaining[key] -= 1
                continue
            kept.append(finding)
        if len(kept) == len(report.findings):
            return report
        return replace(report, findings=tuple(kept))


def load_baseline(path: str | Path) -> Baseline:
    """Read a baseline file; a missing or malformed one is a configuration error."""
    path = Path(path)
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"baseline {path} does not exist (create it with --write-baseline {path})"
        ) from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"baseline {path} cannot be read as JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ConfigError(f'baseline {path} is not a provcheck baseline (no "format": {FORMAT!r})')
    if data.get("version") != VERSION:
        raise ConfigError(
            f"baseline {path} has version {data.get('version')!r}; this provcheck reads {VERSION}"
        )
    counts: Counter[Key] = Counter()
    for entry in data.get("findings", []):
        try:
            key = (str(entry["file"]), str(entry["code"]), " ".join(str(entry["text"]).split()))
            counts[key] += int(entry.get("count", 1))
        except (KeyError, TypeError, ValueError):
            raise ConfigError(f"baseline {path}: malformed entry {entry!r}") from None
    return Baseline(path.resolve().parent, counts)


def write_baseline(path: str | Path, reports: Iterable[Report], version: str) -> int:
    """Record every active finding of ``reports`` in ``path``; returns how many."""
    path = Path(path)
    root = path.resolve().parent
    counts: Counter[Key] = Counter()
    for report in reports:
        file = _file_key(report.source, root)
        counts.update(_key(file, f) for f in report.findings if _recordable(f))
    entries = [
        {"file": file, "code": code, "text": text, "count": count}
        for (file, code, text), count in sorted(counts.items())
    ]
    document = {
        "format": FORMAT,
        "version": VERSION,
        "generated_by": f"provcheck {version}",
        "findings": entries,
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return sum(counts.values())
