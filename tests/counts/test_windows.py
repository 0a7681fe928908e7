"""Window co-occurrence counts (counts/windows.py): the helpers, and merging the counts of parts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from counts_corpora import CUTS, random_corpus, subset_parts, tokenised_parts

from corpus_tools.corpus.corpus import Corpus
from corpus_tools.counts.streams import Stream, stream_hits, token_stream
from corpus_tools.counts.windows import WindowCounts, window_collocate_counts, window_counts, window_pairs


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


# --- merging ------------------------------------------------------------------------------

def _spans(corpus, stream, words):
    """Stream spans [start, end) of the word sequence ``words`` (in one document)."""
    terms = stream.terms.tolist()
    if any(w not in terms for w in words):
        return np.empty(0, np.int64), np.empty(0, np.int64)
    first = stream_hits(stream, [terms.index(words[0])])
    ok = first + len(words) <= len(stream)
    for k, w in enumerate(words[1:], 1):
        at = np.minimum(first + k, len(stream) - 1)
        ok &= (stream.ids[at] == terms.index(w)) & stream.is_word[at]
    start = first[ok]
    end = start + len(words)
    doc = np.searchsorted(corpus.tokens.offsets, stream.positions, side="right") - 1
    same = doc[start] == doc[end - 1] if len(start) else np.ones(0, bool)
    return start[same], end[same]


def _count(corpus, node, window, lower, words_only, sentence_bounded, mask=None):
    stream = token_stream(corpus, lower=lower, words_only=words_only)
    start, end = _spans(corpus, stream, node)
    return window_counts(corpus, stream, start, end, *window, doc_mask=mask,
                         sentence_bounded=sentence_bounded, words_only=words_only)


def assert_same_windows(got: WindowCounts, want: WindowCounts):
    assert got.terms.tolist() == want.terms.tolist()
    for name in ("o11", "left", "right", "f_collocate"):
        np.testing.assert_array_equal(getattr(got, name), getattr(want, name), err_msg=name)
        assert getattr(got, name).dtype == np.int64
    assert (got.f_node, got.window_tokens, got.n) == (want.f_node, want.window_tokens, want.n)


SETTINGS = [((5, 5), True, True, True), ((0, 3), False, True, False), ((2, 1), True, False, True),
            ((4, 0), False, False, False)]


@pytest.mark.parametrize("node", [("w1",), ("w0", "w1"), ("may",), ("W1",)])
@pytest.mark.parametrize("window, lower, words_only, sentence_bounded", SETTINGS)
@pytest.mark.parametrize("how", ["tokenised", "subset2", "subset3"] + [f"cut{c}" for c in CUTS])
def test_window_counts_of_parts_merge_into_the_whole(node, window, lower, words_only, sentence_bounded, how):
    corpus = random_corpus()
    node = tuple(w.lower() for w in node) if lower else node
    if how.startswith("cut"):
        parts = tokenised_parts(corpus, eval(how[3:]))
    elif how == "tokenised":
        parts = tokenised_parts(corpus, (20, 41))
    else:
        parts = subset_parts(corpus, int(how[-1]))  # random documents each: not in corpus order
    whole = _count(corpus, node, window, lower, words_only, sentence_bounded)
    counted = [_count(p, node, window, lower, words_only, sentence_bounded) for p in parts]
    if how.startswith("cut") or how == "tokenised":
        assert any(len(c.terms) != len(whole.terms) for c in counted)  # vocabularies differ
    merged = WindowCounts.merge(counted)
    assert whole.f_node > 0
    assert_same_windows(merged, whole)


@pytest.mark.parametrize("window, lower, words_only, sentence_bounded", SETTINGS)
def test_window_counts_of_document_sets_add_up(window, lower, words_only, sentence_bounded):
    """Group counts (doc_mask) of disjoint groups merge into the counts of their union."""
    corpus = random_corpus(5)
    outlet = corpus.documents["outlet"].to_numpy()
    groups = [outlet == "A", outlet == "B", (outlet == "C") | (outlet == "D")]
    parts = [_count(corpus, ("w1",), window, lower, words_only, sentence_bounded, g) for g in groups]
    assert_same_windows(WindowCounts.merge(parts), _count(corpus, ("w1",), window, lower, words_only,
                                                          sentence_bounded))
    two = _count(corpus, ("w1",), window, lower, words_only, sentence_bounded, groups[0] | groups[1])
    assert_same_windows(WindowCounts.merge(parts[:2]), two)


def test_window_counts_merge_needs_parts_and_reindex_needs_every_term():
    with pytest.raises(ValueError, match="at least one"):
        WindowCounts.merge([])
    one = _count(_corpus(["Rain fell."]), ("rain",), (1, 1), True, True, True)
    with pytest.raises(ValueError, match="lacks terms"):
        one.reindex(np.array(["rain"], object))


def test_window_counts_match_the_plain_window_pairs():
    corpus = random_corpus(8)
    stream = token_stream(corpus)
    start, end = _spans(corpus, stream, ("w2",))
    t = corpus.tokens
    got = window_counts(corpus, stream, start, end, 3, 2)
    _, cand = window_pairs(stream, start, end, 3, 2, offsets=t.offsets, sentence_starts=t.sentence_starts)
    want = np.unique(cand)
    np.testing.assert_array_equal(got.o11, np.bincount(stream.ids[want], minlength=len(stream.terms)))
    assert got.window_tokens == len(want) and got.n == int(t.is_word[t.ids].sum())


# --- the helpers (moved from test_counts.py) ----------------------------------------------

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


