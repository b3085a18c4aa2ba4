"""``provcheck rules``: every rule with its code, name, level, dimension and summary."""

from __future__ import annotations

import argparse
import json
from typing import Any

from provcheck.commands.common import add_plugin_options, open_session
from provcheck.errors import ExitCode


def add_parser(commands: Any) -> None:
    parser = commands.add_parser("rules", help="list every rule: code, name, level, summary")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    add_plugin_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    session = open_session(args)
    rules = session.rules_sorted()
    if args.format == "json":
        data = [
            {"code": r.code, "name": r.name, "level": r.level.label, "dimension": r.dimension,
             "points": r.points, "max_points": r.max_points, "summary": r.summary,
             "plugin": r.plugin}
            for r in rules
        ]  # fmt: skip
        print(json.dumps(data, indent=2))
        return ExitCode.OK
    for rule in rules:
        points = f"−{rule.points}" if rule.points else ""
        print(
            f"{rule.code:<7} {rule.name:<32} {rule.level.label:<8} {rule.dimension:<13}"
            f"{points:>4}  {rule.summary}"
        )
    return ExitCode.OK
