"""What ``article.soup`` costs a plugin that asks for it (docs/performance.md).

    python bench/soup.py [N]     # the first N corpus pages (default 120), best of two runs

Scans each page with the built-in checks alone, then with a plugin whose
``provcheck_prepare_article`` reads ``article.soup``; prints the extra time per page. Reads
../shared/corpus/pages (absent: says so and exits).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from provcheck import Article, hookimpl
from provcheck.host import Session
from provcheck.testing import make_session

PAGES = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pages"


class AsksForSoup:
    @hookimpl
    def provcheck_prepare_article(self, article: Article) -> None:
        article.soup  # noqa: B018 - building it is the point


def timings(session: Session, pages: list[Path]) -> list[float]:
    spent = []
    for page in pages:
        start = time.perf_counter()
        session.scan(str(page))
        spent.append(time.perf_counter() - start)
    return spent


def main() -> int:
    pages = sorted(PAGES.glob("*.html"))[: int(sys.argv[1]) if len(sys.argv) > 1 else 120]
    if not pages:
        print(f"no pages in {PAGES}")
        return 1
    plain, asking = make_session(), make_session([("asks", AsksForSoup())])
    timings(plain, pages[:5]), timings(asking, pages[:5])  # warm up (and import bs4)
    runs = [timings(s, pages) for s in (plain, asking, plain, asking)]
    without = [min(a, b) for a, b in zip(runs[0], runs[2], strict=True)]
    with_soup = [min(a, b) for a, b in zip(runs[1], runs[3], strict=True)]
    extra = sorted(b - a for a, b in zip(without, with_soup, strict=True))
    size = statistics.mean(p.stat().st_size for p in pages) / 1024
    print(f"{len(pages)} pages, mean {size:.0f} KB")
    print(
        f"scan {statistics.mean(without) * 1000:.1f} ms mean; soup adds "
        f"{statistics.mean(extra) * 1000:.1f} ms mean, {statistics.median(extra) * 1000:.1f} ms "
        f"median, {extra[int(len(extra) * 0.95)] * 1000:.1f} ms p95"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
