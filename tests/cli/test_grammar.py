"""The CLI grammar (issue 15 item 2): every table command's shared options exist and mean the same.

``corpus_tools.cli.options.GRAMMAR`` is the vocabulary; these tests check
each command's parser against it, run every command both ways (``--out``
and standard output), and check that every old spelling still works.
"""

from __future__ import annotations

import argparse
import io
import logging
import re
from pathlib import Path

import pandas as pd
import pytest

from corpus_tools._compat import READ_CSV_EXACT
from corpus_tools.cli import options
from corpus_tools.cli.main import _parser, main

README = Path(__file__).resolve().parents[2] / "README.md"

# The smallest call of each table command over the demo corpus (after the corpus argument).
CALLS = {
    "keyness": ["--target", "outlet=Civic Wire", "--min-freq", "2", "--min-range", "1"],
    "collocates": ["harbour"],
    "ngrams": [],
    "kwic": ["harbour"],
    "hedging": ["--ci", "poisson"],
}


def _command_parsers() -> dict[str, argparse.ArgumentParser]:
    (sub,) = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


PARSERS = _command_parsers()
GRAMMAR_CASES = [(thing, command) for thing, (_, commands, _) in options.GRAMMAR.items() for command in commands]


def _action(command: str, flag: str) -> argparse.Action:
    parser = PARSERS[command]
    found = [a for a in parser._actions if flag in a.option_strings or (not a.option_strings and a.dest == flag)]
    assert found, f"{command} has no {flag}"
    return found[0]


def _run(argv, capsys) -> tuple[int, str, str]:
    status = main(["--quiet", *map(str, argv)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _table(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), **READ_CSV_EXACT)


def test_every_table_command_is_in_the_grammar():
    assert set(options.TABLE_COMMANDS) == set(CALLS) <= set(PARSERS)
    assert all(set(commands) <= set(options.TABLE_COMMANDS) for _, commands, _ in options.GRAMMAR.values())


@pytest.mark.parametrize(("thing", "command"), GRAMMAR_CASES)
def test_grammar_option_exists_and_comes_from_options_module(thing, command):
    flags, _, _ = options.GRAMMAR[thing]
    action = _action(command, flags[0])
    assert set(flags) <= set(action.option_strings or (action.dest,))
    assert getattr(action, "shared_option", None) is not None, f"{command} {flags[0]} is not shared"


@pytest.mark.parametrize("thing", list(options.GRAMMAR))
def test_grammar_option_means_the_same_in_every_command(thing):
    flags, commands, _ = options.GRAMMAR[thing]
    actions = {command: _action(command, flags[0]) for command in commands}
    # Same definition family, destination, kind of action and type: the same thing everywhere.
    seen = {(a.shared_option[0], a.dest, type(a), a.type, a.nargs) for a in actions.values()}
    assert len(seen) == 1, (thing, seen)


@pytest.mark.parametrize("thing", ["documents", "output", "grouping", "case"])
def test_grammar_option_is_one_definition(thing):
    flags, commands, _ = options.GRAMMAR[thing]
    variants = {_action(command, flags[0]).shared_option for command in commands}
    assert len(variants) == 1, (thing, variants)


@pytest.mark.parametrize("command", options.TABLE_COMMANDS)
def test_out_file_and_standard_output_hold_the_same_table(command, saved_demo, tmp_path, capsys):
    argv = [command, saved_demo, *CALLS[command]]
    status, printed, err = _run(argv, capsys)
    assert status == 0, err
    out = tmp_path / f"{command}.csv"
    status, quiet, err = _run([*argv, "--out", out], capsys)
    assert status == 0, err
    assert quiet == ""  # with --out nothing goes to standard output
    assert (tmp_path / f"{command}.csv.meta.json").is_file()
    written = pd.read_csv(out, **READ_CSV_EXACT)
    assert len(written) > 0
    pd.testing.assert_frame_equal(_table(printed), written)


@pytest.mark.parametrize("command", options.GRAMMAR["grouping"][1])
@pytest.mark.parametrize(("by", "column"), [("period=month", "month"), ("month", "month"), ("outlet", "outlet")])
def test_by_names_the_group_column_the_same_everywhere(command, by, column, saved_demo, capsys):
    calls = {"keyness": ["--min-freq", "2", "--min-range", "1"]}
    argv = [command, saved_demo, *calls.get(command, CALLS[command]), "--by", by]
    status, printed, err = _run(argv, capsys)
    assert status == 0, err
    assert _table(printed).columns[0] == column


@pytest.mark.parametrize("command", options.TABLE_COMMANDS)
def test_select_keeps_only_the_matching_documents(command, saved_demo, capsys, demo_corpus):
    outlet = sorted(demo_corpus.documents["outlet"].astype(str).unique())[-1]
    # keyness compares --target with --reference inside the selection, so it selects by date.
    since = demo_corpus.documents["date"].median().strftime("%Y-%m-%d")
    select = f"date={since}.." if command == "keyness" else f"outlet={outlet}"
    argv = [command, saved_demo, *CALLS[command]]
    status, everything, err = _run(argv, capsys)
    assert status == 0, err
    status, selected, err = _run([*argv, "--select", select], capsys)
    assert status == 0, err
    table = _table(selected)
    if "outlet" in table.columns:
        assert set(table["outlet"]) == {outlet}
    assert len(table) > 0 and not table.equals(_table(everything))


@pytest.mark.parametrize("command", options.TABLE_COMMANDS)
def test_select_with_a_mistyped_value_is_an_error_naming_the_option(command, saved_demo, capsys):
    argv = [command, saved_demo, *CALLS[command], "--select", "outlet=Civic Wir"]
    status, printed, err = _run(argv, capsys)
    assert status == 2 and printed == ""
    assert re.search(r"--select outlet=Civic Wir: .*did you mean 'Civic Wire'", err), err


@pytest.mark.parametrize(("command", "old", "new", "deprecated"), options.ALIASES)
def test_old_spellings_still_work(command, old, new, deprecated, saved_demo, capsys, caplog):
    argv = [command, saved_demo, *CALLS[command]]
    with caplog.at_level(logging.WARNING):
        status, before, err = _run([*argv, *old], capsys)
    assert status == 0, err
    warned = [r.getMessage() for r in caplog.records if "deprecated" in r.getMessage()]
    if deprecated:  # one line naming the new spelling
        assert len(warned) == 1 and warned[0].startswith(f"{' '.join(old)} is deprecated: use "), warned
        assert " ".join(new) in warned[0]
    else:
        assert warned == []
    caplog.clear()
    status, after, err = _run([*argv, *new], capsys)
    assert status == 0, err
    assert not [r for r in caplog.records if "deprecated" in r.getMessage()]
    pd.testing.assert_frame_equal(_table(before), _table(after))


def test_case_sensitive_is_not_the_default(saved_demo, capsys):
    argv = ["ngrams", saved_demo, "--ngram", "1", "--min-freq", "1"]
    lower = _table(_run(argv, capsys)[1])
    surface = _table(_run([*argv, "--case-sensitive"], capsys)[1])
    assert lower["ngram"].str.lower().eq(lower["ngram"]).all()
    assert not surface["ngram"].str.lower().eq(surface["ngram"]).all()


def test_p_measure_names_are_corpus_tools_stats_names():
    from corpus_tools import stats

    assert set(options.P_MEASURE_NAMES) <= set(stats.KEYNESS_MEASURES)
    assert set(options.MEASURE_ALIASES.values()) <= set(stats.KEYNESS_MEASURES) | set(stats.ASSOCIATION_MEASURES)


def test_an_unknown_deprecated_value_is_a_usage_error(capsys):
    assert main(["keyness", "folder", "--by", "outlet", "--unit", "lemma"]) == 2
    assert "invalid choice: 'lemma'" in capsys.readouterr().err


def _readme_grammar_table() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("### One grammar for every command")
    end = text.index("\n#", start + 1)
    return text[start:end]


@pytest.mark.parametrize("thing", list(options.GRAMMAR))
def test_readme_table_documents_every_shared_option(thing):
    table = _readme_grammar_table()
    flags, commands, _ = options.GRAMMAR[thing]
    (row,) = [line for line in table.splitlines() if line.startswith(f"| {thing} ")]
    assert all(f"`{flag}" in row for flag in flags), row
    assert all(command in row for command in commands), row


@pytest.mark.parametrize(("command", "old", "new", "deprecated"), options.ALIASES)
def test_readme_table_names_every_old_spelling(command, old, new, deprecated):
    assert f"`{' '.join(old)}`" in _readme_grammar_table()


def test_select_narrows_collocates_compare_too(saved_demo, capsys, demo_corpus):
    outlets = sorted(demo_corpus.documents["outlet"].astype(str).unique())
    argv = ["collocates", saved_demo, "harbour", "--compare", "outlet", outlets[0], outlets[1], "--min-freq", "1"]
    everything = _table(_run(argv, capsys)[1])
    since = demo_corpus.documents["date"].median().strftime("%Y-%m-%d")
    status, selected, err = _run([*argv, "--select", f"date={since}.."], capsys)
    assert status == 0, err
    assert not _table(selected).equals(everything)
