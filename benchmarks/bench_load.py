"""Time load_table on the full AllSides corpus: Arrow JSON Lines reader vs careful reader.

Run from the repository root::

    python benchmarks/bench_load.py [--repeat N]

Loads ``../shared/data/allsides_article_bias/articles.jsonl.xz`` (37,554
lines) ``--repeat`` times with each reader (the careful one forced with the
``CORPUS_TOOLS_CAREFUL_JSONL=1`` switch), reports the median wall and CPU
seconds, checks that both give identical LoadResults, and writes
``benchmarks/results/load.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

import pandas as pd

from corpus_tools.io.loaders import load_table

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "allsides_article_bias" / "articles.jsonl.xz"
FIELDS = {"outlet": "source", "doc_id": "id"}


def time_load(careful: bool, repeat: int):
    """Median wall and CPU seconds of ``repeat`` loads, and the last result."""
    os.environ["CORPUS_TOOLS_CAREFUL_JSONL"] = "1" if careful else "0"
    walls, cpus = [], []
    try:
        for _ in range(repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            result = load_table(CORPUS, fields=FIELDS)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    finally:
        del os.environ["CORPUS_TOOLS_CAREFUL_JSONL"]
    return {"wall_s": statistics.median(walls), "cpu_s": statistics.median(cpus),
            "walls": walls, "cpus": cpus}, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    fast, a = time_load(False, args.repeat)
    careful, b = time_load(True, args.repeat)
    pd.testing.assert_frame_equal(a.documents, b.documents, check_exact=True)
    pd.testing.assert_frame_equal(a.skipped, b.skipped, check_exact=True)
    words = int(a.documents["text"].str.count(r"\S+").sum())
    report = {"corpus": "allsides_article_bias/articles.jsonl.xz", "documents": len(a.documents),
              "repeat": args.repeat, "cpus": os.cpu_count(), "identical": True,
              "fast": fast, "careful": careful, "speedup_wall": careful["wall_s"] / fast["wall_s"],
              "words": words}
    out = ROOT / "benchmarks" / "results" / "load.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    for name, r in (("arrow", fast), ("careful", careful)):
        print(f"{name:8s} wall {r['wall_s']:.2f} s  cpu {r['cpu_s']:.2f} s  "
              f"({words / r['wall_s'] / 1e6:.1f}M words/s)")
    print(f"identical results; wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
