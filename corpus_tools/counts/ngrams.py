"""N-gram counts: where n-grams start, and distinct tuples of term ids with their counts.

N-gram codes are tuples of term ids, packed into one int64 key (mixed radix)
when they fit, so counting is one sort.
"""

from __future__ import annotations

import numpy as np

from .streams import Stream, _distinct

__all__ = ["ngram_starts", "count_tuples", "pack", "unpack"]


def ngram_starts(stream: Stream, n: int, *, offsets: np.ndarray, sentence_starts: np.ndarray) -> np.ndarray:
    """Stream indices where an n-gram of ``n`` words starts.

    An n-gram is ``n`` consecutive stream elements that are all words and
    lie in one sentence of one document. In an all-token stream a
    punctuation token therefore breaks n-grams; in a words-only stream it
    does not (it was removed first).

    Examples
    --------
    >>> s = Stream(np.arange(5), np.zeros(5, np.int32), np.array([1, 1, 0, 1, 1], bool),
    ...            np.array(["x"], object), np.array([4]))
    >>> ngram_starts(s, 2, offsets=np.array([0, 5]), sentence_starts=np.array([0])).tolist()
    [0, 3]
    """
    m = len(stream) - n + 1
    if m <= 0:
        return np.empty(0, dtype=np.int64)
    total = int(offsets[-1])
    if len(stream) == total and total and int(stream.positions[-1]) == total - 1:
        # Every token in the stream (stream index = global position): an n-gram
        # is cut where any of its tokens but the first begins a segment.
        begins = np.zeros(total, dtype=bool)
        begins[sentence_starts[sentence_starts < total]] = True
        begins[offsets[:-1][offsets[:-1] < total]] = True
        ok = stream.is_word[:m].copy()
        for k in range(1, n):
            ok &= stream.is_word[k:k + m]
            ok &= ~begins[k:k + m]
        return np.flatnonzero(ok)
    # Segment number of every token: a new one at each sentence and document start.
    mark = np.zeros(total + 1, dtype=np.int32)
    mark[sentence_starts[sentence_starts < total]] = 1
    mark[offsets[:-1][offsets[:-1] < total]] = 1
    segment = np.cumsum(mark[:total])[stream.positions]
    ok = stream.is_word[:m].copy()
    for k in range(1, n):
        ok &= stream.is_word[k:k + m] & (segment[k:k + m] == segment[:m])
    return np.flatnonzero(ok)


_KEY_LIMIT = 2 ** 62


def count_tuples(columns, bounds):
    """Distinct tuples of non-negative ints (one per row of ``columns``) and their counts.

    Parameters
    ----------
    columns : list of numpy.ndarray of int
        Equal lengths; row ``i`` is the tuple ``(columns[0][i], columns[1][i], ...)``.
    bounds : list of int
        ``columns[k] < bounds[k]``.

    Returns
    -------
    values : list of numpy.ndarray of int64
        One array per column: the distinct tuples, in ascending (lexicographic) order.
    counts : numpy.ndarray of int64

    Notes
    -----
    The tuple is packed into one int64 key (mixed radix) and counted with a
    sort; when the key would not fit in int64 the columns are first
    renumbered pairwise (slower, exact).

    Examples
    --------
    >>> values, counts = count_tuples([np.array([1, 0, 1]), np.array([2, 2, 2])], [3, 3])
    >>> [v.tolist() for v in values], counts.tolist()
    ([[0, 1], [2, 2]], [1, 2])
    """
    bounds = [max(int(b), 1) for b in bounds]
    if not columns or len(columns[0]) == 0:
        return [np.empty(0, dtype=np.int64) for _ in columns], np.empty(0, dtype=np.int64)
    if float(np.prod(np.asarray(bounds, dtype=np.float64))) < _KEY_LIMIT:
        key = pack(columns, bounds)
        key.sort()  # pack made a new array: sort it in place
        uniq, counts = _distinct(key, presorted=True)
        return unpack(uniq, bounds), counts.astype(np.int64)
    columns = [np.asarray(c, dtype=np.int64) for c in columns]
    # Too wide for one key: renumber pairwise, keep a representative row per tuple.
    key = columns[0]
    top = bounds[0]
    for col, b in zip(columns[1:], bounds[1:]):
        if top * b >= _KEY_LIMIT:
            _, key = np.unique(key, return_inverse=True)
            key = key.astype(np.int64).ravel()
            top = int(key.max()) + 1
        key = key * b + col
        top = top * b
    _, first, counts = np.unique(key, return_index=True, return_counts=True)
    return [c[first] for c in columns], counts.astype(np.int64)


def pack(columns, bounds) -> np.ndarray:
    """Mixed-radix int64 key of each row (caller checks that the product of bounds fits)."""
    key = np.asarray(columns[0]).astype(np.int64)  # always a new array: it is changed in place
    for col, b in zip(columns[1:], bounds[1:]):
        key *= b
        key += np.asarray(col)
    return key


def unpack(key: np.ndarray, bounds) -> list:
    """Inverse of :func:`pack`."""
    out = []
    rest = np.asarray(key, dtype=np.int64)
    for b in reversed(bounds[1:]):
        rest, digit = np.divmod(rest, b)
        out.append(digit)
    out.append(rest)
    return out[::-1]
