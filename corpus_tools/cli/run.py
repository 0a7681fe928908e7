"""The ``corpus-tools run`` command: a whole analysis from a TOML config.

The pipeline itself is :mod:`corpus_tools.cli.pipeline`; this module only
parses the command and reports its outcome::

    corpus-tools run corpora/demo/analysis.toml
    corpus-tools run analysis.toml --out out/rerun
    corpus-tools run analysis.toml --check      # read and check the config only
    corpus-tools run analysis.toml --force      # replace the output of an earlier run

Errors a user can cause (a config error names the file and line) are written
to standard error as one line, with exit status 2.
"""

from __future__ import annotations

import logging
import sys

from . import options
from ..errors import CorpusToolsError

logger = logging.getLogger(__name__)

__all__ = ["register", "run"]


def register(subparsers) -> None:
    """Add the ``run`` subcommand to an ``argparse`` subparsers object."""
    parser = subparsers.add_parser(
        "run", help="run every analysis of a TOML config; write tables, figures and manifest.json")
    parser.add_argument("config", help="the TOML config (e.g. corpora/demo/analysis.toml)")
    options.add_out(parser, what="folder")
    options.add_force(parser, "folder")
    parser.add_argument("--check", action="store_true",
                        help="only read and check the config; run nothing")
    parser.set_defaults(handler=run)


def run(args, out=None, err=None) -> int:
    """Run ``corpus-tools run``; returns the exit status (2 after a user error)."""
    from .pipeline import read_config, run_pipeline

    out = out or sys.stdout
    err = err or sys.stderr
    try:
        if args.check:
            config = read_config(args.config)
            out.write(f"{args.config}: OK, {len(config.analyses)} analyses\n")
            return 0
        manifest = run_pipeline(args.config, out=args.out, overwrite=getattr(args, "force", False),
                                progress=not getattr(args, "quiet", False))
    except (CorpusToolsError, ValueError, FileNotFoundError, ImportError) as error:
        if getattr(args, "debug", False):
            raise
        from .main import error_line

        err.write(error_line("run", error, getattr(args, "option_flags", None)) + "\n")
        return 2
    tables = len(manifest.data["analyses"])
    out.write(f"{tables} tables, {len(manifest.outputs)} files and manifest.json written to {manifest.folder}\n")
    return 0
