"""``corpus-tools ngrams``: n-gram frequencies and n-gram association."""

from __future__ import annotations

import argparse

import pandas as pd

from corpus_tools.cli.ngrams import register


def _cli(argv):
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    register(sub)
    args = parser.parse_args(argv)
    return args.handler(args)


def test_cli_ngrams_and_association(tmp_path):
    from conftest import DEMO

    out = tmp_path / "bigrams.csv"
    assert _cli(["ngrams", str(DEMO), "--n", "2", "--by", "outlet", "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert table.columns.tolist() == ["outlet", "ngram", "freq"]
    assert (tmp_path / "bigrams.csv.meta.json").is_file()
    out2 = tmp_path / "assoc.csv"
    assert _cli(["ngrams", str(DEMO), "--association", "--measure", "mi", "--out", str(out2)]) == 0
    assert pd.read_csv(out2).columns.tolist()[:7] == ["ngram", "freq", "f_first", "f_last", "n",
                                                      "expected", "mi"]
    assert _cli(["ngrams", str(DEMO), "--n", "9"]) == 2
