"""Configuration: ``[tool.provcheck]`` in pyproject.toml or a ``provcheck.toml``.

One configuration applies to a run. It is found by walking up from the folder the scanned
files share (the current folder for URLs and stdin) to the first ``provcheck.toml``, or
``pyproject.toml`` with a ``[tool.provcheck]`` table; ``--config FILE`` skips the search.
Command-line options override the file. Unknown keys are errors that name the key.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from provcheck.checks import Level
from provcheck.errors import ConfigError
from provcheck.rulepacks.files import read_toml

DEFAULT_MAX_BYTES = 10_000_000
DEFAULT_TIMEOUT = 15.0
DEFAULT_PAGE_TIMEOUT = 60.0  # seconds per page; 0: no limit

_KEYS = {
    "select",
    "extend-select",
    "ignore",
    "per-file-ignores",
    "levels",
    "fail-on",
    "fail-under",
    "max-bytes",
    "timeout",
    "page-timeout",
    "rule-packs",
    "disable",
    "plugins",
}


@dataclass(slots=True)
class Config:
    """Settings for one run. Plugins read it; only the host changes it."""

    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    levels: tuple[tuple[str, Level], ...] = ()
    fail_on: Level = Level.ERROR
    fail_under: int | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT
    page_timeout: float = DEFAULT_PAGE_TIMEOUT
    allow_private_network: bool = False
    rule_packs: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    strict_plugins: bool = False
    path: str = ""  # the config file, "" when none was found
    root: str = ""  # folder per-file-ignores globs are relative to
    options: argparse.Namespace = field(default_factory=argparse.Namespace)
    plugins: tuple[tuple[str, Mapping[str, Any]], ...] = ()

    def plugin_settings(self, name: str) -> Mapping[str, Any]:
        """The ``[tool.provcheck.plugins.<name>]`` table, or an empty mapping."""
        for key, value in self.plugins:
            if key == name:
                return value
        return {}

    def level_for(self, code: str, name: str, default: Level) -> Level:
        """The level configured for a rule, by exact code, name or the longest prefix."""
        best: tuple[int, Level] | None = None
        for selector, level in self.levels:
            if selector == name:
                return level
            if code.startswith(selector) and (best is None or len(selector) > best[0]):
                best = (len(selector), level)
        return best[1] if best else default

    def is_selected(self, code: str, name: str, source: str = "") -> bool:
        """Whether a rule is on for ``source``, as ruff decides: select, extend, ignore."""
        if code.startswith("PC9"):
            return True  # host diagnostics cannot be switched off
        chosen = _matches(code, name, self.select) if self.select else True
        chosen = chosen or _matches(code, name, self.extend_select)
        if _matches(code, name, self.ignore):
            return False
        return chosen and not _matches(code, name, self.ignored_for(source))

    def ignored_for(self, source: str) -> tuple[str, ...]:
        if not source or not self.per_file_ignores:
            return ()
        relative = _relative(source, self.root)
        ignored: list[str] = []
        for pattern, codes in self.per_file_ignores:
            if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(source, pattern):
                ignored.extend(codes)
        return tuple(ignored)


def _matches(code: str, name: str, selectors: Iterable[str]) -> bool:
    return any(s == "ALL" or s == name or code.startswith(s) for s in selectors)


def _relative(source: str, root: str) -> str:
    try:
        return Path(source).resolve().relative_to(Path(root or os.getcwd()).resolve()).as_posix()
    except ValueError:
        return Path(source).as_posix()


def find_config_file(start: Path) -> Path | None:
    """Walk up from ``start`` to the first provcheck.toml or pyproject with [tool.provcheck]."""
    for folder in (start, *start.parents):
        candidate = folder / "provcheck.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "provcheck" in read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def start_folder(sources: Sequence[str]) -> Path:
    """The folder the path sources share, or the current folder."""
    paths = [
        os.path.abspath(s) for s in sources if s != "-" and not s.startswith(("http:", "https:"))
    ]
    if not paths:
        return Path.cwd()
    common = Path(os.path.commonpath(paths))
    return common if common.is_dir() else common.parent


def load_config(path: Path | None) -> Config:
    """Read a config file (or return the defaults when ``path`` is None)."""
    if path is None:
        return Config()
    data = read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("provcheck")
        if table is None:
            raise ConfigError(f"{path}: has no [tool.provcheck] table")
    else:
        table = data
    return from_table(table, str(path))


def from_table(table: Mapping[str, Any], where: str) -> Config:
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(
            f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})"
        )
    config = Config(path=where, root=str(Path(where).resolve().parent))
    changes: dict[str, Any] = {}
    for key in ("select", "extend-select", "ignore", "rule-packs", "disable"):
        if key in table:
            changes[key.replace("-", "_")] = _strings(table[key], key, where)
    if "per-file-ignores" in table:
        changes["per_file_ignores"] = tuple(
            (glob, _strings(codes, f"per-file-ignores.{glob}", where))
            for glob, codes in _table(table["per-file-ignores"], "per-file-ignores", where).items()
        )
    if "levels" in table:
        changes["levels"] = tuple(
            (code, _level(value, f"levels.{code}", where))
            for code, value in _table(table["levels"], "levels", where).items()
        )
    if "fail-on" in table:
        changes["fail_on"] = _level(table["fail-on"], "fail-on", where)
    if "fail-under" in table:
        changes["fail_under"] = _number(table["fail-under"], "fail-under", where, 0, 100)
    if "max-bytes" in table:
        changes["max_bytes"] = _number(table["max-bytes"], "max-bytes", where, 1, 1 << 34)
    if "timeout" in table:
        changes["timeout"] = float(_number(table["timeout"], "timeout", where, 1, 600))
    if "page-timeout" in table:
        changes["page_timeout"] = float(
            _number(table["page-timeout"], "page-timeout", where, 0, 86_400)
        )
    if "plugins" in table:
        plugins = _table(table["plugins"], "plugins", where)
        changes["plugins"] = tuple(
            (name, _table(value, f"plugins.{name}", where)) for name, value in plugins.items()
        )
    return replace(config, **changes)


def _strings(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: key {key!r} must be a list of strings")
    return tuple(value)


def _table(value: Any, key: str, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: key {key!r} must be a table")
    return value


def _level(value: Any, key: str, where: str) -> Level:
    try:
        return Level.parse(str(value))
    except ValueError as exc:
        raise ConfigError(f"{where}: key {key!r}: {exc}") from None


def _number(value: Any, key: str, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ConfigError(f"{where}: key {key!r} must be a number from {low} to {high}")
    return int(value)
