"""Tests of corpus_tools.stats.document_test: Welch, Mann-Whitney and bootstrap over per-document rates.

Welch and Mann-Whitney are compared with scipy.stats (ttest_ind, mannwhitneyu)
through the golden values of tests/golden/stats_document_tests.csv (written by
tests/golden/make_document_tests_golden.py) and directly on random matrices.
The bootstrap has no independent implementation to compare with; it is checked
against a per-term loop over the same random draws, and statistically.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy import sparse, stats

from corpus_tools import stats as S
from corpus_tools.stats import tests as T

from golden_values import RTOL
from golden_values import load_golden as _load

GOLDEN = _load("stats_document_tests.csv")
KEYS = ("statistic", "p_value", "mean_pm_target", "mean_pm_reference")


def _ints(text: str) -> np.ndarray:
    return np.array([int(v) for v in text.split()], dtype=np.int64)


def _golden_case(case: str):
    rows = sorted((r for r in GOLDEN if r["case"] == case), key=lambda r: int(r["term"]))
    t = np.column_stack([_ints(r["target_counts"]) for r in rows])
    rc = np.column_stack([_ints(r["reference_counts"]) for r in rows])
    return (sparse.csr_matrix(t), _ints(rows[0]["target_sizes"]),
            sparse.csr_matrix(rc), _ints(rows[0]["reference_sizes"]), rows)


def _golden(rows, name):
    return np.array([float(r[name]) for r in rows])


CASES = sorted({r["case"] for r in GOLDEN}, key=int)


# ---------------------------------------------------------------- golden values (scipy)

@pytest.mark.parametrize("case", CASES)
def test_document_test_welch_matches_scipy_golden(case):
    t, zt, r, zr, rows = _golden_case(case)
    res = S.document_test(t, zt, r, zr, test="welch")
    # atol for t = 0 (equal means): scipy's mean difference there is rounding noise, ours exactly 0
    assert_allclose(res["statistic"], _golden(rows, "welch_t"), rtol=RTOL, atol=1e-12, equal_nan=True)
    assert_allclose(res["p_value"], _golden(rows, "welch_p"), rtol=RTOL, equal_nan=True)
    assert_allclose(res["df"], _golden(rows, "welch_df"), rtol=RTOL, equal_nan=True)
    assert_allclose(res["mean_pm_target"], _golden(rows, "mean_pm_target"), rtol=RTOL, equal_nan=True)
    assert_allclose(res["mean_pm_reference"], _golden(rows, "mean_pm_reference"), rtol=RTOL,
                    equal_nan=True)


@pytest.mark.parametrize("case", CASES)
def test_document_test_wilcoxon_matches_scipy_golden(case):
    t, zt, r, zr, rows = _golden_case(case)
    res = S.document_test(t, zt, r, zr, test="wilcoxon")
    assert_allclose(res["statistic"], _golden(rows, "mwu_u1"), rtol=RTOL)
    assert_allclose(res["p_value"], _golden(rows, "mwu_p"), rtol=RTOL)
    assert_allclose(res["mean_pm_target"], _golden(rows, "mean_pm_target"), rtol=RTOL)


def test_document_test_golden_covers_the_edge_cases():
    sources = {r["source"] for r in GOLDEN}
    for words in ("ties", "size-0", "absent from one side", "single-document", "3 vs 2"):
        assert any(words in s for s in sources), words
    welch_nan = [r for r in GOLDEN if np.isnan(float(r["welch_t"]))]
    assert welch_nan and all(not np.isnan(float(r["mwu_p"])) for r in welch_nan)


# ---------------------------------------------------------------- direct comparison with scipy

def _random_sides(seed, n1, n2, n_terms, zero_sizes=True, equal_sizes=False):
    rng = np.random.default_rng(seed)
    dens = rng.uniform(0.0, 0.9, n_terms)
    dens[: min(3, n_terms)] = [0.0, 0.95, 0.05][: min(3, n_terms)]

    def side(n, shift):
        present = rng.random((n, n_terms)) < np.clip(dens * shift, 0, 1)
        counts = np.where(present, rng.geometric(0.4, size=(n, n_terms)), 0)
        sizes = np.full(n, 120) if equal_sizes else rng.integers(20, 3000, n)
        if zero_sizes and n > 3:
            sizes[rng.choice(n, 2, replace=False)] = 0
        return counts, sizes

    return (*side(n1, 1.0), *side(n2, rng.uniform(0.6, 1.4)))


def _scipy_rows(tc, tz, rc, rz):
    a_all = tc[tz > 0] / tz[tz > 0, None]
    b_all = rc[rz > 0] / rz[rz > 0, None]
    out = {k: [] for k in ("t", "tp", "u", "up")}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for j in range(tc.shape[1]):
            a, b = a_all[:, j], b_all[:, j]
            w = stats.ttest_ind(a, b, equal_var=False)
            both_constant = np.all(a == a[0]) and np.all(b == b[0])
            out["t"].append(np.nan if both_constant else w.statistic)
            out["tp"].append(np.nan if both_constant else w.pvalue)
            u = stats.mannwhitneyu(a, b, alternative="two-sided", method="asymptotic",
                                   use_continuity=True)
            out["u"].append(u.statistic)
            out["up"].append(u.pvalue)
    return {k: np.array(v, dtype=float) for k, v in out.items()}


@pytest.mark.parametrize("seed, n1, n2, n_terms, equal_sizes", [
    (1, 30, 50, 40, False),
    (2, 8, 200, 30, False),
    (3, 25, 25, 30, True),   # equal sizes: many ties among non-zero rates
    (4, 2, 3, 20, True),
    (5, 1, 12, 15, False),   # single-document target (Welch NaN)
    (6, 150, 4, 25, True),
])
def test_document_test_matches_scipy_on_random_matrices(seed, n1, n2, n_terms, equal_sizes):
    tc, tz, rc, rz = _random_sides(seed, n1, n2, n_terms, equal_sizes=equal_sizes)
    ref = _scipy_rows(tc, tz, rc, rz)
    t, r = sparse.csr_matrix(tc), sparse.csr_matrix(rc)
    w = S.document_test(t, tz, r, rz, test="welch")
    assert_allclose(w["statistic"], ref["t"], rtol=RTOL, atol=1e-12, equal_nan=True)
    assert_allclose(w["p_value"], ref["tp"], rtol=RTOL, equal_nan=True)
    u = S.document_test(t, tz, r, rz, test="wilcoxon")
    assert_allclose(u["statistic"], ref["u"], rtol=RTOL)
    assert_allclose(u["p_value"], ref["up"], rtol=RTOL)


def test_document_test_edge_terms():
    # term 0 absent everywhere, 1 only in the target, 2 only in the reference, 3 everywhere
    t = sparse.csr_matrix([[0, 2, 0, 1], [0, 1, 0, 3], [0, 4, 0, 2]])
    r = sparse.csr_matrix([[0, 0, 1, 5], [0, 0, 2, 1], [0, 0, 1, 1], [0, 0, 0, 2]])
    zt, zr = [100, 200, 100], [100, 100, 300, 100]
    w = S.document_test(t, zt, r, zr, test="welch")
    assert np.isnan(w["statistic"][0]) and np.isnan(w["p_value"][0])
    assert w["statistic"][1] > 0 > w["statistic"][2]
    assert_array_equal(w["mean_pm_target"][:3], [0.0, 1e6 * (0.02 + 0.005 + 0.04) / 3, 0.0])
    u = S.document_test(t, zt, r, zr, test="wilcoxon")
    assert u["statistic"][0] == 3 * 4 / 2 and u["p_value"][0] == 1.0
    assert u["statistic"][1] == 12.0  # every target document above every reference one
    assert u["statistic"][2] == 1.5  # below, but for the three (0, 0) pairs, ties of 1/2
    b = S.document_test(t, zt, r, zr, test="bootstrap", n_boot=99)
    assert b["statistic"][0] == 0.5 and b["p_value"][0] == 1.0
    assert b["statistic"][1] == 1.0 and b["p_value"][1] == pytest.approx(1 / 100)


def test_document_test_size_zero_documents_are_left_out():
    t = sparse.csr_matrix([[3, 1], [9, 9], [1, 0], [2, 2]])
    r = sparse.csr_matrix([[0, 1], [1, 1], [0, 0]])
    with_zero = S.document_test(t, [100, 0, 50, 80], r, [60, 90, 40], test="wilcoxon")
    without = S.document_test(t[[0, 2, 3]], [100, 50, 80], r, [60, 90, 40], test="wilcoxon")
    for key in KEYS:
        assert_array_equal(with_zero[key], without[key])
    for test in ("welch", "bootstrap"):
        a = S.document_test(t, [100, 0, 50, 80], r, [60, 90, 40], test=test)
        b = S.document_test(t[[0, 2, 3]], [100, 50, 80], r, [60, 90, 40], test=test)
        for key in KEYS:
            assert_array_equal(a[key], b[key])


@pytest.mark.parametrize("test", ["welch", "wilcoxon", "bootstrap"])
def test_document_test_too_few_documents_give_nan(test):
    t = sparse.csr_matrix([[1, 0], [2, 1]])
    r = sparse.csr_matrix([[0, 1], [1, 1], [3, 0]])
    empty = S.document_test(t, [0, 0], r, [10, 20, 30], test=test)  # no target document left
    assert np.isnan(empty["statistic"]).all() and np.isnan(empty["p_value"]).all()
    assert np.isnan(empty["mean_pm_target"]).all()
    assert_allclose(empty["mean_pm_reference"], [1e6 * (0.05 + 0.1) / 3, 1e6 * (0.1 + 0.05) / 3])
    single = S.document_test(t, [10, 0], r, [10, 20, 30], test=test)
    defined = test == "wilcoxon"
    assert np.isnan(single["p_value"]).all() != defined
    for key in KEYS:
        assert single[key].dtype == np.float64 and single[key].shape == (2,)


def test_document_test_accepts_sparse_formats_and_does_not_change_its_input():
    rng = np.random.default_rng(7)
    tc = rng.integers(0, 3, (6, 5)) * (rng.random((6, 5)) < 0.5)
    rc = rng.integers(0, 3, (8, 5)) * (rng.random((8, 5)) < 0.5)
    tz, rz = rng.integers(10, 90, 6), rng.integers(10, 90, 8)
    base = S.document_test(sparse.csr_matrix(tc), tz, sparse.csr_matrix(rc), rz, test="wilcoxon")
    # explicit zeros and duplicate entries in a COO input; csr_array, csc
    rows, cols = np.nonzero(tc)
    vals = tc[rows, cols]
    coo = sparse.coo_matrix((np.r_[vals - 1, np.ones_like(vals), [0]], (np.r_[rows, rows, [0]],
                            np.r_[cols, cols, [0]])), shape=tc.shape)
    csr = sparse.csr_array(rc)
    before = (csr.data.copy(), csr.indices.copy(), csr.indptr.copy())
    for target in (coo, sparse.csc_matrix(tc), sparse.csr_array(tc)):
        res = S.document_test(target, tz, csr, rz, test="wilcoxon")
        for key in KEYS:
            assert_array_equal(res[key], base[key])
    for now, then in zip((csr.data, csr.indices, csr.indptr), before):
        assert_array_equal(now, then)


# ---------------------------------------------------------------- bootstrap

def _bootstrap_per_term(tc, tz, rc, rz, n_boot, seed):
    """Lijffijt et al.'s bootstrap, one term at a time, with document_test's draws."""
    a_all = tc[tz > 0] / tz[tz > 0, None]
    b_all = rc[rz > 0] / rz[rz > 0, None]
    n1, n2 = len(a_all), len(b_all)
    m = min(n1, n2)
    g_t, g_r = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
    draws_t = g_t.integers(0, n1, size=(n_boot, m))
    draws_r = g_r.integers(0, n2, size=(n_boot, m))
    p1s, ps = [], []
    for j in range(tc.shape[1]):
        a, b = a_all[:, j], b_all[:, j]
        wins = 0.0
        for i in range(n_boot):
            st, sr = a[draws_t[i]].sum(), b[draws_r[i]].sum()
            if abs(st - sr) <= 1e-12 * max(st, sr):
                wins += 0.5
            elif st > sr:
                wins += 1.0
        p1 = wins / n_boot
        p1s.append(p1)
        ps.append((1 + 2 * n_boot * min(p1, 1 - p1)) / (1 + n_boot))
    return np.array(p1s), np.array(ps)


@pytest.mark.parametrize("seed, n1, n2, equal_sizes", [
    (11, 12, 30, False), (12, 20, 9, True), (13, 2, 5, False), (14, 40, 40, True)])
def test_document_test_bootstrap_matches_per_term_loop(seed, n1, n2, equal_sizes):
    tc, tz, rc, rz = _random_sides(seed, n1, n2, 12, equal_sizes=equal_sizes)
    p1, p = _bootstrap_per_term(tc, tz, rc, rz, 200, seed)
    res = S.document_test(sparse.csr_matrix(tc), tz, sparse.csr_matrix(rc), rz,
                          test="bootstrap", n_boot=200, seed=seed)
    assert_array_equal(res["statistic"], p1)
    assert_array_equal(res["p_value"], p)


def test_document_test_bootstrap_does_not_depend_on_chunking(monkeypatch):
    tc, tz, rc, rz = _random_sides(21, 15, 25, 30)
    args = (sparse.csr_matrix(tc), tz, sparse.csr_matrix(rc), rz)
    whole = S.document_test(*args, test="bootstrap", n_boot=300, seed=3)
    monkeypatch.setattr(T, "_BOOT_MEMORY", 1)  # one resample per chunk
    chunked = S.document_test(*args, test="bootstrap", n_boot=300, seed=3)
    assert_array_equal(whole["p_value"], chunked["p_value"])
    other = S.document_test(*args, test="bootstrap", n_boot=300, seed=4)
    assert not np.array_equal(whole["statistic"], other["statistic"])


@pytest.mark.parametrize("ratio", [0, 10**6])
def test_document_test_bootstrap_same_draws_by_either_product(monkeypatch, ratio):
    # ratio 0: every side sums its draws as sparse x sparse; 10**6: as sparse x dense counts
    tc, tz, rc, rz = _random_sides(22, 9, 70, 25)
    p1, p = _bootstrap_per_term(tc, tz, rc, rz, 150, 6)
    monkeypatch.setattr(T, "_DENSE_DRAWS_RATIO", ratio)
    res = S.document_test(sparse.csr_matrix(tc), tz, sparse.csr_matrix(rc), rz,
                          test="bootstrap", n_boot=150, seed=6)
    assert_array_equal(res["statistic"], p1)
    assert_array_equal(res["p_value"], p)


def test_document_test_bootstrap_p_uniform_under_null_and_small_for_a_difference():
    rng = np.random.default_rng(5)
    n_terms, n1, n2 = 400, 30, 60
    rate = rng.uniform(0.002, 0.02, n_terms)
    clump = rng.uniform(0.2, 1.0, n_terms)  # share of documents using the term

    def side(n, boost):
        sizes = rng.integers(200, 1500, n)
        uses = rng.random((n, n_terms)) < clump
        counts = rng.poisson(np.outer(sizes, rate * boost / clump)) * uses
        return sparse.csr_matrix(counts), sizes

    t, tz = side(n1, np.ones(n_terms))
    r, rz = side(n2, np.ones(n_terms))
    p = S.document_test(t, tz, r, rz, test="bootstrap", n_boot=499, seed=1)["p_value"]
    assert 0.02 <= np.mean(p < 0.05) <= 0.09
    assert 0.42 <= np.mean(p) <= 0.58
    assert stats.kstest(p, "uniform").pvalue > 0.001
    boost = np.ones(n_terms)
    boost[:50] = 3.0
    t2, tz2 = side(n1, boost)
    res = S.document_test(t2, tz2, r, rz, test="bootstrap", n_boot=499, seed=1)
    assert np.mean(res["p_value"][:50] < 0.05) > 0.85
    assert np.mean(res["p_value"][50:] < 0.05) < 0.09
    assert np.all(res["statistic"][:50] > 0.5)
    # Welch finds about as many (0.84 here); Mann-Whitney fewer (0.58): the zeros of documents that do
    # not use the term dominate its ranks, and tripling the rate leaves the range unchanged
    welch = S.document_test(t2, tz2, r, rz, test="welch")["p_value"]
    assert np.mean(welch[:50] < 0.05) > 0.75
    ranks = S.document_test(t2, tz2, r, rz, test="wilcoxon")["p_value"]
    assert 0.4 < np.mean(ranks[:50] < 0.05) < np.mean(welch[:50] < 0.05)


# ---------------------------------------------------------------- bad arguments

_T = sparse.csr_matrix([[1, 0], [0, 2]])


@pytest.mark.parametrize("call, error, match", [
    (lambda: S.document_test(_T, [5, 5], _T, [5, 5], test="ttest"), ValueError,
     r"The 'test' parameter of document_test\(\) must be one of \{'welch', 'wilcoxon', 'bootstrap'\}\. "
     r"Got 'ttest' instead\."),
    (lambda: S.document_test(_T.toarray(), [5, 5], _T, [5, 5]), TypeError,
     r"The 'target' parameter of document_test\(\) must be a 2-D scipy.sparse matrix .* Got ndarray"),
    (lambda: S.document_test(_T, [5, 5], [[1, 0]], [5]), TypeError,
     r"The 'reference' parameter of document_test\(\) must be a 2-D scipy.sparse matrix"),
    (lambda: S.document_test(-_T, [5, 5], _T, [5, 5]), ValueError,
     r"'target' parameter of document_test\(\) must hold non-negative integer counts\. Got an entry -1\.0"),
    (lambda: S.document_test(_T * 0.5, [5, 5], _T, [5, 5]), ValueError,
     r"'target' parameter .* non-negative integer counts\. Got an entry 0\.5"),
    (lambda: S.document_test(_T, [5, -1], _T, [5, 5]), ValueError,
     r"'target_sizes' parameter of document_test\(\) must be an array of integers in the range \[0, inf\]"),
    (lambda: S.document_test(_T, [5, 5], _T, [5, 5, 5]), ValueError,
     r"'reference_sizes' parameter of document_test\(\) must give one size per document \(2\)\. "
     r"Got shape \(3,\) instead\."),
    (lambda: S.document_test(_T, [5, 5], sparse.csr_matrix([[1, 0, 0]]), [5]), ValueError,
     r"'reference' parameter of document_test\(\) must have the columns \(terms\) of 'target'\. "
     r"Got 3 terms instead of 2\."),
    (lambda: S.document_test(_T, [5, 5], _T, [5, 5], test="bootstrap", n_boot=0), ValueError,
     r"'n_boot' parameter of document_test\(\) must be an int in the range \[1, inf\]\. Got 0 instead\."),
    (lambda: S.document_test(_T, [5, 5], _T, [5, 5], n_boot=10.0), TypeError,
     r"'n_boot' parameter of document_test\(\) must be an int\. Got 10\.0 instead\."),
    (lambda: S.document_test(_T, [5, 5], _T, [5, 5], seed=-1), ValueError,
     r"'seed' parameter of document_test\(\) must be an int in the range \[0, inf\]\. Got -1 instead\."),
])
def test_document_test_bad_arguments_raise(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_document_test_is_public():
    assert "document_test" in S.__all__ and S.document_test is T.document_test


def test_document_test_wilcoxon_fallback_sort_gives_the_same(monkeypatch):
    # the exact (argsort + counting sort) path, used when the packed integer key does not fit
    tc, tz, rc, rz = _random_sides(31, 20, 35, 25, equal_sizes=False)
    args = (sparse.csr_matrix(tc), tz, sparse.csr_matrix(rc), rz)
    packed = S.document_test(*args, test="wilcoxon")
    monkeypatch.setattr(T, "_KEY_BITS", 0)
    exact = S.document_test(*args, test="wilcoxon")
    for key in KEYS:
        assert_array_equal(packed[key], exact[key])
    ref = _scipy_rows(tc, tz, rc, rz)
    assert_allclose(exact["p_value"], ref["up"], rtol=RTOL)
