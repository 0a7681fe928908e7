"""The ``corpus-tools keyness`` command: a keyword table or grid -> CSV + sidecar.

Example::

    corpus-tools keyness corpora/news --target outlet=Vox --out vox.csv
    corpus-tools keyness corpora/news --by outlet --by period=month --out grid.csv

One table of a ``--target`` against a ``--reference``
(:func:`corpus_tools.analyses.keyness.keyness`), or with ``--by`` a grid of
every group (:func:`corpus_tools.analyses.keyness.keyness_grid`), written by
:func:`corpus_tools.report.export.to_csv`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import options

# Rows per group and direction of a grid: a monthly grid of a few thousand
# articles has millions of rows without a cut.
GRID_TOP = 100


def register(subparsers) -> None:
    """Add the ``keyness`` subcommand to an ``argparse`` subparsers object."""
    key = subparsers.add_parser("keyness", help="keyword table of a target against a reference, or a grid")
    options.add_corpus_argument(key, "keyness")
    options.add_selector(key, "target")
    options.add_by(key, "keyness")
    key.add_argument("--reference", default="rest",
                     help="rest (default), previous (a grid whose last --by is a period: each period "
                          "against the one before), brown, a frequency-list CSV "
                          "(word,count with a __total__ row) or field=value selectors")
    key.add_argument("--total", type=int, help="reference size in word tokens for a list without __total__")
    options.add_measures(key, "keyness")
    options.add_unit(key, "keyness")
    options.add_ngram(key, "keyness")
    options.add_min_freq(key, "keyness")
    key.add_argument("--min-range", type=int, default=3,
                     help="minimum documents on the side a term is key for (default 3; 0 keeps every term)")
    key.add_argument("--correction", default="fdr_bh", help="fdr_bh (default), bonferroni, holm or none")
    key.add_argument("--p-measure", default="log_likelihood",
                     help="log_likelihood (default), log_likelihood_2term, chi_square or fisher_exact")
    key.add_argument("--test", default="token",
                     help="where p comes from: token (default: the --p-measure test over pooled tokens), "
                          "or a test over documents: welch, wilcoxon or bootstrap")
    key.add_argument("--top", type=int, default=None,
                     help="keep the N strongest keywords of each direction (per group with --by); "
                          f"default {GRID_TOP} with --by, every row otherwise; 0 keeps every row")
    options.add_n_boot(key, "keyness")
    options.add_seed(key, "keyness")
    options.add_out(key, required=True)
    key.set_defaults(handler=run)


def run(args) -> int:
    """Run ``corpus-tools keyness``; returns the exit status."""
    from ..corpus.corpus import Corpus
    from ..report.export import to_csv
    from ..analyses.keyness import keyness, keyness_grid

    corpus = Corpus.load(args.corpus)
    settings = dict(
        measures=tuple(args.measures) if args.measures else ("log_likelihood", "log_ratio"),
        unit=args.unit, ngram=args.ngram, min_freq=args.min_freq, min_range=args.min_range,
        correction=None if args.correction.lower() == "none" else args.correction,
        p_measure=args.p_measure, test=args.test, n_boot=args.n_boot, seed=args.seed,
    )
    top = (GRID_TOP if args.by else None) if args.top is None else args.top
    if top is not None and top < 0:
        raise ValueError(f"--top must be 0 (every row) or a positive number of rows. Got {top}.")
    settings["top"] = top or None
    if args.by:
        if args.target:
            raise ValueError("--target and --by exclude each other: --by makes a grid of every group")
        table = keyness_grid(corpus, by=args.by, reference=args.reference, **settings)
    else:
        if not args.target:
            raise ValueError("keyness needs --target field=value (one table) or --by COLUMN (a grid)")
        reference = args.reference
        if reference not in ("rest", "brown"):
            looks_like_file = reference.lower().endswith(".csv") or Path(reference).is_file()
            if looks_like_file:
                if not Path(reference).is_file():
                    raise FileNotFoundError(f"--reference: no such frequency list {reference!r}")
            elif "=" in reference:
                reference = options.parse_selectors(reference, "reference")
            else:
                raise ValueError("--reference must be rest, brown, a frequency-list CSV or "
                                 f"field=value selectors. Got {reference!r}.")
        table = keyness(corpus, target=options.parse_selectors(args.target, "target"), reference=reference,
                        total=args.total, **settings)
    out = to_csv(table, args.out, parameters={"corpus_folder": Path(args.corpus).name}, corpus=corpus)
    sys.stdout.write(f"{len(table):,} rows written to {out}\n")
    return 0
