"""The IMG lexicon from rules/imagery.toml, compiled once per process.

Patterns live in TOML so editors can extend them; this module only compiles them and
substitutes the shared pieces (``{ai}``: ways of saying AI, ``{gen}``: generator names).

The generator alternation (29 names) made up most of the lexicon's compile time, parsed
once for every pattern it is substituted into, and most pages name no generator. So a
pattern with ``{gen}`` is compiled without it (the alternation replaced by one that never
matches), and in full only the first time a text names a generator: on a text where no
generator pattern matches anywhere, no match can go through the alternation, so the
pattern without it finds exactly the same match.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from provcheck import ConfigError, lexicon

_FLAGS = re.IGNORECASE


# Stands for {gen} in the compiled-first form of a pattern: an empty negative lookahead
# never matches, so every branch through it fails.
_NEVER = "(?!)"


class _Generators:
    """Whether a text names a generator anywhere (the last answer is kept: a caller tries
    every pattern on the same text in turn)."""

    __slots__ = ("_any", "_last")

    def __init__(self, alternation: re.Pattern[str]) -> None:
        self._any = alternation
        self._last: tuple[str, bool] = ("", False)

    def named_in(self, text: str) -> bool:
        last = self._last
        if last[0] is text or last[0] == text:
            return last[1]
        found = self._any.search(text) is not None
        self._last = (text, found)
        return found


class DisclosurePattern:
    """A compiled lexicon pattern: ``search`` answers as ``re.Pattern.search`` on the pattern
    in full (``pattern``, its source); see the module docstring for the two forms."""

    __slots__ = ("_full", "_generators", "_plain", "_where", "pattern")

    def __init__(
        self, source: str, plain: re.Pattern[str], generators: _Generators | None, where: str
    ) -> None:
        self.pattern = source
        self._plain = plain
        self._generators = generators
        self._full: re.Pattern[str] | None = None if generators else plain
        self._where = where

    @property
    def compiled_in_full(self) -> bool:
        return self._full is not None

    def search(self, text: str) -> re.Match[str] | None:
        if self._full is not None:
            return self._full.search(text)
        if self._generators is None or not self._generators.named_in(text):
            return self._plain.search(text)
        self._full = _compile(self.pattern, self._where)
        return self._full.search(text)


@dataclass(frozen=True, slots=True)
class KindPattern:
    """A disclosure pattern and what it discloses: "ai", "not-real" or "illustrative"."""

    kind: str
    pattern: DisclosurePattern


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
    return build(lexicon("imagery"))


def build(table: dict[str, Any]) -> Lexicon:
    """The lexicon compiled from a ``[lexicon]`` table of rules/imagery.toml's form."""
    generators = tuple(
        (str(name), _compile(str(p), f"generators.{name}"))
        for name, p in table["generators"].items()
    )
    gen = "|".join(f"(?:{p.pattern})" for _, p in generators)
    named = _Generators(_compile(gen, "generators"))
    ai = str(table["ai"])
    hashes: dict[str, Any] = table["hashes"]
    return Lexicon(
        label=_kinds(table["label"], ai, gen, named, "label"),
        body=_kinds(table["body"], ai, gen, named, "body"),
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
    entries: list[dict[str, str]], ai: str, gen: str, named: _Generators, where: str
) -> tuple[KindPattern, ...]:
    compiled = []
    for number, entry in enumerate(entries, 1):
        source = entry["pattern"].replace("{ai}", ai)
        here = f"{where} #{number}"
        plain = _compile(source.replace("{gen}", _NEVER), here)
        full = DisclosurePattern(
            source.replace("{gen}", gen), plain, named if "{gen}" in source else None, here
        )
        compiled.append(KindPattern(entry["kind"], full))
    return tuple(compiled)


def _compile(source: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(source, _FLAGS)
    except re.error as exc:
        raise ConfigError(f"rules/imagery.toml: lexicon {where}: bad pattern: {exc}") from None
