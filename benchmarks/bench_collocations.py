"""Collocations, n-gram association and KWIC benchmark, with peers in the same run.

Measures (median of 5 runs each, after one first run that is reported as
``cold_s``; on a freshly loaded corpus the first collocates call also builds
the per-corpus word stream and segment edges, and the first bigram call the
n-gram positions and counts):
- collocates of frequent nodes ("said", "obama"; "trump" is rare in the first 10k articles) at
  +-5 words, sentence-bounded;
- every bigram of the corpus with G2, MI, t-score and quanteda's lambda/z;
- 10,000 KWIC lines (a random sample of the hits of "said", 5 words each side);
- peers: conc 0.1.13 (``Conc.collocates(node, context_length=5)``, in its own venv through
  ``benchmarks/peers/run_peer.py``, on the same documents; its corpus build is not timed;
  median of 5 calls, the first of which fills conc's caches), and NLTK's
  ``BigramCollocationFinder.from_words(window_size=5)`` and a plain ``collections.Counter``
  window count over a Python list of words, both on a 1M-word slice, scaled linearly to the
  full corpus size (stated in the output).

Corpus: the first 10,000 articles of ../shared/data/allsides_article_bias/articles.jsonl.xz
(about 10M word tokens), tokenised with ``Corpus.from_documents`` (no normalisation:
this measures the analyses, not ingest), or a folder saved with ``Corpus.save``
(``--corpus DIR``). ``--smoke`` uses the demo corpus and the 1,129-article AllSides sample
instead, skips conc, and finishes in well under 30 s.

Usage::

    python benchmarks/bench_collocations.py           # ~10M tokens, with conc (~1 min more)
    python benchmarks/bench_collocations.py --no-conc
    python benchmarks/bench_collocations.py --smoke   # CI

Results are printed and written to benchmarks/results/collocations[-smoke].json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import lzma
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "allsides_article_bias"
FULL = DATA / "articles.jsonl.xz"
SAMPLE = DATA / "sample_12outlets_2012-2020.jsonl.gz"
DEMO = REPO / "corpora" / "demo" / "articles.jsonl"
RESULTS = REPO / "benchmarks" / "results"

logger = logging.getLogger("bench_collocations")

sys.path.insert(0, str(Path(__file__).resolve().parent / "peers"))
from run_peer import run_conc, write_slice  # noqa: E402  (standard library only)


def _load_first(path: Path, n_docs: int):
    import pandas as pd

    from corpus_tools.corpus.corpus import Corpus

    records = []
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        for line in itertools.islice(handle, n_docs):
            r = json.loads(line)
            records.append({"doc_id": r["id"], "outlet": r["source"], "date": r.get("date"),
                            "title": r.get("title") or "", "text": r.get("text") or ""})
    docs = pd.DataFrame(records)
    docs["date"] = pd.to_datetime(docs["date"], errors="coerce")
    return Corpus.from_documents(docs)


def _time(func, repeats: int) -> dict:
    t0 = time.perf_counter()
    result = func()
    cold = time.perf_counter() - t0
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = func()
        runs.append(time.perf_counter() - t0)
    return {"cold_s": cold, "median_s": statistics.median(runs), "runs_s": runs}, result


def _words(corpus, limit: int) -> list:
    t = corpus.tokens
    stop = int(min(len(t.ids), limit * 1.2))
    ids = t.ids[:stop]
    words = t.lower_vocab[t.lower[ids[t.is_word[ids]]]][:limit]
    return words.tolist()


def _counter_window(words: list, node: str, span: int) -> Counter:
    """The plain-Python peer: every word within +-span of each node occurrence."""
    counts = Counter()
    for i, w in enumerate(words):
        if w == node:
            counts.update(words[max(0, i - span):i])
            counts.update(words[i + 1:i + 1 + span])
    return counts


def _conc_collocates(corpus, nodes, ours: list, repeats: int) -> dict:
    """conc's collocates for the same nodes on the same documents; ratios to our medians."""
    workdir = Path(tempfile.mkdtemp(prefix="bench_colloc_conc_"))
    slice_path = workdir / "slice.jsonl"
    write_slice(slice_path, corpus.documents.to_dict("records"))
    out = {"note": "conc 0.1.13 Conc.collocates(node, context_length=5, page_size=0), lowercase, "
                   "punctuation excluded; its corpus build is not timed; seconds = median of "
                   f"{repeats} calls (the first fills conc's caches), warm_median_s = median "
                   "without the first", "nodes": []}
    for i, word in enumerate(nodes):
        command = ["collocates", "--input", str(slice_path), "--node", word, "--window", "5",
                   "--runs", str(repeats), "--workdir", str(workdir / "conc")]
        if i:
            command.append("--reuse")  # the corpus built for the first node
        result = run_conc(command)
        if "skipped" in result:
            return {"skipped": result["skipped"]}
        mine = next(r for r in ours if r["node"] == word)
        runs = result["runs_seconds"]
        warm = statistics.median(runs[1:]) if len(runs) > 1 else runs[0]
        out["nodes"].append({
            "node": word, "conc_median_s": result["seconds"], "conc_warm_median_s": warm,
            "conc_runs_s": runs, "conc_rows": result["rows"], "conc_build_s": result["build_seconds"],
            "conc_word_tokens": result["word_tokens"], "loadavg_1min": result.get("loadavg_1min"),
            "ours_median_s": mine["median_s"], "ours_cold_s": mine["cold_s"],
            "ratio_conc_median_to_ours_median": result["seconds"] / mine["median_s"],
            "ratio_conc_warm_to_ours_median": warm / mine["median_s"],
        })
    return out


def run(corpus, label: str, *, nodes, kwic_query: str, kwic_lines: int, peer_words: int,
        repeats: int = 5, conc_nodes=()) -> dict:
    from corpus_tools.analyses.collocations import collocates
    from corpus_tools.analyses.concordance import concordance
    from corpus_tools.analyses.ngrams import ngram_association

    out = {"corpus": label, "documents": len(corpus), "word_tokens": corpus.n_words,
           "tokens": int(len(corpus.tokens.ids))}
    out["collocates"] = []
    out["collocates_note"] = ("cold_s of the first node includes building the cached word stream "
                              "and sentence edges of the corpus")
    for word in nodes:
        timing, table = _time(lambda: collocates(corpus, word, window=5), repeats)
        out["collocates"].append({"node": word, "window": [5, 5], "f_node": int(table.attrs["f_node"]),
                                  "collocates": len(table), **timing})
    out["bigram_association"] = []
    for min_freq in (1, 2):
        timing, table = _time(lambda: ngram_association(corpus, 2, min_freq=min_freq,
                                                        measures=("log_likelihood", "mi", "t_score")),
                              repeats)
        out["bigram_association"].append({
            "min_freq": min_freq, "bigram_types": len(table),
            "bigram_positions": int(table.attrs["ngram_positions"]),
            "note": "cold_s includes building the cached n-gram positions and counts", **timing})
    timing, lines = _time(lambda: concordance(corpus, kwic_query, width=5, sample=kwic_lines, seed=0),
                          repeats)
    out["kwic"] = {"query": kwic_query, "lines": len(lines),
                   "note": "cold_s includes mapping the hit documents' tokens to characters "
                           "(cached per corpus afterwards)", **timing}

    # Peers on a slice, scaled linearly to the corpus size.
    words = _words(corpus, peer_words)
    scale = corpus.n_words / max(1, len(words))
    from nltk.collocations import BigramCollocationFinder

    t0 = time.perf_counter()
    BigramCollocationFinder.from_words(words, window_size=5)
    nltk_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    _counter_window(words, nodes[0], 5)
    counter_s = time.perf_counter() - t0
    out["peers"] = {
        "slice_words": len(words),
        "scale_factor": scale,
        "note": "measured on the first slice_words words, then multiplied by scale_factor "
                "(linear scaling assumed)",
        "nltk_bigram_finder_window5_slice_s": nltk_s,
        "nltk_bigram_finder_window5_scaled_s": nltk_s * scale,
        "counter_node": nodes[0],
        "counter_window_count_slice_s": counter_s,
        "counter_window_count_scaled_s": counter_s * scale,
    }
    if conc_nodes:
        out["peers"]["conc_collocates"] = _conc_collocates(corpus, conc_nodes, out["collocates"], repeats)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="demo corpus + AllSides sample only")
    parser.add_argument("--docs", type=int, default=10_000,
                        help="articles of the full corpus (default 10,000)")
    parser.add_argument("--corpus", type=Path, default=None,
                        help="a corpus folder saved with Corpus.save, instead of --docs articles")
    parser.add_argument("--no-conc", action="store_true", help="do not run the conc peer")
    args = parser.parse_args(argv)
    os.environ.setdefault("NLTK_DATA", str(REPO.parent / "shared" / "data" / "nltk_data"))
    from corpus_tools.corpus.build import build_corpus

    results = {"python": platform.python_version(), "machine": platform.machine(),
               "cpus": os.cpu_count(), "runs": []}
    if args.smoke:
        demo = build_corpus(DEMO)
        results["runs"].append(run(demo, "demo", nodes=("harbour",), kwic_query="harbour", kwic_lines=50,
                                   peer_words=10_000))
        if SAMPLE.exists():
            sample = build_corpus(SAMPLE, fields={"outlet": "source", "doc_id": "id"})
            results["runs"].append(run(sample, "allsides-sample", nodes=("trump", "said"), kwic_query="said",
                                       kwic_lines=1_000, peer_words=1_000_000))
        name = "collocations-smoke.json"
    else:
        t0 = time.perf_counter()
        if args.corpus is not None:
            from corpus_tools.corpus.corpus import Corpus

            corpus = Corpus.load(args.corpus)
            label = f"saved-corpus-{args.corpus.name}"
        elif FULL.exists():
            corpus = _load_first(FULL, args.docs)
            label = f"allsides-first-{args.docs}"
        else:
            sys.stderr.write(f"needs {FULL} (../shared/data) or --corpus; use --smoke without it\n")
            return 2
        results["load_s"] = time.perf_counter() - t0
        results["runs"].append(run(corpus, label, nodes=("said", "obama", "trump"),
                                   kwic_query="said", kwic_lines=10_000, peer_words=1_000_000,
                                   conc_nodes=() if args.no_conc else ("said", "obama")))
        name = "collocations.json"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / name).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    sys.stdout.write(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
