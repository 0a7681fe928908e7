"""Ingest benchmark: JSON lines to a saved corpus, against peers in the same run.

Measures, on real news (the AllSides corpus in ../shared/data):
- word tokens per second end to end (read + parse + normalise + tokenise + save),
  and the time of each step;
- peak resident memory of the ingest (a child process per run, so the peak is its own);
- bytes per token held by the token store;
- save and reload times (reload in a fresh process, as a user's next session), and
  reload speed against re-ingest;
- peers on the same text in the same run: NLTK's Treebank word tokeniser, NLTK's
  word_tokenize (Punkt + Treebank), one compiled Python regex (findall), and conc
  0.1.13 building a corpus from a 10M-token slice (the first 10,000 articles), next to
  corpus_tools ingesting the same slice. conc runs in its own virtual environment
  (benchmarks/peers/setup_peers.sh); without it, conc is reported as not measured.

Usage::

    python benchmarks/bench_ingest.py            # full corpus (37,554 articles)
    python benchmarks/bench_ingest.py --smoke    # the 1,129-article sample (CI), no conc

Results are printed and written to benchmarks/results/ingest[-smoke].json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "allsides_article_bias"
FULL = DATA / "articles.jsonl.xz"
SAMPLE = DATA / "sample_12outlets_2012-2020.jsonl.gz"
FIELDS = {"outlet": "source", "doc_id": "id"}


def _child_ingest(source: str, out: str, fields: str) -> None:
    """Run one ingest in this (child) process and print its figures as JSON.

    The ingest is what ``corpus-tools ingest`` runs: ``build_corpus(out=)``,
    JSON to a saved corpus folder. Saving the built corpus again to another
    folder gives the time of ``Corpus.save`` on its own.
    """
    from corpus_tools.corpus.build import build_corpus
    from corpus_tools.corpus.corpus import Corpus

    start = time.perf_counter()
    corpus = build_corpus(source, fields=json.loads(fields) or None, on_invalid="skip", out=out)
    ingested = time.perf_counter()
    peak_ingest = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    t0 = time.perf_counter()
    corpus.save(Path(out).with_name(Path(out).name + "-again"))
    save_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    back = Corpus.load(out)
    reload_s = time.perf_counter() - t0
    print(json.dumps({
        "documents": len(corpus), "word_tokens": corpus.n_words, "tokens": int(len(corpus.tokens.ids)),
        "save_s": save_s, "ingest_s": ingested - start,
        "reload_s": reload_s, "peak_rss_bytes": peak_ingest,
        "store_bytes_per_token": corpus.tokens.nbytes() / max(1, len(corpus.tokens.ids)),
        "reload_identical": bool((back.tokens.ids == corpus.tokens.ids).all()),
        "skipped": len(corpus.skipped),
    }))


def _child_reload(folder: str) -> None:
    """Time Corpus.load in a fresh process, as a user's next session would (imports excluded)."""
    import pyarrow.parquet  # noqa: F401  (imported before timing, as any session has it)

    from corpus_tools.corpus.corpus import Corpus

    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        Corpus.load(folder)
        times.append(time.perf_counter() - t0)
    print(json.dumps({"reload_first_s": times[0], "reload_runs_s": times}))


def _peers(source: Path, limit_docs: int) -> dict:
    """NLTK and plain-regex tokenisers on the first `limit_docs` texts."""
    import gzip
    import lzma
    import re

    import nltk
    from nltk.tokenize import TreebankWordTokenizer

    opener = lzma.open if source.suffix == ".xz" else gzip.open
    with opener(source, "rt", encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] or "" for _, line in zip(range(limit_docs), handle)]
    words = re.compile(r"\w+(?:[-']\w+)*|[^\w\s]")
    results = {}
    t0 = time.perf_counter()
    n_regex = sum(len(words.findall(t)) for t in texts)
    results["python_regex_findall"] = {"tokens": n_regex, "seconds": time.perf_counter() - t0}
    treebank = TreebankWordTokenizer()
    t0 = time.perf_counter()
    n_tb = sum(len(treebank.tokenize(t)) for t in texts)
    results["nltk_treebank"] = {"tokens": n_tb, "seconds": time.perf_counter() - t0}
    t0 = time.perf_counter()
    n_wt = sum(len(nltk.word_tokenize(t)) for t in texts)
    results["nltk_word_tokenize"] = {"tokens": n_wt, "seconds": time.perf_counter() - t0}
    for peer in results.values():
        peer["tokens_per_s"] = peer["tokens"] / peer["seconds"]
    # corpus_tools' own tokeniser on the same texts, for a like-for-like ratio.
    from corpus_tools.text.tokenize import tokenize_texts

    t0 = time.perf_counter()
    stream = tokenize_texts(texts)
    seconds = time.perf_counter() - t0
    results["corpus_tools_tokenize"] = {"tokens": int(len(stream.ids)), "seconds": seconds,
                                        "tokens_per_s": len(stream.ids) / seconds}
    return results


def _conc_versus_ours(source: Path, n_docs: int, env: dict) -> dict:
    """conc and corpus_tools on the same slice, each in its own child process."""
    import lzma

    sys.path.insert(0, str(REPO / "benchmarks"))
    from peers.run_peer import run_conc, write_slice

    with tempfile.TemporaryDirectory() as tmp:
        slice_path = Path(tmp) / "slice.jsonl"
        with lzma.open(source, "rt", encoding="utf-8") as handle:
            records = []
            for _, line in zip(range(n_docs), handle):
                r = json.loads(line)
                records.append({"doc_id": r["id"], "outlet": r["source"], "date": r["date"],
                                "title": r["title"] or "", "text": r["text"] or ""})
        write_slice(slice_path, records)
        conc = run_conc(["ingest", "--input", str(slice_path), "--workdir", str(Path(tmp) / "conc")])
        done = subprocess.run([sys.executable, __file__, "--child", str(slice_path), str(Path(tmp) / "ours"), "{}"],
                              check=True, capture_output=True, text=True, env=env)
        ours = json.loads(done.stdout.strip().splitlines()[-1])
    result = {"documents": n_docs, "corpus_tools": ours, "conc": conc}
    if "seconds" in conc:
        result["ratio_ingest_conc_over_corpus_tools"] = conc["seconds"] / ours["ingest_s"]
        result["conc_tokens_per_s"] = conc["tokens"] / conc["seconds"]
        result["corpus_tools_tokens_per_s"] = ours["tokens"] / ours["ingest_s"]
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="the small sample only (for CI)")
    parser.add_argument("--runs", type=int, default=None, help="ingest runs (median reported)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--child-reload", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child_ingest(*args.child)
        return 0
    if args.child_reload:
        _child_reload(args.child_reload)
        return 0
    source = SAMPLE if args.smoke else FULL
    if not source.exists():
        print(f"benchmark needs {source.relative_to(REPO.parent)} (../shared/data); not found", file=sys.stderr)
        return 1
    runs = args.runs or (1 if args.smoke else 5)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    figures = []
    report_load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(runs):
            out = Path(tmp) / f"corpus{k}"
            done = subprocess.run([sys.executable, __file__, "--child", str(source), str(out), json.dumps(FIELDS)],
                                  check=True, capture_output=True, text=True, env=env)
            figure = json.loads(done.stdout.strip().splitlines()[-1])
            again = subprocess.run([sys.executable, __file__, "--child-reload", str(out)],
                                   check=True, capture_output=True, text=True, env=env)
            figure.update(json.loads(again.stdout.strip().splitlines()[-1]))
            figures.append(figure)
            # Each run starts from the same disk: no earlier run's files waiting to be written out.
            for folder in (out, out.with_name(out.name + "-again")):
                shutil.rmtree(folder, ignore_errors=True)
    med = {key: statistics.median(f[key] for f in figures)
           for key in ("ingest_s", "save_s", "reload_s", "reload_first_s", "peak_rss_bytes",
                       "store_bytes_per_token")}
    first = figures[0]
    report = {
        "source": str(source.relative_to(REPO.parent)),
        "runs": runs,
        "documents": first["documents"], "word_tokens": first["word_tokens"], "tokens": first["tokens"],
        "skipped": first["skipped"],
        "median": med,
        "ingest_runs_s": [f["ingest_s"] for f in figures],
        "word_tokens_per_s_end_to_end": first["word_tokens"] / med["ingest_s"],
        "peak_rss_gb": med["peak_rss_bytes"] / 1e9,
        # A user reloads in a new session: the fresh-process load is the fair figure;
        # reload_s (same process, right after building) is kept beside it.
        "reload_speedup_vs_ingest": med["ingest_s"] / med["reload_first_s"],
        "reload_speedup_same_process": med["ingest_s"] / med["reload_s"],
        "reload_identical": all(f["reload_identical"] for f in figures),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                    "loadavg_1min_at_start": report_load},
    }
    report["peers"] = _peers(source, 300 if args.smoke else 3000)
    if not args.smoke:
        report["conc_10k_articles"] = _conc_versus_ours(source, 10_000, env)
    ours = report["peers"]["corpus_tools_tokenize"]["tokens_per_s"]
    for name, peer in report["peers"].items():
        peer["ratio_corpus_tools_over_peer"] = ours / peer["tokens_per_s"]
    results = REPO / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    path = results / ("ingest-smoke.json" if args.smoke else "ingest.json")
    path.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2, sort_keys=True))
    if not report["reload_identical"]:
        print("reload did not give identical token ids", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
