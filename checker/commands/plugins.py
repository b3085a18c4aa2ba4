"""``provcheck plugins``: what is loaded, from which distribution, with which hooks and rules."""

from __future__ import annotations

import argparse
import json
from typing import Any

from provcheck.commands.common import add_plugin_options, open_session
from provcheck.errors import ExitCode


def add_parser(commands: Any) -> None:
    parser = commands.add_parser("plugins", help="list loaded plugins, versions, hooks, rules")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    add_plugin_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    session = open_session(args)
    rows: list[dict[str, Any]] = []
    for info in session.loaded.plugins:
        codes = sorted(r.code for r in session.rules.values() if r.plugin == info.name)
        rows.append(
            {
                "name": info.name,
                "distribution": info.distribution,
                "version": info.version,
                "builtin": info.builtin,
                "hooks": list(info.hooks),
                "rules": codes,
            }
        )
    if args.format == "json":
        print(json.dumps({"plugins": rows, "failures": session.loaded.failures}, indent=2))
        return ExitCode.OK
    for row in rows:
        kind = "built-in" if row["builtin"] else f"{row['distribution']} {row['version']}"
        print(f"{row['name']:<16} {kind}")
        print(f"    hooks: {', '.join(h.removeprefix('provcheck_') for h in row['hooks'])}")
        if row["rules"]:
            print(f"    rules: {', '.join(row['rules'])}")
    for failure in session.loaded.failures:
        print(f"failed: {failure}")
    return ExitCode.OK
