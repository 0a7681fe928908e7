"""``corpus-tools kwic``: concordance lines and an annotation CSV."""

from __future__ import annotations

import pandas as pd

from corpus_tools.analyses.concordance import read_annotation_csv


def test_cli_kwic(tmp_path, capsys):
    import argparse

    from conftest import DEMO

    from corpus_tools.cli.kwic import register

    def run(argv):
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers(dest="command")
        register(sub)
        args = parser.parse_args(argv)
        return args.handler(args)

    out, ann = tmp_path / "kwic.csv", tmp_path / "ann.csv"
    assert run(["kwic", str(DEMO), "appears to", "--sort", "R1", "--out", str(out),
                "--annotation", str(ann)]) == 0
    lines = pd.read_csv(out, keep_default_na=False)
    assert len(lines) > 0 and set(lines["node"].str.lower()) == {"appears to"}
    assert read_annotation_csv(ann)["judgement"].isna().all()
    assert run(["kwic", str(DEMO), "harbour", "--sort", "X9"]) == 2
    assert "The 'sort' parameter of concordance()" in capsys.readouterr().err
