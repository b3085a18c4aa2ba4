"""Helpers for testing checks and plugins: build a session and scan an article.

``scan_html``/``scan_path`` build a fresh host each call (built-ins plus any plugin objects
you pass; installed entry-point plugins only when ``entry_points=True``).
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Iterable
from typing import Any

from provcheck.config import Config
from provcheck.host import Session
from provcheck.pluginmanager import make_plugin_manager
from provcheck.report import Report


def make_session(
    plugins: Iterable[tuple[str, object]] = (),
    *,
    config: Config | None = None,
    blocked: Iterable[str] = (),
    entry_points: bool = False,
    **config_changes: Any,
) -> Session:
    """A session with the built-in plugins, ``plugins`` (name, object) and optional config."""
    config = dataclasses.replace(config or Config(), **config_changes)
    loaded = make_plugin_manager(blocked, extra=plugins, entry_points=entry_points)
    return Session(config, loaded)


def scan_path(path: str | os.PathLike[str], session: Session | None = None) -> Report:
    return (session or make_session()).scan(os.fspath(path))


def scan_html(html: str, *, name: str = "article.html", session: Session | None = None) -> Report:
    """Write ``html`` to a temporary file called ``name`` and scan it."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, name)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(html)
        return scan_path(path, session)
