"""Tests of significance: p-values from statistics and multiple-comparison corrections.

:func:`p_value_chi2` turns a G2 or chi-square statistic (from
:mod:`corpus_tools.stats.keyness` or :mod:`corpus_tools.stats.association`)
into a p-value; :func:`adjust_p` corrects a family of p-values (Bonferroni,
Holm, Benjamini-Hochberg). Document-level tests (comparing per-document
rates rather than pooled counts) will live here too. Fisher's exact test is a
keyness measure of its own (:func:`corpus_tools.stats.fisher_exact_p`).
The public path is ``corpus_tools.stats.<name>``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from scipy import stats as _sps

from .._validation import check_array, check_option
from ._common import _finish

__all__ = ["p_value_chi2", "adjust_p"]


def p_value_chi2(stat):
    """Upper-tail p-value of a (signed) chi-square or G2 statistic with one degree of freedom.

    Parameters
    ----------
    stat : array_like
        Statistic from :func:`corpus_tools.stats.log_likelihood`,
        :func:`corpus_tools.stats.log_likelihood_2term`,
        :func:`corpus_tools.stats.chi_square` or
        :func:`corpus_tools.stats.assoc_log_likelihood`. The sign is
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
