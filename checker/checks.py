"""Rules, findings and the check protocol: the contract between the host and every check."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from provcheck.model import Article, Position

if TYPE_CHECKING:
    from provcheck.config import Config

DIMENSIONS = ("imagery", "agency", "balance", "sourcing", "transparency")


class Level(enum.IntEnum):
    """How serious a finding is; ordered so ``--fail-on`` can compare."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    @classmethod
    def parse(cls, value: str) -> Level:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            choices = ", ".join(level.label for level in cls)
            raise ValueError(f"unknown level {value!r} (choose from {choices})") from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Rule:
    """What a rule code means. Codes never change meaning once released."""

    code: str  # prefix and three digits, e.g. "AGY101"; never changes meaning once released
    name: str  # kebab-case, usable in --select/--ignore, e.g. "unnamed-agency-credit"
    level: Level  # the default level; configuration may change it
    dimension: str  # imagery, agency, balance, sourcing, transparency (host: PC9xx)
    summary: str  # one line, shown by `provcheck rules`
    explanation: str = ""  # why it matters, for a reader (`provcheck explain`)
    fix: str = ""  # what would fix it
    points: int = 0  # taken from the dimension's score per finding
    # Most points this rule may take from one article (0 = no cap).
    max_points: int = 0
    # True for findings that record something done well (named credit, denial reported).
    positive: bool = False
    example_fires: str = ""  # text the rule fires on (run for rule packs)
    example_quiet: str = ""  # text it stays quiet on
    plugin: str = ""  # the plugin that provides it (filled in by the host)

    def finding(
        self,
        message: str,
        *,
        text: str = "",
        position: Position | None = None,
        data: Mapping[str, Any] | None = None,
    ) -> Finding:
        """Build a finding of this rule; the host fills in plugin, level overrides, points."""
        return Finding(
            code=self.code,
            name=self.name,
            level=self.level,
            dimension=self.dimension,
            message=message,
            text=text,
            position=position or Position(),
            explanation=self.explanation,
            fix=self.fix,
            points=self.points,
            max_points=self.max_points,
            positive=self.positive,
            data=tuple(sorted((data or {}).items())),
        )


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check found, with everything an editor needs to act on it."""

    code: str  # the rule's code
    name: str  # the rule's name
    level: Level  # after the configuration's level overrides
    dimension: str  # the rule's dimension
    message: str  # what is wrong here, in one sentence
    text: str = ""  # the exact text the finding is about
    position: Position = field(default_factory=Position)  # where that text starts
    explanation: str = ""  # why it matters (from the rule)
    fix: str = ""  # what would fix it (from the rule)
    points: int = 0  # what it costs its dimension
    # Most points findings of this rule may take from one article together (0 = no cap).
    max_points: int = 0
    positive: bool = False  # records something done well; costs nothing
    plugin: str = ""  # the plugin whose check made it (filled in by the host)
    # Extra structured facts (e.g. the agencies named); sorted (key, value) pairs.
    data: tuple[tuple[str, Any], ...] = ()
    suppressed: bool = False  # silenced by an in-document comment or a baseline
    suppression_reason: str = ""  # the reason the comment gave

    def with_changes(self, **changes: Any) -> Finding:
        return replace(self, **changes)


@dataclass(slots=True)
class CheckContext:
    """Given to ``Check.run``: the configuration and a place to note applicable dimensions."""

    config: Config  # settings: config.options, config.plugin_settings(name)
    # Dimensions that apply to this article even where nothing was found.
    applicable: set[str] = field(default_factory=set)
    # Summaries a check wants in the report (e.g. a balance table), as plain JSON data.
    summaries: dict[str, Any] = field(default_factory=dict)

    def mark_applicable(self, dimension: str) -> None:
        """Say that ``dimension`` applies to this article even if nothing was found."""
        self.applicable.add(dimension)


@runtime_checkable
class Check(Protocol):
    """A provenance check. Register instances through ``provcheck_register_checks``."""

    #: Code prefix the check owns, e.g. ``"AGY"``.
    prefix: str
    #: Every rule the check can report.
    rules: tuple[Rule, ...]

    def run(self, article: Article, ctx: CheckContext) -> Iterable[Finding]:
        """Yield findings for one article. Exceptions are contained by the host (PC902)."""
        ...
