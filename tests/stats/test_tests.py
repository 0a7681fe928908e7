"""Tests of the p-value corrections of corpus_tools.stats against golden values.

The golden CSVs are written by tests/golden/make_stats_golden.py (scipy,
NLTK, statsmodels, and exact/60-digit re-derivations of the formulas).
"""

from __future__ import annotations


import numpy as np
import pytest
from numpy.testing import assert_allclose

from corpus_tools import stats as S

from golden_values import RTOL
from golden_values import column as _col
from golden_values import load_golden as _load


# ---------------------------------------------------------------- adjust_p

ADJ = _load("stats_adjust_p.csv")


@pytest.mark.parametrize("method", ["bonferroni", "holm", "fdr_bh"])
def test_stats_adjust_p_matches_statsmodels(method):
    for fam in sorted({r["family"] for r in ADJ}):
        rows = [r for r in ADJ if r["family"] == fam]
        ours = S.adjust_p(_col(rows, "p"), method=method)
        assert_allclose(ours, _col(rows, method), rtol=RTOL, equal_nan=True)


def test_stats_adjust_p_nan_not_counted_and_shape_kept():
    p = np.array([[0.01, np.nan], [0.02, 0.5]])
    out = S.adjust_p(p, method="bonferroni")
    assert out.shape == (2, 2)
    assert np.isnan(out[0, 1])
    assert_allclose(out[~np.isnan(p)], [0.03, 0.06, 1.0])
    assert np.isnan(S.adjust_p([np.nan, np.nan])).all()


# ---------------------------------------------------------------- bad arguments

@pytest.mark.parametrize("call, match", [
    (lambda: S.adjust_p([0.1], method="BH"),
     r"The 'method' parameter of adjust_p\(\) must be one of \{'bonferroni', 'holm', 'fdr_bh'\}\. Got 'BH' instead\."),
    (lambda: S.adjust_p([0.1, 1.5]), r"'p' parameter of adjust_p\(\) .* range \[0, 1\]\. Got an array containing 1\.5"),
])
def test_stats_bad_arguments_raise_valueerror(call, match):
    with pytest.raises(ValueError, match=match):
        call()
