"""Start-up cost of a single-file scan, the pre-commit case (docs/performance.md, "Start-up").

    python bench/startup.py [--runs N] [--imports] [FILE]

Runs ``python -m provcheck scan --format concise FILE`` N times (default 21) as a fresh
process and prints the median and quartiles of wall time and of CPU time (user + system,
less disturbed by other jobs on a shared machine than wall time), next to a bare ``python -c
pass``. ``--imports`` adds the modules that cost most to import, from ``-X importtime`` (the
minimum over the runs, so a busy moment does not inflate a module). Default FILE: the bundled
example article.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "fixtures" / "articles" / "archetype.html"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], runs: int) -> tuple[list[float], list[float]]:
    """(wall seconds, CPU seconds) of each of ``runs`` runs of ``command``."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "", "NO_COLOR": "1"}
    env.pop("PRE_COMMIT", None)
    walls, cpus = [], []
    subprocess.run(command, capture_output=True, env=env, check=False)  # warm the disk cache
    for _ in range(runs):
        cpu, start = _children_cpu(), time.perf_counter()
        subprocess.run(command, capture_output=True, env=env, check=False)
        walls.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - cpu)
    return walls, cpus


def _spread(values: list[float]) -> str:
    q1, median, q3 = statistics.quantiles(values, n=4)
    return f"median {median:.3f} s (quartiles {q1:.3f}-{q3:.3f})"


def import_costs(command: list[str], runs: int) -> dict[str, tuple[int, int]]:
    """module -> (self µs, cumulative µs), the minimum over ``runs`` runs of -X importtime."""
    best: dict[str, tuple[int, int]] = defaultdict(lambda: (10**12, 10**12))
    for _ in range(runs):
        done = subprocess.run([command[0], "-X", "importtime", *command[1:]],
                              capture_output=True, text=True, check=False)  # fmt: skip
        for line in done.stderr.splitlines():
            if not line.startswith("import time:") or "|" not in line:
                continue
            own, total, name = (part.strip() for part in line[12:].split("|"))
            if own.isdigit():
                old = best[name.strip()]
                best[name.strip()] = (min(old[0], int(own)), min(old[1], int(total)))
    return dict(best)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(EXAMPLE))
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--imports", action="store_true", help="list the costliest imports")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    scan = [sys.executable, "-m", "provcheck", "scan", "--format", "concise", args.file]
    bare = [sys.executable, "-c", "pass"]
    print(f"load average {os.getloadavg()[0]:.2f}; {args.runs} runs each")
    for label, command in (("python -c pass", bare), ("single-file scan", scan)):
        walls, cpus = timed(command, args.runs)
        print(f"{label:18} wall {_spread(walls)}; CPU {_spread(cpus)}")
    if args.imports:
        costs = import_costs(scan, max(3, args.runs // 4))
        print(f"\ncostliest imports (self / cumulative ms, min of runs), top {args.top}:")
        ranked = sorted(costs.items(), key=lambda item: -item[1][0])[: args.top]
        for name, (own, total) in ranked:
            print(f"  {own / 1000:7.1f} {total / 1000:8.1f}  {name}")
        provcheck = sum(own for name, (own, _) in costs.items() if name.startswith("provcheck"))
        everything = sum(own for own, _ in costs.values())
        print(f"  all imports {everything / 1000:.0f} ms, provcheck's own modules "
              f"{provcheck / 1000:.0f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
