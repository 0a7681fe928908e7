"""N-gram counts (counts/ngrams.py): the helpers, and merging the counts of parts.

(Named test_ngram_counts.py, not test_ngrams.py: tests/analyses/test_ngrams.py
has that basename, and test modules here are imported by basename.)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from counts_corpora import CUTS, random_corpus, subset_parts, tokenised_parts

from corpus_tools.corpus.corpus import Corpus
from corpus_tools.counts.ngrams import (
    NgramCounts,
    count_tuples,
    grouped_ngram_counts,
    ngram_counts,
    ngram_starts,
    pack,
    sum_tuples,
    unpack,
)
from corpus_tools.counts.streams import Stream, token_stream


def _corpus(texts, outlets=None):
    n = len(texts)
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "outlet": outlets or ["X"] * n,
                         "date": pd.to_datetime(["2020-01-01"] * n), "title": [""] * n, "text": texts})
    return Corpus.from_documents(docs)


def assert_same_ngrams(got: NgramCounts, want: NgramCounts):
    assert got.terms.tolist() == want.terms.tolist()
    assert len(got.ids) == len(want.ids)
    for a, b in zip(got.ids, want.ids):
        np.testing.assert_array_equal(a, b)
        assert a.dtype == np.int64
    np.testing.assert_array_equal(got.freq, want.freq)
    assert got.freq.dtype == np.int64 and got.positions == want.positions
    if want.group is None:
        assert got.group is None and got.groups is None
    else:
        np.testing.assert_array_equal(got.group, want.group)
        assert got.groups.tolist() == want.groups.tolist()


def _parts(corpus, how):
    if how == "subset2":
        return subset_parts(corpus, 2)
    if how == "subset3":
        return subset_parts(corpus, 3)
    return tokenised_parts(corpus, how)


def _grouped(corpus, n, lower):
    codes, names = pd.factorize(corpus.documents["outlet"].astype(str), sort=True)
    return grouped_ngram_counts(corpus, n, lower, codes, np.asarray(names))


HOW = ["subset2", "subset3", *CUTS]


@pytest.mark.parametrize("n", [1, 2, 3, 4])
@pytest.mark.parametrize("lower", [True, False])
@pytest.mark.parametrize("how", HOW)
def test_ngram_counts_of_parts_merge_into_the_whole(n, lower, how):
    corpus = random_corpus()
    parts = _parts(corpus, how)
    whole = ngram_counts(corpus, n, lower)
    counted = [ngram_counts(p, n, lower) for p in parts]
    if not isinstance(how, str):
        assert any(len(c.terms) != len(whole.terms) for c in counted)  # vocabularies differ
    merged = NgramCounts.merge(counted)
    assert_same_ngrams(merged, whole)
    # The association marginals M(T) too, for every candidate.
    rows = np.arange(len(whole.freq))
    got, want = merged.marginals(rows), whole.marginals(rows)
    assert got.keys() == want.keys()
    for key in want:
        np.testing.assert_array_equal(got[key], want[key], err_msg=str(key))
    # Grouped counts (by outlet): groups absent from a part are aligned by label.
    assert_same_ngrams(NgramCounts.merge([_grouped(p, n, lower) for p in parts]), _grouped(corpus, n, lower))


def test_ngram_marginals_equal_counts_over_positions():
    corpus = random_corpus(6)
    stream = token_stream(corpus, words_only=False)
    t = corpus.tokens
    starts = ngram_starts(stream, 3, offsets=t.offsets, sentence_starts=t.sentence_starts)
    grams = np.stack([stream.ids[starts + k] for k in range(3)], axis=1)
    counted = ngram_counts(corpus, 3)
    rows = np.flatnonzero(counted.freq >= 2)
    marginal = counted.marginals(rows)
    for slots in [(), (0,), (2,), (0, 1), (1, 2), (0, 2), (0, 1, 2)]:
        for i in rows[:25]:
            row = [counted.ids[k][i] for k in range(3)]
            agree = np.ones(len(grams), bool)
            for k in slots:
                agree &= grams[:, k] == row[k]
            assert marginal[slots][np.searchsorted(rows, i)] == int(agree.sum())


def test_ngram_counts_are_kept_on_the_corpus():
    corpus = random_corpus(4)
    first = ngram_counts(corpus, 2)
    assert ngram_counts(corpus, 2) is first
    assert "ngram counts 2 lower" in corpus.cached()["index"].tolist()
    assert ("ngram counts", 2, "lower") not in random_corpus(4).cache


def test_ngram_merge_errors():
    with pytest.raises(ValueError, match="at least one"):
        NgramCounts.merge([])
    corpus = random_corpus(2)
    with pytest.raises(ValueError, match="one n-gram size"):
        NgramCounts.merge([ngram_counts(corpus, 2), ngram_counts(corpus, 3)])
    with pytest.raises(ValueError, match="ungrouped"):
        _grouped(corpus, 2, True).marginals(np.arange(2))


@pytest.mark.parametrize("bounds", [[5, 7], [3, 3, 3], [2 ** 31, 2 ** 31, 2 ** 31]])
def test_sum_tuples_matches_a_dict(bounds):
    rng = np.random.default_rng(2)
    cols = [rng.integers(0, min(b, 4), 300) for b in bounds]
    weights = rng.integers(1, 9, 300)
    values, total = sum_tuples(cols, bounds, weights)
    expected = {}
    for row, w in zip(zip(*[c.tolist() for c in cols]), weights.tolist()):
        expected[row] = expected.get(row, 0) + w
    rows = list(zip(*[v.tolist() for v in values]))
    assert rows == sorted(expected) and total.tolist() == [expected[r] for r in rows]


# --- the helpers (moved from test_counts.py) ----------------------------------------------

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
