"""``provcheck scan``: load, check, score and report each source."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from typing import Any

from provcheck.batch.limits import PageTimeout, cut_off, time_limit
from provcheck.checks import Level
from provcheck.commands.common import add_plugin_options, load_plugins, read_config
from provcheck.commands.console import (
    HANDFUL,
    Progress,
    ReportCollector,
    resolve_color,
    scan_one,
    statistics,
    under_pre_commit,
)
from provcheck.commands.output import ReportSink
from provcheck.config import DEFAULT_MAX_BYTES, DEFAULT_PAGE_TIMEOUT, DEFAULT_TIMEOUT, Config
from provcheck.errors import ConfigError, ExitCode
from provcheck.host import Session, add_plugin_options_of
from provcheck.sources.local import expand_sources, is_warc

#: The formats provcheck ships (plugins add more; `provcheck plugins` lists them).
BUILTIN_FORMATS = ("text", "concise", "json", "jsonl", "sarif", "github", "html")

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


def _merge(config: Config, args: argparse.Namespace) -> Config:
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


def run(argv: Sequence[str], top: argparse.ArgumentParser | None = None) -> int:
    pre = argparse.ArgumentParser(prog="provcheck scan", add_help=False)
    add_scan_options(pre)
    try:
        early, _ = pre.parse_known_args(argv)
    except SystemExit as exc:  # a bad value (--fail-on bogus): argparse has said what
        return int(exc.code or 0)
    named = [early.stdin_filename or s if s == "-" else s for s in early.sources]
    config = read_config(early, named)
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
    _settle(args)
    session = Session(_merge(config, args), loaded)
    formatter = session.formats.get(args.format)
    if formatter is None:
        known = ", ".join(sorted(session.formats))
        raise ConfigError(f"unknown format {args.format!r} (available: {known})")
    collected = ReportCollector()
    if args.statistics:
        if args.output_dir:
            raise ConfigError("--statistics counts reports on stdout; drop --output-dir")
        loaded.manager.register(collected, name="provcheck-statistics")
    # A plugin that failed in a hook or check makes the exit code 3 (2 with --strict-plugins).
    code = session.exit_code(_scan_all(session, args, formatter))
    if args.statistics and (lines := statistics(collected.reports)):
        machine = args.format not in ("text", "concise") and not args.output
        print(lines, end="", file=sys.stderr if machine else sys.stdout)
    return ExitCode.OK if args.exit_zero and code == ExitCode.FINDINGS else code


def _settle(args: argparse.Namespace) -> None:
    """Options that depend on the environment or on other options."""
    args.color = resolve_color(args.color)
    if args.old_output_format:
        print("provcheck: warning: --output-format is deprecated for the --output-dir file "
              "format: use --output-dir-format", file=sys.stderr)  # fmt: skip
        args.output_format = args.old_output_format


def _scan_all(session: Session, args: argparse.Namespace, formatter: Any) -> int:
    sources = list(expand_sources(args.sources, args.exclude, args.respect_gitignore))
    _check_outputs(args, sources)
    many = (len(sources) > HANDFUL and not under_pre_commit()) or args.jobs not in (None, 1)
    if many or args.output_dir or any(map(is_warc, sources)):
        # Lazy: the worker pool and the archive reader cost start-up a one-file run must not pay.
        from provcheck.batch.runner import batch_jobs, run_batch

        jobs = batch_jobs(args, sources)
        if jobs is not None:
            return run_batch(session, args, formatter, jobs)
    sink = ReportSink(session, args, formatter)
    # Not on a terminal that a streaming format writes to as well: one screen, two writers.
    shared = sink.streaming and sink.out.isatty()
    progress = Progress(len(sources), enabled=long_run(args, len(sources)) and not shared)
    try:
        for source in sources:
            try:
                with time_limit(session.config.page_timeout):
                    report = scan_one(session, source, args.stdin_filename)
            except PageTimeout:  # this page's error; the other sources are still scanned
                report = session.error_report(source, cut_off(session.config.page_timeout))
            if report.error and not sink.shows_errors:
                from provcheck.formats.visible import visible

                progress.say(f"provcheck: error: {visible(report.source)}: {visible(report.error)}")
            sink.add(report)
            progress.update(bool(report.error))
    except BaseException:
        sink.abort()
        raise
    finally:
        progress.clear()
    return sink.close(say=progress.say if not args.quiet else lambda text: None)


def _check_outputs(args: argparse.Namespace, sources: Sequence[str]) -> None:
    """Refuse, before anything is opened, an output that would overwrite an input or cannot be
    created: one error line and exit 2, not a lost article or a traceback."""
    from provcheck.sources.local import check_output

    for flag, path in (("-o", args.output), ("--write-baseline", args.write_baseline),
                       ("--output-dir", args.output_dir)):  # fmt: skip
        if path:
            check_output(flag, path, sources, folder=flag == "--output-dir")


def long_run(args: argparse.Namespace, count: int) -> bool:
    """Whether to show progress: more than a handful of sources, not -q, not in pre-commit."""
    return count > HANDFUL and not args.quiet and not under_pre_commit()
