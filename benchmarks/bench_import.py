"""Time ``import corpus_tools`` in fresh processes against an empty interpreter.

Run from the repository root::

    python benchmarks/bench_import.py [--runs N] [--smoke]

Starts ``python -c "import corpus_tools"`` and ``python -c "pass"`` alternately
(so both see the same machine load), ``--runs`` times each (default 21;
``--smoke``: 5), and prints the median wall time of each and their difference:
the cost of the import itself, which should stay under 0.15 s because the
public API is imported lazily. Writes ``benchmarks/results/import.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
BUDGET_S = 0.15
SNIPPETS = {"import": "import corpus_tools", "baseline": "pass"}


def wall_time(code: str) -> float:
    """Wall seconds of one fresh interpreter running ``code``."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    return time.perf_counter() - started


def measure(runs: int) -> dict:
    """Median (and every) wall time of each snippet, runs interleaved."""
    for code in SNIPPETS.values():  # warm the file cache; not counted
        wall_time(code)
    walls: dict = {name: [] for name in SNIPPETS}
    for _ in range(runs):
        for name, code in SNIPPETS.items():
            walls[name].append(wall_time(code))
    medians = {name: statistics.median(times) for name, times in walls.items()}
    return {"runs": runs, "median_s": medians, "walls": walls,
            "import_cost_s": medians["import"] - medians["baseline"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--smoke", action="store_true", help="5 runs each, for CI")
    args = parser.parse_args()
    runs = 5 if args.smoke else args.runs
    result = measure(runs)
    result.update(python=platform.python_version(), machine=platform.machine(), cpus=os.cpu_count(),
                  budget_s=BUDGET_S)
    median = result["median_s"]
    cost = result["import_cost_s"]
    print(f'python -c "import corpus_tools": {median["import"]:.3f} s (median of {runs})')
    print(f'python -c "pass":                {median["baseline"]:.3f} s (median of {runs})')
    print(f"difference (the import):         {cost:.3f} s; budget {BUDGET_S} s: "
          f"{'within' if cost < BUDGET_S else 'OVER'}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "import.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
