"""Word streams over the token store: positions, term hits, segments.

Every function here is an array operation over token positions; none loops
over tokens in Python. Window counts (:mod:`corpus_tools.counts.windows`),
n-gram counts (:mod:`corpus_tools.counts.ngrams`) and the concordance are
built on them.

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

__all__ = ["Stream", "token_stream", "segment_of", "segment_edges", "document_edges", "stream_hits",
           "select_documents", "expand_ranges", "term_positions", "arrow_terms", "stream_segments",
           "document_index"]


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
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": [pd.NaT],
    ...                      "title": [""], "text": ["Rain, rain."]})
    >>> s = token_stream(ct.Corpus.from_documents(docs))
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
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "date": [pd.NaT] * 2,
    ...                      "title": ["", ""], "text": ["One.", "Two."]})
    >>> select_documents(ct.Corpus.from_documents(docs), {"outlet": "Y"}, "by", "f").tolist()
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
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": [pd.NaT],
    ...                      "title": [""], "text": ["Rain, rain, rain."]})
    >>> c = ct.Corpus.from_documents(docs)
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


def stream_segments(corpus, stream: Stream, *, sentences: bool) -> np.ndarray:
    """Sentence (or document) number of every stream element, int32, cached per corpus.

    Every non-empty document begins a sentence, so equal sentence numbers
    imply the same document.

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "date": [pd.NaT] * 2,
    ...                      "title": ["", ""], "text": ["Rain. Sun.", "Fog."]})
    >>> c = ct.Corpus.from_documents(docs)
    >>> stream_segments(c, token_stream(c), sentences=True).tolist()
    [1, 2, 3]
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
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": [pd.NaT],
    ...                      "title": [""], "text": ["Rain fell. Sun, then rain."]})
    >>> c = ct.Corpus.from_documents(docs)
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
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "date": [pd.NaT] * 2,
    ...                      "title": ["", ""], "text": ["One, two.", "Three."]})
    >>> c = ct.Corpus.from_documents(docs)
    >>> document_edges(c, token_stream(c)).tolist()
    [0, 2, 3]
    """
    key = ("document edges", len(stream), int(stream.positions[-1]) if len(stream) else -1)
    return corpus.cache.get(key, lambda: np.searchsorted(stream.positions, corpus.tokens.offsets)
                            .astype(np.int64))


def document_index(corpus, stream: Stream, doc_mask) -> np.ndarray:
    """Stream indices of the elements in the documents ``doc_mask`` picks, ascending.

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "date": [pd.NaT] * 2,
    ...                      "title": ["", ""], "text": ["One, two.", "Three."]})
    >>> c = ct.Corpus.from_documents(docs)
    >>> document_index(c, token_stream(c), np.array([False, True])).tolist()
    [2]
    """
    doc_first = document_edges(corpus, stream)
    rows = np.flatnonzero(doc_mask)
    return expand_ranges(doc_first[rows], doc_first[rows + 1] - doc_first[rows])


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


