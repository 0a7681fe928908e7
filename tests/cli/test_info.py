"""``corpus-tools info``: the summary of a saved corpus (printing it: see test_ingest.py)."""

from __future__ import annotations

from corpus_tools.cli.main import main


def test_cli_info_errors_exit_2_with_message(tmp_path, capsys):
    assert main(["info", str(tmp_path / "missing")]) == 2
    assert "no corpus.json" in capsys.readouterr().err
