"""Per-rule precision and recall on the hand-labelled real news pages in ../shared/labelled.

The folder (outside the repository; see its README.md and GUIDELINES.md) holds 71 saved pages
and ``labels.jsonl``, one JSON object per page with what a careful editor finds on it. This
harness scans every page once with one session and compares the findings with the labels:

* **page level**: for each rule, does it fire on the page (any active finding of the code)
  and should it, by the label mapping below? TP/FP/FN/TN are counted over pages.
* **item level**, where a label lists snippets: the share of labelled snippets matched by some
  finding of the rule. A snippet is matched when at least 60% of its content words (quotes,
  dashes, whitespace and case normalised; stop words and "..." dropped) occur in the
  finding's quoted text or its message. Findings carry the whole sentence as their text, so
  this is "the rule flagged the sentence the editor marked".

Every figure is given twice: over all pages, and over the pages whose ``unsure`` list does
not name any label field the rule depends on ("sure" columns).

Label -> rule mapping (decided from each rule's summary in rules/*.toml and its plugin):

=========  ===================================================================================
TRN101     should fire when ``byline_person`` is false.
TRN102     should fire when ``date_present`` is false (no page lacks a date: precision only).
AGY101     should fire when an agency credit has ``kind == "vague"`` ("agencies", "wire
           services") in a credit position. None on these pages: precision only.
AGY102     should fire when a *named* agency is credited in a credit position: ``where`` is
           byline, dateline, trailer or photo-credit. ``where == "body"`` ("sources told
           Reuters", "a Bloomberg survey") is the agency cited as a source, which the rule
           (its example_quiet) deliberately ignores, so body entries do not count.
AGY103     should fire when the page carries agency *copy* (a named or vague credit in the
           dateline or trailer; photo credits do not count, as the rule says), no person
           is in the byline (``byline_person`` false) and the byline does not itself name the
           agency (an agency byline is the rule's recommended fix). None here: precision only.
BAL101     should fire when ``balance == "response-missing"``. Differs from the rule: the
           rule asks for an *identifiable* accused party, and BAL skips opinion pages, while
           the labels count unnamed suspects in crime briefs (those pages list ``balance`` in
           ``unsure``) and accusations made in an opinion writer's own voice.
BAL102     (extra) should fire when ``balance == "response-sought"``.
BAL104     should fire when ``responses`` include ``kind == "denial"``. The labels count
           pleas of not guilty and a lawyer's denial as denials, as the rule does.
SRC101     should fire when ``unsourced_claims`` is non-empty. Differs from the rule: SRC101
           is about *figures* only, while the labels also list specific events with no figure.
           The row ``SRC101:fig`` uses only claims holding a digit or a number word.
SRC102     should fire when ``unattributed_quotes`` is non-empty.
SRC103     should fire when ``vague_sources`` holds an entry without the ``[role]`` prefix.
           ``[role]`` entries ("a GE spokesman", "PG&E officials") are an unnamed person in an
           identifiable institution: the attribution engine grades those as a role, which is
           accountable, and SRC103's summary ("analysts say", "experts believe") does not cover
           them. Item row ``SRC103/4:role`` reports how many of them SRC103 or SRC104 marks.
SRC105     should fire when ``body_outbound_links == 0``: the summary is "The article links
           to no source outside its own site", so it fires on the ABSENCE of outbound links.
           Differs from the rule: the labels count sister domains and affiliate redirects as
           outbound, and the rule stays quiet on short pages, pages with few claims and pages
           that credit almost nothing (how-tos, essays).
IMG101     should fire when ``ai_image_disclosure`` is true (none here: precision only).
           Differs from the rule: its summary also covers "illustrative" images, which the
           labels exclude ("artist's illustration" is not an AI disclosure).
=========  ===================================================================================

Item rows: ``vague_sources`` (non-role) -> SRC103, ``unattributed_quotes`` -> SRC102,
``unsourced_claims`` -> SRC101, ``agency_credits`` in credit positions -> AGY102 (named) or
AGY101 (vague), ``accusations`` -> any BAL101-BAL105 finding (every balance finding quotes the
accusation or the answer to it).

Run: ``python bench/real_accuracy.py [--verbose] [--rule CODE] [--json] [--labelled DIR]``.
tests/test_real_accuracy.py pins floors just under the figures measured when it was written.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from provcheck.checks import Finding
from provcheck.testing import make_session

# bench/ is no package: the fixture harness beside this file is imported by its path.
_spec = importlib.util.spec_from_file_location(
    "provcheck_bench_accuracy", Path(__file__).resolve().parent / "accuracy.py"
)
assert _spec is not None and _spec.loader is not None
_accuracy = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = _accuracy  # its dataclasses look their module up there
_spec.loader.exec_module(_accuracy)
_FixtureTally = _accuracy.Tally

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT.parent / "shared" / "labelled"
MATCH_SHARE = 0.6  # share of a snippet's content words that must occur in the finding

Label = dict[str, Any]

_QUOTES = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": " ... ", "\u00a0": " "}
)
_WORD = re.compile(r"[a-z0-9]+(?:['.&-][a-z0-9]+)*")
# fmt: off
_STOP = frozenset((
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "from",
    "with", "without", "as", "is", "are", "was", "were", "be", "been", "being", "it", "its",
    "it's", "this", "that", "these", "those", "he", "she", "they", "them", "his", "her", "their",
    "there", "here", "we", "us", "our", "you", "your", "i", "me", "my", "not", "no", "so", "if",
    "then", "than", "into", "over", "under", "about", "after", "before", "up", "down", "out",
    "off", "has", "have", "had", "do", "does", "did", "will", "would", "can", "could", "may",
    "might", "shall", "should", "said", "says", "say", "also", "just", "more", "most", "very",
))
# fmt: on
# A figure as SRC101 counts one: dates, years and times are details, not claims.
_NOT_FIGURES = re.compile(
    r"\b(?:1[5-9]|20)\d\d(?:s|'s)?\b"  # years, decades
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:-\d{1,2})?\b"
    r"|\b\d{1,2}[.:]\d\d\s*(?:a\.?m|p\.?m)\b",
    re.IGNORECASE,
)
_FIGURE = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|percent|per cent)\b",
    re.IGNORECASE,
)
_CREDIT_PLACES = ("byline", "dateline", "trailer", "photo-credit")
_COPY_PLACES = ("dateline", "trailer", "byline")


# --- tallies ------------------------------------------------------------------------------


@dataclass
class Tally(_FixtureTally):
    """The fixture harness's page-level counts (bench/accuracy.py), with true negatives: a
    labelled page the rule should stay quiet on is a page like any other here."""

    tn: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
        }


@dataclass
class ItemTally:
    """Item-level recall: labelled snippets matched by some finding of the rule."""

    matched: int = 0
    total: int = 0
    missed: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched / self.total if self.total else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {"matched": self.matched, "total": self.total, "recall": round(self.recall, 4)}


@dataclass
class RuleResult:
    """One rule's figures: page level and item level, over all pages and the sure ones.

    ``precision`` and ``recall`` are the page-level figures over all pages, so a result
    reads like the fixture harness's ``Tally``."""

    code: str
    page: Tally = field(default_factory=Tally)
    page_sure: Tally = field(default_factory=Tally)
    item: ItemTally | None = None
    item_sure: ItemTally | None = None
    page_level: bool = True  # False for item-only rows

    @property
    def precision(self) -> float:
        return self.page.precision

    @property
    def recall(self) -> float:
        return self.page.recall

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.page_level:
            out["page"] = self.page.as_dict()
            out["page_sure"] = self.page_sure.as_dict()
        if self.item is not None and self.item_sure is not None:
            out["item"] = self.item.as_dict()
            out["item_sure"] = self.item_sure.as_dict()
        return out


# --- label mapping ------------------------------------------------------------------------


def _credits(label: Label, places: Sequence[str], kind: str | None = None) -> list[Label]:
    return [
        c
        for c in label["agency_credits"]
        if c.get("where") in places and (kind is None or c.get("kind") == kind)
    ]


def _non_role(items: Iterable[str]) -> list[str]:
    return [s for s in items if not s.startswith("[role]")]


def _role(items: Iterable[str]) -> list[str]:
    return [s.removeprefix("[role]").strip() for s in items if s.startswith("[role]")]


def _with_figure(items: Iterable[str]) -> list[str]:
    return [s for s in items if _FIGURE.search(_NOT_FIGURES.sub(" ", s))]


def _agency_copy_desk(label: Label) -> bool:
    copy = _credits(label, _COPY_PLACES)
    in_byline = any(c.get("where") == "byline" for c in copy)
    return bool(copy) and not label["byline_person"] and not in_byline


@dataclass(frozen=True)
class PageRule:
    """How a rule's page-level truth is read from a label, and which fields it rests on."""

    code: str  # the row name
    fires: tuple[str, ...]  # finding codes whose presence means "fired"
    expected: Callable[[Label], bool]
    fields: tuple[str, ...]  # label fields whose presence in `unsure` makes the page unsure
    describe: Callable[[Label], str]  # what the label says, for false negatives


PAGE_RULES: tuple[PageRule, ...] = (
    PageRule(
        "TRN101",
        ("TRN101",),
        lambda lb: not lb["byline_person"],
        ("byline_person",),
        lambda lb: f"byline {lb['byline_text']!r}",
    ),
    PageRule(
        "TRN102",
        ("TRN102",),
        lambda lb: not lb["date_present"],
        ("date_present",),
        lambda lb: "no date",
    ),
    PageRule(
        "AGY101",
        ("AGY101",),
        lambda lb: bool(_credits(lb, _CREDIT_PLACES, "vague")),
        ("agency_credits",),
        lambda lb: repr(_credits(lb, _CREDIT_PLACES, "vague")),
    ),
    PageRule(
        "AGY102",
        ("AGY102",),
        lambda lb: bool(_credits(lb, _CREDIT_PLACES, "named")),
        ("agency_credits",),
        lambda lb: "; ".join(
            f"{c['agency']}/{c['where']}: {c['snippet']!r}"
            for c in _credits(lb, _CREDIT_PLACES, "named")
        ),
    ),
    PageRule(
        "AGY103",
        ("AGY103",),
        _agency_copy_desk,
        ("agency_credits", "byline_person"),
        lambda lb: f"byline {lb['byline_text']!r}",
    ),
    PageRule(
        "BAL101",
        ("BAL101",),
        lambda lb: lb["balance"] == "response-missing",
        ("balance", "accusations", "responses"),
        lambda lb: "accusations " + "; ".join(repr(a) for a in lb["accusations"]),
    ),
    PageRule(
        "BAL102",
        ("BAL102",),
        lambda lb: lb["balance"] == "response-sought",
        ("balance", "accusations", "responses"),
        lambda lb: "responses " + "; ".join(repr(r["snippet"]) for r in lb["responses"]),
    ),
    PageRule(
        "BAL104",
        ("BAL104",),
        lambda lb: any(r.get("kind") == "denial" for r in lb["responses"]),
        ("responses", "accusations"),
        lambda lb: (
            "denials "
            + "; ".join(repr(r["snippet"]) for r in lb["responses"] if r.get("kind") == "denial")
        ),
    ),
    PageRule(
        "SRC101",
        ("SRC101",),
        lambda lb: bool(lb["unsourced_claims"]),
        ("unsourced_claims",),
        lambda lb: "; ".join(map(repr, lb["unsourced_claims"])),
    ),
    PageRule(
        "SRC101:fig",
        ("SRC101",),
        lambda lb: bool(_with_figure(lb["unsourced_claims"])),
        ("unsourced_claims",),
        lambda lb: "; ".join(map(repr, _with_figure(lb["unsourced_claims"]))),
    ),
    PageRule(
        "SRC102",
        ("SRC102",),
        lambda lb: bool(lb["unattributed_quotes"]),
        ("unattributed_quotes",),
        lambda lb: "; ".join(map(repr, lb["unattributed_quotes"])),
    ),
    PageRule(
        "SRC103",
        ("SRC103",),
        lambda lb: bool(_non_role(lb["vague_sources"])),
        ("vague_sources",),
        lambda lb: "; ".join(map(repr, _non_role(lb["vague_sources"]))),
    ),
    PageRule(
        "SRC105",
        ("SRC105",),
        lambda lb: lb["body_outbound_links"] == 0,
        ("body_outbound_links",),
        lambda lb: f"body_outbound_links {lb['body_outbound_links']}",
    ),
    PageRule(
        "IMG101",
        ("IMG101",),
        lambda lb: bool(lb["ai_image_disclosure"]),
        ("ai_image_disclosure",),
        lambda lb: "AI image disclosed",
    ),
)


def _snippets(items: Iterable[str]) -> list[tuple[str, Any]]:
    return [(snippet, snippet) for snippet in items]


def _credit_items(kind: str) -> Callable[[Label], list[tuple[str, Any]]]:
    def items(label: Label) -> list[tuple[str, Any]]:
        return [
            (f"{c['agency']}/{c['where']}: {c['snippet']}", c)
            for c in _credits(label, _CREDIT_PLACES, kind)
        ]

    return items


def _matches_credit(credit: Label, finding: Finding) -> bool:
    """A labelled credit is one (agency, where) pair: the finding names that agency in that
    place (data "agencies" and "position"), or quotes the snippet."""
    data = dict(finding.data)
    same = credit["agency"] in data.get("agencies", ()) and data.get("position") == credit["where"]
    return same or matches(credit["snippet"], finding)


@dataclass(frozen=True)
class ItemRule:
    """Which labelled items a rule's findings should point at, and how one is matched."""

    code: str  # the row name; shares the PageRule's row when the names agree
    fires: tuple[str, ...]
    items: Callable[[Label], list[tuple[str, Any]]]  # (shown, key) pairs
    fields: tuple[str, ...]
    match: Callable[[Any, Finding], bool] = field(default=lambda key, f: matches(key, f))


ITEM_RULES: tuple[ItemRule, ...] = (
    ItemRule("AGY101", ("AGY101",), _credit_items("vague"), ("agency_credits",), _matches_credit),
    ItemRule("AGY102", ("AGY102",), _credit_items("named"), ("agency_credits",), _matches_credit),
    ItemRule("BAL*", ("BAL101", "BAL102", "BAL103", "BAL104", "BAL105"),
             lambda lb: _snippets(lb["accusations"]), ("accusations",)),
    ItemRule("SRC101", ("SRC101",), lambda lb: _snippets(lb["unsourced_claims"]),
             ("unsourced_claims",)),
    ItemRule("SRC101:fig", ("SRC101",), lambda lb: _snippets(_with_figure(lb["unsourced_claims"])),
             ("unsourced_claims",)),
    ItemRule("SRC102", ("SRC102",), lambda lb: _snippets(lb["unattributed_quotes"]),
             ("unattributed_quotes",)),
    ItemRule("SRC103", ("SRC103",), lambda lb: _snippets(_non_role(lb["vague_sources"])),
             ("vague_sources",)),
    ItemRule("SRC103/4:role", ("SRC103", "SRC104"),
             lambda lb: _snippets(_role(lb["vague_sources"])), ("vague_sources",)),
)  # fmt: skip


# --- matching -----------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return _WORD.findall(text.translate(_QUOTES).lower())


def content_words(text: str) -> list[str]:
    """The words of a snippet that carry its meaning (all words if every one is a stop word)."""
    words = _words(text)
    kept = [w for w in words if w not in _STOP]
    return kept or words


def matches(snippet: str, finding: Finding, share: float = MATCH_SHARE) -> bool:
    """Does ``finding`` quote the labelled ``snippet``? (word overlap, see the docstring)"""
    want = content_words(snippet)
    if not want:
        return False
    have = set(_words(finding.text)) | set(_words(finding.message))
    return sum(1 for w in want if w in have) >= share * len(want)


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- evaluation ---------------------------------------------------------------------------


@dataclass
class Page:
    name: str
    label: Label
    findings: tuple[Finding, ...]
    error: str = ""


def load_labels(folder: Path) -> list[Label]:
    with (folder / "labels.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def scan_pages(folder: Path) -> list[Page]:
    """Scan every labelled page once, with one session."""
    session = make_session()
    pages = []
    for label in load_labels(folder):
        report = session.scan(str(folder / label["file"]))
        name = Path(label["file"]).name
        pages.append(Page(name, label, tuple(report.active_findings), report.error))
    return pages


def _unsure(label: Label, fields: Sequence[str]) -> bool:
    return bool(set(label.get("unsure", ())) & set(fields))


def score(pages: Sequence[Page]) -> dict[str, RuleResult]:
    """The per-rule results for already scanned pages."""
    results: dict[str, RuleResult] = {}
    for rule in PAGE_RULES:
        result = results.setdefault(rule.code, RuleResult(rule.code))
        for page in pages:
            own = [f for f in page.findings if f.code in rule.fires]
            fired, expected = bool(own), rule.expected(page.label)
            tallies = [result.page] + (
                [] if _unsure(page.label, rule.fields) else [result.page_sure]
            )
            for tally in tallies:
                if fired and expected:
                    tally.tp += 1
                elif fired:
                    tally.fp += 1
                    quoted = " | ".join(_short(f.text or f.message) for f in own[:3])
                    tally.false_positives.append(f"{page.name}: {quoted}")
                elif expected:
                    tally.fn += 1
                    tally.false_negatives.append(f"{page.name}: {rule.describe(page.label)}")
                else:
                    tally.tn += 1
    for item_rule in ITEM_RULES:
        result = results.setdefault(item_rule.code, RuleResult(item_rule.code, page_level=False))
        everything, sure_only = ItemTally(), ItemTally()
        result.item, result.item_sure = everything, sure_only
        for page in pages:
            own = [f for f in page.findings if f.code in item_rule.fires]
            sure = not _unsure(page.label, item_rule.fields)
            for shown, key in item_rule.items(page.label):
                hit = any(item_rule.match(key, f) for f in own)
                for items in [everything] + ([sure_only] if sure else []):
                    items.total += 1
                    items.matched += hit
                    if not hit:
                        items.missed.append(f"{page.name}: {shown!r}")
    return results


def evaluate(folder: Path | str = LABELLED) -> dict[str, RuleResult]:
    """Scan the labelled pages in ``folder`` and return the per-rule results."""
    return score(scan_pages(Path(folder)))


# --- output -------------------------------------------------------------------------------


def _f(value: float) -> str:
    return f"{value:.2f}"


def table(results: dict[str, RuleResult]) -> list[str]:
    head = (
        f"{'rule':<14} {'TP':>3} {'FP':>3} {'FN':>3} {'prec':>5} {'rec':>5}   "
        f"{'TPs':>3} {'FPs':>3} {'FNs':>3} {'precS':>5} {'recS':>5}   "
        f"{'items':>7} {'iRec':>5} {'itemsS':>7} {'iRecS':>5}"
    )
    lines = [head]
    for code, r in results.items():
        a, s = r.page, r.page_sure
        page = (
            f"{a.tp:>3} {a.fp:>3} {a.fn:>3} {_f(a.precision):>5} {_f(a.recall):>5}   "
            f"{s.tp:>3} {s.fp:>3} {s.fn:>3} {_f(s.precision):>5} {_f(s.recall):>5}"
            if r.page_level
            else " " * 55
        )
        item = ""
        if r.item is not None and r.item_sure is not None and r.item.total:
            i, j = r.item, r.item_sure
            item = (
                f"{i.matched:>3}/{i.total:<3} {_f(i.recall):>5} "
                f"{j.matched:>3}/{j.total:<3} {_f(j.recall):>5}"
            )
        lines.append(f"{code:<14} {page}   {item}".rstrip())
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="list false-positive and false-negative pages per rule",
    )
    parser.add_argument(
        "--rule",
        action="append",
        default=[],
        metavar="CODE",
        help="only this rule (row name or prefix; repeatable)",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--labelled",
        type=Path,
        default=LABELLED,
        metavar="DIR",
        help=f"the labelled folder (default {LABELLED})",
    )
    args = parser.parse_args(argv)
    if not (args.labelled / "labels.jsonl").is_file():
        print(f"no labels.jsonl in {args.labelled}", file=sys.stderr)
        return 2
    pages = scan_pages(args.labelled)
    results = score(pages)
    if args.rule:
        results = {
            c: r for c, r in results.items() if any(c == w or c.startswith(w) for w in args.rule)
        }
    if args.json:
        out = {
            "pages": len(pages),
            "errors": {p.name: p.error for p in pages if p.error},
            "rules": {c: r.as_dict() for c, r in results.items()},
        }
        print(json.dumps(out, indent=2))
        return 0
    errors = [p for p in pages if p.error]
    print(
        f"{len(pages)} labelled pages in {args.labelled}"
        + (f" ({len(errors)} could not be read)" if errors else "")
        + "\n"
    )
    print(
        "page level over all pages | over pages not unsure of the rule's fields (S) | item recall\n"
    )
    for line in table(results):
        print(line)
    if args.verbose:
        for code, r in results.items():
            print(f"\n== {code}")
            for case in r.page.false_positives:
                print(f"  FP {case}")
            for case in r.page.false_negatives:
                print(f"  FN {case}")
            if r.item is not None:
                for case in r.item.missed:
                    print(f"  item missed {case}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
