"""Corpus.load checks every file and invariant of a saved corpus (issue 16, item 4).

A damaged folder gives one named error (:class:`CorpusFolderError` naming the
file); the CLI prints it as one line with exit status 2.
"""

from __future__ import annotations

import dataclasses
import json
import random
import shutil

import numpy as np
import pandas as pd
import pytest

from corpus_tools.analyses.keyness import keyness
from corpus_tools.cli.main import main
from corpus_tools.corpus.corpus import Corpus
from corpus_tools.errors import CorpusFolderError, CorpusToolsError
from corpus_tools.io import store

from small_corpora import make_corpus

TEXTS = ("The rain may fall. It appears to rain.", "Sun will shine, sun shines!", "", "Rain, rain and sun.")


@pytest.fixture
def small():
    return make_corpus(*TEXTS, outlets=["A", "B", "A", "B"])


def _write_raw(corpus: Corpus, folder, **changes):
    """Save ``corpus`` with token-store arrays replaced by ``changes``, checksums valid: only the invariants can tell."""
    folder.mkdir()
    tokens = dataclasses.replace(corpus.tokens, **changes)
    store.write_tables(folder, {"documents": store.documents_table(corpus.documents), **store.store_tables(tokens)})
    store.write_meta(folder, corpus.provenance, store.store_counts(len(corpus), tokens))
    return folder


def _rewrite_meta(folder, edit):
    """Change corpus.json with ``edit(meta)`` and give it a valid checksum again."""
    path = folder / "corpus.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    edit(meta)
    meta["meta_sha256"] = store._meta_digest(meta)
    path.write_text(json.dumps(meta, indent=2, sort_keys=True), encoding="utf-8")


def _one_line_cli_error(capsys, folder, file_name):
    assert main(["info", str(folder)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert str(folder / file_name) in err
    return err


# Each case: token-store arrays that break one invariant -> the file and problem named.
BROKEN = {
    "negative id": (lambda t: dict(ids=np.where(np.arange(len(t.ids)) == 1, -1, t.ids).astype(np.int32)),
                    "tokens.parquet", "token id -1 is outside the vocabulary"),
    "id past the vocabulary": (lambda t: dict(ids=np.where(np.arange(len(t.ids)) == 0, len(t.vocab),
                                                           t.ids).astype(np.int32)),
                               "tokens.parquet", "outside the vocabulary"),
    "offsets past the end": (lambda t: dict(offsets=np.append(t.offsets[:-1], t.offsets[-1] + 5)),
                             "offsets.parquet", "not from 0 to the"),
    "offsets not from 0": (lambda t: dict(offsets=np.concatenate([[1], t.offsets[1:]])),
                           "offsets.parquet", "not from 0"),
    "offsets decreasing": (lambda t: dict(offsets=np.array([0, t.offsets[2], t.offsets[1], *t.offsets[3:]])),
                           "offsets.parquet", "decrease at document"),
    "one offset too few": (lambda t: dict(offsets=np.delete(t.offsets, 1)),
                           "offsets.parquet", "offsets for 4 documents"),
    "sentence start past the end": (lambda t: dict(sentence_starts=np.append(t.sentence_starts, len(t.ids) + 3)),
                                    "sentences.parquet", "inside the token array"),
    "sentence starts not ascending": (lambda t: dict(sentence_starts=t.sentence_starts[::-1].copy()),
                                      "sentences.parquet", "not ascending"),
    "document not starting a sentence": (lambda t: dict(sentence_starts=t.sentence_starts[1:].copy()),
                                         "sentences.parquet", "does not begin with a sentence"),
    "lower id out of range": (lambda t: dict(lower=np.full(len(t.lower), len(t.lower_vocab), np.int32)),
                              "vocab.parquet", "lower id is outside"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_load_refuses_broken_invariants(small, tmp_path, capsys, case):
    change, file_name, problem = BROKEN[case]
    folder = _write_raw(small, tmp_path / "c", **change(small.tokens))
    with pytest.raises(CorpusFolderError, match=problem) as caught:
        Corpus.load(folder)
    assert str(folder / file_name) in str(caught.value) and "\n" not in str(caught.value)
    _one_line_cli_error(capsys, folder, file_name)


def test_negative_ids_would_have_changed_keyness(small, tmp_path):
    # Why the check matters: numpy reads id -1 as the last form, and the table changes silently.
    ids = small.tokens.ids.copy()
    ids[1] = -1
    tampered = Corpus(small.documents, dataclasses.replace(small.tokens, ids=ids), small.provenance)
    args = dict(target={"outlet": "A"}, min_freq=0, min_range=0)
    assert not keyness(tampered, **args).equals(keyness(small, **args))
    with pytest.raises(CorpusFolderError, match="token id -1"):
        Corpus.load(_write_raw(small, tmp_path / "c", ids=ids))


@pytest.mark.parametrize("text, problem", [
    ("[1, 2]", "holds a JSON list, not an object"),
    ('"corpus"', "holds a JSON str, not an object"),
    ("{not json", "not valid JSON"),
    (b"\xff\xfe{}", "not valid JSON"),
])
def test_damaged_corpus_json_is_named(small, tmp_path, capsys, text, problem):
    folder = small.save(tmp_path / "c")
    path = folder / "corpus.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(CorpusFolderError, match=problem):
        Corpus.load(folder)
    assert problem in _one_line_cli_error(capsys, folder, "corpus.json")


def test_string_provenance_is_named(small, tmp_path, capsys):
    folder = small.save(tmp_path / "c")
    _rewrite_meta(folder, lambda meta: meta.update(provenance="made by hand"))
    with pytest.raises(CorpusFolderError, match="'provenance' is not a JSON object"):
        Corpus.load(folder)
    _one_line_cli_error(capsys, folder, "corpus.json")
    # An edit without a new checksum is found by the checksum first.
    meta = json.loads((folder / "corpus.json").read_text())
    meta["provenance"] = {"changed": True}
    (folder / "corpus.json").write_text(json.dumps(meta))
    with pytest.raises(CorpusFolderError, match="does not match its checksum"):
        Corpus.load(folder)


def test_legacy_corpus_without_checksums_still_has_its_invariants_checked(small, tmp_path):
    folder = _write_raw(small, tmp_path / "c", offsets=np.append(small.tokens.offsets[:-1], 10**6))
    (folder / "corpus.json").write_text(json.dumps(
        {"format": "corpus_tools corpus", "format_version": 1, "provenance": {}}))
    with pytest.raises(CorpusFolderError, match="offsets run from 0 to 1000000"):
        Corpus.load(folder)
    ok = small.save(tmp_path / "ok")
    (ok / "corpus.json").write_text(json.dumps({"format": "corpus_tools corpus", "format_version": 1,
                                                "provenance": "x"}))
    with pytest.raises(CorpusFolderError, match="'provenance' is not a JSON object"):
        Corpus.load(ok)


@pytest.mark.parametrize("table", ["documents", "tokens", "sentences", "vocab"])
def test_row_counts_are_checked(small, tmp_path, table):
    folder = small.save(tmp_path / "c")
    _rewrite_meta(folder, lambda meta: meta["counts"].update({table: meta["counts"][table] + 1}))
    with pytest.raises(CorpusFolderError, match=rf"{table}\.parquet: \d+ rows, corpus.json says \d+"):
        Corpus.load(folder)


def test_a_file_of_another_size_is_named(small, tmp_path):
    folder = small.save(tmp_path / "c")
    with open(folder / "vocab.parquet", "ab") as fh:
        fh.write(b"\0")
    with pytest.raises(CorpusFolderError, match=r"vocab\.parquet: \d+ bytes, corpus.json says \d+"):
        Corpus.load(folder)


def test_duplicate_doc_ids_are_named(small, tmp_path):
    folder = tmp_path / "c"
    docs = small.documents.assign(doc_id=["d0", "d0", "d2", "d3"])
    folder.mkdir()
    store.write_tables(folder, {"documents": store.documents_table(docs), **store.store_tables(small.tokens)})
    store.write_meta(folder, {}, store.store_counts(len(docs), small.tokens))
    with pytest.raises(CorpusFolderError, match=r"documents\.parquet: doc_id must be unique; 'd0'"):
        Corpus.load(folder)


# ------------------------------------------------------------ one damaged byte

WORDS = "the rain in Spain may fall mainly on plain . , ! Trump said appears to".split()


def _random_corpus(rng: random.Random) -> Corpus:
    n = rng.randint(1, 6)
    texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 30))) for _ in range(n)]
    return make_corpus(*texts, outlets=[rng.choice("AB") for _ in range(n)],
                       dates=[f"2020-0{rng.randint(1, 9)}-01" for _ in range(n)])


def _identical(a: Corpus, b: Corpus) -> bool:
    try:
        pd.testing.assert_frame_equal(a.documents, b.documents)
    except AssertionError:
        return False
    for name in ("ids", "offsets", "lower", "is_word", "sentence_starts"):
        x, y = getattr(a.tokens, name), getattr(b.tokens, name)
        if x.dtype != y.dtype or not np.array_equal(x, y):
            return False
    return (a.tokens.vocab.tolist() == b.tokens.vocab.tolist()
            and a.tokens.lower_vocab.tolist() == b.tokens.lower_vocab.tolist()
            and json.dumps(a.provenance, sort_keys=True, default=str)
            == json.dumps(b.provenance, sort_keys=True, default=str))


def test_one_damaged_byte_gives_an_identical_corpus_or_a_named_error(tmp_path):
    outcomes = {"identical": 0, "error": 0}
    for seed in range(30):
        rng = random.Random(seed)
        corpus = _random_corpus(rng)
        folder = tmp_path / f"c{seed}"
        corpus.save(folder)
        victim = rng.choice(sorted(folder.iterdir()))
        data = bytearray(victim.read_bytes())
        at = rng.randrange(len(data))
        data[at] = (data[at] + rng.randint(1, 255)) % 256  # always a different byte
        victim.write_bytes(bytes(data))
        try:
            back = Corpus.load(folder)
        except CorpusToolsError as error:
            message = str(error)
            assert "\n" not in message and str(folder) in message, (seed, victim.name, message)
            outcomes["error"] += 1
        else:
            assert _identical(back, corpus), f"seed {seed}: byte {at} of {victim.name} changed the corpus silently"
            outcomes["identical"] += 1
        shutil.rmtree(folder)
    assert outcomes["error"] >= 20  # the damage is found, not only harmless
