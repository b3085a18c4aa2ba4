"""``provcheck rules``: every rule with its code, name, level, dimension and summary."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from provcheck.commands.common import add_plugin_options, open_session
from provcheck.errors import ExitCode


def add_parser(commands: Any) -> None:
    parser = commands.add_parser("rules", help="list every rule: code, name, level, summary")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--check", metavar="PACK", action="append", default=[],
        help="validate a rule pack (file or folder) and run each rule's example_fires and "
        "example_quiet; exit 1 if an example disagrees with its rule (repeatable)",
    )  # fmt: skip
    add_plugin_options(parser)
    parser.set_defaults(func=run)


def check_packs(paths: list[str]) -> int:
    """``provcheck rules --check PACK``: every example of every rule, pass or fail."""
    from provcheck.rulepacks.packs import load_packs
    from provcheck.rulepacks.validate import check_examples

    failed = ran = 0
    for pack in load_packs([Path(p) for p in paths], examples=False):
        results = check_examples(pack)
        print(f"{pack.path}: pack {pack.name} ({pack.prefix}), {len(pack.rules)} rule(s)")
        for result in results:
            mark = "ok  " if result.ok else "FAIL"
            detail = result.problem or f"{result.which}: {result.example!r}"
            print(f"  {mark} {result.code} {detail}")
        missing = [
            i.rule.code for i in pack.rules if not (i.rule.example_fires and i.rule.example_quiet)
        ]
        if missing:
            print(f"  note: no example_fires/example_quiet for {', '.join(missing)}")
        failed += sum(not r.ok for r in results)
        ran += len(results)
    print(f"{ran} example(s), {failed} failed")
    return ExitCode.FINDINGS if failed else ExitCode.OK


def run(args: argparse.Namespace) -> int:
    if args.check:
        return check_packs(args.check)
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
