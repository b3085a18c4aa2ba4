"""Start-up cost of a single-file scan, the pre-commit case (docs/performance.md, "Start-up").

    python bench/startup.py [--runs N] [--imports] [--against CHECKOUT] [FILE]

Runs ``python -m provcheck scan --format concise FILE`` N times (default 21) as a fresh
process and prints the median and quartiles of wall time and of CPU time (user + system,
less disturbed by other jobs on a shared machine than wall time), next to a bare ``python -c
pass``. ``--imports`` adds the modules that cost most to import, from ``-X importtime`` (the
minimum over the runs, so a busy moment does not inflate a module). ``--against`` times
another checkout too (``git worktree add /tmp/before REV``), run by run in turn with this one,
so both see the same load. Default FILE: the bundled example article.
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


def layout(checkout: Path) -> dict[str, str]:
    """Environment that imports ``provcheck`` from another checkout (its checker/ with
    plugins/ and rules/ inside, as setuptools' package-dir maps them)."""
    package = checkout / ".startup" / "provcheck"
    if not package.exists():
        package.mkdir(parents=True)
        for entry in (checkout / "checker").iterdir():
            (package / entry.name).symlink_to(entry)
        for name in ("plugins", "rules"):
            (package / name).symlink_to(checkout / name)
    return {"PYTHONPATH": str(package.parent)}


def _environment() -> dict[str, str]:
    """The environment of the timed runs. Python may write bytecode: an installed package has
    it (pip compiles it), and with PYTHONDONTWRITEBYTECODE set every module edited since its
    .pyc was written would be compiled again in every run, which times the compiler."""
    base = {**os.environ, "NO_COLOR": "1"}
    for name in ("PRE_COMMIT", "PYTHONDONTWRITEBYTECODE"):
        base.pop(name, None)
    return base


def timed(
    commands: list[tuple[list[str], dict[str, str]]], runs: int
) -> list[tuple[list[float], list[float]]]:
    """(wall seconds, CPU seconds) of ``runs`` runs of each command, taken in turn."""
    base = _environment()
    results: list[tuple[list[float], list[float]]] = [([], []) for _ in commands]
    for command, extra in commands:  # warm the disk cache and the bytecode
        subprocess.run(command, capture_output=True, env={**base, **extra}, check=False)
    for _ in range(runs):
        for (command, extra), (walls, cpus) in zip(commands, results, strict=True):
            cpu, start = _children_cpu(), time.perf_counter()
            subprocess.run(command, capture_output=True, env={**base, **extra}, check=False)
            walls.append(time.perf_counter() - start)
            cpus.append(_children_cpu() - cpu)
    return results


def _spread(values: list[float]) -> str:
    q1, median, q3 = statistics.quantiles(values, n=4)
    return f"median {median:.3f} s (quartiles {q1:.3f}-{q3:.3f})"


def import_costs(command: list[str], runs: int) -> dict[str, tuple[int, int]]:
    """module -> (self µs, cumulative µs), the minimum over ``runs`` runs of -X importtime."""
    best: dict[str, tuple[int, int]] = defaultdict(lambda: (10**12, 10**12))
    for _ in range(runs):
        done = subprocess.run([command[0], "-X", "importtime", *command[1:]],
                              capture_output=True, text=True, env=_environment(),
                              check=False)  # fmt: skip
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
    parser.add_argument(
        "--against", metavar="CHECKOUT", type=Path, action="append", default=[],
        help="also time provcheck from this checkout, e.g. a git worktree (repeatable)",
    )  # fmt: skip
    args = parser.parse_args()
    # Through main(), not -m: an older checkout may have no __main__.py.
    run_main = "import sys; from provcheck.cli import main; sys.exit(main())"
    scan = [sys.executable, "-c", run_main, "scan", "--format", "concise", args.file]
    commands = [("python -c pass", [sys.executable, "-c", "pass"], {}),
                ("single-file scan", scan, {})]  # fmt: skip
    for checkout in args.against:
        commands.append((f"scan, {checkout}", scan, layout(checkout.resolve())))
    print(f"load average {os.getloadavg()[0]:.2f}; {args.runs} runs each")
    results = timed([(command, extra) for _, command, extra in commands], args.runs)
    for (label, _, _), (walls, cpus) in zip(commands, results, strict=True):
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
