"""Building the plugin manager: built-ins first, then entry points, each contained.

Nothing is built at import time: ``make_plugin_manager`` is called once per session.
"""

from __future__ import annotations

import importlib
import importlib.metadata as md
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import pluggy

from provcheck import hookspecs
from provcheck.errors import PluginError

GROUP = "provcheck"

# Built-in plugins, registered by name exactly as entry-point plugins are.
BUILTIN_PLUGINS: tuple[tuple[str, str], ...] = (
    ("loaders", "provcheck.sources.loaders"),
    ("formats", "provcheck.formats.builtin"),
    ("transparency", "provcheck.plugins.transparency"),
    ("imagery", "provcheck.plugins.imagery.check"),
    ("agency", "provcheck.plugins.agency"),
    ("balance", "provcheck.plugins.balance.check"),
    ("sourcing", "provcheck.plugins.sourcing.check"),
)


@dataclass(frozen=True, slots=True)
class PluginInfo:
    """What ``provcheck plugins`` lists about one plugin."""

    name: str
    distribution: str
    version: str
    builtin: bool
    hooks: tuple[str, ...] = ()


@dataclass(slots=True)
class LoadResult:
    manager: pluggy.PluginManager
    plugins: list[PluginInfo] = field(default_factory=list)
    # One line per plugin that failed to load: "name (dist version): reason".
    failures: list[str] = field(default_factory=list)

    def info(self, plugin: object) -> PluginInfo | None:
        name = self.manager.get_name(plugin)
        return next((p for p in self.plugins if p.name == name), None)


def make_plugin_manager(
    blocked: Iterable[str] = (),
    *,
    strict: bool = False,
    entry_points: bool = True,
    extra: Iterable[tuple[str, object]] = (),
) -> LoadResult:
    """A fresh plugin manager with built-ins, ``extra`` objects and entry-point plugins.

    ``blocked`` names (``-p no:NAME`` or config ``disable``) are skipped before import.
    A plugin that fails to import is recorded in ``failures`` and skipped, unless ``strict``.
    """
    blocked = set(blocked)
    manager = pluggy.PluginManager(GROUP)
    manager.add_hookspecs(hookspecs)
    result = LoadResult(manager)
    version = _version("provcheck")
    for name, module_name in BUILTIN_PLUGINS:
        if name in blocked:
            continue
        module = importlib.import_module(module_name)
        _register(result, module, name, "provcheck", version, builtin=True)
    from provcheck.scoring import BuiltinScorer

    _register(result, BuiltinScorer(), "scoring", "provcheck", version, builtin=True)
    for name, plugin in extra:
        if name not in blocked:
            _register(result, plugin, name, "", "", builtin=False)
    if entry_points:
        _load_entry_points(result, blocked, strict)
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"a plugin implements an unknown hook: {exc}") from None
    return result


def _load_entry_points(result: LoadResult, blocked: set[str], strict: bool) -> None:
    found = sorted(md.entry_points(group=GROUP), key=lambda ep: ep.name)
    for entry_point in found:
        dist = entry_point.dist
        dist_name = dist.metadata["Name"] if dist is not None else "?"
        dist_version = dist.version if dist is not None else "?"
        if entry_point.name in blocked or dist_name in blocked:
            continue
        if result.manager.has_plugin(entry_point.name):
            continue
        try:
            plugin = entry_point.load()
            _register(result, plugin, entry_point.name, dist_name, dist_version, builtin=False)
        except Exception as exc:
            if strict:
                raise PluginError(
                    f"plugin {entry_point.name!r} ({dist_name} {dist_version}) failed to load: "
                    f"{type(exc).__name__}: {exc}"
                ) from exc
            result.failures.append(
                f"plugin {entry_point.name!r} ({dist_name} {dist_version}) was skipped: "
                f"{type(exc).__name__}: {exc}"
            )


def _register(
    result: LoadResult, plugin: object, name: str, dist: str, version: str, *, builtin: bool
) -> None:
    try:
        result.manager.register(plugin, name=name)
    except (ValueError, pluggy.PluginValidationError) as exc:
        raise PluginError(
            f"plugin {name!r} ({dist} {version}) cannot be registered: {exc}"
        ) from exc
    hooks = tuple(sorted(c.name for c in result.manager.get_hookcallers(plugin) or ()))
    result.plugins.append(PluginInfo(name, dist, version, builtin, hooks))


def _version(dist: str) -> str:
    try:
        return md.version(dist)
    except md.PackageNotFoundError:
        return "0+unknown"


def plugin_module(plugin: Any) -> ModuleType | None:
    """The module a plugin object lives in (for messages)."""
    if isinstance(plugin, ModuleType):
        return plugin
    return sys.modules.get(type(plugin).__module__)
