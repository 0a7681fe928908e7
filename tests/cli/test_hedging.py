"""``corpus-tools hedging``: hedge rates per group -> CSV + sidecar."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
import pytest


from small_corpora import make_corpus

DATA = Path(__file__).resolve().parents[1] / "data" / "hedging"




@pytest.fixture(scope="module")
def small():
    # X: 3 + 4 words, 1 hedge; Y: 5 words, 3 hedges (perhaps, may, possibly) and 1 booster.
    return make_corpus("It may rain.", "Dry and sunny today.", "Perhaps it may possibly rain, clearly.",
                       outlets=["X", "X", "Y"], dates=["2020-01-10", "2020-02-03", "2020-02-20"])


def test_cli_hedging(tmp_path, small):
    from corpus_tools.cli.hedging import register

    folder = small.save(tmp_path / "corpus")
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    register(sub)
    out = tmp_path / "rates.csv"
    args = parser.parse_args(["hedging", str(folder), "--by", "outlet", "--by", "period=month",
                              "--ci", "poisson", "--out", str(out)])
    assert args.handler(args) == 0
    table = pd.read_csv(out)
    assert list(table.columns[:3]) == ["outlet", "month", "documents"]
    assert table["hits"].tolist() == [1, 0, 3]
    assert (tmp_path / "rates.csv.meta.json").is_file()
    # A user lexicon added to the default.
    args = parser.parse_args(["hedging", str(folder), "--lexicon", str(DATA / "user_lexicon.csv"),
                              "--ci", "poisson", "--out", str(out)])
    assert args.handler(args) == 0
    assert pd.read_csv(out)["hits"].tolist() == [1, 3]
