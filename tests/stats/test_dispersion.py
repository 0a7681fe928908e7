"""Tests of the dispersion measures of corpus_tools.stats against golden values.

The golden CSVs are written by tests/golden/make_stats_golden.py (scipy,
NLTK, statsmodels, and exact/60-digit re-derivations of the formulas).
"""

from __future__ import annotations


import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import sparse

from corpus_tools import stats as S

from golden_values import RTOL
from golden_values import load_golden as _load


# ---------------------------------------------------------------- dispersion

DISP = _load("stats_dispersion.csv")
DCOUNTS = np.array([[float(x) for x in r["counts"].split()] for r in DISP])


@pytest.mark.parametrize("as_sparse", [False, True], ids=["dense", "sparse"])
@pytest.mark.parametrize("column, func", [
    ("dp", S.dp), ("dp_norm", S.dp_norm), ("juilland_d", S.juilland_d)])
def test_stats_dispersion_matches_golden(column, func, as_sparse):
    for row, counts in zip(DISP, DCOUNTS):
        sizes = [float(x) for x in row["part_sizes"].split()]
        m = sparse.csr_array(counts[None, :]) if as_sparse else counts[None, :]
        got = func(m, sizes)
        assert_allclose(got, [float(row[column])], rtol=RTOL, atol=1e-15, equal_nan=True,
                        err_msg=row["source"])


def test_stats_dispersion_range_matches_golden():
    assert list(S.range_(DCOUNTS)) == [int(r["range"]) for r in DISP]
    assert list(S.range_(sparse.csr_array(DCOUNTS))) == [int(r["range"]) for r in DISP]


def test_stats_dispersion_gries_2008_worked_example():
    # Gries (2008): term "a" with counts 1..5 in parts of 9, 10, 10, 10, 11 words: DP = 0.18
    assert_allclose(S.dp([1, 2, 3, 4, 5], [9, 10, 10, 10, 11]), 0.18, rtol=1e-12)
    assert_allclose(S.dp_norm([1, 2, 3, 4, 5], [9, 10, 10, 10, 11]), 0.18 / 0.82, rtol=1e-12)


def test_stats_dispersion_sparse_matrix_with_explicit_zero_and_empty_row():
    dense = np.array([[1.0, 0, 3, 0], [0, 0, 0, 0], [2, 2, 2, 2]])
    sp = sparse.csr_array(dense)
    sp.data[0] = 0.0  # an explicitly stored zero
    dense[0, 0] = 0.0
    sizes = [10.0, 20, 30, 40]
    for f in (S.dp, S.dp_norm, S.juilland_d):
        assert_allclose(f(sp, sizes), f(dense, sizes), rtol=1e-12, equal_nan=True)
    assert list(S.range_(sp)) == [1, 0, 4]


def test_stats_dispersion_single_part_is_nan():
    assert np.isnan(S.dp_norm([[3.0]])).all()
    assert np.isnan(S.juilland_d([[3.0]])).all()


# ---------------------------------------------------------------- bad arguments

@pytest.mark.parametrize("call, match", [
    (lambda: S.dp([[1, -1]]), r"'counts' parameter of dp\(\) .* -1\.0"),
    (lambda: S.dp([1, 2], [1, 2, 3]), r"'part_sizes' parameter of dp\(\) must be a 1-D array with one size per part \(2\)"),
    (lambda: S.juilland_d([1, 2], [1, 0]), r"'part_sizes' parameter of juilland_d\(\) .* range \(0, inf\]"),
])
def test_stats_bad_arguments_raise_valueerror(call, match):
    with pytest.raises(ValueError, match=match):
        call()
