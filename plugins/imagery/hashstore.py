"""Perceptual hashes: the same picture across the articles of a run and a known-images list.

pHash and dHash at ``hash_size=16`` (256 bits each) on a small thumbnail taken after EXIF
rotation. Two pictures are the same when the pHash distance is at most 36 or the dHash
distance at most 30 (thresholds in rules/imagery.toml). imagehash is imported only when the
first picture is hashed: it pulls in scipy, which costs start-up time.

A known-images file has one picture per line: ``PHASH DHASH LABEL`` (hex hashes, then any
label); ``#`` starts a comment. A ``.json`` file holds a list of ``{"phash", "dhash",
"label"}`` objects instead. Make lines for your own pictures with::

    python -m provcheck.plugins.imagery.hashstore IMAGE [IMAGE ...]
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from provcheck import ConfigError

if TYPE_CHECKING:
    from PIL import Image

HASH_SIZE = 16


@dataclass(frozen=True, slots=True)
class Hashes:
    """A picture's pHash and dHash as integers (256 bits each)."""

    phash: int
    dhash: int

    def hex(self) -> str:
        return f"{self.phash:064x} {self.dhash:064x}"

    def distance(self, other: Hashes) -> tuple[int, int]:
        return (self.phash ^ other.phash).bit_count(), (self.dhash ^ other.dhash).bit_count()


@dataclass(frozen=True, slots=True)
class Seen:
    """A picture seen before: in an earlier article of this run, or on the known list."""

    hashes: Hashes
    article: str  # the article's source ("" for a known-list entry)
    title: str
    src: str  # the image's src, or the known-list label


@dataclass(frozen=True, slots=True)
class Match:
    seen: Seen
    phash_distance: int
    dhash_distance: int


def compute(thumbnail: Image.Image) -> Hashes:
    """pHash and dHash of an RGB thumbnail."""
    import imagehash  # lazy: scipy

    phash = imagehash.phash(thumbnail, hash_size=HASH_SIZE)
    dhash = imagehash.dhash(thumbnail, hash_size=HASH_SIZE)
    return Hashes(int(str(phash), 16), int(str(dhash), 16))


@dataclass(slots=True)
class HashStore:
    """Pictures seen in this run (in scan order) and the known-images list."""

    phash_limit: int
    dhash_limit: int
    known: list[Seen] = field(default_factory=list)
    run: list[Seen] = field(default_factory=list)

    def matches(self, hashes: Hashes, article: str) -> tuple[list[Match], list[Match]]:
        """(earlier articles of this run, known-list entries) that show the same picture."""
        earlier = self._near(hashes, (s for s in self.run if s.article != article))
        # One match per earlier article is enough to name it.
        unique: dict[str, Match] = {}
        for match in earlier:
            unique.setdefault(match.seen.article, match)
        return list(unique.values()), self._near(hashes, self.known)

    def add(self, seen: Seen) -> None:
        self.run.append(seen)

    def _near(self, hashes: Hashes, candidates: Iterable[Seen]) -> list[Match]:
        found = []
        for seen in candidates:
            p, d = hashes.distance(seen.hashes)
            if p <= self.phash_limit or d <= self.dhash_limit:
                found.append(Match(seen, p, d))
        return found


def load_known(path: str | Path) -> list[Seen]:
    """Read a known-images file; a malformed entry is a ConfigError naming file and line.

    Text: ``PHASH DHASH LABEL`` per line. JSON (a ``.json`` file): a list of objects with
    ``phash``, ``dhash`` and ``label``.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"known-images file {path}: cannot read: {exc.strerror}") from None
    if str(path).lower().endswith(".json"):
        return _known_json(text, path)
    lines = text.splitlines()
    known = []
    for number, line in enumerate(lines, 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split(None, 2)
        try:
            phash, dhash = int(parts[0], 16), int(parts[1], 16)
        except (IndexError, ValueError):
            raise ConfigError(
                f"{path}:{number}: expected 'PHASH DHASH LABEL' with hexadecimal hashes"
            ) from None
        label = parts[2] if len(parts) > 2 else f"{path}:{number}"
        known.append(Seen(Hashes(phash, dhash), "", "", label))
    return known


def _known_json(text: str, path: str | Path) -> list[Seen]:
    try:
        entries = json.loads(text)
        return [
            Seen(Hashes(int(e["phash"], 16), int(e["dhash"], 16)), "", "", str(e.get("label", "")))
            for e in entries
        ]
    except (ValueError, TypeError, KeyError) as exc:
        raise ConfigError(
            f"{path}: expected a JSON list of {{'phash', 'dhash', 'label'}} objects ({exc})"
        ) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Print known-images lines for the given image files."""
    from provcheck.plugins.imagery.credentials import Validator
    from provcheck.plugins.imagery.facts import Unreadable
    from provcheck.plugins.imagery.lex import load
    from provcheck.plugins.imagery.meta import read_image

    paths = list(sys.argv[1:] if argv is None else argv)
    if not paths:
        usage = "usage: python -m provcheck.plugins.imagery.hashstore IMAGE [IMAGE ...]"
        print(usage, file=sys.stderr)
        return 2
    status = 0
    for path in paths:
        try:
            _, thumbnail = read_image(Path(path).read_bytes(), load(), Validator(enabled=False))
        except (OSError, Unreadable) as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            status = 1
            continue
        if thumbnail is not None:
            print(f"{compute(thumbnail).hex()} {path}")
    return status


if __name__ == "__main__":
    sys.exit(main())
