"""``corpus-tools keyness``: one table or a grid -> CSV + sidecar."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from corpus_tools._compat import READ_CSV_EXACT
from corpus_tools.analyses.keyness import keyness


def test_cli_table(saved_demo, tmp_path, capsys, demo_corpus):
    from corpus_tools.cli.main import main
    from corpus_tools.report.export import sidecar_path

    out = tmp_path / "nd.csv"
    status = main(["--quiet", "keyness", str(saved_demo), "--target", "outlet=Northgate Daily",
                   "--measure", "log_likelihood", "--measure", "log_ratio", "--min-freq", "2",
                   "--correction", "holm", "--out", str(out)])
    assert status == 0
    table = pd.read_csv(out, **READ_CSV_EXACT)
    assert capsys.readouterr().out == ""  # with --out, as every table command: nothing on standard output
    expected = keyness(demo_corpus, target={"outlet": "Northgate Daily"}, min_freq=2, correction="holm")
    assert table["term"].tolist() == expected["term"].tolist()
    np.testing.assert_array_equal(table["log_likelihood"], expected["log_likelihood"])
    assert json.loads(sidecar_path(out).read_text())["parameters"]["correction"] == "holm"


def test_cli_reference_selector_dates_and_grid(saved_demo, tmp_path, capsys):
    from corpus_tools.cli.main import main

    out = tmp_path / "t.csv"
    assert main(["--quiet", "keyness", str(saved_demo), "--target", "outlet=Civic Wire,date=2024-01-01..",
                 "--reference", "outlet=The Harbour Ledger", "--out", str(out)]) == 0
    grid = tmp_path / "grid.csv"
    assert main(["--quiet", "keyness", str(saved_demo), "--by", "outlet", "--by", "period=month",
                 "--reference", "previous", "--out", str(grid)]) == 0
    assert pd.read_csv(grid).columns[:3].tolist() == ["outlet", "month", "term"]


def test_cli_errors_exit_2(saved_demo, tmp_path, capsys):
    from corpus_tools.cli.main import main

    out = str(tmp_path / "x.csv")
    assert main(["keyness", str(saved_demo), "--target", "outlet=Nobody", "--out", out]) == 2
    assert "matched no documents" in capsys.readouterr().err
    assert main(["keyness", str(saved_demo), "--target", "outlet=Civic Wire", "--measure", "ll",
                 "--out", out]) == 2
    assert "'measures' parameter" in capsys.readouterr().err
    assert main(["keyness", str(saved_demo), "--target", "outlet", "--out", out]) == 2
    assert "field=value" in capsys.readouterr().err
    assert main(["keyness", str(saved_demo), "--out", out]) == 2
    assert "--target" in capsys.readouterr().err


def test_cli_defaults_are_the_api_defaults():
    from corpus_tools.analyses import keyness as keyness_module
    from corpus_tools.analyses.keyness import DEFAULT_MIN_FREQ, DEFAULT_MIN_RANGE
    from corpus_tools.cli import main

    parser = main._parser()
    args = parser.parse_args(["keyness", "folder", "--by", "outlet", "--out", "x.csv"])
    assert (args.min_freq, args.min_range) == (DEFAULT_MIN_FREQ, DEFAULT_MIN_RANGE)
    assert keyness_module.keyness.__kwdefaults__["min_freq"] == DEFAULT_MIN_FREQ
    assert keyness_module.keyness_grid.__kwdefaults__["min_range"] == DEFAULT_MIN_RANGE


def test_cli_grid_top_and_filters(saved_demo, tmp_path):
    from corpus_tools.cli.main import main
    from corpus_tools.report.export import sidecar_path

    grid = tmp_path / "grid.csv"
    assert main(["--quiet", "keyness", str(saved_demo), "--by", "outlet", "--min-freq", "0",
                 "--min-range", "0", "--top", "2", "--out", str(grid)]) == 0
    table = pd.read_csv(grid)
    per = table.groupby(["outlet", "direction"]).size()
    assert per.max() == 2 and set(per.index.get_level_values("direction")) == {"target", "reference"}
    full = tmp_path / "full.csv"
    assert main(["--quiet", "keyness", str(saved_demo), "--by", "outlet", "--min-freq", "0",
                 "--min-range", "0", "--top", "0", "--out", str(full)]) == 0
    assert len(pd.read_csv(full)) > len(table)
    default = tmp_path / "default.csv"
    assert main(["--quiet", "keyness", str(saved_demo), "--by", "outlet", "--out", str(default)]) == 0
    sidecar = json.loads(sidecar_path(default).read_text())
    assert json.dumps(sidecar).count('"top": 100') >= 1
    assert pd.read_csv(default).groupby(["outlet", "direction"]).size().max() <= 100
