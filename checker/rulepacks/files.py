"""Reading rule data (TOML) from ``rules/`` and from rule packs.

A rule file has ``[[rule]]`` tables (rule metadata and points) and may have a ``[lexicon]``
table of word lists and patterns that a check reads. Mistakes fail loudly, naming the file,
the rule and the field.
"""

from __future__ import annotations

import contextlib
import functools
import marshal
import os
import sys
import zlib
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
    import tomllib  # not at the top: a run with no configuration and cached rules needs none

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
    if isinstance(resource, Path):  # installed as files: a parsed copy can be kept beside it
        return _cached_toml(resource)
    with resources.as_file(resource) as path:  # e.g. a zip: a temporary file, parsed each run
        return read_toml(path)


def _cached_toml(path: Path) -> dict[str, Any]:
    """``read_toml`` through a marshal copy in ``__pycache__`` beside the file, kept as Python
    keeps bytecode (and not written when it writes none): parsing the shipped rule files took
    about 14 ms of every run's start-up, loading the copies well under 1 ms. The copy holds
    the file's size and CRC-32, so an edited file is parsed again."""
    try:
        source = path.read_bytes()
    except OSError:
        return read_toml(path)  # names the file in its error
    stamp = (len(source), zlib.crc32(source))
    cache = _cache_path(path)
    try:
        kept = marshal.loads(cache.read_bytes()) if cache else None
    except (OSError, EOFError, ValueError, TypeError):
        kept = None
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == stamp:
        data: dict[str, Any] = kept[1]
        return data
    import tomllib

    try:
        data = tomllib.loads(source.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if cache is not None and not sys.dont_write_bytecode:
        _write_quietly(cache, (stamp, data))
    return data


def _cache_path(path: Path) -> Path | None:
    """Where the parsed copy of ``path`` goes: as ``importlib.util.cache_from_source`` places
    bytecode (``__pycache__``, or under ``sys.pycache_prefix``)."""
    tag = sys.implementation.cache_tag
    if tag is None:
        return None
    folder = path.parent / "__pycache__"
    if sys.pycache_prefix:
        folder = Path(sys.pycache_prefix, *path.parent.resolve().parts[1:])
    return folder / f"{path.name}.{tag}.marshal"


def _write_quietly(cache: Path, value: tuple[tuple[int, int], dict[str, Any]]) -> None:
    """Write the copy atomically; a folder that cannot be written only costs the next run a
    parse, and a value marshal cannot hold (a TOML date) is not kept."""
    partial = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    try:
        payload = marshal.dumps(value)
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(payload)
        os.replace(partial, cache)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


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
