"""Window co-occurrence counts: which words lie in the windows of a node.

One structure, :class:`WindowCounts`: for a node's occurrences in a set of
documents, the word tokens of every term inside the union of the node
windows (all, left, right), the window size, the node frequency, and the
term frequencies and word count of those documents: everything a collocate
table needs, and nothing of statistics. Build it with :func:`window_counts`.

Mergeable: windows never cross a document edge, so the counts of disjoint
sets of documents add up to the counts of their union
(:meth:`WindowCounts.merge`, vocabularies aligned by term).

Below it, array operations over stream indices (see
:mod:`corpus_tools.counts.streams`): window pairs, the bounds a node's
window may not cross, the union of the windows and the collocate counts
inside it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._align import positions_in, same_terms, union_terms
from .streams import Stream, _distinct, document_index, expand_ranges, segment_edges, segment_of

__all__ = ["WindowCounts", "window_counts", "window_pairs", "window_collocate_counts", "node_bounds",
           "window_union"]


@dataclass(frozen=True)
class WindowCounts:
    """A node's window co-occurrence counts over a set of documents.

    Attributes
    ----------
    terms : numpy.ndarray of object
        The vocabulary (sorted by code point) that the per-term arrays index.
    o11, left, right : numpy.ndarray of int64
        Per term: its word tokens inside the union of all node windows, of
        the left windows, of the right windows (a token between two close
        nodes can be in both, so ``left + right`` may exceed ``o11``).
    f_collocate : numpy.ndarray of int64
        Per term: its word-token frequency in the documents.
    f_node : int
        Node occurrences.
    window_tokens : int
        Distinct word tokens inside the union of the windows.
    n : int
        Word tokens in the documents.

    Examples
    --------
    >>> a = WindowCounts(np.array(["rain", "sun"], object), np.array([1, 0]), np.array([1, 0]),
    ...                  np.array([0, 0]), np.array([2, 1]), 1, 1, 3)
    >>> b = WindowCounts(np.array(["fog", "rain"], object), np.array([2, 0]), np.array([1, 0]),
    ...                  np.array([1, 0]), np.array([2, 1]), 1, 2, 3)
    >>> m = WindowCounts.merge([a, b])
    >>> m.terms.tolist(), m.o11.tolist(), m.f_collocate.tolist(), (m.f_node, m.window_tokens, m.n)
    (['fog', 'rain', 'sun'], [2, 1, 0], [2, 3, 1], (2, 3, 6))
    """

    terms: np.ndarray
    o11: np.ndarray
    left: np.ndarray
    right: np.ndarray
    f_collocate: np.ndarray
    f_node: int
    window_tokens: int
    n: int

    _PER_TERM = ("o11", "left", "right", "f_collocate")

    def reindex(self, terms) -> "WindowCounts":
        """The same counts over another vocabulary that holds every term with a count (sorted).

        Examples
        --------
        >>> a = WindowCounts(np.array(["rain"], object), np.array([1]), np.array([1]),
        ...                  np.array([0]), np.array([2]), 1, 1, 2)
        >>> a.reindex(np.array(["fog", "rain"], object)).o11.tolist()
        [0, 1]
        """
        terms = np.asarray(terms, dtype=object)
        where = positions_in(terms, self.terms)
        arrays = {}
        for name in self._PER_TERM:
            out = np.zeros(len(terms), dtype=np.int64)
            out[where] = getattr(self, name)
            arrays[name] = out
        return WindowCounts(terms, **arrays, f_node=self.f_node, window_tokens=self.window_tokens, n=self.n)

    @classmethod
    def merge(cls, parts) -> "WindowCounts":
        """The counts of disjoint sets of documents of a corpus as the counts of their union.

        Vocabularies are aligned by term (the merged terms sorted by code
        point); every count is a sum. See the class example.
        """
        parts = list(parts)
        if not parts:
            raise ValueError("merge() needs at least one WindowCounts")
        terms = union_terms([p.terms for p in parts])
        parts = [p if same_terms(p.terms, terms) else p.reindex(terms) for p in parts]
        sums = {name: np.sum([getattr(p, name) for p in parts], axis=0, dtype=np.int64)
                for name in cls._PER_TERM}
        return cls(terms, **sums, f_node=sum(p.f_node for p in parts),
                   window_tokens=sum(p.window_tokens for p in parts), n=sum(p.n for p in parts))


def window_counts(corpus, stream: Stream, start: np.ndarray, end: np.ndarray, left: int, right: int, *,
                  doc_mask: np.ndarray | None = None, sentence_bounded: bool = True,
                  words_only: bool = True) -> WindowCounts:
    """Count a node's window co-occurrences (the counting convention of :mod:`~corpus_tools.analyses.collocations`).

    Parameters
    ----------
    corpus : Corpus
    stream : Stream
        From :func:`~corpus_tools.counts.streams.token_stream` of ``corpus``.
    start, end : numpy.ndarray of int64
        Stream indices ``[start, end)`` of every node occurrence (its first
        and last elements are words).
    left, right : int
        Window span in stream elements.
    doc_mask : numpy.ndarray of bool, optional
        Count only the nodes, windows and frequencies of these documents.
    sentence_bounded : bool, default=True
        Windows stop at sentence edges (always at document edges).
    words_only : bool, default=True
        ``stream`` holds word tokens only; otherwise its punctuation takes
        places in the windows but is never counted.

    Returns
    -------
    WindowCounts

    Examples
    --------
    >>> import pandas as pd
    >>> from corpus_tools.counts.streams import stream_hits, token_stream
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": [pd.NaT], "title": [""],
    ...                      "text": ["Rain fell. Rain, rain!"]})
    >>> c = ct.Corpus.from_documents(docs)
    >>> s = token_stream(c)
    >>> node = stream_hits(s, [int(s.terms.tolist().index("rain"))])
    >>> w = window_counts(c, s, node, node + 1, 1, 1)
    >>> {t: int(o) for t, o in zip(w.terms, w.o11) if o}, w.f_node, w.window_tokens, w.n
    ({'fell': 1, 'rain': 2}, 3, 3, 4)
    """
    start = np.asarray(start, dtype=np.int64)
    end = np.asarray(end, dtype=np.int64)
    if doc_mask is None:
        f_coll = stream.frequencies
        n = int(f_coll.sum())
    else:
        doc_mask = np.asarray(doc_mask, dtype=bool)
        keep = doc_mask[segment_of(stream.positions[start], corpus.tokens.offsets[:-1])]
        start, end = start[keep], end[keep]
        # Only the chosen documents' stretches of the stream are read.
        index = document_index(corpus, stream, doc_mask)
        chosen = stream.ids[index if words_only else index[stream.is_word[index]]]
        f_coll = np.bincount(chosen, minlength=len(stream.terms)).astype(np.int64)
        n = int(len(chosen))
    lo, hi = node_bounds(stream, start, end, segment_edges(corpus, stream, sentences=sentence_bounded))
    # The union of all windows, and of the left and the right ones on their own.
    counted = []
    for span_left, span_right in ((left, right), (left, 0), (0, right)):
        index = window_union(start, end, span_left, span_right, lo, hi)
        if not words_only:
            index = index[stream.is_word[index]]
        counted.append((np.bincount(stream.ids[index], minlength=len(stream.terms)).astype(np.int64),
                        int(len(index))))
    (o11, window_tokens), (o11_left, _), (o11_right, _) = counted
    return WindowCounts(stream.terms, o11, o11_left, o11_right, f_coll, int(len(start)), window_tokens, n)


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


