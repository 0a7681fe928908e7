"""Window and n-gram counting helpers, on hand-made token arrays and texts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from corpus_tools.corpus.corpus import Corpus
from corpus_tools.counts.ngrams import count_tuples, ngram_starts, pack, unpack
from corpus_tools.counts.streams import Stream, select_documents, token_stream
from corpus_tools.counts.windows import window_collocate_counts, window_pairs


def _corpus(texts, outlets=None):
    n = len(texts)
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "outlet": outlets or ["X"] * n,
                         "date": pd.to_datetime(["2020-01-01"] * n), "title": [""] * n, "text": texts})
    return Corpus.from_documents(docs)


def _stream(ids, is_word=None):
    ids = np.asarray(ids, dtype=np.int32)
    is_word = np.ones(len(ids), bool) if is_word is None else np.asarray(is_word, bool)
    terms = np.asarray([f"t{i}" for i in range(ids.max() + 1)], dtype=object)
    return Stream(np.arange(len(ids), dtype=np.int64), ids, is_word, terms,
                  np.bincount(ids[is_word], minlength=len(terms)))


def test_counts_token_stream_words_only_and_all():
    corpus = _corpus(["Rain, rain. Go!"])
    words = token_stream(corpus)
    assert words.positions.tolist() == [0, 2, 4]
    assert words.terms[words.ids].tolist() == ["rain", "rain", "go"]
    assert words.frequencies[words.ids].tolist() == [2, 2, 1]
    every = token_stream(corpus, words_only=False, lower=False)
    assert every.terms[every.ids].tolist() == ["Rain", ",", "rain", ".", "Go", "!"]
    assert every.is_word.tolist() == [True, False, True, False, True, False]
    # punctuation never counted as a frequency
    assert every.frequencies[every.ids[~every.is_word]].tolist() == [0, 0, 0]
    assert token_stream(corpus) is words  # cached per corpus


def test_counts_window_pairs_cut_at_document_and_sentence():
    s = _stream([0, 1, 2, 3, 4, 5])
    offsets = np.array([0, 3, 6])
    node, idx = window_pairs(s, np.array([2]), np.array([3]), 2, 2, offsets=offsets)
    assert idx.tolist() == [0, 1]  # right side is the next document
    node, idx = window_pairs(s, np.array([1]), np.array([2]), 1, 1, offsets=np.array([0, 6]),
                             sentence_starts=np.array([0, 2]))
    assert idx.tolist() == [0]  # right neighbour starts the next sentence


def test_counts_window_overlap_counted_once():
    # t0 N t1 N t2, window 1/1: t1 lies in both windows and counts once
    s = _stream([0, 9, 1, 9, 2])
    o11, size, index = window_collocate_counts(s, np.array([1, 3]), np.array([2, 4]), 1, 1,
                                               offsets=np.array([0, 5]))
    assert o11[[0, 1, 2, 9]].tolist() == [1, 1, 1, 0]
    assert size == 3 and index.tolist() == [0, 2, 4]


def test_counts_window_punctuation_takes_place_but_is_not_counted():
    s = _stream([0, 5, 1, 2], is_word=[True, True, False, True])
    o11, size, _ = window_collocate_counts(s, np.array([1]), np.array([2]), 1, 2, offsets=np.array([0, 4]))
    assert o11[[0, 1, 2]].tolist() == [1, 0, 1] and size == 2


def test_counts_ngram_starts_break_at_punctuation_and_sentences():
    corpus = _corpus(["ant bee, cat dog. Eel fox gnu", "hen ivy"])
    s = token_stream(corpus, words_only=False)
    t = corpus.tokens
    starts = ngram_starts(s, 2, offsets=t.offsets, sentence_starts=t.sentence_starts)
    pairs = [" ".join(s.terms[s.ids[[p, p + 1]]]) for p in starts]
    assert pairs == ["ant bee", "cat dog", "eel fox", "fox gnu", "hen ivy"]
    starts3 = ngram_starts(s, 3, offsets=t.offsets, sentence_starts=t.sentence_starts)
    assert [" ".join(s.terms[s.ids[p:p + 3]]) for p in starts3] == ["eel fox gnu"]


@pytest.mark.parametrize("bounds", [[5, 7], [3, 3, 3], [2 ** 31, 2 ** 31, 2 ** 31]])
def test_counts_count_tuples_matches_counter(bounds):
    rng = np.random.default_rng(1)
    cols = [rng.integers(0, min(b, 4), 200) for b in bounds]
    values, counts = count_tuples(cols, bounds)
    from collections import Counter

    expected = Counter(zip(*[c.tolist() for c in cols]))
    got = dict(zip(zip(*[v.tolist() for v in values]), counts.tolist()))
    assert got == dict(expected)


def test_counts_pack_unpack_round_trip():
    cols = [np.array([0, 3, 4]), np.array([2, 0, 1]), np.array([6, 6, 0])]
    key = pack(cols, [5, 3, 7])
    assert [c.tolist() for c in unpack(key, [5, 3, 7])] == [c.tolist() for c in cols]


def test_counts_select_documents_errors():
    corpus = _corpus(["a", "b"], outlets=["X", "Y"])
    assert select_documents(corpus, {"outlet": ["X", "Y"]}, "by", "f").tolist() == [True, True]
    with pytest.raises(ValueError, match="The 'by' parameter of f\\(\\): unknown selector field 'nope'"):
        select_documents(corpus, {"nope": 1}, "by", "f")
    with pytest.raises(TypeError, match="The 'by' parameter of f\\(\\) must be a dict"):
        select_documents(corpus, 3, "by", "f")


# --- fast paths against the plain computations they replace -------------------------------

def _reference_union(stream, starts, ends, left, right, **bounds):
    """The candidate-per-place method: every window place, then sorted distinct indices."""
    _, cand = window_pairs(stream, starts, ends, left, right, **bounds)
    return np.unique(cand)


@pytest.mark.parametrize("seed", range(12))
def test_counts_window_union_equals_candidate_pairs(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 80))
    is_word = rng.random(n) < 0.8
    s = _stream(rng.integers(0, 6, n), is_word)
    offsets = np.unique(np.concatenate([[0, n], rng.integers(0, n + 1, rng.integers(0, 6))]))
    sentences = np.unique(rng.integers(0, n, rng.integers(0, 10)))
    spans = np.unique(rng.integers(0, n, rng.integers(0, 12)))
    length = rng.integers(1, 3, len(spans))
    starts, ends = spans, np.minimum(spans + length, n)
    ends = np.maximum(ends, starts + 1)
    for left, right in [(0, 1), (1, 0), (2, 2), (5, 3), (0, 7), (4, 0)]:
        for sent in (None, sentences):
            want = _reference_union(s, starts, ends, left, right, offsets=offsets, sentence_starts=sent)
            want = want[s.is_word[want]]
            o11, size, index = window_collocate_counts(s, starts, ends, left, right, offsets=offsets,
                                                       sentence_starts=sent)
            assert index.tolist() == want.tolist()
            assert size == len(want)
            assert o11.tolist() == np.bincount(s.ids[want], minlength=len(s.terms)).tolist()
        # the same windows from per-element segment numbers
        mark = np.zeros(n + 1, dtype=np.int64)
        mark[offsets[:-1][offsets[:-1] < n]] = 1
        mark[sentences] = 1
        segments = np.cumsum(mark[:n])
        got = window_collocate_counts(s, starts, ends, left, right, offsets=offsets,
                                      segments=segments)[2]
        want = _reference_union(s, starts, ends, left, right, offsets=offsets, sentence_starts=sentences)
        assert got.tolist() == want[s.is_word[want]].tolist()


def test_counts_segment_edges_and_node_bounds_on_a_corpus():
    from corpus_tools.counts.streams import document_edges, segment_edges, stream_segments
    from corpus_tools.counts.windows import node_bounds

    corpus = _corpus(["A b. C, d e.", "", "F. G h, i!", "J"])
    for words_only in (True, False):
        s = token_stream(corpus, words_only=words_only)
        everything = np.arange(len(s))
        for sentences in (True, False):
            seg = stream_segments(corpus, s, sentences=sentences)
            lo, hi = node_bounds(s, everything, everything + 1, segment_edges(corpus, s, sentences=sentences))
            assert lo.tolist() == [int(np.flatnonzero(seg == seg[i])[0]) for i in everything]
            assert hi.tolist() == [int(np.flatnonzero(seg == seg[i])[-1]) + 1 for i in everything]
        edges = document_edges(corpus, s)
        doc = np.searchsorted(corpus.tokens.offsets, s.positions, side="right") - 1
        assert edges.tolist() == [int(np.searchsorted(doc, d)) for d in range(len(corpus) + 1)]


def test_counts_token_stream_equals_plain_lookups():
    corpus = _corpus(["The Port, the port. PORT!", "", "Rain; rain."])
    t = corpus.tokens
    for lower in (True, False):
        for words_only in (True, False):
            s = token_stream(corpus, lower=lower, words_only=words_only)
            word = t.is_word[t.ids]
            positions = np.flatnonzero(word) if words_only else np.arange(len(t.ids))
            ids = t.lower[t.ids[positions]] if lower else t.ids[positions]
            assert s.positions.tolist() == positions.tolist() and s.positions.dtype == np.int64
            assert s.ids.tolist() == ids.tolist() and s.ids.dtype == np.int32
            assert s.is_word.tolist() == word[positions].tolist()
            want = np.bincount(ids[word[positions]], minlength=len(s.terms))
            assert s.frequencies.tolist() == want.tolist() and s.frequencies.dtype == np.int64


@pytest.mark.parametrize("ids", [[], [3], [3, 1], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]])
def test_counts_term_positions_compare_and_lookup_agree(ids):
    from corpus_tools.counts.streams import term_positions

    corpus = _corpus(["a b c d e f g h i j a b c d e", "j i h g f e d c b a"])
    t = corpus.tokens
    want = np.flatnonzero(np.isin(t.ids, ids))
    assert term_positions(corpus, ids).tolist() == want.tolist()


def test_counts_sort_order_equals_stable_argsort():
    from corpus_tools.analyses._order import sort_order

    def reference(score):
        nan = np.isnan(score)
        order = np.argsort(np.where(nan, 0.0, -score), kind="stable")
        return np.concatenate([order[~nan[order]], order[nan[order]]])

    rng = np.random.default_rng(0)
    values = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, 2.5, -3.0])
    for trial in range(300):
        n = int(rng.integers(0, 50))
        score = rng.choice(values, n) if trial % 2 else np.round(rng.normal(size=n), 1)
        assert sort_order(score).tolist() == reference(score).tolist()


def test_counts_distinct_equals_numpy_unique():
    from corpus_tools.counts.streams import _distinct

    rng = np.random.default_rng(1)
    for size in (0, 1, 7, 1000):
        values = rng.integers(-5, 40, size)
        got, counts = _distinct(values)
        want, want_counts = np.unique(values, return_counts=True)
        assert got.tolist() == want.tolist() and counts.tolist() == want_counts.tolist()


def test_counts_ngram_starts_all_token_path_equals_segment_path():
    corpus = _corpus(["A b c. D, e f g.", "", "H i. J k l m!"])
    t = corpus.tokens
    every = token_stream(corpus, words_only=False)
    # The same stream without its last element cannot take the all-token shortcut.
    cut = Stream(every.positions[:-1], every.ids[:-1], every.is_word[:-1], every.terms, every.frequencies)
    for n in (1, 2, 3, 4):
        fast = ngram_starts(every, n, offsets=t.offsets, sentence_starts=t.sentence_starts)
        slow = ngram_starts(cut, n, offsets=t.offsets, sentence_starts=t.sentence_starts)
        assert slow.tolist() == [i for i in fast.tolist() if i + n <= len(cut)]
