"""Lexicon hits (counts/matches.py): matching compiled sequences, and merging the hits of parts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from counts_corpora import CUTS, random_corpus, subset_parts, tokenised_parts

from corpus_tools._compat import STR_DTYPE
from corpus_tools.analyses.hedging import NEGATORS, QUOTE_FORMS, _compile
from corpus_tools.corpus.corpus import Corpus
from corpus_tools.counts.matches import LexiconHits, LexiconMatches, Sequence, lexicon_matches, match_sequences
from corpus_tools.query.lexicon import default_lexicon


def _corpus(texts):
    n = len(texts)
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "outlet": ["X"] * n,
                         "date": pd.to_datetime(["2020-01-01"] * n), "title": [""] * n, "text": texts})
    return Corpus.from_documents(docs)


def _ids(tokens, *forms):
    vocab = tokens.vocab.tolist()
    return [vocab.index(f) for f in forms if f in vocab]


def _matches(corpus, lexicon=None):
    lexicon = default_lexicon() if lexicon is None else lexicon
    return lexicon_matches(corpus.tokens, _compile(corpus.tokens, lexicon),
                           entries=[e.pattern for e in lexicon.entries], quote_forms=QUOTE_FORMS,
                           negators=NEGATORS)


def _hits(corpus, matches, level):
    """Hit counts per document and pattern (or one total), keys as the hedging tables make them."""
    if level is None:
        keys, codes = pd.DataFrame(index=[0]), np.zeros(len(matches), np.int64)
    else:
        labels = matches.entries[matches.entry]
        keys = pd.DataFrame({"pattern": pd.array(sorted(set(labels.tolist())), dtype=STR_DTYPE)})
        codes = np.searchsorted(keys["pattern"].to_numpy(dtype=object).astype(str), labels.astype(str))
    return LexiconHits.from_rows(matches.doc, codes, keys, corpus.word_counts())


def assert_same_matches(got: LexiconMatches, want: LexiconMatches):
    assert got.entries.tolist() == want.entries.tolist() and got.n_documents == want.n_documents
    for name in LexiconMatches._ROWS:
        np.testing.assert_array_equal(getattr(got, name), getattr(want, name), err_msg=name)
        assert getattr(got, name).dtype == getattr(want, name).dtype


def assert_same_hits(got: LexiconHits, want: LexiconHits):
    pd.testing.assert_frame_equal(got.keys, want.keys)
    np.testing.assert_array_equal(got.counts, want.counts)
    np.testing.assert_array_equal(got.words, want.words)
    assert got.counts.dtype == got.words.dtype == np.int64


def _in_order(corpus, parts):
    """The whole corpus with its documents in the order the parts stack them."""
    order = np.concatenate([np.flatnonzero(np.isin(corpus.documents["doc_id"], p.documents["doc_id"]))
                            for p in parts])
    return Corpus.from_documents(corpus.documents.iloc[order].reset_index(drop=True))


@pytest.mark.parametrize("how", ["subset2", "subset3", *CUTS])
def test_lexicon_hits_of_parts_merge_into_the_whole(how):
    corpus = random_corpus(11)
    if isinstance(how, str):
        parts = subset_parts(corpus, int(how[-1]))
        corpus = _in_order(corpus, parts)  # subset parts hold documents of every stretch
    else:
        parts = tokenised_parts(corpus, how)
        assert any(len(p.tokens.vocab) != len(corpus.tokens.vocab) for p in parts)
    whole = _matches(corpus)
    assert len(whole) > 20 and whole.in_quotes.any() and whole.negated.any()
    matched = [_matches(p) for p in parts]
    assert_same_matches(LexiconMatches.merge(matched), whole)
    for level in (None, "pattern"):
        counted = [_hits(p, m, level) for p, m in zip(parts, matched)]
        if level and not isinstance(how, str):
            assert any(len(c.keys) != len(_hits(corpus, whole, level).keys) for c in counted)
        assert_same_hits(LexiconHits.merge(counted), _hits(corpus, whole, level))


def test_lexicon_hits_merge_errors():
    with pytest.raises(ValueError, match="at least one"):
        LexiconHits.merge([])
    with pytest.raises(ValueError, match="at least one"):
        LexiconMatches.merge([])
    a = LexiconHits.from_rows(np.array([0]), np.array([0]), pd.DataFrame({"type": ["hedge"]}), np.array([3]))
    b = LexiconHits.from_rows(np.array([0]), np.array([0]), pd.DataFrame({"pattern": ["may"]}), np.array([3]))
    with pytest.raises(ValueError, match="same key columns"):
        LexiconHits.merge([a, b])


# --- matching, on hand-made sequences ----------------------------------------------------

def test_match_longest_first_and_no_token_twice():
    t = _corpus(["It appears to appear to be so."]).tokens
    appears_to = Sequence.of_ids(0, [_ids(t, "appears"), _ids(t, "to")], len(t.vocab))
    appears = Sequence.of_ids(1, [_ids(t, "appears", "appear")], len(t.vocab))
    found = match_sequences(t, [appears_to, appears])
    assert found["pos"].tolist() == [1, 3] and found["entry"].tolist() == [0, 1]
    assert found["length"].tolist() == [2, 1]


def test_match_never_crosses_a_sentence_or_document():
    t = _corpus(["Of. Course not.", "Of", "course of course."]).tokens
    of_course = Sequence.of_ids(0, [_ids(t, "Of", "of"), _ids(t, "Course", "course")], len(t.vocab))
    found = match_sequences(t, [of_course])
    assert (found["pos"] - t.offsets[np.searchsorted(t.offsets, found["pos"], side="right") - 1]).tolist() == [1]


def test_match_exclusions_after_and_before():
    t = _corpus(["It appears in court. It appears calm. Not appears here."]).tokens
    v = len(t.vocab)
    appears = Sequence.of_ids(0, [_ids(t, "appears")], v, after=[[_ids(t, "in")]], before=[[_ids(t, "Not")]])
    found = match_sequences(t, [appears])
    assert found["pos"].tolist() == [6]


def test_self_overlapping_sequence_leftmost_first():
    t = _corpus(["a a a b"]).tokens
    aa = Sequence.of_ids(0, [_ids(t, "a"), _ids(t, "a")], len(t.vocab))
    assert match_sequences(t, [aa])["pos"].tolist() == [0]


def test_no_sequences_or_no_tokens():
    t = _corpus(["Rain."]).tokens
    assert len(lexicon_matches(t, [], entries=[])) == 0
    empty = _corpus([""])
    m = _matches(empty)
    assert len(m) == 0 and m.n_documents == 1
