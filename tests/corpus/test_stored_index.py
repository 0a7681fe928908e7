"""Derived indices stored in the corpus folder (issue 15 item 1): used when current, rebuilt when not."""

from __future__ import annotations

import json
import os
import shutil

import numpy as np
import pandas as pd
import pytest

from corpus_tools.cli.main import main
from corpus_tools.corpus import stored
from corpus_tools.corpus.corpus import Corpus
from corpus_tools.counts import terms
from corpus_tools.counts.terms import RestIndex, TermDocumentCounts, term_document_counts
from corpus_tools.errors import CorpusFolderError


def _docs(texts, outlets=None):
    n = len(texts)
    outlets = outlets or ["X", "Y"] * (n // 2) + ["X"] * (n % 2)
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "outlet": outlets,
                         "date": pd.to_datetime(["2020-01-05"] * n), "title": [""] * n, "text": texts})


TEXTS_A = ["Rain may fall. Rain, rain.", "Sun and rain today.", "It may be sunny.", "Clouds and sun."]
TEXTS_B = ["Snow may fall.", "Snow and wind.", "Wind, wind, wind.", "Clouds and snow."]


@pytest.fixture
def folder_a(tmp_path):
    return Corpus.from_documents(_docs(TEXTS_A)).save(tmp_path / "corpus")


def _counts_path(folder, unit="lower"):
    return stored.index_path(folder, "term_document_counts", {"unit": unit, "ngram": 1})


def _assert_same_counts(got: TermDocumentCounts, want: TermDocumentCounts):
    assert got.terms.tolist() == want.terms.tolist()
    for name in ("indptr", "indices", "data", "sizes", "freq", "range"):
        np.testing.assert_array_equal(getattr(got, name), getattr(want, name), err_msg=name)


def _no_counting(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("counted the tokens although a current index is stored")

    monkeypatch.setattr(terms, "unigram_csr", refuse)
    monkeypatch.setattr(RestIndex, "sort_order", staticmethod(refuse))


@pytest.mark.parametrize("unit", ["lower", "surface"])
def test_stored_index_written_on_first_use_and_read_by_a_fresh_load(folder_a, monkeypatch, unit):
    corpus = Corpus.load(folder_a)
    built = term_document_counts(corpus, unit)
    assert _counts_path(folder_a, unit).is_file()
    want = TermDocumentCounts.from_corpus(Corpus.from_documents(_docs(TEXTS_A)), unit)
    _assert_same_counts(built, want)
    _no_counting(monkeypatch)
    _assert_same_counts(term_document_counts(Corpus.load(folder_a), unit), want)


def test_stored_rest_index_equals_the_one_built(folder_a, monkeypatch):
    counts = term_document_counts(Corpus.load(folder_a))
    built = counts.rest_index(None)
    assert stored.index_path(folder_a, "rest_index", {"unit": "lower", "ngram": 1}).is_file()
    # Built without any store, from the counts of a corpus made in memory.
    direct = RestIndex(TermDocumentCounts.from_corpus(Corpus.from_documents(_docs(TEXTS_A))), None)
    _no_counting(monkeypatch)
    again = term_document_counts(Corpus.load(folder_a)).rest_index(None)
    for index in (built, again):
        for name in ("q_sorted", "bounds", "cv", "cz", "freq", "zsum"):
            np.testing.assert_array_equal(getattr(index, name), getattr(direct, name), err_msg=name)


def test_stored_index_rebuilt_when_the_corpus_changes(folder_a, tmp_path):
    term_document_counts(Corpus.load(folder_a))
    stale = tmp_path / "stale.npz"
    shutil.copy(_counts_path(folder_a), stale)
    # Saving again replaces the folder (index included); put the old index back, as a stale copy would be.
    Corpus.from_documents(_docs(TEXTS_B)).save(folder_a, overwrite=True)
    assert not _counts_path(folder_a).exists()
    _counts_path(folder_a).parent.mkdir()
    shutil.copy(stale, _counts_path(folder_a))
    corpus_b = Corpus.load(folder_a)
    got = term_document_counts(corpus_b)
    _assert_same_counts(got, TermDocumentCounts.from_corpus(Corpus.from_documents(_docs(TEXTS_B))))
    assert "snow" in got.terms[got.freq > 0].tolist()
    # ... and the file now holds the new corpus's counts.
    key = json.loads(bytes(np.load(_counts_path(folder_a))["__meta__"]).decode())["key"]
    assert key["fingerprint"] == corpus_b.fingerprint()


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage"])
def test_damaged_stored_index_is_rebuilt_not_used(folder_a, damage):
    want = term_document_counts(Corpus.load(folder_a))
    path = _counts_path(folder_a)
    raw = bytearray(path.read_bytes())
    if damage == "truncate":
        raw = raw[: len(raw) // 2]
    elif damage == "flip":
        # A byte inside the last array's data (the zip entries come in write order).
        raw[-200] ^= 0xFF
    else:
        raw = bytearray(b"not an index at all")
    path.write_bytes(bytes(raw))
    assert stored.read_arrays(path, {"any": "key"}) is None
    _assert_same_counts(term_document_counts(Corpus.load(folder_a)), want)


def test_stored_index_check_catches_a_changed_array(tmp_path):
    path = tmp_path / "x.npz"
    key = {"index": "x"}
    assert stored.write_arrays(path, key, {"a": np.arange(5, dtype=np.int32)})
    np.testing.assert_array_equal(stored.read_arrays(path, key)["a"], np.arange(5))
    assert stored.read_arrays(path, {"index": "y"}) is None
    # Same key, other data, old checksums: rewrite the archive with the old meta.
    with np.load(path) as archive:
        meta = archive["__meta__"]
    np.savez(path, __meta__=meta, a=np.arange(1, 6, dtype=np.int32))
    assert stored.read_arrays(path, key) is None


def test_unwritable_folder_only_costs_the_rebuild(folder_a, monkeypatch):
    def refuse(*args):
        raise PermissionError("read-only file system")

    monkeypatch.setattr(os, "replace", refuse)
    got = term_document_counts(Corpus.load(folder_a))
    assert not _counts_path(folder_a).exists()
    assert not [p for p in _counts_path(folder_a).parent.iterdir() if p.name.endswith(".tmp")]
    _assert_same_counts(got, TermDocumentCounts.from_corpus(Corpus.from_documents(_docs(TEXTS_A))))


def test_corpus_not_loaded_from_a_folder_stores_nothing(tmp_path):
    corpus = Corpus.from_documents(_docs(TEXTS_A))
    assert corpus.folder is None and corpus.subset(outlet="X").folder is None
    term_document_counts(corpus)
    assert not list(tmp_path.iterdir())


def test_word_counts_stored_and_checked(folder_a):
    want = Corpus.from_documents(_docs(TEXTS_A)).word_counts()
    np.testing.assert_array_equal(Corpus.load(folder_a).word_counts(), want)
    assert stored.index_path(folder_a, "word_counts", {}).is_file()
    np.testing.assert_array_equal(Corpus.load(folder_a).word_counts(), want)


# ------------------------------------------------------------------ info

def _info(folder, capsys):
    assert main(["info", str(folder), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_info_reads_the_stored_summary_without_loading(folder_a, capsys, monkeypatch):
    first = _info(folder_a, capsys)
    assert first == Corpus.load(folder_a).summary()
    assert stored.index_path(folder_a, "summary", {}, ".json").is_file()

    def refuse(*args, **kwargs):
        raise AssertionError("loaded the corpus although its summary is stored")

    monkeypatch.setattr(Corpus, "load", classmethod(refuse))
    assert _info(folder_a, capsys) == first


def test_info_summary_rebuilt_when_the_corpus_changes(folder_a, tmp_path, capsys):
    _info(folder_a, capsys)
    summary_file = stored.index_path(folder_a, "summary", {}, ".json")
    stale = tmp_path / "summary.json"
    shutil.copy(summary_file, stale)
    Corpus.from_documents(_docs(TEXTS_B + TEXTS_B[:1], outlets=["Z"] * 5)).save(folder_a, overwrite=True)
    summary_file.parent.mkdir()
    shutil.copy(stale, summary_file)
    got = _info(folder_a, capsys)
    assert got["documents"] == 5 and got["outlets"] == {"Z": 5}


def test_info_damaged_summary_is_rebuilt(folder_a, capsys):
    first = _info(folder_a, capsys)
    summary_file = stored.index_path(folder_a, "summary", {}, ".json")
    body = json.loads(summary_file.read_text())
    body["summary"]["documents"] += 1  # its sha256 no longer matches
    summary_file.write_text(json.dumps(body))
    assert stored.read_summary(folder_a) is None
    assert _info(folder_a, capsys) == first


# ------------------------------------------------------- deferred texts

def test_load_defers_the_texts_until_documents_is_used(folder_a):
    want = Corpus.from_documents(_docs(TEXTS_A))
    corpus = Corpus.load(folder_a)
    assert corpus._deferred is not None and "text" not in corpus._documents.columns
    assert len(corpus) == 4 and corpus.word_counts().tolist() == want.word_counts().tolist()
    assert corpus.subset(outlet="Y").documents["text"].tolist() == TEXTS_A[1::2]
    assert corpus._deferred is None
    pd.testing.assert_frame_equal(corpus.documents, want.documents)


def test_damaged_text_is_found_at_load_not_later(folder_a):
    path = folder_a / "documents.parquet"
    raw = bytearray(path.read_bytes())
    at = raw.find(b"sunny")
    assert at > 0  # the test corpus's texts are stored uncompressed enough to find
    raw[at] ^= 0x01
    path.write_bytes(bytes(raw))
    with pytest.raises(CorpusFolderError, match="documents.parquet"):
        Corpus.load(folder_a)


def test_texts_of_a_corpus_saved_again_after_the_load_are_refused(folder_a):
    corpus = Corpus.load(folder_a)
    # Same doc_ids, other texts: only the record of the load tells them apart.
    Corpus.from_documents(_docs(TEXTS_B)).save(folder_a, overwrite=True)
    with pytest.raises(CorpusFolderError, match="saved again"):
        corpus.documents
