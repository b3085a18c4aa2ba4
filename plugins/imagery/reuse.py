"""IMG105 across processes: repeats of one picture that different ``--jobs`` workers scanned.

Each worker keeps its own hash store, so a picture that fronts articles scanned in two workers
is never matched there. The parent process sees every report: ``RunReuse`` reads the pictures
each report's ``images`` summary lists (pHash and dHash in hex, where it appears, its size and
src), in input order, with the same thresholds and the same "illustration-sized" rule as the
check, and says which earlier articles of the run each one matches.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from provcheck.plugins.imagery.hashstore import Hashes, HashStore, Seen
from provcheck.plugins.imagery.lex import Lexicon, load

_VISIBLE = ("figure", "inline")
_LABELS = {"figure": "figure", "inline": "inline image"}


@dataclass(frozen=True, slots=True)
class Repeat:
    """A picture of one article that earlier articles of the run also show."""

    src: str
    line: int
    label: str  # "figure at line 12", as the check names the picture
    earlier: tuple[str, ...]  # the earlier articles' sources
    phash_distance: int
    dhash_distance: int

    def message(self, known: Sequence[str] = ()) -> str:
        """The IMG105 message, in the check's words (``known``: known-list labels too)."""
        names = [f"“{a}”" for a in self.earlier] + [f"known image “{k}”" for k in known]
        return repeat_message(self.label, names, self.phash_distance, self.dhash_distance)


class RunReuse:
    """The pictures of a run seen so far; feed reports' image summaries in input order."""

    def __init__(self, lex: Lexicon | None = None) -> None:
        self.lex = lex or load()
        self.store = HashStore(self.lex.phash_distance, self.lex.dhash_distance)

    def add(self, source: str, title: str, images: Iterable[Mapping[str, Any]]) -> list[Repeat]:
        """The repeats among one article's pictures; its countable pictures join the run."""
        repeats = []
        for entry in images:
            hashes = _hashes(entry)
            if hashes is None or not self.countable(entry):
                continue
            earlier, _ = self.store.matches(hashes, source)
            self.store.add(Seen(hashes, source, title, str(entry.get("src", ""))))
            if earlier:
                first = earlier[0]
                repeats.append(Repeat(
                    str(entry.get("src", "")), int(entry.get("line") or 0), _label(entry),
                    tuple(m.seen.article for m in earlier),
                    first.phash_distance, first.dhash_distance,
                ))  # fmt: skip
        return repeats

    def countable(self, entry: Mapping[str, Any]) -> bool:
        """Visible and illustration-sized, as the check requires (icons and logos are not)."""
        appears = entry.get("appears") or []
        size = (entry.get("bytes") or {}).get("size") or []
        if not appears or appears[0] not in _VISIBLE or len(size) != 2:
            return False
        return illustration_sized(self.lex, int(size[0]), int(size[1]), str(entry.get("src", "")))


def repeat_message(label: str, names: Sequence[str], phash: int, dhash: int) -> str:
    """The IMG105 message, for the check and for the run's cross-worker repeats alike."""
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    return (
        f"The same picture as the {label} also fronts {', '.join(names[:3])}{more}"
        f" (pHash distance {phash}, dHash {dhash})."
    )


def illustration_sized(lex: Lexicon, width: int, height: int, src: str) -> bool:
    """Icons, logos and banners are not illustrations, even when reused."""
    short, long = sorted((width, height))
    if short < lex.min_side or long > lex.max_aspect * short:
        return False
    return not lex.skip_names.search(src.lower())


def _hashes(entry: Mapping[str, Any]) -> Hashes | None:
    found = entry.get("hashes")
    if not isinstance(found, Mapping):
        return None
    try:
        return Hashes(int(found["phash"], 16), int(found["dhash"], 16))
    except (KeyError, TypeError, ValueError):
        return None


def _label(entry: Mapping[str, Any]) -> str:
    appears = entry.get("appears") or ["figure"]
    where = _LABELS.get(appears[0], appears[0])
    line = int(entry.get("line") or 0)
    return f"{where} at line {line}" if line else where


__all__ = ["Repeat", "RunReuse"]
