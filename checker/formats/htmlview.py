"""Lays one report's data out for the HTML report: which sentence each finding is about.

Input is ``report_data(report, body=True)`` - the JSON report plus the article text. A finding
is placed on the sentence(s) that contain its quoted text (the occurrence nearest its
line:column wins); a summary's per-sentence entries (``{"text", "line", "kind"}``, e.g. the
sourcing summary's grades) are placed the same way. Nothing here re-runs or judges a check.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).with_name("templates")
_LEVEL_ORDER = {"error": 2, "warning": 1, "info": 0}
_TIERS = (("a", 90), ("b", 75), ("c", 60), ("d", 40), ("e", 0))
# The sourcing summary's count fields: what to call them and which highlight colour they share.
_SOURCING_LABELS = {
    "named": ("named source", "named"),
    "role_only": ("role-only source", "role"),
    "anonymous": ("anonymous source", "vague"),
    "vague": ("vague source", "vague"),
    "none": ("no source given", "unattributed"),
}


@dataclass(frozen=True, slots=True)
class Role:
    """A kind of highlight: its label, explanation, colour and underline pattern."""

    key: str
    label: str
    about: str
    colour: str
    pattern: str
    codes: tuple[str, ...]
    kinds: tuple[str, ...]  # "summary:kind"


@dataclass(slots=True)
class Note:
    """A numbered footnote: one finding, and the places on the page it is about."""

    number: int
    anchor: str
    finding: dict[str, Any]
    role: str
    # (anchor, label) of each place the note is about: a sentence or an image.
    targets: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class Mark:
    """What is known about one sentence: its roles, footnotes and hover text."""

    anchor: str
    roles: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The hover text: every note and grade on this sentence, one per line."""
        return "\n".join(self.hints)


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of block text; ``mark`` is set when the run is a highlighted sentence."""

    text: str
    mark: Mark | None = None


@cache
def _table() -> dict[str, Any]:
    with (TEMPLATES / "roles.toml").open("rb") as fh:
        return tomllib.load(fh)


def page_codes() -> frozenset[str]:
    """Codes of findings about the whole page, never placed on a sentence."""
    return frozenset(_table().get("page_codes", ()))


@cache
def roles() -> tuple[Role, ...]:
    """The highlight roles, in priority order, from templates/roles.toml."""
    table = _table()
    return tuple(
        Role(
            key=r["key"], label=r["label"], about=r["about"], colour=r["colour"],
            pattern=r["pattern"], codes=tuple(r["codes"]), kinds=tuple(r["kinds"]),
        )
        for r in table["role"]
    )  # fmt: skip


def role_for_code(code: str) -> str:
    """The role a finding of ``code`` gives its sentence (an exact code beats a prefix)."""
    for exact in (True, False):
        for role in roles():
            if any(code == c if exact else code.startswith(c) for c in role.codes):
                return role.key
    return "other"


def locate(
    text: str, line: int, column: int, blocks: Sequence[dict[str, Any]]
) -> list[tuple[int, int]]:
    """The (block, sentence) pairs covering ``text``; the occurrence nearest line:column wins."""
    text = text.strip()
    best: tuple[tuple[int, int], list[tuple[int, int]]] | None = None
    for b, block in enumerate(blocks):
        start = block["text"].find(text) if text else -1
        while start >= 0:
            end = start + len(text)
            hit = [s for s, sent in enumerate(block["sentences"])
                   if sent["start"] < end and start < sent["end"]]  # fmt: skip
            if hit:
                first = block["sentences"][hit[0]]
                cost = (abs(first["line"] - line), abs(first["column"] - column))
                if line <= 0:
                    cost = (0, 0)
                if best is None or cost < best[0]:
                    best = (cost, [(b, s) for s in hit])
            start = block["text"].find(text, start + 1)
    return best[1] if best else []


class ArticleView:
    """The data for one article laid out for the templates."""

    def __init__(
        self, data: dict[str, Any], number: int, thumbnail: Callable[[str, str], str]
    ) -> None:
        self.data = data
        self.id = f"a{number}"
        self.number = number
        self.summaries: dict[str, Any] = data.get("summaries") or {}
        self.blocks: list[dict[str, Any]] = (data.get("body") or {}).get("blocks", [])
        self.marks: dict[tuple[int, int], Mark] = {}
        self.notes = [
            Note(i, f"{self.id}-fn{i}", f, role_for_code(f["code"]))
            for i, f in enumerate(data["findings"], 1)
        ]
        for note in self.notes:
            if not note.finding["suppressed"] and note.finding["code"] not in page_codes():
                self._place_note(note)
        self._place_summaries()
        self.images = self._images(thumbnail)

    # --- placing findings and summary entries on sentences --------------------------------

    def _mark(self, at: tuple[int, int]) -> Mark:
        if at not in self.marks:
            self.marks[at] = Mark(f"{self.id}-b{at[0]}s{at[1]}")
        return self.marks[at]

    def _place_note(self, note: Note) -> None:
        f = note.finding
        for at in locate(f["text"], f["line"], f["column"], self.blocks):
            mark = self._mark(at)
            _add(mark.roles, note.role)
            mark.notes.append(note)
            fix = f" Fix: {f['fix']}" if f["fix"] and not f["positive"] else ""
            mark.hints.append(f"[{note.number}] {f['code']} {f['name']}: {f['message']}{fix}")
            if (mark.anchor, "in the text") not in note.targets:
                note.targets.append((mark.anchor, "in the text"))

    def _place_summaries(self) -> None:
        by_kind = {k: r for r in roles() for k in r.kinds}
        for name, summary in self.summaries.items():
            entries = summary.get("sentences") if isinstance(summary, dict) else None
            for entry in entries if isinstance(entries, list) else []:
                if not isinstance(entry, dict):
                    continue
                role = by_kind.get(f"{name}:{entry.get('kind')}")
                if role is None:
                    continue
                line = entry.get("line")
                found = locate(str(entry.get("text", "")), line if isinstance(line, int) else 0,
                               0, self.blocks)  # fmt: skip
                for at in found[:1]:
                    mark = self._mark(at)
                    _add(mark.roles, role.key)
                    if entry.get("quote") is True:
                        _add(mark.roles, "quote")
                    speaker = f": {entry['speaker']}" if entry.get("speaker") else ""
                    mark.hints.append(f"{role.label}{speaker}")

    # --- what the templates read ----------------------------------------------------------

    def segments(self, b: int) -> list[Segment]:
        """Block ``b`` as plain runs and highlighted sentences, together exactly its text."""
        text, out, pos = self.blocks[b]["text"], [], 0
        for s, sent in enumerate(self.blocks[b]["sentences"]):
            start, end = sent["start"], sent["end"]
            mark = self.marks.get((b, s))
            if mark is None or not (pos <= start < end <= len(text)):
                continue
            if start > pos:
                out.append(Segment(text[pos:start]))
            mark.roles.sort(key=_priority)
            out.append(Segment(text[start:end], mark))
            pos = end
        if pos < len(text):
            out.append(Segment(text[pos:]))
        return out

    def figures_after(self, b: int) -> list[dict[str, Any]]:
        """Images the article shows right after block ``b`` (-1: before the first block)."""
        return [i for i in self.images if i["in_body"] and i["after_block"] == b]

    @property
    def lang(self) -> str:
        lang = (self.data.get("article") or {}).get("language", "")
        parts = lang.split("-") if isinstance(lang, str) else []
        ok = bool(parts) and 2 <= len(parts[0]) <= 3 and all(p.isalnum() for p in parts)
        return lang if ok and lang.isascii() else ""

    @property
    def tier(self) -> str:
        """A colour tier for the overall score (styling only; the band words are the data)."""
        overall = (self.data.get("score") or {}).get("overall")
        if not isinstance(overall, int):
            return "na"
        return next((t for t, floor in _TIERS if overall >= floor), "e")

    def worst(self, limit: int = 3) -> list[dict[str, Any]]:
        """The most serious active problems, for the index row."""
        found = [f for f in self.data["findings"] if not f["suppressed"] and not f["positive"]]
        found.sort(key=lambda f: (-_LEVEL_ORDER.get(f["level"], 0), -f["points"]))
        return found[:limit]

    def notes_for(self, code: str) -> list[Note]:
        return [n for n in self.notes if n.finding["code"] == code and not n.finding["suppressed"]]

    @property
    def sourcing_keys(self) -> list[str]:
        """The count fields of the sourcing summary (numbers other than the total)."""
        src = self.summaries.get("sourcing")
        if not isinstance(src, dict):
            return []
        return [k for k, v in src.items()
                if k != "claims" and isinstance(v, int) and not isinstance(v, bool)]  # fmt: skip

    def sourcing_rows(self) -> list[tuple[str, str, int, int]]:
        """(label, role, count, percent of claims) for each way a claim can be sourced."""
        src = self.summaries.get("sourcing")
        if not isinstance(src, dict):
            return []
        claims = src.get("claims")
        total = claims if isinstance(claims, int) and claims > 0 else None
        total = total or sum(src[k] for k in self.sourcing_keys) or 1
        rows = []
        for key in self.sourcing_keys:
            label, role = _SOURCING_LABELS.get(key, (key.replace("_", " "), "other"))
            rows.append((label, role, src[key], min(100, round(100 * src[key] / total))))
        return rows

    def _images(self, thumbnail: Callable[[str, str], str]) -> list[dict[str, Any]]:
        article = self.data.get("article") or {}
        placed = (self.data.get("body") or {}).get("images", [])
        seen: dict[str, dict[str, Any]] = {}
        for i, image in enumerate(article.get("images", [])):
            if image["src"] in seen:  # one picture declared twice (figure and og:image)
                _add(seen[image["src"]]["origins"], image["origin"])
                continue
            view = dict(image, after_block=-1, resolved="")
            view.update(placed[i] if i < len(placed) else {})
            number = len(seen) + 1
            view.update(
                number=number,
                anchor=f"{self.id}-img{number}",
                origins=[image["origin"]],
                in_body=image["origin"] in ("figure", "inline"),
                thumbnail=thumbnail(view["resolved"], self.data["source"]),
                verdict=_verdict(self.summaries.get("images"), image),
                caption_in_text=any(
                    b["kind"] == "caption" and b["text"] == image["caption"] for b in self.blocks
                ),
                notes=[n for n in self.notes if _about_image(n.finding, image)],
            )
            for note in view["notes"]:
                note.targets.append((view["anchor"], f"image {number}"))
            seen[image["src"]] = view
        return list(seen.values())


def _verdict(verdicts: Any, image: dict[str, Any]) -> dict[str, Any] | None:
    """The imagery summary's entry for this image: a list entry with its src, or keyed by src."""
    if isinstance(verdicts, dict):
        entry = verdicts.get(image["src"])
        return entry if isinstance(entry, dict) else None
    for entry in verdicts if isinstance(verdicts, list) else []:
        if isinstance(entry, dict) and entry.get("src") == image["src"]:
            return entry
    return None


def _about_image(finding: dict[str, Any], image: dict[str, Any]) -> bool:
    if not finding["code"].startswith("IMG") or finding["suppressed"]:
        return False
    if image["line"] > 0 and finding["line"] == image["line"]:
        return True
    return bool(finding["text"]) and finding["text"] in (image["src"], image["caption"])


def _add(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def _priority(key: str) -> int:
    order = [r.key for r in roles()]
    return order.index(key) if key in order else len(order)
