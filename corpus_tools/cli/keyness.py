"""The ``corpus-tools keyness`` command: a keyword table or grid as CSV.

Example::

    corpus-tools keyness corpora/news --target outlet=Vox --out vox.csv
    corpus-tools keyness corpora/news --by outlet --by period=month --out grid.csv

One table of a ``--target`` against a ``--reference`` (the two sides of
the comparison; :func:`corpus_tools.analyses.keyness.keyness`), or with
``--by`` a grid of every group
(:func:`corpus_tools.analyses.keyness.keyness_grid`), over the documents
``--select`` keeps (default: all). The table goes to ``--out`` as CSV with a
``.meta.json`` sidecar, or to standard output without one
(:func:`corpus_tools.cli.options.write_table`).
"""

from __future__ import annotations

from pathlib import Path

from . import options

# Rows per group and direction of a grid: a monthly grid of a few thousand
# articles has millions of rows without a cut.
GRID_TOP = 100

# --p-measure takes the corpus_tools.stats names; the library's p_measure calls Fisher "fisher_exact".
_LIBRARY_P_MEASURES = {"fisher_exact_p": "fisher_exact"}


def register(subparsers) -> None:
    """Add the ``keyness`` subcommand to an ``argparse`` subparsers object."""
    key = subparsers.add_parser("keyness", help="keyword table of a target against a reference, or a grid")
    options.add_corpus_argument(key, "keyness")
    options.add_selector(key, "target")
    options.add_by(key)
    options.add_selector(key, "select")
    key.add_argument("--reference", default="rest",
                     help="rest (default), previous (a grid whose last --by is a period: each period "
                          "against the one before), brown, a frequency-list CSV "
                          "(word,count with a __total__ row) or field=value selectors")
    key.add_argument("--total", type=int, help="reference size in word tokens for a list without __total__")
    options.add_measures(key, "keyness")
    options.add_case_sensitive(key)
    options.add_unit(key, "keyness_case")
    options.add_ngram(key, "keyness")
    options.add_min_freq(key, "keyness")
    key.add_argument("--min-range", type=int, default=3,
                     help="minimum documents on the side a term is key for (default 3; 0 keeps every term)")
    key.add_argument("--correction", default="fdr_bh", help="fdr_bh (default), bonferroni, holm or none")
    options.add_p_measure(key)
    key.add_argument("--test", default="token",
                     help="where p comes from: token (default: the --p-measure test over pooled tokens), "
                          "or a test over documents: welch, wilcoxon or bootstrap")
    key.add_argument("--top", type=int, default=None,
                     help="keep the N strongest keywords of each direction (per group with --by); "
                          f"default {GRID_TOP} with --by, every row otherwise; 0 keeps every row")
    options.add_n_boot(key, "keyness")
    options.add_seed(key, "keyness")
    options.add_out(key)
    key.set_defaults(handler=run)


def _settings(args) -> dict:
    """The keyword arguments ``keyness`` and ``keyness_grid`` share, from the options."""
    measures = options.measure_names(args.measures or ("log_likelihood", "log_ratio"), "--measure", args)
    (p_measure,) = options.measure_names([args.p_measure], "--p-measure", args)
    top = (GRID_TOP if args.by else None) if args.top is None else args.top
    if top is not None and top < 0:
        raise ValueError(f"--top must be 0 (every row) or a positive number of rows. Got {top}.")
    return dict(
        measures=tuple(measures), unit="surface" if args.case_sensitive else "lower", ngram=args.ngram,
        min_freq=args.min_freq, min_range=args.min_range,
        correction=None if args.correction.lower() == "none" else args.correction,
        p_measure=_LIBRARY_P_MEASURES.get(p_measure, p_measure), test=args.test, n_boot=args.n_boot,
        seed=args.seed, top=top or None,
    )


def run(args) -> int:
    """Run ``corpus-tools keyness``; returns the exit status."""
    from ..corpus.corpus import Corpus
    from ..analyses.keyness import keyness, keyness_grid

    settings = _settings(args)
    options.log_deprecations(args)
    corpus = options.selected_corpus(Corpus.load(args.corpus), args)
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
    options.write_table(table, args, corpus, parameters={"corpus_folder": Path(args.corpus).name})
    return 0
