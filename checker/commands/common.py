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
        metavar="no:NAME|MODULE",
        help="disable a plugin by name before it is imported, e.g. -p no:imagery; or load an "
        "importable module as a plugin, e.g. -p my_rules (repeatable)",
    )
    group.add_argument(
        "--plugins-dir",
        action="append",
        default=[],
        metavar="DIR",
        help="load every module and package in DIR as a plugin, uninstalled (repeatable)",
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
        help="stop with an error when a plugin fails to load, and exit 2 (not 3) when one "
        "fails in a hook or check",
    )
    group.add_argument(
        "--show-traceback",
        action="store_true",
        help="print the full traceback when a plugin fails",
    )


def blocked_plugins(flags: Sequence[str], config: Config) -> list[str]:
    blocked = list(config.disable)
    blocked += [flag[3:] for flag in flags if flag.startswith("no:")]
    return blocked


def plugin_modules(flags: Sequence[str]) -> list[str]:
    """The modules ``-p MODULE`` asks to load (every -p value not starting with no:)."""
    return [flag for flag in flags if not flag.startswith("no:")]


def read_config(args: argparse.Namespace, sources: Sequence[str] = ()) -> Config:
    if getattr(args, "isolated", False):
        return Config()
    if args.config:
        return load_config(Path(args.config))
    return load_config(find_config_file(start_folder(sources)))


def load_plugins(args: argparse.Namespace, config: Config) -> LoadResult:
    return make_plugin_manager(
        blocked_plugins(args.plugin_flags, config),
        strict=args.strict_plugins or config.strict_plugins,
        modules=plugin_modules(args.plugin_flags),
        plugin_dirs=args.plugins_dir,
        show_traceback=args.show_traceback,
        say=lambda line: print(line, file=sys.stderr),
    )


def open_session(args: argparse.Namespace) -> Session:
    config = read_config(args)
    return Session(config, load_plugins(args, config))
