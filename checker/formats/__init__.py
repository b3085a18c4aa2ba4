"""Output formats. Each is an object following ``Formatter``, registered through the
``provcheck_register_formats`` hook; the built-in ones use that hook too."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from provcheck.checks import Rule
from provcheck.config import Config
from provcheck.report import Report

if TYPE_CHECKING:
    from provcheck.boundary import PluginProblem
    from provcheck.pluginmanager import PluginInfo


@dataclass(frozen=True, slots=True)
class FormatContext:
    """What a formatter may need besides the reports."""

    config: Config
    rules: tuple[Rule, ...]
    version: str
    color: bool = False
    # Every loaded plugin (name, distribution, version) and the plugin failures of the run,
    # a live list: failures in per-report hooks arrive while the reports are written.
    plugins: Sequence[PluginInfo] = ()
    problems: Sequence[PluginProblem] = ()


@runtime_checkable
class Formatter(Protocol):
    """Renders reports. ``render`` gets every report at the end of a run."""

    name: str
    summary: str

    def render(self, reports: Sequence[Report], ctx: FormatContext) -> str:
        """The whole output for a run."""
        ...


@runtime_checkable
class StreamingFormatter(Formatter, Protocol):
    """A format that can write each report as soon as it is ready (e.g. JSON lines)."""

    def render_one(self, report: Report, ctx: FormatContext) -> str:
        """The output for one report, written immediately."""
        ...
