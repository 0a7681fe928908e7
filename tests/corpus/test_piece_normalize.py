"""Normalising while loading (build_corpus with a JSON Lines source) gives
exactly what normalising the loaded table gives, or falls back to it."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import corpus_tools.corpus._piece_normalize as piece_normalize
from corpus_tools.corpus.build import build_corpus
from corpus_tools.io.loaders import table as _table
from normalize_cases import ENGINE_SETTINGS, ENGINE_TEXTS, ENGINE_TITLES
from xz_files import multi_block_xz

FOOTER = "Copyright 2020 The Daily Example. All rights reserved"


def records(with_bad: bool) -> list[dict]:
    texts = [t for t in ENGINE_TEXTS if t and t.strip()] if not with_bad else list(ENGINE_TEXTS)
    texts += [f"Story {i}.\n\nIt goes on.\n\n{FOOTER}" for i in range(8)]
    rows = []
    for i, text in enumerate(texts * 2):
        row = {"id": f"d{i}", "paper": ["X", "Y"][i % 2], "date": "2020-01-02", "body": text}
        title = ENGINE_TITLES[i % len(ENGINE_TITLES)]
        if title is not None or i % 3:
            row["headline"] = title
        rows.append(row)
    return rows


def write_source(tmp_path, rows) -> str:
    data = "".join(json.dumps(r) + "\n" for r in rows).encode()
    third = len(data) // 3
    path = tmp_path / "news.jsonl.xz"
    # three blocks cut mid-line
    path.write_bytes(multi_block_xz([data[:third], data[third:2 * third], data[2 * third:]]))
    return str(path)


def build_both(monkeypatch, source, settings):
    monkeypatch.setattr(_table, "_PIECE", 300)  # many pieces, in any order
    monkeypatch.setattr(_table, "_CHUNK", 97)
    used = []
    real = piece_normalize.PieceNormalizer.for_documents

    def spy(self, documents):
        result = real(self, documents)
        used.append(result is not None)
        return result

    monkeypatch.setattr(piece_normalize.PieceNormalizer, "for_documents", spy)
    options = dict(fields={"outlet": "paper", "text": "body", "title": "headline", "doc_id": "id"},
                   normalization=settings, on_invalid="skip")
    with_pieces = build_corpus(source, **options)
    monkeypatch.setattr(piece_normalize.PieceNormalizer, "__call__", lambda self, key, table: None)
    without = build_corpus(source, **options)
    return with_pieces, without, used


def assert_same_corpus(a, b):
    pd.testing.assert_frame_equal(a.documents, b.documents)
    assert a.provenance["normalization"] == b.provenance["normalization"]
    assert a.provenance["skipped"] == b.provenance["skipped"]
    assert np.array_equal(a.tokens.ids, b.tokens.ids)
    assert list(a.tokens.vocab) == list(b.tokens.vocab)


@pytest.mark.parametrize("settings", ENGINE_SETTINGS[:4] + ENGINE_SETTINGS[-2:])
def test_pieces_give_the_tables_result(tmp_path, monkeypatch, settings):
    source = write_source(tmp_path, records(with_bad=False))
    with_pieces, without, used = build_both(monkeypatch, source, settings)
    assert used == [True, False]  # the pieces' work was taken (the second build had none)
    assert_same_corpus(with_pieces, without)


def test_a_skipped_record_falls_back_to_the_table(tmp_path, monkeypatch):
    source = write_source(tmp_path, records(with_bad=True))
    with_pieces, without, used = build_both(monkeypatch, source, None)
    assert len(with_pieces.skipped) > 0
    assert used == [False, False]  # rows differ from the pieces': normalised as a table
    assert_same_corpus(with_pieces, without)


def test_a_piece_that_cannot_be_normalised_falls_back(tmp_path, monkeypatch):
    rows = records(with_bad=False)
    for row in rows[::7]:
        row["headline"] = 7  # a number: the loader writes "7", the pieces cannot take it
    source = write_source(tmp_path, rows)
    with_pieces, without, used = build_both(monkeypatch, source, None)
    assert used == [False, False]
    assert_same_corpus(with_pieces, without)


def test_a_failed_load_leaves_no_normalising_thread(tmp_path, monkeypatch):
    import threading

    from corpus_tools.errors import InvalidRecordError

    monkeypatch.setattr(_table, "_PIECE", 300)
    rows = records(with_bad=False)
    rows[-1]["body"] = ""  # an empty text: raise mode stops the load after the pieces went out
    source = write_source(tmp_path, rows)
    with pytest.raises(InvalidRecordError, match="empty text"):
        build_corpus(source, fields={"outlet": "paper", "text": "body", "title": "headline"})
    assert not [t for t in threading.enumerate() if t.name.startswith("corpus_tools-normalise")]
