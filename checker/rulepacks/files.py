"""Reading rule data (TOML) from ``rules/`` and from rule packs.

A rule file has ``[[rule]]`` tables (rule metadata and points) and may have a ``[lexicon]``
table of word lists and patterns that a check reads. Mistakes fail loudly, naming the file,
the rule and the field.
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from provcheck.checks import DIMENSIONS, Level, Rule
from provcheck.errors import ConfigError

_REQUIRED = ("code", "name", "level", "dimension", "summary")
_OPTIONAL_STR = ("explanation", "fix", "example_fires", "example_quiet")
_OPTIONAL_INT = ("points", "max_points")
_KNOWN = {*_REQUIRED, *_OPTIONAL_STR, *_OPTIONAL_INT, "positive"}


def read_toml(path: Path | str) -> dict[str, Any]:
    """Parse a TOML file; a syntax error names the file and the place."""
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None


@functools.cache
def builtin_data(name: str) -> dict[str, Any]:
    """The parsed contents of ``rules/<name>.toml`` shipped with provcheck."""
    resource = resources.files("provcheck.rules").joinpath(f"{name}.toml")
    with resources.as_file(resource) as path:
        return read_toml(path)


def builtin_rules(name: str, plugin: str = "") -> tuple[Rule, ...]:
    """The rules declared in ``rules/<name>.toml``."""
    return parse_rules(builtin_data(name), f"rules/{name}.toml", plugin)


def load_rules(path: Path | str, plugin: str = "") -> tuple[Rule, ...]:
    """The rules declared in a TOML file of your own (e.g. shipped in a plugin)."""
    return parse_rules(read_toml(path), str(path), plugin)


def lexicon(name: str) -> dict[str, Any]:
    """The ``[lexicon]`` table of ``rules/<name>.toml``."""
    table = builtin_data(name).get("lexicon", {})
    if not isinstance(table, dict):
        raise ConfigError(f"rules/{name}.toml: [lexicon] must be a table")
    return table


def parse_rules(data: dict[str, Any], where: str, plugin: str = "") -> tuple[Rule, ...]:
    """Validate the ``[[rule]]`` tables of one parsed file."""
    entries = data.get("rule", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{where}: 'rule' must be an array of tables ([[rule]])")
    return tuple(_parse_rule(entry, where, plugin) for entry in entries)


def _parse_rule(entry: Any, where: str, plugin: str) -> Rule:
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: every [[rule]] must be a table")
    label = entry.get("code", "<no code>")
    unknown = sorted(set(entry) - _KNOWN)
    if unknown:
        raise ConfigError(f"{where}: rule {label}: unknown field {unknown[0]!r}")
    for key in _REQUIRED:
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise ConfigError(f"{where}: rule {label}: field {key!r} is required (a string)")
    for key in _OPTIONAL_STR:
        if not isinstance(entry.get(key, ""), str):
            raise ConfigError(f"{where}: rule {label}: field {key!r} must be a string")
    for key in _OPTIONAL_INT:
        value = entry.get(key, 0)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ConfigError(f"{where}: rule {label}: field {key!r} must be a whole number >= 0")
    try:
        level = Level.parse(entry["level"])
    except ValueError as exc:
        raise ConfigError(f"{where}: rule {label}: field 'level': {exc}") from None
    if entry["dimension"] not in (*DIMENSIONS, "host"):
        raise ConfigError(
            f"{where}: rule {label}: field 'dimension' must be one of {', '.join(DIMENSIONS)}"
        )
    return Rule(
        code=entry["code"],
        name=entry["name"],
        level=level,
        dimension=entry["dimension"],
        summary=entry["summary"].strip(),
        explanation=entry.get("explanation", "").strip(),
        fix=entry.get("fix", "").strip(),
        points=entry.get("points", 0),
        max_points=entry.get("max_points", 0),
        positive=bool(entry.get("positive", False)),
        example_fires=entry.get("example_fires", "").strip(),
        example_quiet=entry.get("example_quiet", "").strip(),
        plugin=plugin,
    )
