"""Tests of corpus_tools.stats against golden values from independent implementations.

The golden CSVs are written by tests/golden/make_stats_golden.py (scipy,
NLTK, statsmodels, and exact/60-digit re-derivations of the formulas).
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import sparse

from corpus_tools import stats as S

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
RTOL = 1e-9


def _load(name):
    with open(GOLDEN / name, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return rows


def _col(rows, name):
    return np.array([float(r[name]) for r in rows])


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


def test_stats_association_domain():
    assert np.isneginf(S.mi(0, 40, 30, 5_000))
    assert np.isneginf(S.log_dice(0, 40, 30))
    assert np.isneginf(S.t_score(0, 40, 30, 5_000))
    assert np.isnan(S.mi(0, 0, 30, 5_000))
    assert np.isnan(S.z_score(0, 0, 30, 5_000))
    assert np.isnan(S.dice(0, 0, 0))
    assert np.isposinf(S.assoc_odds_ratio(30, 30, 30, 30_000))
    assert np.isnan(S.delta_p_collocate_given_node(0, 0, 30, 5_000))


def test_stats_nan_input_propagates():
    out = S.log_likelihood([np.nan, 30], 10, 10_000, 20_000)
    assert np.isnan(out[0]) and np.isfinite(out[1])
    assert np.isnan(S.fisher_exact_p([np.nan, 3], 1, 10, 10, alternative="two-sided")[0])
    assert np.isnan(S.p_value_chi2(np.nan))


# ---------------------------------------------------------------- return types and broadcasting

def test_stats_scalar_in_numpy_scalar_out():
    for f in S.KEYNESS_MEASURES.values():
        out = f(30, 10, 10_000, 20_000)
        assert isinstance(out, np.float64), f.__name__
    for f in S.ASSOCIATION_MEASURES.values():
        assert isinstance(f(20, 100, 200, 100_000), np.float64), f.__name__
    assert isinstance(S.dp([1, 2, 3]), np.float64)


def test_stats_broadcasting_shapes():
    a = np.arange(6).reshape(2, 3)
    out = S.log_likelihood(a, 5, np.array([[1_000], [2_000]]), 3_000)
    assert out.shape == (2, 3) and out.dtype == np.float64
    out = S.fisher_exact_p(a, 5, 1_000, 3_000, alternative="two-sided")
    assert out.shape == (2, 3)


def test_stats_registries_and_get_measure():
    assert S.get_measure("log_ratio") is S.log_ratio
    assert S.get_measure("odds_ratio", kind="association") is S.assoc_odds_ratio
    for name, f in S.KEYNESS_MEASURES.items():
        assert np.asarray(f([1, 0], [2, 3], 100, 200)).shape == (2,), name


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
    (lambda: S.adjust_p([0.1], method="BH"),
     r"The 'method' parameter of adjust_p\(\) must be one of \{'bonferroni', 'holm', 'fdr_bh'\}\. Got 'BH' instead\."),
    (lambda: S.adjust_p([0.1, 1.5]), r"'p' parameter of adjust_p\(\) .* range \[0, 1\]\. Got an array containing 1\.5"),
    (lambda: S.log_ratio(1, 2, 10, 10, zero=0), r"'zero' parameter of log_ratio\(\) must be a number in the range \(0, inf\]"),
    (lambda: S.conservative_log_ratio(1, 2, 10, 10, alpha=1.5), r"'alpha' parameter of log_ratio_ci\(\)"),
    (lambda: S.conservative_log_ratio(1, 2, 10, 10, n_comparisons=0), r"'n_comparisons' parameter of log_ratio_ci\(\) must be an int in the range \[1, inf\]"),
    (lambda: S.simple_maths(1, 2, 10, 10, n=-1), r"'n' parameter of simple_maths\(\)"),
    (lambda: S.bic(1, 2, 10, 10, g2="3term"), r"'g2' parameter of bic\(\) must be one of \{'2term', 'full'\}"),
    (lambda: S.log_odds_dirichlet(1, 2, 10, 10, prior=[0, 0]), r"'prior' parameter of log_odds_dirichlet\(\) .* positive sum"),
    (lambda: S.log_odds_dirichlet(1, 2, 10, 10, alpha0=0), r"'alpha0' parameter of log_odds_dirichlet\(\)"),
    (lambda: S.get_measure("ll"),
     r"The 'name' parameter of get_measure\(\) must be one of \{'log_likelihood', .*'log_odds_dirichlet'\}\. Got 'll' instead\."),
    (lambda: S.get_measure("mi", kind="collocation"), r"'kind' parameter of get_measure\(\)"),
    (lambda: S.dp([[1, -1]]), r"'counts' parameter of dp\(\) .* -1\.0"),
    (lambda: S.dp([1, 2], [1, 2, 3]), r"'part_sizes' parameter of dp\(\) must be a 1-D array with one size per part \(2\)"),
    (lambda: S.juilland_d([1, 2], [1, 0]), r"'part_sizes' parameter of juilland_d\(\) .* range \(0, inf\]"),
    (lambda: S.mi(5, 4, 10, 100), r"'o11' parameter of mi\(\) must not exceed 'f_node'"),
    (lambda: S.assoc_log_likelihood(2, 500, 700, 1_000),
     r"'f_node \+ f_collocate - o11' parameter of assoc_log_likelihood\(\) must not exceed 'n'"),
    (lambda: S.dice(3, 2, 5), r"'o11' parameter of dice\(\) must not exceed 'f_node'"),
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


def test_stats_public_functions_are_documented():
    for name in S.__all__:
        obj = getattr(S, name)
        if callable(obj):
            doc = obj.__doc__ or ""
            assert "Examples" in doc and ">>>" in doc, name
            assert "Returns" in doc or name == "range_", name
