"""Speed and memory of the full check suite over a folder of pages.

    python bench/bench.py [FOLDER] [--repeat N]

Prints pages/s (parse + checks + score, one process, one core), the per-page time
distribution, how the cost grows with page size, peak memory, the start-up time of
``provcheck --version`` and the wall time of a single-file scan. Figures go in
docs/performance.md. Default folder: ../shared/corpus/pages.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from provcheck.testing import make_session

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus" / "pages"


def _wall(command: list[str], runs: int = 5, env: dict[str, str] | None = None) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False, env=env)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(DEFAULT))
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--plugin-site",
        metavar="DIR",
        help="a folder of installed plugins (pip install --target DIR ...): also time "
        "start-up and a single-file scan with them on PYTHONPATH",
    )
    args = parser.parse_args()
    pages = sorted(Path(args.folder).glob("*.htm*"))
    if not pages:
        print(f"no pages in {args.folder}", file=sys.stderr)
        return 2
    session = make_session()
    session.scan(str(pages[0]))  # warm lazy imports and caches
    timings: list[tuple[int, float]] = []
    errors = 0
    start = time.perf_counter()
    for _ in range(args.repeat):
        for page in pages:
            t0 = time.perf_counter()
            report = session.scan(str(page))
            timings.append((page.stat().st_size, time.perf_counter() - t0))
            errors += bool(report.error)
    total = time.perf_counter() - start
    per_page = sorted(t for _, t in timings)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pages: {len(pages)} x {args.repeat}, errors: {errors}")
    mean_kb = statistics.mean(s for s, _ in timings) / 1024
    print(f"mean page size: {mean_kb:.0f} KB")
    print(f"throughput: {len(timings) / total:.1f} pages/s on one core")
    print(
        f"per page: mean {statistics.mean(per_page) * 1000:.1f} ms, "
        f"median {statistics.median(per_page) * 1000:.1f} ms, "
        f"p95 {per_page[int(len(per_page) * 0.95)] * 1000:.1f} ms, "
        f"max {per_page[-1] * 1000:.1f} ms"
    )
    for low, high in ((0, 50), (50, 100), (100, 200), (200, 500), (500, 100_000)):
        bucket = [t for s, t in timings if low * 1024 <= s < high * 1024]
        if bucket:
            print(
                f"  {low:>4}-{high:<6} KB: {len(bucket):>3} pages, "
                f"mean {statistics.mean(bucket) * 1000:6.1f} ms"
            )
    print(f"peak memory (RSS): {peak_mb:.0f} MB")
    typical = min(pages, key=lambda p: abs(p.stat().st_size - 100 * 1024))
    cli = [sys.executable, "-m", "provcheck.cli"]
    print(f"start-up (provcheck --version): {_wall([*cli, '--version']) * 1000:.0f} ms")
    single = _wall([*cli, "scan", str(typical)])
    print(f"single-file scan, wall ({typical.stat().st_size // 1024} KB): {single * 1000:.0f} ms")
    if args.plugin_site:
        env = {**os.environ, "PYTHONPATH": args.plugin_site}
        startup = _wall([*cli, "--version"], env=env)
        scan = _wall([*cli, "scan", str(typical)], env=env)
        print(f"with plugins from {args.plugin_site}: start-up {startup * 1000:.0f} ms, "
              f"single-file scan {scan * 1000:.0f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
