"""Tests of significance: p-values from statistics and multiple-comparison corrections.

:func:`p_value_chi2` turns a G2 or chi-square statistic (from
:mod:`corpus_tools.stats.keyness` or :mod:`corpus_tools.stats.association`)
into a p-value; :func:`adjust_p` corrects a family of p-values (Bonferroni,
Holm, Benjamini-Hochberg); :func:`document_test` compares per-document rates
of every term between two sets of documents (Welch's t, Mann-Whitney U, and
Lijffijt et al.'s bootstrap), the document-aware alternative to token-level
G2. Fisher's exact test is a keyness measure of its own
(:func:`corpus_tools.stats.fisher_exact_p`).
The public path is ``corpus_tools.stats.<name>``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from scipy import sparse as _sparse
from scipy import special as _special

from .._validation import check_array, check_number, check_option
from ._common import _finish

__all__ = ["p_value_chi2", "adjust_p", "document_test"]


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
    # chi2.sf(x, 1) is special.chdtrc(1, x); scipy.stats takes a second to import
    return _finish(_special.chdtrc(1, np.abs(s)))


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


# ---------------------------------------------------------------- document-level tests

DOCUMENT_TESTS = ("welch", "wilcoxon", "bootstrap")

# Bytes the bootstrap may hold in dense per-resample sums at once (its chunk size follows).
_BOOT_MEMORY = 192 * 2**20


def document_test(target, target_sizes, reference, reference_sizes, *,
                  test: Literal["welch", "wilcoxon", "bootstrap"] = "welch",
                  n_boot: int = 1000, seed: int = 0) -> dict:
    """Compare every term's per-document rate between two sets of documents.

    Words cluster in documents (an article about a storm says "storm" twenty
    times), so token-level tests (G2, chi-square) treat one article's twenty
    "storm"s as twenty independent events and over-state significance. These
    tests take the document as the unit: each document gives one relative
    frequency ``r = count / size`` per term, and the two sets of rates are
    compared (Lijffijt et al. 2016).

    Parameters
    ----------
    target, reference : scipy.sparse matrix or array of int, shape (n_docs, n_terms)
        Counts of each term (columns, the same terms in both) in each document
        (rows); CSR is used as is, other sparse formats are converted.
        Counts are non-negative integers.
    target_sizes, reference_sizes : array_like of int, shape (n_docs,)
        Word tokens of each document of ``target`` / ``reference``: the
        denominators of the rates. Documents of size 0 have no rate and are
        left out (see Notes).
    test : {"welch", "wilcoxon", "bootstrap"}, default="welch"
        ``"welch"``: Welch's unequal-variance t-test of the mean rates.
        ``"wilcoxon"``: Mann-Whitney U (Wilcoxon rank-sum) test, normal
        approximation with tie and continuity corrections. ``"bootstrap"``:
        Lijffijt et al.'s (2016) bootstrap test over documents. All two-sided.
    n_boot : int, default=1000
        Bootstrap resamples (``"bootstrap"`` only); the smallest p-value it
        can give is ``1 / (n_boot + 1)``. Lijffijt et al. suggest 9,999 for
        final results.
    seed : int, default=0
        Seed of the bootstrap's random draws (``"bootstrap"`` only): the same
        seed gives the same p-values.

    Returns
    -------
    dict of str to numpy.ndarray
        One float64 value per term (column) under each key:

        - ``"statistic"``: Welch's t of target minus reference; Mann-Whitney
          ``U1``, the U of the target (the number of (target, reference)
          document pairs in which the target's rate is higher, ties counting
          1/2; ``n_t * n_r / 2`` under the null), as
          ``scipy.stats.mannwhitneyu(target, reference)`` reports it; for the
          bootstrap ``p1``, the share of resamples in which the target's mean
          rate is higher (ties 1/2). For all three, above the null value
          (0, ``n_t * n_r / 2``, 0.5) means more frequent in the target.
        - ``"p_value"``: two-sided p-value.
        - ``"mean_pm_target"``, ``"mean_pm_reference"``: mean rate per
          million words over the documents of each side (each document
          weighs the same, unlike the pooled ``1e6 * sum(counts) / sum(sizes)``).
        - ``"df"`` (``"welch"`` only): Welch-Satterthwaite degrees of freedom.

        ``"statistic"``, ``"p_value"`` and ``"df"`` are NaN where the test is
        undefined: fewer than 2 documents (of non-zero size) on a side for
        Welch and the bootstrap, none for Mann-Whitney; and, for Welch, a term
        whose rate is constant within each side (zero variance on both sides,
        e.g. absent from both). The means are NaN for a side without documents.

    Raises
    ------
    TypeError
        ``target`` or ``reference`` is not a 2-D scipy.sparse matrix, or an
        option has the wrong type.
    ValueError
        Unknown ``test``; counts negative or not integers; sizes negative,
        not integers, or not one per document; different numbers of terms;
        ``n_boot < 1`` or ``seed < 0``.

    See Also
    --------
    corpus_tools.stats.log_likelihood : the token-level keyness statistic.
    adjust_p : correct the p-values of all terms for multiple comparisons.

    Notes
    -----
    **Documents of size 0** have no rate (0/0). They are removed from their
    side before anything is computed: they count neither in ``n`` (the
    number of documents of the side) nor in any mean, rank or resample,
    whatever counts their row holds.

    **Welch** (``"welch"``): ``t = (m_t - m_r) / sqrt(v_t / n_t + v_r / n_r)``
    with ``m`` the mean and ``v`` the sample variance (``ddof=1``) of the
    side's rates, ``df`` Welch-Satterthwaite and ``p = 2 P(T_df > |t|)``.
    Equal to ``scipy.stats.ttest_ind(a, b, equal_var=False)`` on the dense
    rates (tests/golden/stats_document_tests.csv, rtol 1e-9), except that a
    term with zero variance on both sides gives NaN here, where scipy gives
    NaN or, for two different constants, a t of rounding noise (e.g. 1e16).
    The sums of squares are taken over the stored entries,
    ``sum_nz (r - m)^2 + (n - nnz) m^2``, not as ``sum r^2 - n m^2``, which
    cancels catastrophically. Appropriate with many documents a side (tens
    or more): it compares mean rates and relies on the central limit theorem,
    which skewed, zero-heavy rates of rare words reach slowly.

    **Mann-Whitney** (``"wilcoxon"``): the rates of both sides are ranked
    together (average ranks for ties; a term's zeros are one tie group),
    ``U1 = R1 - n_t (n_t + 1) / 2`` from the target's rank sum ``R1``,
    ``U = max(U1, n_t n_r - U1)``,
    ``z = (U - n_t n_r / 2 - 1/2) / s`` with
    ``s^2 = n_t n_r / 12 * (n + 1 - sum(t^3 - t) / (n (n - 1)))`` over the
    tie groups ``t``, and ``p = min(1, 2 P(Z > z))``. Equal to
    ``scipy.stats.mannwhitneyu(a, b, alternative="two-sided",
    method="asymptotic", use_continuity=True)`` (verified, rtol 1e-9),
    including terms absent from both sides (U1 = n_t n_r / 2, p = 1). Robust
    to skewed rates and outlier documents, but for a word absent from most
    documents the zeros dominate the ranks, and the test mostly asks whether
    the word occurs in more documents of one side: a test of range rather
    than of rate.

    **Bootstrap** (``"bootstrap"``), as defined by Lijffijt et al. (2016,
    section 3.4) and their reference code (``bootstraptest``, R and Matlab,
    http://users.ics.aalto.fi/lijffijt/bootstraptest/): each of the ``N =
    n_boot`` resamples draws ``m = min(n_t, n_r)`` documents with
    replacement from each side (the same number from both, the size of the
    smaller side, as in their code), and compares the mean rates of the two
    draws; ``p1 = (1/N) sum_i H(mean_t,i - mean_r,i)`` with ``H(x) = 1`` for
    ``x > 0``, ``1/2`` for a tie and ``0`` for ``x < 0``, and
    ``p = (1 + 2 N min(p1, 1 - p1)) / (1 + N)``. A tie is two equal means
    up to rounding: ``|sum_t - sum_r| <= 1e-12 max(sum_t, sum_r)`` for the
    sums of the ``m`` drawn rates (both zero included), so that the order of
    floating-point summation cannot decide it. The draws: with
    ``g_t, g_r = (numpy.random.default_rng(s) for s in
    numpy.random.SeedSequence(seed).spawn(2))``, resample ``i`` takes row
    ``i`` of ``g_t.integers(0, n_t, size=(N, m))`` (positions among the
    target's documents of non-zero size) and of ``g_r.integers(0, n_r,
    size=(N, m))``; they are drawn in chunks of rows, which gives the same
    numbers. Lijffijt et al. recommend it (with a t-test on the same data
    as a close second) because it makes no assumption on the distribution
    of the rates; it is the slowest of the three (its cost grows with
    ``n_boot * m * words per document``), and resolves p only to
    ``1 / (N + 1)``. Not verified against another implementation (there is
    none in Python); tests/stats/test_document_tests.py checks it against a
    per-term loop over the same draws and for uniform p under the null.

    None of the three has a per-term Python loop: the sums, ranks and
    resampled sums are computed for all terms at once from the sparse
    entries.

    References
    ----------
    Lijffijt, J., Nevalainen, T., Säily, T., Papapetrou, P., Puolamäki, K. &
    Mannila, H. (2016). Significance testing of word frequencies in corpora.
    Digital Scholarship in the Humanities 31(2), 374-397.
    Welch, B. L. (1947). The generalization of "Student's" problem when
    several different population variances are involved. Biometrika 34, 28-35.
    Mann, H. B. & Whitney, D. R. (1947). On a test of whether one of two
    random variables is stochastically larger than the other. Annals of
    Mathematical Statistics 18(1), 50-60.

    Examples
    --------
    Two terms in three target documents and four reference documents (the
    last of size 0, so left out):

    >>> from scipy import sparse
    >>> target = sparse.csr_matrix([[4, 0], [2, 1], [6, 0]])
    >>> reference = sparse.csr_matrix([[0, 1], [1, 2], [0, 0], [0, 0]])
    >>> res = document_test(target, [200, 100, 300], reference, [100, 200, 100, 0])
    >>> res["mean_pm_target"].round(1), res["mean_pm_reference"].round(1)
    (array([20000. ,  3333.3]), array([1666.7, 6666.7]))
    >>> res["statistic"].round(4), res["p_value"].round(4)
    (array([11.    , -0.7071]), array([0.0082, 0.5185]))
    >>> u = document_test(target, [200, 100, 300], reference, [100, 200, 100, 0], test="wilcoxon")
    >>> u["statistic"], u["p_value"].round(4)
    (array([9., 3.]), array([0.0593, 0.6193]))
    """
    caller = "document_test"
    check_option(test, "test", DOCUMENT_TESTS, caller)
    check_number(n_boot, "n_boot", caller, low=1, integer=True)
    check_number(seed, "seed", caller, low=0, integer=True)
    rt, zt_max = _document_rates(target, target_sizes, "target", "target_sizes", caller)
    rr, zr_max = _document_rates(reference, reference_sizes, "reference", "reference_sizes", caller)
    if rt.shape[1] != rr.shape[1]:
        raise ValueError(
            f"The 'reference' parameter of {caller}() must have the columns (terms) of 'target'. "
            f"Got {rr.shape[1]} terms instead of {rt.shape[1]}."
        )
    n_terms = rt.shape[1]
    n1, n2 = rt.shape[0], rr.shape[0]
    sum_t = np.bincount(rt.indices, weights=rt.data, minlength=n_terms)
    sum_r = np.bincount(rr.indices, weights=rr.data, minlength=n_terms)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = {
            "statistic": None,
            "p_value": None,
            "mean_pm_target": sum_t * 1e6 / n1 if n1 else np.full(n_terms, np.nan),
            "mean_pm_reference": sum_r * 1e6 / n2 if n2 else np.full(n_terms, np.nan),
        }
        if test == "welch":
            out["statistic"], out["p_value"], out["df"] = _welch(rt, sum_t, rr, sum_r)
        elif test == "wilcoxon":
            out["statistic"], out["p_value"] = _mann_whitney(rt, rr, max(zt_max, zr_max))
        else:
            out["statistic"], out["p_value"] = _bootstrap(rt, rr, n_boot, seed)
    return {k: np.asarray(v, dtype=np.float64) for k, v in out.items()}


def _document_rates(counts, sizes, name: str, sizes_name: str, caller: str):
    """CSR of per-document rates (count / size) without the size-0 rows and stored zeros; largest size."""
    if not _sparse.issparse(counts) or counts.ndim != 2:
        raise TypeError(
            f"The {name!r} parameter of {caller}() must be a 2-D scipy.sparse matrix "
            f"(documents x terms). Got {type(counts).__name__} instead."
        )
    x = _sparse.csr_matrix(counts, dtype=np.float64, copy=True)
    x.sum_duplicates()
    x.eliminate_zeros()
    if x.nnz and (x.data.min() < 0 or not np.all(x.data == np.floor(x.data))):
        bad = x.data[(x.data < 0) | (x.data != np.floor(x.data))][0]
        raise ValueError(
            f"The {name!r} parameter of {caller}() must hold non-negative integer counts. "
            f"Got an entry {float(bad)!r} instead."
        )
    z = check_array(sizes, sizes_name, caller, low=0, integer=True)
    if z.ndim != 1 or z.size != x.shape[0] or np.isnan(z).any():
        raise ValueError(
            f"The {sizes_name!r} parameter of {caller}() must give one size per document "
            f"({x.shape[0]}). Got shape {z.shape} instead."
        )
    keep = z > 0
    if not keep.all():
        x = x[keep]
        z = z[keep]
    x.data /= np.repeat(z, np.diff(x.indptr))
    return x, float(z.max()) if z.size else 1.0


def _welch(rt, sum_t, rr, sum_r):
    n1, n2 = rt.shape[0], rr.shape[0]
    n_terms = rt.shape[1]
    if n1 < 2 or n2 < 2:
        nan = np.full(n_terms, np.nan)
        return nan, nan.copy(), nan.copy()
    return _welch_from_moments(n1, *_mean_var(rt, sum_t), n2, *_mean_var(rr, sum_r))


def _welch_from_moments(n1, m1, v1, c1, n2, m2, v2, c2):
    """Welch's t, p and df from each side's size, means, variances and constant-ness."""
    se1, se2 = v1 / n1, v2 / n2
    se = se1 + se2
    t = (m1 - m2) / np.sqrt(se)
    df = se * se / (se1 * se1 / (n1 - 1) + se2 * se2 / (n2 - 1))
    p = 2.0 * _special.stdtr(df, -np.abs(t))
    undefined = c1 & c2
    for arr in (t, df, p):
        arr[undefined] = np.nan
    return t, p, df


def _mean_var(r, sums):
    """Mean, sample variance and constant-ness of every column of a rate CSR."""
    n, n_terms = r.shape
    m = sums / n
    dev = r.data - m[r.indices]
    nnz = np.bincount(r.indices, minlength=n_terms)
    ss = np.bincount(r.indices, weights=dev * dev, minlength=n_terms) + (n - nnz) * m * m
    # Exactly constant columns: absent everywhere, or present everywhere with one value.
    constant = nnz == 0
    full = np.flatnonzero(nnz == n)
    if full.size:
        sel = np.isin(r.indices, full)
        constant[full] = _all_equal(r.indices[sel], r.data[sel], n_terms)[full]
    ss[constant] = 0.0
    return m, ss / (n - 1), constant


def _all_equal(groups: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    """Whether the values of each group are all equal (min == max; a group without values: False)."""
    lo = np.full(n_groups, np.inf)
    hi = np.full(n_groups, -np.inf)
    np.minimum.at(lo, groups, values)
    np.maximum.at(hi, groups, values)
    return lo == hi


def _mann_whitney(rt, rr, s_max):
    n1, n2 = rt.shape[0], rr.shape[0]
    n_terms = rt.shape[1]
    if n1 < 1 or n2 < 1:
        nan = np.full(n_terms, np.nan)
        return nan, nan.copy()
    n = n1 + n2
    cols = np.concatenate([rt.indices, rr.indices]).astype(np.int64, copy=False)
    vals = np.concatenate([rt.data, rr.data])
    in_target = np.zeros(cols.size, dtype=bool)
    in_target[: rt.nnz] = True
    nnz = np.bincount(cols, minlength=n_terms)
    zeros = n - nnz  # one tie group per term, below every stored (positive) rate
    zeros_t = n1 - np.bincount(rt.indices, minlength=n_terms)
    runs = _tie_runs(cols, vals, in_target, n_terms, s_max)
    if runs is None:  # values too fine for one integer key: sort by (column, value) exactly
        order, starts, run_col = _exact_runs(cols, vals, n_terms)
        in_t = in_target[order]
        run_target = np.add.reduceat(in_t.astype(np.int64), starts) if starts.size else starts
    else:
        starts, run_col, run_target = runs
    lengths, run_rank, ties = _run_ranks(starts, run_col, cols.size, nnz, zeros, n_terms)
    r1 = zeros_t * (zeros + 1) / 2.0 + np.bincount(run_col, weights=run_rank * run_target,
                                                   minlength=n_terms)
    return _u_test(r1, ties, n1, n2)


def _exact_runs(cols, vals, n_terms):
    """``(order, starts, run_col)``: entries sorted by (column, value), where each run of ties starts, its column."""
    order = _order_by_column_then_value(cols, vals, n_terms)
    c, v = cols[order], vals[order]
    new_run = np.ones(c.size, dtype=bool)
    new_run[1:] = (c[1:] != c[:-1]) | (v[1:] != v[:-1])
    starts = np.flatnonzero(new_run)
    return order, starts, c[starts]


def _run_ranks(starts, run_col, n_entries: int, nnz, zeros, n_terms: int):
    """Each run's length and average rank (a term's zeros rank first), and each term's tie sum ``sum(t^3 - t)``."""
    lengths = np.diff(np.append(starts, n_entries))
    col_start = np.concatenate([[0], np.cumsum(nnz)])
    # average rank of a run of ties: after the term's zeros, positions start..start+len-1 (1-based)
    run_rank = zeros[run_col] + (starts - col_start[run_col]) + (lengths + 1) / 2.0
    lf = lengths.astype(np.float64)
    zf = zeros.astype(np.float64)
    ties = zf ** 3 - zf + np.bincount(run_col, weights=lf ** 3 - lf, minlength=n_terms)
    return lengths, run_rank, ties


def _u_test(r1, ties, n1: int, n2: int):
    """Mann-Whitney U1 and its two-sided asymptotic p from the target's rank sums and the tie sums."""
    n = n1 + n2
    u1 = r1 - n1 * (n1 + 1) / 2.0
    u = np.maximum(u1, n1 * n2 - u1)
    s = np.sqrt(np.maximum(n1 * n2 / 12.0 * ((n + 1) - ties / (n * (n - 1.0))), 0.0))
    z = (u - n1 * n2 / 2.0 - 0.5) / s
    p = np.clip(2.0 * _special.ndtr(-z), 0.0, 1.0)
    return u1, p


_KEY_BITS = 63  # bits of the packed (column, value, side) sort key of _tie_runs


def _tie_runs(cols, vals, in_target, n_terms, s_max):
    """Runs of equal (column, value) among the stored rates, from one sort of packed integer keys.

    Returns ``(starts, run_col, run_target)``: the first position of each run
    in (column, value) order, its column and how many of its entries are in
    the target; None when the key does not fit in :data:`_KEY_BITS` bits.

    The rates are ``c / s`` with integers ``s <= s_max``, so two different
    ones differ by at least ``1 / s_max**2``: ``floor(r * 2**k)`` with
    ``2**-k`` a quarter of that keeps every difference and every tie (the
    two floats are each within ``r_max * 2**-53`` of their rationals) and
    orders like ``r``. One ``numpy.sort`` of ``column | value | side`` packed
    in a uint64 is several times faster than ``argsort`` or ``lexsort``.
    """
    if cols.size == 0:
        e = np.zeros(0, dtype=np.int64)
        return e, e, e
    r_max = float(vals.max())
    k = int(np.ceil(2 * np.log2(max(s_max, 2.0)))) + 2
    val_bits = k + max(0, int(np.ceil(np.log2(r_max))) + 1)
    col_bits = max(1, int(np.ceil(np.log2(max(n_terms, 2)))))
    if col_bits + val_bits + 1 > _KEY_BITS or s_max * s_max * max(r_max, 1.0) >= 2.0 ** 48:
        return None
    q = np.floor(np.ldexp(vals, k)).astype(np.uint64)
    key = (cols.astype(np.uint64) << np.uint64(val_bits + 1)) | (q << np.uint64(1))
    key |= in_target.astype(np.uint64)
    key.sort()
    group = key >> np.uint64(1)
    new_run = np.ones(key.size, dtype=bool)
    np.not_equal(group[1:], group[:-1], out=new_run[1:])
    starts = np.flatnonzero(new_run)
    run_col = (group[starts] >> np.uint64(val_bits)).astype(np.int64)
    run_target = np.add.reduceat((key & np.uint64(1)).astype(np.int64), starts)
    return starts, run_col, run_target


def _order_by_column_then_value(cols, vals, n_terms):
    """Permutation sorting entries by column, then value: one value sort plus a counting sort.

    ``numpy.lexsort`` on the two keys is 3-4 times slower on millions of
    entries; the stable grouping by column is scipy's linear CSR -> CSC
    conversion of a matrix with one row per entry in value order.
    """
    by_value = np.argsort(vals)
    n = cols.size
    one_per_row = _sparse.csr_matrix(
        (np.ones(n, dtype=np.int8), cols[by_value], np.arange(n + 1)), shape=(n, n_terms))
    return by_value[one_per_row.tocsc().indices]


def _bootstrap(rt, rr, n_boot, seed):
    n1, n2 = rt.shape[0], rr.shape[0]
    n_terms = rt.shape[1]
    if n1 < 2 or n2 < 2:
        nan = np.full(n_terms, np.nan)
        return nan, nan.copy()
    m = min(n1, n2)
    g_t, g_r = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
    # Only terms present on some side need resampling: elsewhere both means are 0, a tie.
    active = np.flatnonzero(np.bincount(rt.indices, minlength=n_terms)
                            + np.bincount(rr.indices, minlength=n_terms))
    wins = np.zeros(active.size)
    if active.size:
        sums_t, sums_r = _resampler(rt[:, active], m), _resampler(rr[:, active], m)
        # per resample: two sums and two temporaries per term, the draws and two count columns
        per_row = active.size * 8 * 4 + m * 16 + (n1 + n2) * 8
        chunk = max(1, min(n_boot, _BOOT_MEMORY // per_row))
        for start in range(0, n_boot, chunk):
            b = min(chunk, n_boot - start)
            st = sums_t(g_t.integers(0, n1, size=(b, m)))
            sr = sums_r(g_r.integers(0, n2, size=(b, m)))
            diff = st - sr
            tol = 1e-12 * np.maximum(st, sr)
            higher = diff > tol
            tie = np.abs(diff) <= tol
            wins += higher.sum(axis=1) + 0.5 * tie.sum(axis=1)
    p1 = np.full(n_terms, 0.5)
    p1[active] = wins / n_boot
    p = (1.0 + 2.0 * n_boot * np.minimum(p1, 1.0 - p1)) / (1.0 + n_boot)
    return p1, p


# A sparse x dense product over every document costs about a tenth of a
# sparse x sparse product per drawn document (measured on 9M words of
# AllSides): the dense one wins unless the side has over ten times more
# documents than are drawn from it (a small group against the rest).
_DENSE_DRAWS_RATIO = 10


def _resampler(r, m: int):
    """A function of draws (resamples x m document rows) giving dense (terms x resamples) sums.

    A document drawn k times counts k times. The product is chosen for the
    side: draw counts as a dense documents x resamples matrix when ``m`` is
    a large share of the documents, sparse ones otherwise.
    """
    n = r.shape[0]
    if n <= _DENSE_DRAWS_RATIO * m:
        by_term = r.T.tocsr()

        def dense(draws):
            b = draws.shape[0]
            counts = np.bincount((draws + (np.arange(b) * n)[:, None]).ravel(), minlength=b * n)
            return by_term @ np.ascontiguousarray(counts.reshape(b, n).T, dtype=np.float64)
        return dense

    def sparse(draws):
        b = draws.shape[0]
        weights = _sparse.csr_matrix(
            (np.ones(b * m), draws.ravel(), np.arange(0, b * m + 1, m)), shape=(b, n))
        weights.sum_duplicates()
        return (weights @ r).toarray().T
    return sparse
