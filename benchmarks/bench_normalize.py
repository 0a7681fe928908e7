"""Time normalize_documents (and find_duplicates) on the full AllSides corpus.

Run from the repository root::

    python benchmarks/bench_normalize.py [--duplicates] [--repeat N] [--engines polars,python]
                                         [--compare-furniture]

Times both engines of normalize_documents (median of ``--repeat`` runs, wall
and CPU) and checks that they give the same documents and report. With
``--compare-furniture`` each engine is also timed with the inline-furniture
and template-lines steps off, in the same run (runs alternate, so that a
busy machine slows both alike), and the ratio is printed.

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

from corpus_tools.text.normalize import NormalizationSettings, normalize_documents

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
    parser.add_argument("--engines", default="python,polars", help="comma-separated engines to time")
    parser.add_argument("--compare-furniture", action="store_true",
                        help="also time each engine without the inline-furniture and template steps")
    args = parser.parse_args()
    docs = load_allsides()
    chars = int(docs["text"].str.len().sum())
    results = {}
    variants = {"all steps": NormalizationSettings()}
    if args.compare_furniture:
        variants["no furniture steps"] = NormalizationSettings(inline_furniture=False,
                                                               template_lines=False)
    engines = args.engines.split(",")
    for engine in engines:
        walls: dict[str, list[float]] = {name: [] for name in variants}
        cpus: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(args.repeat):
            for name, settings in variants.items():
                start, cpu = time.perf_counter(), time.process_time()
                result = normalize_documents(docs, settings, engine=engine)
                walls[name].append(time.perf_counter() - start)
                cpus[name].append(time.process_time() - cpu)
                if name == "all steps":
                    results[engine] = result
        for name in variants:
            print(f"normalize_documents(engine={engine!r}, {name}): {len(docs)} docs, "
                  f"{chars / 1e6:.1f}M chars, median of {args.repeat}: "
                  f"{statistics.median(walls[name]):.2f} s wall, {statistics.median(cpus[name]):.2f} s CPU")
        if args.compare_furniture:
            ratio = statistics.median(walls["all steps"]) / statistics.median(walls["no furniture steps"])
            print(f"  engine {engine!r}: all steps / without the furniture steps = {ratio:.2f}x wall")
    result = results[engines[-1]]
    if len(results) == 2:
        reference = results["python"]
        pd.testing.assert_frame_equal(results["polars"].documents, reference.documents)
        assert results["polars"].report == reference.report
        print("engines agree: same documents, same report")
    report = result.report
    print(json.dumps({k: report[k] for k in ("documents_changed", "steps", "subheadings")}, indent=1))
    print("top removed boilerplate:", report["removed_boilerplate_lines"][:10])
    print("top removed repeated:", report["removed_repeated_lines"][:20])
    print("inline furniture cut:", report["removed_inline_furniture"][:20])
    print("template lines removed:", report["removed_template_lines"][:20])
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
