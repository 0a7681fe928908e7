"""N-gram counts: where n-grams start, and distinct n-grams (tuples of term ids) with their counts.

One structure, :class:`NgramCounts`: the distinct n-grams of a corpus (or of
each group of its documents) as columns of term ids in ascending order, their
frequencies and the number of n-gram positions; :meth:`NgramCounts.marginals`
gives the sub-tuple counts M(T) an association table needs. Build it with
:func:`ngram_counts` (kept on the corpus) or :func:`grouped_ngram_counts`.

Conventions: an n-gram is ``n`` consecutive word tokens in one sentence of
one document, read from the all-token stream, so punctuation breaks n-grams
(see :func:`ngram_starts`).

Mergeable: n-grams never cross a document edge, so the counts of disjoint
sets of documents add up to the counts of their union
(:meth:`NgramCounts.merge`, vocabularies and group labels aligned).

N-gram codes are tuples of term ids, packed into one int64 key (mixed radix)
when they fit, so counting is one sort.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

from ._align import positions_in, same_terms, union_terms
from .streams import Stream, _distinct, token_stream

__all__ = ["NgramCounts", "ngram_counts", "grouped_ngram_counts", "ngram_positions", "ngram_starts",
           "count_tuples", "pack", "unpack"]


@dataclass(frozen=True)
class NgramCounts:
    """Distinct n-grams and their frequencies, over a corpus or per group of its documents.

    Attributes
    ----------
    terms : numpy.ndarray of object
        The vocabulary (sorted by code point) that ``ids`` index.
    ids : tuple of numpy.ndarray of int64
        ``n`` columns: row ``i`` is the n-gram ``terms[ids[0][i]], ...``.
        Rows are distinct and in ascending order (by group first, if any).
    freq : numpy.ndarray of int64
        Occurrences of each row's n-gram (in its group).
    positions : int
        N-gram positions counted (the ``N`` of an association table).
    group : numpy.ndarray of int64, optional
        Row's group, an index into ``groups``.
    groups : numpy.ndarray of object, optional
        Group labels, ascending.

    Examples
    --------
    >>> a = NgramCounts(np.array(["new", "york"], object), (np.array([0]), np.array([1])),
    ...                 np.array([2]), 2)
    >>> b = NgramCounts(np.array(["is", "new", "york"], object), (np.array([1, 2]), np.array([2, 0])),
    ...                 np.array([1, 1]), 2)
    >>> m = NgramCounts.merge([a, b])
    >>> m.terms.tolist(), [c.tolist() for c in m.ids], m.freq.tolist(), m.positions
    (['is', 'new', 'york'], [[1, 2], [2, 0]], [3, 1], 4)
    """

    terms: np.ndarray
    ids: tuple
    freq: np.ndarray
    positions: int
    group: np.ndarray | None = None
    groups: np.ndarray | None = None

    @property
    def n(self) -> int:
        return len(self.ids)

    @classmethod
    def merge(cls, parts) -> "NgramCounts":
        """The counts of disjoint sets of documents of a corpus as the counts of their union.

        Vocabularies (and group labels) are aligned by value, sorted; the
        frequencies of an n-gram (in a group) are summed. See the class example.
        """
        parts = list(parts)
        if not parts:
            raise ValueError("merge() needs at least one NgramCounts")
        if len({p.n for p in parts}) != 1 or len({p.group is None for p in parts}) != 1:
            raise ValueError("merge() needs counts of one n-gram size, all grouped or none")
        terms = union_terms([p.terms for p in parts])
        grouped = parts[0].group is not None
        groups = _union_labels([p.groups for p in parts]) if grouped else None
        columns = [[] for _ in range(parts[0].n + grouped)]
        for p in parts:
            # Sorted vocabularies map monotonically: each part's rows stay in order.
            new_id = np.arange(len(terms)) if same_terms(p.terms, terms) else positions_in(terms, p.terms)
            if grouped:
                columns[0].append(np.searchsorted(groups, p.groups)[p.group])
            for k, col in enumerate(p.ids):
                columns[k + grouped].append(new_id[col])
        bounds = ([len(groups)] if grouped else []) + [len(terms)] * parts[0].n
        values, freq = sum_tuples([np.concatenate(c).astype(np.int64) for c in columns], bounds,
                                  np.concatenate([p.freq for p in parts]))
        return cls(terms, tuple(values[grouped:]), freq, sum(p.positions for p in parts),
                   values[0] if grouped else None, groups)

    def marginals(self, rows: np.ndarray) -> dict:
        """M(T) for the n-grams at ``rows``: positions that agree with each on the slots in T, every T.

        Keys are tuples of slots (``()`` gives the number of positions,
        ``(0, .., n-1)`` the n-gram's frequency). Ungrouped counts only.

        Examples
        --------
        >>> c = NgramCounts(np.array(["a", "b"], object), (np.array([0, 0, 1]), np.array([0, 1, 1])),
        ...                 np.array([1, 2, 3]), 6)
        >>> {k: v.tolist() for k, v in c.marginals(np.array([1])).items()}
        {(): [6], (0, 1): [2], (0,): [3], (1,): [5]}
        """
        if self.group is not None:
            raise ValueError("marginals() needs ungrouped counts")
        n, v = self.n, len(self.terms)
        cand = [c[rows] for c in self.ids]
        freq = self.freq[rows]
        marginal = {(): np.full(len(freq), self.positions, dtype=np.int64), tuple(range(n)): freq}
        for size in range(1, n):
            for slots in combinations(range(n), size):
                if size == 1:
                    # slot k of every position: bincount over the distinct n-grams, weighted
                    counts = np.bincount(self.ids[slots[0]], weights=self.freq, minlength=v).astype(np.int64)
                    marginal[slots] = counts[cand[slots[0]]]
                else:
                    bounds = [v] * size
                    keys, cnt = _marginal_counts(self.ids, self.freq, slots, bounds)
                    marginal[slots] = _lookup(keys, cnt, pack([cand[k] for k in slots], bounds))
        return marginal


def _union_labels(labels) -> np.ndarray:
    if all(len(a) == len(labels[0]) and (np.asarray(a) == np.asarray(labels[0])).all() for a in labels[1:]):
        return np.asarray(labels[0], dtype=object)
    return np.asarray(sorted(set().union(*[list(a) for a in labels])), dtype=object)


def ngram_positions(corpus, n: int, lower: bool = True):
    """The all-token stream and the stream indices where an n-gram starts; cached on the corpus.

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": [pd.NaT], "title": [""],
    ...                      "text": ["Rain, rain fell."]})
    >>> stream, starts = ngram_positions(ct.Corpus.from_documents(docs), 2)
    >>> [" ".join(stream.terms[stream.ids[[i, i + 1]]]) for i in starts]
    ['rain fell']
    """
    t = corpus.tokens
    # All tokens, so that punctuation sits between words and breaks n-grams.
    stream = token_stream(corpus, lower=lower, words_only=False)
    # A corpus never changes, so its n-gram positions do not either.
    starts = corpus.cache.get(("ngram starts", n, "lower" if lower else "surface"),
                              lambda: ngram_starts(stream, n, offsets=t.offsets,
                                                   sentence_starts=t.sentence_starts))
    return stream, starts


def ngram_counts(corpus, n: int, lower: bool = True) -> NgramCounts:
    """The distinct n-grams of a corpus and their frequencies; built once, kept on the corpus.

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": [pd.NaT], "title": [""],
    ...                      "text": ["The port, the port. Port the port!"]})
    >>> c = ngram_counts(ct.Corpus.from_documents(docs), 2)
    >>> [(" ".join(c.terms[[a, b]]), int(f)) for a, b, f in zip(*c.ids, c.freq)], c.positions
    ([('port the', 1), ('the port', 3)], 4)
    """
    def build():
        stream, starts = ngram_positions(corpus, n, lower)
        bounds = [len(stream.terms)] * n
        # ids[k:][starts] is ids[starts + k] without building starts + k.
        values, freq = count_tuples([stream.ids[k:][starts] for k in range(n)], bounds)
        return NgramCounts(stream.terms, tuple(values), freq, int(len(starts)))

    return corpus.cache.get(("ngram counts", n, "lower" if lower else "surface"), build)


def grouped_ngram_counts(corpus, n: int, lower: bool, codes: np.ndarray, groups) -> NgramCounts:
    """The distinct n-grams of each group of documents and their frequencies.

    Parameters
    ----------
    corpus : Corpus
    n : int
    lower : bool
    codes : numpy.ndarray of int
        Each document's group, an index into ``groups`` (-1: in none, not counted).
    groups : array-like
        Group labels, ascending.

    Returns
    -------
    NgramCounts
        With ``group`` and ``groups``; ``positions`` counts the grouped positions only.

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "date": [pd.NaT] * 2,
    ...                      "title": ["", ""], "text": ["Rain fell.", "Rain fell, rain fell."]})
    >>> c = grouped_ngram_counts(ct.Corpus.from_documents(docs), 2, True, np.array([0, 1]), ["X", "Y"])
    >>> c.group.tolist(), c.freq.tolist(), c.positions
    ([0, 1], [1, 2], 3)
    """
    stream, starts = ngram_positions(corpus, n, lower)
    per_token = np.repeat(np.asarray(codes).astype(np.int64), np.diff(corpus.tokens.offsets))
    g = per_token[stream.positions[starts]]
    keep = g >= 0
    cols = [stream.ids[starts[keep] + k].astype(np.int64) for k in range(n)]
    values, freq = count_tuples([g[keep], *cols], [len(groups)] + [len(stream.terms)] * n)
    return NgramCounts(stream.terms, tuple(values[1:]), freq, int(keep.sum()), values[0],
                       np.asarray(groups, dtype=object))


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
    """Mixed-radix int64 key of each row (caller checks that the product of bounds fits).

    Examples
    --------
    >>> pack([np.array([1, 0]), np.array([2, 1])], [2, 3]).tolist()
    [5, 1]
    """
    key = np.asarray(columns[0]).astype(np.int64)  # always a new array: it is changed in place
    for col, b in zip(columns[1:], bounds[1:]):
        key *= b
        key += np.asarray(col)
    return key


def unpack(key: np.ndarray, bounds) -> list:
    """Inverse of :func:`pack`.

    Examples
    --------
    >>> [c.tolist() for c in unpack(np.array([5, 1]), [2, 3])]
    [[1, 0], [2, 1]]
    """
    out = []
    rest = np.asarray(key, dtype=np.int64)
    for b in reversed(bounds[1:]):
        rest, digit = np.divmod(rest, b)
        out.append(digit)
    out.append(rest)
    return out[::-1]


def sum_tuples(columns, bounds, weights):
    """Distinct tuples (rows of ``columns``, ints ``< bounds``) with their weights summed.

    Examples
    --------
    >>> values, total = sum_tuples([np.array([1, 0, 1]), np.array([2, 2, 2])], [3, 3], np.array([4, 5, 6]))
    >>> [v.tolist() for v in values], total.tolist()
    ([[0, 1], [2, 2]], [5, 10])
    """
    weights = np.asarray(weights, dtype=np.int64)
    if not columns or len(columns[0]) == 0:
        return [np.empty(0, dtype=np.int64) for _ in columns], np.empty(0, dtype=np.int64)
    bounds = [max(int(b), 1) for b in bounds]
    if float(np.prod(np.asarray(bounds, dtype=np.float64))) < _KEY_LIMIT:
        key = pack(columns, bounds)
        order = np.argsort(key, kind="stable")
        values = None
    else:
        order = np.lexsort([np.asarray(c) for c in columns[::-1]])
        key = np.zeros(len(order), dtype=np.int64)  # tuple number, found below
        change = np.zeros(len(order), dtype=bool)
        for c in columns:
            c = np.asarray(c)[order]
            change[1:] |= c[1:] != c[:-1]
        key[order] = np.cumsum(change)
        values = [np.asarray(c, dtype=np.int64) for c in columns]
    ordered = key[order]
    first = np.ones(len(ordered), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    at = np.flatnonzero(first)
    total = np.add.reduceat(weights[order], at).astype(np.int64)
    if values is None:
        return unpack(ordered[at], bounds), total
    return [v[order[at]] for v in values], total


def _lookup(keys_sorted: np.ndarray, counts: np.ndarray, query: np.ndarray) -> np.ndarray:
    idx = np.searchsorted(keys_sorted, query)
    idx = np.clip(idx, 0, max(len(keys_sorted) - 1, 0))
    found = keys_sorted[idx] == query if len(keys_sorted) else np.zeros(len(query), bool)
    return np.where(found, counts[idx] if len(counts) else 0, 0)


def _marginal_counts(values, freq, slots, bounds):
    """Counts of the sub-tuples at ``slots``, from the distinct n-grams and their frequencies."""
    key = pack([values[k] for k in slots], bounds)
    order = np.argsort(key, kind="stable")
    key = key[order]
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    starts = np.flatnonzero(first)
    counts = np.add.reduceat(freq[order], starts) if len(starts) else np.empty(0, dtype=np.int64)
    return key[starts], counts.astype(np.int64)
