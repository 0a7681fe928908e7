"""Tests for corpus_tools.counts.terms: term x document counts, their sides and their merge."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from corpus_tools.corpus.corpus import Corpus
from corpus_tools.counts.terms import SideCounts, TermDocumentCounts, term_document_counts


def random_corpus(seed=3, n_docs=80, n_outlets=5):
    rng = np.random.default_rng(seed)
    vocab = [f"w{i}" for i in range(60)] + [f"W{i}" for i in range(10)]
    weights = 1.0 / np.arange(1, len(vocab) + 1)
    rows = []
    for i in range(n_docs):
        words = rng.choice(vocab, size=int(rng.integers(0, 40)), p=weights / weights.sum())
        rows.append({"doc_id": f"d{i}", "outlet": "ABCDEFG"[i % n_outlets],
                     "date": pd.Timestamp(f"2016-0{1 + i % 3}-01"), "title": "",
                     "text": " ".join(words) + ". And, w1 w2." * int(rng.integers(0, 2))})
    return Corpus.from_documents(pd.DataFrame(rows))


def assert_same_counts(got: TermDocumentCounts, want: TermDocumentCounts):
    assert got.terms.tolist() == want.terms.tolist()
    for name in ("indptr", "indices", "data", "sizes", "z", "freq", "range"):
        np.testing.assert_array_equal(getattr(got, name), getattr(want, name), err_msg=name)


def dp_of(side: SideCounts):
    return np.nan_to_num(side.dp, nan=-1.0)


PARTS = [(40,), (1, 79), (13, 50, 66)]


@pytest.mark.parametrize("unit", ["lower", "surface"])
@pytest.mark.parametrize("ngram", [1, 2, 3])
@pytest.mark.parametrize("cuts", PARTS)
def test_counts_of_parts_merge_into_the_counts_of_the_whole(unit, ngram, cuts):
    corpus = random_corpus()
    whole = TermDocumentCounts.from_corpus(corpus, unit, ngram)
    bounds = [0, *cuts, len(corpus)]
    # Parts tokenised on their own: each has its own vocabulary (different term ids).
    parts = [TermDocumentCounts.from_corpus(
        Corpus.from_documents(corpus.documents.iloc[a:b].reset_index(drop=True)), unit, ngram)
        for a, b in zip(bounds[:-1], bounds[1:])]
    assert any(len(p.terms) != len(whole.terms) for p in parts)
    merged = TermDocumentCounts.merge(parts)
    # Every part's vocabulary together is the whole's (punctuation columns included).
    assert_same_counts(merged, whole)
    seen = slice(None)
    # DP inputs: every side's frequency, range and DP equal, for any set of documents.
    rng = np.random.default_rng(len(cuts))
    for rows in (np.arange(len(corpus)), np.flatnonzero(rng.random(len(corpus)) < 0.3)):
        a, b = merged.side(rows), whole.side(rows)
        np.testing.assert_array_equal(a.freq, b.freq[seen])
        np.testing.assert_array_equal(a.range, b.range[seen])
        np.testing.assert_array_equal(dp_of(a), dp_of(b)[seen])
    # The "rest" DP index too.
    target = np.flatnonzero(corpus.documents["outlet"].to_numpy() == "B")
    pos_m, pos_w = merged.entries(target), whole.entries(target)
    im, iw = merged.rest_index(None), whole.rest_index(None)
    fm = merged.freq - merged.side(target).freq
    fw = whole.freq - whole.side(target).freq
    d = int(whole.sizes.sum() - whole.sizes[target].sum())
    got = im.dp(fm, d, merged.indices[pos_m], merged.data[pos_m], merged.z[pos_m])
    want = iw.dp(fw, d, whole.indices[pos_w], whole.data[pos_w], whole.z[pos_w])
    np.testing.assert_array_equal(np.nan_to_num(got, nan=-1), np.nan_to_num(want, nan=-1)[seen])


def test_parts_of_one_store_merge_exactly():
    """Parts cut from one corpus (same vocabulary) merge into exactly the whole's arrays."""
    corpus = random_corpus(9)
    whole = TermDocumentCounts.from_corpus(corpus)
    halves = [corpus.subset(np.arange(len(corpus)) < 30), corpus.subset(np.arange(len(corpus)) >= 30)]
    merged = TermDocumentCounts.merge([TermDocumentCounts.from_corpus(h) for h in halves])
    assert_same_counts(merged, TermDocumentCounts(
        whole.terms, whole.indptr, whole.indices, whole.data, whole.sizes))


def test_merge_needs_parts():
    with pytest.raises(ValueError, match="at least one"):
        TermDocumentCounts.merge([])


def test_counts_are_kept_on_the_corpus_and_droppable():
    corpus = random_corpus(4)
    first = term_document_counts(corpus, "lower", 1)
    assert term_document_counts(corpus, "lower", 1) is first
    listed = corpus.cached()
    assert "term x document counts lower 1" in listed["index"].tolist()
    assert int(listed.set_index("index").loc["term x document counts lower 1", "bytes"]) > 0
    assert corpus.drop_cached(("term x document counts", "lower", 1)) == 1
    assert term_document_counts(corpus, "lower", 1) is not first
    # Another corpus object never sees this one's counts.
    other = random_corpus(4)
    assert ("term x document counts", "lower", 1) not in other.cache


def test_document_term_counts_equal_the_corpus_matrix():
    from corpus_tools.counts.terms import unigram_csr as _unigram_csr

    corpus = random_corpus(2)
    for unit, lower in (("lower", True), ("surface", False)):
        want, terms = corpus.document_term_matrix(lower=lower)
        indptr, indices, data, got_terms = _unigram_csr(corpus, unit)
        assert list(got_terms) == list(terms)
        np.testing.assert_array_equal(indptr, want.indptr)
        np.testing.assert_array_equal(indices, want.indices)
        np.testing.assert_array_equal(data, want.data)


def test_search_runs_equals_searchsorted_per_run():
    from corpus_tools.counts.terms import search_runs as _search_runs

    rng = np.random.default_rng(6)
    lengths = rng.integers(0, 30, size=300)
    bounds = np.concatenate(([0], np.cumsum(lengths)))
    values = np.concatenate([np.sort(rng.integers(0, 10, size=n) / 4) for n in lengths])
    threshold = rng.integers(-1, 12, size=300) / 4
    got = _search_runs(values, bounds[:-1], bounds[1:], threshold)
    want = [s + np.searchsorted(values[s:e], x, side="right")
            for s, e, x in zip(bounds[:-1], bounds[1:], threshold)]
    np.testing.assert_array_equal(got, want)




def test_merge_puts_row_ids_in_order_when_a_part_is_not_sorted():
    unsorted = TermDocumentCounts(["sun", "rain"], [0, 2], [0, 1], [1, 2], [3])
    other = TermDocumentCounts(["fog"], [0, 1], [0], [1], [1])
    merged = TermDocumentCounts.merge([unsorted, other])
    assert merged.terms.tolist() == ["fog", "rain", "sun"]
    assert merged.indices.tolist() == [1, 2, 0] and merged.data.tolist() == [2, 1, 1]
    assert merged.freq.tolist() == [1, 2, 1] and merged.indptr.tolist() == [0, 2, 3]
