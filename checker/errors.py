"""provcheck's exceptions and exit codes. Every error carries the thing it is about."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from provcheck.checks import Finding


class ExitCode(enum.IntEnum):
    """Process exit codes, as pytest does: stable, documented, scriptable."""

    OK = 0
    FINDINGS = 1  # a finding at or above --fail-on, or a score under --fail-under
    USAGE = 2  # usage, configuration or input error (after every other source is reported)
    # A plugin (or provcheck itself) failed; the output was still written. See docs/plugins.md.
    INTERNAL = 3
    INTERRUPTED = 130


class ProvcheckError(Exception):
    """Base class of every error provcheck reports to a user."""


class ConfigError(ProvcheckError):
    """A configuration, rule file or command-line problem."""


class SourceError(ProvcheckError):
    """One source (file, URL, stdin) could not be read or parsed.

    ``source`` names the file or URL; ``reason`` is one line a user can act on.
    ``plugin_errors``: the PC902 findings of plugins that failed on the way (the host fills it).
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
        self.plugin_errors: list[Finding] = []


class PluginError(ProvcheckError):
    """A plugin could not be loaded or broke the host's contract."""
