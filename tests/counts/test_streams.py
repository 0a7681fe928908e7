"""Word streams (counts/streams.py), on hand-made token arrays and texts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from corpus_tools.corpus.corpus import Corpus
from corpus_tools.counts.streams import Stream, select_documents, token_stream


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


def test_counts_select_documents_errors():
    corpus = _corpus(["a", "b"], outlets=["X", "Y"])
    assert select_documents(corpus, {"outlet": ["X", "Y"]}, "by", "f").tolist() == [True, True]
    with pytest.raises(ValueError, match="The 'by' parameter of f\\(\\): unknown selector field 'nope'"):
        select_documents(corpus, {"nope": 1}, "by", "f")
    with pytest.raises(TypeError, match="The 'by' parameter of f\\(\\) must be a dict"):
        select_documents(corpus, 3, "by", "f")


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


def test_counts_distinct_equals_numpy_unique():
    from corpus_tools.counts.streams import _distinct

    rng = np.random.default_rng(1)
    for size in (0, 1, 7, 1000):
        values = rng.integers(-5, 40, size)
        got, counts = _distinct(values)
        want, want_counts = np.unique(values, return_counts=True)
        assert got.tolist() == want.tolist() and counts.tolist() == want_counts.tolist()
