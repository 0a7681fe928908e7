"""Dispersion of terms over the parts of a corpus: range, DP, DPnorm, Juilland's D.

Each function takes a count matrix, rows = terms and columns = parts
(documents, months, outlets...), dense or ``scipy.sparse``; a 1-D array is
one term. Part sizes in tokens are optional (None = equal parts). Sparse
input is never densified: parts where a term is absent enter through sums.
The public path is ``corpus_tools.stats.<name>``.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from .._validation import check_array

__all__ = ["range_", "juilland_d", "dp", "dp_norm"]


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
