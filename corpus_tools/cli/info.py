"""The ``corpus-tools info`` command: the summary of a saved corpus.

Example::

    corpus-tools info corpora/news --json

:func:`print_summary` also prints the summary ``corpus-tools ingest`` ends with.
"""

from __future__ import annotations

import json
import sys

from . import options


def register(subparsers) -> None:
    """Add the ``info`` subcommand to an ``argparse`` subparsers object."""
    info = subparsers.add_parser("info", help="summarise a saved corpus")
    options.add_corpus_argument(info, "info")
    options.add_json(info)
    info.set_defaults(handler=run)


def run(args) -> int:
    """Run ``corpus-tools info``; returns the exit status."""
    print_summary(folder_summary(args.corpus), args.json)
    return 0


def folder_summary(folder) -> dict:
    """``Corpus.summary()`` of a saved corpus, from the summary stored beside it when still current.

    The first call loads the corpus (checking every file) and stores its
    summary in the folder (:func:`corpus_tools.corpus.stored.write_summary`);
    later calls read ``corpus.json``'s stamp and that one small file, and
    import neither numpy nor pandas.
    """
    from ..corpus.stored import read_summary, write_summary

    summary = read_summary(folder)
    if summary is None:
        from ..corpus.corpus import Corpus

        corpus = Corpus.load(folder)
        summary = corpus.summary()
        write_summary(folder, summary, corpus.fingerprint())
    return summary


def print_summary(summary: dict, as_json: bool, out=None) -> None:
    """Write a corpus summary (``Corpus.summary()``) as aligned lines, or as JSON."""
    out = out or sys.stdout
    if as_json:
        out.write(json.dumps(summary, indent=2, sort_keys=True) + "\n")
        return
    lines = [
        f"documents     {summary['documents']:,}",
        f"word tokens   {summary['word_tokens']:,}",
        f"all tokens    {summary['tokens']:,} (punctuation included)",
        f"types         {summary['types']:,}",
        f"sentences     {summary['sentences']:,}",
        f"outlets       {len(summary['outlets'])}",
        f"date range    {summary['date_min']} .. {summary['date_max']} ({summary['undated']} undated)",
        f"skipped       {summary['skipped']}",
    ]
    for name, count in sorted(summary["outlets"].items(), key=lambda kv: (-kv[1], kv[0]))[:20]:
        lines.append(f"  {count:>7,}  {name}")
    if len(summary["outlets"]) > 20:
        lines.append(f"  ... and {len(summary['outlets']) - 20} more outlets")
    out.write("\n".join(lines) + "\n")
