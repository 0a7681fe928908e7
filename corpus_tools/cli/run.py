"""Command-line subcommand ``run``: a whole analysis from a TOML config.

``register(subparsers)`` adds it to the ``corpus-tools`` parser and sets
``handler`` (``handler(args) -> int`` exit status)::

    corpus-tools run corpora/demo/analysis.toml
    corpus-tools run analysis.toml --out out/rerun
    corpus-tools run analysis.toml --check      # read and check the config only

Errors a user can cause (a config error names the file and line) are written
to standard error as one line, with exit status 2.
"""

from __future__ import annotations

import logging
import sys

from ..errors import CorpusToolsError

logger = logging.getLogger(__name__)

__all__ = ["register"]


def register(subparsers) -> None:
    """Add the ``run`` subcommand to an ``argparse`` subparsers object."""
    run = subparsers.add_parser(
        "run", help="run every analysis of a TOML config; write tables, figures and manifest.json")
    run.add_argument("config", help="the TOML config (e.g. corpora/demo/analysis.toml)")
    run.add_argument("--out", help="output folder instead of the config's [output] folder")
    run.add_argument("--check", action="store_true",
                     help="only read and check the config; run nothing")
    run.set_defaults(handler=_run)


def _run(args, out=None, err=None) -> int:
    from .pipeline import read_config, run_pipeline

    out = out or sys.stdout
    err = err or sys.stderr
    try:
        if args.check:
            config = read_config(args.config)
            out.write(f"{args.config}: OK, {len(config.analyses)} analyses\n")
            return 0
        manifest = run_pipeline(args.config, out=args.out, progress=not getattr(args, "quiet", False))
    except (CorpusToolsError, ValueError, FileNotFoundError, ImportError) as error:
        err.write(f"corpus-tools run: error: {error}\n")
        return 2
    tables = len(manifest.data["analyses"])
    out.write(f"{tables} tables, {len(manifest.outputs)} files and manifest.json written to {manifest.folder}\n")
    return 0
