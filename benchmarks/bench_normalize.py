"""Time normalize_documents (and find_duplicates) on the full AllSides corpus.

Run from the repository root::

    python benchmarks/bench_normalize.py [--duplicates] [--repeat N]

Times both engines of normalize_documents (median of ``--repeat`` runs, wall
and CPU) and checks that they give the same documents and report.

The corpus is read from ``../shared/data/allsides_article_bias``.
"""

from __future__ import annotations

import argparse
import json
import lzma
import statistics
import time
from pathlib import Path

import pandas as pd

from corpus_tools.text.normalize import normalize_documents

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "allsides_article_bias"


def load_allsides() -> pd.DataFrame:
    """Read all 37,554 articles as a documents table."""
    rows = []
    with lzma.open(DATA / "articles.jsonl.xz", "rt", encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            rows.append((rec["id"], rec["source"], rec["date"], rec["title"], rec["text"]))
    docs = pd.DataFrame(rows, columns=["doc_id", "outlet", "date", "title", "text"])
    docs["date"] = pd.to_datetime(docs["date"], errors="coerce")
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duplicates", action="store_true", help="also time find_duplicates")
    parser.add_argument("--repeat", type=int, default=3, help="runs per engine (median reported)")
    args = parser.parse_args()
    docs = load_allsides()
    chars = int(docs["text"].str.len().sum())
    results = {}
    for engine in ("python", "polars"):
        walls, cpus = [], []
        for _ in range(args.repeat):
            start, cpu = time.perf_counter(), time.process_time()
            results[engine] = normalize_documents(docs, engine=engine)
            walls.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
        print(f"normalize_documents(engine={engine!r}): {len(docs)} docs, {chars / 1e6:.1f}M chars, "
              f"median of {args.repeat}: {statistics.median(walls):.2f} s wall, "
              f"{statistics.median(cpus):.2f} s CPU")
    result, reference = results["polars"], results["python"]
    pd.testing.assert_frame_equal(result.documents, reference.documents)
    assert result.report == reference.report
    print("engines agree: same documents, same report")
    report = result.report
    print(json.dumps({k: report[k] for k in ("documents_changed", "steps", "subheadings")}, indent=1))
    print("top removed boilerplate:", report["removed_boilerplate_lines"][:10])
    print("top removed repeated:", report["removed_repeated_lines"][:20])
    if args.duplicates:
        from corpus_tools.corpus.duplicates import find_duplicates

        start, cpu = time.perf_counter(), time.process_time()
        clusters = find_duplicates(result.documents)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(f"find_duplicates: {seconds:.2f} s wall, {cpu:.2f} s CPU; "
              f"{clusters['cluster_id'].nunique()} clusters, "
              f"{len(clusters)} rows; by kind: {clusters['kind'].value_counts().to_dict()}")


if __name__ == "__main__":
    main()
