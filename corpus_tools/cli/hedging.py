"""The ``corpus-tools hedging`` command: hedge (or booster) rates per group as CSV.

Example::

    corpus-tools hedging CORPUS_DIR --by outlet --by period=month --lexicon my.csv --out rates.csv

``CORPUS_DIR`` is a corpus folder written by ``corpus-tools ingest``. The
rates (:func:`corpus_tools.analyses.hedging.hedge_rates`) go through
:func:`corpus_tools.report.export.to_csv` (CSV plus a ``.meta.json``
sidecar); without ``--out`` they are written to standard output
(:func:`corpus_tools.cli.options.write_table`). ``--select`` keeps only the
documents it matches; without ``--by`` the rates are per outlet.
"""

from __future__ import annotations

import logging

from . import options

logger = logging.getLogger(__name__)


def register(subparsers) -> None:
    """Add the ``hedging`` subcommand to an ``argparse`` subparsers object."""
    p = subparsers.add_parser("hedging", help="hedge and booster rates per group (per 10,000 words)",
                              description=__doc__.splitlines()[0])
    options.add_corpus_argument(p, "hedging")
    options.add_by(p)
    options.add_selector(p, "select")
    p.add_argument("--lexicon", metavar="CSV", help="your lexicon, added to the default one")
    p.add_argument("--no-default", action="store_true", help="use only --lexicon, not the default lexicon")
    p.add_argument("--kind", choices=("hedge", "booster", "all"), default="hedge",
                   help="count hedges (default), boosters, or all lexicon entries")
    p.add_argument("--level", choices=("total", "category", "pattern"), default="total",
                   help="one row per group (total), or per group and category / pattern")
    p.add_argument("--ci", choices=("bootstrap", "poisson"), default="bootstrap",
                   help="interval method; both treat the article as the unit")
    options.add_n_boot(p, "hedging")
    p.add_argument("--confidence", type=float, default=0.95,
                   help="confidence level of the intervals, between 0 and 1 (default 0.95)")
    options.add_seed(p, "hedging")
    p.add_argument("--per", type=float, default=10_000, help="rate per this many words (default 10000)")
    p.add_argument("--quotes", choices=("include", "exclude", "only"), default="include",
                   help="hits inside quotation marks")
    p.add_argument("--negated", choices=("include", "exclude"), default="include",
                   help="hits followed by not / n't / never")
    p.add_argument("--hits-out", metavar="CSV", help="also write every hit (doc_id, positions, pattern, ...)")
    options.add_out(p)
    p.set_defaults(handler=run)


def run(args) -> int:
    """Run ``corpus-tools hedging``; returns the exit status."""
    from ..corpus.corpus import Corpus
    from ..report.export import to_csv
    from ..analyses.hedging import HEDGING_COLUMNS, hedge_hits, hedge_rates
    from ..query.lexicon import default_lexicon, load_lexicon

    if args.no_default and not args.lexicon:
        raise ValueError("--no-default needs --lexicon")
    corpus = options.selected_corpus(Corpus.load(args.corpus), args)
    if args.lexicon:
        lexicon = load_lexicon(args.lexicon, with_default=not args.no_default)
    else:
        lexicon = default_lexicon()
    hits = hedge_hits(corpus, lexicon)
    rates = hedge_rates(corpus, by=args.by or ["outlet"], hits=hits, kind=args.kind,
                        level=None if args.level == "total" else args.level, per=args.per, ci=args.ci,
                        n_boot=args.n_boot, confidence=args.confidence, seed=args.seed,
                        quotes=args.quotes, negated=args.negated)
    parameters = {"command": "hedging", "lexicon": args.lexicon or "default",
                  "with_default": not args.no_default, "lexicon_patterns": len(lexicon),
                  "column_descriptions": {c: HEDGING_COLUMNS[c] for c in (*rates.columns, *hits.columns)
                                          if c in HEDGING_COLUMNS}}
    if args.hits_out:
        to_csv(hits, args.hits_out, parameters=parameters, corpus=corpus)
    options.write_table(rates, args, corpus, parameters=parameters)
    return 0
