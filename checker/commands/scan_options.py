"""The options of ``provcheck scan`` and how they change the configuration (the command
itself is ``commands/scan.py``). ``provcheck.testing`` parses plugin options with them too."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from provcheck.checks import Level
from provcheck.commands.common import add_plugin_options
from provcheck.config import DEFAULT_MAX_BYTES, DEFAULT_PAGE_TIMEOUT, DEFAULT_TIMEOUT, Config
from provcheck.errors import ConfigError

#: The formats provcheck ships (plugins add more; `provcheck plugins` lists them).
BUILTIN_FORMATS = ("text", "concise", "json", "jsonl", "sarif", "github", "html")


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def add_scan_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", nargs="*", metavar="SOURCE", help="file, folder, URL or -")
    out = parser.add_argument_group("output")
    out.add_argument(
        "-f", "--format", default="text", metavar="FORMAT",
        help=f"{', '.join(BUILTIN_FORMATS)}, or a plugin's format (default: text)",
    )  # fmt: skip
    out.add_argument("-o", "--output", metavar="FILE", help="write the report here, not stdout")
    out.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto",
        help="colour in text and concise output (auto: only on a terminal; NO_COLOR and "
        "FORCE_COLOR are honoured)",
    )  # fmt: skip
    out.add_argument(
        "-q", "--quiet", action="store_true",
        help="print the report and errors only: no progress, summary or notes on stderr",
    )  # fmt: skip
    out.add_argument(
        "--statistics", action="store_true",
        help="after the report, count findings per rule (on stderr when the report is "
        "machine-readable output on stdout)",
    )  # fmt: skip
    out.add_argument(
        "--stdin-filename", metavar="PATH",
        help="the name to report standard input (-) under; also picks the config file and "
        "Markdown by suffix",
    )  # fmt: skip
    gate = parser.add_argument_group("exit code")
    gate.add_argument(
        "--fail-on", metavar="LEVEL", type=_level,
        help="exit 1 on a finding at or above this level: info, warning, error (default: error)",
    )  # fmt: skip
    gate.add_argument(
        "--fail-under", metavar="N", type=int,
        help="exit 1 when an article's overall score is below N (0-100)",
    )  # fmt: skip
    gate.add_argument(
        "--exit-zero", action="store_true",
        help="exit 0 even when findings fail the run (input errors still exit 2)",
    )  # fmt: skip
    walk = parser.add_argument_group("folders")
    walk.add_argument(
        "--exclude", action="append", default=[], metavar="PATTERNS",
        help="leave out files and folders matching these gitignore-style patterns "
        "(comma-separated, repeatable), e.g. --exclude 'drafts/,*.amp.html'",
    )  # fmt: skip
    walk.add_argument(
        "--no-respect-gitignore", dest="respect_gitignore", action="store_false",
        help="scan what .gitignore files ignore (VCS, virtualenv and cache folders are "
        "still skipped)",
    )  # fmt: skip
    base = parser.add_argument_group("baseline (adopt provcheck on an existing archive)")
    base.add_argument(
        "--baseline",
        metavar="FILE",
        help="report only findings not recorded in this baseline file",
    )
    base.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record every current finding in FILE; exit 0 unless input errors",
    )
    pick = parser.add_argument_group("rule selection (codes, prefixes or names, comma-separated)")
    pick.add_argument(
        "--select",
        type=_codes,
        action="extend",
        metavar="CODES",
        help="only these rules, e.g. --select SRC,AGY101",
    )
    pick.add_argument(
        "--extend-select",
        type=_codes,
        action="extend",
        metavar="CODES",
        help="add rules to the configured selection",
    )
    pick.add_argument(
        "--ignore",
        type=_codes,
        action="extend",
        metavar="CODES",
        help="switch rules off, e.g. --ignore TRN102,vague-source",
    )
    net = parser.add_argument_group("limits and network")
    net.add_argument(
        "--max-bytes", type=int, metavar="N",
        help=f"largest file or download accepted (default {DEFAULT_MAX_BYTES:,})",
    )  # fmt: skip
    net.add_argument(
        "--timeout", type=float, metavar="SECONDS",
        help=f"connect/read timeout for URLs (default {DEFAULT_TIMEOUT:g})",
    )  # fmt: skip
    net.add_argument(
        "--page-timeout", type=float, metavar="SECONDS",
        help="give up on one page after this long and report it as that page's error "
        f"(default {DEFAULT_PAGE_TIMEOUT:g}; 0: no limit)",
    )  # fmt: skip
    net.add_argument(
        "--allow-private-network", action="store_true",
        help="let URL scans reach loopback, private and link-local addresses (off by default)",
    )  # fmt: skip
    batch = parser.add_argument_group("many sources and web archives (docs/batch.md)")
    batch.add_argument(
        "--jobs", type=_jobs, metavar="N",
        help="worker processes; default: the CPU count for more than 8 sources or any WARC, "
        "else 1, and 1 under pre-commit, which runs hooks in parallel itself (0: the CPU "
        "count)",
    )  # fmt: skip
    batch.add_argument(
        "--output-dir", metavar="DIR",
        help="write one file per input here instead of stdout; a rerun skips the inputs "
        "whose file exists",
    )  # fmt: skip
    batch.add_argument(
        "--output-dir-format", dest="output_format", choices=("jsonl", "parquet"),
        default="jsonl", help="file format for --output-dir (parquet needs pyarrow)",
    )  # fmt: skip
    # The old name: ruff and others use --output-format for the report format (our --format).
    batch.add_argument(
        "--output-format", dest="old_output_format", choices=("jsonl", "parquet"),
        help=argparse.SUPPRESS,
    )  # fmt: skip
    add_plugin_options(parser)


def _level(value: str) -> Level:
    try:
        return Level.parse(value)
    except ValueError as exc:  # argparse would say only "invalid _level value"
        raise argparse.ArgumentTypeError(str(exc)) from None


def _jobs(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"takes a number of processes, 0 or more (got {value!r})")
    return int(value)


def merge_options(config: Config, args: argparse.Namespace) -> Config:
    """The configuration with the command line's settings over it."""
    changes: dict[str, Any] = {"options": args}
    for key in ("select", "extend_select", "ignore"):
        if getattr(args, key):
            changes[key] = tuple(getattr(args, key))
    for key in ("fail_on", "fail_under", "max_bytes", "timeout", "page_timeout"):
        if getattr(args, key) is not None:
            changes[key] = getattr(args, key)
    if args.allow_private_network:
        changes["allow_private_network"] = True
    if args.fail_under is not None and not 0 <= args.fail_under <= 100:
        raise ConfigError("--fail-under takes a score from 0 to 100")
    if args.page_timeout is not None and args.page_timeout < 0:
        raise ConfigError("--page-timeout takes seconds, 0 or more (0: no limit)")
    return dataclasses.replace(config, **changes)


__all__ = ["BUILTIN_FORMATS", "add_scan_options", "merge_options"]
