"""Vectorised counting over the token store: word streams, windows, n-gram codes.

Every function here is an array operation over token positions; none loops
over tokens in Python. The analyses in :mod:`corpus_tools.analyses.collocations`,
:mod:`corpus_tools.analyses.ngrams` and :mod:`corpus_tools.analyses.concordance` are built on
them.

Positions
---------
*Global positions* index ``corpus.tokens.ids`` (all tokens, punctuation
included). A *stream* is a selection of global positions in ascending order,
usually the word tokens only; *stream indices* index that selection, so that
"five words to the left" is simply ``index - 5``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Stream", "token_stream", "segment_of", "window_pairs", "window_collocate_counts",
           "segment_edges", "document_edges", "node_bounds", "stream_hits", "window_union",
           "ngram_starts", "count_tuples", "pack", "unpack", "select_documents", "expand_ranges",
           "term_positions", "arrow_terms", "sort_order", "stream_segments"]



@dataclass(frozen=True)
class Stream:
    """A run of tokens (all, or words only) with their term ids.

    Attributes
    ----------
    positions : numpy.ndarray of int64
        Global position of each stream element, ascending.
    ids : numpy.ndarray of int32
        Term id of each element: a lower-case id (``lower_vocab``) or a surface id (``vocab``).
    is_word : numpy.ndarray of bool
        Is the element a word token (always true for a words-only stream)?
    terms : numpy.ndarray of object
        The vocabulary that ``ids`` index.
    frequencies : numpy.ndarray of int64
        Word-token frequency of every term over the whole stream
        (punctuation never counted).
    """

    positions: np.ndarray
    ids: np.ndarray
    is_word: np.ndarray
    terms: np.ndarray
    frequencies: np.ndarray

    def __len__(self) -> int:
        return len(self.positions)


def token_stream(corpus, *, lower: bool = True, words_only: bool = True) -> Stream:
    """The corpus as a :class:`Stream` of lower-case (or surface) term ids; cached.

    Parameters
    ----------
    corpus : Corpus
    lower : bool, default=True
        Ids into ``lower_vocab`` ("May" and "may" one term) or into ``vocab``.
    words_only : bool, default=True
        Keep word tokens only (punctuation removed, so it takes no place in
        windows or n-grams), or keep every token.

    Returns
    -------
    Stream

    Examples
    --------
    >>> import pandas as pd
    >>> from corpus_tools.corpus.corpus import Corpus
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": [pd.NaT],
    ...                      "title": [""], "text": ["Rain, rain."]})
    >>> s = token_stream(Corpus.from_documents(docs))
    >>> s.positions.tolist(), s.terms[s.ids].tolist()
    ([0, 2], ['rain', 'rain'])
    """
    return corpus.cache.get(("stream", "lower" if lower else "surface",
                             "words" if words_only else "all tokens"),
                            lambda: _build_stream(corpus, bool(lower), bool(words_only)))


def _build_stream(corpus, lower: bool, words_only: bool) -> Stream:
    t = corpus.tokens
    terms = t.lower_vocab if lower else t.vocab
    # Frequencies from the cached surface-id counts (one bincount shared by all four
    # streams), mapped to lower-case terms with a pass over the vocabulary only.
    freq = _surface_word_counts(corpus)
    if lower:
        freq = np.bincount(t.lower, weights=freq, minlength=len(terms)).astype(np.int64)
    if words_only:
        # One lookup gives the term id, or -1 for punctuation.
        code = np.where(t.is_word, t.lower if lower else np.arange(len(t.vocab)), -1)
        mapped = code.astype(np.int32)[t.ids]
        positions = np.flatnonzero(mapped >= 0)
        ids = mapped[positions]
        is_word = np.ones(len(positions), dtype=bool)
    else:
        positions = np.arange(len(t.ids), dtype=np.int64)
        ids = (t.lower[t.ids] if lower else t.ids).astype(np.int32, copy=False)
        is_word = t.is_word[t.ids]
    return Stream(positions.astype(np.int64, copy=False), ids, is_word, terms, freq)


def _surface_word_counts(corpus) -> np.ndarray:
    """Word-token count of every surface id (0 for punctuation), int64, cached."""
    def build():
        t = corpus.tokens
        counts = np.bincount(t.ids, minlength=len(t.vocab)).astype(np.int64)
        counts[~np.asarray(t.is_word, dtype=bool)] = 0
        return counts

    return corpus.cache.get(("surface word counts",), build)


def select_documents(corpus, selector, name: str, caller: str) -> np.ndarray:
    """Boolean mask of the documents a selector picks: :meth:`Corpus.select`.

    Examples
    --------
    >>> import pandas as pd
    >>> from corpus_tools.corpus.corpus import Corpus
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "date": [pd.NaT] * 2,
    ...                      "title": ["", ""], "text": ["One.", "Two."]})
    >>> select_documents(Corpus.from_documents(docs), {"outlet": "Y"}, "by", "f").tolist()
    [False, True]
    """
    return corpus.select(selector, name=name, caller=caller)


def term_positions(corpus, surface_ids) -> np.ndarray:
    """Global positions of every token whose surface id is in ``surface_ids``, ascending.

    One comparison per token and id for up to six ids (a few ms per 10M
    tokens), else one boolean lookup per token (``table[ids]``); no index
    to build or hold in memory.

    Examples
    --------
    >>> import pandas as pd
    >>> from corpus_tools.corpus.corpus import Corpus
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": [pd.NaT],
    ...                      "title": [""], "text": ["Rain, rain, rain."]})
    >>> c = Corpus.from_documents(docs)
    >>> term_positions(c, [int(c.tokens.vocab.tolist().index("rain"))]).tolist()
    [2, 4]
    """
    return _where_in(corpus.tokens.ids, surface_ids, len(corpus.tokens.vocab))


def stream_hits(stream: Stream, term_ids) -> np.ndarray:
    """Stream indices of the elements whose term id is in ``term_ids``, ascending.

    Examples
    --------
    >>> s = Stream(np.arange(4), np.array([0, 2, 1, 2], np.int32), np.ones(4, bool),
    ...            np.array(["a", "b", "c"], object), np.array([1, 1, 2]))
    >>> stream_hits(s, [2]).tolist()
    [1, 3]
    """
    return _where_in(stream.ids, term_ids, len(stream.terms))


def _where_in(ids: np.ndarray, wanted, size: int) -> np.ndarray:
    """Indices of ``ids`` whose value is in ``wanted`` (values < ``size``)."""
    wanted = _distinct(np.asarray(wanted, dtype=np.int64))[0]
    if len(wanted) == 0:
        return np.empty(0, dtype=np.int64)
    if len(wanted) <= _COMPARE_LIMIT:
        # A few vectorised comparisons beat a table lookup (a gather) per token.
        hit = ids == int(wanted[0])
        for value in wanted[1:]:
            hit |= ids == int(value)
    else:
        table = np.zeros(size, dtype=bool)
        table[wanted] = True
        hit = table[ids]
    return np.flatnonzero(hit).astype(np.int64, copy=False)


# Up to this many ids, term_positions compares instead of looking up (each
# comparison costs about a tenth of a lookup).
_COMPARE_LIMIT = 6


def arrow_terms(corpus, lower: bool):
    """The vocabulary as a pyarrow string array (cached), for building n-gram strings in bulk."""
    import pyarrow as pa

    terms = corpus.tokens.lower_vocab if lower else corpus.tokens.vocab
    return corpus.cache.get(("arrow vocabulary", "lower" if lower else "surface"),
                            lambda: pa.array(terms.tolist(), type=pa.large_string()))


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


def stream_segments(corpus, stream: Stream, *, sentences: bool) -> np.ndarray:
    """Sentence (or document) number of every stream element, int32, cached per corpus.

    Every non-empty document begins a sentence, so equal sentence numbers
    imply the same document.
    """
    key = ("stream segments", len(stream), int(stream.positions[-1]) if len(stream) else -1,
           "sentences" if sentences else "documents")

    def build():
        t = corpus.tokens
        total = int(t.offsets[-1])
        mark = np.zeros(total + 1, dtype=np.int32)
        mark[t.offsets[:-1][t.offsets[:-1] < total]] = 1
        if sentences:
            mark[t.sentence_starts[t.sentence_starts < total]] = 1
        return np.cumsum(mark[:total], dtype=np.int32)[stream.positions]

    return corpus.cache.get(key, build)


def segment_of(global_positions: np.ndarray, boundaries: np.ndarray) -> np.ndarray:
    """Segment number of each position, for ascending segment start positions.

    Two positions are in the same document (sentence) when their numbers
    with ``boundaries = offsets[:-1]`` (``sentence_starts``) are equal.

    Examples
    --------
    >>> segment_of(np.array([0, 2, 3, 7]), np.array([0, 3, 5])).tolist()
    [0, 0, 1, 2]
    """
    return np.searchsorted(boundaries, global_positions, side="right") - 1


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


def segment_edges(corpus, stream: Stream, *, sentences: bool):
    """Where the segments (sentences, or documents) begin, globally and in the stream; cached.

    Every non-empty document begins a sentence, so a sentence never spans
    two documents.

    Returns
    -------
    starts : numpy.ndarray of int64
        Global position where each segment begins, ascending (0 first).
    first : numpy.ndarray of int64
        Stream index of each segment's first element (the next segment's
        when it has none), with ``len(stream)`` appended.

    Examples
    --------
    >>> import pandas as pd
    >>> from corpus_tools.corpus.corpus import Corpus
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": [pd.NaT],
    ...                      "title": [""], "text": ["Rain fell. Sun, then rain."]})
    >>> c = Corpus.from_documents(docs)
    >>> starts, first = segment_edges(c, token_stream(c), sentences=True)
    >>> starts.tolist(), first.tolist()
    ([0, 3], [0, 2, 5])
    """
    key = ("segment edges", len(stream), int(stream.positions[-1]) if len(stream) else -1,
           "sentences" if sentences else "documents")

    def build():
        t = corpus.tokens
        total = int(t.offsets[-1])
        parts = [np.zeros(1, dtype=np.int64), np.asarray(t.offsets[:-1], dtype=np.int64)]
        if sentences:
            parts.append(np.asarray(t.sentence_starts, dtype=np.int64))
        starts = _distinct(np.concatenate(parts))[0]
        starts = starts[starts < max(total, 1)]
        first = np.append(np.searchsorted(stream.positions, starts), len(stream)).astype(np.int64)
        return starts, first

    return corpus.cache.get(key, build)


def document_edges(corpus, stream: Stream) -> np.ndarray:
    """Stream index where each document begins, with ``len(stream)`` at the end; cached.

    Examples
    --------
    >>> import pandas as pd
    >>> from corpus_tools.corpus.corpus import Corpus
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "date": [pd.NaT] * 2,
    ...                      "title": ["", ""], "text": ["One, two.", "Three."]})
    >>> c = Corpus.from_documents(docs)
    >>> document_edges(c, token_stream(c)).tolist()
    [0, 2, 3]
    """
    key = ("document edges", len(stream), int(stream.positions[-1]) if len(stream) else -1)
    return corpus.cache.get(key, lambda: np.searchsorted(stream.positions, corpus.tokens.offsets)
                            .astype(np.int64))


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


def expand_ranges(begin: np.ndarray, length: np.ndarray) -> np.ndarray:
    """The indices ``begin[i] .. begin[i] + length[i] - 1`` of every range, concatenated.

    Ranges of length 0 (or less) contribute nothing; no Python loop.

    Examples
    --------
    >>> expand_ranges(np.array([3, 10, 0]), np.array([2, 0, 1])).tolist()
    [3, 4, 0]
    """
    keep = length > 0
    begin, length = begin[keep], length[keep]
    total = int(length.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    shift = begin - (np.cumsum(length) - length)
    return np.arange(total, dtype=np.int64) + np.repeat(shift, length)


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


def _distinct(values: np.ndarray, *, presorted: bool = False):
    """Sorted distinct values and how often each occurs.

    The same as ``np.unique(values, return_counts=True)``, written out as a
    sort and a diff because ``np.unique`` in numpy 2.4 is many times slower
    on int64 (it tries a hash table first). ``presorted=True`` skips the
    sort for values already in ascending order.

    Examples
    --------
    >>> [a.tolist() for a in _distinct(np.array([3, 1, 3, 2, 3]))]
    [[1, 2, 3], [1, 1, 3]]
    """
    ordered = values if presorted else np.sort(values)
    if len(ordered) == 0:
        return ordered, np.empty(0, dtype=np.int64)
    first = np.empty(len(ordered), dtype=bool)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    at = np.flatnonzero(first)
    counts = np.diff(np.append(at, len(ordered))).astype(np.int64)
    return ordered[at], counts


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
