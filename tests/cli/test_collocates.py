"""``corpus-tools collocates``: collocates of a node, or a comparison of two groups."""

from __future__ import annotations

import pandas as pd


def _cli(argv):
    import argparse

    from corpus_tools.cli.collocates import register

    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    register(sub)
    args = parser.parse_args(argv)
    return args.handler(args)


def test_cli_collocates_and_compare(tmp_path, capsys):
    from conftest import DEMO

    out = tmp_path / "coll.csv"
    assert _cli(["collocates", str(DEMO), "harbour", "--left", "0", "--right", "1",
                 "--select", "outlet=Civic Wire", "--measure", "log_dice", "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert table.loc[0, "collocate"] == "authority" and table.columns[-1] == "log_dice"
    assert (tmp_path / "coll.csv.meta.json").is_file()
    cmp_out = tmp_path / "cmp.csv"
    assert _cli(["collocates", str(DEMO), "harbour", "--window", "1", "--compare", "outlet",
                 "The Harbour Ledger", "Civic Wire", "--out", str(cmp_out)]) == 0
    assert "log_dice_change" in pd.read_csv(cmp_out).columns
    assert _cli(["collocates", str(DEMO), "harbour", "--window", "0"]) == 2
    assert "The 'window' parameter of collocates()" in capsys.readouterr().err
