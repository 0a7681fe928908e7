"""The ``corpus-tools collocates`` command: collocates of a node in a window, as CSV.

Example::

    corpus-tools collocates corpora/news "appears to" --window 3 --by outlet --out coll.csv
    corpus-tools collocates corpora/news harbour --compare outlet "Civic Wire" "Northgate Daily"

The corpus is a folder written by ``corpus-tools ingest`` or any source
``build_corpus`` reads. The table goes to ``--out`` as CSV with a
``.meta.json`` sidecar, or to standard output without one
(:func:`corpus_tools.cli.options.write_table`). Errors a user can cause are
written to standard error as one line, with exit status 2.
"""

from __future__ import annotations

from . import options

__all__ = ["register", "run"]


def register(subparsers) -> None:
    """Add the ``collocates`` subcommand to an ``argparse`` subparsers object.

    Examples
    --------
    >>> import argparse
    >>> p = argparse.ArgumentParser(); sub = p.add_subparsers(dest="command"); register(sub)
    >>> p.parse_args(["collocates", "corpus", "harbour", "--left", "0"]).left
    0
    """
    col = subparsers.add_parser("collocates", help="collocates of a node word or phrase in a window")
    options.add_corpus_argument(col)
    options.add_query_argument(col, "node")
    col.add_argument("--window", type=int, default=5, help="words on each side (default 5)")
    col.add_argument("--left", type=int, help="words on the left (overrides --window on that side)")
    col.add_argument("--right", type=int, help="words on the right (overrides --window on that side)")
    options.add_measures(col, "collocates")
    options.add_min_freq(col, "collocates")
    options.add_by(col)
    options.add_selector(col, "select")
    col.add_argument("--compare", nargs=3, metavar=("FIELD", "A", "B"),
                     help="compare the collocates of two groups, e.g. --compare outlet X Y")
    col.add_argument("--cross-sentences", action="store_true", help="let windows cross sentence edges")
    col.add_argument("--count-punctuation", action="store_true",
                     help="punctuation takes places in the window (never counted as a collocate)")
    options.add_case_sensitive(col)
    col.add_argument("--expected", default="actual", help="actual (default) or nominal E11")
    options.add_out(col)
    col.set_defaults(handler=run)


def _window(args):
    if args.left is not None or args.right is not None:
        return (args.window if args.left is None else args.left,
                args.window if args.right is None else args.right)
    return args.window


def run(args) -> int:
    """Run ``corpus-tools collocates``; returns the exit status (2 after a user error)."""
    def body(args):
        from ..analyses.collocations import DEFAULT_MEASURES, collocates, compare_collocates

        corpus = options.load_corpus(args.corpus)
        common = dict(window=_window(args), min_freq=args.min_freq,
                      sentence_bounded=not args.cross_sentences,
                      skip_punctuation=not args.count_punctuation, case_sensitive=args.case_sensitive)
        if args.compare:
            field, a, b = args.compare
            options.check_selector(corpus, {field: [a, b]}, "compare")
            # compare_collocates takes no selection: --select narrows the corpus itself.
            table = compare_collocates(options.selected_corpus(corpus, args), args.node, groups=tuple(args.compare), **common)
        else:
            select = options.check_selector(corpus, options.optional_selector(args.select, "select"), "select")
            measures = options.measure_names(args.measures or DEFAULT_MEASURES, "--measure")
            table = collocates(corpus, args.node, measures=tuple(measures),
                               by=args.by, select=select, expected=args.expected, **common)
        options.write_table(table, args, corpus)
    return options.report_errors(body, args)
