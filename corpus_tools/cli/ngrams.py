"""The ``corpus-tools ngrams`` command: an n-gram frequency list, or n-gram association, as CSV.

Example::

    corpus-tools ngrams corpora/news --ngram 2 --by outlet --out bigrams.csv
    corpus-tools ngrams corpora/news --association --measure mi

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
    """Add the ``ngrams`` subcommand to an ``argparse`` subparsers object.

    Examples
    --------
    >>> import argparse
    >>> p = argparse.ArgumentParser(); sub = p.add_subparsers(dest="command"); register(sub)
    >>> p.parse_args(["ngrams", "corpus", "--ngram", "3"]).ngram
    3
    >>> p.parse_args(["ngrams", "corpus", "-n", "3"]).ngram  # the old spelling
    3
    """
    ng = subparsers.add_parser("ngrams", help="n-gram frequency list, or bigram/trigram association")
    options.add_corpus_argument(ng)
    options.add_ngram(ng, "ngrams")
    options.add_by(ng)
    options.add_selector(ng, "select")
    options.add_min_freq(ng, "ngrams")
    ng.add_argument("--assoc", "--association", dest="association", action="store_true",
                    help="association table (G2, MI, t, quanteda's lambda and z) instead of frequencies")
    options.add_measures(ng, "ngrams")
    options.add_case_sensitive(ng)
    options.add_out(ng)
    ng.set_defaults(handler=run)


def _one_grouping(by: list | None) -> str | None:
    """The one ``--by`` ngrams counts per (the shared ``--by`` is repeatable; ngrams takes one)."""
    if by and len(by) > 1:
        raise ValueError(f"ngrams counts per one grouping: give --by once. Got --by {' --by '.join(by)}.")
    return by[0] if by else None


def run(args) -> int:
    """Run ``corpus-tools ngrams``; returns the exit status (2 after a user error).

    Without ``--min-freq`` the minimum is 1, or 2 with ``--association``.
    """
    if args.min_freq is None:
        args.min_freq = 2 if args.association else 1

    def body(args):
        import logging

        from ..analyses.ngrams import ngram_association, ngrams

        corpus = options.selected_corpus(options.load_corpus(args.corpus), args)
        if args.association:
            if args.by:  # ignored as before, but said: association is over the whole (selected) corpus
                logging.getLogger(__name__).warning("--by is ignored with --association; choose the "
                                                    "documents with --select")
            measures = options.measure_names(args.measures or ("log_likelihood", "mi", "t_score"), "--measure")
            table = ngram_association(corpus, args.ngram, measures=tuple(measures),
                                      min_freq=args.min_freq, lower=not args.case_sensitive)
        else:
            table = ngrams(corpus, args.ngram, by=_one_grouping(args.by), min_freq=args.min_freq,
                           lower=not args.case_sensitive)
        options.write_table(table, args, corpus)
    return options.report_errors(body, args)
