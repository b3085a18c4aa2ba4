"""Testing checks and plugins: build a host and scan an article, in one call.

For plugin authors, the pytest fixture ``provcheck_scan`` (registered automatically through
the ``pytest11`` entry point) builds a host with only the plugins you give it — the built-in
checks are off unless you ask for them — and returns the ``Report``::

    def test_flags_allegedly(provcheck_scan):
        report = provcheck_scan("<h1>Mayor allegedly lied</h1>", plugins=[my_plugin])
        assert [f.code for f in report.findings] == ["HSE101"]

``make_session``, ``scan_html`` and ``scan_path`` are the same thing without pytest.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

# Only what ``import provcheck`` has already loaded: pytest imports this module through the
# pytest11 entry point in every run, in any environment where provcheck is installed, so the
# host and the plugin manager are imported when a session is first made, not here.
from provcheck.config import Config
from provcheck.report import Report

if TYPE_CHECKING:
    from provcheck.host import Session

#: Names of the built-in check plugins (not loaders, formats or the scorer).
BUILTIN_CHECKS: tuple[str, ...]  # made on first use by __getattr__


def _builtin_checks() -> tuple[str, ...]:
    from provcheck.pluginmanager import BUILTIN_PLUGINS

    return tuple(n for n, module in BUILTIN_PLUGINS if module.startswith("provcheck.plugins."))


def __getattr__(name: str) -> object:
    if name == "BUILTIN_CHECKS":
        return _builtin_checks()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def make_session(
    plugins: Iterable[tuple[str, object]] = (),
    *,
    config: Config | None = None,
    blocked: Iterable[str] = (),
    builtin_checks: bool = True,
    entry_points: bool = False,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
    options: Sequence[str] = (),
    **config_changes: Any,
) -> Session:
    """A session with the built-ins, ``plugins`` as (name, object) pairs, and a config.

    ``builtin_checks=False`` leaves out the built-in checks; ``entry_points=True`` also loads
    installed plugins. ``config_changes`` are Config fields, e.g. ``select=("HSE",)``.
    ``settings`` are plugin tables by plugin name (``[tool.provcheck.plugins.NAME]``);
    ``options`` are ``provcheck scan`` arguments, plugins' own options included (parsed as
    the command line is, so ``config.options`` has every option's default too).
    """
    from provcheck.host import Session
    from provcheck.pluginmanager import make_plugin_manager

    config = dataclasses.replace(config or Config(), **config_changes)
    blocked = list(blocked) + ([] if builtin_checks else list(_builtin_checks()))
    loaded = make_plugin_manager(blocked, extra=plugins, entry_points=entry_points)
    tables = tuple((name, dict(table)) for name, table in (settings or {}).items())
    config = dataclasses.replace(
        config, plugins=tables + config.plugins, options=_parse_options(loaded, options)
    )
    return Session(config, loaded)


def _parse_options(loaded: Any, options: Sequence[str]) -> argparse.Namespace:
    from provcheck.boundary import add_plugin_options_of
    from provcheck.commands.scan_options import add_scan_options

    parser = argparse.ArgumentParser(prog="provcheck scan", add_help=False, exit_on_error=False)
    add_scan_options(parser)
    add_plugin_options_of(loaded, parser)
    try:
        return parser.parse_args(list(options))
    except (argparse.ArgumentError, SystemExit) as exc:
        raise ValueError(f"provcheck_scan options {list(options)}: {exc}") from None


def scan_path(path: str | os.PathLike[str], session: Session | None = None) -> Report:
    """Scan one file (or URL) with ``session`` (default: the built-ins)."""
    return (session or make_session()).scan(os.fspath(path))


def scan_html(html: str, *, name: str = "article.html", session: Session | None = None) -> Report:
    """Write ``html`` to a temporary file called ``name`` (``.md`` for Markdown) and scan it."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, name)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(html)
        return scan_path(path, session)


ScanFunction = Callable[..., Report]


@pytest.fixture
def provcheck_scan() -> ScanFunction:
    """Scan an article string or file with only the given plugins; returns the ``Report``.

    Call it as ``provcheck_scan(article, plugins=..., builtin_checks=False,
    name="article.html", settings={...}, options=[...], **config)``:

    - ``article``: HTML or Markdown text (``name`` ending ``.md`` for Markdown) or a ``Path``;
    - ``plugins``: modules or instances with ``@hookimpl`` methods, as a list, or as a dict
      ``{"name": plugin}`` to give each the name it reads its settings under;
    - ``settings``: ``{"name": {...}}``, what ``[tool.provcheck.plugins.name]`` would hold
      (``config.plugin_settings("name")``);
    - ``options``: command-line arguments such as ``["--hedge-words", "reportedly"]``, parsed
      with every plugin's ``provcheck_addoption`` options (``config.options``);
    - ``**config``: Config fields, e.g. ``select=("HDG",)``.

    A plugin that fails while the session is built (configure, register_checks, ...) fails
    the test with the plugin's error, rather than being skipped as the command line would.
    """

    def scan(
        article: str | Path,
        *,
        plugins: Iterable[object] | Mapping[str, object] = (),
        builtin_checks: bool = False,
        name: str = "article.html",
        settings: Mapping[str, Mapping[str, Any]] | None = None,
        options: Sequence[str] = (),
        **config_changes: Any,
    ) -> Report:
        if isinstance(plugins, Mapping):
            named = list(plugins.items())
        else:
            named = [(f"test-plugin-{i}", plugin) for i, plugin in enumerate(plugins)]
        session = make_session(
            named, builtin_checks=builtin_checks, settings=settings, options=options,
            **config_changes,
        )  # fmt: skip
        if session.loaded.problems:
            from provcheck.errors import PluginError

            first = session.loaded.problems[0]
            raise PluginError(f"{first.message}\n{first.traceback}")
        if isinstance(article, Path):
            return scan_path(article, session)
        return scan_html(article, name=name, session=session)

    return scan
