"""build_corpus, on the demo corpus and real data (the command line: tests/cli/test_ingest.py)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from corpus_tools.corpus.build import build_corpus
from corpus_tools.corpus.corpus import Corpus
from corpus_tools.errors import InvalidRecordError

from conftest import DEMO, shared_path


def test_build_demo_corpus_summary(demo_corpus):
    summary = demo_corpus.summary()
    assert summary["documents"] == 24
    assert summary["outlets"] == {"Civic Wire": 8, "Northgate Daily": 8, "The Harbour Ledger": 8}
    assert summary["skipped"] == 0
    assert demo_corpus.provenance["sources"][0]["sha256"]
    assert demo_corpus.provenance["tokenizer"]["punkt"] == "nltk punkt_tab/english"


def test_build_allsides_sample_loads_everything(tmp_path):
    path = shared_path("allsides_article_bias", "sample_12outlets_2012-2020.jsonl.gz")
    corpus = build_corpus(path, fields={"outlet": "source", "doc_id": "id"})
    assert len(corpus) == 1129
    assert corpus.documents["outlet"].nunique() == 12
    years = pd.to_datetime(corpus.documents["date"]).dt.year
    assert years.min() == 2012 and years.max() == 2020
    assert len(corpus.skipped) == 0
    # Round trip on real data: identical documents, arrays and provenance.
    corpus.save(tmp_path / "c")
    back = Corpus.load(tmp_path / "c")
    pd.testing.assert_frame_equal(back.documents, corpus.documents)
    np.testing.assert_array_equal(back.tokens.ids, corpus.tokens.ids)
    np.testing.assert_array_equal(back.tokens.sentence_starts, corpus.tokens.sentence_starts)
    assert back.provenance == json.loads(json.dumps(corpus.provenance, default=str))


def test_build_skip_mode_records_skipped(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": "1", "outlet": "A", "text": "Fine text."}\n{not json\n'
                   '{"doc_id": "3", "outlet": "A", "text": ""}\n', encoding="utf-8")
    with pytest.raises(InvalidRecordError, match="line 2"):
        build_corpus(bad)
    corpus = build_corpus(bad, on_invalid="skip")
    assert len(corpus) == 1
    assert corpus.skipped["record"].tolist() == ["line 2", "line 3"]
    assert len(corpus.provenance["skipped"]) == 2


def test_build_rejects_bad_options():
    with pytest.raises(ValueError, match="'dedupe' parameter of build_corpus"):
        build_corpus(DEMO, dedupe="fuzzy")
    with pytest.raises(ValueError, match="'on_invalid' parameter of build_corpus"):
        build_corpus(DEMO, on_invalid="ignore")


def test_build_with_out_writes_what_save_writes(tmp_path):
    # build_corpus(out=) writes the documents table while tokenising: the
    # folder must hold the same bytes as build-then-save.
    source = tmp_path / "news.jsonl"
    source.write_text("".join(
        json.dumps({"id": f"d{k}", "source": "AB"[k % 2], "date": f"2020-0{k % 9 + 1}-02",
                    "title": f"Title {k}", "text": f"It\u2019s day {k}. Officials said so.\n\nMore text."}) + "\n"
        for k in range(40)), encoding="utf-8")
    built = build_corpus(source, out=tmp_path / "a")
    built.save(tmp_path / "b")
    names = sorted(p.name for p in (tmp_path / "b").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "a").iterdir())
    assert "corpus.json" in names and "documents.parquet" in names
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_build_with_out_keeps_the_old_corpus_after_an_error(tmp_path, monkeypatch):
    import corpus_tools.corpus.build as build

    source = tmp_path / "news.jsonl"
    source.write_text(json.dumps({"id": "a", "source": "A", "text": "Some text."}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    build_corpus(source, out=out)
    assert (out / "corpus.json").is_file()

    def broken(*args, **kwargs):
        raise RuntimeError("tokeniser broke")

    monkeypatch.setattr(build.Corpus, "from_documents", broken)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(RuntimeError, match="tokeniser broke"):
        build_corpus(source, out=out, overwrite=True)
    # Written aside and never moved in: the old corpus is there, byte for byte, and nothing else.
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.jsonl", "out"]
    assert len(Corpus.load(out)) == 1
