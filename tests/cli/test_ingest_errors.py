"""Issue 16, item 5: every loader failure reaches the command line as one line
naming the file (and record), with exit status 2 and no traceback."""

from __future__ import annotations

import gzip
import json
import lzma
import os
from pathlib import Path

import pytest

from corpus_tools.cli.main import main

HEAD = "id,outlet,date,text\n"
PAGE = ("<html><head><title>Web</title>{meta}</head><body><article><p>"
        + "A web was found in the city hall on Monday morning. " * 5
        + "</p></article></body></html>")


def _write(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.write_bytes if isinstance(data, bytes) else path.write_text)(data)
    return path


def _unclosed_quote(tmp):
    return _write(tmp / "quote.csv", HEAD + '1,A,2020-01-01,"never closed\n2,A,2020-01-02,x\n'), \
        "line 2: malformed CSV: unbalanced quote"


def _duplicate_header(tmp):
    return _write(tmp / "dup.csv", "id,outlet,text,text\n1,A,x,y\n"), "duplicate column name 'text'"


def _corrupt_xz(tmp):
    data = bytearray(lzma.compress((HEAD + "1,A,2020-01-01,x\n" * 50).encode()))
    data[len(data) // 2] ^= 0xFF
    return _write(tmp / "bad.csv.xz", bytes(data)), "corrupt or truncated xz data"


def _truncated_gz(tmp):
    data = gzip.compress("".join(json.dumps({"id": k, "outlet": "A", "text": "x " * k}) + "\n"
                                 for k in range(200)).encode())
    return _write(tmp / "cut.jsonl.gz", data[:-30]), "ends before its end-of-stream marker"


def _xz_garbage(tmp):
    one = lzma.compress((HEAD + "1,A,2020-01-01,x\n").encode())
    return _write(tmp / "pad.csv.xz", one + b"\x00\x00\x00" + one), "padding of 3 bytes"


def _dangling_link(tmp):
    _write(tmp / "txt" / "bugle" / "a.txt", "Title\n\nBody.\n")
    (tmp / "txt" / "bugle" / "gone.txt").symlink_to(tmp / "nowhere.txt")
    return tmp / "txt", "gone.txt: dangling symbolic link"


def _non_utf8_name(tmp):
    _write(tmp / "txt" / "bugle" / "a.txt", "Title\n\nBody.\n")
    with open(os.fsencode(tmp / "txt" / "bugle") + b"/caf\xe9.txt", "wb") as fh:
        fh.write(b"Title\n\nBody.\n")
    return tmp / "txt", r"caf\xe9.txt' is not valid UTF-8"


def _contradicting_dates(tmp):
    return _write(tmp / "dates.csv", HEAD + "1,A,13/02/2020,x\n2,A,02/13/2020,y\n"), \
        "the dates contradict each other"


def _rejected_html_date(tmp):
    meta = ('<meta property="og:site_name" content="Bugle">'
            '<meta property="article:published_time" content="2020-13-45">')
    return _write(tmp / "page.html", PAGE.format(meta=meta)), "unparseable date '2020-13-45'"


def _duplicate_key(tmp):
    return _write(tmp / "dupkey.jsonl", '{"id": "1", "outlet": "A", "text": "a", "text": "b"}\n'), \
        "line 1: duplicate key 'text'"


def _array_as_jsonl(tmp):
    return _write(tmp / "array.jsonl", '[\n{"id": "1", "outlet": "A", "text": "a"}\n]\n'), \
        "holds a JSON array"


def _lone_surrogate(tmp):
    return _write(tmp / "sur.jsonl", '{"id": "1", "outlet": "A", "text": "\\ud800"}\n'), \
        "line 1: lone surrogate"


def _sgml_surrogate(tmp):
    return _write(tmp / "reut2-000.sgm", '<REUTERS NEWID="7"><DATE>2-MAR-1987 09:00:00.00</DATE>'
                  "<TEXT><TITLE>T</TITLE><BODY>x &#xD800;</BODY></TEXT></REUTERS>\n"), \
        "record 1 (NEWID 7): character reference &#xD800;"


def _broken_utf16(tmp):
    return _write(tmp / "u16.csv", (HEAD + "1,A,2020-01-01,x\n").encode("utf-16") + b"\x00\xd8"), \
        "UTF-16"


CASES = [_unclosed_quote, _duplicate_header, _corrupt_xz, _truncated_gz, _xz_garbage, _dangling_link,
         _non_utf8_name, _contradicting_dates, _rejected_html_date, _duplicate_key, _array_as_jsonl,
         _lone_surrogate, _sgml_surrogate, _broken_utf16]


def _ingest(args, capsys):
    status = main(["--quiet", "ingest", *map(str, args)])
    return status, capsys.readouterr().err


@pytest.mark.parametrize("make", CASES, ids=lambda f: f.__name__.strip("_"))
def test_ingest_error_is_one_line_naming_the_file(tmp_path, capsys, make):
    source, problem = make(tmp_path)
    status, err = _ingest([source, "--out", tmp_path / "out"], capsys)
    assert status == 2
    assert err.count("\n") == 1 and err.startswith("corpus-tools ingest: error: ")
    assert "Traceback" not in err and problem in err
    named = source.name if source.is_file() else source.name + "/"
    assert named in err


def test_ingest_unreadable_file(tmp_path, capsys, monkeypatch):
    source = _write(tmp_path / "txt" / "bugle" / "locked.txt", "Title\n\nBody.\n")
    real = Path.read_bytes
    # The tests run as root, for whom chmod 000 does not lock a file.
    monkeypatch.setattr(Path, "read_bytes", lambda self: (_ for _ in ()).throw(
        PermissionError(13, "Permission denied")) if self == source else real(self))
    status, err = _ingest([tmp_path / "txt", "--out", tmp_path / "out"], capsys)
    assert status == 2 and err.count("\n") == 1
    assert "locked.txt: unreadable file (Permission denied)" in err


def test_ingest_metadata_on_a_table(tmp_path, capsys):
    source = _write(tmp_path / "t.csv", HEAD + "1,A,2020-01-01,x\n")
    status, err = _ingest([source, "--out", tmp_path / "out", "--metadata", tmp_path / "m.csv"], capsys)
    assert status == 2 and err.count("\n") == 1
    assert "t.csv' is read as csv by load_table(), which does not take 'metadata'" in err


def test_ingest_skip_mode_records_and_goes_on(tmp_path, capsys):
    source, _problem = _unclosed_quote(tmp_path)
    status = main(["--quiet", "ingest", str(source), "--out", str(tmp_path / "out"),
                   "--on-invalid", "skip", "--json"])
    assert status == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["documents"] == 1 and summary["skipped"] == 1


@pytest.mark.parametrize("flags, day", [(["--dayfirst"], "2020-02-03"), (["--no-dayfirst"], "2020-03-02"),
                                        (["--date-format", "%m/%d/%Y"], "2020-03-02")])
def test_ingest_date_options(tmp_path, capsys, flags, day):
    from corpus_tools.corpus.corpus import Corpus

    source = _write(tmp_path / "d.csv", HEAD + "1,A,03/02/2020,Some words here.\n")
    status = main(["--quiet", "ingest", str(source), "--out", str(tmp_path / "out"), *flags])
    assert status == 0, capsys.readouterr().err
    assert str(Corpus.load(tmp_path / "out").documents["date"].iloc[0].date()) == day
