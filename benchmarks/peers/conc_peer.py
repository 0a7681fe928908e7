"""Benchmark driver for the peer library conc 0.1.13; runs INSIDE the peer venv only.

Never imported by corpus_tools or our tests: ``run_peer.run_conc`` starts it with
the peer venv's python (see ``setup_peers.sh`` and ``README.md``). Every command
prints exactly one JSON line on stdout; logs go to stderr.

Commands::

    python conc_peer.py ingest --input slice.jsonl [--workdir DIR]
    python conc_peer.py keyness --target-input A.jsonl --reference-input B.jsonl [--workdir DIR [--reuse]] [--runs 3]
    python conc_peer.py collocates --input slice.jsonl --node trump --window 5 [--workdir DIR [--reuse]] [--runs 3]

Input: JSONL records ``{"doc_id", "outlet", "date", "title", "text"}``. Each
document is given to conc as ``title + "\\n\\n" + text`` (title omitted when
empty), the same text our Corpus tokenises.

spaCy model: conc loads ``en_core_web_sm`` by default, which is not on PyPI and
may not be downloaded here. ``_use_blank_english`` replaces conc's loader
(``Corpus._init_spacy_model`` in ``conc/corpus.py``) so it uses
``spacy.blank("en")``: the same English tokenizer rules and exceptions, no
trained components (conc disables them all anyway). See README.md.

Example
-------
The text handed to conc for one record (this part needs no conc):

>>> _conc_text({"doc_id": "d1", "title": "Rain", "text": "It may rain."})
'Rain\\n\\nIt may rain.'
>>> _conc_text({"doc_id": "d2", "title": "", "text": "Sun."})
'Sun.'
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

logger = logging.getLogger("conc_peer")

BLANK_MODEL = "spacy.blank('en')"  # the name recorded in conc's corpus.json
METADATA_COLUMNS = ["doc_id", "outlet", "date"]


def _use_blank_english() -> None:
    """Make conc tokenise with ``spacy.blank("en")`` instead of loading ``en_core_web_sm``.

    conc 0.1.13 loads its model in ``Corpus._init_spacy_model`` (conc/corpus.py):
    ``spacy.load(model)``, then ``disable_pipes([...])`` of every trained component,
    then ``max_length = 10_000_000``. A blank pipeline has no components, so
    ``disable_pipes`` would raise E001; the replacement does the two steps that
    matter (tokenizer only, same max_length) and nothing else.
    """
    import spacy
    from conc.corpus import Corpus

    def _init_blank_english(self, model=BLANK_MODEL, version=None,
                            standardize_word_token_punctuation_characters=False):
        if standardize_word_token_punctuation_characters:
            raise NotImplementedError("the peer driver never asks conc to rewrite tokenizer rules")
        self._nlp = spacy.blank("en")
        self._nlp.max_length = 10_000_000  # conc's own setting: long documents are not split
        if version is not None and self._nlp.meta["version"] != version:
            logger.warning("model version %s differs from corpus's %s", self._nlp.meta["version"], version)

    Corpus._init_spacy_model = _init_blank_english


def _time_finalisation() -> None:
    """Record how long conc's post-tokenisation step takes (``_complete_build_process``).

    The step turns spaCy ids into conc's vocabulary, token and position tables with
    Polars; timing it apart shows where a build spends its time. Behaviour is unchanged.
    """
    from conc.corpus import Corpus

    original = Corpus._complete_build_process

    def _timed_complete(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            self._peer_finalise_seconds = time.perf_counter() - started

    Corpus._complete_build_process = _timed_complete


def _read_jsonl(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _conc_text(record: dict) -> str:
    title = (record.get("title") or "").strip()
    text = record.get("text") or ""
    return f"{title}\n\n{text}" if title else text


def _write_csv(records: list[dict], path: Path) -> None:
    """conc 0.1.13 builds from a CSV or a folder of .txt files; a CSV keeps the metadata."""
    import polars as pl

    frame = pl.DataFrame(
        {
            "text": [_conc_text(r) for r in records],
            "doc_id": [str(r.get("doc_id", "")) for r in records],
            "outlet": [str(r.get("outlet", "")) for r in records],
            "date": [str(r.get("date") or "") for r in records],
        }
    )
    frame.write_csv(path)


def _build(jsonl: str, workdir: Path, name: str, *, reuse: bool = False):
    """Build a conc corpus from JSONL; returns (corpus, build seconds, csv-prep seconds).

    With ``reuse`` an existing ``WORKDIR/NAME.corpus`` is loaded instead (seconds are None).
    """
    from conc.corpus import Corpus

    existing = workdir / f"{name}.corpus"
    if reuse and (existing / "corpus.json").is_file():
        return Corpus().load(str(existing)), None, None
    started = time.perf_counter()
    records = _read_jsonl(jsonl)
    csv_path = workdir / f"{name}.csv"
    _write_csv(records, csv_path)
    prep_seconds = time.perf_counter() - started
    del records

    corpus = Corpus(name=name, description=f"built from {Path(jsonl).name} by conc_peer.py")
    started, cpu_started = time.perf_counter(), time.process_time()
    corpus.build_from_csv(source_path=str(csv_path), save_path=str(workdir), text_column="text",
                          metadata_columns=list(METADATA_COLUMNS), model=BLANK_MODEL)
    corpus._peer_build_cpu_seconds = time.process_time() - cpu_started
    return corpus, time.perf_counter() - started, prep_seconds


def _timed(fn, runs: int) -> tuple[list[float], list[float], object]:
    """Wall and CPU seconds of each run (CPU time sums Polars' threads; it shows contention)."""
    times, cpu_times, result = [], [], None
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
    return times, cpu_times, result


def _peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


def _versions() -> dict:
    import conc
    import numpy
    import polars
    import spacy

    return {"conc": conc.__version__, "spacy": spacy.__version__, "polars": polars.__version__,
            "numpy": numpy.__version__, "python": sys.version.split()[0], "spacy_model": BLANK_MODEL}


def cmd_ingest(args, workdir: Path) -> dict:
    rss_before = _peak_rss_bytes()
    corpus, seconds, prep = _build(args.input, workdir, "slice")
    return {
        "command": "ingest", "seconds": seconds, "csv_prep_seconds": prep,
        "documents": corpus.document_count, "tokens": corpus.token_count,
        "word_tokens": corpus.word_token_count, "punct_tokens": corpus.punct_token_count,
        "space_tokens_dropped": corpus.space_token_count, "unique_tokens": corpus.unique_tokens,
        "tokens_per_second": corpus.token_count / seconds,
        "cpu_seconds": corpus._peer_build_cpu_seconds,
        "finalise_seconds": getattr(corpus, "_peer_finalise_seconds", None),
        "peak_rss_bytes": _peak_rss_bytes(), "peak_rss_before_build_bytes": rss_before,
    }


def cmd_keyness(args, workdir: Path) -> dict:
    from conc.conc import Conc

    target, target_s, _ = _build(args.target_input, workdir, "target", reuse=args.reuse)
    reference, reference_s, _ = _build(args.reference_input, workdir, "reference", reuse=args.reuse)
    analysis = Conc(target)
    analysis.set_reference_corpus(reference)
    # The whole table (page_size=0) with both signs, as our keyness tables are.
    times, cpu, result = _timed(lambda: analysis.keywords(page_size=0, exclude_negative_keywords=False), args.runs)
    table = result.to_frame()
    # conc's default call (first page of 20, positive keywords only) for reference.
    default_times, _, _ = _timed(lambda: analysis.keywords(), args.runs)
    return {
        "command": "keyness", "seconds": statistics.median(times), "runs_seconds": times, "runs_cpu_seconds": cpu,
        "default_call_seconds": statistics.median(default_times), "default_call_runs_seconds": default_times,
        "rows": table.height, "build_seconds": None if target_s is None else target_s + reference_s,
        "target_tokens": target.token_count, "target_word_tokens": target.word_token_count,
        "reference_tokens": reference.token_count, "reference_word_tokens": reference.word_token_count,
        "options": "log_ratio + log_likelihood, case-insensitive, punctuation excluded, page_size=0, "
                   "exclude_negative_keywords=False",
        "columns": table.columns, "top": table.head(5).rows(),
        "peak_rss_bytes": _peak_rss_bytes(),
    }


def cmd_collocates(args, workdir: Path) -> dict:
    from conc.conc import Conc

    corpus, build_s, _ = _build(args.input, workdir, "slice", reuse=args.reuse)
    analysis = Conc(corpus)
    times, cpu, result = _timed(
        lambda: analysis.collocates(args.node, context_length=args.window, page_size=0), args.runs)
    table = result.to_frame()
    return {
        "command": "collocates", "node": args.node, "window": args.window,
        "seconds": statistics.median(times), "runs_seconds": times, "runs_cpu_seconds": cpu,
        "rows": table.height,
        "build_seconds": build_s, "tokens": corpus.token_count, "word_tokens": corpus.word_token_count,
        "options": "logdice + log_likelihood, lowercase, punctuation excluded, min_collocate_frequency=5, "
                   "page_size=0",
        "columns": table.columns, "top": table.head(5).rows(),
        "peak_rss_bytes": _peak_rss_bytes(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest")
    p.add_argument("--input", required=True)
    p = sub.add_parser("keyness")
    p.add_argument("--target-input", required=True)
    p.add_argument("--reference-input", required=True)
    p.add_argument("--runs", type=int, default=3)
    p = sub.add_parser("collocates")
    p.add_argument("--input", required=True)
    p.add_argument("--node", required=True)
    p.add_argument("--window", type=int, default=5)
    p.add_argument("--runs", type=int, default=3)
    for p in sub.choices.values():
        p.add_argument("--workdir", default=None, help="where conc writes its corpora (default: a temp dir, removed)")
    for name in ("keyness", "collocates"):
        sub.choices[name].add_argument(
            "--reuse", action="store_true",
            help="load corpora already built in --workdir by an earlier run instead of rebuilding")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    load_at_start = os.getloadavg()[0]
    _use_blank_english()
    _time_finalisation()
    handlers = {"ingest": cmd_ingest, "keyness": cmd_keyness, "collocates": cmd_collocates}
    if args.workdir:
        workdir = Path(args.workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        result = handlers[args.command](args, workdir)
    else:
        with tempfile.TemporaryDirectory(prefix="conc_peer_") as tmp:
            result = handlers[args.command](args, Path(tmp))
    # Other work on the machine slows every timing: record the 1-minute load average.
    result["loadavg_1min"] = {"start": load_at_start, "end": os.getloadavg()[0], "cpus": os.cpu_count()}
    result["versions"] = _versions()
    sys.stdout.write(json.dumps(result, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
