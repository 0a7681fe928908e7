"""The ``corpus-tools`` command line.

The top-level parser (``--quiet`` and one subcommand), :func:`main` and the
exit status; nothing command-specific. Each command lives in its own module
with a ``register(subparsers)`` that adds its parser and sets its handler
(``handler(args) -> int``): ``ingest``, ``info``, ``keyness``,
``collocates``, ``ngrams``, ``kwic``, ``hedging`` and ``run`` (see
:data:`COMMANDS`); options two commands share come from
:mod:`corpus_tools.cli.options`.
Errors a user can cause are printed as one line naming
the problem, with exit status 2; nothing is printed by library code.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from ..errors import CorpusToolsError

#: The command modules of :mod:`corpus_tools.cli`, in the order ``--help`` lists them.
COMMANDS = ("ingest", "info", "keyness", "collocates", "ngrams", "kwic", "hedging", "run")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="corpus-tools", description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="no progress bars or log messages")
    commands = parser.add_subparsers(dest="command", required=True)
    # Command modules import the library only inside their handlers, so that
    # --help stays fast.
    for name in COMMANDS:
        importlib.import_module(f"{__package__}.{name}").register(commands)
    return parser


def main(argv=None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR if args.quiet else logging.WARNING,
                        format="corpus-tools: %(levelname)s: %(message)s")
    try:
        return args.handler(args)
    except (CorpusToolsError, ValueError, OSError, ImportError) as error:
        # One line whatever the message holds (OSError covers unreadable files).
        message = " ".join(str(error).splitlines())
        sys.stderr.write(f"corpus-tools {args.command}: error: {message}\n")
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
