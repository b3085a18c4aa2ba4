"""``provcheck scan``: load, check, score and report each source."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from provcheck.batch.limits import PageTimeout, cut_off, time_limit
from provcheck.commands.common import load_plugins, read_config
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
from provcheck.commands.scan_options import BUILTIN_FORMATS, add_scan_options, merge_options
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


def run(argv: Sequence[str]) -> int:
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
    session = Session(merge_options(config, args), loaded)
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


# BUILTIN_FORMATS and add_scan_options live in scan_options; importers of this module keep them.
__all__ = ["BUILTIN_FORMATS", "add_parser", "add_scan_options", "long_run", "run"]
