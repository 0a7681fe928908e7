"""The ``corpus-tools kwic`` command: concordance lines (keyword in context) as CSV.

Example::

    corpus-tools kwic corpora/news "appears to" --sort R1 --annotation to_judge.csv

The corpus is a folder written by ``corpus-tools ingest`` or any source
``build_corpus`` reads. The lines go to ``--out`` as CSV with a
``.meta.json`` sidecar, or to standard output without one
(:func:`corpus_tools.cli.options.write_table`); ``--annotation`` also (or
only) writes an annotation CSV. Errors a user can cause are written to
standard error as one line, with exit status 2.
"""

from __future__ import annotations

from . import options

__all__ = ["register", "run"]


def register(subparsers) -> None:
    """Add the ``kwic`` subcommand to an ``argparse`` subparsers object.

    Examples
    --------
    >>> import argparse
    >>> p = argparse.ArgumentParser(); sub = p.add_subparsers(dest="command"); register(sub)
    >>> p.parse_args(["kwic", "corpus", "appears to", "--sort", "R1"]).sort
    'R1'
    """
    kw = subparsers.add_parser("kwic", help="concordance lines (keyword in context)")
    options.add_corpus_argument(kw)
    options.add_query_argument(kw, "query")
    kw.add_argument("--width", type=int, default=5, help="context per side (default 5)")
    options.add_unit(kw, "kwic")
    kw.add_argument("--sort", default=None, help="L1, L2, L3, R1, R2 or R3 (default: corpus order)")
    options.add_selector(kw, "select")
    kw.add_argument("--sentence-bounded", action="store_true", help="context stops at the sentence")
    kw.add_argument("--sample", type=int, help="this many random lines")
    options.add_seed(kw, "kwic")
    options.add_case_sensitive(kw)
    kw.add_argument("--annotation", help="also write an annotation CSV (id, ..., empty judgement column)")
    options.add_out(kw)
    kw.set_defaults(handler=run)


def run(args) -> int:
    """Run ``corpus-tools kwic``; returns the exit status (2 after a user error)."""
    def body(args):
        from ..analyses.concordance import concordance, to_annotation_csv

        corpus = options.load_corpus(args.corpus)
        lines = concordance(corpus, args.query, width=args.width, unit=args.unit, sort=args.sort,
                            by=options.check_selector(corpus, options.optional_selector(args.select, "select"),
                                                      "select"),
                            sentence_bounded=args.sentence_bounded,
                            sample=args.sample, seed=args.seed, case_sensitive=args.case_sensitive)
        if args.annotation:
            to_annotation_csv(lines, args.annotation)
        if args.out or not args.annotation:
            options.write_table(lines, args, corpus)
    return options.report_errors(body, args)
