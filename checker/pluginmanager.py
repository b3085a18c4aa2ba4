"""Building the plugin manager: built-ins first, then entry points, each contained.

Nothing is built at import time: ``make_plugin_manager`` is called once per session.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pluggy

from provcheck import hookspecs
from provcheck.boundary import PluginProblem, plugin_label, problem
from provcheck.errors import PluginError

GROUP = "provcheck"
# The section of entry_points.txt that declares plugins, loosely (a superset of the group).
_GROUP_SECTION = re.compile(
    rb"^[ \t]*\[[ \t]*provcheck[ \t]*\][ \t]*\r?$", re.IGNORECASE | re.MULTILINE
)

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
    # Where it came from when not a distribution: "-p MODULE" or "--plugins-dir DIR".
    origin: str = ""


@dataclass(slots=True)
class LoadResult:
    manager: pluggy.PluginManager
    plugins: list[PluginInfo] = field(default_factory=list)
    # Every plugin failure of the run so far: imports, hooks (see provcheck.boundary).
    problems: list[PluginProblem] = field(default_factory=list)
    # Plugins switched off (-p no:NAME, config ``disable``), never imported.
    disabled: list[PluginInfo] = field(default_factory=list)
    strict: bool = False
    show_traceback: bool = False
    # Where warnings go as they happen (stderr for the commands; None: keep them quiet).
    say: Callable[[str], None] | None = None

    @property
    def failures(self) -> list[str]:
        """One line per plugin failure: "plugin 'name' (dist version) ...: reason"."""
        return [p.message for p in self.problems]

    @property
    def hook_failed(self) -> bool:
        """Whether a plugin failed after it was loaded (this decides exit code 3)."""
        return any(p.hook != "import" for p in self.problems)

    def info(self, plugin: object) -> PluginInfo | None:
        name = self.manager.get_name(plugin)
        return next((p for p in self.plugins if p.name == name), None)

    def named(self, name: str) -> PluginInfo | None:
        return next((p for p in self.plugins if p.name == name), None)

    def record(self, found: PluginProblem) -> PluginProblem:
        self.problems.append(found)
        if self.say is not None:
            self.say(f"provcheck: warning: {found.message}")
            if self.show_traceback and found.traceback:
                self.say(found.traceback.rstrip("\n"))
        return found

    def failure(self, exc: BaseException, plugin_name: str, hook: str) -> PluginProblem:
        """What ``plugin_name`` raising ``exc`` in ``hook`` is, named (not recorded)."""
        info = self.named(plugin_name)
        home = self.manager.get_plugin(plugin_name)
        dist, version = (info.distribution, info.version) if info else ("", "")
        return problem(exc, plugin_name, dist, version, hook, home)

    def fail(self, exc: BaseException, plugin_name: str, hook: str) -> PluginProblem:
        """Record that ``plugin_name`` raised ``exc`` in ``hook``; returns the problem."""
        return self.record(self.failure(exc, plugin_name, hook))


def make_plugin_manager(
    blocked: Iterable[str] = (),
    *,
    strict: bool = False,
    entry_points: bool = True,
    extra: Iterable[tuple[str, object]] = (),
    modules: Iterable[str] = (),
    plugin_dirs: Iterable[str | Path] = (),
    show_traceback: bool = False,
    say: Callable[[str], None] | None = None,
) -> LoadResult:
    """A fresh plugin manager with built-ins, ``extra`` objects and entry-point plugins.

    ``blocked`` names (``-p no:NAME`` or config ``disable``) are skipped before import.
    ``modules`` (``-p MODULE``) and the modules in ``plugin_dirs`` (``--plugins-dir``) are
    loaded as plugins without being installed. A plugin that fails to import is recorded
    in ``problems`` and skipped, unless ``strict``.
    """
    blocked = set(blocked)
    manager = pluggy.PluginManager(GROUP)
    manager.add_hookspecs(hookspecs)
    result = LoadResult(manager, strict=strict, show_traceback=show_traceback, say=say)
    from provcheck import __version__ as version

    for name, module_name in BUILTIN_PLUGINS:
        if name in blocked:
            result.disabled.append(PluginInfo(name, "provcheck", version, builtin=True))
            continue
        module = importlib.import_module(module_name)
        _register(result, module, name, "provcheck", version, builtin=True)
    from provcheck.scoring import BuiltinScorer

    _register(result, BuiltinScorer(), "scoring", "provcheck", version, builtin=True)
    for name, plugin in extra:
        if name not in blocked:
            _register(result, plugin, name, "", "", builtin=False)
    for folder in plugin_dirs:
        _load_modules(result, blocked, _folder_modules(Path(folder)), f"--plugins-dir {folder}")
    _load_modules(result, blocked, list(modules), "-p")
    if entry_points:
        _load_entry_points(result, blocked, strict)
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"a plugin implements an unknown hook: {exc}") from None
    return result


def _load_entry_points(result: LoadResult, blocked: set[str], strict: bool) -> None:
    if not _may_declare_plugins():
        return
    import importlib.metadata as md

    found = sorted(md.entry_points(group=GROUP), key=lambda ep: ep.name)
    for entry_point in found:
        dist = entry_point.dist
        dist_name = dist.metadata["Name"] if dist is not None else "?"
        dist_version = dist.version if dist is not None else "?"
        if entry_point.name in blocked or dist_name in blocked:
            result.disabled.append(PluginInfo(entry_point.name, dist_name, dist_version, False))
            continue
        if result.manager.has_plugin(entry_point.name):
            continue
        try:
            plugin = entry_point.load()
        except Exception as exc:
            _import_failed(result, exc, entry_point.name, dist_name, dist_version)
            continue
        _register(result, plugin, entry_point.name, dist_name, dist_version, builtin=False)


def _import_failed(result: LoadResult, exc: Exception, name: str, dist: str, version: str) -> None:
    found = problem(exc, name, dist, version, "import")
    if result.strict:
        at = f" (at {found.where})" if found.where else ""
        raise PluginError(f"{found.who} failed to load: {found.error}{at}") from exc
    result.record(found)


def _folder_modules(folder: Path) -> list[str]:
    """Every module and package directly in ``folder``, which goes first on ``sys.path``."""
    if not folder.is_dir():
        raise PluginError(f"--plugins-dir {folder}: no such folder")
    if str(folder.resolve()) not in sys.path:
        sys.path.insert(0, str(folder.resolve()))
    names = [p.stem for p in folder.glob("*.py") if not p.name.startswith("_")]
    names += [p.name for p in folder.iterdir() if (p / "__init__.py").is_file()]
    return sorted(set(names))


def _load_modules(result: LoadResult, blocked: set[str], names: list[str], origin: str) -> None:
    for name in names:
        if name in blocked or result.manager.has_plugin(name):
            continue
        try:
            module = importlib.import_module(name)
        except Exception as exc:
            _import_failed(result, exc, name, "", "")
            continue
        _register(result, module, name, "", "", builtin=False, origin=origin)


def _register(
    result: LoadResult, plugin: object, name: str, dist: str, version: str, *, builtin: bool,
    origin: str = "",
) -> None:  # fmt: skip
    try:
        result.manager.register(plugin, name=name)
    except (ValueError, pluggy.PluginValidationError) as exc:
        raise PluginError(
            f"{plugin_label(name, dist, version)} cannot be registered: {exc}"
        ) from exc
    hooks = tuple(sorted(c.name for c in result.manager.get_hookcallers(plugin) or ()))
    result.plugins.append(PluginInfo(name, dist, version, builtin, hooks, origin))


def _may_declare_plugins() -> bool:
    """Whether an installed distribution may declare a ``provcheck`` entry point: a look at
    the entry_points.txt files where ``importlib.metadata`` finds them, which answers "no" for
    most runs without importing it (with ``email``, about 20 ms of a scan's start-up).
    Anything this does not read - a zip or egg on ``sys.path``, a finder of distributions
    other than the path finder - answers "maybe", and importlib.metadata decides."""
    import importlib.machinery

    if any(
        hasattr(finder, "find_distributions") and finder is not importlib.machinery.PathFinder
        for finder in sys.meta_path
    ):
        return True
    for entry in sys.path:
        folder = entry or "."
        if not os.path.isdir(folder):
            if os.path.exists(folder):
                return True  # a zip archive or an egg file
            continue
        try:
            names = os.listdir(folder)
        except OSError:
            return True
        for name in names:
            lowered = name.lower()
            if lowered.endswith(".egg"):
                return True
            metadata = lowered.endswith((".dist-info", ".egg-info")) or lowered == "egg-info"
            if metadata and _declares_plugins(os.path.join(folder, name)):
                return True
    return False


def _declares_plugins(metadata: str) -> bool:
    try:
        with open(os.path.join(metadata, "entry_points.txt"), "rb") as handle:
            return _GROUP_SECTION.search(handle.read()) is not None
    except OSError:
        return False
