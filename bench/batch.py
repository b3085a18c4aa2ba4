"""Batch throughput: pages/s for 1, 2 and N workers, on a folder of pages and on a WARC of
the same pages, with the memory of each worker; and how the cost of a page grows with size.

    python bench/batch.py                      # ../shared/corpus/pages, jobs 1, 2 and N
    python bench/batch.py --pages DIR --jobs 1,2,4 --repeat 3

Each configuration runs ``provcheck scan --output-dir`` in a fresh process (as a user would)
and is timed by the wall clock; ``/proc`` is sampled every 0.1 s for the resident (RSS) and
proportional (PSS: shared pages split between the processes that share them) memory of the
parent and of each worker. The WARC is written at bench time into a temporary folder and
deleted afterwards; nothing is committed. The load average is printed with each figure: the
machine is shared, and a busy one gives lower numbers.
"""

from __future__ import annotations

import argparse
import io
import itertools
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS_PAGES = ROOT.parent / "shared" / "corpus" / "pages"
SIZE_BUCKETS = (50_000, 100_000, 200_000, 500_000)


def write_warc(pages: list[Path], path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n, page in enumerate(pages):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://bench.example/page-{n}",
                "response",
                payload=io.BytesIO(page.read_bytes()),
                http_headers=http,
            )
            writer.write_record(record)


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in KiB, or zeros once the process is gone."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    values = dict(re.findall(r"^(Rss|Pss):\s+(\d+) kB", text, re.MULTILINE))
    return int(values.get("Rss", 0)), int(values.get("Pss", 0))


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


class Sampler(threading.Thread):
    """Peak memory of a process and, separately, of each of its child processes."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.parent = (0, 0)
        self.workers: dict[int, tuple[int, int]] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.1):
            rss, pss = _memory(self.pid)
            self.parent = (max(self.parent[0], rss), max(self.parent[1], pss))
            for child in _children(self.pid):
                old = self.workers.get(child, (0, 0))
                rss, pss = _memory(child)
                self.workers[child] = (max(old[0], rss), max(old[1], pss))


def run_scan(source: Path, jobs: int, out: Path) -> dict[str, float]:
    command = [
        sys.executable,
        "-m",
        "provcheck.cli",
        "scan",
        str(source),
        "--isolated",
        "--output-dir",
        str(out),
        "--jobs",
        str(jobs),
    ]
    load = os.getloadavg()[0]
    # CPU time of the run and of its workers (they are waited for, so they count as ours):
    # unlike the wall clock, it barely moves when other programs share the cores.
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    sampler = Sampler(process.pid)
    sampler.start()
    _, err = process.communicate()
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    sampler.stop.set()
    sampler.join()
    summary = re.search(r"provcheck: ([\d,]+) pages, .*?([\d.]+) pages/s", err)
    if process.returncode not in (0, 1, 2) or summary is None:
        raise SystemExit(f"scan failed ({process.returncode}):\n{err[-2000:]}")
    pages = int(summary.group(1).replace(",", ""))
    workers = [w for w in sampler.workers.values() if w[0]] or [sampler.parent]
    return {
        "pages": pages,
        "wall": wall,
        "rate_wall": pages / wall,
        "rate_scan": float(summary.group(2)),
        "cpu": cpu,
        "rate_cpu": pages / max(cpu, 1e-9),
        "parent_rss": sampler.parent[0] / 1024,
        "worker_rss": max(w[0] for w in workers) / 1024,
        "worker_pss": max(w[1] for w in workers) / 1024,
        "load": max(load, os.getloadavg()[0]),
    }


def size_costs(pages: list[Path]) -> list[tuple[str, int, float, float]]:
    """Per-page scan time by page size, in one process: (bucket, pages, median KB, median ms)."""
    from provcheck.testing import make_session

    session = make_session()
    session.scan(str(pages[0]))  # warm lazy imports before timing
    timed: list[tuple[int, float]] = []
    for page in pages:
        started = time.perf_counter()
        session.scan(str(page))
        timed.append((page.stat().st_size, time.perf_counter() - started))
    rows = []
    edges = (0, *SIZE_BUCKETS, 1 << 62)
    for low, high in itertools.pairwise(edges):
        chosen = [(size, t) for size, t in timed if low <= size < high]
        if not chosen:
            continue
        label = f"{low // 1000}-{high // 1000} KB" if high < 1 << 62 else f">= {low // 1000} KB"
        median = statistics.median(t for _, t in chosen) * 1000
        size = statistics.median(size for size, _ in chosen) / 1000
        rows.append((label, len(chosen), size, median))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=CORPUS_PAGES)
    parser.add_argument("--jobs", default="", help="comma-separated worker counts (default 1,2,N)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs per configuration; the fastest is shown"
    )
    args = parser.parse_args(argv)
    pages = sorted(args.pages.glob("*.html"))
    if not pages:
        print(f"no .html pages in {args.pages}", file=sys.stderr)
        return 2
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    jobs = [int(j) for j in args.jobs.split(",")] if args.jobs else sorted({1, 2, cpus or 1})
    megabytes = sum(p.stat().st_size for p in pages) / 1e6
    print(f"{len(pages)} pages, {megabytes:.1f} MB; {cpus} CPUs; Python {sys.version.split()[0]}")
    print()
    print(
        "| input | jobs | pages | wall s | pages/s (wall) | pages/s (scan) | CPU s "
        "| pages per CPU-s | worker RSS MB | worker PSS MB | parent RSS MB | load avg |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        warc = Path(folder) / "corpus.warc.gz"
        write_warc(pages, warc)
        for name, source in (("folder", args.pages), ("WARC", warc)):
            for count in jobs:
                out = Path(folder) / f"out-{name}-{count}"
                # On a shared machine the fastest run is the one least disturbed by others.
                runs = [run_scan(source, count, out / str(n)) for n in range(args.repeat)]
                r = max(runs, key=lambda run: run["rate_wall"])
                print(
                    f"| {name} | {count} | {r['pages']:.0f} | {r['wall']:.1f} "
                    f"| {r['rate_wall']:.1f} | {r['rate_scan']:.1f} | {r['cpu']:.1f} "
                    f"| {r['rate_cpu']:.1f} | {r['worker_rss']:.0f} | {r['worker_pss']:.0f} "
                    f"| {r['parent_rss']:.0f} | {r['load']:.2f} |"
                )
    print()
    print("| page size | pages | median size KB | median ms/page |")
    print("|---|---:|---:|---:|")
    for label, count, size, median in size_costs(pages):
        print(f"| {label} | {count} | {size:.0f} | {median:.0f} |")
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
