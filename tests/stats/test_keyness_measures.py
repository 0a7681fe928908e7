"""Tests of the keyness measures of corpus_tools.stats against golden values.

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


KEY = _load("stats_keyness.csv")
KA, KB, KC, KD = (_col(KEY, k) for k in "abcd")


# ---------------------------------------------------------------- keyness goldens

KEYNESS_GOLDEN = [
    ("ll_full", lambda: S.log_likelihood(KA, KB, KC, KD)),
    ("ll_2term", lambda: S.log_likelihood_2term(KA, KB, KC, KD)),
    ("chi2", lambda: S.chi_square(KA, KB, KC, KD)),
    ("chi2_yates", lambda: S.chi_square(KA, KB, KC, KD, yates=True)),
    ("p_ll_full", lambda: S.p_value_chi2(S.log_likelihood(KA, KB, KC, KD))),
    ("log_ratio", lambda: S.log_ratio(KA, KB, KC, KD)),
    ("lr_ci_low", lambda: S.log_ratio_ci(KA, KB, KC, KD)[0]),
    ("lr_ci_high", lambda: S.log_ratio_ci(KA, KB, KC, KD)[1]),
    ("clr", lambda: S.conservative_log_ratio(KA, KB, KC, KD)),
    ("clr_001_100", lambda: S.conservative_log_ratio(KA, KB, KC, KD, alpha=0.01, n_comparisons=100)),
    ("percent_diff", lambda: S.percent_diff(KA, KB, KC, KD)),
    ("percent_diff_1e18", lambda: S.percent_diff(KA, KB, KC, KD, reference_zero=1e-18)),
    ("simple_maths_1", lambda: S.simple_maths(KA, KB, KC, KD)),
    ("simple_maths_100", lambda: S.simple_maths(KA, KB, KC, KD, n=100)),
    ("odds_ratio", lambda: S.odds_ratio(KA, KB, KC, KD)),
    ("relative_risk", lambda: S.relative_risk(KA, KB, KC, KD)),
    ("bic_2term", lambda: S.bic(KA, KB, KC, KD)),
    ("bic_full", lambda: S.bic(KA, KB, KC, KD, g2="full")),
    ("ell", lambda: S.ell(KA, KB, KC, KD)),
    ("difference_coefficient", lambda: S.difference_coefficient(KA, KB, KC, KD)),
    ("log_odds_z_100", lambda: S.log_odds_dirichlet(KA, KB, KC, KD, alpha0=100)),
]


@pytest.mark.parametrize("column, compute", KEYNESS_GOLDEN, ids=[c for c, _ in KEYNESS_GOLDEN])
def test_stats_keyness_matches_golden(column, compute):
    assert_allclose(compute(), _col(KEY, column), rtol=RTOL, atol=0, equal_nan=True)


@pytest.mark.parametrize("column, compute", [
    ("scipy_ll_full", lambda: S.log_likelihood(KA, KB, KC, KD)),
    ("scipy_chi2", lambda: S.chi_square(KA, KB, KC, KD)),
    ("scipy_chi2_yates", lambda: S.chi_square(KA, KB, KC, KD, yates=True)),
])
def test_stats_keyness_matches_scipy(column, compute):
    # scipy sums O ln(O/E) cell by cell, so its own absolute error grows like
    # eps * N; allow that on top of rtol (our values match the 60-digit
    # reference to 1e-9 in test_stats_keyness_matches_golden).
    ours = np.asarray(compute())
    ref = _col(KEY, column)
    ok = ~np.isnan(ref)
    tol = RTOL * np.abs(ref[ok]) + 1e-15 * (KC + KD)[ok]
    assert (np.abs(ours[ok] - ref[ok]) <= tol).all(), np.c_[ours[ok], ref[ok]]
    assert (np.isnan(ours[~ok]) | (ours[~ok] == 0)).all()  # scipy refuses a zero margin


def test_stats_rayson_2002_published_values():
    # Rayson, Corpora list 2002-01-18: LL rounded to 0 d.p. (see make_stats_golden.py)
    rows = [r for r in KEY if r["source"].startswith("Rayson 2002")]
    published = [int(r["source"].rsplit("=", 1)[1]) for r in rows]
    a, b, c, d = (np.array([float(r[k]) for r in rows]) for k in "abcd")
    ours = np.abs(S.log_likelihood_2term(a, b, c, d))
    assert list(np.round(ours).astype(int)) == published


def test_stats_log_likelihood_large_n_precision():
    # nearly equal rates at 1e9: a naive sum of O ln(O/E) loses ~7 digits here
    row = next(r for r in KEY if r["source"] == "nearly equal rates at 1e9")
    a, b, c, d = (float(row[k]) for k in "abcd")
    assert_allclose(S.log_likelihood(a, b, c, d), float(row["ll_full"]), rtol=1e-9)


# ---------------------------------------------------------------- fisher

FISH = _load("stats_fisher.csv")


@pytest.mark.parametrize("alternative, column", [
    ("greater", "p_greater"), ("less", "p_less"), ("two-sided", "p_two_sided")])
def test_stats_fisher_matches_scipy(alternative, column):
    a, b, c, d = (_col(FISH, k) for k in "abcd")
    ours = S.fisher_exact_p(a, b, c, d, alternative=alternative)
    assert_allclose(ours, _col(FISH, column), rtol=RTOL, atol=0)


def test_stats_fisher_greater_is_overrepresentation():
    assert S.fisher_exact_p(30, 10, 10_000, 20_000) < 0.001
    assert S.fisher_exact_p(30, 10, 10_000, 20_000, alternative="less") > 0.999


# ---------------------------------------------------------------- sign convention

SIGNED = [S.log_likelihood, S.log_likelihood_2term, S.chi_square, S.log_ratio,
          S.conservative_log_ratio, S.difference_coefficient, S.log_odds_dirichlet]


@pytest.mark.parametrize("func", SIGNED, ids=lambda f: f.__name__)
def test_stats_sign_positive_means_more_frequent_in_target(func):
    a, b, c, d = np.array([60, 3, 10]), np.array([10, 40, 20]), 10_000, 20_000
    fwd = func(a, b, c, d)
    back = func(b, a, d, c)
    assert fwd[0] > 0 and fwd[1] < 0
    assert_allclose(back, -fwd, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("func", [S.relative_risk, S.odds_ratio, S.simple_maths],
                         ids=lambda f: f.__name__)
def test_stats_ratio_measures_are_reciprocal(func):
    fwd = func(60, 10, 10_000, 20_000)
    assert fwd > 1
    assert_allclose(func(10, 60, 20_000, 10_000), 1 / fwd, rtol=1e-12)


def test_stats_equal_rates_are_neutral():
    a, b, c, d = 10, 20, 1_000, 2_000
    for f in (S.log_likelihood, S.log_likelihood_2term, S.chi_square, S.log_ratio,
              S.conservative_log_ratio, S.difference_coefficient, S.percent_diff):
        assert f(a, b, c, d) == 0, f.__name__
    for f in (S.relative_risk, S.odds_ratio, S.simple_maths):
        assert f(a, b, c, d) == 1, f.__name__


# ---------------------------------------------------------------- domain (NaN / inf)

def test_stats_zero_counts_domain():
    assert S.log_likelihood(0, 0, 100, 200) == 0.0
    assert np.isnan(S.chi_square(0, 0, 100, 200))
    assert np.isnan(S.log_ratio(0, 0, 100, 200))
    assert np.isnan(S.conservative_log_ratio(0, 0, 100, 200))
    assert np.isnan(S.relative_risk(0, 0, 100, 200))
    assert np.isnan(S.percent_diff(0, 0, 100, 200))
    assert np.isnan(S.difference_coefficient(0, 0, 100, 200))
    assert np.isnan(S.ell(0, 0, 100, 200))
    assert np.isnan(S.log_odds_dirichlet(0, 0, 100, 200))
    assert S.fisher_exact_p(0, 0, 100, 200) == 1.0
    assert np.isposinf(S.relative_risk(5, 0, 100, 200))
    assert np.isposinf(S.percent_diff(5, 0, 100, 200))
    assert S.relative_risk(0, 5, 100, 200) == 0
    assert S.percent_diff(0, 5, 100, 200) == -100
    assert_allclose(S.log_ratio(5, 0, 100, 200), math.log2((5 / 100) / (0.5 / 200)))
    assert_allclose(S.log_ratio(0, 5, 100, 200), math.log2((0.5 / 100) / (5 / 200)))


def test_stats_ell_nan_when_min_expected_at_most_one():
    # E_min = 1 -> ln(1) = 0: no finite effect size
    assert np.isnan(S.ell(1, 1, 100, 100))
    assert np.isfinite(S.ell(30, 10, 10_000, 20_000))


def test_stats_nan_input_propagates():
    out = S.log_likelihood([np.nan, 30], 10, 10_000, 20_000)
    assert np.isnan(out[0]) and np.isfinite(out[1])
    assert np.isnan(S.fisher_exact_p([np.nan, 3], 1, 10, 10, alternative="two-sided")[0])
    assert np.isnan(S.p_value_chi2(np.nan))


# ---------------------------------------------------------------- broadcasting

def test_stats_broadcasting_shapes():
    a = np.arange(6).reshape(2, 3)
    out = S.log_likelihood(a, 5, np.array([[1_000], [2_000]]), 3_000)
    assert out.shape == (2, 3) and out.dtype == np.float64
    out = S.fisher_exact_p(a, 5, 1_000, 3_000, alternative="two-sided")
    assert out.shape == (2, 3)


# ---------------------------------------------------------------- bad arguments

@pytest.mark.parametrize("call, match", [
    (lambda: S.log_likelihood(-1, 2, 10, 10),
     r"The 'a' parameter of log_likelihood\(\) must be an array of numbers in the range \[0, inf\]\. Got an array containing -1\.0 instead\."),
    (lambda: S.log_ratio(1, -2, 10, 10), r"'b' parameter of log_ratio\(\) .* -2\.0"),
    (lambda: S.chi_square(11, 2, 10, 10),
     r"The 'a' parameter of chi_square\(\) must not exceed 'c' elementwise\. Got a=11\.0 > c=10\.0 instead\."),
    (lambda: S.odds_ratio(1, 12, 10, 10), r"'b' parameter of odds_ratio\(\) must not exceed 'd'"),
    (lambda: S.relative_risk(0, 0, 0, 10), r"'c' parameter of relative_risk\(\) .* range \(0, inf\]"),
    (lambda: S.fisher_exact_p(1.5, 2, 10, 10), r"'a' parameter of fisher_exact_p\(\) must be an array of integers"),
    (lambda: S.fisher_exact_p(1, 2, 10, 10, alternative="both"),
     r"The 'alternative' parameter of fisher_exact_p\(\) must be one of \{'greater', 'less', 'two-sided'\}\. Got 'both' instead\."),
    (lambda: S.log_ratio(1, 2, 10, 10, zero=0), r"'zero' parameter of log_ratio\(\) must be a number in the range \(0, inf\]"),
    (lambda: S.conservative_log_ratio(1, 2, 10, 10, alpha=1.5), r"'alpha' parameter of log_ratio_ci\(\)"),
    (lambda: S.conservative_log_ratio(1, 2, 10, 10, n_comparisons=0), r"'n_comparisons' parameter of log_ratio_ci\(\) must be an int in the range \[1, inf\]"),
    (lambda: S.simple_maths(1, 2, 10, 10, n=-1), r"'n' parameter of simple_maths\(\)"),
    (lambda: S.bic(1, 2, 10, 10, g2="3term"), r"'g2' parameter of bic\(\) must be one of \{'2term', 'full'\}"),
    (lambda: S.log_odds_dirichlet(1, 2, 10, 10, prior=[0, 0]), r"'prior' parameter of log_odds_dirichlet\(\) .* positive sum"),
    (lambda: S.log_odds_dirichlet(1, 2, 10, 10, alpha0=0), r"'alpha0' parameter of log_odds_dirichlet\(\)"),
])
def test_stats_bad_arguments_raise_valueerror(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize("call, match", [
    (lambda: S.log_likelihood("x", 2, 10, 10), r"'a' parameter of log_likelihood\(\) must be an array of numbers"),
    (lambda: S.chi_square(1, 2, 10, 10, yates="yes"), r"'yates' parameter of chi_square\(\) must be a bool"),
    (lambda: S.log_ratio_ci(1, 2, 10, 10, n_comparisons=2.5), r"'n_comparisons' parameter of log_ratio_ci\(\) must be an int"),
])
def test_stats_bad_argument_types_raise_typeerror(call, match):
    with pytest.raises(TypeError, match=match):
        call()
