"""``corpus-tools run``: a whole analysis from a TOML config (the pipeline: test_pipeline.py)."""

from __future__ import annotations

import argparse

from .test_pipeline import BAD, GOOD, _config, news  # noqa: F401 (news is a fixture)


def _parser():
    from corpus_tools.cli.run import register

    parser = argparse.ArgumentParser(prog="corpus-tools")
    parser.add_argument("--quiet", action="store_true")
    register(parser.add_subparsers(dest="command", required=True))
    return parser


def test_pipeline_cli_run(news, capsys):
    args = _parser().parse_args(["--quiet", "run", str(_config(news, GOOD)), "--out", str(news / "cli")])
    assert args.handler(args) == 0
    assert "2 tables, 4 files and manifest.json written to" in capsys.readouterr().out
    assert (news / "cli" / "manifest.json").is_file()


def test_pipeline_cli_check_and_error(news, capsys):
    good = _config(news, GOOD)
    args = _parser().parse_args(["run", "--check", str(good)])
    assert args.handler(args) == 0
    assert "OK, 2 analyses" in capsys.readouterr().out
    assert not (news / "out").exists()
    bad = _config(news, BAD["unknown_parameter"][0], "bad.toml")
    args = _parser().parse_args(["run", str(bad)])
    assert args.handler(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("corpus-tools run: error: ") and "bad.toml:14:" in err
    assert "unknown parameter 'mesure'" in err
