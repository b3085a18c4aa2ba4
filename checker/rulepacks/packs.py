"""Rule packs: house rules written as TOML, no Python. See docs/rule-packs.md.

A pack file::

    [pack]
    name = "house-style"
    prefix = "HSE"

    [[rule]]
    code = "HSE101"
    name = "sources-said-needs-reason"
    kind = "conditional"            # existence | absence | conditional | occurrence | metadata
    level = "warning"
    dimension = "sourcing"
    points = 5
    scope = "body"
    message = "“{match}” needs a reason for anonymity nearby."
    summary = "..."
    first = ["sources said"]
    second = ["on condition of anonymity because"]
    window = 1

Mistakes fail loudly, naming the file, the rule and the field.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from provcheck.checks import Rule
from provcheck.errors import ConfigError
from provcheck.rulepacks.files import parse_rules, read_toml

KINDS = ("existence", "absence", "conditional", "occurrence", "metadata")
SCOPES = (
    "headline", "byline", "dateline", "body", "caption", "quote", "credit-line", "link",
    "metadata",
)  # fmt: skip
METADATA_FIELDS = (
    "author-kind", "authors", "published", "modified", "publisher", "language", "url",
    "image-digital-source-type", "image-count", "link-count",
)  # fmt: skip
_KIND_FIELDS: dict[str, set[str]] = {
    "existence": {"tokens", "patterns", "ignorecase"},
    "absence": {"tokens", "patterns", "ignorecase"},
    "conditional": {"first", "second", "window", "unit", "ignorecase"},
    "occurrence": {"tokens", "patterns", "min", "max", "ignorecase"},
    "metadata": {"field", "equals", "not-equals", "missing", "present", "matches"},
}
_COMMON = {"kind", "scope", "message"}
# The {placeholders} a message may use, by kind (anything else would print raw).
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "existence": ("match", "scope"),
    "absence": ("scope",),
    "conditional": ("match", "scope"),
    "occurrence": ("count", "min", "max", "scope"),
    "metadata": ("value", "field"),
}
# How a summary made from the message reads each placeholder (never the raw "{match}").
_PLACEHOLDER_WORDS = {
    "match": "…", "scope": "{scope}", "count": "N", "min": "the minimum", "max": "the maximum",
    "value": "the value", "field": "{field}",
}  # fmt: skip
_KEBAB = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class PackRule:
    """A declarative rule: its metadata and the compiled fields of its kind."""

    rule: Rule
    kind: str
    scope: str
    message: str
    patterns: tuple[re.Pattern[str], ...] = ()
    second: tuple[re.Pattern[str], ...] = ()
    window: int = 0
    unit: str = "sentence"
    minimum: int | None = None
    maximum: int | None = None
    field: str = ""
    condition: tuple[str, str] = ("", "")  # (operator, value)


@dataclass(frozen=True, slots=True)
class Pack:
    name: str
    prefix: str
    path: str
    rules: tuple[PackRule, ...]


def pack_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their *.toml files (sorted); a missing path is an error."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.glob("*.toml")))
        elif path.is_file():
            files.append(path)
        else:
            raise ConfigError(f"rule pack {path}: no such file or folder")
    return files


def load_pack(path: Path, plugin: str = "", *, examples: bool = True) -> Pack:
    """Read and validate one pack file; ``examples`` also runs each rule's ``example_fires``
    and ``example_quiet`` (an example the rule disagrees with is an error)."""
    data = read_toml(path)
    where = str(path)
    header = data.get("pack")
    if not isinstance(header, dict):
        raise ConfigError(f"{where}: a rule pack needs a [pack] table with name and prefix")
    name, prefix = header.get("name"), header.get("prefix")
    if not isinstance(name, str) or not name:
        raise ConfigError(f"{where}: [pack] field 'name' is required (a string)")
    if not isinstance(prefix, str) or not re.fullmatch(r"[A-Z]{2,5}", prefix):
        raise ConfigError(f"{where}: [pack] field 'prefix' must be 2-5 capital letters")
    entries = data.get("rule", [])
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{where}: a rule pack needs at least one [[rule]]")
    stripped = [_split(entry, where) for entry in entries]
    rules = parse_rules({"rule": [meta for meta, _ in stripped]}, where, plugin or f"pack:{name}")
    compiled = tuple(
        _compile(rule, fields, where) for rule, (_, fields) in zip(rules, stripped, strict=True)
    )
    for item in compiled:
        if not item.rule.code.startswith(prefix):
            raise ConfigError(f"{where}: rule {item.rule.code}: code must start with {prefix!r}")
        if not _KEBAB.fullmatch(item.rule.name):
            raise ConfigError(
                f"{where}: rule {item.rule.code}: field 'name' must be kebab-case "
                f"(lower-case words joined by '-'), got {item.rule.name!r}"
            )
    pack = Pack(name, prefix, where, compiled)
    if examples:
        from provcheck.rulepacks.validate import check_examples

        for result in check_examples(pack):
            if not result.ok:
                raise ConfigError(f"{where}: rule {result.code}: {result.problem}")
    return pack


def _split(entry: Any, where: str) -> tuple[dict[str, Any], dict[str, Any]]:
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: every [[rule]] must be a table")
    label = entry.get("code", "<no code>")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise ConfigError(f"{where}: rule {label}: field 'kind' must be one of {', '.join(KINDS)}")
    own = _KIND_FIELDS[kind] | _COMMON
    fields = {k: v for k, v in entry.items() if k in own}
    meta = {k: v for k, v in entry.items() if k not in own}
    for key in meta:
        if any(key in other for other in _KIND_FIELDS.values()):
            raise ConfigError(
                f"{where}: rule {label}: field {key!r} does not belong to kind {kind!r}"
            )
    if "summary" not in meta:
        meta["summary"] = summary_from(entry.get("message", ""), fields)
    return meta, fields


def summary_from(message: Any, fields: dict[str, Any]) -> str:
    """A rule's summary when it gives none: its message without raw placeholders."""
    if not isinstance(message, str):
        return ""
    words = {
        key: value.format(scope=fields.get("scope", "body"), field=fields.get("field", ""))
        for key, value in _PLACEHOLDER_WORDS.items()
    }
    try:
        return message.format(**words)
    except (KeyError, IndexError, ValueError):
        return message  # an unknown placeholder: _compile reports it


def _compile(rule: Rule, fields: dict[str, Any], where: str) -> PackRule:
    label = f"{where}: rule {rule.code}"
    kind = fields["kind"]
    scope = fields.get("scope", "metadata" if kind == "metadata" else "body")
    if scope not in SCOPES:
        raise ConfigError(f"{label}: field 'scope' must be one of {', '.join(SCOPES)}")
    message = fields.get("message", rule.summary)
    if not isinstance(message, str) or not message:
        raise ConfigError(f"{label}: field 'message' is required (a string)")
    _check_placeholders(message, kind, label)
    flags = re.IGNORECASE if fields.get("ignorecase", True) else 0
    if kind == "metadata":
        return _compile_metadata(rule, fields, label, scope, message)
    if kind == "conditional":
        unit = fields.get("unit", "sentence")
        if unit not in ("sentence", "paragraph"):
            raise ConfigError(f"{label}: field 'unit' must be 'sentence' or 'paragraph'")
        return PackRule(
            rule, kind, scope, message,
            patterns=_patterns(fields, "first", label, flags, required=True),
            second=_patterns(fields, "second", label, flags, required=True),
            window=_int(fields.get("window", 0), "window", label), unit=unit,
        )  # fmt: skip
    patterns = _patterns(fields, "tokens", label, flags) + _patterns(
        fields, "patterns", label, flags, regex=True
    )
    if not patterns:
        raise ConfigError(f"{label}: give 'tokens' or 'patterns' (at least one)")
    minimum = maximum = None
    if kind == "occurrence":
        if "min" not in fields and "max" not in fields:
            raise ConfigError(f"{label}: an occurrence rule needs 'min' or 'max'")
        minimum = _int(fields["min"], "min", label) if "min" in fields else None
        maximum = _int(fields["max"], "max", label) if "max" in fields else None
    return PackRule(rule, kind, scope, message, patterns, minimum=minimum, maximum=maximum)


def _check_placeholders(message: str, kind: str, label: str) -> None:
    allowed = PLACEHOLDERS[kind]
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(message) if name is not None]
    except ValueError as exc:
        raise ConfigError(
            f"{label}: field 'message': {exc} (write {{{{ and }}}} for literal braces)"
        ) from None
    for name in names:
        if name not in allowed:
            shown = ", ".join(f"{{{a}}}" for a in allowed)
            raise ConfigError(
                f"{label}: field 'message': unknown placeholder {{{name}}} "
                f"(a {kind} rule can use {shown})"
            )


def _compile_metadata(
    rule: Rule, fields: dict[str, Any], label: str, scope: str, message: str
) -> PackRule:
    field = fields.get("field")
    if field not in METADATA_FIELDS:
        raise ConfigError(f"{label}: field 'field' must be one of {', '.join(METADATA_FIELDS)}")
    operators = [
        op for op in ("equals", "not-equals", "missing", "present", "matches") if op in fields
    ]
    if len(operators) != 1:
        raise ConfigError(
            f"{label}: give exactly one of equals, not-equals, missing, present, matches"
        )
    operator = operators[0]
    value = fields[operator]
    if operator in ("missing", "present"):
        if value is not True:
            raise ConfigError(f"{label}: field {operator!r} must be true")
        value = ""
    elif not isinstance(value, str | int):
        raise ConfigError(f"{label}: field {operator!r} must be a string")
    if operator == "matches":
        _regex(str(value), operator, label, 0)
    return PackRule(rule, "metadata", scope, message, field=field, condition=(operator, str(value)))


def _patterns(
    fields: dict[str, Any], key: str, label: str, flags: int, *, regex: bool = False,
    required: bool = False,
) -> tuple[re.Pattern[str], ...]:  # fmt: skip
    values = fields.get(key, [])
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise ConfigError(f"{label}: field {key!r} must be a list of non-empty strings")
    if required and not values:
        raise ConfigError(f"{label}: field {key!r} is required")
    if regex:
        return tuple(_regex(v, key, label, flags) for v in values)
    return tuple(re.compile(r"(?<!\w)" + re.escape(v) + r"(?!\w)", flags) for v in values)


def _regex(value: str, key: str, label: str, flags: int) -> re.Pattern[str]:
    try:
        return re.compile(value, flags)
    except re.error as exc:
        raise ConfigError(
            f"{label}: field {key!r}: bad regular expression {value!r}: {exc}"
        ) from None


def _int(value: Any, key: str, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(f"{label}: field {key!r} must be a whole number >= 0")
    return value


def load_packs(paths: Sequence[Path], plugin: str = "", *, examples: bool = True) -> list[Pack]:
    return [load_pack(path, plugin, examples=examples) for path in pack_files(paths)]
