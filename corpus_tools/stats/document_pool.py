"""Document tests of many groups, each against all the other documents.

:func:`~corpus_tools.stats.document_test` takes two sets of documents. A grid
of outlets, each against the rest, would hand it the whole corpus once per
outlet: 66 outlets of the AllSides corpus took 210 s with Welch's test.
:class:`DocumentPool` prepares the rates of every document once; each group
then costs a pass over its own entries and one pass over the stored rates,
with no copy of the rest. The results are those of ``document_test`` on the
group and the rest, bit for bit (tests/stats/test_document_pool.py): the
same sums are taken in the same order, and ranks are shared because the
group and its rest together are always the whole pool.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from .._validation import check_option
from .tests import (
    DOCUMENT_TESTS,
    _document_rates,
    _mean_var,
    _order_by_column_then_value,
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
        self._entry_row = np.repeat(np.arange(r.shape[0], dtype=np.int32), np.diff(r.indptr))
        self._nnz = np.bincount(r.indices, minlength=self.n_terms)
        self._ranks = None

    @property
    def n_documents(self) -> int:
        """Documents in the pool (those of size > 0)."""
        return self._rates.shape[0]

    def against_rest(self, rows, *, test: Literal["welch", "wilcoxon", "bootstrap"] = "welch",
                     n_boot: int = 1000, seed: int = 0) -> dict:
        """Test documents ``rows`` (row numbers of ``counts``) against every other document.

        Parameters
        ----------
        rows : array-like of int
            The group: row numbers of ``counts`` (rows of size 0 are ignored).
        test : {"welch", "wilcoxon", "bootstrap"}, default="welch"
            As in :func:`~corpus_tools.stats.document_test`.
        n_boot, seed : int
            The bootstrap's resamples and seed.

        Returns
        -------
        dict of str to numpy.ndarray
            What :func:`~corpus_tools.stats.document_test` returns for the
            group against the rest (``statistic``, ``p_value``,
            ``mean_pm_target``, ``mean_pm_reference``, and ``df`` for Welch),
            one value per term.
        """
        check_option(test, "test", DOCUMENT_TESTS, "DocumentPool.against_rest")
        rows = self._row_of[np.asarray(rows, dtype=np.int64)]
        rows = np.unique(rows[rows >= 0])
        in_group = np.zeros(self.n_documents, dtype=bool)
        in_group[rows] = True
        target = self._rates[rows]
        if test == "bootstrap":  # resampling has no shared part to prepare
            rest = np.flatnonzero(~in_group)
            return document_test(self._counts[rows], self._sizes[rows], self._counts[rest],
                                 self._sizes[rest], test=test, n_boot=n_boot, seed=seed)
        n1, n2 = len(rows), self.n_documents - len(rows)
        r = self._rates
        in_rest = ~in_group[self._entry_row]
        sum_t = np.bincount(target.indices, weights=target.data, minlength=self.n_terms)
        sum_r = np.bincount(r.indices, weights=np.where(in_rest, r.data, 0.0), minlength=self.n_terms)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = {"mean_pm_target": sum_t * 1e6 / n1 if n1 else np.full(self.n_terms, np.nan),
                   "mean_pm_reference": sum_r * 1e6 / n2 if n2 else np.full(self.n_terms, np.nan)}
            if test == "welch":
                if n1 < 2 or n2 < 2:
                    nan = np.full(self.n_terms, np.nan)
                    out.update(statistic=nan, p_value=nan.copy(), df=nan.copy())
                else:
                    t, p, df = _welch_from_moments(n1, *_mean_var(target, sum_t),
                                                   n2, *self._rest_mean_var(in_rest, sum_r, n2))
                    out.update(statistic=t, p_value=p, df=df)
            elif n1 < 1 or n2 < 1:
                out.update(statistic=np.full(self.n_terms, np.nan), p_value=np.full(self.n_terms, np.nan))
            else:
                out["statistic"], out["p_value"] = self._u_against_rest(target, rows, n1, n2)
        return {k: np.asarray(v, dtype=np.float64) for k, v in out.items()}

    def _rest_mean_var(self, in_rest, sums, n: int):
        """``_mean_var`` of the rest's rows, over the pool's entries with the group's weighted 0."""
        r, n_terms = self._rates, self.n_terms
        m = sums / n
        dev = np.where(in_rest, r.data - m[r.indices], 0.0)
        nnz = np.bincount(r.indices, weights=in_rest, minlength=n_terms).astype(np.int64)
        ss = np.bincount(r.indices, weights=dev * dev, minlength=n_terms) + (n - nnz) * m * m
        constant = nnz == 0
        full = np.flatnonzero(nnz == n)
        if full.size:  # rare: a term in every document of the rest
            sel = in_rest & np.isin(r.indices, full)
            lo = np.full(n_terms, np.inf)
            hi = np.full(n_terms, -np.inf)
            np.minimum.at(lo, r.indices[sel], r.data[sel])
            np.maximum.at(hi, r.indices[sel], r.data[sel])
            constant[full] = lo[full] == hi[full]
        ss[constant] = 0.0
        return m, ss / (n - 1), constant

    def _u_against_rest(self, target, rows, n1: int, n2: int):
        """Mann-Whitney U1 and p of the group: its rank sums within the whole pool."""
        entry_rank, ties = self._pool_ranks()
        r, n = self._rates, self.n_documents
        starts, ends = r.indptr[rows], r.indptr[rows + 1]
        lengths = ends - starts
        positions = (np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
                     + np.arange(int(lengths.sum())))
        zeros = n - self._nnz
        zeros_t = n1 - np.bincount(target.indices, minlength=self.n_terms)
        r1 = zeros_t * (zeros + 1) / 2.0 + np.bincount(r.indices[positions], weights=entry_rank[positions],
                                                       minlength=self.n_terms)
        return _u_test(r1, ties, n1, n2)

    def _pool_ranks(self):
        """Average rank of every stored rate within its term (zeros first), and the tie sums; once."""
        if self._ranks is None:
            r, n_terms = self._rates, self.n_terms
            cols = r.indices.astype(np.int64)
            order = _order_by_column_then_value(cols, r.data, n_terms)
            c, v = cols[order], r.data[order]
            new_run = np.ones(c.size, dtype=bool)
            new_run[1:] = (c[1:] != c[:-1]) | (v[1:] != v[:-1])
            starts = np.flatnonzero(new_run)
            run_col = c[starts]
            lengths = np.diff(np.append(starts, c.size))
            zeros = self.n_documents - self._nnz
            col_start = np.concatenate([[0], np.cumsum(self._nnz)])
            run_rank = zeros[run_col] + (starts - col_start[run_col]) + (lengths + 1) / 2.0
            entry_rank = np.empty(c.size)
            entry_rank[order] = np.repeat(run_rank, lengths)
            lf, zf = lengths.astype(np.float64), zeros.astype(np.float64)
            ties = zf ** 3 - zf + np.bincount(run_col, weights=lf ** 3 - lf, minlength=n_terms)
            self._ranks = (entry_rank, ties)
        return self._ranks
