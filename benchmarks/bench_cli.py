"""Time each ``corpus-tools`` command of issue 15 in fresh processes, as researchers call them.

Run from the repository root on a saved corpus folder (e.g. the full AllSides
corpus from ``corpus-tools ingest``)::

    python benchmarks/bench_cli.py /tmp/speed_full [--runs 3] [--target "outlet=CNN (Web News)"]
    python benchmarks/bench_cli.py /tmp/speed_full --only info --only keyness

Each command runs once uncounted (storing its derived indices, warming the
file cache), then ``--runs`` times (default 3) as a new ``corpus-tools``
process, so the wall time includes interpreter start and every import; the
wall time and peak RSS of each run come from ``resource.getrusage`` of the
finished child. Prints a markdown table of the medians, with the machine's
load average (the numbers move with it), and writes the runs to
``benchmarks/results/cli.json``. Outputs go to a temporary folder.

A first run of a command may build and store a derived index in the corpus
folder (see :mod:`corpus_tools.corpus.stored`): ``--cold`` deletes those
before each run, to time the build instead of the stored read.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
TARGETS = {"info": 1.0, "keyness": 2.0, "collocates": 2.0, "kwic": 2.0, "hedging": 2.0, "ngrams": 5.0}
INDEX_FOLDER = "_derived"  # corpus_tools.corpus.stored.INDEX_FOLDER, without importing the package


def commands(corpus: str, target: str, out: Path) -> dict:
    """``{name: argv after corpus-tools}`` of each timed command."""
    return {
        "info": ["info", corpus],
        "keyness": ["keyness", corpus, "--target", target, "--out", str(out / "keyness.csv")],
        "collocates": ["collocates", corpus, "said", "--window", "5", "--out", str(out / "collocates.csv")],
        "kwic": ["kwic", corpus, "appears to", "--out", str(out / "kwic.csv")],
        "hedging": ["hedging", corpus, "--by", "outlet", "--out", str(out / "hedging.csv")],
        "ngrams": ["ngrams", corpus, "-n", "2", "--assoc", "--out", str(out / "ngrams.csv")],
    }


def run_once(argv: list) -> tuple:
    """``(wall seconds, peak RSS in MB)`` of one fresh ``corpus-tools`` process."""
    exe = Path(sys.executable).with_name("corpus-tools")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    started = time.perf_counter()
    # os.wait4 gives this child's own rusage (RUSAGE_CHILDREN would be the max over all children).
    proc = subprocess.Popen([str(exe), "--quiet", *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)}: exit {proc.returncode}: {proc.stderr.read().decode()[-500:]}")
    proc.stderr.close()
    return wall, usage.ru_maxrss / 1024  # KB on Linux


def measure(argv: list, runs: int, corpus: Path, cold: bool) -> dict:
    walls, rss = [], []
    if not cold:
        run_once(argv)  # not counted: stores the derived indices (if any) and warms the file cache
    for _ in range(runs):
        if cold:
            shutil.rmtree(corpus / INDEX_FOLDER, ignore_errors=True)
        wall, peak = run_once(argv)
        walls.append(wall)
        rss.append(peak)
    return {"wall_s": walls, "rss_mb": rss, "median_wall_s": statistics.median(walls),
            "median_rss_mb": statistics.median(rss)}


def table(results: dict, load: tuple) -> str:
    lines = [f"Fresh processes, median of {next(iter(results.values()))['runs']} runs; "
             f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} CPUs.", "",
             "| command | wall (s) | peak RSS (MB) | target (s) |", "|---|---:|---:|---:|"]
    for name, r in results.items():
        lines.append(f"| `{r['command']}` | {r['median_wall_s']:.2f} | {r['median_rss_mb']:,.0f} | "
                     f"< {TARGETS[name]:g} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a saved corpus folder")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--target", default="outlet=CNN (Web News)", help="keyness --target")
    parser.add_argument("--only", action="append", choices=sorted(TARGETS), help="time only these (repeatable)")
    parser.add_argument("--cold", action="store_true", help="delete stored derived indices before each run")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench_cli_") as tmp:
        for name, argv in commands(str(args.corpus), args.target, Path(tmp)).items():
            if args.only and name not in args.only:
                continue
            results[name] = {"command": " ".join(["corpus-tools", *argv[:1], *argv[2:]]).split(" --out")[0],
                             "runs": args.runs, **measure(argv, args.runs, args.corpus, args.cold)}
            print(f"{name}: {results[name]['median_wall_s']:.2f} s", file=sys.stderr)
    load = os.getloadavg()
    print(table(results, load))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "cli.json").write_text(json.dumps(
        {"corpus": str(args.corpus), "cold": args.cold, "load_average": load, "python": platform.python_version(),
         "cpus": os.cpu_count(), "results": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
