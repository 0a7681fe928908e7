"""Corpus: the token store, subsets, groups, views, save and reload."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from corpus_tools.corpus.corpus import Corpus
from corpus_tools.errors import CorpusToolsError, DataMissingError


@pytest.fixture()
def toy():
    """Six hand-countable documents, two outlets, two periods."""
    docs = pd.DataFrame({
        "doc_id": ["a1", "a2", "a3", "b1", "b2", "b3"],
        "outlet": ["A", "A", "A", "B", "B", "B"],
        "date": pd.to_datetime(["2016-03-31", "2016-04-01", None, "2016-01-15", "2016-12-31", "2017-01-01"]),
        "title": ["Rain may come", "", "", "", "Sun", ""],
        "text": ["It may rain. May is wet.", "The U.S. said no.", "Words, words!",
                 "Analysts say it appears to fail.", "Sun again.", ""],
        "section": ["x", "y", "x", "y", "x", "y"],
    })
    return Corpus.from_documents(docs)


def test_corpus_word_counts_by_hand(toy):
    # a1: Rain may come | It may rain . | May is wet .  -> 9 words
    # a2: The U.S. said no .  -> 4;  a3: Words , words !  -> 2
    # b1: Analysts say it appears to fail .  -> 6;  b2: Sun | Sun again .  -> 3;  b3: empty -> 0
    assert toy.word_counts().tolist() == [9, 4, 2, 6, 3, 0]
    assert toy.n_words == 24
    assert toy.token_counts().tolist() == [11, 5, 4, 7, 4, 0]


def test_corpus_sentences_title_is_its_own(toy):
    frame = toy.token_frame()
    a1 = frame[frame["doc_id"] == "a1"]
    assert a1.groupby("sent")["token"].apply(" ".join).tolist() == [
        "Rain may come", "It may rain .", "May is wet ."]


def test_corpus_lowercase_map_keeps_surface_forms_apart(toy):
    t = toy.tokens
    may = [i for i, f in enumerate(t.vocab) if f in ("May", "may")]
    assert len(may) == 2
    assert len({t.lower[i] for i in may}) == 1


def test_corpus_token_frame_columns(toy):
    frame = toy.token_frame()
    assert list(frame.columns) == ["doc_id", "sent", "position", "token", "lower", "is_punct"]
    assert len(frame) == toy.token_counts().sum()
    assert (~frame["is_punct"]).sum() == toy.n_words
    a2 = frame[frame["doc_id"] == "a2"]
    assert a2["position"].tolist() == [0, 1, 2, 3, 4]
    assert a2["token"].tolist() == ["The", "U.S.", "said", "no", "."]


def test_corpus_document_term_matrix_rows_sum_to_word_counts(toy):
    matrix, terms = toy.document_term_matrix()
    np.testing.assert_array_equal(np.asarray(matrix.sum(axis=1)).ravel(), toy.word_counts())
    may = list(terms).index("may")
    assert matrix[0, may] == 3  # "may" twice and "May" once in a1


def test_corpus_subset_by_metadata_and_dates(toy):
    assert toy.subset(outlet="B").documents["doc_id"].tolist() == ["b1", "b2", "b3"]
    assert toy.subset(section=["x"]).documents["doc_id"].tolist() == ["a1", "a3", "b2"]
    got = toy.subset(date=("2016-03-31", "2016-12-31")).documents["doc_id"].tolist()
    assert got == ["a1", "a2", "b2"]  # inclusive ends, undated never matches
    assert toy.subset(month="2016-04").documents["doc_id"].tolist() == ["a2"]


def test_corpus_subset_keeps_tokens_and_sentences_aligned(toy):
    sub = toy.subset(outlet="A")
    assert sub.word_counts().tolist() == [9, 4, 2]
    frame = sub.token_frame()
    assert frame[frame["doc_id"] == "a2"]["token"].tolist() == ["The", "U.S.", "said", "no", "."]
    assert sub.tokens.sentence_starts.tolist() == [0, 3, 7, 11, 16]
    assert "subset" in sub.provenance["derived"][-1]
    assert len(toy) == 6  # the original is unchanged


def test_corpus_subset_reorders_with_mask(toy):
    sub = toy.subset(lambda d: d["outlet"] == "B")
    assert sub.word_counts().tolist() == [6, 3, 0]


def test_corpus_group_labels_periods(toy):
    assert toy.group_labels("quarter").tolist()[:2] == ["2016-Q1", "2016-Q2"]
    months = toy.group_labels("period=month")
    assert months.isna().tolist() == [False, False, True, False, False, False]
    event = toy.group_labels("event:2016-04-01")
    assert event.tolist()[:2] == ["before", "after"]
    with pytest.raises(ValueError, match="'by' parameter"):
        toy.group_labels("nonsense")


def test_corpus_rejects_duplicate_doc_ids():
    docs = pd.DataFrame({"doc_id": ["x", "x"], "outlet": ["A", "A"], "date": pd.NaT,
                         "title": ["", ""], "text": ["a", "b"]})
    with pytest.raises(ValueError, match="doc_id must be unique; 'x'"):
        Corpus.from_documents(docs)


def test_corpus_save_load_round_trip(toy, tmp_path):
    toy.provenance["skipped"] = [{"source": "f.jsonl", "record": "line 3", "doc_id": "", "reason": "bad JSON"}]
    toy.save(tmp_path / "c")
    back = Corpus.load(tmp_path / "c")
    pd.testing.assert_frame_equal(back.documents, toy.documents)
    for name in ("ids", "offsets", "lower", "is_word", "sentence_starts"):
        got, want = getattr(back.tokens, name), getattr(toy.tokens, name)
        assert got.dtype == want.dtype, name
        np.testing.assert_array_equal(got, want)
    assert back.tokens.vocab.tolist() == toy.tokens.vocab.tolist()
    assert back.tokens.lower_vocab.tolist() == toy.tokens.lower_vocab.tolist()
    assert json.dumps(back.provenance, sort_keys=True, default=str) == json.dumps(
        toy.provenance, sort_keys=True, default=str)
    assert back.skipped["reason"].tolist() == ["bad JSON"]


def test_corpus_save_is_byte_identical(toy, tmp_path):
    toy.save(tmp_path / "one")
    toy.save(tmp_path / "two")
    for path in sorted((tmp_path / "one").iterdir()):
        assert path.read_bytes() == (tmp_path / "two" / path.name).read_bytes(), path.name


def test_corpus_load_errors(tmp_path, toy):
    with pytest.raises(DataMissingError, match="no corpus.json"):
        Corpus.load(tmp_path / "nowhere")
    toy.save(tmp_path / "c")
    (tmp_path / "c" / "tokens.parquet").unlink()
    with pytest.raises(DataMissingError, match="tokens.parquet is missing"):
        Corpus.load(tmp_path / "c")
    meta = json.loads((tmp_path / "c" / "corpus.json").read_text())
    meta["format_version"] = 99
    (tmp_path / "c" / "corpus.json").write_text(json.dumps(meta))
    with pytest.raises(CorpusToolsError, match="format version 99"):
        Corpus.load(tmp_path / "c")


def test_corpus_summary(toy):
    summary = toy.summary()
    assert summary["documents"] == 6
    assert summary["word_tokens"] == 24
    assert summary["outlets"] == {"A": 3, "B": 3}
    assert (summary["date_min"], summary["date_max"], summary["undated"]) == ("2016-01-15", "2017-01-01", 1)
