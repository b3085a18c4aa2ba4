"""``provcheck scan``: load, check, score and report each source."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from typing import Any

from provcheck.checks import Level
from provcheck.commands.common import add_plugin_options, load_plugins, read_config
from provcheck.commands.output import ReportSink
from provcheck.config import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, Config
from provcheck.errors import ConfigError, ExitCode
from provcheck.host import Session, add_plugin_options_of
from provcheck.sources.local import expand_sources, is_warc

DESCRIPTION = """\
Scan articles: HTML files, folders (every .html/.htm/.md below them), URLs, or - for
standard input. Each source gets its own report; a source that cannot be read gets one
error line and the others are still scanned. Web archives (.warc, .warc.gz, .arc, .arc.gz)
give one report per HTML page; many sources are scanned on all cores (docs/batch.md)."""


def add_parser(commands: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        "scan",
        help="check articles and report scores and findings",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_scan_options(parser)
    return parser


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def add_scan_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", nargs="*", metavar="SOURCE", help="file, folder, URL or -")
    out = parser.add_argument_group("output")
    out.add_argument(
        "-f", "--format", default="text", metavar="FORMAT",
        help="text (default), json, jsonl, sarif, github, or a plugin's format",
    )  # fmt: skip
    out.add_argument("-o", "--output", metavar="FILE", help="write the report here, not stdout")
    out.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto",
        help="colour in text output (auto: only on a terminal)",
    )  # fmt: skip
    gate = parser.add_argument_group("exit code")
    gate.add_argument(
        "--fail-on", metavar="LEVEL", type=Level.parse,
        help="exit 1 on a finding at or above this level: info, warning, error (default: error)",
    )  # fmt: skip
    gate.add_argument(
        "--fail-under", metavar="N", type=int,
        help="exit 1 when an article's overall score is below N (0-100)",
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
        "--allow-private-network", action="store_true",
        help="let URL scans reach loopback, private and link-local addresses (off by default)",
    )  # fmt: skip
    batch = parser.add_argument_group("many sources and web archives (docs/batch.md)")
    batch.add_argument(
        "--jobs", type=_jobs, metavar="N",
        help="worker processes; default: the CPU count for more than 8 sources or any WARC, "
        "else 1 (0: the CPU count)",
    )  # fmt: skip
    batch.add_argument(
        "--output-dir", metavar="DIR",
        help="write one file per input here instead of stdout; a rerun skips the inputs "
        "whose file exists",
    )  # fmt: skip
    batch.add_argument(
        "--output-format", choices=("jsonl", "parquet"), default="jsonl",
        help="file format for --output-dir (parquet needs pyarrow)",
    )  # fmt: skip
    add_plugin_options(parser)


def _jobs(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"takes a number of processes, 0 or more (got {value!r})")
    return int(value)


def _merge(config: Config, args: argparse.Namespace) -> Config:
    changes: dict[str, Any] = {"options": args}
    for key in ("select", "extend_select", "ignore"):
        if getattr(args, key):
            changes[key] = tuple(getattr(args, key))
    for key in ("fail_on", "fail_under", "max_bytes", "timeout"):
        if getattr(args, key) is not None:
            changes[key] = getattr(args, key)
    if args.allow_private_network:
        changes["allow_private_network"] = True
    if args.fail_under is not None and not 0 <= args.fail_under <= 100:
        raise ConfigError("--fail-under takes a score from 0 to 100")
    return dataclasses.replace(config, **changes)


def run(argv: Sequence[str], top: argparse.ArgumentParser) -> int:
    pre = argparse.ArgumentParser(prog="provcheck scan", add_help=False)
    add_scan_options(pre)
    early, _ = pre.parse_known_args(argv)
    config = read_config(early, early.sources)
    loaded = load_plugins(early, config)
    parser = argparse.ArgumentParser(
        prog="provcheck scan", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    add_scan_options(parser)
    add_plugin_options_of(loaded, parser)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if not args.sources:
        parser.print_usage(sys.stderr)
        print("provcheck scan: error: give at least one SOURCE (file, folder, URL or -)",
              file=sys.stderr)  # fmt: skip
        return ExitCode.USAGE
    session = Session(_merge(config, args), loaded)
    formatter = session.formats.get(args.format)
    if formatter is None:
        known = ", ".join(sorted(session.formats))
        raise ConfigError(f"unknown format {args.format!r} (available: {known})")
    # A plugin that failed in a hook or check makes the exit code 3 (2 with --strict-plugins).
    return session.exit_code(_scan_all(session, args, formatter))


def _scan_all(session: Session, args: argparse.Namespace, formatter: Any) -> int:
    sources = list(expand_sources(args.sources))
    many = len(sources) > 8 or args.jobs not in (None, 1)
    if many or args.output_dir or any(map(is_warc, sources)):
        # Lazy: the worker pool and the archive reader cost start-up a one-file run must not pay.
        from provcheck.batch.runner import batch_jobs, run_batch

        jobs = batch_jobs(args, sources)
        if jobs is not None:
            return run_batch(session, args, formatter, jobs)
    sink = ReportSink(session, args, formatter)
    try:
        for source in sources:
            report = session.scan(source)
            if report.error and not sink.shows_errors:
                print(f"provcheck: error: {report.source}: {report.error}", file=sys.stderr)
            sink.add(report)
    except BaseException:
        sink.abort()
        raise
    return sink.close()
