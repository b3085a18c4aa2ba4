"""Registers the built-in formats through the same hook third-party formats use."""

from __future__ import annotations

from collections.abc import Sequence

import pluggy

from provcheck.formats import Formatter
from provcheck.formats.concise import ConciseFormat
from provcheck.formats.github import GithubFormat
from provcheck.formats.html import HtmlFormat
from provcheck.formats.jsonfmt import JsonFormat, JsonLinesFormat
from provcheck.formats.sarif import SarifFormat
from provcheck.formats.text import TextFormat

hookimpl = pluggy.HookimplMarker("provcheck")


@hookimpl
def provcheck_register_formats() -> Sequence[Formatter]:
    return [
        TextFormat(),
        JsonFormat(),
        JsonLinesFormat(),
        SarifFormat(),
        GithubFormat(),
        ConciseFormat(),
        HtmlFormat(),
    ]
