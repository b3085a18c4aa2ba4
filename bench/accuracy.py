"""Per-rule precision and recall over the labelled fixtures in fixtures/articles/.

Each ``NAME.html`` (or ``.md``) has a sidecar ``NAME.expect.toml``::

    about = "what the fixture tests"
    scope = ["AGY"]              # codes or prefixes this fixture labels completely
    [[finding]]
    code = "AGY101"
    text = "With inputs from agencies"   # must appear in the finding's quoted text

Within ``scope``, a finding no entry matches is a false positive and an entry no finding
matches is a false negative. Run: ``python bench/accuracy.py [--verbose]``.
tests/test_accuracy.py pins the floors (precision >= 0.9, recall >= 0.85 per rule).
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from provcheck.checks import Finding
from provcheck.testing import make_session

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "articles"


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').split()).lower()


def _in_scope(code: str, scope: Sequence[str]) -> bool:
    return any(s == "ALL" or code.startswith(s) for s in scope)


def _matches(expected: str, finding: Finding) -> bool:
    want, got = _norm(expected), _norm(finding.text)
    return bool(want) and (want in got or (len(got) >= 12 and got in want))


def fixture_pairs(folder: Path = FIXTURES) -> list[tuple[Path, Path]]:
    pairs = []
    for sidecar in sorted(folder.glob("*.expect.toml")):
        stem = sidecar.name.removesuffix(".expect.toml")
        article = next((p for p in folder.glob(stem + ".*") if p.suffix in (".html", ".md")), None)
        if article is not None:
            pairs.append((article, sidecar))
    return pairs


def evaluate(pairs: Iterable[tuple[Path, Path]]) -> dict[str, Tally]:
    session = make_session()
    tallies: dict[str, Tally] = {}
    for article, sidecar in pairs:
        spec = tomllib.loads(sidecar.read_text(encoding="utf-8"))
        scope = spec.get("scope", [])
        expected = [(e["code"], e.get("text", "")) for e in spec.get("finding", [])]
        report = session.scan(str(article))
        found = [f for f in report.active_findings if _in_scope(f.code, scope)]
        used: set[int] = set()
        for code, text in expected:
            tally = tallies.setdefault(code, Tally())
            hit = next(
                (i for i, f in enumerate(found) if i not in used and f.code == code
                 and (not text or _matches(text, f))),
                None,
            )  # fmt: skip
            if hit is None:
                tally.fn += 1
                tally.false_negatives.append(f"{article.name}: {text!r}")
            else:
                used.add(hit)
                tally.tp += 1
        for i, finding in enumerate(found):
            if i not in used:
                tally = tallies.setdefault(finding.code, Tally())
                tally.fp += 1
                tally.false_positives.append(f"{article.name}: {finding.text[:90]!r}")
    return dict(sorted(tallies.items()))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="list FP/FN cases")
    args = parser.parse_args(argv)
    pairs = fixture_pairs()
    tallies = evaluate(pairs)
    print(f"{len(pairs)} labelled fixtures\n")
    print(f"{'rule':<8} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>10} {'recall':>7}")
    for code, t in tallies.items():
        print(f"{code:<8} {t.tp:>4} {t.fp:>4} {t.fn:>4} {t.precision:>10.2f} {t.recall:>7.2f}")
        if args.verbose:
            for case in t.false_positives:
                print(f"    FP {case}")
            for case in t.false_negatives:
                print(f"    FN {case}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
