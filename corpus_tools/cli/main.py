"""The ``corpus-tools`` command line.

The top-level parser (``--quiet``, ``--debug``, ``--version`` and one
subcommand), :func:`main` and the exit status; nothing command-specific.
Each command lives in its own module with a ``register(subparsers)`` that
adds its parser and sets its handler (``handler(args) -> int``): ``ingest``,
``info``, ``keyness``, ``collocates``, ``ngrams``, ``kwic``, ``hedging`` and
``run`` (see :data:`COMMANDS`); options two commands share come from
:mod:`corpus_tools.cli.options`.

Exit status: 0 on success, 2 after an error a user can cause (one line on
standard error naming the file, record or option), 1 after an unexpected
error (one line; ``--debug`` shows the traceback), 130 after Ctrl-C and 141
(as a process killed by SIGPIPE) when the reader of standard output goes
away, e.g. ``corpus-tools hedging corpus | head``; nothing is printed then.
Help texts show every option's default and valid values, and a mistyped
command, choice or value gets "did you mean ...?".
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import re
import sys

from ..errors import CorpusToolsError

#: The command modules of :mod:`corpus_tools.cli`, in the order ``--help`` lists them.
COMMANDS = ("ingest", "info", "keyness", "collocates", "ngrams", "kwic", "hedging", "run")

#: Exit status of a command whose reader closed the pipe (128 + SIGPIPE, as ``yes | head`` gives).
EXIT_BROKEN_PIPE = 141

# Errors a user can cause: one line and exit status 2.
_USER_ERRORS = (CorpusToolsError, ValueError, TypeError, OSError, ImportError)


def plain_text(text: str) -> str:
    """reStructuredText roles and literals as plain text, for ``--help``.

    Examples
    --------
    >>> plain_text("See :func:`corpus_tools.keyness` and ``--by``.")
    "See corpus_tools.keyness and '--by'."
    """
    text = re.sub(r":[a-z]+:`~?([^`]+)`", r"\1", text)
    text = re.sub(r"``([^`]+)``", r"'\1'", text)
    return text.replace("::\n", ":\n")


def help_text(action: argparse.Action) -> str:
    """The help of ``action`` as ``--help`` shows it: its text plus default and valid values.

    Parameters
    ----------
    action : argparse.Action
        An option or positional argument of a command's parser.

    Returns
    -------
    str
        The help text (an argparse %-format string) as plain text, with
        "(one of: ...; default: ...)" added: the valid values unless the
        text already lists them all, the default unless it already names it.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> help_text(parser.add_argument("--kind", choices=("hedge", "booster"), default="hedge", help="what"))
    'what (one of: hedge, booster; default: hedge)'
    """
    text = plain_text(action.help or "")
    extras = []
    if action.choices and not isinstance(action, argparse._SubParsersAction):
        choices = [str(c) for c in action.choices]
        if not all(c in text for c in choices):
            extras.append("one of: " + ", ".join(choices))
    default = action.default
    shows_default = default not in (None, False, argparse.SUPPRESS) and action.option_strings
    if shows_default and not (str(default) in text and "default" in text.lower()):
        shown = ", ".join(map(str, default)) if isinstance(default, (list, tuple)) else str(default)
        extras.append(f"default: {shown}")
    # The help is a %-format string already; only what is added here needs escaping.
    added = "; ".join(extras).replace("%", "%%")
    if added:
        text = f"{text} ({added})" if text else added
    return text


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help with :func:`help_text` for every option; descriptions keep their line breaks."""

    def _get_help_string(self, action):
        return help_text(action)


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors are one line and suggest close choices."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", HelpFormatter)
        if kwargs.get("description"):
            kwargs["description"] = plain_text(kwargs["description"])
        super().__init__(*args, **kwargs)

    def _check_value(self, action, value):
        # argparse's own check, plus "did you mean" (commands and every choices= option).
        if action.choices is not None and value not in action.choices:
            from .._suggest import suggest

            close = suggest(value, action.choices)
            hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
            choices = ", ".join(map(str, action.choices))
            raise argparse.ArgumentError(action, f"invalid choice: {value!r}{hint} (choose from {choices})")

    def error(self, message):
        """Print one line, ``PROG: error: MESSAGE (see PROG --help)``, and exit with status 2."""
        self.exit(2, f"{self.prog}: error: {' '.join(message.split())} (see {self.prog} --help)\n")


def _version() -> str:
    from .._version import __version__

    return __version__


def _parser() -> argparse.ArgumentParser:
    parser = Parser(prog="corpus-tools", description=plain_text(__doc__.split("\n\n")[0]),
                    epilog="Run 'corpus-tools COMMAND --help' for a command's options, defaults and "
                           "valid values.")
    parser.add_argument("--quiet", action="store_true",
                        help="no progress bars and only error messages (TQDM_DISABLE=1 also hides the bars)")
    parser.add_argument("--debug", action="store_true",
                        help="show the traceback of an error instead of one line")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}",
                        help="print the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                     title="commands", parser_class=Parser)
    # Command modules import the library only inside their handlers, so that
    # --help stays fast.
    for name in COMMANDS:
        importlib.import_module(f"{__package__}.{name}").register(commands)
    for name, command in commands.choices.items():
        _describe_command(command, importlib.import_module(f"{__package__}.{name}"))
    return parser


def _describe_command(command: argparse.ArgumentParser, module) -> None:
    """A command's ``--help`` opens with its module's docstring, as plain text."""
    command.formatter_class = HelpFormatter
    if module.__doc__:
        command.description = plain_text(module.__doc__.strip())


def _tqdm_disabled() -> bool:
    # tqdm reads TQDM_DISABLE only for bars made without an explicit disable=,
    # and ours always pass one; so the command line reads it itself.
    return os.environ.get("TQDM_DISABLE", "").strip().lower() not in ("", "0", "false", "no")


def error_line(command: str, error: BaseException, flags: dict | None = None) -> str:
    """The one line an error is reported as: ``corpus-tools COMMAND: error: MESSAGE``.

    Parameters
    ----------
    command : str
        The command's name.
    error : BaseException
        What was raised.
    flags : dict, optional
        ``{parameter: option}`` of the command (see :func:`option_flags`): a
        library message about "The 'measures' parameter of keyness()" then
        begins with the option the user typed, ``--measure``.

    Returns
    -------
    str
        One line. A message in the standard "must be one of {...}. Got 'x'
        instead." form gets the closest allowed values ("did you mean ...?");
        an unexpected error says so and points to ``--debug``.
    """
    message = " ".join(str(error).split()) or type(error).__name__
    named = re.match(r"The '(\w+)' parameter\b", message)
    if named and flags and named.group(1) in flags:
        message = f"{flags[named.group(1)]}: t{message[1:]}"
    if not isinstance(error, _USER_ERRORS):
        message = f"internal error ({type(error).__name__}): {message} (rerun with --debug for the traceback)"
    return f"corpus-tools {command}: error: {_suggest_option(message)}"


def option_flags(parser: argparse.ArgumentParser) -> dict[str, str]:
    """``{dest: its longest flag}`` for the options of a command's parser."""
    return {a.dest: max(a.option_strings, key=len) for a in parser._actions if a.option_strings}


def _suggest_option(message: str) -> str:
    """Add "did you mean" to a message that lists the allowed values and ends "Got 'x' instead.".

    The allowed values are every ``{...}`` or ``[...]`` literal before
    "Got" (the standard "must be one of {...}" and, e.g., the 'by'
    parameter's "a documents column [...], a period [...]").
    """
    import ast

    from .._suggest import suggest

    got = re.search(r"Got (.+?) instead", message)
    if not got or "did you mean" in message.lower():
        return message
    allowed = []
    for literal in re.findall(r"\{[^{}]*\}|\[[^\[\]]*\]", message[:got.start()]):
        try:
            values = ast.literal_eval(literal)
        except (ValueError, SyntaxError):
            continue
        if isinstance(values, (set, list)):
            allowed += [v for v in values if isinstance(v, str)]
    try:
        given = ast.literal_eval(got.group(1))
    except (ValueError, SyntaxError):
        return message
    given = given if isinstance(given, (list, tuple)) else [given]
    close = [c for g in given if isinstance(g, str) for c in suggest(g, allowed)]
    return message + (f" Did you mean {' or '.join(map(repr, dict.fromkeys(close)))}?" if close else "")


def _quiet_broken_pipe() -> int:
    # Point stdout at /dev/null so that the interpreter's final flush does not
    # raise BrokenPipeError again ("Exception ignored in ...") on the way out.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout without a file descriptor (tests)
        pass
    return EXIT_BROKEN_PIPE


def main(argv=None) -> int:
    """Run the command line; returns the exit status (see the module docstring)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help, --version, or a usage error already printed
        return done.code if isinstance(done.code, int) else 2
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    args.option_flags = option_flags(commands.choices[args.command])
    logging.basicConfig(level=logging.ERROR if args.quiet else logging.WARNING,
                        format="corpus-tools: %(levelname)s: %(message)s")
    # After the log level: handlers read args.quiet as "no progress bars".
    args.quiet = args.quiet or _tqdm_disabled()
    try:
        status = args.handler(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the try
        return status
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except KeyboardInterrupt:
        sys.stderr.write(f"corpus-tools {args.command}: interrupted\n")
        return 130
    except Exception as error:  # noqa: BLE001 -- every error is one line unless --debug
        if args.debug:
            raise
        sys.stderr.write(error_line(args.command, error, args.option_flags) + "\n")
        return 2 if isinstance(error, _USER_ERRORS) else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
