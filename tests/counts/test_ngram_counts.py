"""N-gram counts (counts/ngrams.py): the helpers, and merging the counts of parts.

(Named test_ngram_counts.py, not test_ngrams.py: tests/analyses/test_ngrams.py
has that basename, and test modules here are imported by basename.)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from corpus_tools.corpus.corpus import Corpus
from corpus_tools.counts.ngrams import count_tuples, ngram_starts, pack, unpack
from corpus_tools.counts.streams import Stream, token_stream


def _corpus(texts, outlets=None):
    n = len(texts)
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "outlet": outlets or ["X"] * n,
                         "date": pd.to_datetime(["2020-01-01"] * n), "title": [""] * n, "text": texts})
    return Corpus.from_documents(docs)


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
