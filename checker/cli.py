"""The ``provcheck`` command. Each subcommand is a small function returning an exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from provcheck import __version__
from provcheck.errors import ExitCode, ProvcheckError

DESCRIPTION = """\
Check news articles for provenance and media-literacy problems: AI-generated images,
agency copy and credits, accusations without the other side, claims without sources.
Each article gets a score out of 100, a score per dimension, and findings that say what is
wrong, where, why it matters and how to fix it."""

EPILOG = """\
examples:
  provcheck scan fixtures/articles/archetype.html    read a saved page
  provcheck scan https://example.org/story            fetch and check a URL
  provcheck scan content/ --format sarif -o out.sarif a folder, for code scanning
  provcheck scan --format json - < page.html          standard input
  provcheck rules                                     every rule and its level
  provcheck explain SRC103                            why a rule matters, how to fix it

exit codes: 0 clean, 1 findings at/above --fail-on or a score under --fail-under,
2 usage, config or input error (or a plugin failure with --strict-plugins), 3 a plugin
or provcheck itself failed (the output is still written), 130 interrupted."""


def build_parser(plugin_options: object = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="provcheck",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"provcheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    from provcheck.commands import explain, plugins, rules, scan

    scan.add_parser(commands)
    rules.add_parser(commands)
    explain.add_parser(commands)
    plugins.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        return _dispatch(args_list)
    except KeyboardInterrupt:
        print("provcheck: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except ProvcheckError as exc:
        print(f"provcheck: error: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except BrokenPipeError:
        return ExitCode.OK
    except Exception as exc:  # provcheck's own bug: say so, and not with exit 1 ("findings")
        if "--show-traceback" in args_list:
            import traceback

            traceback.print_exc()
        print(
            f"provcheck: internal error: {type(exc).__name__}: {exc} "
            "(run with --show-traceback for details, and please report it)",
            file=sys.stderr,
        )
        return ExitCode.INTERNAL


def _dispatch(argv: list[str]) -> int:
    if argv and argv[0] == "scan":
        # Straight to scan: the other commands' modules are not imported (start-up time).
        from provcheck.commands import scan

        return scan.run(argv[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.command is None:  # no command: a usage error, so the help goes to stderr
        parser.print_help(sys.stderr)
        return ExitCode.USAGE
    result: int = args.func(args)
    return result


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
