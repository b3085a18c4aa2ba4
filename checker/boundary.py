"""The plugin error boundary: every call into a plugin goes through here.

A plugin that raises - on import, in any hook, in a check - is named with its distribution,
version, the hook and the file and line that raised; the run goes on without what it would
have given, and the exit code says a plugin failed (docs/plugins.md, "When a plugin fails").
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

# What the run loses when a hook of a plugin fails (ends the one-line message).
CONSEQUENCE = {
    "import": "it was skipped",
    "provcheck_addoption": "its command-line options are missing",
    "provcheck_configure": "it runs unconfigured",
    "provcheck_register_checks": "its checks are missing",
    "provcheck_rule_paths": "its rule packs are missing",
    "provcheck_register_formats": "its output formats are missing",
    "provcheck_load_source": "the other loaders were tried",
    "provcheck_parse_document": "the other parsers were tried",
    "provcheck_prepare_article": "the article was checked without its changes",
    "provcheck_score": "the next scorer was used and the score is incomplete",
    "provcheck_report": "the report is unchanged",
    "provcheck_session_finish": "the output was already written",
}


@dataclass(frozen=True, slots=True)
class PluginProblem:
    """One failure of one plugin: who, in which hook, what was raised, and where."""

    plugin: str
    distribution: str
    version: str
    hook: str  # "import", a hook name, or "check PREFIX"
    error: str  # "ValueError: boom"
    where: str = ""  # "provcheck_hedge/__init__.py:13"
    traceback: str = ""

    @property
    def who(self) -> str:
        return plugin_label(self.plugin, self.distribution, self.version)

    @property
    def message(self) -> str:
        at = f" (at {self.where})" if self.where else ""
        if self.hook == "import":
            return f"{self.who} was skipped: {self.error}{at}"
        consequence = CONSEQUENCE.get(self.hook, "")
        tail = f"; {consequence}" if consequence else ""
        return f"{self.who} failed in {self.hook}: {self.error}{at}{tail}"

    def as_dict(self) -> dict[str, Any]:
        """For the ``errors`` list of the JSON and SARIF output."""
        return {
            "source": None,
            "plugin": self.plugin,
            "distribution": self.distribution,
            "version": self.version,
            "hook": self.hook,
            "message": self.message,
            "where": self.where,
        }


def plugin_label(name: str, distribution: str = "", version: str = "") -> str:
    """How messages name a plugin: "plugin 'name' (distribution version)", or without the
    parenthesis when it has no distribution."""
    if not distribution:
        return f"plugin {name!r}"
    return f"plugin {name!r} ({distribution} {version})"


def problem(
    exc: BaseException, plugin: str, distribution: str, version: str, hook: str, home: Any = None
) -> PluginProblem:
    """A ``PluginProblem`` for ``exc``, pointing at the deepest frame inside ``home`` (the
    plugin's module or package, when known), else at the deepest frame."""
    return PluginProblem(
        plugin, distribution, version, hook,
        error=f"{type(exc).__name__}: {exc}",
        where=where(exc, home),
        traceback="".join(traceback.format_exception(exc)),
    )  # fmt: skip


def where(exc: BaseException, home: Any = None) -> str:
    """``path:line`` of the frame that raised, inside the plugin when possible."""
    frames = traceback.extract_tb(exc.__traceback__)
    if isinstance(exc, SyntaxError) and exc.filename:
        return f"{display_path(exc.filename)}:{exc.lineno or 0}"
    if not frames:
        return ""
    folder = _home_folder(home)
    inside = [f for f in frames if folder and f.filename.startswith(folder)]
    frame = (inside or frames)[-1]
    return f"{display_path(frame.filename)}:{frame.lineno}"


def plugin_module(plugin: Any) -> ModuleType | None:
    """The module a plugin object lives in: itself when it is a module, else its class's."""
    if isinstance(plugin, ModuleType):
        return plugin
    return sys.modules.get(type(plugin).__module__)


def _home_folder(home: Any) -> str:
    filename = getattr(plugin_module(home), "__file__", None)
    if not filename:
        return ""
    path = Path(filename)
    return str(path.parent if path.name == "__init__.py" else path)


def display_path(filename: str) -> str:
    """The file relative to the ``sys.path`` entry it was imported from (the module path a
    reader can find), else as given."""
    best = ""
    for entry in sys.path:
        root = str(Path(entry or ".").resolve())
        if filename.startswith(root + "/") and len(root) > len(best):
            best = root
    return filename[len(best) + 1 :] if best else filename


def call_args(impl: Any, kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """The arguments one hook implementation asked for (pluggy lets it take a subset)."""
    return {name: kwargs[name] for name in impl.argnames if name in kwargs}


def implementations(caller: Any) -> Iterator[Any]:
    """A hook's implementations in pluggy's call order (last registered first, tryfirst and
    trylast respected); wrappers are left out because the host calls each one itself."""
    for impl in reversed(caller.get_hookimpls()):
        if not (getattr(impl, "hookwrapper", False) or getattr(impl, "wrapper", False)):
            yield impl


def add_plugin_options_of(loaded: Any, parser: Any) -> None:
    """Call every plugin's ``provcheck_addoption`` (``loaded``: a ``LoadResult``), each in
    its own error boundary."""
    for impl in implementations(loaded.manager.hook.provcheck_addoption):
        try:
            impl.function(**call_args(impl, {"parser": parser}))
        except Exception as exc:
            loaded.fail(exc, impl.plugin_name, "provcheck_addoption")
