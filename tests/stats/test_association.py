"""Tests of the association (collocation) measures of corpus_tools.stats against golden values.

The golden CSVs are written by tests/golden/make_stats_golden.py (scipy,
NLTK, statsmodels, and exact/60-digit re-derivations of the formulas).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from corpus_tools import stats as S

from golden_values import RTOL
from golden_values import column as _col
from golden_values import load_golden as _load


# ---------------------------------------------------------------- association

ASC = _load("stats_association.csv")
O, FN, FC, NN = (_col(ASC, k) for k in ("o11", "f_node", "f_collocate", "n"))

ASSOC_GOLDEN = [
    ("mi", S.mi), ("mi3", S.mi3), ("t_score", S.t_score), ("z_score", S.z_score),
    ("dice", S.dice), ("log_dice", S.log_dice),
    ("delta_p_cn", S.delta_p_collocate_given_node),
    ("delta_p_nc", S.delta_p_node_given_collocate),
    ("odds_ratio", S.assoc_odds_ratio), ("log_likelihood", S.assoc_log_likelihood),
]


@pytest.mark.parametrize("column, func", ASSOC_GOLDEN, ids=[c for c, _ in ASSOC_GOLDEN])
def test_stats_association_matches_golden(column, func):
    assert_allclose(func(O, FN, FC, NN), _col(ASC, column), rtol=RTOL, atol=0, equal_nan=True)


def test_stats_association_matches_nltk():
    pos = O > 0
    assert_allclose(S.mi(O, FN, FC, NN), _col(ASC, "nltk_pmi"), rtol=RTOL)
    assert_allclose(S.dice(O, FN, FC), _col(ASC, "nltk_dice"), rtol=RTOL)
    # NLTK divides by sqrt(O + 1e-20): equal where O > 0, huge finite (not -inf) at O = 0
    assert_allclose(S.t_score(O, FN, FC, NN)[pos], _col(ASC, "nltk_student_t")[pos], rtol=RTOL)
    assert np.isneginf(S.t_score(O, FN, FC, NN)[~pos]).all()
    assert (_col(ASC, "nltk_student_t")[~pos] < -1e9).all()
    # NLTK's likelihood_ratio is unsigned and sums naively (drifts at 1e9)
    small = NN < 1e8
    ll = np.abs(S.assoc_log_likelihood(O, FN, FC, NN))
    assert_allclose(ll[small], _col(ASC, "nltk_likelihood_ratio")[small], rtol=RTOL)
    assert_allclose(ll[~small], _col(ASC, "nltk_likelihood_ratio")[~small], rtol=1e-6)
    # NLTK's chi_sq is the unsigned Pearson statistic of the same 2x2 table
    chi = np.abs(S.chi_square(O, FC - O, FN, NN - FN))
    assert_allclose(chi, _col(ASC, "nltk_chi_sq"), rtol=RTOL)


def test_stats_association_expected_override():
    # a window-adjusted E11 replaces the default one everywhere
    e = 4.0
    assert_allclose(S.mi(20, 100, 200, 100_000, expected=e), math.log2(20 / 4))
    assert_allclose(S.z_score(20, 100, 200, 100_000, expected=e), (20 - 4) / 2)
    assert_allclose(S.t_score(20, 100, 200, 100_000, expected=e), 16 / math.sqrt(20))
    g2 = 2 * sum(o * math.log(o / x) for o, x in
                 [(20, 4), (80, 96), (180, 196), (99_720, 99_704)])
    assert_allclose(S.assoc_log_likelihood(20, 100, 200, 100_000, expected=e), g2, rtol=RTOL)


# ---------------------------------------------------------------- domain (NaN / inf)

def test_stats_association_domain():
    assert np.isneginf(S.mi(0, 40, 30, 5_000))
    assert np.isneginf(S.log_dice(0, 40, 30))
    assert np.isneginf(S.t_score(0, 40, 30, 5_000))
    assert np.isnan(S.mi(0, 0, 30, 5_000))
    assert np.isnan(S.z_score(0, 0, 30, 5_000))
    assert np.isnan(S.dice(0, 0, 0))
    assert np.isposinf(S.assoc_odds_ratio(30, 30, 30, 30_000))
    assert np.isnan(S.delta_p_collocate_given_node(0, 0, 30, 5_000))


# ---------------------------------------------------------------- bad arguments

@pytest.mark.parametrize("call, match", [
    (lambda: S.mi(5, 4, 10, 100), r"'o11' parameter of mi\(\) must not exceed 'f_node'"),
    (lambda: S.assoc_log_likelihood(2, 500, 700, 1_000),
     r"'f_node \+ f_collocate - o11' parameter of assoc_log_likelihood\(\) must not exceed 'n'"),
    (lambda: S.dice(3, 2, 5), r"'o11' parameter of dice\(\) must not exceed 'f_node'"),
])
def test_stats_bad_arguments_raise_valueerror(call, match):
    with pytest.raises(ValueError, match=match):
        call()
