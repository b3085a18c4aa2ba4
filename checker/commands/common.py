"""Options and set-up shared by the subcommands: plugins, config, session."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from provcheck.config import Config, find_config_file, load_config, start_folder
from provcheck.host import Session
from provcheck.pluginmanager import LoadResult, make_plugin_manager


def add_plugin_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("plugins and configuration")
    group.add_argument(
        "-p",
        dest="plugin_flags",
        action="append",
        default=[],
        metavar="no:NAME",
        help="disable a plugin by name before it is imported (repeatable), e.g. -p no:imagery",
    )
    group.add_argument(
        "--config",
        metavar="FILE",
        help="use this provcheck.toml or pyproject.toml instead of searching upwards for one",
    )
    group.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    group.add_argument(
        "--strict-plugins",
        action="store_true",
        help="stop with an error when a plugin fails to load, instead of skipping it",
    )


def blocked_plugins(flags: Sequence[str], config: Config) -> list[str]:
    blocked = list(config.disable)
    for flag in flags:
        if not flag.startswith("no:"):
            raise SystemExit(f"provcheck: error: -p takes no:NAME (got {flag!r})")
        blocked.append(flag[3:])
    return blocked


def read_config(args: argparse.Namespace, sources: Sequence[str] = ()) -> Config:
    if getattr(args, "isolated", False):
        return Config()
    if args.config:
        return load_config(Path(args.config))
    return load_config(find_config_file(start_folder(sources)))


def load_plugins(args: argparse.Namespace, config: Config) -> LoadResult:
    loaded = make_plugin_manager(
        blocked_plugins(args.plugin_flags, config),
        strict=args.strict_plugins or config.strict_plugins,
    )
    for failure in loaded.failures:
        print(f"provcheck: warning: {failure}", file=sys.stderr)
    return loaded


def open_session(args: argparse.Namespace) -> Session:
    config = read_config(args)
    return Session(config, load_plugins(args, config))
