"""Hook specifications: every extension point of provcheck.

Each hook is documented in ``docs/hooks.md`` too; a test keeps the two in step. Built-in
checks and formats implement these hooks exactly as third-party plugins do. The host calls
each implementation itself, inside its own error boundary (``provcheck.boundary``): one that
raises is named and skipped, never the end of the run; docs/hooks.md says what each hook's
failure costs.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from provcheck.checks import Check, Finding
    from provcheck.config import Config
    from provcheck.formats import Formatter
    from provcheck.model import Article
    from provcheck.report import Report, Score
    from provcheck.sources.local import RawDocument

hookspec = pluggy.HookspecMarker("provcheck")


@hookspec(historic=True)
def provcheck_addoption(parser: argparse.ArgumentParser) -> None:
    """Add command-line options to ``provcheck scan``.

    Called once while the command line is built. Plugin options should be prefixed with the
    plugin's name (``--house-style-allow``) and read back in ``provcheck_configure`` from
    ``config.options``. Called once, after every plugin is registered.
    """


@hookspec(historic=True)
def provcheck_configure(config: Config) -> None:
    """Called once after the command line and config files are read, before any scan.

    Read your options here (``config.options``, ``config.plugin_settings(name)``).
    Called after every plugin is registered (each implementation in its own boundary).
    """


@hookspec
def provcheck_register_checks(config: Config) -> Sequence[Check] | None:
    """Return the checks this plugin provides (objects following the ``Check`` protocol).

    Each check owns a code prefix (``check.prefix``); two plugins claiming the same prefix is
    an error naming both. Called once per session.
    """


@hookspec
def provcheck_rule_paths(config: Config) -> Sequence[Path] | None:
    """Return folders or files of TOML rule packs this plugin ships.

    The host loads them like packs named in the config's ``rule-packs``.
    """


@hookspec(firstresult=True)
def provcheck_load_source(source: str, config: Config) -> RawDocument | None:
    """Turn a source string (path, URL, ``-``) into bytes; stops at the first non-None result.

    Return None to leave the source to other loaders. Raise ``SourceError`` for a source you
    own but cannot read: the host reports it as ``PC901`` and goes on with the others.
    """


@hookspec(firstresult=True)
def provcheck_parse_document(raw: RawDocument, config: Config) -> Article | None:
    """Parse loaded bytes into an ``Article``; stops at the first non-None result.

    Return None for media types you do not handle.
    """


@hookspec
def provcheck_prepare_article(article: Article, config: Config) -> Article | None:
    """Adjust an article before the checks run (e.g. a better extractor's body).

    Return a new ``Article`` (records are frozen: use ``dataclasses.replace``) or None to
    leave it unchanged. Implementations are applied one after another.
    """


@hookspec(firstresult=True)
def provcheck_score(
    article: Article, findings: Sequence[Finding], applicable: frozenset[str], config: Config
) -> Score | None:
    """Compute the article's score from its findings; stops at the first non-None result.

    ``applicable`` names the dimensions that apply even where nothing was found. The
    built-in scorer is registered ``trylast``, so any plugin's scorer wins over it.
    """


@hookspec
def provcheck_register_formats() -> Sequence[Formatter] | None:
    """Return output formats (objects following the ``Formatter`` protocol)."""


@hookspec
def provcheck_report(report: Report, config: Config) -> None:
    """Called with each finished report, in the order reports are written."""


@hookspec
def provcheck_session_finish(reports: Sequence[Report], exit_code: int, config: Config) -> None:
    """Called once at the end of ``provcheck scan`` with every report and the exit code."""
