"""Time corpus_tools.stats.document_test (Welch, Mann-Whitney, bootstrap) on AllSides news.

Run from the repository root (NLTK_DATA set, as for the tests)::

    python benchmarks/bench_document_tests.py                 # ~9M-word subset, n_boot=1000
    python benchmarks/bench_document_tests.py --words 2e6 --n-boot 200   # quicker

The corpus is built with ``corpus_tools.build_corpus`` from
``../shared/data/allsides_article_bias/articles.jsonl.xz`` and its term x
document counts with ``term_document_counts(corpus, "lower", 1)`` (both
timed, once, and not part of the test timings). A seeded random subset of
documents up to ``--words`` word tokens is split into one outlet (the
target, ``--target``) and the rest (the reference). Each test runs over all
terms of the vocabulary and over the terms with range >= 3 in the target
(the columns are selected before the call, as a keyness table with a
minimum range would); every timing is the median of ``--runs`` runs
(``--boot-runs`` for the bootstrap) and ``*_runs_s`` lists them. Peak memory
is the tracemalloc peak of one more call (numpy and scipy allocate through
Python's allocator, so their arrays are counted). Results go to
``benchmarks/results/document_tests.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import tracemalloc
from pathlib import Path

import numpy as np
from scipy import sparse

import corpus_tools as ct
from corpus_tools.counts.terms import term_document_counts
from corpus_tools.stats import document_test

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "allsides_article_bias"
RESULTS = Path(__file__).resolve().parent / "results" / "document_tests.json"


def timings(func, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        out.append(time.perf_counter() - start)
    return out


def peak_mb(func) -> float:
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def split(path: Path, words: float, target: str, seed: int):
    start = time.perf_counter()
    corpus = ct.build_corpus(str(path))
    built = time.perf_counter() - start
    start = time.perf_counter()
    tdc = term_document_counts(corpus, "lower", 1)
    counted = time.perf_counter() - start
    x = sparse.csr_matrix((tdc.data, tdc.indices, tdc.indptr), shape=(len(tdc.sizes), tdc.n_terms))
    sizes = tdc.sizes
    outlets = np.asarray(corpus.documents["outlet"].astype(str))
    order = np.random.default_rng(seed).permutation(len(sizes))
    take = np.sort(order[: int(np.searchsorted(np.cumsum(sizes[order]), words)) + 1])
    x, sizes, outlets = x[take], sizes[take], outlets[take]
    is_target = outlets == target
    info = {"corpus_documents": int(len(tdc.sizes)), "corpus_words": int(tdc.sizes.sum()),
            "build_corpus_s": round(built, 2), "term_document_counts_s": round(counted, 2),
            "subset_documents": int(len(sizes)), "subset_words": int(sizes.sum()),
            "subset_stored_entries": int(x.nnz), "terms": int(x.shape[1]),
            "target": target, "target_documents": int(is_target.sum()),
            "reference_documents": int((~is_target).sum())}
    return x[is_target], sizes[is_target], x[~is_target], sizes[~is_target], info


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=float, default=9e6)
    ap.add_argument("--target", default="CNN (Web News)")
    ap.add_argument("--n-boot", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--boot-runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    t, zt, r, zr, info = split(DATA / "articles.jsonl.xz", args.words, args.target, args.seed)
    range_t = np.bincount(t.indices, minlength=t.shape[1])
    keep = np.flatnonzero(range_t >= 3)
    info["terms_range3_target"] = int(keep.size)
    subsets = {"all_terms": (t, r), "range3": (t[:, keep], r[:, keep])}
    results = {"info": info, "n_boot": args.n_boot, "numpy": np.__version__}
    for test in ("welch", "wilcoxon", "bootstrap"):
        runs = args.boot_runs if test == "bootstrap" else args.runs
        for name, (tt, rr) in subsets.items():
            def call(tt=tt, rr=rr, test=test):
                return document_test(tt, zt, rr, zr, test=test, n_boot=args.n_boot, seed=0)
            ts = timings(call, runs)
            label = f"{test}_{name}"
            results[f"{label}_s"] = round(statistics.median(ts), 3)
            results[f"{label}_runs_s"] = [round(x, 3) for x in ts]
            results[f"{label}_peak_mb"] = round(peak_mb(call), 1)
            print(f"{label:22s} median {results[f'{label}_s']:.3f} s  runs {results[f'{label}_runs_s']}  "
                  f"peak {results[f'{label}_peak_mb']:.0f} MB", flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(info, indent=2))


if __name__ == "__main__":
    main()
