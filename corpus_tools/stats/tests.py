"""Tests of significance: p-values from statistics and multiple-comparison corrections.

:func:`p_value_chi2` turns a G2 or chi-square statistic (from
:mod:`corpus_tools.stats.keyness` or :mod:`corpus_tools.stats.association`)
into a p-value; :func:`adjust_p` corrects a family of p-values (Bonferroni,
Holm, Benjamini-Hochberg); :func:`document_test` compares the documents of
two sides through per-document rates (Welch's t, Mann-Whitney U). Fisher's exact test is a
keyness measure of its own (:func:`corpus_tools.stats.fisher_exact_p`).
The public path is ``corpus_tools.stats.<name>``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from scipy import stats as _sps

from .._validation import check_array, check_option
from ._common import _finish

__all__ = ["p_value_chi2", "adjust_p", "document_test", "DOCUMENT_TESTS"]


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


# --------------------------------------------------------------------------
# document-level tests
# --------------------------------------------------------------------------

DOCUMENT_TESTS = ("welch", "wilcoxon")


def _rates(matrix, sizes):
    """CSR pieces of per-document relative frequencies, documents of size 0 left out.

    Returns the term ids and rates of the stored entries, and the number of documents kept.
    """
    from scipy import sparse

    sizes = np.asarray(sizes, dtype=np.int64)
    matrix = sparse.csr_matrix(matrix)
    if matrix.shape[0] != len(sizes):
        raise ValueError(f"document_test(): {matrix.shape[0]} documents of counts but {len(sizes)} sizes")
    kept = sizes > 0
    matrix = matrix[kept]
    matrix.sum_duplicates()
    row_sizes = np.repeat(sizes[kept], np.diff(matrix.indptr))
    nonzero = matrix.data != 0
    return (matrix.indices[nonzero].astype(np.int64), matrix.data[nonzero] / row_sizes[nonzero],
            int(kept.sum()), matrix.shape[1])


def _mean_and_ss(terms, rates, n: int, n_terms: int):
    """Per-term mean rate and sum of squared deviations over ``n`` documents (zeros included)."""
    count = np.bincount(terms, minlength=n_terms)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(terms, weights=rates, minlength=n_terms) / n
    dev = rates - mean[terms]
    # the zero entries each deviate by -mean
    ss = np.bincount(terms, weights=dev * dev, minlength=n_terms) + (n - count) * mean * mean
    return mean, ss


def _welch(t_side, r_side, n_terms):
    (t_terms, t_rates, n1), (r_terms, r_rates, n2) = t_side, r_side
    m1, ss1 = _mean_and_ss(t_terms, t_rates, n1, n_terms)
    m2, ss2 = _mean_and_ss(r_terms, r_rates, n2, n_terms)
    with np.errstate(invalid="ignore", divide="ignore"):
        v1, v2 = ss1 / (n1 - 1) / n1, ss2 / (n2 - 1) / n2
        se2 = v1 + v2
        t = (m1 - m2) / np.sqrt(se2)
        df = se2 * se2 / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
    p = 2.0 * _sps.t.sf(np.abs(t), df)
    undefined = (n1 < 2) | (n2 < 2) | ~(se2 > 0)
    t = np.where(undefined, np.nan, t)
    p = np.where(undefined, np.nan, p)
    return t, p, m1, m2


def _mann_whitney(t_side, r_side, n_terms):
    """U of the first sample and its two-sided asymptotic p (ties and continuity corrected)."""
    (t_terms, t_rates, n1), (r_terms, r_rates, n2) = t_side, r_side
    terms = np.concatenate([t_terms, r_terms])
    rates = np.concatenate([t_rates, r_rates])
    first = np.concatenate([np.ones(len(t_terms), dtype=bool), np.zeros(len(r_terms), dtype=bool)])
    n = n1 + n2
    zeros = n - np.bincount(terms, minlength=n_terms)  # documents without the term, both sides
    # rank the stored (positive) rates within each term: one sort over (term, rate)
    order = np.lexsort((rates, terms))
    terms, rates, first = terms[order], rates[order], first[order]
    start = np.searchsorted(terms, np.arange(n_terms))
    position = np.arange(len(terms)) - start[terms]  # 0-based place among the term's positive rates
    new = np.ones(len(terms), dtype=bool)
    new[1:] = (terms[1:] != terms[:-1]) | (rates[1:] != rates[:-1])
    group = np.cumsum(new) - 1
    g_first = position[new]
    g_size = np.bincount(group)
    g_last = g_first + g_size - 1
    # the zeros take ranks 1..zeros; positive rates follow them
    rank = zeros[terms] + 1 + (g_first[group] + g_last[group]) / 2.0
    own_zeros = n1 - np.bincount(terms[first], minlength=n_terms)
    r1 = np.bincount(terms[first], weights=rank[first], minlength=n_terms) + own_zeros * (zeros + 1) / 2.0
    u1 = r1 - n1 * (n1 + 1) / 2.0
    g_term = terms[new]
    ties = (np.bincount(g_term, weights=g_size.astype(float) ** 3 - g_size, minlength=n_terms)
            + zeros.astype(float) ** 3 - zeros)
    mu = n1 * n2 / 2.0
    with np.errstate(invalid="ignore", divide="ignore"):
        s = np.sqrt(n1 * n2 / 12.0 * ((n + 1) - ties / (n * (n - 1))))
        u = np.maximum(u1, n1 * n2 - u1)
        z = (u - mu - 0.5) / s
    p = np.minimum(2.0 * _sps.norm.sf(z), 1.0)
    undefined = (n1 < 1) | (n2 < 1) | ~(s > 0)
    return np.where(undefined, np.nan, u1), np.where(undefined, np.nan, p)


def document_test(target, target_sizes, reference, reference_sizes, *,
                  test: Literal["welch", "wilcoxon"] = "welch"):
    """Compare two sets of documents term by term through per-document relative frequencies.

    Parameters
    ----------
    target, reference : scipy.sparse matrix or array_like
        Counts, documents x terms, the same term columns on both sides.
    target_sizes, reference_sizes : array_like of int
        Word tokens of each document. A document of size 0 has no rate and
        is left out of its side (of ``n`` and of the test).
    test : {"welch", "wilcoxon"}, default="welch"
        ``"welch"``: Welch's two-sided t-test on the rates, equal to
        ``scipy.stats.ttest_ind(a, b, equal_var=False)``; right for means of
        many documents a side. ``"wilcoxon"``: the Wilcoxon rank-sum /
        Mann-Whitney U test, two-sided, normal approximation with tie and
        continuity correction, equal to ``scipy.stats.mannwhitneyu(a, b,
        method="asymptotic")``; robust to the skew of news rates, but where
        most documents lack a term it mostly compares how many documents
        use it.

    Returns
    -------
    dict of numpy.ndarray
        One value per term: ``statistic`` (Welch's t, or U of the target),
        ``p_value``, ``mean_pm_target`` and ``mean_pm_reference`` (mean
        per-million rate over the documents of a side, zeros included). The
        statistic and p are NaN where the test is undefined: fewer than two
        documents a side, or no variance on either side, for Welch; an
        empty side or every document tied, for the rank test.

    Notes
    -----
    Vectorised over all terms: sums and squared deviations come from the
    stored (non-zero) entries, the zeros of a term are one tie group, and one
    sort over (term, rate) ranks every term's positive rates at once.

    References
    ----------
    Lijffijt, J., Nevalainen, T., Säily, T., Papapetrou, P., Puolamäki, K. &
    Mannila, H. (2016). Significance testing of word frequencies in corpora.
    Digital Scholarship in the Humanities 31(2), 374-397.

    Examples
    --------
    >>> import numpy as np
    >>> counts_a = np.array([[2, 0], [3, 1], [1, 0]])
    >>> counts_b = np.array([[0, 1], [1, 2], [0, 1], [0, 0]])
    >>> result = document_test(counts_a, [10, 10, 10], counts_b, [10, 10, 10, 10])
    >>> result["mean_pm_target"].round(1).tolist()
    [200000.0, 33333.3]
    >>> result["statistic"].round(4).tolist(), result["p_value"].round(4).tolist()
    ([2.7815, -1.2649], [0.0759, 0.2617])
    """
    check_option(test, "test", DOCUMENT_TESTS, "document_test")
    *t_side, n_terms = _rates(target, target_sizes)
    *r_side, r_terms = _rates(reference, reference_sizes)
    if r_terms != n_terms:
        raise ValueError(f"document_test(): the target has {n_terms} term columns, the reference {r_terms}")
    if test == "welch":
        stat, p, m1, m2 = _welch(t_side, r_side, n_terms)
    else:
        stat, p = _mann_whitney(t_side, r_side, n_terms)
        m1 = _mean_and_ss(t_side[0], t_side[1], t_side[2], n_terms)[0]
        m2 = _mean_and_ss(r_side[0], r_side[1], r_side[2], n_terms)[0]
    return {"statistic": stat, "p_value": p, "mean_pm_target": m1 * 1e6, "mean_pm_reference": m2 * 1e6}
