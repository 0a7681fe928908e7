"""Window and n-gram counting helpers, on hand-made token arrays and texts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from corpus_tools.corpus import Corpus
from corpus_tools.counts import (
    Stream,
    count_tuples,
    ngram_starts,
    pack,
    select_documents,
    token_stream,
    unpack,
    window_collocate_counts,
    window_pairs,
)


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
    with pytest.raises(ValueError, match="The 'by' parameter of f\\(\\): unknown field 'nope'"):
        select_documents(corpus, {"nope": 1}, "by", "f")
    with pytest.raises(TypeError, match="The 'by' parameter of f\\(\\) must be a dict"):
        select_documents(corpus, 3, "by", "f")
