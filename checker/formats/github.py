"""GitHub Actions workflow commands: findings appear as annotations on the changed files."""

from __future__ import annotations

from collections.abc import Sequence

from provcheck.checks import Level
from provcheck.formats import FormatContext
from provcheck.formats.visible import visible
from provcheck.report import Report

_COMMANDS = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "notice"}


def _escape_data(text: str) -> str:
    # Line breaks end a workflow command: GitHub's own escapes; other controls made visible.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return visible(text)


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubFormat:
    name = "github"
    summary = "GitHub Actions workflow annotations (::error file=...::message)"

    def render(self, reports: Sequence[Report], ctx: FormatContext) -> str:
        lines = []
        for report in reports:
            for finding in report.active_findings:
                props = [f"file={_escape_property(report.source)}"]
                if finding.position.line > 0:
                    props.append(f"line={finding.position.line}")
                    if finding.position.column > 0:
                        props.append(f"col={finding.position.column}")
                props.append(f"title={_escape_property(f'{finding.code} {finding.name}')}")
                message = finding.message + (f" Fix: {finding.fix}" if finding.fix else "")
                lines.append(
                    f"::{_COMMANDS[finding.level]} {','.join(props)}::{_escape_data(message)}"
                )
        return "".join(line + "\n" for line in lines)
