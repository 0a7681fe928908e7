"""Nothing lost, nothing overwritten: atomic, owned output folders and files (issue 16, item 1).

A corpus folder (ingest, Corpus.save, build_corpus(out=)) and a run's output
folder are written aside and moved in when complete; folders and files that
are not ours are refused untouched; replacing our own needs --force /
overwrite=True; a second writer meets the lock.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from corpus_tools.cli.main import main
from corpus_tools.cli.pipeline import run_pipeline
from corpus_tools.corpus.build import build_corpus
from corpus_tools.corpus.corpus import Corpus
from corpus_tools.errors import OutputError, OutputLockedError
from corpus_tools.io.atomic import folder_lock
from corpus_tools.report.export import sidecar_path, to_csv

from small_corpora import make_corpus


def _source(folder: Path, name: str = "news.jsonl", words: str = "rain") -> Path:
    rows = [{"id": f"d{i}", "source": "AB"[i % 2], "date": f"2020-0{i % 3 + 1}-01",
             "text": f"It may {words}. Sun {i} appears to shine."} for i in range(6)]
    path = folder / name
    path.write_text("\n".join(map(json.dumps, rows)) + "\n", encoding="utf-8")
    return path


def _snapshot(folder: Path) -> dict:
    """Every file under ``folder`` (relative path -> bytes)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _ingest(source, out, *extra) -> int:
    return main(["--quiet", "ingest", str(source), "--out", str(out), *extra])


def _one_line(capsys, *needles) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for needle in needles:
        assert needle in err, err
    return err


def _no_leftovers(parent: Path, name: str) -> None:
    assert [p.name for p in parent.iterdir() if p.name.startswith(f".{name}.")] == []


# ------------------------------------------------------------------ corpus folders

def test_ingest_refuses_a_folder_that_is_not_a_corpus(tmp_path, capsys):
    out = tmp_path / "results"
    out.mkdir()
    (out / "documents.parquet").write_bytes(b"someone else's file")
    (out / "notes.txt").write_text("keep me")
    before = _snapshot(out)
    assert _ingest(_source(tmp_path), out) == 2
    _one_line(capsys, str(out), "holds no corpus", "nothing in it was touched")
    assert _snapshot(out) == before
    assert _ingest(_source(tmp_path), out, "--force") == 2  # --force never replaces what is not ours
    assert _snapshot(out) == before


def test_ingest_over_a_corpus_needs_force(tmp_path, capsys):
    out = tmp_path / "corpus"
    assert _ingest(_source(tmp_path, "a.jsonl", "rain"), out) == 0
    before = _snapshot(out)
    capsys.readouterr()
    assert _ingest(_source(tmp_path, "b.jsonl", "snow"), out) == 2
    _one_line(capsys, str(out), "already holds a corpus", "--force")
    assert _snapshot(out) == before
    assert _ingest(_source(tmp_path, "b.jsonl", "snow"), out, "--force") == 0
    assert "snow" in Corpus.load(out).tokens.vocab.tolist()
    assert _snapshot(out) != before
    _no_leftovers(tmp_path, "corpus")


def test_ingest_into_an_empty_or_missing_folder(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _ingest(_source(tmp_path), empty) == 0
    assert len(Corpus.load(empty)) == 6
    deep = tmp_path / "new" / "parents" / "corpus"  # missing parents are made, like mkdir -p
    assert _ingest(_source(tmp_path), deep) == 0
    assert len(Corpus.load(deep)) == 6


def test_ingest_out_that_is_a_file(tmp_path, capsys):
    out = tmp_path / "corpus"
    out.write_text("a file")
    assert _ingest(_source(tmp_path), out) == 2
    _one_line(capsys, str(out), "is a file, not a folder")
    assert out.read_text() == "a file"
    assert _ingest(_source(tmp_path), out / "inside") == 2  # under a file: cannot be made
    _one_line(capsys, str(out / "inside"), "cannot make the folder")
    assert out.read_text() == "a file"


def test_corpus_save_overwrite(tmp_path):
    one, two = make_corpus("rain falls"), make_corpus("snow falls", "sun")
    folder = one.save(tmp_path / "c")
    with pytest.raises(OutputError, match="already holds a corpus; pass overwrite=True"):
        two.save(folder)
    assert len(Corpus.load(folder)) == 1
    two.save(folder, overwrite=True)
    assert len(Corpus.load(folder)) == 2
    _no_leftovers(tmp_path, "c")


def test_build_corpus_out_refuses_before_loading(tmp_path, monkeypatch):
    import corpus_tools.io.loaders as loaders

    out = tmp_path / "out"
    out.mkdir()
    (out / "x.csv").write_text("mine")

    def never(*args, **kwargs):
        raise AssertionError("the source was loaded")

    monkeypatch.setattr(loaders, "load", never)
    with pytest.raises(OutputError, match="holds no corpus"):
        build_corpus(_source(tmp_path), out=out)


def test_a_killed_move_is_undone_by_the_next_writer(tmp_path):
    # Killed between "old aside" and "new in": the old corpus waits under .c.old-*.
    folder = make_corpus("rain").save(tmp_path / "c")
    aside = tmp_path / ".c.old-1-deadbeef"
    os.rename(folder, aside)
    (tmp_path / ".c.tmp-1-deadbeef").mkdir()  # and the new one, half-written
    with pytest.raises(OutputError, match="already holds a corpus"):
        make_corpus("snow").save(folder)
    assert Corpus.load(folder).tokens.vocab.tolist() == ["rain"]
    _no_leftovers(tmp_path, "c")


# A subprocess ingest that stops for a minute once the documents table is being
# written into its temporary folder: killed there, or met by a second writer.
_SLOW_INGEST = textwrap.dedent("""
    import sys, time
    import corpus_tools.corpus.build as build
    real = build.Corpus.from_documents
    def slow(*args, **kwargs):
        time.sleep(60)
        return real(*args, **kwargs)
    build.Corpus.from_documents = slow
    from corpus_tools.cli.main import main
    sys.exit(main(["--quiet", "ingest", sys.argv[1], "--out", sys.argv[2], "--force"]))
""")


def _start_slow_ingest(source: Path, out: Path) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", _SLOW_INGEST, str(source), str(out)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if any((tmp / "documents.parquet").exists() for tmp in out.parent.glob(f".{out.name}.tmp-*")):
            return process
        if process.poll() is not None:
            raise AssertionError(f"the slow ingest ended early: {process.stderr.read().decode()}")
        time.sleep(0.05)
    process.kill()
    raise AssertionError("the slow ingest never started writing")


def test_an_ingest_killed_midway_leaves_the_old_corpus(tmp_path, capsys):
    out = tmp_path / "corpus"
    assert _ingest(_source(tmp_path, "a.jsonl", "rain"), out) == 0
    before = _snapshot(out)
    process = _start_slow_ingest(_source(tmp_path, "b.jsonl", "snow"), out)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert _snapshot(out) == before
    assert "rain" in Corpus.load(out).tokens.vocab.tolist()
    assert list(tmp_path.glob(".corpus.tmp-*"))  # the killed writer's half folder, beside it
    # The next writer clears what the killed one left.
    assert _ingest(_source(tmp_path, "b.jsonl", "snow"), out, "--force") == 0
    assert "snow" in Corpus.load(out).tokens.vocab.tolist()
    _no_leftovers(tmp_path, "corpus")


def test_a_second_writer_gets_the_lock_error(tmp_path, capsys):
    out = tmp_path / "corpus"
    assert _ingest(_source(tmp_path, "a.jsonl", "rain"), out) == 0
    before = _snapshot(out)
    capsys.readouterr()
    process = _start_slow_ingest(_source(tmp_path, "b.jsonl", "snow"), out)
    try:
        assert _ingest(_source(tmp_path, "c.jsonl", "hail"), out, "--force") == 2
        _one_line(capsys, str(out), "another process is writing this corpus")
        with pytest.raises(OutputLockedError):
            make_corpus("sun").save(out, overwrite=True)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert _snapshot(out) == before


def test_the_lock_is_released(tmp_path):
    with folder_lock(tmp_path / "c", "corpus"):
        with pytest.raises(OutputLockedError, match="another process is writing this corpus"):
            with folder_lock(tmp_path / "c", "corpus"):
                pass
    with folder_lock(tmp_path / "c", "corpus"):
        pass
    assert not (tmp_path / ".c.lock").exists()


# ------------------------------------------------------------------ run outputs

_CONFIG = """
[corpus]
source = "{source}"
[output]
folder = "{folder}"
[[analysis]]
name = "{name}"
kind = "hedge_rates"
by = ["outlet"]
n_boot = {n_boot}
"""


def _config(folder: Path, *, source="news.jsonl", out="out", name="rates", n_boot=50, file="a.toml") -> Path:
    path = folder / file
    path.write_text(_CONFIG.format(source=source, folder=out, name=name, n_boot=n_boot), encoding="utf-8")
    return path


def test_run_never_writes_over_its_source(tmp_path, capsys):
    table = pd.DataFrame({"id": ["a", "b"], "source": ["A", "B"], "text": ["It may rain.", "Sun."]})
    table.to_csv(tmp_path / "data.csv", index=False)
    before = _snapshot(tmp_path)
    config = _config(tmp_path, source="data.csv", out=".", name="data")
    with pytest.raises(OutputError, match=r"would write over \[corpus\] source .*data\.csv"):
        run_pipeline(config)
    assert main(["--quiet", "run", str(config)]) == 2
    _one_line(capsys, "would write over")
    assert _snapshot(tmp_path) == {**before, "a.toml": config.read_bytes()}


def test_run_output_inside_its_saved_corpus_is_refused(tmp_path):
    make_corpus("rain", "sun").save(tmp_path / "saved")
    config = tmp_path / "a.toml"
    config.write_text(_CONFIG.replace('source = "{source}"', 'path = "saved"').format(
        folder="saved/out", name="rates", n_boot=50))
    with pytest.raises(OutputError, match=r"would write over \[corpus\] path"):
        run_pipeline(config)
    assert not (tmp_path / "saved" / "out").exists()


def test_run_replaces_an_earlier_run_only_with_force(tmp_path, capsys):
    _source(tmp_path)
    first = run_pipeline(_config(tmp_path))
    before = _snapshot(first.folder)
    with pytest.raises(OutputError, match="already holds a run output; pass --force"):
        run_pipeline(_config(tmp_path, n_boot=60))
    assert _snapshot(first.folder) == before
    second = run_pipeline(_config(tmp_path, n_boot=60), overwrite=True)
    assert second.data["analyses"][0]["parameters"]["n_boot"] == 60
    _no_leftovers(tmp_path, "out")


def test_a_failed_run_leaves_the_earlier_output_whole(tmp_path, capsys):
    _source(tmp_path)
    manifest = run_pipeline(_config(tmp_path))
    before = _snapshot(manifest.folder)
    bad = _config(tmp_path, n_boot=-5, file="bad.toml")  # refused when the analysis runs
    assert main(["--quiet", "run", str(bad), "--force"]) == 2
    _one_line(capsys, "bad.toml")
    assert _snapshot(manifest.folder) == before
    # The manifest still describes exactly the files beside it.
    data = json.loads((manifest.folder / "manifest.json").read_text())
    import hashlib

    for analysis in data["analyses"]:
        for out in analysis["outputs"]:
            assert hashlib.sha256((manifest.folder / out["path"]).read_bytes()).hexdigest() == out["sha256"]
    _no_leftovers(tmp_path, "out")


def test_run_refuses_a_folder_that_is_not_a_run_output(tmp_path, capsys):
    _source(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "rates.csv").write_text("my own table\n")
    assert main(["--quiet", "run", str(_config(tmp_path)), "--force"]) == 2
    _one_line(capsys, "holds no run output")
    assert (tmp_path / "out" / "rates.csv").read_text() == "my own table\n"


# ------------------------------------------------------------------ table files

def test_to_csv_replaces_only_its_own_tables(tmp_path):
    table = pd.DataFrame({"term": ["rain"], "p": [0.1]})
    path = to_csv(table, tmp_path / "t.csv")
    meta = json.loads(sidecar_path(path).read_text())
    import hashlib

    assert meta["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    to_csv(table.assign(p=0.2), path)  # ours: replaced
    assert "0.2" in path.read_text()
    other = tmp_path / "mine.csv"
    other.write_text("precious\n")
    with pytest.raises(OutputError, match=r"mine\.csv: exists and is not a table written by corpus_tools"):
        to_csv(table, other)
    assert other.read_text() == "precious\n" and not sidecar_path(other).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.csv", "t.csv", "t.csv.meta.json"]


@pytest.mark.parametrize("where, problem", [("missing/t.csv", "does not exist"), ("folder", "is a folder")])
def test_to_csv_bad_paths(tmp_path, where, problem):
    (tmp_path / "folder").mkdir()
    with pytest.raises(OutputError, match=problem):
        to_csv(pd.DataFrame({"a": [1]}), tmp_path / where)


def test_cli_table_out_in_a_missing_folder(tmp_path, capsys):
    corpus = make_corpus("It may rain.", "Sun shines.", outlets=["A", "B"]).save(tmp_path / "c")
    out = tmp_path / "missing" / "k.csv"
    assert main(["--quiet", "keyness", str(corpus), "--target", "outlet=A", "--out", str(out)]) == 2
    _one_line(capsys, str(out), "does not exist")
