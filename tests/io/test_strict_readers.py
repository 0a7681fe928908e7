"""Issue 16 ("Nothing lost, nothing overwritten"), items 2, 3 and 5 for the loaders.

Each bad file is built here; every case checks the exact outcome in raise
mode and, where records can be skipped, in skip mode.
"""

from __future__ import annotations

import bz2
import gzip
import json
import logging
import lzma
import os
from pathlib import Path

import pandas as pd
import pytest

from corpus_tools.errors import DateFormatError, InvalidRecordError, UnreadableSourceError
from corpus_tools.io.loaders import load, load_html, load_reuters_sgml, load_table, load_txt_folder

from xz_files import multi_block_xz

CSV_HEAD = "id,outlet,date,text\n"
PAGE = ("<html><head><title>Web</title>{meta}</head><body><article><p>"
        + "A web was found in the city hall on Monday morning. " * 5
        + "</p></article></body></html>")


def _csv(path: Path, rows: list[str], head: str = CSV_HEAD) -> Path:
    path.write_text(head + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def _jsonl(records: list[dict]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode()


def _ids(result) -> list[str]:
    return result.documents["doc_id"].tolist()


def _days(result) -> list[str]:
    return [None if pd.isna(d) else str(d.date()) for d in result.documents["date"]]


# ------------------------------------------------------------- CSV / TSV ----

def test_csv_unclosed_quote_is_named_not_swallowing(tmp_path):
    path = _csv(tmp_path / "q.csv", ['1,A,2020-01-01,"Opens and never closes', "2,A,2020-01-02,fine",
                                     "3,A,2020-01-03,also fine"])
    with pytest.raises(InvalidRecordError,
                       match=r"q\.csv, line 2: malformed CSV: unbalanced quote: .* line 2 is never closed"):
        load_table(path)
    result = load_table(path, on_invalid="skip")
    assert _ids(result) == ["2", "3"]
    assert result.skipped[["record", "doc_id"]].values.tolist() == [["line 2", ""]]
    assert result.skipped["reason"].str.contains("unbalanced quote").all()


def test_csv_quote_closed_rows_later_is_named_and_rows_recovered(tmp_path):
    path = _csv(tmp_path / "q.csv", ['1,A,2020-01-01,"Oops', "2,A,2020-01-02,two",
                                     '3,A,2020-01-03,"y"'])
    with pytest.raises(InvalidRecordError, match=r"q\.csv, line 2: .*unbalanced quote.*closing quote on line 4"):
        load_table(path)
    result = load_table(path, on_invalid="skip")
    assert _ids(result) == ["2", "3"] and result.documents["text"].tolist() == ["two", "y"]


def test_csv_multiline_quoted_text_still_loads(tmp_path):
    path = _csv(tmp_path / "ok.csv", ['1,A,2020-01-01,"Line one.\nLine two."', "2,A,2020-01-02,x"])
    result = load_table(path)
    assert result.documents["text"].tolist() == ["Line one.\nLine two.", "x"]
    assert result.skipped.empty


def test_tsv_values_kept_as_written(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text('id\toutlet\ttext\n1\tA\t"Quoted" start\n2\tA\t"whole"\n3\tA\tsay "hi\n',
                    encoding="utf-8")
    result = load_table(path)
    assert result.documents["text"].tolist() == ['"Quoted" start', '"whole"', 'say "hi']


@pytest.mark.parametrize("mode", ["raise", "skip"])
@pytest.mark.parametrize("suffix, head", [(".csv", "id,outlet,text,text\n"),
                                          (".tsv", "id\toutlet\ttext\ttext\n")])
def test_duplicate_header_is_an_error(tmp_path, mode, suffix, head):
    path = tmp_path / f"dup{suffix}"
    path.write_text(head + head.replace("id", "1").replace("outlet", "A").replace("text", "x", 1),
                    encoding="utf-8")
    with pytest.raises(UnreadableSourceError,
                       match=rf"dup\{suffix}, line 1: duplicate column name 'text' .*columns 3 and 4"):
        load_table(path, on_invalid=mode)


# ----------------------------------------------------------- compression ----

ROWS = [f"{k},A,2020-01-0{k},text {k}" for k in range(1, 5)]
RECORDS = [{"id": str(k), "outlet": "A", "text": f"text {k}"} for k in range(1, 5)]


@pytest.mark.parametrize("careful", ["0", "1"])
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
@pytest.mark.parametrize("padding", [4, 8])
def test_xz_stream_padding_reads_every_stream(tmp_path, monkeypatch, careful, fmt, padding):
    monkeypatch.setenv("CORPUS_TOOLS_CAREFUL_JSONL", careful)
    if fmt == "csv":
        first, second = (CSV_HEAD + "\n".join(ROWS[:2]) + "\n").encode(), ("\n".join(ROWS[2:]) + "\n").encode()
    else:
        first, second = _jsonl(RECORDS[:2]), _jsonl(RECORDS[2:])
    path = tmp_path / f"pad.{fmt}.xz"
    path.write_bytes(lzma.compress(first) + b"\x00" * padding + lzma.compress(second) + b"\x00" * 4)
    assert _ids(load_table(path)) == ["1", "2", "3", "4"]


@pytest.mark.parametrize("tail, match", [
    (b"\x00" * 3, r"padding of 3 bytes is not a multiple of 4"),
    (b"garbage!", r"data after the end of the xz stream is not xz data"),
])
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_xz_bad_padding_or_garbage_is_named(tmp_path, tail, match, fmt):
    data = (CSV_HEAD + "\n".join(ROWS) + "\n").encode() if fmt == "csv" else _jsonl(RECORDS)
    path = tmp_path / f"bad.{fmt}.xz"
    path.write_bytes(lzma.compress(data) + tail + lzma.compress(data))
    for mode in ("raise", "skip"):
        with pytest.raises(UnreadableSourceError, match=rf"bad\.{fmt}\.xz.*{match}"):
            load_table(path, on_invalid=mode)


COMPRESSORS = [(".gz", gzip.compress), (".xz", lzma.compress), (".bz2", bz2.compress),
               (".xz", lambda b: multi_block_xz([b[: len(b) // 2], b[len(b) // 2:]]))]


def _big_table(fmt: str) -> bytes:
    records = [{"id": f"d{k}", "outlet": "A", "text": f"word{k} " * (k % 17 + 1)} for k in range(400)]
    if fmt == "jsonl":
        return _jsonl(records)
    if fmt == "json":
        return json.dumps(records).encode()
    return (CSV_HEAD + "".join(f"{r['id']},A,2020-01-01,{r['text']}\n" for r in records)).encode()


@pytest.mark.parametrize("suffix, compress", COMPRESSORS)
@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
@pytest.mark.parametrize("damage", ["truncated", "corrupt"])
def test_damaged_compressed_file_is_named(tmp_path, suffix, compress, fmt, damage):
    data = bytearray(compress(_big_table(fmt)))
    if damage == "truncated":
        data = data[:-40]
    else:
        data[len(data) // 2] ^= 0xFF
    path = tmp_path / f"broken.{fmt}{suffix}"
    path.write_bytes(bytes(data))
    for mode in ("raise", "skip"):
        with pytest.raises(UnreadableSourceError,
                           match=rf"broken\.{fmt}\{suffix}.*(corrupt|truncated)"):
            load_table(path, on_invalid=mode)


# ---------------------------------------------------------------- folders ----

def _article(path: Path, text: str = "Title\n\nBody text.\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_txt_folder_upper_case_extension_loaded_other_files_listed(tmp_path):
    _article(tmp_path / "bugle" / "a.txt")
    _article(tmp_path / "bugle" / "B.TXT")
    _article(tmp_path / "bugle" / "notes.pdf", "not an article")
    result = load_txt_folder(tmp_path)
    assert _ids(result) == ["bugle/B", "bugle/a"]
    assert result.skipped[["record", "reason"]].values.tolist() == [
        ["notes.pdf", "not loaded: its name does not match '**/*.txt' (another kind of file)"]]


def test_html_folder_upper_case_extension_loaded(tmp_path):
    (tmp_path / "A.HTML").write_text(PAGE.format(meta=""), encoding="utf-8")
    (tmp_path / "b.html").write_text(PAGE.format(meta=""), encoding="utf-8")
    assert sorted(_ids(load_html(tmp_path, outlet="X"))) == ["A", "b"]


def test_dangling_link_is_named_and_listed(tmp_path):
    _article(tmp_path / "bugle" / "a.txt")
    (tmp_path / "bugle" / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "bugle" / "gone.pdf").symlink_to(tmp_path / "nowhere.pdf")
    with pytest.raises(InvalidRecordError, match=r"gone\.txt, gone\.txt: dangling symbolic link"):
        load_txt_folder(tmp_path)
    result = load_txt_folder(tmp_path, on_invalid="skip")
    assert _ids(result) == ["bugle/a"]
    assert result.skipped["record"].tolist() == ["gone.pdf", "gone.txt"]
    assert result.skipped["reason"].tolist()[0].startswith("not loaded: dangling symbolic link")


def test_unreadable_file_is_named_and_listed(tmp_path, monkeypatch):
    _article(tmp_path / "bugle" / "a.txt")
    locked = _article(tmp_path / "bugle" / "locked.txt")
    real = Path.read_bytes

    def read_bytes(self):
        if self == locked:  # the tests run as root, for whom chmod 000 does not lock
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with pytest.raises(InvalidRecordError, match=r"locked\.txt: unreadable file \(Permission denied\)"):
        load_txt_folder(tmp_path)
    result = load_txt_folder(tmp_path, on_invalid="skip")
    assert _ids(result) == ["bugle/a"] and result.skipped["record"].tolist() == ["locked.txt"]


def test_unreadable_table_file_is_named(tmp_path, monkeypatch):
    import builtins

    path = _csv(tmp_path / "locked.csv", ROWS)
    real = builtins.open

    def fake_open(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    with pytest.raises(UnreadableSourceError, match=r"locked\.csv: cannot read the file \(Permission denied\)"):
        load_table(path)


def test_non_utf8_file_name_is_named(tmp_path):
    _article(tmp_path / "bugle" / "a.txt")
    bad = os.fsencode(tmp_path / "bugle") + b"/caf\xe9.txt"
    with open(bad, "wb") as fh:
        fh.write(b"Title\n\nBody.\n")
    with pytest.raises(InvalidRecordError, match=r"caf\\xe9\.txt.*is not valid UTF-8"):
        load_txt_folder(tmp_path)
    result = load_txt_folder(tmp_path, on_invalid="skip")
    assert _ids(result) == ["bugle/a"]
    assert result.skipped["record"].tolist() == ["caf\\xe9.txt"]


# ----------------------------------------------------------------- dates ----

def test_dates_day_first_decided_once_for_the_field(tmp_path):
    path = _csv(tmp_path / "d.csv", ["1,A,03/02/2020,x", "2,A,13/02/2020,y", "3,A,2020-02-05,z"])
    result = load_table(path)
    assert _days(result) == ["2020-02-03", "2020-02-13", "2020-02-05"]
    assert result.sources[0]["date_order"] == f"day-first (decided by '13/02/2020', {path}, line 3)"


def test_dates_month_first_decided_by_one_value(tmp_path):
    path = _csv(tmp_path / "d.csv", ["1,A,03/02/2020,x", "2,A,02/13/2020,y"])
    result = load_table(path)
    assert _days(result) == ["2020-03-02", "2020-02-13"]
    assert result.sources[0]["date_order"].startswith("month-first (decided by '02/13/2020'")


@pytest.mark.parametrize("mode", ["raise", "skip"])
def test_dates_that_contradict_are_a_named_error(tmp_path, mode):
    path = _csv(tmp_path / "d.csv", ["1,A,13/02/2020,x", "2,A,02/13/2020,y"])
    with pytest.raises(DateFormatError, match=r"d\.csv: the dates contradict each other: '13/02/2020' "
                       r"\(.*d\.csv, line 2\) can only be day-first and '02/13/2020' \(.*line 3\)"):
        load_table(path, on_invalid=mode)


def test_dotted_dates_assumed_day_first_with_a_warning(tmp_path, caplog):
    path = _csv(tmp_path / "d.csv", ["1,A,04.03.2020,x"])
    with caplog.at_level(logging.WARNING):
        result = load_table(path)
    assert _days(result) == ["2020-03-04"]
    assert result.sources[0]["date_order"].startswith("day-first (assumed: no value decides")
    assert "assuming day-first" in caplog.text


def test_dates_overrides(tmp_path):
    path = _csv(tmp_path / "d.csv", ["1,A,03/02/2020,x", "2,A,13/02/2020,y"])
    assert _days(load_table(path, dayfirst=True)) == ["2020-02-03", "2020-02-13"]
    with pytest.raises(InvalidRecordError, match=r"line 3: unparseable date '13/02/2020'"):
        load_table(path, dayfirst=False)  # never swapped to fit
    result = load_table(path, dayfirst=False, on_invalid="skip")
    assert _days(result) == ["2020-03-02", None]
    assert result.sources[0]["date_order"] == "month-first (given)"
    assert _days(load_table(path, date_format="%d/%m/%Y")) == ["2020-02-03", "2020-02-13"]


def test_dates_override_through_load_and_txt_metadata(tmp_path):
    _article(tmp_path / "bugle" / "a.txt")
    (tmp_path / "metadata.csv").write_text("file,date\nbugle/a.txt,03/02/2020\n", encoding="utf-8")
    assert _days(load(tmp_path, dayfirst=True)) == ["2020-02-03"]
    assert _days(load(tmp_path, date_format="%m/%d/%Y")) == ["2020-03-02"]


# ------------------------------------------------------------------ HTML ----

def test_html_date_the_extractor_rejects_is_not_lost(tmp_path):
    meta = '<meta property="article:published_time" content="{}">'
    (tmp_path / "old.html").write_text(PAGE.format(meta=meta.format("1990-05-01")), encoding="utf-8")
    result = load_html(tmp_path / "old.html", outlet="X")
    assert _days(result) == ["1990-05-01"]
    assert result.skipped["reason"].tolist() == [
        "kept, date '1990-05-01' read from the page's <meta property=\"article:published_time\"> "
        "(trafilatura rejected it)"]
    (tmp_path / "bad.html").write_text(PAGE.format(meta=meta.format("2020-13-45")), encoding="utf-8")
    with pytest.raises(InvalidRecordError, match=r"bad\.html.*unparseable date '2020-13-45'"):
        load_html(tmp_path, outlet="X")
    result = load_html(tmp_path, outlet="X", on_invalid="skip")
    assert dict(zip(_ids(result), _days(result))) == {"bad": None, "old": "1990-05-01"}


# ------------------------------------------------------------------ JSON ----

@pytest.mark.parametrize("careful", ["0", "1"])
def test_jsonl_duplicate_key(tmp_path, monkeypatch, careful):
    monkeypatch.setenv("CORPUS_TOOLS_CAREFUL_JSONL", careful)
    path = tmp_path / "dup.jsonl"
    path.write_text('{"id": "1", "outlet": "A", "text": "x"}\n'
                    '{"id": "2", "outlet": "A", "text": "first", "text": "second"}\n', encoding="utf-8")
    with pytest.raises(InvalidRecordError, match=r"dup\.jsonl, line 2: duplicate key 'text'"):
        load_table(path)
    result = load_table(path, on_invalid="skip")
    assert _ids(result) == ["1"] and result.skipped["record"].tolist() == ["line 2"]


def test_json_duplicate_key_nested(tmp_path):
    path = tmp_path / "dup.json"
    path.write_text('[{"id": "1", "outlet": "A", "text": "x", "meta": {"k": 1, "k": 2}},'
                    ' {"id": "2", "outlet": "A", "text": "y"}]', encoding="utf-8")
    with pytest.raises(InvalidRecordError, match=r"dup\.json, record 1: duplicate key 'k'"):
        load_table(path)
    assert _ids(load_table(path, on_invalid="skip")) == ["2"]


@pytest.mark.parametrize("mode", ["raise", "skip"])
def test_json_array_saved_as_jsonl_is_named(tmp_path, mode):
    path = tmp_path / "array.jsonl"
    path.write_text(json.dumps(RECORDS, indent=2), encoding="utf-8")
    with pytest.raises(UnreadableSourceError, match=r"array\.jsonl, line 1: the file holds a JSON array.*"
                       r"format='json'"):
        load_table(path, on_invalid=mode)


@pytest.mark.parametrize("careful", ["0", "1"])
@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_lone_surrogate_is_a_named_bad_record(tmp_path, monkeypatch, careful, fmt):
    monkeypatch.setenv("CORPUS_TOOLS_CAREFUL_JSONL", careful)
    records = [{"id": "1", "outlet": "A", "text": "ok"}, {"id": "2", "outlet": "A", "text": "bad \ud800"}]
    path = tmp_path / f"s.{fmt}"
    path.write_bytes(_jsonl(records) if fmt == "jsonl" else json.dumps(records).encode())
    where = "line 2" if fmt == "jsonl" else "record 2"
    with pytest.raises(InvalidRecordError, match=rf"s\.{fmt}, {where}: lone surrogate '\\ud800'"):
        load_table(path)
    result = load_table(path, on_invalid="skip")
    assert _ids(result) == ["1"] and result.skipped["record"].tolist() == [where]


# -------------------------------------------------------------- encodings ----

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_bom_marked_encodings_decoded(tmp_path, encoding, fmt):
    text = {"csv": CSV_HEAD + "1,A,2020-01-01,Café ünïcode\n",
            "jsonl": json.dumps({"id": "1", "outlet": "A", "text": "Café ünïcode"}, ensure_ascii=False) + "\n",
            "json": json.dumps([{"id": "1", "outlet": "A", "text": "Café ünïcode"}], ensure_ascii=False)}[fmt]
    # Python writes a byte-order mark for "utf-16"/"utf-32"; the -le/-be codecs need one added.
    marks = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}
    data = marks.get(encoding, b"") + text.encode(encoding)
    path = tmp_path / f"u.{fmt}"
    path.write_bytes(data)
    result = load_table(path)
    assert result.documents["text"].tolist() == ["Café ünïcode"]
    assert result.sources[0]["encoding"] == f"{encoding[:6]} (byte-order mark)"


def test_bom_marked_txt_article_decoded(tmp_path):
    (tmp_path / "bugle").mkdir()
    (tmp_path / "bugle" / "a.txt").write_bytes("Titel\n\nGrüße.\n".encode("utf-16"))
    result = load_txt_folder(tmp_path)
    assert result.documents[["title", "text"]].values.tolist() == [["Titel", "Grüße."]]


@pytest.mark.parametrize("mode", ["raise", "skip"])
def test_broken_utf16_is_named(tmp_path, mode):
    path = tmp_path / "u.csv"
    path.write_bytes((CSV_HEAD + "1,A,2020-01-01,x\n").encode("utf-16") + b"\x00\xd8")  # lone surrogate
    with pytest.raises(UnreadableSourceError, match=r"u\.csv.*UTF-16"):
        load_table(path, on_invalid=mode)


# ------------------------------------------------------------------ SGML ----

def test_sgml_reference_to_no_character(tmp_path):
    story = ('<REUTERS TOPICS="NO" NEWID="{id}"><DATE>2-MAR-1987 09:00:00.00</DATE>'
             "<TEXT><TITLE>COCOA</TITLE><BODY>{body}</BODY></TEXT></REUTERS>\n")
    path = tmp_path / "reut2-000.sgm"
    path.write_text(story.format(id=7, body="Bad &#xD800; here") + story.format(id=8, body="Fine")
                    + story.format(id=9, body="Far &#x110000;"), encoding="latin-1")
    with pytest.raises(InvalidRecordError, match=r"reut2-000\.sgm, record 1 \(NEWID 7\): character "
                       r"reference &#xD800; names no Unicode character"):
        load_reuters_sgml(path)
    result = load_reuters_sgml(path, on_invalid="skip")
    assert _ids(result) == ["8"]
    assert result.skipped["doc_id"].tolist() == ["7", "9"]


# --------------------------------------------------------------- options ----

def test_metadata_option_on_a_table_is_named(tmp_path):
    path = _csv(tmp_path / "t.csv", ROWS)
    with pytest.raises(ValueError, match=r"t\.csv' is read as csv by load_table\(\), which does not "
                       r"take 'metadata'"):
        load(path, metadata=tmp_path / "m.csv")


@pytest.mark.parametrize("mode", ["raise", "skip"])
def test_txt_metadata_duplicate_header_is_an_error(tmp_path, mode):
    _article(tmp_path / "bugle" / "a.txt")
    (tmp_path / "metadata.csv").write_text("file,date,date\nbugle/a.txt,2020-01-01,2020-01-02\n",
                                           encoding="utf-8")
    with pytest.raises(UnreadableSourceError, match=r"metadata\.csv, line 1: duplicate column name 'date'"):
        load_txt_folder(tmp_path, on_invalid=mode)


def test_reuters_folder_lists_other_files(tmp_path):
    story = ('<REUTERS TOPICS="NO" NEWID="7"><DATE>2-MAR-1987 09:00:00.00</DATE>'
             "<TEXT><TITLE>COCOA</TITLE><BODY>Cocoa rose.</BODY></TEXT></REUTERS>\n")
    (tmp_path / "REUT2-000.SGM").write_text(story, encoding="latin-1")
    (tmp_path / "lewis.dtd").write_text("<!ELEMENT x>", encoding="latin-1")
    result = load_reuters_sgml(tmp_path)
    assert _ids(result) == ["7"]
    assert result.skipped[["record", "reason"]].values.tolist() == [
        ["lewis.dtd", "not loaded: its name does not match 'reut2-*.sgm' (another kind of file)"]]


def test_date_order_reaches_the_corpus_provenance(tmp_path):
    from corpus_tools.corpus.build import build_corpus

    path = _csv(tmp_path / "d.csv", ["1,A,03/02/2020,Some words.", "2,A,13/02/2020,More words."])
    corpus = build_corpus(path)
    assert corpus.provenance["sources"][0]["date_order"].startswith("day-first (decided by '13/02/2020'")


def test_date_options_on_a_loader_without_them_are_named(tmp_path):
    (tmp_path / "p.html").write_text(PAGE.format(meta=""), encoding="utf-8")
    with pytest.raises(ValueError, match=r"read as html by load_html\(\), which does not take 'dayfirst'"):
        load(tmp_path / "p.html", dayfirst=True)
