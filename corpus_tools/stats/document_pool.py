"""Document tests of many groups, each against all the other documents.

:func:`~corpus_tools.stats.document_test` takes two sets of documents. A grid
of outlets, each against the rest, would hand it the whole corpus once per
outlet: 66 outlets of the AllSides corpus took 210 s with Welch's test.
:class:`DocumentPool` prepares the rates, ranks and moments of every
document once; each group then costs a pass over its own entries and the
vocabulary, never a copy of the rest. Mann-Whitney's ranks are shared,
because the group and its rest together are always the whole pool, so U
and p are those of ``document_test`` bit for bit; Welch's moments of the
rest are the pool's minus the group's, about a shift, and agree to 1e-11
(tests/stats/test_document_pool.py). The bootstrap has nothing to share and
runs ``document_test`` on the two sides.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from .._ranges import row_entries
from .._validation import check_option
from .tests import (
    DOCUMENT_TESTS,
    _all_equal,
    _document_rates,
    _exact_runs,
    _mean_var,
    _run_ranks,
    _u_test,
    _welch_from_moments,
    document_test,
)

__all__ = ["DocumentPool"]


class DocumentPool:
    """Per-document rates of a set of documents, to test groups of them against the rest.

    Parameters
    ----------
    counts : scipy.sparse matrix
        Documents x terms counts.
    sizes : array-like of int
        Each document's size (word tokens). Documents of size 0 are left out
        of every group and every rest, as in ``document_test``.

    Examples
    --------
    >>> from scipy import sparse
    >>> counts = sparse.csr_matrix([[4, 0], [2, 1], [6, 0], [0, 1], [1, 2], [0, 0]])
    >>> pool = DocumentPool(counts, [200, 100, 300, 100, 200, 100])
    >>> pool.against_rest([0, 1, 2], test="welch")["statistic"].round(4)
    array([11.    , -0.7071])
    >>> pool.against_rest([0, 1, 2], test="wilcoxon")["statistic"]
    array([9., 3.])
    """

    def __init__(self, counts, sizes):
        self._rates, _ = _document_rates(counts, sizes, "counts", "sizes", "DocumentPool")
        z = np.asarray(sizes)
        self._counts = counts.tocsr()[z > 0]  # for the bootstrap, which takes counts
        self._sizes = z[z > 0]
        # pool row of each original row (-1: size 0, in no group)
        self._row_of = np.where(z > 0, np.cumsum(z > 0) - 1, -1)
        r = self._rates
        self.n_terms = r.shape[1]
        self._nnz = np.bincount(r.indices, minlength=self.n_terms)
        self._sums = np.bincount(r.indices, weights=r.data, minlength=self.n_terms)
        self._ranks = None
        self._by_term = None
        self._moments = None

    @property
    def n_documents(self) -> int:
        """Documents in the pool (those of size > 0)."""
        return self._rates.shape[0]

    def against_rest(self, rows, *, test: Literal["welch", "wilcoxon", "bootstrap"] = "welch",
                     n_boot: int = 1000, seed: int = 0, terms=None) -> dict:
        """Test documents ``rows`` (row numbers of ``counts``) against every other document.

        Parameters
        ----------
        rows : array-like of int
            The group: row numbers of ``counts`` (rows of size 0 are ignored).
        test : {"welch", "wilcoxon", "bootstrap"}, default="welch"
            As in :func:`~corpus_tools.stats.document_test`.
        n_boot, seed : int
            The bootstrap's resamples and seed.
        terms : array-like of int, optional
            Test only these columns, in this order (default: all). The
            p-values are the costly part, so a table of a few thousand terms
            should not pay for the whole vocabulary.

        Returns
        -------
        dict of str to numpy.ndarray
            What :func:`~corpus_tools.stats.document_test` returns for the
            group against the rest (``statistic``, ``p_value``,
            ``mean_pm_target``, ``mean_pm_reference``, and ``df`` for Welch),
            one value per term.
        """
        check_option(test, "test", DOCUMENT_TESTS, "DocumentPool.against_rest")
        cols = np.arange(self.n_terms) if terms is None else np.asarray(terms, dtype=np.int64)
        rows = self._row_of[np.asarray(rows, dtype=np.int64)]
        rows = np.unique(rows[rows >= 0])
        in_group = np.zeros(self.n_documents, dtype=bool)
        in_group[rows] = True
        if test == "bootstrap":  # resampling has no shared part to prepare
            rest = np.flatnonzero(~in_group)
            return document_test(self._counts[rows][:, cols], self._sizes[rows],
                                 self._counts[rest][:, cols], self._sizes[rest],
                                 test=test, n_boot=n_boot, seed=seed)
        target = self._rates[rows]
        n1, n2 = len(rows), self.n_documents - len(rows)
        sum_t = np.bincount(target.indices, weights=target.data, minlength=self.n_terms)
        nnz_r = self._nnz - np.bincount(target.indices, minlength=self.n_terms)
        # the rest's sums as the pool's minus the group's: no pass over the rest
        sum_r = np.where(nnz_r > 0, self._sums - sum_t, 0.0)
        nan = np.full(len(cols), np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = {"mean_pm_target": sum_t[cols] * 1e6 / n1 if n1 else nan,
                   "mean_pm_reference": sum_r[cols] * 1e6 / n2 if n2 else nan}
            if test == "welch":
                if n1 < 2 or n2 < 2:
                    out.update(statistic=nan, p_value=nan, df=nan)
                else:
                    moments_t = [x[cols] for x in _mean_var(target, sum_t)]
                    moments_r = [x[cols] for x in self._rest_mean_var(target, in_group, nnz_r, n2)]
                    t, p, df = _welch_from_moments(n1, *moments_t, n2, *moments_r)
                    out.update(statistic=t, p_value=p, df=df)
            elif n1 < 1 or n2 < 1:
                out.update(statistic=nan, p_value=nan)
            else:
                out["statistic"], out["p_value"] = self._u_against_rest(target, rows, n1, n2, cols)
        return {k: np.array(v, dtype=np.float64) for k, v in out.items()}

    def _rest_mean_var(self, target, in_group, nnz_r, n: int):
        """Mean, sample variance and constant-ness of the rest's rates, from the pool's and the group's moments.

        Sums of deviations from a shift ``K`` (the pool's mean) are taken
        once over the pool and once over the group; the rest's are their
        differences, ``m = K + D1 / n`` and ``ss = D2 - D1**2 / n``. With
        ``K`` near the rest's mean the subtraction loses almost nothing
        (agreement with ``document_test`` to 1e-12 in the tests), where the
        textbook ``sum x**2 - n m**2`` can lose every digit.
        """
        shift, d1_pool, d2_pool = self._shifted_moments()
        n1 = target.shape[0]
        dev = target.data - shift[target.indices]
        zeros_t = n1 - np.bincount(target.indices, minlength=self.n_terms)
        d1 = d1_pool - (np.bincount(target.indices, weights=dev, minlength=self.n_terms) - zeros_t * shift)
        d2 = d2_pool - (np.bincount(target.indices, weights=dev * dev, minlength=self.n_terms)
                        + zeros_t * shift * shift)
        m = np.where(nnz_r > 0, shift + d1 / n, 0.0)
        ss = np.maximum(d2 - d1 * d1 / n, 0.0)
        constant = nnz_r == 0
        full = np.flatnonzero(nnz_r == n)
        if full.size:  # a term in every document of the rest: constant if all its rates are equal
            constant[full] = self._constant_in_rest(full, in_group)
        ss[constant] = 0.0
        return m, ss / (n - 1), constant

    def _shifted_moments(self):
        """Per term: the shift K (the pool's mean rate), and the pool's sums of (x - K) and (x - K)**2."""
        if self._moments is None:
            r, n = self._rates, self.n_documents
            shift = self._sums / n if n else np.zeros(self.n_terms)
            dev = r.data - shift[r.indices]
            zeros = n - self._nnz
            d1 = np.bincount(r.indices, weights=dev, minlength=self.n_terms) - zeros * shift
            d2 = np.bincount(r.indices, weights=dev * dev, minlength=self.n_terms) + zeros * shift * shift
            self._moments = (shift, d1, d2)
        return self._moments

    def _constant_in_rest(self, columns, in_group):
        """Whether each column's stored rates outside the group are all equal (from the CSC copy)."""
        if self._by_term is None:
            self._by_term = self._rates.tocsc()
        c = self._by_term
        positions = row_entries(c.indptr, columns)
        segments = np.repeat(np.arange(len(columns)), c.indptr[columns + 1] - c.indptr[columns])
        outside = ~in_group[c.indices[positions]]
        return _all_equal(segments[outside], c.data[positions][outside], len(columns))

    def _u_against_rest(self, target, rows, n1: int, n2: int, cols):
        """Mann-Whitney U1 and p of the group: its rank sums within the whole pool."""
        entry_rank, ties = self._pool_ranks()
        r, n = self._rates, self.n_documents
        positions = row_entries(r.indptr, rows)
        zeros = n - self._nnz
        zeros_t = n1 - np.bincount(target.indices, minlength=self.n_terms)
        r1 = zeros_t * (zeros + 1) / 2.0 + np.bincount(r.indices[positions], weights=entry_rank[positions],
                                                       minlength=self.n_terms)
        return _u_test(r1[cols], ties[cols], n1, n2)

    def _pool_ranks(self):
        """Average rank of every stored rate within its term (zeros first), and the tie sums; once."""
        if self._ranks is None:
            r = self._rates
            order, starts, run_col = _exact_runs(r.indices.astype(np.int64), r.data, self.n_terms)
            lengths, run_rank, ties = _run_ranks(starts, run_col, r.nnz, self._nnz,
                                                 self.n_documents - self._nnz, self.n_terms)
            entry_rank = np.empty(r.nnz)
            entry_rank[order] = np.repeat(run_rank, lengths)
            self._ranks = (entry_rank, ties)
        return self._ranks

