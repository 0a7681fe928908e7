"""Document-level tests against scipy, term by term, on random sparse counts."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from scipy import stats as sps

from corpus_tools.stats import document_test


def random_side(rng, n_docs, n_terms, density):
    counts = rng.poisson(2.0, size=(n_docs, n_terms)) * (rng.random((n_docs, n_terms)) < density)
    sizes = counts.sum(axis=1) + rng.integers(0, 30, size=n_docs)
    return counts, sizes


def dense_rates(counts, sizes):
    kept = sizes > 0
    return counts[kept] / sizes[kept][:, None]


CASES = [(0, 12, 30, 0.3), (1, 40, 7, 0.05), (2, 3, 200, 0.5), (3, 60, 25, 0.02)]


@pytest.mark.parametrize("seed, n_docs, n_terms, density", CASES)
def test_welch_equals_scipy(seed, n_docs, n_terms, density):
    rng = np.random.default_rng(seed)
    a, sa = random_side(rng, n_docs, n_terms, density)
    b, sb = random_side(rng, n_docs * 2 + 1, n_terms, density)
    sa[0] = 0  # a document of size 0 (and counts 0) is left out
    a[0] = 0
    got = document_test(sparse.csr_matrix(a), sa, sparse.csr_matrix(b), sb, test="welch")
    ra, rb = dense_rates(a, sa), dense_rates(b, sb)
    for j in range(n_terms):
        want = sps.ttest_ind(ra[:, j], rb[:, j], equal_var=False)
        if np.isnan(want.statistic):
            assert np.isnan(got["statistic"][j]) and np.isnan(got["p_value"][j])
            continue
        np.testing.assert_allclose(got["statistic"][j], want.statistic, rtol=1e-9)
        np.testing.assert_allclose(got["p_value"][j], want.pvalue, rtol=1e-9)
    np.testing.assert_allclose(got["mean_pm_target"], ra.mean(axis=0) * 1e6, rtol=1e-12)
    np.testing.assert_allclose(got["mean_pm_reference"], rb.mean(axis=0) * 1e6, rtol=1e-12)


@pytest.mark.parametrize("seed, n_docs, n_terms, density", CASES)
def test_mann_whitney_equals_scipy(seed, n_docs, n_terms, density):
    rng = np.random.default_rng(seed + 10)
    a, sa = random_side(rng, n_docs, n_terms, density)
    b, sb = random_side(rng, n_docs + 5, n_terms, density)
    # ties among non-zero rates: equal counts in documents of equal size
    sa[:], sb[:] = 50, 50
    got = document_test(sparse.csr_matrix(a), sa, sparse.csr_matrix(b), sb, test="wilcoxon")
    ra, rb = dense_rates(a, sa), dense_rates(b, sb)
    checked = 0
    for j in range(n_terms):
        if np.ptp(np.concatenate([ra[:, j], rb[:, j]])) == 0:
            assert np.isnan(got["p_value"][j])  # every document tied: no test
            continue
        want = sps.mannwhitneyu(ra[:, j], rb[:, j], alternative="two-sided", method="asymptotic",
                                use_continuity=True)
        np.testing.assert_allclose(got["statistic"][j], want.statistic, rtol=1e-9)
        np.testing.assert_allclose(got["p_value"][j], want.pvalue, rtol=1e-9)
        checked += 1
    assert checked > 0


def test_single_document_side_and_absent_terms():
    a = np.array([[3, 0, 0]])
    b = np.array([[1, 0, 2], [0, 0, 1], [2, 0, 0]])
    got = document_test(a, [10], b, [10, 10, 10], test="welch")
    assert np.isnan(got["p_value"]).all()  # Welch needs two documents a side
    got = document_test(a, [10], b, [10, 10, 10], test="wilcoxon")
    want = sps.mannwhitneyu([0.3], [0.1, 0.0, 0.2], method="asymptotic")
    np.testing.assert_allclose(got["p_value"][0], want.pvalue, rtol=1e-9)
    assert np.isnan(got["p_value"][1])  # absent everywhere


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="'test'"):
        document_test([[1]], [1], [[1]], [1], test="bootstrap")
    with pytest.raises(ValueError, match="term columns"):
        document_test([[1, 2]], [3], [[1]], [1])
    with pytest.raises(ValueError, match="sizes"):
        document_test([[1]], [1, 2], [[1]], [1])
