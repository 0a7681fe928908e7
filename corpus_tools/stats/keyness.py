"""Keyness measures over the 2x2 table of a term in a target and a reference corpus.

Significance statistics (log-likelihood G2 in two forms, Pearson chi-square,
Fisher's exact test) and effect sizes (Log Ratio and its confidence
interval, Conservative Log Ratio, %DIFF, simple maths, odds ratio, relative
risk, BIC, ELL, difference coefficient, log-odds with a Dirichlet prior).
Their public path is ``corpus_tools.stats.<name>``; they are defined here.

Arguments and direction
-----------------------
* **Arguments** ``(a, b, c, d)``: ``a`` = frequency of the term in the
  target corpus, ``b`` = its frequency in the reference corpus, ``c`` = size of
  the target corpus, ``d`` = size of the reference corpus (in tokens; which
  tokens count is the caller's convention: words, not punctuation).
  The 2x2 table is ``[[a, b], [c - a, d - b]]`` and ``N = c + d``.
* **Direction.** Positive = relatively more frequent in the target
  (``a/c > b/d``). Measures that are unsigned by nature (G2, chi-square) get the
  sign of ``a/c - b/d``. Ratio measures (relative risk, odds ratio, simple
  maths) are > 1 for the target; BIC and ELL are unsigned (read their
  direction from ``log_ratio``).
* **Precision.** Corpora run from tens of millions to billions of tokens.
  ``a*d - b*c`` is computed exactly in int64 when the counts are integers small
  enough, and G2 terms are computed as ``O * log1p((O - E) / E)`` so that
  large cells do not lose the small differences that carry the statistic.

The p-value of a G2 or chi-square statistic and multiple-comparison
corrections are in :mod:`corpus_tools.stats.tests`.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from scipy import special as _special

from .._validation import check_array, check_not_greater, check_number, check_option
from ._common import _cross, _finish, _olog, _signed

__all__ = [
    "log_likelihood", "log_likelihood_2term", "chi_square", "fisher_exact_p",
    "log_ratio", "log_ratio_ci", "conservative_log_ratio", "percent_diff",
    "simple_maths", "odds_ratio", "relative_risk", "bic", "ell",
    "difference_coefficient", "log_odds_dirichlet",
]

_LN2 = np.log(2.0)


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


# --------------------------------------------------------------------------
# significance
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
    # scipy.stats takes over a second to import: only Fisher's test needs it here
    from scipy.stats import hypergeom as hg

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


# --------------------------------------------------------------------------
# effect sizes
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
    z = -_special.ndtri(alpha / n_comparisons / 2.0)  # norm.isf, without importing scipy.stats
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
