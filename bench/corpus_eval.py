"""Extraction accuracy and speed over the shared corpus of real pages.

For every page in ``../shared/corpus/index.json`` this runs the real HTML parser and checks the
article text a reader sees (title, byline, body blocks, image captions) against the page's
``must_contain`` snippets (article text that must survive) and ``must_not_contain`` snippets
(page chrome that must go). Prints the rates, parse errors, parse speed and the worst pages.

    python bench/corpus_eval.py                # summary + 15 worst pages
    python bench/corpus_eval.py --worst 40 -v  # show the missed snippets too
    python bench/corpus_eval.py --page nytimes # only pages whose file name contains this

Pages are never copied into the repo; this reads them where they are.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from provcheck.errors import SourceError
from provcheck.html.parse import parse_html
from provcheck.model import Article
from provcheck.sources.local import RawDocument

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_SPACE = re.compile(r"\s+")


def norm(text: str) -> str:
    """Whitespace-normalised, with typographic quotes and dashes folded to plain ones."""
    text = text.replace("\u00a0", " ").replace("’", "'").replace("‘", "'")
    text = text.replace("“", '"').replace("”", '"')
    return _SPACE.sub(" ", text).strip()


def reader_text(article: Article) -> str:
    """What a reader sees as the article: title, byline, body blocks, image captions."""
    parts = [article.title, article.byline, article.text]
    parts += [image.caption for image in article.images if image.origin in ("figure", "inline")]
    parts += [image.credit for image in article.images if image.credit]
    return norm("\n".join(p for p in parts if p))


def prose_text(article: Article) -> str:
    """The title and body prose only: no byline, captions, photo or trailing credit lines.

    A must_not_contain snippet found in the reader text but not here is something provcheck
    keeps on purpose (the corpus labels follow trafilatura, which drops captions and bylines).
    """
    credits = {c.block for c in article.credit_lines if c.kind == "trailer"}
    blocks = [b.text for b in article.blocks if b.kind != "caption" and b.index not in credits]
    return norm("\n".join([article.title, *blocks]))


@dataclass
class PageResult:
    file: str
    language: str
    ms: float = 0.0
    error: str = ""
    crash: str = ""
    found: int = 0
    must: int = 0
    absent: int = 0
    must_not: int = 0
    missed: list[str] = field(default_factory=list)
    leaked: list[str] = field(default_factory=list)
    kept: int = 0  # leaked snippets that are captions, bylines or credit lines (kept on purpose)

    @property
    def penalty(self) -> int:
        return (self.must - self.found) + (self.must_not - self.absent) + 3 * bool(self.crash)


@dataclass(frozen=True)
class Entry:
    """One labelled corpus page."""

    file: str
    language: str
    must_contain: tuple[str, ...]
    must_not_contain: tuple[str, ...]


def load_index(corpus: Path = CORPUS) -> list[Entry]:
    with open(corpus / "index.json", encoding="utf-8") as handle:
        entries: list[dict[str, Any]] = json.load(handle)
    return [
        Entry(
            str(e["file"]),
            str(e.get("language", "")),
            tuple(map(str, e.get("must_contain") or ())),
            tuple(map(str, e.get("must_not_contain") or ())),
        )
        for e in entries
    ]


def parse_page(path: Path) -> Article:
    raw = RawDocument(source=str(path), data=path.read_bytes(), base_dir=str(path.parent))
    return parse_html(raw)


def evaluate(entry: Entry, corpus: Path = CORPUS, repeat: int = 1) -> PageResult:
    """Parse one page and score its text; ``ms`` is the fastest of ``repeat`` parses.

    Time is CPU time of this process, and the best of several runs, because the machine is
    shared: wall time and single runs mostly measure the neighbours.
    """
    path = corpus / entry.file
    result = PageResult(entry.file, entry.language)
    raw = RawDocument(source=str(path), data=path.read_bytes(), base_dir=str(path.parent))
    article = None
    times = []
    for _ in range(max(1, repeat)):
        started = time.process_time()
        try:
            article = parse_html(raw)
        except SourceError as exc:
            result.error = exc.reason
        except Exception:  # a crash is what this bench exists to find
            result.crash = traceback.format_exc(limit=3)
        times.append((time.process_time() - started) * 1000)
        if result.error or result.crash:
            break
    result.ms = min(times)
    text = reader_text(article) if article is not None else ""
    prose = prose_text(article) if article is not None else ""
    for snippet in entry.must_contain:
        result.must += 1
        if norm(snippet) in text:
            result.found += 1
        else:
            result.missed.append(snippet)
    for snippet in entry.must_not_contain:
        result.must_not += 1
        if norm(snippet) not in text:
            result.absent += 1
        else:
            result.leaked.append(snippet)
            result.kept += norm(snippet) not in prose
    return result


def _rate(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "n/a"


def summarise(results: list[PageResult]) -> dict[str, float]:
    english = [r for r in results if r.language == "en"]
    found, must = sum(r.found for r in results), sum(r.must for r in results)
    absent, must_not = sum(r.absent for r in results), sum(r.must_not for r in results)
    en_found, en_must = sum(r.found for r in english), sum(r.must for r in english)
    en_absent, en_not = sum(r.absent for r in english), sum(r.must_not for r in english)
    times = sorted(r.ms for r in results)
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))] if times else 0.0
    print(f"pages:                  {len(results)} ({len(english)} English)")
    print(f"source errors:          {sum(bool(r.error) for r in results)}")
    print(f"crashes:                {sum(bool(r.crash) for r in results)}")
    print(f"must_contain found:     {_rate(found, must)}")
    print(f"must_not_contain absent:{_rate(absent, must_not)}")
    kept = sum(r.kept for r in results)
    print(f"  absent, not counting {kept} captions/bylines/credits kept on purpose: "
          f"{_rate(absent + kept, must_not)}")  # fmt: skip
    print(f"  English found:        {_rate(en_found, en_must)}")
    print(f"  English absent:       {_rate(en_absent, en_not)}")
    print(f"parse ms/page (CPU):    mean {statistics.fmean(times):.1f}, p95 {p95:.1f}, "
          f"max {times[-1]:.1f}" if times else "")  # fmt: skip
    return {
        "found": found / must if must else 0.0,
        "absent": absent / must_not if must_not else 0.0,
        "en_found": en_found / en_must if en_must else 0.0,
        "en_absent": en_absent / en_not if en_not else 0.0,
        "mean_ms": statistics.fmean(times) if times else 0.0,
    }


def show_worst(results: list[PageResult], count: int, verbose: bool) -> None:
    worst = sorted(results, key=lambda r: (-r.penalty, r.file))[:count]
    print(f"\nworst {len(worst)} pages (missed / leaked):")
    for result in worst:
        if not result.penalty:
            break
        print(f"  {len(result.missed)}/{len(result.leaked)}  {result.ms:6.1f} ms  {result.file}"
              f"{'  ERROR ' + result.error if result.error else ''}")  # fmt: skip
        if result.crash:
            print("    " + result.crash.replace("\n", "\n    "))
        if verbose:
            for snippet in result.missed:
                print(f"      - missed: {snippet[:110]!r}")
            for snippet in result.leaked:
                print(f"      + leaked: {snippet[:110]!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--worst", type=int, default=15)
    parser.add_argument("--page", default="", help="only pages whose file name contains this")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="parses per page; the fastest counts")
    args = parser.parse_args(argv)
    if not (args.corpus / "index.json").is_file():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    entries = [e for e in load_index(args.corpus) if args.page in e.file]
    entries = [e for e in entries if e.must_contain or e.must_not_contain]
    if not entries:
        print("no labelled pages match", file=sys.stderr)
        return 2
    parse_page(args.corpus / entries[0].file)  # warm lazy imports out of the timing
    results = [evaluate(entry, args.corpus, args.repeat) for entry in entries]
    summarise(results)
    show_worst(results, args.worst, args.verbose)
    return 1 if any(r.crash for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
