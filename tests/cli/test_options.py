"""Every command is a module with ``register``, and builds its shared options from cli/options.py."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
from collections import Counter

import pytest

from corpus_tools.cli import options
from corpus_tools.cli.main import COMMANDS, _parser


def _command_parsers() -> dict[str, argparse.ArgumentParser]:
    (sub,) = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


PARSERS = _command_parsers()


def _actions(parser):
    return [a for a in parser._actions if not isinstance(a, argparse._HelpAction)]


def _names(action) -> tuple[str, ...]:
    """An option's flags, or a positional argument's name."""
    return tuple(action.option_strings) or (action.dest,)


def _signature(action) -> tuple:
    return (type(action), tuple(action.option_strings), action.dest, action.help, action.default,
            action.type, action.choices, action.required, action.metavar, action.nargs, action.const)


def _definition(name, variant):
    flags, keywords = options.SHARED[name][variant]
    return argparse.ArgumentParser().add_argument(*flags, **keywords)


# Flags (or positional names) that two or more commands have.
_COUNTS = Counter(flag for parser in PARSERS.values() for action in _actions(parser) for flag in _names(action))
SHARED_FLAGS = {flag for flag, n in _COUNTS.items() if n > 1}


def test_main_registers_every_command_in_order():
    assert list(PARSERS) == list(COMMANDS)
    assert {"corpus", "--out", "--by", "--measure", "--min-freq", "--select"} <= SHARED_FLAGS


@pytest.mark.parametrize("command", COMMANDS)
def test_command_module_has_register(command):
    module = importlib.import_module(f"corpus_tools.cli.{command}")
    assert callable(module.register)
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    module.register(sub)
    assert list(sub.choices) == [command]
    assert callable(sub.choices[command].get_default("handler"))


@pytest.mark.parametrize("command", COMMANDS)
def test_shared_options_come_from_options_module(command):
    for action in _actions(PARSERS[command]):
        shared = getattr(action, "shared_option", None)
        if set(_names(action)) & SHARED_FLAGS:
            assert shared is not None, f"{command} {'/'.join(_names(action))} is not from cli/options.py"
        if shared is not None:
            assert _signature(action) == _signature(_definition(*shared)), (command, shared)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_shared_option_has_the_same_help_and_default_in_every_command_using_its_variant(command):
    for action in _actions(PARSERS[command]):
        shared = getattr(action, "shared_option", None)
        if shared is None:
            continue
        for other, parser in PARSERS.items():
            for twin in _actions(parser):
                if getattr(twin, "shared_option", None) == shared:
                    assert (twin.help, twin.default) == (action.help, action.default), (command, other, shared)


def test_every_shared_definition_is_used():
    used = {a.shared_option for p in PARSERS.values() for a in _actions(p) if hasattr(a, "shared_option")}
    defined = {(name, variant) for name, variants in options.SHARED.items() for variant in variants}
    assert used == defined


def test_unknown_variant_names_the_known_ones():
    with pytest.raises(ValueError, match="no shared option 'by' of variant 'nope'; known: "):
        options.add_by(argparse.ArgumentParser(), "nope")


@pytest.mark.parametrize("command", COMMANDS)
def test_help_imports_no_heavy_library(command):
    code = ("import sys\nfrom corpus_tools.cli.main import main\n"
            f"try:\n    main([{command!r}, '--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'numpy', 'polars', 'pyarrow', "
            "'nltk', 'scipy', 'matplotlib'})\n"
            "sys.stderr.write(repr(heavy))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.startswith("usage: corpus-tools " + command)
    assert done.stderr == "[]"
