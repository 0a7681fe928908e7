"""Term x document counts: the counts behind keyness tables and grids.

One structure, :class:`TermDocumentCounts`: for one corpus, unit (lower-cased
or surface forms) and n-gram size, the CSR arrays of word-token counts per
document and term, each entry's document size, and the corpus totals per term.
From it, :class:`SideCounts` gives frequency, range and Gries's DP over any set
of documents (a side of a comparison, a group), and :class:`RestIndex` the DP
of "every document but these" without rescanning.

Mergeable: the counts of disjoint parts of a corpus merge into the counts of
the whole (:meth:`TermDocumentCounts.merge`: rows stacked in document order,
vocabularies aligned by term), and every frequency, range and DP computed from
the merged counts equals the one computed from the whole.

DP is summed in exact integer arithmetic (``sum |v_j S - z_j f|``) and divided
once, so it is correctly rounded and does not depend on the path (single
table, grid, "rest" index) or on the order of the documents.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from .._compat import STR_DTYPE
from .._ranges import row_entries
from ._align import positions_in, same_terms, union_terms

__all__ = ["TermDocumentCounts", "SideCounts", "RestIndex", "term_document_counts", "exact_sum",
           "dp_from_sums", "search_runs", "term_ranks", "unigram_csr", "ngram_matrix"]

# Float sums of integers are exact below 2**53; the DP sums below stay integers.
_EXACT = 2 ** 53
# v/z and f/S compare exactly as floats while v*S and z*f stay below this (see RestIndex).
_SPLIT_EXACT = 2 ** 52


# --------------------------------------------------------------------------
# counting
# --------------------------------------------------------------------------

class TermDocumentCounts:
    """Word-token counts of every term in every document, for one unit and n-gram size.

    CSR arrays (documents x terms, term ids sorted within each document),
    each stored entry's document size, the corpus totals per term and, on
    demand, the sorted index behind the "rest" DP (:class:`RestIndex`).
    Build one with :func:`term_document_counts` (kept on the corpus) or
    :meth:`from_corpus`; merge the counts of parts with :meth:`merge`.

    Parameters
    ----------
    terms : array-like of str
        Column labels, one per term id.
    indptr, indices, data : array-like
        CSR arrays: document ``i``'s terms are ``indices[indptr[i]:indptr[i+1]]``
        (ascending) with counts ``data[...]`` (positive).
    sizes : array-like of int
        Word tokens of each document (the part sizes of DP).

    Attributes
    ----------
    freq, range : numpy.ndarray of int64
        Frequency and range (documents containing) of every term over all documents.
    z : numpy.ndarray of int64
        The document size of each stored entry.
    """

    def __init__(self, terms, indptr, indices, data, sizes):
        self.terms = np.asarray(terms, dtype=object)
        self.rank = term_ranks(self.terms)
        self.n_terms = len(self.terms)
        self.indptr = np.asarray(indptr, dtype=np.int64)
        self.indices = np.asarray(indices, dtype=np.intp)
        self.data = np.asarray(data, dtype=np.int64)
        self.sizes = np.asarray(sizes, dtype=np.int64)
        if len(self.indptr) != len(self.sizes) + 1:
            raise ValueError(f"{len(self.indptr) - 1} documents of counts but {len(self.sizes)} sizes")
        self.z = np.repeat(self.sizes, np.diff(self.indptr))
        self.freq = exact_sum(self.indices, self.data, self.n_terms)
        self.range = np.bincount(self.indices, minlength=self.n_terms).astype(np.int64)
        self._rest: dict = {}
        # Set by term_document_counts for a corpus loaded from a folder: keeps
        # the all-documents rest order there (see corpus_tools.corpus.stored).
        self._stored = None
        self._categories = None
        self._arrow = None
        self._whole = None

    @classmethod
    def from_corpus(cls, corpus, unit: str = "lower", ngram: int = 1) -> "TermDocumentCounts":
        """Count a corpus (not kept: :func:`term_document_counts` keeps it on the corpus)."""
        if ngram == 1:
            indptr, indices, data, terms = unigram_csr(corpus, unit)
        else:
            matrix, terms = ngram_matrix(corpus, unit, ngram)
            indptr, indices, data = matrix.indptr, matrix.indices, matrix.data
        return cls(terms, indptr, indices, data, corpus.word_counts())

    @property
    def n_documents(self) -> int:
        return len(self.sizes)

    @classmethod
    def merge(cls, parts) -> "TermDocumentCounts":
        """The counts of parts of a corpus (disjoint, in document order) as one.

        Vocabularies are aligned by term (the merged terms sorted by code
        point); documents are stacked in the order of ``parts``. Every
        frequency, range and DP computed from the result equals the one
        computed from the counts of the whole.

        Examples
        --------
        >>> a = TermDocumentCounts(["rain"], [0, 1], [0], [2], [2])
        >>> b = TermDocumentCounts(["rain", "sun"], [0, 2], [0, 1], [1, 1], [2])
        >>> m = TermDocumentCounts.merge([a, b])
        >>> m.terms.tolist(), m.freq.tolist(), m.range.tolist(), m.sizes.tolist()
        (['rain', 'sun'], [3, 1], [2, 1], [2, 2])
        """
        parts = list(parts)
        if not parts:
            raise ValueError("merge() needs at least one TermDocumentCounts")
        terms = union_terms([p.terms for p in parts])
        indptr, indices, data, offset = [np.zeros(1, np.int64)], [], [], 0
        for p in parts:
            ids, counts = p.indices, p.data
            if not same_terms(p.terms, terms):
                new_id = positions_in(terms, p.terms)
                ids = new_id[p.indices]
                if len(new_id) > 1 and (np.diff(new_id) < 0).any():
                    # The part's terms were not in code-point order: put each row's ids back in order.
                    rows = sparse.csr_array((counts, ids, p.indptr), shape=(p.n_documents, len(terms)))
                    rows.sort_indices()
                    ids, counts = rows.indices, rows.data
            indices.append(ids)
            data.append(counts)
            indptr.append(p.indptr[1:] + offset)
            offset += int(p.indptr[-1])
        return cls(terms, np.concatenate(indptr), np.concatenate(indices).astype(np.intp),
                   np.concatenate(data), np.concatenate([p.sizes for p in parts]))

    def entries(self, rows: np.ndarray) -> np.ndarray:
        """Positions of the stored entries of the given documents (rows), in row order."""
        return row_entries(self.indptr, rows)

    def side(self, rows: np.ndarray) -> "SideCounts":
        """Counts, range and DP over the documents at ``rows`` (computed directly)."""
        return self.side_and_entries(rows)[0]

    def side_and_entries(self, rows: np.ndarray) -> tuple:
        """The side of ``rows`` and its stored entries ``(term ids, counts, document sizes)``.

        The entries are what :meth:`RestIndex.dp` takes out to get the DP of
        "every document but these".
        """
        pos = self.entries(rows)
        entries = (self.indices[pos], self.data[pos], self.z[pos])
        return SideCounts.direct(self, *entries, int(self.sizes[rows].sum())), entries

    def whole(self) -> "SideCounts":
        if self._whole is None:
            self._whole = SideCounts.direct(self, self.indices, self.data, self.z, int(self.sizes.sum()))
        return self._whole

    def rest_index(self, rows: np.ndarray | None) -> "RestIndex":
        """The sorted index over all documents (rows None) or over ``rows``; the last two kept."""
        if rows is None:
            key = None
        else:
            import hashlib

            key = hashlib.sha256(np.ascontiguousarray(rows, dtype=np.int64).tobytes()).hexdigest()
        if key not in self._rest:
            if len(self._rest) >= 2:
                self._rest.pop(next(k for k in self._rest if k is not None), None)
            entries = None
            if rows is None and self._stored is not None:
                # The sort and its gathers are most of the build: a fresh process reads them instead.
                entries = self._stored("rest_index", self._sorted_entries)
                entries = (entries["v"], entries["z"])
            self._rest[key] = RestIndex(self, rows, sorted_entries=entries)
        return self._rest[key]

    def _sorted_entries(self) -> dict:
        """The counts and document sizes of all entries in rest-index order, as int32 (for storing)."""
        v, z = RestIndex.sort_entries(self.indices, self.data, self.z, self.n_terms)
        return {"v": v.astype(np.int32), "z": z.astype(np.int32)}

    def arrow_terms(self):
        """The terms as one Arrow string array (for taking a table's term column)."""
        if self._arrow is None:
            import pyarrow as pa

            self._arrow = pa.array(self.terms, type=pa.large_string())
        return self._arrow

    def categories(self) -> pd.Index:
        if self._categories is None:
            self._categories = pd.Index(self.terms, dtype=STR_DTYPE)
        return self._categories


def term_document_counts(corpus, unit: str = "lower", ngram: int = 1) -> TermDocumentCounts:
    """The term x document counts of a corpus for a unit and n-gram size; built once, kept on the corpus.

    Parameters
    ----------
    corpus : Corpus
    unit : {"lower", "surface"}, default="lower"
        Lower-cased forms ("May" and "may" one term) or surface forms.
    ngram : int, default=1
        n-grams of word tokens inside sentences (punctuation removed first).

    Returns
    -------
    TermDocumentCounts

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "date": [pd.NaT] * 2,
    ...                      "title": ["", ""], "text": ["Rain, rain.", "Sun and rain."]})
    >>> counts = term_document_counts(ct.Corpus.from_documents(docs))
    >>> {t: int(f) for t, f in zip(counts.terms, counts.freq) if f}  # punctuation counts 0
    {'and': 1, 'rain': 3, 'sun': 1}
    >>> counts.sizes.tolist()
    [2, 3]
    """
    return corpus.cache.get(("term x document counts", unit, ngram), lambda: _stored_counts(corpus, unit, ngram))


def _stored_counts(corpus, unit: str, ngram: int) -> TermDocumentCounts:
    """Unigram counts from the corpus folder when stored there (else built and stored); n-grams built.

    A fresh process then reads two arrays instead of counting every token
    (see :mod:`corpus_tools.corpus.stored`). n-gram terms are strings made
    while counting, so those counts are only kept in memory.
    """
    if ngram != 1:
        return TermDocumentCounts.from_corpus(corpus, unit, ngram)
    from ..corpus.stored import stored_arrays

    def build() -> dict:
        indptr, indices, data, _ = unigram_csr(corpus, unit)
        # Term ids and per-document counts fit int32: half the bytes to store and read.
        return {"indptr": np.asarray(indptr, dtype=np.int64), "indices": np.asarray(indices, dtype=np.int32),
                "data": np.asarray(data, dtype=np.int32)}

    params = {"unit": unit, "ngram": ngram}
    arrays = stored_arrays(corpus, "term_document_counts", params, build)
    terms = corpus.tokens.lower_vocab if unit == "lower" else corpus.tokens.vocab
    counts = TermDocumentCounts(terms, arrays["indptr"], arrays["indices"], arrays["data"], corpus.word_counts())
    counts._stored = lambda name, build_index: stored_arrays(corpus, name, params, build_index)
    return counts


def unigram_csr(corpus, unit: str):
    """Word-token counts per document and term (same matrix as Corpus.document_term_matrix).

    Counting-sorts tokens by term first (documents stay in order inside a
    term, so duplicates are adjacent and nothing needs a comparison sort),
    then transposes: both steps are linear.
    """
    t = corpus.tokens
    lower = unit == "lower"
    terms = t.lower_vocab if lower else t.vocab
    keep = t.is_word[t.ids]
    cols = (t.lower[t.ids] if lower else t.ids)[keep]
    doc = np.repeat(np.arange(len(corpus), dtype=np.int32), np.diff(t.offsets))[keep]
    by_term = sparse.csr_array((np.ones(len(cols), dtype=np.int64), (cols, doc)),
                               shape=(len(terms), len(corpus)))
    by_term.sum_duplicates()
    by_doc = sparse.csr_array(by_term.T)
    by_doc.sort_indices()
    return by_doc.indptr, by_doc.indices, by_doc.data, terms


def exact_sum(index: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
    """Per-index sums of non-negative int64 weights, exact, as int64."""
    if not len(index):
        return np.zeros(n, dtype=np.int64)
    if int(weights.sum()) < _EXACT:  # every partial float sum is then an exact integer
        return np.bincount(index, weights=weights, minlength=n).astype(np.int64)
    low = np.bitwise_and(weights, (1 << 26) - 1)
    high = np.right_shift(weights, 26)
    return ((np.bincount(index, weights=high, minlength=n).astype(np.int64) << 26)
            + np.bincount(index, weights=low, minlength=n).astype(np.int64))


def dp_from_sums(freq: np.ndarray, absdev: np.ndarray, zsum: np.ndarray, size: int) -> np.ndarray:
    """Gries's DP from exact integer sums; NaN where the term is absent.

    With ``f`` the term's frequency and ``S`` the side's word tokens, DP is
    ``0.5 * (sum_j |v_j / f - z_j / S| + 1 - sum_j z_j / S)`` over the documents
    ``j`` that contain the term (the others add their share ``z_j / S``).
    ``absdev`` is ``sum_j |v_j S - z_j f|`` and ``zsum`` is ``sum_j z_j``, both
    exact integers, so the result is one rounding away from the exact value
    and does not depend on the order of the documents.
    """
    dp = np.full(len(freq), np.nan)
    present = freq > 0
    if size > 0 and present.any():
        f = freq[present]
        dp[present] = 0.5 * (absdev[present] / (f * size) + (size - zsum[present]) / size)
    return dp


class SideCounts:
    """Frequency, range and DP of every term over one side (a set of documents)."""

    __slots__ = ("freq", "range", "dp", "size")

    def __init__(self, freq, rng, dp, size):
        self.freq, self.range, self.dp, self.size = freq, rng, dp, int(size)

    @classmethod
    def direct(cls, store: TermDocumentCounts, t, v, z, size: int) -> "SideCounts":
        n = store.n_terms
        freq = exact_sum(t, v, n)
        rng = np.bincount(t, minlength=n).astype(np.int64)
        if size > 0 and len(t):
            absdev = exact_sum(t, np.abs(v * size - z * freq[t]), n)
            dp = dp_from_sums(freq, absdev, exact_sum(t, z, n), size)
        else:
            dp = np.full(n, np.nan)
        return cls(freq, rng, dp, size)


class RestIndex:
    """DP over "the covered documents except a few", for any exclusion, without rescanning.

    For a term with reference frequency ``f`` and reference size ``S``, DP
    needs ``sum_j |v_j S - z_j f|`` over the reference documents ``j`` that
    contain the term (``v_j`` its count, ``z_j`` the document's word tokens).
    Over all covered documents the sum splits at ``v_j / z_j = f / S``: below,
    each term is ``z_j f - v_j S``; above, ``v_j S - z_j f``. With every
    term's entries sorted once by ``v_j / z_j`` and integer prefix sums of
    ``v`` and ``z``, one binary search per term gives the sum exactly; the
    excluded documents' own terms are then taken out exactly (an O(their
    entries) pass). Integer arithmetic throughout, so the result equals
    the direct computation bit for bit. The float comparison of ``v/z``
    with ``f/S`` is exact while ``v S`` and ``z f`` stay below 2**52
    (checked: ``exact`` is False otherwise and callers compute directly).
    """

    def __init__(self, store: TermDocumentCounts, rows: np.ndarray | None, *, sorted_entries: tuple | None = None):
        if rows is None:
            t, v, z = store.indices, store.data, store.z
            self.size = int(store.sizes.sum())
        else:
            pos = store.entries(rows)
            t, v, z = store.indices[pos], store.data[pos], store.z[pos]
            self.size = int(store.sizes[rows].sum())
        n = store.n_terms
        if sorted_entries is None:
            sorted_entries = self.sort_entries(t, v, z, n)
        v_sorted, z_sorted = sorted_entries
        if len(v_sorted) != len(v) or len(z_sorted) != len(z):
            raise ValueError(f"{len(v_sorted)} sorted entries for {len(v)} entries")
        # Integers below 2**31 are exact as floats: the same quotients as v / z before sorting.
        self.q_sorted = v_sorted / z_sorted
        # Each term's entries are one run of the order, as long as the term's range.
        self.bounds = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(t, minlength=n), out=self.bounds[1:])
        self.cv = np.concatenate(([0], np.cumsum(v_sorted, dtype=np.int64)))
        self.cz = np.concatenate(([0], np.cumsum(z_sorted, dtype=np.int64)))
        self.freq = self.cv[self.bounds[1:]] - self.cv[self.bounds[:-1]]
        self.zsum = self.cz[self.bounds[1:]] - self.cz[self.bounds[:-1]]
        self.n_terms = n
        big_v = int(v.max()) if len(v) else 0
        big_z = int(z.max()) if len(z) else 0
        big_f = int(self.freq.max()) if n else 0
        self.exact = big_v * self.size < _SPLIT_EXACT and big_z * big_f < _SPLIT_EXACT

    @classmethod
    def sort_entries(cls, t: np.ndarray, v: np.ndarray, z: np.ndarray, n: int) -> tuple:
        """``(v, z)`` of the entries sorted by term, then by ``v / z``."""
        order = cls.sort_order(t, v / z, n)
        return v[order], z[order]

    @staticmethod
    def sort_order(t: np.ndarray, q: np.ndarray, n: int) -> np.ndarray:
        """Positions of the entries sorted by term, then by ratio ``q`` (ties in entry order)."""
        # Sort by ratio, then stably by term with a linear counting sort
        # (scipy's COO -> CSR conversion), instead of a two-key lexsort.
        by_q = np.argsort(q)
        grouped = sparse.csr_array((by_q, (t[by_q], np.arange(len(by_q)))), shape=(n, max(len(by_q), 1)))
        order = grouped.data
        t_sorted, q_sorted = t[order], q[order]
        if (len(order) != len(q) or (np.diff(t_sorted) < 0).any()
                or (np.diff(q_sorted)[t_sorted[1:] == t_sorted[:-1]] < 0).any()):
            order = np.lexsort((q, t))  # scipy did not keep the order: sort the slow way
        return order

    def dp(self, f_ref: np.ndarray, s_ref: int, ex_t, ex_v, ex_z) -> np.ndarray:
        """DP of the covered documents minus the excluded entries (ex_t, ex_v, ex_z)."""
        n = self.n_terms
        live = np.flatnonzero(f_ref > 0)
        f = f_ref[live]
        s0, e0 = self.bounds[live], self.bounds[live + 1]
        lo = search_runs(self.q_sorted, s0, e0, f / s_ref)
        cv, cz = self.cv, self.cz
        total = (s_ref * ((cv[e0] - cv[lo]) - (cv[lo] - cv[s0]))
                 + f * ((cz[lo] - cz[s0]) - (cz[e0] - cz[lo])))
        absdev = np.zeros(n, dtype=np.int64)
        absdev[live] = total
        zsum = self.zsum.copy()
        if len(ex_t):
            own = ex_v * s_ref - ex_z * f_ref[ex_t]
            absdev -= exact_sum(ex_t, np.abs(own), n)
            zsum -= exact_sum(ex_t, ex_z, n)
        return dp_from_sums(f_ref, absdev, zsum, s_ref)


def search_runs(values: np.ndarray, start: np.ndarray, end: np.ndarray, threshold: np.ndarray) -> np.ndarray:
    """For each run ``values[start:end]`` (sorted), the first position whose value exceeds threshold.

    A vectorised binary search over all runs at once: about log2(longest
    run) passes over the runs still open, most of which are short.
    """
    lo = start.copy()
    hi = end.copy()
    open_ = np.flatnonzero(lo < hi)
    while len(open_):
        a, b = lo[open_], hi[open_]
        mid = (a + b) >> 1
        right = values[mid] <= threshold[open_]
        lo[open_] = np.where(right, mid + 1, a)
        hi[open_] = np.where(right, b, mid)
        open_ = open_[lo[open_] < hi[open_]]
    return lo


def term_ranks(terms) -> np.ndarray:
    """Position of each term in code-point order (for the term tiebreak)."""
    terms = np.asarray(terms, dtype=object)
    if len(terms) < 2 or bool((terms[1:] > terms[:-1]).all()):
        return np.arange(len(terms), dtype=np.int64)  # the vocabularies are sorted already
    rank = np.empty(len(terms), dtype=np.int64)
    rank[np.argsort(terms, kind="stable")] = np.arange(len(terms))
    return rank


def ngram_matrix(corpus, unit: str, n: int):
    """n-grams of word tokens inside sentences (punctuation removed first)."""
    t = corpus.tokens
    codes_all = t.lower[t.ids] if unit == "lower" else t.ids
    forms = t.lower_vocab if unit == "lower" else t.vocab
    positions = np.flatnonzero(t.is_word[t.ids])
    codes = codes_all[positions].astype(np.int64)
    # A segment is a sentence inside a document; n-grams never cross one.
    doc = np.searchsorted(t.offsets, positions, side="right") - 1
    sent = np.searchsorted(t.sentence_starts, positions, side="right") - 1
    m = len(positions) - n + 1
    if m <= 0:
        return sparse.csr_array((len(corpus), 0), dtype=np.int64), np.empty(0, dtype=object)
    same = np.ones(m, dtype=bool)
    for k in range(1, n):
        same &= (doc[k:k + m] == doc[:m]) & (sent[k:k + m] == sent[:m])
    starts = np.flatnonzero(same)
    # Combine the n codes pairwise into compact ids so int64 never overflows.
    key = codes[starts]
    for k in range(1, n):
        width = int(codes.max()) + 1 if codes.size else 1
        _, key = np.unique(key * width + codes[starts + k], return_inverse=True)
        key = key.astype(np.int64)
    uniq, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    parts = [forms[codes[starts[first] + k]] for k in range(n)]
    terms = np.asarray([" ".join(words) for words in zip(*parts)], dtype=object)
    matrix = sparse.csr_array((np.ones(len(starts), dtype=np.int64), (doc[starts], inverse.ravel())),
                              shape=(len(corpus), len(uniq)))
    matrix.sum_duplicates()
    return matrix, terms
