"""The ``corpus-tools`` command line.

Commands: ``ingest`` (source -> saved corpus folder), ``info`` (summary
of a saved corpus), ``keyness`` (keyword table or grid -> CSV + sidecar),
``collocates``, ``ngrams``, ``kwic`` (see :mod:`corpus_tools.cli.collocations`),
``hedging`` (:mod:`corpus_tools.cli.hedging`) and ``run`` (the analysis
pipeline, :mod:`corpus_tools.cli.run`).
Errors a user can cause are printed as one line naming
the problem, with exit status 2; nothing is printed by library code.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from ._common import parse_selectors as _selectors
from ..errors import CorpusToolsError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="corpus-tools", description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="no progress bars or log messages")
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="load, normalise and tokenise a source into a corpus folder")
    ingest.add_argument("source", help="file, folder or nltk:NAME (e.g. nltk:brown)")
    ingest.add_argument("--out", required=True, help="corpus folder to write")
    ingest.add_argument("--format", help="txt, csv, tsv, json, jsonl, html, reuters, nltk (default: sniffed)")
    for name in ("doc-id", "outlet", "date", "title", "text"):
        ingest.add_argument(f"--{name}-field", help=f"source field that holds the {name.replace('-', '_')}")
    ingest.add_argument("--outlet", dest="outlet_constant", metavar="NAME",
                        help="one outlet name for a source that gives none")
    ingest.add_argument("--metadata", help="sidecar CSV for a folder of .txt files")
    ingest.add_argument("--on-invalid", choices=("raise", "skip"), default="raise",
                        help="stop at the first bad record (default) or skip and report it")
    ingest.add_argument("--dedupe", choices=("none", "exact", "near"), default="none",
                        help="keep one document per duplicate cluster")
    ingest.add_argument("--no-normalize", action="store_true", help="keep texts exactly as loaded")
    ingest.add_argument("--engine", choices=("fast", "nltk"), default="fast",
                        help="tokeniser: bulk engine (default) or NLTK's own")
    ingest.add_argument("--json", action="store_true", help="print the summary as JSON")

    info = commands.add_parser("info", help="summarise a saved corpus")
    info.add_argument("corpus", help="corpus folder")
    info.add_argument("--json", action="store_true", help="print the summary as JSON")

    key = commands.add_parser("keyness", help="keyword table of a target against a reference, or a grid")
    key.add_argument("corpus", help="corpus folder (written by ingest)")
    key.add_argument("--target", help="documents of the target: field=value[,field=value...]; "
                                       "dates as date=START..END (either end may be empty)")
    key.add_argument("--by", action="append", help="grid instead of one table: group by this column or "
                                                   "period (repeatable: --by outlet --by period=month)")
    key.add_argument("--reference", default="rest",
                     help="rest (default), previous (grid only), brown, a frequency-list CSV "
                          "(word,count with a __total__ row) or field=value selectors")
    key.add_argument("--total", type=int, help="reference size in word tokens for a list without __total__")
    key.add_argument("--measure", action="append", dest="measures",
                     help="keyness measure (repeatable; default log_likelihood and log_ratio)")
    key.add_argument("--unit", default="lower", help="lower (default) or surface")
    key.add_argument("--ngram", type=int, default=1, help="n-gram length (default 1)")
    key.add_argument("--min-freq", type=int, default=0, help="minimum frequency on either side")
    key.add_argument("--min-range", type=int, default=0, help="minimum documents on either side")
    key.add_argument("--correction", default="fdr_bh", help="fdr_bh (default), bonferroni, holm or none")
    key.add_argument("--p-measure", default="log_likelihood",
                     help="log_likelihood (default), log_likelihood_2term, chi_square or fisher_exact")
    key.add_argument("--out", required=True, help="CSV file to write (plus OUT.meta.json)")

    # Commands that live in their own modules: each adds its parsers and sets
    # a handler. Imported lazily inside register() so that --help stays fast.
    from . import collocations as cli_collocations
    from . import hedging as cli_hedging

    for module in (cli_collocations, cli_hedging):
        module.register(commands)
    try:
        from . import run as cli_pipeline
    except ImportError:  # pragma: no cover - the pipeline command is optional
        pass
    else:
        cli_pipeline.register(commands)
    return parser


def _print_summary(summary: dict, as_json: bool, out=None) -> None:
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


def _ingest(args) -> int:
    from ..corpus.build import build_corpus
    from ..text.tokenize import TokenizerSettings

    fields = {key: value for key, value in (
        ("doc_id", args.doc_id_field), ("outlet", args.outlet_field), ("date", args.date_field),
        ("title", args.title_field), ("text", args.text_field)) if value}
    options = {}
    if args.metadata:
        options["metadata"] = args.metadata
    corpus = build_corpus(
        args.source,
        format=args.format,
        fields=fields or None,
        outlet=args.outlet_constant,
        on_invalid=args.on_invalid,
        normalize=not args.no_normalize,
        dedupe=args.dedupe,
        tokenizer=TokenizerSettings(engine=args.engine),
        progress=not args.quiet,
        out=args.out,
        **options,
    )
    summary = corpus.summary()
    summary["saved_to"] = str(args.out)
    _print_summary(summary, args.json)
    return 0


def _info(args) -> int:
    from ..corpus.corpus import Corpus

    summary = Corpus.load(args.corpus).summary()
    _print_summary(summary, args.json)
    return 0


def _keyness(args) -> int:
    from ..corpus.corpus import Corpus
    from ..report.export import to_csv
    from ..analyses.keyness import keyness, keyness_grid

    corpus = Corpus.load(args.corpus)
    options = dict(
        measures=tuple(args.measures) if args.measures else ("log_likelihood", "log_ratio"),
        unit=args.unit, ngram=args.ngram, min_freq=args.min_freq, min_range=args.min_range,
        correction=None if args.correction.lower() == "none" else args.correction,
        p_measure=args.p_measure,
    )
    if args.by:
        if args.target:
            raise ValueError("--target and --by exclude each other: --by makes a grid of every group")
        table = keyness_grid(corpus, by=args.by, reference=args.reference, **options)
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
                reference = _selectors(reference, "reference")
            else:
                raise ValueError("--reference must be rest, brown, a frequency-list CSV or "
                                 f"field=value selectors. Got {reference!r}.")
        table = keyness(corpus, target=_selectors(args.target, "target"), reference=reference,
                        total=args.total, **options)
    out = to_csv(table, args.out, parameters={"corpus_folder": Path(args.corpus).name}, corpus=corpus)
    sys.stdout.write(f"{len(table):,} rows written to {out}\n")
    return 0


def main(argv=None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR if args.quiet else logging.WARNING,
                        format="corpus-tools: %(levelname)s: %(message)s")
    handlers = {"ingest": _ingest, "info": _info, "keyness": _keyness}
    handler = handlers.get(args.command) or args.handler
    try:
        return handler(args)
    except (CorpusToolsError, ValueError, FileNotFoundError, ImportError) as error:
        sys.stderr.write(f"corpus-tools {args.command}: error: {error}\n")
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
