"""``corpus-tools ingest``: a source -> a saved corpus folder and its summary."""

from __future__ import annotations

import json

from corpus_tools.cli.main import main

from conftest import DEMO


def test_cli_ingest_and_info(tmp_path, capsys):
    out = tmp_path / "demo"
    assert main(["--quiet", "ingest", str(DEMO), "--out", str(out), "--json"]) == 0
    ingested = json.loads(capsys.readouterr().out)
    assert ingested["documents"] == 24 and ingested["saved_to"] == str(out)
    assert main(["info", str(out), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["word_tokens"] == ingested["word_tokens"]
    assert main(["info", str(out)]) == 0
    assert "word tokens" in capsys.readouterr().out


def test_cli_errors_exit_2_with_message(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": "1", "outlet": "A", "text": "ok"}\n{oops\n', encoding="utf-8")
    assert main(["--quiet", "ingest", str(bad), "--out", str(tmp_path / "o")]) == 2
    assert "line 2" in capsys.readouterr().err
    assert main(["--quiet", "ingest", str(bad), "--out", str(tmp_path / "o"), "--on-invalid", "skip",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["skipped"] == 1
