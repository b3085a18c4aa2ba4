"""The IMG lexicon from rules/imagery.toml, compiled once per process.

Patterns live in TOML so editors can extend them; this module only compiles them and
substitutes the shared pieces (``{ai}``: ways of saying AI, ``{gen}``: generator names).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from provcheck import ConfigError, lexicon

_FLAGS = re.IGNORECASE


@dataclass(frozen=True, slots=True)
class KindPattern:
    """A disclosure pattern and what it discloses: "ai", "not-real" or "illustrative"."""

    kind: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the IMG check reads from rules/imagery.toml."""

    label: tuple[KindPattern, ...]
    body: tuple[KindPattern, ...]
    photo_claim: re.Pattern[str]
    generators: tuple[tuple[str, re.Pattern[str]], ...]
    parameters: re.Pattern[str]
    source_types: dict[str, str]
    png_keys: dict[str, str]
    phash_distance: int
    dhash_distance: int
    min_side: int
    max_aspect: float
    skip_names: re.Pattern[str]

    def generator_in(self, text: str) -> str:
        """The first generator named in ``text`` (its label), or ""."""
        for name, pattern in self.generators:
            if pattern.search(text):
                return name
        return ""

    def source_class(self, term: str) -> str:
        """The class of an IPTC Digital Source Type term or URI ("" when unknown)."""
        term = term.rstrip("/").rsplit("/", 1)[-1].strip()
        return self.source_types.get(term.lower(), "")


@functools.cache
def load() -> Lexicon:
    """The compiled lexicon (raises ConfigError naming the bad pattern)."""
    table = lexicon("imagery")
    generators = tuple(
        (str(name), _compile(str(p), f"generators.{name}"))
        for name, p in table["generators"].items()
    )
    gen = "|".join(f"(?:{p.pattern})" for _, p in generators)
    pieces = {"{ai}": str(table["ai"]), "{gen}": gen}
    hashes: dict[str, Any] = table["hashes"]
    return Lexicon(
        label=_kinds(table["label"], pieces, "label"),
        body=_kinds(table["body"], pieces, "body"),
        photo_claim=_compile(table["photo_claim"]["pattern"], "photo_claim"),
        generators=generators,
        parameters=_compile(table["parameters"]["pattern"], "parameters"),
        source_types={k.lower(): str(v) for k, v in table["digital_source_types"].items()},
        png_keys={str(k): str(v) for k, v in table["png_generator_keys"].items()},
        phash_distance=int(hashes["phash_distance"]),
        dhash_distance=int(hashes["dhash_distance"]),
        min_side=int(hashes["min_side"]),
        max_aspect=float(hashes["max_aspect"]),
        skip_names=_compile(str(hashes["skip_names"]), "hashes.skip_names"),
    )


def _kinds(
    entries: list[dict[str, str]], pieces: dict[str, str], where: str
) -> tuple[KindPattern, ...]:
    compiled = []
    for number, entry in enumerate(entries, 1):
        source = entry["pattern"]
        for key, value in pieces.items():
            source = source.replace(key, value)
        compiled.append(KindPattern(entry["kind"], _compile(source, f"{where} #{number}")))
    return tuple(compiled)


def _compile(source: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(source, _FLAGS)
    except re.error as exc:
        raise ConfigError(f"rules/imagery.toml: lexicon {where}: bad pattern: {exc}") from None
