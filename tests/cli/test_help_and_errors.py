"""Issue 15 items 3 and 5: help texts, one-line errors with suggestions, quiet broken pipes.

Every error a user can cause is one line on standard error (``corpus-tools
COMMAND: error: ...``) with exit status 2; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from corpus_tools._suggest import FEW, did_you_mean, suggest
from corpus_tools.cli import main as cli_main
from corpus_tools.cli import options
from corpus_tools.cli.main import COMMANDS, EXIT_BROKEN_PIPE, help_text, main


def _subparsers(parser) -> argparse._SubParsersAction:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


PARSER = cli_main._parser()
COMMAND_PARSERS = dict(_subparsers(PARSER).choices)


def _options(parser):
    """The options --help shows (a hidden deprecated alias is not one)."""
    return [a for a in parser._actions if not isinstance(a, (argparse._HelpAction, argparse._SubParsersAction))
            and a.help != argparse.SUPPRESS]


def _one_error_line(err: str, command: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, f"not one line: {err!r}"
    assert lines[0].startswith(f"corpus-tools {command}: error: ") or \
        lines[0].startswith("corpus-tools: error: "), lines[0]
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture(scope="module")
def outlets(demo_corpus) -> list[str]:
    return sorted(demo_corpus.documents["outlet"].astype(str).unique())


# ---------------------------------------------------------------- help

@pytest.mark.parametrize("command", ["<top>", *COMMANDS])
def test_help_every_option_has_help_with_default_and_choices(command):
    parser = PARSER if command == "<top>" else COMMAND_PARSERS[command]
    for action in _options(parser):
        name = "/".join(action.option_strings) or action.dest
        assert action.help and action.help.strip(), f"{command} {name}: no help text"
        shown = help_text(action)
        default = action.default
        if action.option_strings and default not in (None, False, argparse.SUPPRESS):
            assert "default" in shown.lower() and str(default) in shown, f"{command} {name}: default not shown"
        for choice in action.choices or ():
            assert str(choice) in shown, f"{command} {name}: valid value {choice!r} not shown"
    # The rendered help holds every text (whitespace aside) and no reStructuredText.
    rendered = " ".join(parser.format_help().split())
    for action in _options(parser):
        text = " ".join((help_text(action) % {}).split()) if "%(" not in help_text(action) else ""
        assert text.replace("%%", "%") in rendered
    assert "``" not in rendered and ":func:" not in rendered and ":mod:" not in rendered


@pytest.mark.parametrize("command", ["keyness", "collocates", "ngrams"])
def test_help_lists_the_valid_measures(command):
    from corpus_tools import stats

    names = stats.KEYNESS_MEASURES if command == "keyness" else stats.ASSOCIATION_MEASURES
    (measure,) = [a for a in _options(COMMAND_PARSERS[command]) if "--measure" in a.option_strings]
    assert all(name in measure.help for name in names)
    # The names written out for a fast --help are the registries' names.
    written = options.KEYNESS_MEASURE_NAMES if command == "keyness" else options.ASSOCIATION_MEASURE_NAMES
    assert tuple(written) == tuple(names)


def test_help_version(capsys):
    from corpus_tools._version import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"corpus-tools {__version__}"


@pytest.mark.parametrize("command", COMMANDS)
def test_help_of_each_command_exits_0(command, capsys):
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: corpus-tools " + command)


# ---------------------------------------------------------------- suggestions

@pytest.mark.parametrize("given, candidates, expected", [
    ("vox", ["Vox", "Reuters"], "Vox"),                                   # case only
    ("Vx", ["Vox", "Reuters"], "Vox"),                                    # a typo
    ("New York Times", ["New York Times - News", "Vox"], "New York Times - News"),  # a prefix
    ("Harbour Ledger", ["The Harbour Ledger", "Civic Wire"], "The Harbour Ledger"),  # a part
    ("ll", ["log_likelihood", "log_ratio", "mi"], "log_likelihood"),      # initials
    ("kwik", list(COMMANDS), "kwic"),
])
def test_suggest_close_matches(given, candidates, expected):
    assert suggest(given, candidates)[0] == expected


def test_suggest_nothing_close():
    assert suggest("zzzzzz", ["Vox", "Reuters"]) == []


def test_did_you_mean_lists_values_only_when_few():
    few = [f"outlet {i}" for i in range(FEW)]
    assert did_you_mean("x", few, what="outlet").endswith("(outlets: " + ", ".join(map(repr, sorted(few))) + ")")
    many = [f"outlet {i}" for i in range(FEW + 1)]
    assert "outlets:" not in did_you_mean("x", many, what="outlet")
    assert did_you_mean("vox", ["Vox"], what="outlet").startswith("no outlet 'vox'; did you mean 'Vox'?")


# ---------------------------------------------------------------- selector values and fields

def _case_typo_part(outlet: str) -> list[str]:
    """Three misspellings of an outlet: lower case, a dropped letter, the name without its first word."""
    return [outlet.lower(), outlet[:-1], outlet.split(" ", 1)[-1]]


@pytest.mark.parametrize("kind", [0, 1, 2], ids=["case", "typo", "part"])
def test_error_selector_value_suggests(kind, saved_demo, outlets, tmp_path, capsys):
    outlet = next(o for o in outlets if " " in o)
    wrong = _case_typo_part(outlet)[kind]
    assert wrong not in outlets
    status = main(["keyness", str(saved_demo), "--target", f"outlet={wrong}", "--out", str(tmp_path / "k.csv")])
    line = _one_error_line(capsys.readouterr().err, "keyness")
    assert status == 2
    assert f"no outlet {wrong!r}; did you mean {outlet!r}" in line
    assert "(outlets: " + ", ".join(map(repr, outlets)) + ")" in line  # few: all listed


def test_error_selector_field_suggests(saved_demo, tmp_path, capsys):
    status = main(["keyness", str(saved_demo), "--target", "outlte=X", "--out", str(tmp_path / "k.csv")])
    line = _one_error_line(capsys.readouterr().err, "keyness")
    assert status == 2 and "no field 'outlte'; did you mean 'outlet'?" in line


def test_error_selector_values_that_exist_but_not_together(saved_demo, outlets, tmp_path, capsys):
    status = main(["keyness", str(saved_demo), "--target", f"outlet={outlets[0]},date=1900-01-01..1900-12-31",
                   "--out", str(tmp_path / "k.csv")])
    line = _one_error_line(capsys.readouterr().err, "keyness")
    assert status == 2 and "matched no documents: no document has all of these values" in line


# ---------------------------------------------------------------- commands, choices, measures

def test_error_command_suggests(capsys):
    assert main(["kwik", "corpus", "x"]) == 2
    line = _one_error_line(capsys.readouterr().err, "")
    assert "invalid choice: 'kwik'; did you mean 'kwic'?" in line


def test_error_choice_suggests(saved_demo, capsys):
    assert main(["hedging", str(saved_demo), "--kind", "hedges"]) == 2
    line = _one_error_line(capsys.readouterr().err, "hedging")
    assert "--kind" in line and "did you mean 'hedge'?" in line


def test_error_measure_names_the_option_and_suggests(saved_demo, outlets, tmp_path, capsys):
    status = main(["keyness", str(saved_demo), "--target", f"outlet={outlets[0]}", "--measure", "ll",
                   "--out", str(tmp_path / "k.csv")])
    line = _one_error_line(capsys.readouterr().err, "keyness")
    assert status == 2
    assert line.startswith("corpus-tools keyness: error: --measure: the 'measures' parameter")
    assert "did you mean" in line.lower() and "'log_likelihood'" in line.split("instead.")[-1]


def test_error_collocates_measure_suggests(saved_demo, capsys):
    assert main(["collocates", str(saved_demo), "harbour", "--measure", "logdice"]) == 2
    line = _one_error_line(capsys.readouterr().err, "collocates")
    assert "--measure" in line and "'log_dice'" in line.split("instead.")[-1]


# ---------------------------------------------------------------- --reference previous

@pytest.mark.parametrize("by", [["outlet"], ["event:2024-06-01"], ["month", "outlet"]])
def test_error_reference_previous_needs_a_period_last(by, saved_demo, tmp_path, capsys):
    argv = ["keyness", str(saved_demo), "--reference", "previous", "--out", str(tmp_path / "g.csv")]
    for b in by:
        argv += ["--by", b]
    assert main(argv) == 2
    line = _one_error_line(capsys.readouterr().err, "keyness")
    assert line.startswith("corpus-tools keyness: error: --reference: ")
    assert "'previous' needs the last 'by' to be a period" in line
    assert not (tmp_path / "g.csv").exists()


def test_reference_previous_api_error(demo_corpus):
    from corpus_tools.analyses.keyness import keyness_grid

    with pytest.raises(ValueError, match=r"'previous' needs the last 'by' to be a period .* by=\['outlet'\]"):
        keyness_grid(demo_corpus, by="outlet", reference="previous")


# ---------------------------------------------------------------- files, internal errors, --debug

@pytest.mark.parametrize("command", ["info", "keyness", "hedging", "kwic", "ngrams", "collocates"])
def test_error_missing_corpus_names_the_path(command, tmp_path, capsys):
    missing = tmp_path / "no_such_corpus"
    extra = {"keyness": ["--by", "outlet", "--out", str(tmp_path / "k.csv")], "kwic": ["may"],
             "collocates": ["may"]}.get(command, [])
    assert main([command, str(missing), *extra]) == 2
    line = _one_error_line(capsys.readouterr().err, command)
    assert "no_such_corpus" in line


def test_error_unexpected_is_one_line_and_debug_shows_it(monkeypatch, saved_demo, capsys):
    from corpus_tools.cli import info

    def broken(args):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(info, "run", broken)
    assert main(["info", str(saved_demo)]) == 1
    line = _one_error_line(capsys.readouterr().err, "info")
    assert "internal error (RuntimeError): boom second line" in line and "--debug" in line
    with pytest.raises(RuntimeError, match="boom"):
        main(["--debug", "info", str(saved_demo)])


def test_error_debug_raises_user_errors_too(saved_demo, tmp_path):
    with pytest.raises(ValueError, match="matched no documents"):
        main(["--debug", "keyness", str(saved_demo), "--target", "outlet=nobody", "--out", str(tmp_path / "k.csv")])
    with pytest.raises(ValueError):
        main(["--debug", "kwic", str(saved_demo), "may", "--select", "outlet"])


# ---------------------------------------------------------------- .txt folders without an outlet

def test_txt_folder_without_outlet_loads_with_one_warning(tmp_path, capsys, caplog):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(3):
        (folder / f"a{i}.txt").write_text(f"Title {i}\n\nIt may rain on day {i}.\n")
    with caplog.at_level("WARNING"):
        assert main(["--debug", "ingest", str(folder), "--out", str(tmp_path / "c"), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["documents"] == 3 and summary["outlets"] == {}
    warnings = [r.getMessage() for r in caplog.records if "outlet" in r.getMessage()]
    assert len(warnings) == 1 and "3 of 3" in warnings[0] and "--outlet NAME" in warnings[0]
    assert "outlet=" not in warnings[0].replace("(outlet= in Python)", "")
    caplog.clear()
    with caplog.at_level("WARNING"):
        assert main(["ingest", str(folder), "--out", str(tmp_path / "d"), "--outlet", "Wire", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["outlets"] == {"Wire": 3}
    assert not [r for r in caplog.records if "outlet" in r.getMessage()]


# ---------------------------------------------------------------- pipes and progress bars

def _cli() -> list[str]:
    found = shutil.which("corpus-tools", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "corpus_tools.cli.main"]


@pytest.fixture(scope="module")
def wide_corpus(tmp_path_factory):
    """Thousands of outlets and hits: every command's output is far beyond a pipe's buffer."""
    from corpus_tools.corpus.build import build_corpus

    source = tmp_path_factory.mktemp("wide") / "articles.jsonl"
    with source.open("w") as f:
        for i in range(3000):
            f.write(json.dumps({"doc_id": f"d{i}", "outlet": f"outlet {i:04d}", "date": "2020-01-01",
                                "title": "A day", "text": "It may rain, and the cat may go out."}) + "\n")
    folder = source.parent / "corpus"
    build_corpus(source, out=folder)
    return folder


@pytest.mark.parametrize("command", [["hedging"], ["kwic", "may"], ["ngrams", "-n", "1", "--by", "outlet"]],
                         ids=lambda c: c[0])
def test_broken_pipe_exits_quietly(command, wide_corpus):
    process = subprocess.Popen([*_cli(), command[0], str(wide_corpus), *command[1:]],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.readline()  # the header: the reader goes away after one line
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=120) == EXIT_BROKEN_PIPE
    assert err == "", err  # no traceback, no "[Errno 32]", no "Exception ignored"


def test_broken_pipe_through_head(wide_corpus):
    shell = shutil.which("sh")
    if shell is None:
        pytest.skip("no sh")
    cli = " ".join(f"'{part}'" for part in _cli())
    done = subprocess.run(f"{cli} kwic '{wide_corpus}' may | head -1", shell=True, capture_output=True,
                          text=True, timeout=120)
    assert done.stdout.startswith("doc_id,")
    assert done.stderr == ""


@pytest.mark.parametrize("disable", ["1", None])
def test_tqdm_disable_silences_the_bars(disable, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Title\n\nIt may rain.\n")
    env = {k: v for k, v in os.environ.items() if k != "TQDM_DISABLE"}
    if disable:
        env["TQDM_DISABLE"] = disable
    done = subprocess.run([*_cli(), "ingest", str(folder), "--out", str(tmp_path / "c"), "--outlet", "X"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    if disable:
        assert done.stderr == ""
    else:  # the test could fail: without it, the bars are there
        assert re.search(r"tokenising|loading", done.stderr)


def test_error_grouping_field_suggests(saved_demo, capsys):
    assert main(["hedging", str(saved_demo), "--by", "outlte"]) == 2
    line = _one_error_line(capsys.readouterr().err, "hedging")
    assert line.startswith("corpus-tools hedging: error: --by: the 'by' parameter")
    assert line.endswith("Got 'outlte' instead. Did you mean 'outlet'?")


@pytest.mark.parametrize("argv", [["kwic", "{corpus}", "harbour", "--select", "outlet={wrong}"],
                                  ["collocates", "{corpus}", "harbour", "--select", "outlet={wrong}"],
                                  ["collocates", "{corpus}", "harbour", "--compare", "outlet", "{wrong}", "{other}"]],
                         ids=["kwic-select", "collocates-select", "collocates-compare"])
def test_error_select_value_suggests(argv, saved_demo, outlets, capsys):
    # A value no document has is a typo, not an empty table: one line, the option, the close value.
    wrong = outlets[0].lower()
    filled = [a.format(corpus=saved_demo, wrong=wrong, other=outlets[1]) for a in argv]
    assert main(filled) == 2
    captured = capsys.readouterr()
    line = _one_error_line(captured.err, argv[0])
    option = "--compare" if "--compare" in argv else "--select"
    assert f"{option} outlet={wrong}: no outlet {wrong!r}; did you mean {outlets[0]!r}?" in line
    assert captured.out == ""
