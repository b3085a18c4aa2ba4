"""provcheck: check news articles for provenance and media-literacy problems.

The public API for plugin authors. Everything else is internal and may change.
"""

from __future__ import annotations

import pluggy

from provcheck.checks import DIMENSIONS, Check, CheckContext, Finding, Level, Rule
from provcheck.config import Config
from provcheck.errors import ConfigError, ExitCode, PluginError, ProvcheckError, SourceError
from provcheck.model import (
    Article,
    Author,
    Block,
    CreditLine,
    Image,
    Link,
    Metadata,
    Position,
    Sentence,
)
from provcheck.report import Report, Score
from provcheck.rulepacks.files import builtin_rules, lexicon, load_rules
from provcheck.sources.local import RawDocument

hookimpl = pluggy.HookimplMarker("provcheck")

__version__ = "0.2.0"

__all__ = [
    "DIMENSIONS",
    "Article",
    "Author",
    "Block",
    "Check",
    "CheckContext",
    "Config",
    "ConfigError",
    "CreditLine",
    "ExitCode",
    "Finding",
    "Image",
    "Level",
    "Link",
    "Metadata",
    "PluginError",
    "Position",
    "ProvcheckError",
    "RawDocument",
    "Report",
    "Rule",
    "Score",
    "Sentence",
    "SourceError",
    "__version__",
    "builtin_rules",
    "hookimpl",
    "lexicon",
    "load_rules",
]
