"""``provcheck plugins``: what is loaded, from which distribution, with which hooks and rules;
the rule packs (from the configuration and shipped by plugins); what is switched off; and
what failed to load."""

from __future__ import annotations

import argparse
import json
from typing import Any

from provcheck.commands.common import add_plugin_options, open_session
from provcheck.errors import ExitCode
from provcheck.host import Session


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "plugins", help="list plugins, versions, hooks, rules, rule packs, disabled plugins"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    add_plugin_options(parser)
    parser.set_defaults(func=run)


def listing(session: Session) -> dict[str, Any]:
    """Everything ``provcheck plugins`` shows, as plain data."""
    plugins: list[dict[str, Any]] = []
    for info in session.loaded.plugins:
        codes = sorted(r.code for r in session.rules.values() if r.plugin == info.name)
        plugins.append(
            {
                "name": info.name,
                "distribution": info.distribution,
                "version": info.version,
                "builtin": info.builtin,
                "origin": info.origin,
                "hooks": list(info.hooks),
                "rules": codes,
            }
        )
    packs = [
        {
            "name": pack.name,
            "prefix": pack.prefix,
            "path": pack.path,
            # "pack:NAME" for a pack named in the configuration, else the plugin shipping it
            "plugin": owner,
            "source": "config" if owner.startswith("pack:") else "plugin",
            "rules": [item.rule.code for item in pack.rules],
        }
        for owner, pack in session.packs
    ]
    disabled = [
        {"name": i.name, "distribution": i.distribution, "version": i.version,
         "builtin": i.builtin}
        for i in session.loaded.disabled
    ]  # fmt: skip
    return {
        "plugins": plugins,
        "packs": packs,
        "disabled": disabled,
        "failures": session.loaded.failures,
    }


def run(args: argparse.Namespace) -> int:
    session = open_session(args)
    data = listing(session)
    if args.format == "json":
        print(json.dumps(data, indent=2))
        return session.exit_code(ExitCode.OK)
    for row in data["plugins"]:
        if row["builtin"]:
            kind = "built-in"
        elif row["distribution"]:
            kind = f"{row['distribution']} {row['version']}"
        else:
            kind = f"not installed ({row['origin']})"
        print(f"{row['name']:<16} {kind}")
        print(f"    hooks: {', '.join(h.removeprefix('provcheck_') for h in row['hooks'])}")
        if row["rules"]:
            print(f"    rules: {', '.join(row['rules'])}")
    for pack in data["packs"]:
        source = "configuration" if pack["source"] == "config" else f"plugin {pack['plugin']}"
        print(f"pack {pack['name']:<11} {pack['prefix']}, from {source}: {pack['path']}")
        print(f"    rules: {', '.join(pack['rules'])}")
    for row in data["disabled"]:
        kind = "built-in" if row["builtin"] else f"{row['distribution']} {row['version']}"
        print(f"disabled: {row['name']} ({kind})")
    for failure in data["failures"]:
        print(f"failed: {failure}")
    return session.exit_code(ExitCode.OK)
