"""Lexicon hits over the token arrays: matching compiled patterns, and hit counts per document.

Matching
    :func:`lexicon_matches` finds every hit of a list of compiled token
    sequences (:class:`Sequence`: per token slot, which surface ids it
    accepts) over the flat token-id array with array operations, no loop
    over tokens. Sequences are tried in the order given (longest first,
    then lexicon order, as the lexicon's compile step sorts them) and a
    token belongs to at most one hit. A hit never crosses a sentence or
    document boundary. Each hit is flagged ``in_quotes`` (an odd number of
    double-quote tokens before it in its quote segment) and ``negated``
    (the next token in its sentence is a negator). Compiling a lexicon into
    sequences is the query layer's job (the hedging analysis does it), so
    this module knows nothing of patterns or statistics.
Counts
    :class:`LexiconMatches` holds the hit rows (document, start, length,
    entry, flags); :class:`LexiconHits` the hit counts per document and key
    (an entry, a category, a type, or one total) with every document's word
    count: what rates, comparisons and contributions are computed from.

Mergeable: hits never cross a document edge, so the matches (and counts) of
disjoint parts of a corpus, merged, equal those of the whole
(:meth:`LexiconMatches.merge`, :meth:`LexiconHits.merge`: documents stacked
in the order of the parts, entries and keys aligned by label).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from .streams import segment_of, term_positions

__all__ = ["phrase_starts", "Sequence", "LexiconMatches", "LexiconHits", "lexicon_matches", "match_sequences",
           "in_quotes", "segment_bounds"]


class Sequence(NamedTuple):
    """One token sequence to match, compiled over a corpus's surface vocabulary.

    Attributes
    ----------
    entry : int
        The lexicon entry it belongs to (reported with each hit).
    ids : tuple of numpy.ndarray of int64
        Per token slot: the sorted surface ids it accepts.
    tables : sequence of numpy.ndarray of bool
        Per token slot: the same as a boolean over the surface vocabulary
        (any indexable with a length: a compile step may build each table
        when it is first read).
    after, before : tuple of sequences of numpy.ndarray of bool
        Sequences (tables per slot) that may not follow / precede a hit in
        its sentence.
    """

    entry: int
    ids: tuple
    tables: tuple
    after: tuple = ()
    before: tuple = ()

    @classmethod
    def of_ids(cls, entry: int, ids, vocab_size: int, *, after=(), before=()) -> "Sequence":
        """A sequence from the accepted surface ids of each slot (exclusions likewise).

        Examples
        --------
        >>> s = Sequence.of_ids(0, [[1], [0, 2]], 3)
        >>> s.tables[1].tolist()
        [True, False, True]
        """
        def table(accepted):
            out = np.zeros(vocab_size, dtype=bool)
            out[np.asarray(accepted, dtype=np.int64)] = True
            return out

        return cls(int(entry), tuple(np.unique(np.asarray(a, dtype=np.int64)) for a in ids),
                   tuple(table(a) for a in ids), tuple(tuple(table(a) for a in seq) for seq in after),
                   tuple(tuple(table(a) for a in seq) for seq in before))


@dataclass(frozen=True)
class LexiconMatches:
    """The hits of a lexicon in a corpus, one row per hit, sorted by document and start.

    Attributes
    ----------
    doc, start, length, entry : numpy.ndarray of int64
        Document (row of ``corpus.documents``), first token (position in
        the document, punctuation counted), tokens, and lexicon entry of
        each hit.
    in_quotes, negated : numpy.ndarray of bool
    entries : numpy.ndarray of object
        A label per entry (the pattern), for aligning the entries of parts.
    n_documents : int

    Examples
    --------
    >>> a = LexiconMatches(np.array([0]), np.array([2]), np.array([1]), np.array([0]),
    ...                    np.array([False]), np.array([False]), np.array(["may"], object), 2)
    >>> b = LexiconMatches(np.array([0]), np.array([0]), np.array([2]), np.array([0]),
    ...                    np.array([True]), np.array([False]), np.array(["appears to"], object), 1)
    >>> m = LexiconMatches.merge([a, b])
    >>> m.doc.tolist(), m.entry.tolist(), m.entries.tolist(), m.n_documents
    ([0, 2], [0, 1], ['may', 'appears to'], 3)
    """

    doc: np.ndarray
    start: np.ndarray
    length: np.ndarray
    entry: np.ndarray
    in_quotes: np.ndarray
    negated: np.ndarray
    entries: np.ndarray
    n_documents: int

    _ROWS = ("doc", "start", "length", "entry", "in_quotes", "negated")

    def __len__(self) -> int:
        return len(self.doc)

    @classmethod
    def merge(cls, parts) -> "LexiconMatches":
        """The matches of disjoint parts of a corpus (in document order) as the matches of the whole.

        Documents are numbered on from part to part; entries are aligned by
        label (first-seen order). See the class example.
        """
        parts = list(parts)
        if not parts:
            raise ValueError("merge() needs at least one LexiconMatches")
        entries = list(dict.fromkeys(e for p in parts for e in p.entries.tolist()))
        code = {e: i for i, e in enumerate(entries)}
        rows = {name: [] for name in cls._ROWS}
        offset = 0
        for p in parts:
            new_entry = np.asarray([code[e] for e in p.entries.tolist()], dtype=np.int64)
            for name in cls._ROWS:
                rows[name].append(getattr(p, name))
            rows["doc"][-1] = p.doc + offset
            rows["entry"][-1] = new_entry[p.entry] if len(p.entry) else p.entry
            offset += p.n_documents
        out = {name: np.concatenate(rows[name]) for name in cls._ROWS}
        return cls(**out, entries=np.asarray(entries, dtype=object), n_documents=offset)


@dataclass(frozen=True)
class LexiconHits:
    """Hit counts per document and key, with each document's word count.

    Attributes
    ----------
    keys : pandas.DataFrame
        One row per key, sorted by its columns (e.g. ``type, category``);
        no columns and one row for a single total.
    counts : numpy.ndarray of int64
        Documents x keys.
    words : numpy.ndarray of int64
        Word tokens of each document (the rate denominator).

    Examples
    --------
    >>> keys = pd.DataFrame({"type": ["booster", "hedge"]})
    >>> hits = LexiconHits.from_rows(np.array([0, 0, 1]), np.array([1, 1, 0]), keys, np.array([5, 3]))
    >>> hits.counts.tolist()
    [[0, 2], [1, 0]]
    >>> other = LexiconHits.from_rows(np.array([0]), np.array([0]), pd.DataFrame({"type": ["hedge"]}),
    ...                               np.array([4]))
    >>> m = LexiconHits.merge([hits, other])
    >>> m.keys["type"].tolist(), m.counts.tolist(), m.words.tolist()
    (['booster', 'hedge'], [[0, 2], [1, 0], [0, 1]], [5, 3, 4])
    """

    keys: pd.DataFrame
    counts: np.ndarray
    words: np.ndarray

    @classmethod
    def from_rows(cls, doc: np.ndarray, codes: np.ndarray, keys: pd.DataFrame, words) -> "LexiconHits":
        """Count hit rows: each hit's document and key (a row of ``keys``)."""
        n_docs, n_keys = len(words), len(keys)
        flat = np.bincount(np.asarray(doc, dtype=np.int64) * n_keys + np.asarray(codes, dtype=np.int64),
                           minlength=n_docs * n_keys)
        return cls(keys, flat.reshape(n_docs, n_keys).astype(np.int64), np.asarray(words, dtype=np.int64))

    @classmethod
    def merge(cls, parts) -> "LexiconHits":
        """The counts of disjoint parts of a corpus (in document order) as the counts of the whole.

        Keys are aligned by value (the union, sorted by the key columns);
        documents are stacked in the order of ``parts``. See the class example.
        """
        parts = list(parts)
        if not parts:
            raise ValueError("merge() needs at least one LexiconHits")
        columns = list(parts[0].keys.columns)
        if any(list(p.keys.columns) != columns for p in parts):
            raise ValueError("merge() needs counts with the same key columns")
        if not columns:
            if any(len(p.keys) != 1 for p in parts):
                raise ValueError("counts without key columns have one key")
            return cls(parts[0].keys, np.concatenate([p.counts for p in parts]),
                       np.concatenate([p.words for p in parts]))
        # Parts without hits have empty (often object) key columns: keep the dtypes of the others.
        filled = [p.keys for p in parts if len(p.keys)] or [parts[0].keys]
        keys = (pd.concat(filled, ignore_index=True).drop_duplicates()
                .sort_values(columns).reset_index(drop=True))
        index = pd.MultiIndex.from_frame(keys)
        blocks = []
        for p in parts:
            block = np.zeros((len(p.words), len(keys)), dtype=np.int64)
            if len(p.keys):
                block[:, index.get_indexer(pd.MultiIndex.from_frame(p.keys))] = p.counts
            blocks.append(block)
        return cls(keys, np.concatenate(blocks), np.concatenate([p.words for p in parts]))

    def sums(self, members: np.ndarray) -> np.ndarray:
        """Hits per key over the documents ``members`` picks (int64).

        Examples
        --------
        >>> hits = LexiconHits.from_rows(np.array([0, 1, 1]), np.array([0, 0, 0]),
        ...                              pd.DataFrame(index=[0]), np.array([5, 3]))
        >>> hits.sums(np.array([False, True])).tolist()
        [2]
        """
        return self.counts[members].sum(axis=0)


# --------------------------------------------------------------------------- matching
def lexicon_matches(tokens, sequences, *, entries, quote_forms=(), negators=()) -> LexiconMatches:
    """Every hit of the compiled ``sequences`` in a corpus's tokens, with its flags.

    Parameters
    ----------
    tokens : TokenStore
        ``corpus.tokens``.
    sequences : list of Sequence
        In matching order (longest first, then lexicon order).
    entries : array-like of str
        A label per lexicon entry (``Sequence.entry`` indexes it).
    quote_forms : sequence of str
        Surface forms of double quotes (for ``in_quotes``).
    negators : sequence of str
        Lower-case forms that, right after a hit in its sentence, make it ``negated``.

    Returns
    -------
    LexiconMatches

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": [pd.NaT], "title": [""],
    ...                      "text": ['It may not rain. "It may," he said.']})
    >>> t = ct.Corpus.from_documents(docs).tokens
    >>> may = Sequence.of_ids(0, [[int(np.flatnonzero(t.vocab == "may")[0])]], len(t.vocab))
    >>> m = lexicon_matches(t, [may], entries=["may"], quote_forms=['"'], negators=["not"])
    >>> m.start.tolist(), m.in_quotes.tolist(), m.negated.tolist()
    ([1, 7], [False, True], [True, False])
    """
    found = match_sequences(tokens, sequences, quote_forms=quote_forms)
    t = tokens
    pos, length = found["pos"], found["length"]
    doc = np.searchsorted(t.offsets, pos, side="right") - 1
    start = pos - t.offsets[doc] if len(pos) else pos
    n = len(t.ids)
    # Negation: the next token, in the same sentence.
    after = pos + length
    negated = np.zeros(len(pos), dtype=bool)
    if len(pos):
        neg_ids = np.flatnonzero(np.isin(t.lower_vocab, list(negators)))
        same = ~found["is_start"][after]  # is_start[n] is True: the corpus end
        neg_surface = np.isin(t.lower, neg_ids)
        negated = same & neg_surface[t.ids[np.minimum(after, n - 1)]]
    return LexiconMatches(doc.astype(np.int64), start.astype(np.int64), length.astype(np.int64),
                          found["entry"].astype(np.int64), in_quotes(t, pos, found["quotes"]), negated,
                          np.asarray(list(entries), dtype=object), len(t.offsets) - 1)


def segment_bounds(t) -> np.ndarray:
    """Sorted positions where a sentence or a document starts.

    Examples
    --------
    >>> from types import SimpleNamespace as T
    >>> segment_bounds(T(sentence_starts=np.array([0, 3]), offsets=np.array([0, 5, 5, 9]))).tolist()
    [0, 3, 5]
    """
    return _sorted_union(t.sentence_starts, t.offsets[:-1][np.diff(t.offsets) > 0])


def _sorted_union(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    # Both inputs are sorted already; a sort and a diff beat np.union1d's hashing here.
    both = np.sort(np.concatenate([a, b]).astype(np.int64, copy=False), kind="stable")
    if len(both) == 0:
        return both
    return both[np.concatenate(([True], np.diff(both) != 0))]


def _check_seq(tables, pos, ids, n, skip: int = -1):
    """Which positions ``pos`` start the token sequence of ``tables`` (bounds checked)."""
    ok = (pos >= 0) & (pos + len(tables) <= n)
    safe = np.where(ok, pos, 0)
    for k, table in enumerate(tables):
        if k == skip:
            continue
        at = np.minimum(safe + k, n - 1)
        ok &= table[ids[at]]
    return ok


def match_sequences(tokens, sequences, *, quote_forms=()) -> dict:
    """Find every hit: arrays of global start position, length and entry index.

    One pass over the token ids marks the positions whose form occurs in
    any sequence; those positions are grouped by form. Each sequence is then
    anchored on its rarest token position (``of course`` on ``course``) and
    checked at the other positions by table lookups, so the work is
    proportional to the anchors' frequencies, not to the corpus size.

    Returns
    -------
    dict
        ``pos``, ``length``, ``entry`` (int64 per hit, by position),
        ``is_start`` (bool per position and one past the end: a sentence or
        document starts there) and ``quotes`` (positions of quote tokens).

    Examples
    --------
    >>> from types import SimpleNamespace as T
    >>> t = T(ids=np.array([0, 1, 2, 0, 1]), vocab=np.array(["a", "b", "c"], object),
    ...       offsets=np.array([0, 5]), sentence_starts=np.array([0]))
    >>> ab = Sequence.of_ids(0, [[0], [1]], 3)
    >>> match_sequences(t, [ab])["pos"].tolist()
    [0, 3]
    """
    t = tokens
    ids = t.ids
    n = len(ids)
    empty = {"pos": np.empty(0, np.int64), "length": np.empty(0, np.int64),
             "entry": np.empty(0, np.int64), "is_start": np.ones(1, dtype=bool),
             "quotes": np.empty(0, np.int64)}
    if n == 0 or len(sequences) == 0:
        return empty

    # Anchor each sequence on its rarest position, judged from a strided
    # sample of the tokens (the choice affects speed only, never the result).
    step = max(1, n // 1_000_000)
    freq = np.bincount(ids[::step], minlength=len(t.vocab))
    anchors = []
    used = np.zeros(len(t.vocab), dtype=bool)
    for seq in sequences:
        costs = [int(freq[accepted].sum()) for accepted in seq.ids]
        anchor = int(np.argmin(costs))
        anchors.append(anchor)
        used |= seq.tables[anchor]
    # Quote marks ride along in the same pass (for ``in_quotes``).
    quote_ids = np.flatnonzero(np.isin(t.vocab, list(quote_forms)))
    used[quote_ids] = True
    # The one pass over all tokens: positions of anchor forms, grouped by form.
    cand = np.flatnonzero(used[ids])
    cand_id = ids[cand]
    # Dense codes of the forms in use, so that the stable sort below is a
    # radix sort over 16-bit keys when they fit.
    dense = np.cumsum(used, dtype=np.int64) - 1
    n_used = int(used.sum())
    cand_code = dense[cand_id].astype(np.uint16 if n_used < 2 ** 16 else np.int64)
    by_form = cand[np.argsort(cand_code, kind="stable")]
    bounds = np.zeros(n_used + 1, dtype=np.int64)
    np.cumsum(np.bincount(cand_code, minlength=n_used), out=bounds[1:])

    quote_slices = [by_form[bounds[i]:bounds[i + 1]] for i in dense[quote_ids]]
    quotes = np.sort(np.concatenate(quote_slices)) if quote_slices else np.empty(0, np.int64)
    # Sentence and document starts as a boolean over positions: a match may
    # not contain one after its first token.
    is_start = np.zeros(n + 1, dtype=bool)
    is_start[segment_bounds(t)] = True
    is_start[n] = True
    consumed = np.zeros(n, dtype=bool)
    out_pos, out_len, out_entry = [], [], []
    for seq, anchor in zip(sequences, anchors):
        length = len(seq.tables)
        allowed = seq.ids[anchor]
        if len(allowed) == 0:
            continue
        if len(allowed) <= 64:
            slices = [by_form[bounds[i]:bounds[i + 1]] for i in dense[allowed]]
            pos = np.concatenate(slices) if len(slices) > 1 else slices[0].copy()
            if len(slices) > 1:
                pos.sort()
        else:
            pos = cand[seq.tables[anchor][cand_id]]
        pos = pos - anchor
        pos = pos[_check_seq(seq.tables, pos, ids, n, skip=anchor)]
        if len(pos) == 0:
            continue
        # Same sentence: no sentence start inside (pos, pos + length - 1].
        for k in range(1, length):
            pos = pos[~is_start[pos + k]]
        for excl in seq.after:
            m = len(excl)
            hit = _check_seq(excl, pos + length, ids, n)
            for k in range(m):
                hit &= ~is_start[np.minimum(pos + length + k, n)]
            pos = pos[~hit]
        for excl in seq.before:
            m = len(excl)
            hit = _check_seq(excl, pos - m, ids, n)
            for k in range(m):
                hit &= ~is_start[np.maximum(pos - k, 0)]
            pos = pos[~hit]
        free = np.ones(len(pos), dtype=bool)
        for k in range(length):
            free &= ~consumed[pos + k]
        pos = pos[free]
        if len(pos) == 0:
            continue
        if length > 1 and (np.diff(pos) < length).any():
            pos = _greedy_non_overlapping(pos, length)
        for k in range(length):
            consumed[pos + k] = True
        out_pos.append(pos)
        out_len.append(np.full(len(pos), length, dtype=np.int64))
        out_entry.append(np.full(len(pos), seq.entry, dtype=np.int64))
    if not out_pos:
        return {**empty, "is_start": is_start, "quotes": quotes}
    pos = np.concatenate(out_pos)
    order = np.argsort(pos, kind="stable")
    return {"pos": pos[order], "length": np.concatenate(out_len)[order],
            "entry": np.concatenate(out_entry)[order], "is_start": is_start, "quotes": quotes}


def _greedy_non_overlapping(pos: np.ndarray, length: int) -> np.ndarray:
    # Rare (a sequence overlapping itself, e.g. "NUM NUM"): leftmost first.
    kept, last_end = [], -1
    for p in pos.tolist():
        if p >= last_end:
            kept.append(p)
            last_end = p + length
    return np.asarray(kept, dtype=np.int64)


def in_quotes(t, pos: np.ndarray, qpos: np.ndarray) -> np.ndarray:
    """Odd number of double quotes before ``pos`` in its quote segment.

    A quote segment starts at each document start and at every sentence
    that begins with a quote mark (news style reopens a quote at each
    quoted paragraph without closing the previous one).

    Examples
    --------
    >>> from types import SimpleNamespace as T
    >>> t = T(sentence_starts=np.array([0, 4]), offsets=np.array([0, 8]))
    >>> in_quotes(t, np.array([2, 5, 7]), np.array([1, 4])).tolist()
    [True, True, True]
    """
    if len(qpos) == 0 or len(pos) == 0:
        return np.zeros(len(pos), dtype=bool)
    starts = t.sentence_starts
    # Sentences whose first token is a quote mark open a new quote segment.
    at = np.searchsorted(starts, qpos)
    opening = qpos[(at < len(starts)) & (starts[np.minimum(at, len(starts) - 1)] == qpos)] \
        if len(starts) else starts
    seg = _sorted_union(t.offsets[:-1], opening)
    seg_start = seg[np.searchsorted(seg, pos, side="right") - 1]
    before = np.searchsorted(qpos, pos, side="left") - np.searchsorted(qpos, seg_start, side="left")
    return (before % 2) == 1


def phrase_starts(corpus, tables) -> np.ndarray:
    """Global positions where consecutive tokens match one table each (a phrase), inside one document.

    Parameters
    ----------
    corpus : Corpus
    tables : list of numpy.ndarray of bool
        One table per phrase position: does each surface id match it?
        (:func:`corpus_tools.query.nodes.surface_tables`).

    Returns
    -------
    numpy.ndarray of int64
        The first position of every match, ascending; a match never crosses
        a document's end.

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "X"], "date": [pd.NaT] * 2,
    ...                      "title": ["", ""], "text": ["may rain", "may"]})
    >>> corpus = ct.Corpus.from_documents(docs)
    >>> vocab = corpus.tokens.vocab.tolist()
    >>> may, rain = (np.asarray(vocab) == w for w in ("may", "rain"))
    >>> phrase_starts(corpus, [may, rain]).tolist(), phrase_starts(corpus, [may]).tolist()
    ([0], [0, 2])
    """
    t = corpus.tokens
    # The first part's few ids are compared, not looked up (term_positions).
    starts = term_positions(corpus, np.flatnonzero(tables[0]))
    n = len(tables)
    if n > 1 and len(starts):
        doc_end = t.offsets[1:][segment_of(starts, t.offsets[:-1])]
        starts = starts[starts + n <= doc_end]
        for k in range(1, n):
            starts = starts[tables[k][t.ids[starts + k]]]
    return starts
