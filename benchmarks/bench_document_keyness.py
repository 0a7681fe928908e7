"""Keyness tables with the token test and the document tests, at 9M words and as a 46-outlet grid.

Run on a saved corpus folder (``corpus-tools ingest SOURCE --out DIR``)::

    python benchmarks/bench_document_keyness.py DIR [--words 9000000] [--repeats 3]

One table: the first documents up to ``--words`` word tokens, the largest
outlet among them against the rest; each test's median over ``--repeats``
runs once the corpus is loaded (the counts already built, as in a session),
and its peak RSS. The grid: every outlet with at least 50 documents against
the rest of the whole corpus, ``top=100``, timed once per test. All in one
process, so the ratios between tests are fair.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time

import numpy as np


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None) -> int:
    import corpus_tools as ct
    from corpus_tools.counts.terms import term_document_counts

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--words", type=int, default=9_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--tests", nargs="+", default=["token", "welch", "wilcoxon"])
    parser.add_argument("--no-grid", action="store_true")
    args = parser.parse_args(argv)

    whole = ct.Corpus.load(args.corpus)
    sizes = term_document_counts(whole, "lower", 1).sizes
    n_docs = int(np.searchsorted(np.cumsum(sizes), args.words)) + 1
    part = whole.subset(np.arange(len(whole)) < n_docs)
    outlet = part.documents["outlet"].value_counts().index[0]
    words = int(term_document_counts(part, "lower", 1).sizes.sum())
    print(f"table: {n_docs:,} documents, {words:,} words, target outlet={outlet!r} against the rest")
    for test in args.tests:
        ct.keyness(part, target={"outlet": outlet}, test=test)  # counts built once, as in a session
        times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            table = ct.keyness(part, target={"outlet": outlet}, test=test)
            times.append(time.perf_counter() - start)
        print(f"  {test:9s} median {statistics.median(times):7.3f} s  rows {len(table):,}  "
              f"p_adjusted<0.05: {int((table['p_adjusted'] < 0.05).sum()):,}  peak RSS {rss_mb():,.0f} MB")
    if not args.no_grid:
        counts = whole.documents["outlet"].value_counts()
        keep = set(counts.index[counts >= 50])
        print(f"grid: {len(keep)} outlets with >= 50 documents, whole corpus, top=100")
        for test in args.tests:
            start = time.perf_counter()
            grid = ct.keyness_grid(whole, by="outlet", test=test, top=100, min_documents=50)
            print(f"  {test:9s} {time.perf_counter() - start:7.2f} s  rows {len(grid):,}  "
                  f"groups {grid.attrs['groups']}  peak RSS {rss_mb():,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
