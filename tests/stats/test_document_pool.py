"""DocumentPool gives document_test's results for a group against the rest.

Ranks and resamples are the same, so Mann-Whitney's U and p and the
bootstrap are equal bit for bit; Welch's moments and the mean rates of the
rest come from the pool's sums minus the group's, equal to 1e-11.
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy import sparse

from corpus_tools.stats import document_test
from corpus_tools.stats.document_pool import DocumentPool


def _corpus(seed, n_docs=80, n_terms=40):
    rng = np.random.default_rng(seed)
    sizes = rng.integers(0, 400, n_docs)  # some documents of size 0
    sizes[rng.random(n_docs) < 0.05] = 0
    rate = rng.uniform(0.001, 0.05, n_terms)
    uses = rng.random((n_docs, n_terms)) < rng.uniform(0.05, 1.0, n_terms)
    counts = rng.poisson(np.outer(sizes, rate)) * uses
    counts[:, 0] = 0  # a term nowhere
    counts[:, 1] = np.maximum(counts[:, 1], 1) * (sizes > 0)  # a term in every document
    counts[:, 2] = sizes // 10  # the same rate in (nearly) every document: ties and constants
    return sparse.csr_matrix(counts), sizes, rng


def _assert_same(got, expected, test, key, where):
    if test == "bootstrap" or (test == "wilcoxon" and key in ("statistic", "p_value")):
        assert_array_equal(got, expected, err_msg=f"{test} {key} {where}")
    else:
        assert_array_equal(np.isnan(got), np.isnan(expected), err_msg=f"{test} {key} {where}")
        assert_allclose(got, expected, rtol=1e-11, atol=1e-300, err_msg=f"{test} {key} {where}")


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("test", ["welch", "wilcoxon", "bootstrap"])
def test_against_rest_equals_document_test_on_the_two_sides(seed, test):
    counts, sizes, rng = _corpus(seed)
    pool = DocumentPool(counts, sizes)
    for share in (0.05, 0.3, 0.9):
        group = np.flatnonzero(rng.random(len(sizes)) < share)
        rest = np.setdiff1d(np.arange(len(sizes)), group)
        expected = document_test(counts[group], sizes[group], counts[rest], sizes[rest],
                                 test=test, n_boot=200, seed=seed)
        got = pool.against_rest(group, test=test, n_boot=200, seed=seed)
        assert got.keys() == expected.keys()
        for key in expected:
            _assert_same(got[key], expected[key], test, key, f"share={share}")
        some = np.array([2, 7, 1, 30])  # any columns, any order
        part = pool.against_rest(group, test=test, n_boot=200, seed=seed, terms=some)
        if test == "bootstrap":  # resamples only these columns: same draws, same p
            expected = document_test(counts[group][:, some], sizes[group], counts[rest][:, some],
                                     sizes[rest], test=test, n_boot=200, seed=seed)
            for key in expected:
                assert_array_equal(part[key], expected[key])
        else:
            for key in expected:
                assert_array_equal(part[key], got[key][some])


def test_against_rest_of_tiny_groups_gives_nan_like_document_test():
    counts, sizes, _ = _corpus(4, n_docs=10)
    pool = DocumentPool(counts, sizes)
    group = np.flatnonzero(sizes > 0)[:1]  # one document: Welch has no variance
    rest = np.setdiff1d(np.arange(len(sizes)), group)
    for test in ("welch", "wilcoxon"):
        expected = document_test(counts[group], sizes[group], counts[rest], sizes[rest], test=test)
        got = pool.against_rest(group, test=test)
        for key in expected:
            _assert_same(got[key], expected[key], test, key, "one document")
    assert np.isnan(pool.against_rest(group, test="welch")["p_value"]).all()


def test_pool_leaves_out_documents_of_size_zero():
    counts = sparse.csr_matrix([[1, 0], [0, 2], [3, 1], [5, 5]])
    pool = DocumentPool(counts, [10, 20, 30, 0])
    assert pool.n_documents == 3
    # the size-0 document asked for as a member of the group is ignored
    assert_array_equal(pool.against_rest([0, 3], test="wilcoxon")["p_value"],
                       pool.against_rest([0], test="wilcoxon")["p_value"])
