"""What was read from one image file, as a record (no Pillow import needed to use it)."""

from __future__ import annotations

from dataclasses import dataclass

from provcheck.plugins.imagery.credentials import Credentials

DEFAULT_MAX_PIXELS = 50_000_000
AI_CLASSES = frozenset({"ai-generated", "ai-edited", "synthetic"})


class Unreadable(Exception):
    """The bytes are not an image provcheck can read; ``reason`` is one line."""


@dataclass(frozen=True, slots=True)
class ImageFacts:
    """Everything read from one image file. ``status``: read, unreadable or not-read."""

    status: str
    problem: str = ""
    format: str = ""
    width: int = 0
    height: int = 0
    source_type: str = ""  # IPTC Digital Source Type term
    source_class: str = ""  # ai-generated, ai-edited, synthetic, capture, edited, art, other
    source_from: str = ""  # "XMP", "C2PA manifest", "page JSON-LD"
    generators: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()  # what the bytes say, one line each
    credentials: Credentials | None = None
    remote_manifest: str = ""
    camera: str = ""
    embedded_caption: str = ""

    @property
    def says_ai(self) -> bool:
        """The file declares AI generation or editing (by any signal)."""
        return self.source_class in AI_CLASSES or bool(self.generators)

    @property
    def says_capture(self) -> bool:
        return self.source_class == "capture" and not self.says_ai
