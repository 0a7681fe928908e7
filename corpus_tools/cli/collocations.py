"""Command-line subcommands ``collocates``, ``ngrams`` and ``kwic``.

``register(subparsers)`` adds them to the ``corpus-tools`` parser; each sets
``handler`` (``handler(args) -> int`` exit status). A corpus argument is a
folder written by ``corpus-tools ingest`` or any source ``build_corpus``
reads. Tables go to ``--out`` as CSV with a ``.meta.json`` sidecar
(:func:`corpus_tools.report.export.to_csv`), or to standard output without one.
Errors a user can cause are written to standard error as one line, with exit
status 2.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from ._common import parse_selectors
from ..errors import CorpusToolsError

logger = logging.getLogger(__name__)

__all__ = ["register"]


def _selector(text: str | None, option: str) -> dict | None:
    """A selector dict from ``--select``, or None when the option is absent."""
    return parse_selectors(text, option) if text else None


def _load(path: str):
    from ..corpus.corpus import Corpus

    folder = Path(path)
    if (folder / "corpus.json").is_file():
        return Corpus.load(folder)
    from ..corpus.build import build_corpus

    return build_corpus(path)


def _write(table, args, corpus) -> None:
    if args.out:
        try:
            from ..report.export import to_csv
        except ImportError:  # export not available: plain CSV
            table.to_csv(args.out, index=False, encoding="utf-8", lineterminator="\n")
        else:
            to_csv(table, args.out, corpus=corpus)
        logger.info("wrote %d rows to %s", len(table), args.out)
    else:
        table.to_csv(sys.stdout, index=False, lineterminator="\n")


def _run(body, args) -> int:
    try:
        body(args)
    except (ValueError, TypeError, CorpusToolsError, OSError) as error:
        sys.stderr.write(f"corpus-tools {args.command}: error: {error}\n")
        return 2
    return 0


def _window(args):
    if args.left is not None or args.right is not None:
        return (args.window if args.left is None else args.left,
                args.window if args.right is None else args.right)
    return args.window


def _collocates(args) -> int:
    def body(args):
        from ..analyses.collocations import DEFAULT_MEASURES, collocates, compare_collocates

        corpus = _load(args.corpus)
        common = dict(window=_window(args), min_freq=args.min_freq,
                      sentence_bounded=not args.cross_sentences,
                      skip_punctuation=not args.count_punctuation, case_sensitive=args.case_sensitive)
        if args.compare:
            table = compare_collocates(corpus, args.node, groups=tuple(args.compare), **common)
        else:
            table = collocates(corpus, args.node, measures=tuple(args.measures or DEFAULT_MEASURES),
                               by=args.by, select=_selector(args.select, "select"),
                               expected=args.expected, **common)
        _write(table, args, corpus)
    return _run(body, args)


def _ngrams(args) -> int:
    def body(args):
        from ..analyses.ngrams import ngram_association, ngrams

        corpus = _load(args.corpus)
        if args.association:
            table = ngram_association(corpus, args.n, measures=tuple(args.measures or
                                      ("log_likelihood", "mi", "t_score")),
                                      min_freq=args.min_freq, lower=not args.case_sensitive)
        else:
            table = ngrams(corpus, args.n, by=args.by, min_freq=args.min_freq,
                           lower=not args.case_sensitive)
        _write(table, args, corpus)
    return _run(body, args)


def _kwic(args) -> int:
    def body(args):
        from ..analyses.concordance import concordance, to_annotation_csv

        corpus = _load(args.corpus)
        lines = concordance(corpus, args.query, width=args.width, unit=args.unit, sort=args.sort,
                            by=_selector(args.select, "select"), sentence_bounded=args.sentence_bounded,
                            sample=args.sample, seed=args.seed, case_sensitive=args.case_sensitive)
        if args.annotation:
            to_annotation_csv(lines, args.annotation)
        if args.out or not args.annotation:
            _write(lines, args, corpus)
    return _run(body, args)


def register(subparsers) -> None:
    """Add ``collocates``, ``ngrams`` and ``kwic`` to an argparse subparsers object.

    Examples
    --------
    >>> import argparse
    >>> p = argparse.ArgumentParser(); sub = p.add_subparsers(dest="command"); register(sub)
    >>> p.parse_args(["kwic", "corpus", "appears to", "--sort", "R1"]).sort
    'R1'
    """
    col = subparsers.add_parser("collocates", help="collocates of a node word or phrase in a window")
    col.add_argument("corpus", help="corpus folder (from ingest) or a source file")
    col.add_argument("node", help="word, phrase, wildcard (suggest*) or regex (re:^suggest)")
    col.add_argument("--window", type=int, default=5, help="words on each side (default 5)")
    col.add_argument("--left", type=int, help="words on the left (overrides --window on that side)")
    col.add_argument("--right", type=int, help="words on the right (overrides --window on that side)")
    col.add_argument("--measure", action="append", dest="measures",
                     help="association measure (repeatable; default log_dice, mi, t_score, log_likelihood)")
    col.add_argument("--min-freq", type=int, default=1, help="minimum co-occurrence frequency (default 1)")
    col.add_argument("--by", action="append",
                     help="collocates per group: a column or period (repeatable: --by outlet --by month)")
    col.add_argument("--select", help="only documents matching field=value[,field=value...]")
    col.add_argument("--compare", nargs=3, metavar=("FIELD", "A", "B"),
                     help="compare the collocates of two groups, e.g. --compare outlet X Y")
    col.add_argument("--cross-sentences", action="store_true", help="let windows cross sentence edges")
    col.add_argument("--count-punctuation", action="store_true",
                     help="punctuation takes places in the window (never counted as a collocate)")
    col.add_argument("--case-sensitive", action="store_true", help="surface forms instead of lower case")
    col.add_argument("--expected", default="actual", help="actual (default) or nominal E11")
    col.add_argument("--out", help="CSV file (plus OUT.meta.json); default: standard output")
    col.set_defaults(handler=_collocates)

    ng = subparsers.add_parser("ngrams", help="n-gram frequency list, or bigram/trigram association")
    ng.add_argument("corpus", help="corpus folder (from ingest) or a source file")
    ng.add_argument("-n", "--n", type=int, default=2, help="n-gram length (default 2)")
    ng.add_argument("--by", help="count per group: a column or period (outlet, month, ...)")
    ng.add_argument("--min-freq", type=int, default=None,
                    help="minimum frequency (default 1, or 2 with --association)")
    ng.add_argument("--assoc", "--association", dest="association", action="store_true",
                    help="association table (G2, MI, t, quanteda's lambda and z) instead of frequencies")
    ng.add_argument("--measure", action="append", dest="measures", help="measure for --association")
    ng.add_argument("--case-sensitive", action="store_true", help="keep surface forms")
    ng.add_argument("--out", help="CSV file (plus OUT.meta.json); default: standard output")
    ng.set_defaults(handler=_ngrams_defaults)

    kw = subparsers.add_parser("kwic", help="concordance lines (keyword in context)")
    kw.add_argument("corpus", help="corpus folder (from ingest) or a source file")
    kw.add_argument("query", help="word, phrase, wildcard (suggest*) or regex (re:^suggest)")
    kw.add_argument("--width", type=int, default=5, help="context per side (default 5)")
    kw.add_argument("--unit", default="tokens", help="tokens (default: words) or chars")
    kw.add_argument("--sort", default=None, help="L1, L2, L3, R1, R2 or R3 (default: corpus order)")
    kw.add_argument("--select", help="only documents matching field=value[,field=value...]")
    kw.add_argument("--sentence-bounded", action="store_true", help="context stops at the sentence")
    kw.add_argument("--sample", type=int, help="this many random lines")
    kw.add_argument("--seed", type=int, default=0, help="seed of --sample (default 0)")
    kw.add_argument("--case-sensitive", action="store_true")
    kw.add_argument("--annotation", help="also write an annotation CSV (id, ..., empty judgement column)")
    kw.add_argument("--out", help="CSV file (plus OUT.meta.json); default: standard output")
    kw.set_defaults(handler=_kwic)


def _ngrams_defaults(args) -> int:
    if args.min_freq is None:
        args.min_freq = 2 if args.association else 1
    return _ngrams(args)
