"""Time normalize_documents (and find_duplicates) on the full AllSides corpus.

Run from the repository root::

    python benchmarks/bench_normalize.py [--duplicates]

The corpus is read from ``../shared/data/allsides_article_bias``.
"""

from __future__ import annotations

import argparse
import json
import lzma
import time
from pathlib import Path

import pandas as pd

from corpus_tools.normalize import normalize_documents

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
    args = parser.parse_args()
    docs = load_allsides()
    chars = int(docs["text"].str.len().sum())
    start, cpu = time.perf_counter(), time.process_time()
    result = normalize_documents(docs)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    report = result.report
    print(f"normalize_documents: {len(docs)} docs, {chars / 1e6:.1f}M chars, "
          f"{seconds:.2f} s wall, {cpu:.2f} s CPU")
    print(json.dumps({k: report[k] for k in ("documents_changed", "steps", "subheadings")}, indent=1))
    print("top removed boilerplate:", report["removed_boilerplate_lines"][:10])
    print("top removed repeated:", report["removed_repeated_lines"][:20])
    if args.duplicates:
        from corpus_tools.duplicates import find_duplicates

        start, cpu = time.perf_counter(), time.process_time()
        clusters = find_duplicates(result.documents)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(f"find_duplicates: {seconds:.2f} s wall, {cpu:.2f} s CPU; "
              f"{clusters['cluster_id'].nunique()} clusters, "
              f"{len(clusters)} rows; by kind: {clusters['kind'].value_counts().to_dict()}")


if __name__ == "__main__":
    main()
