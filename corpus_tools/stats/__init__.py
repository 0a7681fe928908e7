"""Every statistical formula of corpus_tools, as pure vectorised functions over counts.

Nothing here knows about a Corpus or pandas: each function takes count arrays
(anything ``numpy.asarray`` accepts: scalars, lists, arrays) that broadcast
against each other, and returns float64.

Conventions shared by every function in this module
---------------------------------------------------
* **Return type.** A float64 ``numpy.ndarray`` of the broadcast shape; when
  every input is a scalar (0-d) the result is a ``numpy.float64`` scalar.
  (``range_`` returns int64 counts.)
* **Keyness arguments** ``(a, b, c, d)``: ``a`` = frequency of the term in the
  target corpus, ``b`` = its frequency in the reference corpus, ``c`` = size of
  the target corpus, ``d`` = size of the reference corpus (in tokens; which
  tokens count is the caller's convention: words, not punctuation).
  The 2x2 table is ``[[a, b], [c - a, d - b]]`` and ``N = c + d``.
* **Direction.** Positive = relatively more frequent in the target
  (``a/c > b/d``). Measures that are unsigned by nature (G2, chi-square) get the
  sign of ``a/c - b/d``. Ratio measures (relative risk, odds ratio, simple
  maths) are > 1 for the target; BIC and ELL are unsigned (read their
  direction from ``log_ratio``).
* **Logarithms.** Natural log for G2 and its relatives; base 2 for log ratio,
  MI and logDice; stated in each Notes section.
* **Domain.** Bad arguments (negative counts, ``a > c``, zero corpus sizes,
  unknown option names) raise ``ValueError`` with the package's standard
  message. Inputs that are valid but outside a measure's domain (e.g. both
  counts zero for a ratio) give NaN or +/-inf as documented per function;
  NaN inputs propagate to NaN outputs.
* **Precision.** Corpora run from tens of millions to billions of tokens.
  ``a*d - b*c`` is computed exactly in int64 when the counts are integers small
  enough, and G2 terms are computed as ``O * log1p((O - E) / E)`` so that
  large cells do not lose the small differences that carry the statistic.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Literal

import numpy as np
from scipy import sparse
from scipy import stats as _sps

from corpus_tools._validation import (
    check_array,
    check_not_greater,
    check_number,
    check_option,
)

logger = logging.getLogger(__name__)

__all__ = [
    "log_likelihood", "log_likelihood_2term", "chi_square", "fisher_exact_p",
    "log_ratio", "log_ratio_ci", "conservative_log_ratio", "percent_diff",
    "simple_maths", "odds_ratio", "relative_risk", "bic", "ell",
    "difference_coefficient", "log_odds_dirichlet", "p_value_chi2", "adjust_p",
    "range_", "juilland_d", "dp", "dp_norm",
    "mi", "mi3", "t_score", "z_score", "dice", "log_dice",
    "delta_p_collocate_given_node", "delta_p_node_given_collocate",
    "assoc_odds_ratio", "assoc_log_likelihood",
    "KEYNESS_MEASURES", "ASSOCIATION_MEASURES", "get_measure",
]

_LN2 = np.log(2.0)
# Above this, int64 products of two counts could overflow; fall back to float.
_INT_SAFE = 2.0 ** 62


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------

def _finish(x: np.ndarray):
    """Return a 0-d result as a numpy scalar, anything else as an array."""
    x = np.asarray(x, dtype=np.float64)
    return x[()] if x.ndim == 0 else x


def _check_positive(value, name: str, caller: str) -> float:
    check_number(value, name, caller, low=0)
    if value <= 0:
        raise ValueError(
            f"The {name!r} parameter of {caller}() must be a number in the range (0, inf]. "
            f"Got {value!r} instead."
        )
    return float(value)


def _keyness_args(a, b, c, d, caller: str):
    a = check_array(a, "a", caller, low=0)
    b = check_array(b, "b", caller, low=0)
    c = check_array(c, "c", caller, low=0, low_open=True)
    d = check_array(d, "d", caller, low=0, low_open=True)
    check_not_greater(a, c, "a", "c", caller)
    check_not_greater(b, d, "b", "d", caller)
    return np.broadcast_arrays(a, b, c, d)


def _is_int_safe(*arrays) -> bool:
    for x in arrays:
        if x.size == 0:
            continue
        if not np.all(np.isfinite(x)) or not np.all(x == np.floor(x)):
            return False
    return True


def _cross(a, b, c, d) -> np.ndarray:
    """``a*d - b*c``, exact (int64) when every input is a small enough integer."""
    a, b, c, d = (np.asarray(x, dtype=np.float64) for x in (a, b, c, d))
    if _is_int_safe(a, b, c, d):
        mx = [float(np.max(x)) if x.size else 0.0 for x in (a, b, c, d)]
        if mx[0] * mx[3] < _INT_SAFE and mx[1] * mx[2] < _INT_SAFE:
            ai, bi, ci, di = (x.astype(np.int64) for x in (a, b, c, d))
            return (ai * di - bi * ci).astype(np.float64)
    return a * d - b * c


def _olog(o, e, dev):
    """``O * ln(O / E)`` written as ``O * log1p(dev / E)``, with ``0 * ln 0 = 0``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t = o * np.log1p(dev / e)
    return np.where(o > 0, t, 0.0)


def _signed(stat, sign_of):
    stat = np.maximum(stat, 0.0)  # rounding must not flip a sign
    return np.where(np.isnan(stat), np.nan, np.sign(sign_of) * stat)


# --------------------------------------------------------------------------
# keyness: significance
# --------------------------------------------------------------------------

def log_likelihood(a, b, c, d):
    """Signed log-likelihood G2 over the full 2x2 table (Dunning 1993).

    Parameters
    ----------
    a, b : array_like
        Frequency of the term in the target and in the reference corpus.
    c, d : array_like
        Size of the target and of the reference corpus (> 0, ``a <= c``,
        ``b <= d``). All four broadcast against each other.

    Returns
    -------
    numpy.ndarray or numpy.float64
        G2, with the sign of ``a/c - b/d`` (positive = more frequent in the
        target).

    Notes
    -----
    The table is ``O = [[a, b], [c - a, d - b]]`` with expected values
    ``E_ij = row_i * col_j / N``, ``N = c + d``, and

    .. math:: G^2 = 2 \\sum_{ij} O_{ij} \\ln(O_{ij} / E_{ij})

    with natural logs and ``0 * ln 0 = 0``. Each term is computed as
    ``O * log1p((O - E) / E)`` with ``O - E = +/-(a d - b c) / N`` so that the
    two large cells keep their precision at billions of tokens. ``a = b = 0``
    gives 0. This is the statistic of CQPweb and of
    ``scipy.stats.chi2_contingency(table, correction=False,
    lambda_="log-likelihood")``; it differs from the UCREL calculator's
    two-cell form (:func:`log_likelihood_2term`) because the cells ``c - a``
    and ``d - b`` also contribute. Verified against scipy and a 50-digit
    decimal re-derivation (tests/golden/stats_keyness.csv).

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and
    coincidence. Computational Linguistics 19(1), 61-74.

    Examples
    --------
    >>> round(float(log_likelihood(30, 10, 10_000, 20_000)), 6)
    29.080962
    >>> log_likelihood([30, 5], [10, 40], 10_000, 20_000).round(4)
    array([ 29.081 , -12.0435])
    """
    a, b, c, d = _keyness_args(a, b, c, d, "log_likelihood")
    with np.errstate(divide="ignore", invalid="ignore"):
        n = c + d
        r1 = a + b
        r2 = n - r1
        dev = _cross(a, b, c, d) / n
        g2 = 2.0 * (
            _olog(a, c * r1 / n, dev) + _olog(b, d * r1 / n, -dev)
            + _olog(c - a, c * r2 / n, -dev) + _olog(d - b, d * r2 / n, dev)
        )
    return _finish(_signed(g2, dev))


def log_likelihood_2term(a, b, c, d):
    """Signed log-likelihood in the two-cell form of the UCREL calculator.

    Parameters
    ----------
    a, b, c, d : array_like
        Target frequency, reference frequency, target size, reference size.

    Returns
    -------
    numpy.ndarray or numpy.float64
        G2 with the sign of ``a/c - b/d``.

    Notes
    -----
    Rayson & Garside (2000), as computed by the UCREL log-likelihood wizard:
    ``E1 = c (a + b) / (c + d)``, ``E2 = d (a + b) / (c + d)`` and

    .. math:: G^2 = 2 (a \\ln(a / E_1) + b \\ln(b / E_2))

    natural log, ``0 * ln 0 = 0``; ``a = b = 0`` gives 0. Only the term's own
    row enters, so the value is slightly smaller than the full-table
    :func:`log_likelihood`; the two agree closely when ``a << c`` and ``b << d``.
    Verified against a 50-digit decimal re-derivation.

    References
    ----------
    Rayson, P. & Garside, R. (2000). Comparing corpora using frequency
    profiling. Proceedings of the Workshop on Comparing Corpora, ACL 2000, 1-6.

    Examples
    --------
    >>> round(float(log_likelihood_2term(30, 10, 10_000, 20_000)), 6)
    29.039228
    """
    a, b, c, d = _keyness_args(a, b, c, d, "log_likelihood_2term")
    with np.errstate(divide="ignore", invalid="ignore"):
        n = c + d
        r1 = a + b
        dev = _cross(a, b, c, d) / n
        g2 = 2.0 * (_olog(a, c * r1 / n, dev) + _olog(b, d * r1 / n, -dev))
    return _finish(_signed(g2, dev))


def chi_square(a, b, c, d, *, yates: bool = False):
    """Signed Pearson chi-square over the 2x2 table, optionally with Yates' correction.

    Parameters
    ----------
    a, b, c, d : array_like
        Target frequency, reference frequency, target size, reference size.
    yates : bool, default=False
        Apply Yates' continuity correction, exactly as R ``chisq.test`` and
        ``scipy.stats.chi2_contingency(correction=True)``.

    Returns
    -------
    numpy.ndarray or numpy.float64
        chi-square with the sign of ``a/c - b/d``; NaN where a margin of the
        table is zero (``a = b = 0``, or ``a = c`` and ``b = d``), as in R.

    Notes
    -----
    For the table ``[[a, b], [c - a, d - b]]`` every cell has
    ``|O - E| = |a d - b c| / N``, so

    .. math:: \\chi^2 = N (a d - b c)^2 / ((a + b)(N - a - b) c d)

    computed from the exact integer cross difference. With Yates, each
    ``|O - E|`` is reduced by ``min(0.5, |O - E|)`` (scipy caps the correction
    at ``|O - E|``, gh-13875; R does the same), giving
    ``N max(|a d - b c| - N/2, 0)^2 / ((a + b)(N - a - b) c d)``.
    Verified against ``scipy.stats.chi2_contingency`` and exact rational
    arithmetic.

    References
    ----------
    Pearson, K. (1900). Philosophical Magazine 50(302), 157-175.
    Yates, F. (1934). Contingency tables involving small numbers and the
    chi-square test. Supplement to the JRSS 1(2), 217-235.

    Examples
    --------
    >>> round(float(chi_square(30, 10, 10_000, 20_000)), 6)
    31.291722
    >>> round(float(chi_square(30, 10, 10_000, 20_000, yates=True)), 6)
    29.442382
    """
    if not isinstance(yates, (bool, np.bool_)):
        raise TypeError(f"The 'yates' parameter of chi_square() must be a bool. Got {yates!r} instead.")
    a, b, c, d = _keyness_args(a, b, c, d, "chi_square")
    x = _cross(a, b, c, d)
    with np.errstate(divide="ignore", invalid="ignore"):
        n = c + d
        r1 = a + b
        r2 = n - r1
        num = np.maximum(np.abs(x) - n / 2.0, 0.0) if yates else np.abs(x)
        chi2 = n * num * num / (r1 * r2 * c * d)
    chi2 = np.where((r1 == 0) | (r2 == 0), np.nan, chi2)
    return _finish(_signed(chi2, x))


def _largest_at_most(f, target, lo, hi):
    """Vectorised: largest integer i in [lo, hi] with f(i) <= target (f non-decreasing).

    Returns lo - 1 where no i qualifies.
    """
    left = lo - 1.0
    right = hi + 1.0
    while True:
        active = right - left > 1
        if not active.any():
            return left
        idx = np.flatnonzero(active)
        mid = np.floor((left[idx] + right[idx]) / 2.0)
        ok = f(mid, idx) <= target[idx]
        left[idx] = np.where(ok, mid, left[idx])
        right[idx] = np.where(ok, right[idx], mid)


def fisher_exact_p(a, b, c, d, *,
                   alternative: Literal["greater", "less", "two-sided"] = "greater"):
    """Fisher's exact test p-value for the 2x2 table, vectorised.

    Parameters
    ----------
    a, b, c, d : array_like of int
        Target frequency, reference frequency, target size, reference size
        (integer-valued).
    alternative : {"greater", "less", "two-sided"}, default="greater"
        "greater": the term is over-represented in the target (odds ratio > 1);
        "less": under-represented; "two-sided": either.

    Returns
    -------
    numpy.ndarray or numpy.float64
        p-values in [0, 1]. 1.0 where a margin is zero (``a = b = 0`` or the
        term fills both corpora), as scipy.

    Notes
    -----
    Under the null, ``a`` follows a hypergeometric distribution with
    population ``N = c + d``, ``a + b`` successes and ``c`` draws.
    "less" is ``hypergeom.cdf(a, N, a + b, c)``; "greater" is computed as
    scipy does, ``hypergeom.cdf(b, N, a + b, d)``. "two-sided" sums the
    probabilities of all tables at most as likely as the observed one, with
    scipy's relative tolerance: tables with ``pmf <= pmf(a) * (1 + 1e-14)``
    count, and the p-value is 1 when ``pmf(a)`` equals the mode's pmf within
    that tolerance. The boundary on the far side of the mode is found by a
    vectorised bisection (scipy searches per table); the result equals
    ``scipy.stats.fisher_exact(table, alternative)`` (verified per row in
    tests/golden/stats_fisher.csv).

    References
    ----------
    Fisher, R. A. (1935). The Design of Experiments. Oliver & Boyd.
    Pedersen, T. (1996). Fishing for exactness. Proceedings of SCSUG-96.

    Examples
    --------
    >>> round(float(fisher_exact_p(8, 1, 10, 6)), 6)
    0.024476
    >>> fisher_exact_p([8, 1], [1, 5], 10, 6, alternative="two-sided").round(6)
    array([0.034965, 0.007617])
    """
    check_option(alternative, "alternative", ("greater", "less", "two-sided"), "fisher_exact_p")
    a, b, c, d = (check_array(x, name, "fisher_exact_p", low=0, integer=True)
                  for x, name in ((a, "a"), (b, "b"), (c, "c"), (d, "d")))
    a, b, c, d = _keyness_args(a, b, c, d, "fisher_exact_p")
    shape = a.shape
    a, b, c, d = (np.ravel(x).astype(np.float64) for x in (a, b, c, d))
    out = np.full(a.shape, np.nan)
    m = c + d
    n1 = a + b
    valid = ~(np.isnan(a) | np.isnan(b) | np.isnan(c) | np.isnan(d))
    degenerate = valid & ((n1 == 0) | (n1 == m))
    out[degenerate] = 1.0
    todo = valid & ~degenerate
    a, b, c, d, m, n1 = (x[todo] for x in (a, b, c, d, m, n1))
    hg = _sps.hypergeom

    if alternative == "less":
        p = hg.cdf(a, m, n1, c)
    elif alternative == "greater":
        p = hg.cdf(b, m, n1, d)
    else:
        p = np.empty(a.shape)
        gamma = 1.0 + 1e-14
        mode = np.floor((c + 1.0) * (n1 + 1.0) / (m + 2.0))
        pexact = hg.pmf(a, m, n1, c)
        pmode = hg.pmf(mode, m, n1, c)
        with np.errstate(divide="ignore", invalid="ignore"):
            at_mode = np.abs(pexact - pmode) / np.maximum(pexact, pmode) <= 1e-14
        p[at_mode] = 1.0
        thresh = pexact * gamma

        low = ~at_mode & (a < mode)
        if low.any():
            i = np.flatnonzero(low)
            plower = hg.cdf(a[i], m[i], n1[i], c[i])
            direct = hg.pmf(c[i], m[i], n1[i], c[i]) > thresh[i]
            res = plower.copy()
            j = np.flatnonzero(~direct)
            if j.size:
                k = i[j]
                guess = _largest_at_most(
                    lambda x, sel: -hg.pmf(x, m[k][sel], n1[k][sel], c[k][sel]),
                    # beyond the support (x > min(c, a + b)) pmf = 0: never the boundary
                    -thresh[k], mode[k], np.minimum(c[k], n1[k]))
                res[j] = plower[j] + hg.sf(guess, m[k], n1[k], c[k])
            p[i] = res

        high = ~at_mode & ~(a < mode)
        if high.any():
            i = np.flatnonzero(high)
            pupper = hg.sf(a[i] - 1.0, m[i], n1[i], c[i])
            direct = hg.pmf(0.0, m[i], n1[i], c[i]) > thresh[i]
            res = pupper.copy()
            j = np.flatnonzero(~direct)
            if j.size:
                k = i[j]
                guess = _largest_at_most(
                    lambda x, sel: hg.pmf(x, m[k][sel], n1[k][sel], c[k][sel]),
                    # below the support pmf = 0 <= thresh, so start at its lower end
                    thresh[k], np.maximum(0.0, n1[k] - d[k]), mode[k])
                res[j] = pupper[j] + hg.cdf(guess, m[k], n1[k], c[k])
            p[i] = res
    out[todo] = np.minimum(p, 1.0)
    return _finish(out.reshape(shape))


def p_value_chi2(stat):
    """Upper-tail p-value of a (signed) chi-square or G2 statistic with one degree of freedom.

    Parameters
    ----------
    stat : array_like
        Statistic from :func:`log_likelihood`, :func:`log_likelihood_2term`,
        :func:`chi_square` or :func:`assoc_log_likelihood`. The sign is
        ignored (``abs`` is taken).

    Returns
    -------
    numpy.ndarray or numpy.float64
        ``scipy.stats.chi2.sf(|stat|, df=1)``; NaN stays NaN.

    Notes
    -----
    Uses the survival function directly, so p-values far below 1e-16 keep
    their precision (``1 - cdf`` would round them to 0).

    Examples
    --------
    >>> round(float(p_value_chi2(-3.841458820694124)), 12)
    0.05
    """
    s = check_array(stat, "stat", "p_value_chi2")
    return _finish(_sps.chi2.sf(np.abs(s), 1))


def adjust_p(p, *, method: Literal["bonferroni", "holm", "fdr_bh"] = "bonferroni"):
    """Adjust p-values for multiple comparisons (Bonferroni, Holm, Benjamini-Hochberg).

    Parameters
    ----------
    p : array_like
        p-values in [0, 1], any shape; all entries form one family. NaN
        entries stay NaN and are not counted as tests.
    method : {"bonferroni", "holm", "fdr_bh"}, default="bonferroni"
        Family-wise error (Bonferroni; Holm's step-down) or false discovery
        rate (Benjamini & Hochberg's step-up).

    Returns
    -------
    numpy.ndarray or numpy.float64
        Adjusted p-values, same shape, capped at 1.

    Notes
    -----
    With m non-NaN p-values sorted ascending ``p_(1) <= ... <= p_(m)``:
    Bonferroni ``min(1, m p)``; Holm ``min(1, max_{j<=i} (m - j + 1) p_(j))``;
    BH ``min(1, min_{j>=i} m p_(j) / j)``. Ties are ordered stably. The values
    equal ``statsmodels.stats.multitest.multipletests(p, method=...)[1]``
    (verified in tests/golden/stats_adjust_p.csv).

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    Scandinavian Journal of Statistics 6(2), 65-70.
    Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate.
    JRSS B 57(1), 289-300.

    Examples
    --------
    >>> adjust_p([0.01, 0.04, float("nan"), 0.03], method="holm")
    array([0.03, 0.06,  nan, 0.06])
    """
    check_option(method, "method", ("bonferroni", "holm", "fdr_bh"), "adjust_p")
    arr = check_array(p, "p", "adjust_p", low=0, high=1)
    flat = arr.ravel().copy()
    ok = ~np.isnan(flat)
    pv = flat[ok]
    m = pv.size
    if m:
        if method == "bonferroni":
            adj = np.minimum(pv * m, 1.0)
        else:
            order = np.argsort(pv, kind="stable")
            ps = pv[order]
            if method == "holm":
                adj_sorted = np.maximum.accumulate(ps * np.arange(m, 0, -1))
            else:
                adj_sorted = np.minimum.accumulate((ps * m / np.arange(1, m + 1))[::-1])[::-1]
            adj = np.empty(m)
            adj[order] = np.minimum(adj_sorted, 1.0)
        flat[ok] = adj
    return _finish(flat.reshape(arr.shape))


# --------------------------------------------------------------------------
# keyness: effect sizes
# --------------------------------------------------------------------------

def log_ratio(a, b, c, d, *, zero: float = 0.5):
    """Hardie's Log Ratio: binary log of the ratio of relative frequencies.

    Parameters
    ----------
    a, b, c, d : array_like
        Target frequency, reference frequency, target size, reference size.
    zero : float, default=0.5
        Value put in place of a zero frequency (> 0).

    Returns
    -------
    numpy.ndarray or numpy.float64
        ``log2((a / c) / (b / d))``; 0 = equal relative frequencies, +1 =
        twice as frequent in the target. NaN where ``a = b = 0``.

    Notes
    -----
    Base-2 log. Only the zero cell is replaced by ``zero`` (CQPweb replaces a
    zero reference frequency by 0.5; a zero target frequency is treated the
    same way here), and the corpus sizes are left as they are. When both
    frequencies are zero there is no evidence at all and the result is NaN
    (replacing both would give ``log2(d / c)``, a size artefact).

    References
    ----------
    Hardie, A. (2014). Log Ratio: an informal introduction. ESRC Centre for
    Corpus Approaches to Social Science (CASS), Lancaster University.

    Examples
    --------
    >>> log_ratio([30, 0, 0], [10, 10, 0], 10_000, 20_000)
    array([ 2.5849625 , -3.32192809,         nan])
    """
    zero = _check_positive(zero, "zero", "log_ratio")
    a, b, c, d = _keyness_args(a, b, c, d, "log_ratio")
    a2 = np.where(a == 0, zero, a)
    b2 = np.where(b == 0, zero, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        lr = np.log2((a2 * d) / (b2 * c))
    return _finish(np.where((a == 0) & (b == 0), np.nan, lr))


def log_ratio_ci(a, b, c, d, *, alpha: float = 0.05, n_comparisons: int = 1):
    """Confidence interval of Log Ratio, as CQPweb computes it.

    Parameters
    ----------
    a, b, c, d : array_like
        Target frequency, reference frequency, target size, reference size.
    alpha : float, default=0.05
        Error rate of the two-sided interval, in (0, 1).
    n_comparisons : int, default=1
        Number of comparisons for the Bonferroni adjustment ``alpha / n``.

    Returns
    -------
    (low, high) : tuple of numpy.ndarray or numpy.float64
        Bounds in log2 units; NaN where ``a = b = 0``.

    Notes
    -----
    The interval is the normal approximation on the natural log of the
    relative risk (Katz et al. 1978), written in CQPweb's keyword SQL as
    ``ln RR +/- z sqrt((c - a) / (c a') + (d - b) / (d b'))`` with
    ``a' = a``, ``b' = b`` except that a zero is replaced by 0.5, and
    ``z = Phi^-1(1 - alpha' / 2)``, ``alpha' = alpha / n_comparisons``;
    both bounds are then divided by ln 2. CQPweb (``lib/keywords-ui.php``,
    v3.2.43) offers a Šidák adjustment ``1 - (1 - alpha)^(1/n)``; Bonferroni
    is used here as requested by the corpus_tools design (slightly wider).

    References
    ----------
    Hardie, A. (2014). Log Ratio: an informal introduction. CASS, Lancaster.
    Katz, D., Baptista, J., Azen, S. P. & Pike, M. C. (1978). Obtaining
    confidence intervals for the risk ratio in cohort studies.
    Biometrics 34(3), 469-474.

    Examples
    --------
    >>> low, high = log_ratio_ci(30, 10, 10_000, 20_000)
    >>> round(float(low), 4), round(float(high), 4)
    (1.553, 3.6169)
    """
    alpha = _check_positive(alpha, "alpha", "log_ratio_ci")
    check_number(alpha, "alpha", "log_ratio_ci", low=0, high=1)
    if alpha >= 1:
        raise ValueError(f"The 'alpha' parameter of log_ratio_ci() must be a number in the "
                         f"range (0, 1). Got {alpha!r} instead.")
    check_number(n_comparisons, "n_comparisons", "log_ratio_ci", low=1, integer=True)
    a, b, c, d = _keyness_args(a, b, c, d, "log_ratio_ci")
    z = _sps.norm.isf(alpha / n_comparisons / 2.0)
    a2 = np.where(a == 0, 0.5, a)
    b2 = np.where(b == 0, 0.5, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        ln_rr = np.log((a2 * d) / (b2 * c))
        half = z * np.sqrt((c - a) / (c * a2) + (d - b) / (d * b2))
    both0 = (a == 0) & (b == 0)
    low = np.where(both0, np.nan, (ln_rr - half) / _LN2)
    high = np.where(both0, np.nan, (ln_rr + half) / _LN2)
    return _finish(low), _finish(high)


def conservative_log_ratio(a, b, c, d, *, alpha: float = 0.05, n_comparisons: int = 1):
    """Conservative Log Ratio: the end of Log Ratio's confidence interval nearer zero.

    Parameters
    ----------
    a, b, c, d : array_like
        Target frequency, reference frequency, target size, reference size.
    alpha : float, default=0.05
        Error rate of the two-sided interval, in (0, 1).
    n_comparisons : int, default=1
        Bonferroni adjustment: the interval uses ``alpha / n_comparisons``
        (pass the number of terms tested).

    Returns
    -------
    numpy.ndarray or numpy.float64
        The lower bound where it is > 0, the upper bound where it is < 0, and
        0 where the interval contains zero. NaN where ``a = b = 0``.

    Notes
    -----
    Interval as in :func:`log_ratio_ci` (CQPweb's formula, 0.5 for a zero
    cell, log2 units). CQPweb 3.2.43's "Conservative LR" SQL returns the
    *lower* bound for every item; the rule "bound nearer zero, 0 when the
    interval spans zero" (Hardie's description of the measure, and the one
    requested here) is identical for positive keywords and symmetric for
    negative ones. The exact published text of Hardie's CLR definition was
    not available to us: **not verified** beyond the CQPweb source; the
    values in tests/golden are re-derived from that formula.

    References
    ----------
    Hardie, A. (2014). Log Ratio: an informal introduction. CASS, Lancaster.
    CQPweb source, ``lib/keywords-ui.php`` (KEYSTAT_LR_CONSERVATIVE).

    Examples
    --------
    >>> conservative_log_ratio([30, 10, 12], [10, 60, 20], 10_000, 20_000).round(4)
    array([ 1.553 , -0.6198,  0.    ])
    """
    low, high = log_ratio_ci(a, b, c, d, alpha=alpha, n_comparisons=n_comparisons)
    low, high = np.asarray(low), np.asarray(high)
    out = np.where(low > 0, low, np.where(high < 0, high, 0.0))
    return _finish(np.where(np.isnan(low), np.nan, out))


def percent_diff(a, b, c, d, *, reference_zero: float | None = None):
    """%DIFF: percentage difference of normalised frequencies (Gabrielatos & Marchi 2012).

    Parameters
    ----------
    a, b, c, d : array_like
        Target frequency, reference frequency, target size, reference size.
    reference_zero : float or None, default=None
        If given, a zero normalised reference frequency (per million) is
        replaced by this value, as in Gabrielatos & Marchi (who used 1e-18).
        If None, the zero is kept.

    Returns
    -------
    numpy.ndarray or numpy.float64
        ``(NF_a - NF_b) * 100 / NF_b``; -100 for a term absent from the
        target; with ``reference_zero=None``: +inf where ``b = 0 < a`` and NaN
        where ``a = b = 0``.

    Notes
    -----
    ``NF`` = frequency per million tokens; the normalisation base cancels, so
    the value is computed as ``100 (a d - b c) / (b c)`` from the exact cross
    difference. With ``reference_zero`` set, the replaced rows follow the
    paper's formula (giving huge finite values, e.g. ~1e22 per cent).

    References
    ----------
    Gabrielatos, C. & Marchi, A. (2012). Keyness: appropriate metrics and
    practical issues. CADS International Conference, Bologna, 13-14 September.

    Examples
    --------
    >>> percent_diff([30, 0, 5], [10, 10, 0], 10_000, 20_000)
    array([ 500., -100.,   inf])
    """
    if reference_zero is not None:
        reference_zero = _check_positive(reference_zero, "reference_zero", "percent_diff")
    a, b, c, d = _keyness_args(a, b, c, d, "percent_diff")
    x = _cross(a, b, c, d)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = 100.0 * x / (b * c)
        if reference_zero is not None:
            nfa = a / c * 1e6
            out = np.where(b == 0, (nfa - reference_zero) * 100.0 / reference_zero, out)
    return _finish(out)


def simple_maths(a, b, c, d, *, n: float = 1.0):
    """Kilgarriff's "simple maths" keyness: ratio of smoothed per-million frequencies.

    Parameters
    ----------
    a, b, c, d : array_like
        Target frequency, reference frequency, target size, reference size.
    n : float, default=1.0
        Smoothing constant added to both per-million frequencies (>= 0). Larger
        values favour common words (Kilgarriff suggests 1, 10, 100, 1000).

    Returns
    -------
    numpy.ndarray or numpy.float64
        ``(pm_a + n) / (pm_b + n)``: > 1 = more frequent in the target,
        1 = equal. With ``n = 0`` it is the relative risk (inf/NaN for zeros).

    Notes
    -----
    ``pm = 1e6 * frequency / corpus size``. Not a log, not signed around 0.

    References
    ----------
    Kilgarriff, A. (2009). Simple maths for keywords. Proceedings of Corpus
    Linguistics 2009, Liverpool.

    Examples
    --------
    >>> round(float(simple_maths(30, 10, 10_000, 20_000, n=100)), 6)
    5.166667
    """
    check_number(n, "n", "simple_maths", low=0)
    a, b, c, d = _keyness_args(a, b, c, d, "simple_maths")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (a / c * 1e6 + n) / (b / d * 1e6 + n)
    return _finish(out)


def odds_ratio(a, b, c, d):
    """Sample odds ratio of the term in target vs reference.

    Parameters
    ----------
    a, b, c, d : array_like
        Target frequency, reference frequency, target size, reference size.

    Returns
    -------
    numpy.ndarray or numpy.float64
        ``(a / (c - a)) / (b / (d - b))``; > 1 = more frequent in the target.
        0 where ``a = 0 < b``; +inf where ``b = 0`` (or ``a = c``) and the
        numerator is positive; NaN where numerator and denominator are both 0.

    Notes
    -----
    The unconditional (sample) estimate, as ``scipy.stats.fisher_exact``'s
    statistic; no continuity correction. Computed as
    ``a (d - b) / (b (c - a))``.

    References
    ----------
    Agresti, A. (2013). Categorical Data Analysis, 3rd ed., section 2.4. Wiley.

    Examples
    --------
    >>> round(float(odds_ratio(30, 10, 10_000, 20_000)), 6)
    6.015045
    """
    a, b, c, d = _keyness_args(a, b, c, d, "odds_ratio")
    with np.errstate(divide="ignore", invalid="ignore"):
        return _finish((a * (d - b)) / (b * (c - a)))


def relative_risk(a, b, c, d):
    """Relative risk (ratio of relative frequencies) of the term.

    Parameters
    ----------
    a, b, c, d : array_like
        Target frequency, reference frequency, target size, reference size.

    Returns
    -------
    numpy.ndarray or numpy.float64
        ``(a / c) / (b / d)``; > 1 = more frequent in the target. 0 where
        ``a = 0 < b``, +inf where ``b = 0 < a``, NaN where ``a = b = 0``.

    Notes
    -----
    ``log2`` of this is :func:`log_ratio` without zero replacement.

    Examples
    --------
    >>> round(float(relative_risk(30, 10, 10_000, 20_000)), 6)
    6.0
    """
    a, b, c, d = _keyness_args(a, b, c, d, "relative_risk")
    with np.errstate(divide="ignore", invalid="ignore"):
        return _finish((a * d) / (b * c))


def bic(a, b, c, d, *, g2: Literal["2term", "full"] = "2term"):
    """Bayes factor approximation BIC of a keyness comparison (Wilson 2013).

    Parameters
    ----------
    a, b, c, d : array_like
        Target frequency, reference frequency, target size, reference size.
    g2 : {"2term", "full"}, default="2term"
        Which G2 enters: the UCREL calculator's two-cell form (the default,
        so that values match the calculator) or the full 2x2 table.

    Returns
    -------
    numpy.ndarray or numpy.float64
        ``|G2| - ln(N)`` with one degree of freedom and ``N = c + d``.
        Unsigned (evidence, not direction). Wilson's reading: < 0 no
        evidence, 0-2 weak, 2-6 positive, 6-10 strong, > 10 very strong.

    Notes
    -----
    Natural log. The UCREL log-likelihood calculator reports this value as
    "Bayes Factor (BIC)".

    References
    ----------
    Wilson, A. (2013). Embracing Bayes factors for key item analysis in
    corpus linguistics. In M. Bieswanger & A. Koll-Stobbe (eds.), New
    Approaches to the Study of Linguistic Variability, 3-11. Peter Lang.

    Examples
    --------
    >>> round(float(bic(30, 10, 10_000, 20_000)), 6)
    18.730275
    """
    check_option(g2, "g2", ("2term", "full"), "bic")
    a, b, c, d = _keyness_args(a, b, c, d, "bic")
    stat = log_likelihood_2term(a, b, c, d) if g2 == "2term" else log_likelihood(a, b, c, d)
    return _finish(np.abs(stat) - np.log(c + d))


def ell(a, b, c, d):
    """Effect size for log-likelihood, ELL (Johnston et al. 2006), as in the UCREL calculator.

    Parameters
    ----------
    a, b, c, d : array_like
        Target frequency, reference frequency, target size, reference size.

    Returns
    -------
    numpy.ndarray or numpy.float64
        ``G2 / (N ln(min(E1, E2)))`` with the two-cell G2 and expected values of
        :func:`log_likelihood_2term`, ``N = c + d``. Unsigned. NaN where
        ``min(E1, E2) <= 1`` (the log would be <= 0, giving a negative or
        infinite "effect size"; this includes ``a = b = 0``).

    Notes
    -----
    Natural logs throughout.

    References
    ----------
    Johnston, J. E., Berry, K. J. & Mielke, P. W. (2006). Measures of effect
    size for chi-squared and likelihood-ratio goodness-of-fit tests.
    Perceptual and Motor Skills 103(2), 412-414.

    Examples
    --------
    >>> f"{float(ell(30, 10, 10_000, 20_000)):.6e}"
    '3.736967e-04'
    """
    a, b, c, d = _keyness_args(a, b, c, d, "ell")
    g2 = np.abs(log_likelihood_2term(a, b, c, d))
    n = c + d
    emin = np.minimum(c, d) * (a + b) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        out = g2 / (n * np.log(emin))
    return _finish(np.where(emin > 1, out, np.nan))


def difference_coefficient(a, b, c, d):
    """Difference coefficient of per-million frequencies (Hofland & Johansson 1982).

    Parameters
    ----------
    a, b, c, d : array_like
        Target frequency, reference frequency, target size, reference size.

    Returns
    -------
    numpy.ndarray or numpy.float64
        ``(pm_a - pm_b) / (pm_a + pm_b)`` in [-1, 1]; +1 = only in the
        target. NaN where ``a = b = 0``.

    Notes
    -----
    Computed as ``(a d - b c) / (a d + b c)`` (the per-million base cancels).

    References
    ----------
    Hofland, K. & Johansson, S. (1982). Word Frequencies in British and
    American English. Norwegian Computing Centre for the Humanities.

    Examples
    --------
    >>> difference_coefficient([30, 0, 0], [10, 10, 0], 10_000, 20_000)
    array([ 0.71428571, -1.        ,         nan])
    """
    a, b, c, d = _keyness_args(a, b, c, d, "difference_coefficient")
    x = _cross(a, b, c, d)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _finish(x / (a * d + b * c))


def log_odds_dirichlet(a, b, c, d, *, prior=None, alpha0: float = 1000.0):
    """z-score of the log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008).

    Parameters
    ----------
    a, b, c, d : array_like
        Target frequency, reference frequency, target size, reference size.
        For the default prior, ``a`` and ``b`` should cover the whole
        vocabulary (one entry per term).
    prior : array_like or None, default=None
        Background counts per term (same shape as ``a``). None = the pooled
        counts ``a + b`` with total ``c + d``.
    alpha0 : float, default=1000.0
        Total prior mass ``sum_w alpha_w`` (> 0). The default is a moderate
        concentration chosen by us, not a value from the paper; larger values
        shrink rare-word estimates harder.

    Returns
    -------
    numpy.ndarray or numpy.float64
        ``delta / sqrt(var)``; positive = more frequent in the target. NaN
        where ``a + alpha_w = 0`` and ``b + alpha_w = 0`` (both zero and no
        prior mass on the term).

    Notes
    -----
    ``alpha_w = alpha0 * prior_w / sum(prior)`` (default:
    ``alpha0 * (a + b) / (c + d)``). With natural logs,

    .. math:: \\delta = \\ln\\frac{a + \\alpha_w}{c + \\alpha_0 - a - \\alpha_w}
                       - \\ln\\frac{b + \\alpha_w}{d + \\alpha_0 - b - \\alpha_w}

    and the variance approximation of their eq. 20,
    ``var = 1 / (a + alpha_w) + 1 / (b + alpha_w)``; the z-score is their
    eq. 22. Verified against an independent plain-Python re-derivation only.

    References
    ----------
    Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words:
    lexical feature selection and evaluation for identifying the content of
    political conflict. Political Analysis 16(4), 372-403.

    Examples
    --------
    >>> log_odds_dirichlet([30, 5], [10, 40], 10_000, 20_000, alpha0=100).round(4)
    array([ 4.903 , -2.9204])
    """
    alpha0 = _check_positive(alpha0, "alpha0", "log_odds_dirichlet")
    a, b, c, d = _keyness_args(a, b, c, d, "log_odds_dirichlet")
    if prior is None:
        aw = alpha0 * (a + b) / (c + d)
    else:
        pr = check_array(prior, "prior", "log_odds_dirichlet", low=0)
        total = np.nansum(pr)
        if not total > 0:
            raise ValueError("The 'prior' parameter of log_odds_dirichlet() must be an array "
                             f"of counts with a positive sum. Got a sum of {float(total)!r} instead.")
        aw = np.broadcast_to(alpha0 * pr / total, a.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        ya = a + aw
        yb = b + aw
        delta = np.log(ya / (c + alpha0 - ya)) - np.log(yb / (d + alpha0 - yb))
        z = delta / np.sqrt(1.0 / ya + 1.0 / yb)
    return _finish(np.where((ya == 0) & (yb == 0), np.nan, z))


# --------------------------------------------------------------------------
# dispersion
# --------------------------------------------------------------------------

def _parts_args(counts, part_sizes, caller: str):
    """Return (csr or 2-D dense float array, sizes, was_1d)."""
    if sparse.issparse(counts):
        mat = sparse.csr_array(counts, dtype=np.float64)
        check_array(mat.data, "counts", caller, low=0)
        one_d = False
        n_parts = mat.shape[1]
    else:
        mat = check_array(counts, "counts", caller, low=0)
        if mat.ndim not in (1, 2):
            raise ValueError(f"The 'counts' parameter of {caller}() must be a 1-D or 2-D array "
                             f"(terms x parts). Got an array with {mat.ndim} dimensions instead.")
        one_d = mat.ndim == 1
        mat = np.atleast_2d(mat)
        n_parts = mat.shape[1]
    if part_sizes is None:
        sizes = np.ones(n_parts)
    else:
        sizes = check_array(part_sizes, "part_sizes", caller, low=0, low_open=True)
        if sizes.shape != (n_parts,):
            raise ValueError(f"The 'part_sizes' parameter of {caller}() must be a 1-D array with "
                             f"one size per part ({n_parts}). Got shape {sizes.shape} instead.")
    return mat, sizes, one_d


def _rows(mat) -> np.ndarray:
    return np.repeat(np.arange(mat.shape[0]), np.diff(mat.indptr))


def _out_rows(values, one_d):
    values = np.asarray(values, dtype=np.float64)
    return values[0] if one_d else values


def range_(counts):
    """Range: the number of corpus parts in which each term occurs.

    Parameters
    ----------
    counts : array_like or scipy.sparse matrix
        Frequencies, rows = terms, columns = parts (documents, months...);
        a 1-D array is one term.

    Returns
    -------
    numpy.ndarray of int64 or numpy.int64
        Number of parts with a count > 0.

    Notes
    -----
    Dense or sparse (CSR/CSC/COO; explicit stored zeros are not counted).

    Examples
    --------
    >>> range_([[1, 0, 3], [0, 0, 2]])
    array([2, 1])
    """
    mat, _, one_d = _parts_args(counts, None, "range_")
    if sparse.issparse(mat):
        out = np.bincount(_rows(mat)[mat.data > 0], minlength=mat.shape[0])
    else:
        out = (mat > 0).sum(axis=1)
    out = out.astype(np.int64)
    return out[0] if one_d else out


def dp(counts, part_sizes=None):
    """Gries's DP (deviation of proportions) over corpus parts.

    Parameters
    ----------
    counts : array_like or scipy.sparse matrix
        Frequencies, rows = terms, columns = parts; 1-D = one term.
    part_sizes : array_like or None, default=None
        Size of each part in tokens (> 0). None = equal sizes.

    Returns
    -------
    numpy.ndarray or numpy.float64
        DP in [0, 1 - min(s)]: 0 = spread exactly as the part sizes, values
        near 1 = concentrated in few parts. NaN for a term with total 0.

    Notes
    -----
    With ``s_j = size_j / sum(size)`` and ``v_j`` the term's count in part
    ``j`` (total ``f``): ``DP = 0.5 * sum_j |v_j / f - s_j|``. For sparse
    input the parts without the term contribute ``sum s_j`` over those parts,
    so only stored entries are visited. Gries (2008)'s worked example (term
    ``a`` in a 50-word corpus of 5 parts of 9, 10, 10, 10, 11 words, counts
    1, 2, 3, 4, 5) gives 0.18, reproduced in the tests.

    References
    ----------
    Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora.
    International Journal of Corpus Linguistics 13(4), 403-437.

    Examples
    --------
    >>> round(float(dp([1, 2, 3, 4, 5], [9, 10, 10, 10, 11])), 10)
    0.18
    """
    mat, sizes, one_d = _parts_args(counts, part_sizes, "dp")
    s = sizes / sizes.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        if sparse.issparse(mat):
            rows = _rows(mat)
            f = np.asarray(mat.sum(axis=1)).ravel()
            dev = np.abs(mat.data / f[rows] - s[mat.indices])
            nz_dev = np.bincount(rows, weights=dev, minlength=mat.shape[0])
            nz_s = np.bincount(rows, weights=s[mat.indices], minlength=mat.shape[0])
            out = 0.5 * (nz_dev + (s.sum() - nz_s))
        else:
            f = mat.sum(axis=1)
            out = 0.5 * np.abs(mat / f[:, None] - s[None, :]).sum(axis=1)
    out = np.where(f > 0, out, np.nan)
    return _out_rows(out, one_d)


def dp_norm(counts, part_sizes=None):
    """DPnorm: Gries's DP divided by its maximum, ``1 - min(s)`` (Lijffijt & Gries 2012).

    Parameters
    ----------
    counts : array_like or scipy.sparse matrix
        Frequencies, rows = terms, columns = parts; 1-D = one term.
    part_sizes : array_like or None, default=None
        Size of each part in tokens (> 0). None = equal sizes.

    Returns
    -------
    numpy.ndarray or numpy.float64
        DPnorm in [0, 1]. NaN for a term with total 0, and for a single part.

    Notes
    -----
    ``min(s)`` is over all parts (Lijffijt & Gries's correction), not only
    the parts that contain the term (Egbert et al. 2020's variant). Gries's
    example above: 0.18 / (1 - 0.18) = 0.2195...

    References
    ----------
    Lijffijt, J. & Gries, S. Th. (2012). Correction to Stefan Th. Gries'
    "Dispersions and adjusted frequencies in corpora". International Journal
    of Corpus Linguistics 17(1), 147-149.

    Examples
    --------
    >>> round(float(dp_norm([1, 2, 3, 4, 5], [9, 10, 10, 10, 11])), 6)
    0.219512
    """
    mat, sizes, one_d = _parts_args(counts, part_sizes, "dp_norm")
    s = sizes / sizes.sum()
    base = dp(mat, sizes)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.asarray(base) / (1.0 - s.min())
    out = np.where(1.0 - s.min() > 0, out, np.nan)
    return _out_rows(out, one_d)


def juilland_d(counts, part_sizes=None):
    """Juilland's D over corpus parts, on relative frequencies per part.

    Parameters
    ----------
    counts : array_like or scipy.sparse matrix
        Frequencies, rows = terms, columns = parts; 1-D = one term.
    part_sizes : array_like or None, default=None
        Size of each part in tokens (> 0). None = equal sizes (raw counts).

    Returns
    -------
    numpy.ndarray or numpy.float64
        D in [0, 1]: 1 = perfectly even. NaN for a term with total 0 and when
        there is only one part.

    Notes
    -----
    ``p_j = v_j / size_j``; with ``n`` parts, mean ``mu`` and *population*
    standard deviation ``sigma`` of the ``p_j`` (divisor n, as Juilland's
    sigma), ``D = 1 - (sigma / mu) / sqrt(n - 1)``. Dividing by the part
    sizes is Gries's (2008) adaptation to unequal parts. Gries's example
    (counts 1..5, sizes 9, 10, 10, 10, 11) gives 0.78515... Implementations
    that use the sample SD (R ``sd``) give a different value (0.7598 here).

    References
    ----------
    Juilland, A. & Chang-Rodriguez, E. (1964). Frequency Dictionary of
    Spanish Words. Mouton.
    Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora.
    International Journal of Corpus Linguistics 13(4), 403-437.

    Examples
    --------
    >>> round(float(juilland_d([1, 2, 3, 4, 5], [9, 10, 10, 10, 11])), 6)
    0.78515
    """
    mat, sizes, one_d = _parts_args(counts, part_sizes, "juilland_d")
    n = mat.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        if sparse.issparse(mat):
            rows = _rows(mat)
            rel = mat.data / sizes[mat.indices]
            nrow = mat.shape[0]
            mu = np.bincount(rows, weights=rel, minlength=nrow) / n
            stored = np.bincount(rows, minlength=nrow)
            ss = (np.bincount(rows, weights=(rel - mu[rows]) ** 2, minlength=nrow)
                  + (n - stored) * mu ** 2)
        else:
            rel = mat / sizes[None, :]
            mu = rel.mean(axis=1)
            ss = ((rel - mu[:, None]) ** 2).sum(axis=1)
        sigma = np.sqrt(ss / n)
        out = 1.0 - (sigma / mu) / np.sqrt(n - 1.0)
    out = np.where((mu > 0) & (n > 1), out, np.nan)
    return _out_rows(out, one_d)


# --------------------------------------------------------------------------
# association (collocation) measures
# --------------------------------------------------------------------------

def _assoc_args(o11, f_node, f_collocate, n, expected, caller: str, *, full_table: bool = False):
    o11 = check_array(o11, "o11", caller, low=0)
    f_node = check_array(f_node, "f_node", caller, low=0)
    f_collocate = check_array(f_collocate, "f_collocate", caller, low=0)
    n = check_array(n, "n", caller, low=0, low_open=True)
    check_not_greater(o11, f_node, "o11", "f_node", caller)
    check_not_greater(o11, f_collocate, "o11", "f_collocate", caller)
    check_not_greater(f_node, n, "f_node", "n", caller)
    check_not_greater(f_collocate, n, "f_collocate", "n", caller)
    if full_table:
        # o22 = n - f_node - f_collocate + o11 must not be negative
        check_not_greater(f_node + f_collocate - o11, n,
                          "f_node + f_collocate - o11", "n", caller)
    if expected is None:
        with np.errstate(invalid="ignore"):
            e11 = f_node * f_collocate / n
    else:
        e11 = check_array(expected, "expected", caller, low=0)
    return np.broadcast_arrays(o11, f_node, f_collocate, n, e11)


def mi(o11, f_node, f_collocate, n, *, expected=None):
    """Pointwise mutual information, ``log2(O11 / E11)``.

    Parameters
    ----------
    o11, f_node, f_collocate, n : array_like
        Co-occurrence frequency, node frequency, collocate frequency, sample
        size (see the module's association conventions).
    expected : array_like or None, default=None
        E11; None = ``f_node * f_collocate / n``.

    Returns
    -------
    numpy.ndarray or numpy.float64
        MI in bits; -inf where ``o11 = 0 < E11``; NaN where ``E11 = 0``.

    Notes
    -----
    Base-2 log. Equals NLTK's ``BigramAssocMeasures.pmi``.

    References
    ----------
    Church, K. W. & Hanks, P. (1990). Word association norms, mutual
    information, and lexicography. Computational Linguistics 16(1), 22-29.

    Examples
    --------
    >>> round(float(mi(20, 100, 200, 100_000)), 6)
    6.643856
    """
    o, fn, fc, n, e = _assoc_args(o11, f_node, f_collocate, n, expected, "mi")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.log2(o) - np.log2(e)
    return _finish(np.where(e > 0, out, np.nan))


def mi3(o11, f_node, f_collocate, n, *, expected=None):
    """MI3, ``log2(O11^3 / E11)`` (Oakes 1998; Daille 1994).

    Parameters
    ----------
    o11, f_node, f_collocate, n : array_like
        Co-occurrence frequency, node frequency, collocate frequency, sample size.
    expected : array_like or None, default=None
        E11; None = ``f_node * f_collocate / n``.

    Returns
    -------
    numpy.ndarray or numpy.float64
        -inf where ``o11 = 0 < E11``; NaN where ``E11 = 0``.

    Notes
    -----
    Computed as ``3 log2(O) - log2(E)`` (no overflow of ``O^3``).

    References
    ----------
    Oakes, M. P. (1998). Statistics for Corpus Linguistics. Edinburgh UP.

    Examples
    --------
    >>> round(float(mi3(20, 100, 200, 100_000)), 6)
    15.287712
    """
    o, fn, fc, n, e = _assoc_args(o11, f_node, f_collocate, n, expected, "mi3")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = 3.0 * np.log2(o) - np.log2(e)
    return _finish(np.where(e > 0, out, np.nan))


def t_score(o11, f_node, f_collocate, n, *, expected=None):
    """t-score, ``(O11 - E11) / sqrt(O11)``.

    Parameters
    ----------
    o11, f_node, f_collocate, n : array_like
        Co-occurrence frequency, node frequency, collocate frequency, sample size.
    expected : array_like or None, default=None
        E11; None = ``f_node * f_collocate / n``.

    Returns
    -------
    numpy.ndarray or numpy.float64
        -inf where ``o11 = 0 < E11``; NaN where ``o11 = E11 = 0``.

    Notes
    -----
    NLTK's ``student_t`` divides by ``sqrt(O11 + 1e-20)``, so it returns a
    huge finite negative number instead of -inf for ``o11 = 0``; otherwise
    the values agree.

    References
    ----------
    Church, K., Gale, W., Hanks, P. & Hindle, D. (1991). Using statistics in
    lexical analysis. In U. Zernik (ed.), Lexical Acquisition, 115-164.

    Examples
    --------
    >>> round(float(t_score(20, 100, 200, 100_000)), 6)
    4.427415
    """
    o, fn, fc, n, e = _assoc_args(o11, f_node, f_collocate, n, expected, "t_score")
    with np.errstate(divide="ignore", invalid="ignore"):
        return _finish((o - e) / np.sqrt(o))


def z_score(o11, f_node, f_collocate, n, *, expected=None):
    """z-score, ``(O11 - E11) / sqrt(E11)``.

    Parameters
    ----------
    o11, f_node, f_collocate, n : array_like
        Co-occurrence frequency, node frequency, collocate frequency, sample size.
    expected : array_like or None, default=None
        E11; None = ``f_node * f_collocate / n``.

    Returns
    -------
    numpy.ndarray or numpy.float64
        NaN where ``E11 = 0``.

    References
    ----------
    Dennis, S. F. (1965). The construction of a thesaurus automatically from
    a sample of text. Statistical Association Methods for Mechanized
    Documentation, 61-148.

    Examples
    --------
    >>> round(float(z_score(20, 100, 200, 100_000)), 6)
    44.274146
    """
    o, fn, fc, n, e = _assoc_args(o11, f_node, f_collocate, n, expected, "z_score")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (o - e) / np.sqrt(e)
    return _finish(np.where(e > 0, out, np.nan))


def dice(o11, f_node, f_collocate, n=None):
    """Dice coefficient, ``2 O11 / (f_node + f_collocate)``.

    Parameters
    ----------
    o11, f_node, f_collocate : array_like
        Co-occurrence frequency, node frequency, collocate frequency.
    n : array_like, optional
        Ignored (accepted so all association measures share one signature).

    Returns
    -------
    numpy.ndarray or numpy.float64
        In [0, 1]; NaN where ``f_node = f_collocate = 0``.

    Notes
    -----
    Equals NLTK's ``BigramAssocMeasures.dice``.

    References
    ----------
    Dice, L. R. (1945). Measures of the amount of ecologic association
    between species. Ecology 26(3), 297-302.

    Examples
    --------
    >>> round(float(dice(20, 100, 200)), 6)
    0.133333
    """
    o = check_array(o11, "o11", "dice", low=0)
    fn = check_array(f_node, "f_node", "dice", low=0)
    fc = check_array(f_collocate, "f_collocate", "dice", low=0)
    check_not_greater(o, fn, "o11", "f_node", "dice")
    check_not_greater(o, fc, "o11", "f_collocate", "dice")
    with np.errstate(divide="ignore", invalid="ignore"):
        return _finish(2.0 * o / (fn + fc))


def log_dice(o11, f_node, f_collocate, n=None):
    """logDice, ``14 + log2(Dice)`` (Rychly 2008).

    Parameters
    ----------
    o11, f_node, f_collocate : array_like
        Co-occurrence frequency, node frequency, collocate frequency.
    n : array_like, optional
        Ignored.

    Returns
    -------
    numpy.ndarray or numpy.float64
        At most 14; -inf where ``o11 = 0``; NaN where both frequencies are 0.

    References
    ----------
    Rychly, P. (2008). A lexicographer-friendly association score.
    Proceedings of RASLAN 2008, 6-9.

    Examples
    --------
    >>> round(float(log_dice(20, 100, 200)), 6)
    11.093109
    """
    dc = np.asarray(dice(o11, f_node, f_collocate))
    with np.errstate(divide="ignore", invalid="ignore"):
        return _finish(14.0 + np.log2(dc))


def delta_p_collocate_given_node(o11, f_node, f_collocate, n):
    """Delta P of the collocate given the node, ``P(c | node) - P(c | not node)``.

    Parameters
    ----------
    o11, f_node, f_collocate, n : array_like
        Co-occurrence frequency, node frequency, collocate frequency, sample size.

    Returns
    -------
    numpy.ndarray or numpy.float64
        ``o11 / f_node - (f_collocate - o11) / (n - f_node)`` in [-1, 1];
        NaN where ``f_node = 0`` or ``f_node = n``.

    References
    ----------
    Gries, S. Th. (2013). 50-something years of work on collocations.
    International Journal of Corpus Linguistics 18(1), 137-165.

    Examples
    --------
    >>> round(float(delta_p_collocate_given_node(20, 100, 200, 100_000)), 6)
    0.198198
    """
    o, fn, fc, n, _ = _assoc_args(o11, f_node, f_collocate, n, None,
                                  "delta_p_collocate_given_node", full_table=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _finish(o / fn - (fc - o) / (n - fn))


def delta_p_node_given_collocate(o11, f_node, f_collocate, n):
    """Delta P of the node given the collocate, ``P(node | c) - P(node | not c)``.

    Parameters
    ----------
    o11, f_node, f_collocate, n : array_like
        Co-occurrence frequency, node frequency, collocate frequency, sample size.

    Returns
    -------
    numpy.ndarray or numpy.float64
        ``o11 / f_collocate - (f_node - o11) / (n - f_collocate)`` in [-1, 1];
        NaN where ``f_collocate = 0`` or ``f_collocate = n``.

    References
    ----------
    Gries, S. Th. (2013). 50-something years of work on collocations.
    International Journal of Corpus Linguistics 18(1), 137-165.

    Examples
    --------
    >>> round(float(delta_p_node_given_collocate(20, 100, 200, 100_000)), 6)
    0.099198
    """
    o, fn, fc, n, _ = _assoc_args(o11, f_node, f_collocate, n, None,
                                  "delta_p_node_given_collocate", full_table=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _finish(o / fc - (fn - o) / (n - fc))


def assoc_odds_ratio(o11, f_node, f_collocate, n):
    """Sample odds ratio of the node-collocate 2x2 table, ``O11 O22 / (O12 O21)``.

    Parameters
    ----------
    o11, f_node, f_collocate, n : array_like
        Co-occurrence frequency, node frequency, collocate frequency, sample size.

    Returns
    -------
    numpy.ndarray or numpy.float64
        > 1 = attraction. +inf where ``O12 O21 = 0 < O11 O22``; 0 where
        ``o11 = 0``; NaN where both products are 0. No continuity correction.

    Notes
    -----
    ``O12 = f_node - o11``, ``O21 = f_collocate - o11``,
    ``O22 = n - f_node - f_collocate + o11``.

    Examples
    --------
    >>> round(float(assoc_odds_ratio(20, 100, 200, 100_000)), 4)
    138.5
    """
    o, fn, fc, n, _ = _assoc_args(o11, f_node, f_collocate, n, None,
                                  "assoc_odds_ratio", full_table=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _finish(o * (n - fn - fc + o) / ((fn - o) * (fc - o)))


def assoc_log_likelihood(o11, f_node, f_collocate, n, *, expected=None):
    """Signed log-likelihood G2 of the node-collocate 2x2 table (Dunning 1993).

    Parameters
    ----------
    o11, f_node, f_collocate, n : array_like
        Co-occurrence frequency, node frequency, collocate frequency, sample size.
    expected : array_like or None, default=None
        E11; None = ``f_node * f_collocate / n``. The other expected cells
        follow from the margins (``E12 = f_node - E11`` etc.).

    Returns
    -------
    numpy.ndarray or numpy.float64
        G2 with the sign of ``O11 - E11`` (positive = attraction). NaN where an
        expected cell is negative (inconsistent ``expected``).

    Notes
    -----
    Natural log, ``0 ln 0 = 0``, terms computed as in :func:`log_likelihood`.
    NLTK's ``likelihood_ratio`` is unsigned and adds 1e-20 inside the logs;
    ``|assoc_log_likelihood|`` agrees with it to that precision.

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and
    coincidence. Computational Linguistics 19(1), 61-74.

    Examples
    --------
    >>> round(float(assoc_log_likelihood(20, 100, 200, 100_000)), 6)
    150.858486
    """
    o, fn, fc, n, e = _assoc_args(o11, f_node, f_collocate, n, expected,
                                  "assoc_log_likelihood", full_table=True)
    if expected is None:
        dev = _cross(o, fn, fc, n) / n  # (o11 n - f_node f_collocate) / n
    else:
        dev = o - e
    e12 = fn - e
    e21 = fc - e
    e22 = n - fn - fc + e
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2.0 * (_olog(o, e, dev) + _olog(fn - o, e12, -dev)
                    + _olog(fc - o, e21, -dev) + _olog(n - fn - fc + o, e22, dev))
    bad = (e < 0) | (e12 < 0) | (e21 < 0) | (e22 < 0)
    return _finish(np.where(bad, np.nan, _signed(g2, dev)))


# --------------------------------------------------------------------------
# registries
# --------------------------------------------------------------------------

KEYNESS_MEASURES: dict[str, Callable] = {
    "log_likelihood": log_likelihood,
    "log_likelihood_2term": log_likelihood_2term,
    "chi_square": chi_square,
    "fisher_exact_p": fisher_exact_p,
    "log_ratio": log_ratio,
    "conservative_log_ratio": conservative_log_ratio,
    "percent_diff": percent_diff,
    "simple_maths": simple_maths,
    "odds_ratio": odds_ratio,
    "relative_risk": relative_risk,
    "bic": bic,
    "ell": ell,
    "difference_coefficient": difference_coefficient,
    "log_odds_dirichlet": log_odds_dirichlet,
}
"""Keyness measures by name; each is called as ``f(a, b, c, d, **options)``."""

ASSOCIATION_MEASURES: dict[str, Callable] = {
    "mi": mi,
    "mi3": mi3,
    "t_score": t_score,
    "z_score": z_score,
    "dice": dice,
    "log_dice": log_dice,
    "delta_p_collocate_given_node": delta_p_collocate_given_node,
    "delta_p_node_given_collocate": delta_p_node_given_collocate,
    "odds_ratio": assoc_odds_ratio,
    "log_likelihood": assoc_log_likelihood,
}
"""Association measures by name; each is called as ``f(o11, f_node, f_collocate, n)``."""


def get_measure(name: str, *, kind: Literal["keyness", "association"] = "keyness") -> Callable:
    """Return the measure function registered under ``name``.

    Parameters
    ----------
    name : str
        A key of :data:`KEYNESS_MEASURES` or :data:`ASSOCIATION_MEASURES`.
    kind : {"keyness", "association"}, default="keyness"
        Which registry to look in.

    Returns
    -------
    callable

    Raises
    ------
    ValueError
        For an unknown name; the message lists the valid names.

    Examples
    --------
    >>> get_measure("log_ratio").__name__
    'log_ratio'
    >>> get_measure("log_likelihood", kind="association").__name__
    'assoc_log_likelihood'
    """
    check_option(kind, "kind", ("keyness", "association"), "get_measure")
    registry = KEYNESS_MEASURES if kind == "keyness" else ASSOCIATION_MEASURES
    check_option(name, "name", tuple(registry), "get_measure")
    return registry[name]
