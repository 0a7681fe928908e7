"""Write the golden values of corpus_tools.stats.document_test (tests/golden/stats_document_tests.csv).

Every number here comes from scipy.stats on dense per-document rates, one
term at a time; nothing imports corpus_tools:

* ``scipy.stats.ttest_ind(a, b, equal_var=False)`` (Welch's t-test), and
* ``scipy.stats.mannwhitneyu(a, b, alternative="two-sided", method="asymptotic",
  use_continuity=True)`` (U of the first sample, ``a`` = target),

where ``a`` and ``b`` are ``count / size`` of the term in each document of
the target and the reference. Documents of size 0 are dropped first (the
documented rule of document_test: they have no rate). Where the rate is
constant within each side (zero variance on both sides) the Welch columns
are written as NaN, document_test's documented value: scipy gives NaN there,
or for two different constants a t of rounding noise (1e16).

How to run (numpy and scipy only), from the repository root::

    python tests/golden/make_document_tests_golden.py

The matrices are drawn with a seeded numpy Generator and written into the
CSV (one row per case and term: the term's count in every document, and the
document sizes, as space-separated integers), so that the tests rebuild the
exact matrices without depending on numpy's random streams. Floats are
written with repr() (full precision).
"""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

import numpy as np
import scipy
from scipy import stats

OUT = Path(__file__).resolve().parent / "stats_document_tests.csv"
NAN = float("nan")


def random_counts(rng, n_docs: int, n_terms: int, density: float, mean: float):
    """Counts of n_docs x n_terms, each present with probability ``density``, clumped (geometric)."""
    present = rng.random((n_docs, n_terms)) < density
    return np.where(present, rng.geometric(1 / mean, size=(n_docs, n_terms)), 0)


def cases():
    rng = np.random.default_rng(20160401)
    out = []

    # 1. A typical shape: 40 vs 60 documents, terms from frequent to rare, sizes 50-2000.
    dens = np.geomspace(0.95, 0.03, 20)
    t = np.column_stack([random_counts(rng, 40, 1, d, 3) for d in dens])
    r = np.column_stack([random_counts(rng, 60, 1, d * f, 3)
                         for d, f in zip(dens, rng.uniform(0.5, 1.5, 20))])
    out.append(("random 40 vs 60 documents", t, rng.integers(50, 2000, 40),
                r, rng.integers(50, 2000, 60)))

    # 2. Ties among non-zero rates: every document has 100 words, counts 0-3.
    t = rng.integers(0, 4, size=(25, 8)) * (rng.random((25, 8)) < 0.5)
    r = rng.integers(0, 4, size=(30, 8)) * (rng.random((30, 8)) < 0.4)
    out.append(("ties: equal sizes, counts 0-3", t, np.full(25, 100), r, np.full(30, 100)))

    # 3. Size-0 documents (their rows hold counts, which must be ignored).
    t = random_counts(rng, 12, 6, 0.5, 2)
    r = random_counts(rng, 15, 6, 0.4, 2)
    zt = rng.integers(20, 300, 12)
    zr = rng.integers(20, 300, 15)
    zt[[0, 5]] = 0
    zr[[3, 4, 14]] = 0
    t[0, :] = 7  # a size-0 document with counts
    out.append(("size-0 documents left out", t, zt, r, zr))

    # 4. Terms absent from one side, absent from both, and present everywhere.
    t = random_counts(rng, 20, 6, 0.5, 2)
    r = random_counts(rng, 25, 6, 0.5, 2)
    t[:, 0] = 0  # absent from the target
    r[:, 1] = 0  # absent from the reference
    t[:, 2] = 0
    r[:, 2] = 0  # absent from both
    t[:, 3] = rng.integers(1, 9, 20)
    r[:, 3] = rng.integers(1, 9, 25)  # in every document
    t[:, 4] = 2
    r[:, 4] = 0  # constant in the target (equal sizes below), absent from the reference
    zt = rng.integers(100, 900, 20)
    zt[:] = 200
    out.append(("absent from one side, from both, everywhere", t, zt, r, rng.integers(100, 900, 25)))

    # 5. A single-document target: Welch undefined (NaN), Mann-Whitney defined.
    t = random_counts(rng, 1, 5, 0.8, 3)
    r = random_counts(rng, 9, 5, 0.5, 3)
    out.append(("single-document target", t, rng.integers(50, 500, 1), r, rng.integers(50, 500, 9)))

    # 6. Tiny sides, 3 vs 2 documents.
    t = random_counts(rng, 3, 5, 0.7, 2)
    r = random_counts(rng, 2, 5, 0.7, 2)
    out.append(("3 vs 2 documents", t, rng.integers(10, 60, 3), r, rng.integers(10, 60, 2)))

    # 7. Many documents, rare and frequent terms, long documents (precision).
    dens = [0.999, 0.6, 0.1, 0.01, 0.002]
    t = np.column_stack([random_counts(rng, 400, 1, d, 20) for d in dens])
    r = np.column_stack([random_counts(rng, 900, 1, d, 18) for d in dens])
    out.append(("400 vs 900 long documents", t, rng.integers(2_000, 40_000, 400),
                r, rng.integers(2_000, 40_000, 900)))
    return out


def constant(x) -> bool:
    return x.size > 0 and bool(np.all(x == x[0]))


def reference_values(tc, tz, rc, rz):
    a = tc[tz > 0] / tz[tz > 0]
    b = rc[rz > 0] / rz[rz > 0]
    row = {
        "mean_pm_target": float(np.mean(a * 1e6)) if a.size else NAN,
        "mean_pm_reference": float(np.mean(b * 1e6)) if b.size else NAN,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scipy warns on n < 2 and on constant input
        w = stats.ttest_ind(a, b, equal_var=False)
        undefined = constant(a) and constant(b)
        row["welch_t"] = NAN if undefined else float(w.statistic)
        row["welch_p"] = NAN if undefined else float(w.pvalue)
        row["welch_df"] = NAN if undefined or a.size < 2 or b.size < 2 else float(w.df)
        u = stats.mannwhitneyu(a, b, alternative="two-sided", method="asymptotic",
                               use_continuity=True)
    row["mwu_u1"] = float(u.statistic)
    row["mwu_p"] = float(u.pvalue)
    return row


COLS = ["mean_pm_target", "mean_pm_reference", "welch_t", "welch_p", "welch_df", "mwu_u1", "mwu_p"]


def ints(x) -> str:
    return " ".join(str(int(v)) for v in x)


def main():
    rows = []
    for i, (source, t, tz, r, rz) in enumerate(cases()):
        for j in range(t.shape[1]):
            ref = reference_values(t[:, j], tz, r[:, j], rz)
            rows.append([i, source, j, ints(t[:, j]), ints(tz), ints(r[:, j]), ints(rz)]
                        + [ref[k] for k in COLS])
    with open(OUT, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["case", "source", "term", "target_counts", "target_sizes",
                    "reference_counts", "reference_sizes"] + COLS)
        for row in rows:
            w.writerow([repr(v) if isinstance(v, float) else v for v in row])
    print(f"{len(rows)} rows written with numpy {np.__version__}, scipy {scipy.__version__}")


if __name__ == "__main__":
    main()
