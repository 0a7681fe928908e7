"""Time keyness tables and grids on AllSides news, against a Counter + numpy peer and conc.

Run from the repository root (NLTK_DATA set, as for the tests)::

    python benchmarks/bench_keyness.py            # sample + ~10M-token table (+ conc) + full grid
    python benchmarks/bench_keyness.py --smoke    # the 12-outlet sample only (CI, < 30 s)

Data: ``../shared/data/allsides_article_bias``. Every timing is the median of
5 runs after the corpus is tokenised (``*_runs_s`` lists them); "cold" timings
include building the document-term counts (done once per corpus and then
cached). The large table is "CNN (Web News)" against the rest of the first
10,000 articles; conc 0.1.13 runs the same comparison (the CNN articles of the
slice against the others, written with ``write_slice``) through
``benchmarks/peers/run_peer.py`` when the peer venv exists
(``benchmarks/peers/setup_peers.sh``), so both are measured in one run;
``ratio_*`` fields are peer time / our time (> 1: we are faster). conc's
numbers exclude its corpus build (spaCy tokenisation, ~75 s), as ours exclude
tokenising. Results go to ``benchmarks/results/keyness.json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import lzma
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from corpus_tools.analyses import keyness as K
from corpus_tools import stats
from corpus_tools.corpus.build import library_versions
from corpus_tools.corpus.corpus import Corpus

sys.path.insert(0, str(Path(__file__).resolve().parent / "peers"))
from run_peer import run_conc, write_slice  # noqa: E402  (standard library only)

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "allsides_article_bias"
RESULTS = Path(__file__).resolve().parent / "results" / "keyness.json"
RUNS = 5
TARGET = "CNN (Web News)"


def read_jsonl(path: Path, limit: int | None = None) -> pd.DataFrame:
    opener = lzma.open if path.suffix == ".xz" else gzip.open
    rows = []
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            rows.append((rec["id"], rec["source"], rec["date"], rec.get("title") or "", rec.get("text") or ""))
            if limit is not None and len(rows) >= limit:
                break
    docs = pd.DataFrame(rows, columns=["doc_id", "outlet", "date", "title", "text"])
    docs["date"] = pd.to_datetime(docs["date"], errors="coerce")
    return docs.drop_duplicates("doc_id").reset_index(drop=True)


def timings(func, runs: int = RUNS) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def median_time(func, runs: int = RUNS) -> float:
    return statistics.median(timings(func, runs))


def ratio(peer_s, ours_s) -> float | None:
    return None if peer_s is None or not ours_s else round(peer_s / ours_s, 2)


def cold_time(corpus: Corpus, func) -> float:
    corpus.drop_cached()
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


# --------------------------------------------------------------------- the peer

def peer_words(corpus: Corpus) -> list[list[str]]:
    """Lower-cased word tokens of every document as Python strings (not timed)."""
    t = corpus.tokens
    forms = t.lower_vocab[t.lower[t.ids]]
    words = t.is_word[t.ids]
    return [forms[s:e][words[s:e]].tolist() for s, e in zip(t.offsets[:-1], t.offsets[1:])]


def peer_keyness(docs_words: list[list[str]], target: np.ndarray) -> pd.DataFrame:
    """Counter per side, then signed full-table G2 with numpy: the obvious way."""
    ct, cr = Counter(), Counter()
    for words, in_target in zip(docs_words, target):
        (ct if in_target else cr).update(words)
    terms = sorted(set(ct) | set(cr))
    a = np.array([ct[w] for w in terms], dtype=float)
    b = np.array([cr[w] for w in terms], dtype=float)
    c, d = a.sum(), b.sum()
    n = c + d
    with np.errstate(divide="ignore", invalid="ignore"):
        e1, e2 = c * (a + b) / n, d * (a + b) / n
        e3, e4 = c * (n - a - b) / n, d * (n - a - b) / n
        cells = [(a, e1), (b, e2), (c - a, e3), (d - b, e4)]
        g2 = 2 * sum(np.where(o > 0, o * np.log(o / e), 0.0) for o, e in cells)
    g2 = np.sign(a / c - b / d) * g2
    return pd.DataFrame({"term": terms, "a": a, "b": b, "g2": g2}).sort_values("g2", ascending=False)


# --------------------------------------------------------------------- runs

def bench_sample(results: dict) -> None:
    start = time.perf_counter()
    corpus = Corpus.from_documents(read_jsonl(DATA / "sample_12outlets_2012-2020.jsonl.gz"))
    load = time.perf_counter() - start
    outlets = sorted(corpus.documents["outlet"].unique())
    biggest = corpus.documents["outlet"].value_counts().index[0]
    one = lambda: K.keyness(corpus, target={"outlet": biggest})  # noqa: E731
    each = lambda: [K.keyness(corpus, target={"outlet": o}) for o in outlets]  # noqa: E731
    grid = lambda: K.keyness_grid(corpus, by="outlet")  # noqa: E731
    words = peer_words(corpus)
    mask = (corpus.documents["outlet"] == biggest).to_numpy()
    ours = one().set_index("term")
    theirs = peer_keyness(words, mask).set_index("term")
    agree = float(np.max(np.abs(ours.loc[theirs.index, "log_likelihood"].to_numpy() - theirs["g2"].to_numpy())
                         / np.maximum(1.0, np.abs(theirs["g2"].to_numpy()))))
    results["sample"] = {
        "documents": len(corpus), "word_tokens": corpus.n_words, "outlets": len(outlets),
        "tokenise_s": round(load, 3),
        "one_table_cold_s": cold_time(corpus, one),
        "one_table_s": median_time(one),
        "each_outlet_vs_rest_s": median_time(each),
        "grid_by_outlet_s": median_time(grid),
        "peer_counter_one_table_s": median_time(lambda: peer_keyness(words, mask)),
        "peer_max_relative_g2_difference": agree,
    }
    sample = results["sample"]
    sample["ratio_counter"] = ratio(sample["peer_counter_one_table_s"], sample["one_table_s"])


def bench_large(results: dict, n_articles: int, *, peer: bool = True) -> Corpus:
    start = time.perf_counter()
    docs = read_jsonl(DATA / "articles.jsonl.xz", limit=n_articles)
    corpus = Corpus.from_documents(docs)
    load = time.perf_counter() - start
    one = lambda: K.keyness(corpus, target={"outlet": TARGET})  # noqa: E731
    cold = cold_time(corpus, one)
    runs = timings(one)
    words = peer_words(corpus)
    mask = (corpus.documents["outlet"] == TARGET).to_numpy()
    counter_s = median_time(lambda: peer_keyness(words, mask))
    ours = statistics.median(runs)
    out = {
        "documents": len(corpus), "word_tokens": corpus.n_words, "target": TARGET,
        "tokenise_s": round(load, 3), "one_table_cold_s": cold, "one_table_s": ours,
        "one_table_runs_s": runs, "rows": int(len(one())),
        "peer_counter_one_table_s": counter_s, "ratio_counter": ratio(counter_s, ours),
    }
    if peer:
        out["conc"] = conc_keyness(docs, mask)
        out["ratio_conc"] = ratio(out["conc"].get("seconds"), ours)
    results["large_table"] = out
    return corpus


def conc_keyness(docs: pd.DataFrame, mask: np.ndarray) -> dict:
    """conc's keyness for the same target/reference split, in the peer venv (or why it was skipped)."""
    with tempfile.TemporaryDirectory(prefix="bench_keyness_") as tmp:
        target, reference = Path(tmp) / "target.jsonl", Path(tmp) / "reference.jsonl"
        write_slice(target, docs[mask].to_dict("records"))
        write_slice(reference, docs[~mask].to_dict("records"))
        result = run_conc(["keyness", "--target-input", str(target), "--reference-input", str(reference),
                           "--runs", str(RUNS)])
    keep = ("skipped", "seconds", "runs_seconds", "default_call_seconds", "rows", "build_seconds",
            "target_word_tokens", "reference_word_tokens", "options", "loadavg_1min", "versions")
    return {k: result[k] for k in keep if k in result}


def bench_full_grid(results: dict, saved: str | None = None) -> None:
    start = time.perf_counter()
    if saved:
        corpus = Corpus.load(saved)
    else:
        corpus = Corpus.from_documents(read_jsonl(DATA / "articles.jsonl.xz"))
    load = time.perf_counter() - start
    counts = corpus.documents["outlet"].value_counts()
    grid = lambda: K.keyness_grid(corpus, by="outlet", min_documents=100)  # noqa: E731
    cold = cold_time(corpus, grid)
    runs = timings(grid)
    table = grid()
    # The Benjamini-Hochberg adjustment over every row is one sort of all p-values:
    # what stats.adjust_p costs on this grid (keyness_grid sorts the distinct ones only).
    p = table["p"].to_numpy()
    adjust = median_time(lambda: stats.adjust_p(p, method="fdr_bh"), runs=3)
    results["full_grid"] = {
        "documents": len(corpus), "word_tokens": corpus.n_words, "tokenise_s": round(load, 3),
        "loaded_from_saved_corpus": bool(saved),
        "outlets_with_100_docs": int((counts >= 100).sum()), "groups": table.attrs["groups"],
        "rows": int(len(table)), "grid_cold_s": cold, "grid_s": statistics.median(runs), "grid_runs_s": runs,
        "stats_adjust_p_all_rows_s": adjust,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="sample only (CI)")
    parser.add_argument("--articles", type=int, default=10_000, help="articles for the large table")
    parser.add_argument("--no-full-grid", action="store_true", help="skip the full-corpus grid")
    parser.add_argument("--no-conc", action="store_true", help="do not run the conc peer")
    parser.add_argument("--full-corpus", default=None,
                        help="a corpus saved with Corpus.save to use for the full grid (skips tokenising)")
    args = parser.parse_args()
    results = {"versions": library_versions(), "runs": RUNS}
    bench_sample(results)
    if not args.smoke:
        bench_large(results, args.articles, peer=not args.no_conc)
        if not args.no_full_grid:
            bench_full_grid(results, args.full_corpus)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2, sort_keys=True))  # a script's report, not library code


if __name__ == "__main__":
    main()
