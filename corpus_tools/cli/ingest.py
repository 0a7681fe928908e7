"""The ``corpus-tools ingest`` command: a source -> a saved corpus folder.

Example::

    corpus-tools ingest articles.jsonl --out corpora/news --dedupe exact

Loads, normalises and tokenises the source with
:func:`corpus_tools.corpus.build.build_corpus`, saves the corpus to ``--out``
and prints its summary (as :mod:`corpus_tools.cli.info` does). The folder is
written atomically; one that holds something other than a corpus is refused,
and a corpus already there is replaced only with ``--force``.
"""

from __future__ import annotations

from . import options


def register(subparsers) -> None:
    """Add the ``ingest`` subcommand to an ``argparse`` subparsers object."""
    ingest = subparsers.add_parser("ingest", help="load, normalise and tokenise a source into a corpus folder")
    ingest.add_argument("source", help="file, folder or nltk:NAME (e.g. nltk:brown)")
    options.add_out(ingest, required=True, what="corpus")
    options.add_force(ingest, "corpus")
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
    options.add_json(ingest)
    options.add_date_options(ingest)  # issue 16: --date-format, --dayfirst
    ingest.set_defaults(handler=run)


def run(args) -> int:
    """Run ``corpus-tools ingest``; returns the exit status."""
    from ..corpus.build import build_corpus
    from ..text.tokenize import TokenizerSettings
    from .info import print_summary

    fields = {key: value for key, value in (
        ("doc_id", args.doc_id_field), ("outlet", args.outlet_field), ("date", args.date_field),
        ("title", args.title_field), ("text", args.text_field)) if value}
    extra = {}
    if args.metadata:
        extra["metadata"] = args.metadata
    extra.update(options.date_options(args))  # issue 16: only when given
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
        overwrite=args.force,
        **extra,
    )
    summary = corpus.summary()
    summary["saved_to"] = str(args.out)
    print_summary(summary, args.json)
    return 0
