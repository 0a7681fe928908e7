"""Window co-occurrence counts: which words lie in the windows of a node.

Array operations over stream indices (see :mod:`corpus_tools.counts.streams`):
window pairs, the bounds a node's window may not cross, the union of the
windows and the collocate counts inside it.
"""

from __future__ import annotations

import numpy as np

from .streams import Stream, _distinct, expand_ranges, segment_of

__all__ = ["window_pairs", "window_collocate_counts", "node_bounds", "window_union"]


def window_pairs(stream: Stream, starts: np.ndarray, ends: np.ndarray, left: int, right: int, *,
                 offsets: np.ndarray, sentence_starts: np.ndarray | None = None,
                 segments: np.ndarray | None = None):
    """Every (node, stream index) pair inside a node's window.

    The window of a node that spans stream indices ``[start, end)`` is the
    ``left`` elements before ``start`` and the ``right`` elements from
    ``end`` on, cut at the node's document edges and, when
    ``sentence_starts`` is given, at its sentence edges. The node's own
    elements are never in its window.

    Parameters
    ----------
    stream : Stream
    starts, ends : numpy.ndarray of int64
        Stream indices of each node (end exclusive).
    left, right : int
        Window span in stream elements.
    offsets : numpy.ndarray of int64
        Document offsets (global positions).
    sentence_starts : numpy.ndarray of int64, optional
        Cut windows at sentences too.
    segments : numpy.ndarray of int, optional
        Precomputed segment (document or sentence) number of every stream
        element, from :func:`stream_segments`; replaces ``offsets`` and
        ``sentence_starts`` (faster for repeated queries).

    Returns
    -------
    node : numpy.ndarray of int64
        Row of the node in ``starts`` for each pair.
    index : numpy.ndarray of int64
        Stream index of the window element for each pair.

    Examples
    --------
    >>> s = Stream(np.arange(6), np.zeros(6, np.int32), np.ones(6, bool), np.array(["x"], object),
    ...            np.array([6]))
    >>> node, idx = window_pairs(s, np.array([1]), np.array([2]), 2, 2, offsets=np.array([0, 6]))
    >>> idx.tolist()
    [0, 2, 3]
    """
    starts = np.asarray(starts, dtype=np.int64)
    ends = np.asarray(ends, dtype=np.int64)
    n = len(stream)
    steps_left = np.arange(-left, 0, dtype=np.int64)
    steps_right = np.arange(0, right, dtype=np.int64)
    cand = np.concatenate([(starts[:, None] + steps_left).ravel(), (ends[:, None] + steps_right).ravel()])
    node = np.concatenate([np.repeat(np.arange(len(starts)), left), np.repeat(np.arange(len(starts)), right)])
    # The anchor is the node's first element for the left side, its last for the right side.
    anchor = np.concatenate([np.repeat(starts, left), np.repeat(ends - 1, right)])
    keep = (cand >= 0) & (cand < n)
    cand, node, anchor = cand[keep], node[keep], anchor[keep]
    if segments is not None:
        keep = segments[cand] == segments[anchor]
    else:
        pos_c = stream.positions[cand]
        pos_a = stream.positions[anchor]
        keep = segment_of(pos_c, offsets[:-1]) == segment_of(pos_a, offsets[:-1])
        if sentence_starts is not None:
            keep &= segment_of(pos_c, sentence_starts) == segment_of(pos_a, sentence_starts)
    return node[keep], cand[keep]


def node_bounds(stream: Stream, starts: np.ndarray, ends: np.ndarray, edges) -> tuple:
    """For each node, the stream indices where its window may begin and must end.

    ``lo`` is the first index of the segment of the node's first element,
    ``hi`` one past the last index of the segment of its last element.

    Parameters
    ----------
    stream : Stream
    starts, ends : numpy.ndarray of int64
        Stream indices of each node (end exclusive, ``end > start``).
    edges : tuple
        From :func:`segment_edges`.

    Examples
    --------
    >>> s = Stream(np.arange(6), np.zeros(6, np.int32), np.ones(6, bool), np.array(["x"], object),
    ...            np.array([6]))
    >>> edges = (np.array([0, 3]), np.array([0, 3, 6]))
    >>> [b.tolist() for b in node_bounds(s, np.array([1, 4]), np.array([2, 5]), edges)]
    [[0, 3], [3, 6]]
    """
    seg_starts, first = edges
    starts = np.asarray(starts, dtype=np.int64)
    ends = np.asarray(ends, dtype=np.int64)
    if len(starts) == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    k_first = np.searchsorted(seg_starts, stream.positions[starts], side="right") - 1
    k_last = np.searchsorted(seg_starts, stream.positions[ends - 1], side="right") - 1
    return first[k_first], first[k_last + 1]


def window_union(starts: np.ndarray, ends: np.ndarray, left: int, right: int,
                 lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Distinct stream indices inside the union of the node windows, ascending.

    The window of a node ``[start, end)`` is ``[max(start - left, lo),
    start)`` and ``[end, min(end + right, hi))``: the same elements that
    :func:`window_pairs` gives, found from the spans instead of one
    candidate per window place, so no sort of the candidates is needed.

    Examples
    --------
    >>> window_union(np.array([2, 4]), np.array([3, 5]), 2, 1, np.array([0, 0]),
    ...              np.array([9, 9])).tolist()
    [0, 1, 2, 3, 5]
    """
    starts = np.asarray(starts, dtype=np.int64)
    ends = np.asarray(ends, dtype=np.int64)
    begin, stop = [], []
    if left:
        begin.append(np.maximum(starts - left, lo))
        stop.append(starts)
    if right:
        begin.append(ends)
        stop.append(np.minimum(ends + right, hi))
    if not begin or len(starts) == 0:
        return np.empty(0, dtype=np.int64)
    a = np.concatenate(begin)
    b = np.concatenate(stop)
    if len(a) > 1 and bool((a[1:] < a[:-1]).any()):
        order = np.argsort(a, kind="stable")  # two ascending runs: a merge
        a, b = a[order], b[order]
    # Each span keeps only what lies beyond every earlier span's end.
    reach = np.maximum.accumulate(b)
    a[1:] = np.maximum(a[1:], reach[:-1])
    return expand_ranges(a, b - a)


def _edges_from_arrays(stream: Stream, offsets, sentence_starts, segments):
    """:func:`segment_edges` for callers that pass the boundaries themselves."""
    if segments is not None:
        segments = np.asarray(segments)
        change = np.flatnonzero(segments[1:] != segments[:-1]) + 1
        first = np.concatenate([[0], change, [len(segments)]]).astype(np.int64)
        return first[:-1], first, True
    parts = [np.zeros(1, dtype=np.int64), np.asarray(offsets[:-1], dtype=np.int64)]
    if sentence_starts is not None:
        parts.append(np.asarray(sentence_starts, dtype=np.int64))
    starts = _distinct(np.concatenate(parts))[0]
    first = np.append(np.searchsorted(stream.positions, starts), len(stream)).astype(np.int64)
    return starts, first, False


def window_collocate_counts(stream: Stream, starts: np.ndarray, ends: np.ndarray, left: int,
                            right: int, *, offsets: np.ndarray,
                            sentence_starts: np.ndarray | None = None,
                            segments: np.ndarray | None = None):
    """Collocate tokens in the union of the nodes' windows, counted by term.

    A token that lies in the windows of two nodes counts once (windows are
    merged, not added). Punctuation elements of the stream take their place
    in the window but are never counted. Parameters as in
    :func:`window_pairs` (``segments``, if given, must be non-decreasing, as
    :func:`stream_segments` makes them); the windows are the same.

    Returns
    -------
    o11 : numpy.ndarray of int64
        Per term id: its word tokens inside the windows.
    window_tokens : int
        Word tokens inside the windows (the row total of the surface
        co-occurrence table).
    window_index : numpy.ndarray of int64
        The distinct stream indices of those word tokens.

    Examples
    --------
    >>> s = Stream(np.arange(5), np.array([0, 1, 0, 1, 2], np.int32), np.ones(5, bool),
    ...            np.array(["a", "b", "c"], object), np.array([2, 2, 1]))
    >>> o11, size, _ = window_collocate_counts(s, np.array([1, 3]), np.array([2, 4]), 1, 1,
    ...                                        offsets=np.array([0, 5]))
    >>> o11.tolist(), size
    ([2, 0, 1], 3)
    """
    starts = np.asarray(starts, dtype=np.int64)
    ends = np.asarray(ends, dtype=np.int64)
    seg_starts, first, by_index = _edges_from_arrays(stream, offsets, sentence_starts, segments)
    if by_index and len(starts):
        # Segments are given per stream index: look the nodes up by index, not position.
        lo = first[np.searchsorted(seg_starts, starts, side="right") - 1]
        hi = first[np.searchsorted(seg_starts, ends - 1, side="right")]
    else:
        lo, hi = node_bounds(stream, starts, ends, (seg_starts, first))
    uniq = window_union(starts, ends, left, right, lo, hi)
    uniq = uniq[stream.is_word[uniq]]
    o11 = np.bincount(stream.ids[uniq], minlength=len(stream.terms)).astype(np.int64)
    return o11, int(len(uniq)), uniq


