"""Positions of whole rows in a compressed (CSR or CSC) matrix's entry arrays.

Shared by the counting layer (one side's entries of the term x document
counts) and the statistics (a group's entries of the document rates), which
may import nothing else of each other.
"""

from __future__ import annotations

import numpy as np

__all__ = ["row_entries"]


def row_entries(indptr: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Positions in ``data``/``indices`` of the entries of ``rows``, row after row.

    Parameters
    ----------
    indptr : numpy.ndarray of int
        The matrix's row pointers (``indptr[i]:indptr[i + 1]`` are row ``i``'s entries).
    rows : numpy.ndarray of int
        The rows, in the order wanted.

    Returns
    -------
    numpy.ndarray of int64

    Examples
    --------
    >>> import numpy as np
    >>> row_entries(np.array([0, 2, 2, 5]), np.array([2, 0])).tolist()
    [2, 3, 4, 0, 1]
    """
    rows = np.asarray(rows, dtype=np.int64)
    starts = np.asarray(indptr)[rows].astype(np.int64, copy=False)
    lengths = np.asarray(indptr)[rows + 1] - starts
    total = int(lengths.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    shift = starts - (np.cumsum(lengths) - lengths)
    return np.arange(total, dtype=np.int64) + np.repeat(shift, lengths)
