"""Row order of the analyses' tables: score descending, ties in term order."""

from __future__ import annotations

import numpy as np

__all__ = ["sort_order"]


def sort_order(score: np.ndarray) -> np.ndarray:
    """Row order: ``score`` descending, NaN last, ties in the current row order.

    Tables are built with their rows in ascending term order, so ties end up
    sorted by term.

    Examples
    --------
    >>> sort_order(np.array([1.0, np.nan, 3.0, 1.0, -np.inf])).tolist()
    [2, 0, 3, 4, 1]
    """
    score = np.asarray(score, dtype=np.float64)
    nan = np.isnan(score)
    rows = np.flatnonzero(~nan) if nan.any() else np.arange(len(score), dtype=np.int64)
    key = -score[rows]
    # A fast unstable sort, then ties put back in row order: pack (tie group,
    # row) into one int64 and sort that (a stable argsort is several times slower).
    if len(score) >= 2 ** 31:
        order = rows[np.argsort(key, kind="stable")]
    else:
        order = np.argsort(key)
        ranked = key[order]
        order = rows[order]
        tie = ranked[1:] == ranked[:-1]
        if tie.any():
            group = np.zeros(len(ranked), dtype=np.int64)
            np.cumsum(~tie, out=group[1:])
            size = len(score) + 1
            order = np.sort(group * size + order) % size
    if nan.any():
        order = np.concatenate([order, np.flatnonzero(nan)])
    return order.astype(np.intp, copy=False)


