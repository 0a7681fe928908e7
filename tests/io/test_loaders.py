"""Tests for corpus_tools.io.loaders: fixtures in tests/data/loaders, real data in ../shared."""

import bz2
import gzip
import hashlib
import json
import logging
import lzma
import re
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from corpus_tools.errors import DataMissingError, EmptySourceError, InvalidRecordError, UnreadableSourceError
from corpus_tools.io.loaders import (
    DEFAULT_ALIASES, KEPT_PREFIX, LoadResult, load, load_html, load_nltk, load_reuters_sgml,
    load_table, load_txt_folder, split_title,
)
from xz_files import multi_block_xz

DATA = Path(__file__).resolve().parents[1] / "data" / "loaders"
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
CORE = ["doc_id", "outlet", "date", "title", "text", "date_raw"]


def shared(*parts):
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not found: {path} (CI always has ../shared/data)")
    return path


def check_contract(result):
    """The LoadResult schema every loader promises."""
    assert isinstance(result, LoadResult)
    docs = result.documents
    assert list(docs.columns[:6]) == CORE
    assert docs["doc_id"].is_unique
    assert docs["date"].dtype == np.dtype("datetime64[ns]")
    for col in ("doc_id", "outlet", "title", "text"):
        assert docs[col].dtype == "str" and docs[col].notna().all()
    assert (docs["date"].dropna() == docs["date"].dropna().dt.normalize()).all()
    assert list(result.skipped.columns) == ["source", "record", "doc_id", "reason"]
    for src in result.sources:
        assert set(src) == {"path", "sha256", "bytes", "format"}
        assert len(src["sha256"]) == 64
    assert docs.index.equals(pd.RangeIndex(len(docs)))


# ------------------------------------------------------------------ txt ----

def test_txt_folder_outlet_from_folder_and_title_split():
    result = load_txt_folder(DATA / "txt")
    check_contract(result)
    docs = result.documents.set_index("doc_id")
    assert list(docs.index) == ["bugle/2020/mayor", "bugle/web", "planet/stocks"]
    assert docs.loc["bugle/2020/mayor", "outlet"] == "bugle"
    assert docs.loc["bugle/2020/mayor", "title"] == "Mayor “appears” calm"
    assert docs.loc["bugle/2020/mayor", "text"] == "The mayor said the web may be art."
    assert docs.loc["bugle/web", "text"] == ("A large web was found in city hall.\n"
                                             "Nobody knows who made it.")
    assert docs["date"].isna().all() and result.skipped.empty
    assert [s["format"] for s in result.sources] == ["txt"] * 3
    raw = (DATA / "txt" / "bugle" / "web.txt").read_bytes()
    web = next(s for s in result.sources if s["path"].endswith("web.txt"))
    assert web["sha256"] == hashlib.sha256(raw).hexdigest() and web["bytes"] == len(raw)


def test_txt_folder_outlet_constant_beats_folder_guess():
    docs = load_txt_folder(DATA / "txt", outlet="Bugle").documents
    assert set(docs["outlet"]) == {"Bugle"}


def test_txt_folder_sidecar_metadata():
    result = load_txt_folder(DATA / "txt_sidecar")
    check_contract(result)
    docs = result.documents
    assert docs["doc_id"].tolist() == ["cafe-1", "cafe-2"]
    assert docs["outlet"].tolist() == ["Daily Bugle", "Planet"]
    assert docs["date"].dt.strftime("%Y-%m-%d").tolist() == ["2020-03-01", "2020-03-02"]
    assert docs["date_raw"].tolist() == ["2020-03-01", "Mar 2, 2020"]
    assert docs["author"].tolist() == ["Ann Lee", "Bo Chan"]
    assert docs["title"].tolist() == ["Café opens", "Café closes"]
    assert any(s["path"].endswith("metadata.csv") for s in result.sources)


def test_txt_folder_sidecar_mismatches_raise():
    with pytest.raises(InvalidRecordError, match=r"c\.txt.*no row for this file in the metadata"):
        load_txt_folder(DATA / "txt_sidecar_bad")


def test_txt_folder_sidecar_mismatches_skip():
    result = load_txt_folder(DATA / "txt_sidecar_bad", on_invalid="skip")
    assert result.documents["doc_id"].tolist() == ["a"]
    reasons = result.skipped["reason"].tolist()
    assert len(reasons) == 3
    assert "no row for this file" in reasons[0]
    assert "metadata row for 'missing.txt'" in reasons[1]
    assert reasons[2] == "metadata row with no file name"
    assert result.skipped["record"].tolist() == ["c.txt", "line 3", "line 4"]


def test_txt_folder_bad_files_raise_names_first_file():
    with pytest.raises(InvalidRecordError,
                       match=r"2_latin1\.txt.*undecodable bytes \(not valid utf-8\) at byte offset 3"):
        load_txt_folder(DATA / "txt_bad", outlet="X")


def test_txt_folder_bad_files_skip(caplog):
    with caplog.at_level(logging.WARNING, logger="corpus_tools.io.loaders"):
        result = load_txt_folder(DATA / "txt_bad", outlet="X", on_invalid="skip")
    check_contract(result)
    assert result.documents["doc_id"].tolist() == ["1_ok"]
    skipped = result.skipped.set_index("doc_id")["reason"]
    assert skipped["2_latin1"].startswith("undecodable bytes")
    assert skipped["3_binary"].startswith("binary data (NUL byte")
    assert skipped["4_title_only"] == "empty text"
    assert "3 records skipped" in caplog.text


def test_txt_folder_other_encoding(tmp_path):
    (tmp_path / "a.txt").write_bytes("Café\n\nCrème brûlée.".encode("latin-1"))
    docs = load_txt_folder(tmp_path, encoding="latin-1", outlet="X").documents
    assert docs.loc[0, "title"] == "Café" and docs.loc[0, "text"] == "Crème brûlée."


def test_txt_folder_bom_and_crlf(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbfTitle\r\n\r\nLine one.\r\nLine two.\r\n")
    docs = load_txt_folder(tmp_path, outlet="X").documents
    assert docs.loc[0, "title"] == "Title"
    assert docs.loc[0, "text"] == "Line one.\r\nLine two."  # raw: line ends untouched


@pytest.mark.parametrize("on_invalid", ["raise", "skip"])
def test_txt_folder_missing_outlet(tmp_path, caplog, on_invalid):
    # issue 15 item 5: plain articles without an outlet load, with one warning saying how to set it
    (tmp_path / "a.txt").write_text("T\n\nBody.")
    (tmp_path / "b.txt").write_text("U\n\nMore.")
    with caplog.at_level("WARNING"):
        result = load_txt_folder(tmp_path, on_invalid=on_invalid)
    assert list(result.documents.columns[:6]) == CORE and result.skipped.empty
    assert result.documents["outlet"].isna().all()
    warnings = [r.getMessage() for r in caplog.records if "outlet" in r.getMessage()]
    assert len(warnings) == 1 and "2 of 2" in warnings[0] and "--outlet NAME" in warnings[0]
    assert load_txt_folder(tmp_path, outlet="X").documents["outlet"].tolist() == ["X", "X"]


@pytest.mark.parametrize("on_invalid", ["raise", "skip"])
def test_txt_folder_empty_and_missing(on_invalid):
    with pytest.raises(EmptySourceError, match=r"txt_empty.*no articles"):
        load_txt_folder(DATA / "txt_empty", on_invalid=on_invalid)
    with pytest.raises(FileNotFoundError, match=r"no such file or directory: .*nowhere"):
        load_txt_folder(DATA / "nowhere", on_invalid=on_invalid)


def test_split_title():
    assert split_title("\n\n  T  \n\n\nA\n\nB\n\n") == ("T", "A\n\nB")
    assert split_title("   \n") == ("", "")


def test_seed_folder():
    if not SEEDS.exists():
        pytest.skip(f"shared seeds not found: {SEEDS} (CI always has ../shared)")
    result = load_txt_folder(SEEDS, outlet="seed")
    check_contract(result)
    assert len(result.documents) == 1
    assert result.documents.loc[0, "title"].startswith("Russia signals")
    assert load_txt_folder(SEEDS).documents["outlet"].isna().all()  # issue 15: loads, outlet missing


# ---------------------------------------------------------------- tables ----

def _expected_good(docs):
    assert docs["doc_id"].tolist() == ["b1", "b2", "b3"]
    assert docs["outlet"].tolist() == ["Daily Bugle", "Planet", "Planet"]
    assert docs["date"].tolist()[:2] == [pd.Timestamp("2017-01-01"), pd.Timestamp("2017-02-26")]
    assert pd.isna(docs["date"].iloc[2])
    assert docs["date_raw"].tolist()[:2] == ["2016-12-31T23:30:00-05:00", "Feb 26, 2017"]
    assert pd.isna(docs["date_raw"].iloc[2])
    assert docs["authors"].iloc[0] == "Ann Lee; Bo Chan"
    assert docs["date_raw_orig"].iloc[1] == "2/26/17"   # the source's own date_raw, kept
    assert docs["headline"].iloc[1] == "ignored"         # title wins over headline; kept
    assert docs["bias"].tolist() == [0, 2, 2]


@pytest.mark.parametrize("name", ["good.jsonl", "good.json", "wrapped.json"])
def test_table_json_formats(name):
    result = load_table(DATA / "table" / name)
    check_contract(result)
    _expected_good(result.documents)
    assert result.skipped.empty
    assert result.sources[0]["format"] == name.split(".")[1]


@pytest.mark.parametrize("compress, suffix", [(gzip.compress, ".gz"), (lzma.compress, ".xz"),
                                              (bz2.compress, ".bz2")])
def test_table_compressed(tmp_path, compress, suffix):
    raw = (DATA / "table" / "good.jsonl").read_bytes()
    path = tmp_path / f"good.jsonl{suffix}"
    path.write_bytes(compress(raw))
    result = load_table(path)
    _expected_good(result.documents)
    assert result.sources[0]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert result.sources[0]["format"] == "jsonl"


def test_table_concatenated_gzip_members(tmp_path):
    lines = (DATA / "table" / "good.jsonl").read_bytes().splitlines(keepends=True)
    path = tmp_path / "two.jsonl.gz"
    path.write_bytes(gzip.compress(b"".join(lines[:1])) + gzip.compress(b"".join(lines[1:])))
    assert load_table(path).documents["doc_id"].tolist() == ["b1", "b2", "b3"]


def test_table_large_compressed_jsonl_line_split_across_chunks(tmp_path):
    rows = [json.dumps({"id": i, "source": "B", "text": "w " * (i % 5000 + 1)}) for i in range(600)]
    path = tmp_path / "big.jsonl.xz"
    path.write_bytes(lzma.compress(("\n".join(rows) + "\n").encode()))
    docs = load_table(path).documents
    assert len(docs) == 600 and docs["doc_id"].tolist() == [str(i) for i in range(600)]
    assert docs["text"].str.len().tolist() == [2 * (i % 5000 + 1) for i in range(600)]


def test_table_csv_and_tsv_aliases():
    docs = load_table(DATA / "table" / "good.csv").documents
    assert docs["doc_id"].tolist() == ["c1", "c2"]
    assert docs["outlet"].tolist() == ["Daily Bugle", "Planet"]
    assert docs["title"].tolist() == ["Web found", "Stocks rise"]
    assert docs["text"].iloc[0] == "A web, found.\nSecond line."
    assert docs["date"].tolist() == [pd.Timestamp("2020-03-01"), pd.Timestamp("2020-03-04")]
    assert docs["section"].tolist() == ["city", "money"]
    tsv = load_table(DATA / "table" / "good.tsv").documents
    assert tsv[["doc_id", "outlet", "title"]].values.tolist() == [["t1", "Daily Bugle", "Web"]]
    assert tsv["date"].iloc[0] == pd.Timestamp("1987-02-26")


def test_table_fields_mapping_and_prefix(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("key,paper,words,source\nk1,Bugle,Hello there.,wire\n")
    docs = load_table(path, fields={"doc_id": "key", "outlet": "paper", "text": "words"},
                      doc_id_prefix="x:").documents
    assert docs[["doc_id", "outlet", "text", "source"]].values.tolist() == [
        ["x:k1", "Bugle", "Hello there.", "wire"]]
    with pytest.raises(InvalidRecordError, match=r"fields maps 'outlet' to 'nope'"):
        load_table(path, fields={"outlet": "nope"})
    with pytest.raises(ValueError, match=r"'fields' parameter of load_table\(\).*'author'"):
        load_table(path, fields={"author": "paper"})


def test_table_generated_doc_ids():
    docs = load_table(DATA / "table" / "no_ids.jsonl").documents
    assert docs["doc_id"].tolist() == ["no_ids:1", "no_ids:3"]  # line numbers
    assert load_table(DATA / "table" / "no_ids.jsonl", doc_id_prefix="p/").documents[
        "doc_id"].tolist() == ["p/no_ids:1", "p/no_ids:3"]


def test_table_outlet_constant():
    docs = load_table(DATA / "table" / "no_outlet.jsonl", outlet="Bugle").documents
    assert docs[["doc_id", "outlet"]].values.tolist() == [["1", "Bugle"]]


@pytest.mark.parametrize("on_invalid", ["raise", "skip"])
@pytest.mark.parametrize("name, match", [
    ("no_outlet.jsonl", r"no outlet field \(looked for outlet, source"),
    ("no_text.jsonl", r"no text field \(looked for text, body, content"),
    ("binary.jsonl", r"binary\.jsonl.*binary file \(NUL bytes\)"),
    ("bad_array.json", r"bad_array\.json, line 2 column 11: malformed JSON"),
])
def test_table_unreadable_files_raise_in_both_modes(name, match, on_invalid):
    with pytest.raises(InvalidRecordError, match=match):
        load_table(DATA / "table" / name, on_invalid=on_invalid)


@pytest.mark.parametrize("on_invalid", ["raise", "skip"])
def test_table_empty_and_missing(on_invalid):
    for name in ("empty.jsonl", "empty.csv"):
        with pytest.raises(EmptySourceError, match=rf"{name}: no records"):
            load_table(DATA / "table" / name, on_invalid=on_invalid)
    with pytest.raises(FileNotFoundError, match="nope.jsonl"):
        load_table(DATA / "table" / "nope.jsonl", on_invalid=on_invalid)


def test_table_bad_jsonl_raise_names_first_bad_line():
    with pytest.raises(InvalidRecordError,
                       match=r"bad\.jsonl, line 2: malformed JSON: Expecting ',' delimiter"):
        load_table(DATA / "table" / "bad.jsonl")


@pytest.mark.parametrize("line, match", [
    (3, r"line 3: undecodable bytes \(not valid utf-8\) at byte offset 44"),
    (4, r"line 4: missing text"),
    (5, r"line 5: empty text"),
    (6, r"line 6: unparseable date 'next Tuesday'"),
    (7, r"line 7: duplicate doc_id 'x1' \(first at .*bad\.jsonl, line 1\)"),
    (8, r"line 8: missing outlet"),
    (9, r"line 9: record is not a JSON object"),
])
def test_table_each_bad_line_raises(tmp_path, line, match):
    lines = (DATA / "table" / "bad.jsonl").read_bytes().splitlines()
    path = tmp_path / "bad.jsonl"
    # Keep line numbers: blank out every other bad line (blank lines are not records).
    keep = {1, 10, line} | ({1} if line != 7 else set())
    path.write_bytes(b"\n".join(l if i in keep else b"" for i, l in enumerate(lines, start=1)))
    with pytest.raises(InvalidRecordError, match=match):
        load_table(path)


def test_table_bad_jsonl_skip(caplog):
    with caplog.at_level(logging.WARNING, logger="corpus_tools.io.loaders"):
        result = load_table(DATA / "table" / "bad.jsonl", on_invalid="skip")
    check_contract(result)
    docs = result.documents
    assert docs["doc_id"].tolist() == ["x1", "x6", "x10"]
    assert pd.isna(docs.set_index("doc_id").loc["x6", "date"])      # kept with NaT
    assert docs.set_index("doc_id").loc["x6", "date_raw"] == "next Tuesday"
    skipped = result.skipped
    assert skipped["record"].tolist() == [f"line {i}" for i in range(2, 10)]
    reasons = skipped["reason"].tolist()
    assert reasons[0].startswith("malformed JSON")
    assert reasons[1].startswith("undecodable bytes")
    assert reasons[2:4] == ["missing text", "empty text"]
    assert reasons[4] == f"{KEPT_PREFIX} unparseable date 'next Tuesday'"
    assert reasons[5].startswith("duplicate doc_id 'x1'")
    assert reasons[6].startswith("missing outlet")
    assert reasons[7].startswith("record is not a JSON object")
    assert skipped["doc_id"].tolist()[2:7] == ["x4", "x5", "x6", "x1", "x8"]
    assert "loaded 3 documents; 8 records skipped or flagged" in caplog.text
    assert "1 kept, date set to NaT" in caplog.text


def test_table_bad_csv_both_modes():
    with pytest.raises(InvalidRecordError, match=r"bad\.csv, line 3: undecodable bytes"):
        load_table(DATA / "table" / "bad.csv")
    result = load_table(DATA / "table" / "bad.csv", on_invalid="skip")
    assert result.documents["doc_id"].tolist() == ["k1", "k5"]
    assert result.skipped["record"].tolist() == ["line 3", "line 4", "line 5", "line 6"]
    assert result.skipped["reason"].tolist()[1:3] == [
        "empty text", "malformed CSV: 6 fields, the header has 4"]


def test_table_undecodable_json_array_record(tmp_path):
    path = tmp_path / "a.json"
    path.write_bytes(b'[{"id": 1, "source": "B", "text": "ok"}, {"id": 2, "source": "B", '
                     b'"text": "Caf\xe9"}]')
    with pytest.raises(InvalidRecordError, match=r"record 2: undecodable bytes"):
        load_table(path)
    result = load_table(path, on_invalid="skip")
    assert result.documents["doc_id"].tolist() == ["1"]
    assert result.skipped["record"].tolist() == ["record 2"]


def test_table_bad_options(tmp_path):
    with pytest.raises(ValueError, match=r"'format' parameter of load_table\(\) must be one of"):
        load_table(DATA / "table" / "good.csv", format="xlsx")
    with pytest.raises(ValueError, match=r"'on_invalid' parameter of load_table\(\)"):
        load_table(DATA / "table" / "good.csv", on_invalid="warn")
    odd = tmp_path / "a.dat"
    odd.write_text("x")
    with pytest.raises(ValueError, match="pass format="):
        load_table(odd)


def test_default_aliases_documented_order():
    assert DEFAULT_ALIASES["doc_id"] == ("doc_id", "id", "uid")
    assert DEFAULT_ALIASES["outlet"][1] == "source"


@pytest.mark.shared_data
def test_allsides_sample():
    path = shared("allsides_article_bias", "sample_12outlets_2012-2020.jsonl.gz")
    result = load_table(path, fields={"doc_id": "id", "outlet": "source"})
    check_contract(result)
    docs = result.documents
    assert len(docs) == 1129 and docs["outlet"].nunique() == 12
    assert docs["date"].notna().all()
    assert docs["date"].min() >= pd.Timestamp("2012-01-01")
    assert docs["date"].max() <= pd.Timestamp("2020-12-31")
    assert result.skipped.empty
    # The aliases give the same result without fields=.
    same = load_table(path).documents
    pd.testing.assert_frame_equal(same, docs)
    assert {"source_url", "url", "authors", "topic", "bias_text", "bias"} <= set(docs.columns)


# --------------------------------------------------------------- reuters ----

def test_reuters_fixture_skip_mode():
    result = load_reuters_sgml(DATA / "reuters" / "reut2-900.sgm", on_invalid="skip")
    check_contract(result)
    docs = result.documents.set_index("doc_id")
    assert list(docs.index) == ["1", "3", "4"]
    one = docs.loc["1"]
    assert one["title"] == "COCOA <CC> RISES"
    assert one["text"] == "Cocoa rose in the week & traders\nsaid prices may rise."
    assert one["topics"] == "cocoa; grain" and one["places"] == "usa" and one["people"] == ""
    assert one["dateline"] == "SALVADOR, Feb 26 -" and one["outlet"] == "Reuters"
    assert one["date"] == pd.Timestamp("1987-02-26")
    assert one["date_raw"] == "26-FEB-1987 15:01:01.79"
    assert one["lewissplit"] == "TRAIN" and one["text_type"] == "NORM"
    unproc = docs.loc["3"]
    assert unproc["text"] == "WEEKLY REPORT - MARCH 2\n Reserves....644 vs 1,337"
    assert unproc["title"] == "" and unproc["text_type"] == "UNPROC"
    assert pd.isna(docs.loc["4", "date"])
    assert result.skipped["reason"].tolist() == [
        "empty text (BRIEF: headline only)",
        f"{KEPT_PREFIX} unparseable date '31-MAR-1987 605:12:19.12'"]


def test_reuters_fixture_raise_mode_and_include_empty():
    with pytest.raises(InvalidRecordError,
                       match=r"reut2-900\.sgm, record 4 \(NEWID 4\): unparseable date"):
        load_reuters_sgml(DATA / "reuters")
    result = load_reuters_sgml(DATA / "reuters", include_empty=True, on_invalid="skip")
    docs = result.documents.set_index("doc_id")
    assert list(docs.index) == ["1", "2", "3", "4"]
    brief = docs.loc["2"]
    assert brief["text"] == "" and brief["title"] == "BANK RAISES RATE"
    # Leaked wire codes after the timestamp do not spoil the date.
    assert brief["date"] == pd.Timestamp("1987-03-27")
    assert brief["date_raw"] == "27-MAR-1987 00:02:59.13&#5;&#5;&#5;RM"
    assert len(result.skipped) == 1


@pytest.mark.parametrize("on_invalid", ["raise", "skip"])
def test_reuters_empty_and_missing(tmp_path, on_invalid):
    with pytest.raises(EmptySourceError, match="no .sgm files"):
        load_reuters_sgml(tmp_path, on_invalid=on_invalid)
    (tmp_path / "reut2-000.sgm").write_text("<!DOCTYPE lewis>\n")
    with pytest.raises(EmptySourceError, match="no <REUTERS> stories"):
        load_reuters_sgml(tmp_path, on_invalid=on_invalid)
    with pytest.raises(FileNotFoundError):
        load_reuters_sgml(tmp_path / "none.sgm", on_invalid=on_invalid)


@pytest.mark.shared_data
def test_reuters_real_file_against_parsed_jsonl():
    sgm = shared("reuters21578", "raw", "reut2-000.sgm")
    ref_path = shared("reuters21578", "articles.jsonl.gz")
    with gzip.open(ref_path, "rt", encoding="utf-8") as fh:
        ref = {str(r["id"]): r for r in map(json.loads, fh) if r["id"] <= 1000}
    result = load_reuters_sgml(sgm)
    check_contract(result)
    docs = result.documents
    n_brief = sum(r["text_type"] == "BRIEF" for r in ref.values())
    assert (len(ref), n_brief) == (1000, 60)
    assert len(docs) == 1000 - n_brief == 940
    assert len(result.skipped) == 60
    assert set(result.skipped["reason"]) == {"empty text (BRIEF: headline only)"}
    everything = load_reuters_sgml(sgm, include_empty=True).documents
    assert len(everything) == 1000 and result.skipped.shape[0] == 60
    for row in everything.itertuples():
        r = ref[row.doc_id]
        assert str(row.date.date()) == r["date"][:10]
        assert row.date_raw == r["date_raw"]
        assert row.title == (r["title"] or "")
        assert row.topics == "; ".join(r["topics"]) and row.places == "; ".join(r["places"])
        assert row.text_type == r["text_type"] and row.lewissplit == r["lewissplit"]
        # The reference keeps control characters (e.g. "\x02" of UNPROC stories)
        # and "REUTER"/"reuter" sign-offs, which we remove; otherwise texts agree.
        expected = "".join(c for c in r["text"] if (" " <= c != "\x7f") or c in "\n\t")
        expected = re.sub(r"(?:\s*\bREUTER\b)+\s*\Z", "", expected.strip("\n").rstrip(), flags=re.I)
        assert row.text == expected, row.doc_id
    assert everything["date"].min() == pd.Timestamp("1987-02-26")


# ------------------------------------------------------------------ html ----

def test_html_folder_both_modes():
    with pytest.raises(InvalidRecordError, match=r"binary\.html.*binary file \(NUL bytes\)"):
        load_html(DATA / "html")
    result = load_html(DATA / "html", on_invalid="skip")
    check_contract(result)
    docs = result.documents
    assert docs["doc_id"].tolist() == ["bugle/web"]
    doc = docs.iloc[0]
    assert doc["outlet"] == "Daily Bugle" and doc["sitename"] == "Daily Bugle"
    assert doc["title"] == "Web may stay"
    assert doc["date"] == pd.Timestamp("2020-03-01")
    assert "city council met on Monday" in doc["text"]
    assert "Home | News" not in doc["text"]
    assert result.skipped["reason"].tolist() == ["binary file (NUL bytes), not HTML",
                                                  "no main text extracted"]


def test_html_single_file_outlet_constant():
    docs = load_html(DATA / "html" / "bugle" / "web.html", outlet="Bugle").documents
    assert docs[["doc_id", "outlet", "sitename"]].values.tolist() == [["web", "Bugle", "Daily Bugle"]]


def test_html_without_trafilatura(monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    with pytest.raises(ImportError, match=r'pip install "corpus_tools\[html\]"'):
        load_html(DATA / "html")


@pytest.mark.parametrize("on_invalid", ["raise", "skip"])
def test_html_empty_folder(tmp_path, on_invalid):
    with pytest.raises(EmptySourceError, match="no pages"):
        load_html(tmp_path, on_invalid=on_invalid)


# ------------------------------------------------------------------ nltk ----

@pytest.fixture
def nltk_data(monkeypatch):
    import nltk

    path = shared("nltk_data")
    monkeypatch.setattr(nltk.data, "path", [str(path)])
    return path


@pytest.mark.shared_data
def test_nltk_brown(nltk_data):
    result = load_nltk("brown")
    check_contract(result)
    docs = result.documents
    assert len(docs) == 500 and docs["category"].nunique() == 15
    assert set(docs["outlet"]) == {"brown"} and docs["date"].isna().all()
    first = docs.set_index("doc_id").loc["ca01", "text"]
    assert first.startswith("The Fulton County Grand Jury said Friday an investigation")
    assert "\n" in first and result.sources[0]["format"] == "nltk:brown"
    humor = load_nltk("brown", categories="humor", outlet="Brown").documents
    assert len(humor) == 9 and set(humor["category"]) == {"humor"}
    assert set(humor["outlet"]) == {"Brown"}


@pytest.mark.shared_data
def test_nltk_inaugural(nltk_data):
    docs = load_nltk("inaugural").documents
    assert docs.loc[0, "doc_id"] == "1789-Washington.txt"
    assert docs.loc[0, "year"] == 1789 and docs.loc[0, "speaker"] == "Washington"


def test_nltk_missing_data(monkeypatch, tmp_path):
    import nltk

    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])
    with pytest.raises(DataMissingError, match=r"nltk\.download\('brown'\)"):
        load_nltk("brown")


def test_nltk_bad_name():
    with pytest.raises(ValueError, match=r"'name' parameter of load_nltk\(\) must be one of"):
        load_nltk("penn")


# -------------------------------------------------------------- dispatch ----

@pytest.mark.parametrize("source, options, n", [
    ("txt", {}, 3),
    ("txt_sidecar", {}, 2),
    ("table/good.csv", {}, 2),
    ("table/good.jsonl", {}, 3),
    ("table/good.json", {}, 3),
    ("reuters", {"on_invalid": "skip"}, 3),
    ("html/bugle/web.html", {}, 1),
])
def test_load_dispatch(source, options, n):
    assert len(load(DATA / source, **options).documents) == n


def test_load_dispatch_compressed_and_explicit(tmp_path):
    path = tmp_path / "good.jsonl.gz"
    path.write_bytes(gzip.compress((DATA / "table" / "good.jsonl").read_bytes()))
    assert len(load(path).documents) == 3
    data = tmp_path / "articles.dat"
    shutil.copy(DATA / "table" / "good.csv", data)
    assert len(load(data, format="csv").documents) == 2
    with pytest.raises(ValueError, match="pass format="):
        load(data)
    with pytest.raises(ValueError, match=r"'format' parameter of load\(\)"):
        load(data, format="xls")


def test_load_dispatch_mixed_folder(tmp_path):
    shutil.copytree(DATA / "txt", tmp_path / "txt")
    shutil.copy(DATA / "html" / "bugle" / "web.html", tmp_path)
    with pytest.raises(ValueError, match="several kinds"):
        load(tmp_path)
    assert len(load(tmp_path, format="html").documents) == 1


@pytest.mark.shared_data
def test_load_dispatch_nltk(nltk_data):
    assert len(load("nltk:brown", categories="humor").documents) == 9


# ------------------------------------------- JSON Lines: Arrow vs careful ----

from corpus_tools.io.loaders import _common, table as _table  # noqa: E402


def _both_paths(monkeypatch, path, **options):
    """Load ``path`` with the Arrow reader and the careful reader; return both
    results, or both error messages."""
    outcomes = []
    for careful in ("0", "1"):
        monkeypatch.setenv("CORPUS_TOOLS_CAREFUL_JSONL", careful)
        try:
            outcomes.append(load_table(path, **options))
        except InvalidRecordError as exc:
            outcomes.append(str(exc))
    return outcomes


def assert_same(fast, careful):
    if isinstance(careful, str):
        assert fast == careful
        return
    pd.testing.assert_frame_equal(fast.documents, careful.documents, check_exact=True)
    pd.testing.assert_frame_equal(fast.skipped, careful.skipped, check_exact=True)
    assert fast.sources == careful.sources
    assert [str(t) for t in fast.documents.dtypes] == [str(t) for t in careful.documents.dtypes]


def test_jsonl_arrow_reader_is_used_and_matches(tmp_path, monkeypatch):
    lines = [{"id": f"a{k}", "source": "Bugle", "date": "2020-03-0%d" % (k % 9 + 1),
              "title": "T", "text": f"Words {k} é 😀", "tags": ["x", None, "y"], "n": k,
              "score": k / 3, "flag": k % 2 == 0, "empty": None} for k in range(50)]
    path = tmp_path / "clean.jsonl.gz"
    path.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in lines).encode()))
    calls = []
    monkeypatch.setattr(_table, "_read_jsonl", lambda *a: calls.append(a) or ([], [], []))
    monkeypatch.setenv("CORPUS_TOOLS_CAREFUL_JSONL", "0")
    fast = load_table(path)
    assert not calls, "the Arrow reader declined a clean file"
    monkeypatch.undo()
    fast2, careful = _both_paths(monkeypatch, path)
    assert_same(fast, careful)
    assert_same(fast2, careful)
    assert fast.documents.columns.tolist() == CORE + ["tags", "n", "score", "flag", "empty"]
    assert fast.documents["date_raw"].iloc[0] == "2020-03-01"  # text, not an Arrow timestamp


TRICKY = {
    "mixed int/str ids": ['{"id": 1, "source": "A", "text": "x"}',
                          '{"id": "1b", "source": "A", "text": "y"}'],
    "int ids, float id": ['{"id": 7, "source": "A", "text": "x"}',
                          '{"id": 8.0, "source": "A", "text": "y"}'],
    "huge int": ['{"id": "a", "source": "A", "text": "x", "n": 12345678901234567890}'],
    "int and float meta": ['{"id": "a", "source": "A", "text": "x", "n": 1}',
                           '{"id": "b", "source": "A", "text": "y", "n": 2.5}',
                           '{"id": "c", "source": "A", "text": "z"}'],
    "nested": ['{"id": "a", "source": "A", "text": "x", "meta": {"b": 1, "a": [1, 2]}}',
               '{"id": "b", "source": "A", "text": "y", "meta": {"c": "2020-01-01"}}'],
    "nested lists": ['{"id": "a", "source": "A", "text": "x", "tags": [["p"], ["q", "r"]]}'],
    "lists of numbers": ['{"id": "a", "source": "A", "text": "x", "tags": [1, 2]}',
                         '{"id": "b", "source": "A", "text": "y", "tags": []}'],
    "nulls": ['{"id": null, "source": "A", "text": "x"}',
              '{"id": "b", "source": null, "text": null, "title": null, "date": null}',
              '{"id": "c", "source": "A", "text": "z", "title": 5, "date": 2020}'],
    "unicode": ['{"id": "é", "source": "Ü", "text": "\\u00e9 \\ud83d\\ude00 ﬁ\\u2028", "title": "\\u3000"}'],
    "empty and blank text": ['{"id": "a", "source": "A", "text": ""}',
                             '{"id": "b", "source": "A", "text": " \\u3000\\t"}',
                             '{"id": "c", "source": "\\u2003", "text": "ok"}',
                             '{"id": " ", "source": "A", "text": "ok"}',
                             '{"id": "e", "source": "A", "text": "\\u200b"}'],
    "duplicate ids": ['{"id": "a", "source": "A", "text": "x"}',
                      '{"id": "b", "source": "A", "text": ""}',
                      '{"id": "a", "source": "A", "text": "y"}',
                      '{"id": "b", "source": "A", "text": "z"}'],
    "bad dates": ['{"id": "a", "source": "A", "text": "x", "date": "soon"}',
                  '{"id": "b", "source": "A", "text": "y", "date": "2020-02-30"}',
                  '{"id": "c", "source": "A", "text": "z", "date": "Feb 26, 1987"}',
                  '{"id": "d", "source": "A", "text": "w", "date": [2020]}'],
    "text not a string": ['{"id": "a", "source": "A", "text": ["x", "y"]}',
                          '{"id": "b", "source": "A", "text": 3}'],
    "blank lines, CRLF, BOM": ['\ufeff{"id": "a", "source": "A", "text": "x"}\r', "", "  ",
                               '{"id": "b", "source": "A", "text": "y"}\r'],
    "malformed line": ['{"id": "a", "source": "A", "text": "x"}', '{"id": "b", "source": "A"',
                       '[1, 2]', '{"id": "c", "source": "A", "text": "z"} {"id": "d"}'],
    "object over two lines": ['{"id": "a", "source": "A",', '"text": "x"}',
                              '{"id": "b", "source": "A", "text": "y"} {"id": "c", "source": "A", "text": "z"}'],
    "reserved names": ['{"id": "a", "source": "A", "text": "x", "date_raw": "d", "doc_id": 3, "outlet": "o"}'],
    "new fields late": ['{"id": "a", "source": "A", "text": "x"}',
                        '{"id": "b", "source": "A", "text": "y", "z": 1, "y": "s"}'],
    "dup keys, NaN": ['{"id": "a", "source": "A", "text": "x", "text": "y"}',
                      '{"id": "b", "source": "A", "text": "y", "v": NaN}'],
    "bad utf-8": ['{"id": "a", "source": "A", "text": "x\udcff"}'],
}


@pytest.mark.parametrize("on_invalid", ["skip", "raise"])
@pytest.mark.parametrize("name", sorted(TRICKY))
def test_jsonl_arrow_and_careful_agree(tmp_path, monkeypatch, name, on_invalid):
    text = "\n".join(TRICKY[name]) + "\n"
    path = tmp_path / "tricky.jsonl"
    path.write_bytes(text.encode("utf-8", errors="surrogateescape"))
    fast, careful = _both_paths(monkeypatch, path, on_invalid=on_invalid, doc_id_prefix="p:")
    assert_same(fast, careful)


def test_jsonl_arrow_and_careful_agree_across_blocks(tmp_path, monkeypatch):
    # Small blocks: types and new fields meet across Arrow's block boundaries.
    monkeypatch.setattr(_table, "_ARROW_BLOCK", 1 << 10)
    monkeypatch.setattr(_table, "_SCHEMA_PREFIX", 1 << 9)
    rows = [{"id": k, "source": "A", "text": "w " * (k % 7), "date": f"2001-01-{k % 28 + 1:02d}",
             **({"late": "x"} if k > 60 else {}), **({"note": None} if k % 5 else {"note": "n"})}
            for k in range(120)]
    path = tmp_path / "blocks.jsonl.xz"
    path.write_bytes(lzma.compress("".join(json.dumps(r) + "\n" for r in rows).encode()))
    fast, careful = _both_paths(monkeypatch, path, on_invalid="skip")
    assert_same(fast, careful)


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_jsonl_arrow_and_careful_agree_in_small_pieces(tmp_path, monkeypatch, name):
    # Pieces of a line or two, cut from chunks that end mid-line: every
    # tricky case meets the piece boundaries.
    monkeypatch.setattr(_table, "_PIECE", 40)
    monkeypatch.setattr(_table, "_CHUNK", 7)
    text = "\n".join(TRICKY[name] * 3) + "\n"
    path = tmp_path / "tricky.jsonl.gz"
    path.write_bytes(gzip.compress(text.encode("utf-8", errors="surrogateescape")))
    fast, careful = _both_paths(monkeypatch, path, on_invalid="skip", doc_id_prefix="p:")
    assert_same(fast, careful)


@pytest.mark.parametrize("cuts", [
    "at line ends", "mid-line", "a block inside one line", "tiny blocks", "BOM, then mid-line"])
@pytest.mark.parametrize("arrival", ["as decompressed", "last block first"])
def test_jsonl_arrow_reader_reads_blocks_in_file_order(tmp_path, monkeypatch, cuts, arrival):
    # A multi-block .xz decompresses one block per thread and its pieces are
    # parsed as they come; records and line numbers must still come out in
    # file order, whatever the block bounds cut.
    monkeypatch.setattr(_table, "_PIECE", 100)
    monkeypatch.setattr(_table, "_CHUNK", 33)
    rows = [{"id": f"d{k}", "source": "A", "text": f"text {k} " * (k % 5 + 1), **({"late": k} if k > 150 else {})}
            for k in range(200)]
    data = "".join(json.dumps(r) + "\n" + ("\n" if k % 17 == 0 else "") for k, r in enumerate(rows)).encode()
    if cuts.startswith("BOM"):
        data = b"\xef\xbb\xbf" + data
    ends = [i + 1 for i in range(len(data)) if data[i:i + 1] == b"\n"]
    bounds = {"at line ends": ends[::37],
              "mid-line": [e - 9 for e in ends[::23]],
              "a block inside one line": [ends[40] + 5, ends[40] + 20, ends[40] + 30, ends[90] + 3],
              "tiny blocks": list(range(7, len(data), 61)),
              "BOM, then mid-line": [1, 2, 50] + [e - 3 for e in ends[5::29]]}[cuts]
    bounds = sorted(set(b for b in bounds if 0 < b < len(data)))
    parts = [data[a:b] for a, b in zip([0] + bounds, bounds + [len(data)])]
    path = tmp_path / "many.jsonl.xz"
    path.write_bytes(multi_block_xz(parts))
    monkeypatch.setenv("CORPUS_TOOLS_CAREFUL_JSONL", "0")
    if arrival == "last block first":
        real = _table.iter_block_chunks

        def backwards(*args, **kwargs):
            pairs = list(real(*args, **kwargs))
            for block in sorted({b for b, _c in pairs}, reverse=True):
                yield from ((b, c) for b, c in pairs if b == block)

        monkeypatch.setattr(_table, "iter_block_chunks", backwards)
    assert _table._read_jsonl_fast(path, "utf-8", set()) is not None  # the Arrow reader took it
    docs = load_table(path).documents
    assert docs["doc_id"].tolist() == [f"d{k}" for k in range(200)]
    assert docs["late"].isna().sum() == 151
    fast, careful = _both_paths(monkeypatch, path)
    assert_same(fast, careful)


@pytest.mark.shared_data
def test_jsonl_arrow_and_careful_agree_on_allsides_sample(monkeypatch):
    path = shared("allsides_article_bias", "sample_12outlets_2012-2020.jsonl.gz")
    fast, careful = _both_paths(monkeypatch, path, fields={"outlet": "source", "doc_id": "id"})
    assert_same(fast, careful)
    assert len(fast.documents) > 1000


def test_blank_class_is_pythons_whitespace():
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    import pyarrow as pa

    probe = pa.array(spaces + ["a", "\u200b", "", " x "])
    assert _common.arrow_blank(probe).tolist() == [True] * len(spaces) + [False, False, True, False]


@pytest.mark.parametrize("suffix, compress", [(".gz", gzip.compress), (".xz", lzma.compress),
                                              (".bz2", bz2.compress)])
@pytest.mark.parametrize("careful", ["0", "1"])
def test_truncated_compressed_file_raises(tmp_path, monkeypatch, suffix, compress, careful):
    # Records lost to a cut-off download must not vanish silently.
    monkeypatch.setenv("CORPUS_TOOLS_CAREFUL_JSONL", careful)
    lines = "".join(json.dumps({"id": f"d{k}", "source": "A", "text": "x " * k}) + "\n" for k in range(300))
    path = tmp_path / f"cut.jsonl{suffix}"
    path.write_bytes(compress(lines.encode())[:-30])
    with pytest.raises(UnreadableSourceError, match="cut.jsonl.* ends before its end-of-stream marker"):
        load_table(path, on_invalid="skip")


@pytest.mark.parametrize("careful", ["0", "1"])
@pytest.mark.parametrize("suffix, compress", [("", lambda b: b), (".xz", lambda b: multi_block_xz([b[:500], b[500:]]))])
def test_jsonl_progress_bar_counts_the_bytes(tmp_path, monkeypatch, capsys, careful, suffix, compress):
    monkeypatch.setenv("CORPUS_TOOLS_CAREFUL_JSONL", careful)
    monkeypatch.delenv("TQDM_DISABLE", raising=False)
    data = "".join(json.dumps({"id": f"d{k}", "source": "A", "text": "x " * k}) + "\n" for k in range(1, 60)).encode()
    path = tmp_path / f"news.jsonl{suffix}"
    path.write_bytes(compress(data))
    with_bar = load_table(path, progress=True)
    err = capsys.readouterr().err
    assert f"loading news.jsonl{suffix}" in err
    assert "100%" in err  # the total is known for plain and .xz files, and reached
    assert with_bar.documents.equals(load_table(path).documents)
