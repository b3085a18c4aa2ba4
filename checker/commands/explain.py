"""``provcheck explain CODE``: why a rule matters, examples, how to fix and to silence it."""

from __future__ import annotations

import argparse
import sys
import textwrap
from typing import Any

from provcheck.commands.common import add_plugin_options, open_session
from provcheck.errors import ExitCode


def add_parser(commands: Any) -> None:
    parser = commands.add_parser("explain", help="explain one rule (by code or name)")
    parser.add_argument("rule", metavar="CODE", help="a rule code such as SRC103, or its name")
    add_plugin_options(parser)
    parser.set_defaults(func=run)


def _para(text: str) -> str:
    return textwrap.fill(" ".join(text.split()), width=88)


def run(args: argparse.Namespace) -> int:
    session = open_session(args)
    wanted = args.rule.strip()
    rule = next(
        (r for r in session.rules.values() if wanted.upper() == r.code or wanted == r.name), None
    )
    if rule is None:
        print(
            f"provcheck: error: no rule {wanted!r}; `provcheck rules` lists them", file=sys.stderr
        )
        return ExitCode.USAGE
    cap = f", at most {rule.max_points} per article" if rule.max_points else ""
    lines = [
        f"{rule.code} {rule.name} ({rule.level.label}, {rule.dimension})",
        "",
        _para(rule.summary),
        "",
        "Why it matters",
        _para(rule.explanation or rule.summary),
        "",
        f"Score: {rule.points} point(s) per finding{cap}"
        + (" — a positive signal, reported but costing nothing" if rule.positive else ""),
    ]
    if rule.example_fires:
        lines += ["", "Fires on", textwrap.indent(rule.example_fires, "  ")]
    if rule.example_quiet:
        lines += ["", "Stays quiet on", textwrap.indent(rule.example_quiet, "  ")]
    if rule.fix:
        lines += ["", "How to fix", _para(rule.fix)]
    if not rule.code.startswith("PC9"):
        lines += [
            "",
            "How to silence it",
            f"  in the article:   <!-- provcheck: ignore[{rule.code}] reason -->",
            f"  for a run:        provcheck scan --ignore {rule.code} ...",
            f'  in the config:    ignore = ["{rule.code}"]   # [tool.provcheck]',
        ]
    info = session.loaded.named(rule.plugin)
    shipped = f" ({info.distribution} {info.version})" if info and not info.builtin else ""
    lines += ["", f"Plugin: {rule.plugin or 'provcheck'}{shipped}"]
    print("\n".join(lines))
    return ExitCode.OK
