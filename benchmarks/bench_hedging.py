"""Time hedge matching and rates on AllSides news, against two plain-Python peers.

Run from the repository root (NLTK_DATA set, as for the tests)::

    python benchmarks/bench_hedging.py            # sample + full corpus (37M words)
    python benchmarks/bench_hedging.py --smoke    # demo corpus + 12-outlet sample only (< 30 s)

The full corpus is built once from ``../shared/data/allsides_article_bias``
(about 40 s) and saved to ``--corpus-dir`` (default: a folder in the system
temporary directory); later runs load it. Every timing is the median of 5
runs after the corpus is loaded. Peers, on a slice of about one million
tokens (200,000 with ``--smoke``): a ``collections.Counter`` over lower-cased word strings that counts
the lexicon's single-word literals, and one case-insensitive regular
expression of all literal patterns run over the raw texts. Both are cruder
than the lexicon matcher (no exclusions, no NUM class, no sentence limits),
so their counts differ; they show what the obvious approaches cost. Results
go to ``benchmarks/results/hedging.json`` (``hedging-smoke.json`` with
``--smoke``).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

from corpus_tools.corpus.build import build_corpus, library_versions
from corpus_tools.corpus.corpus import Corpus
from corpus_tools.analyses.hedging import hedge_hits, hedge_rates
from corpus_tools.query.lexicon import default_lexicon

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "allsides_article_bias"
RESULTS = Path(__file__).resolve().parent / "results"
RUNS = 5
FIELDS = {"outlet": "source", "doc_id": "id"}


def median_time(func, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def rate_rows(rates, top: int | None = None) -> list:
    table = rates.sort_values("documents", ascending=False)
    if top:
        table = table.head(top)
    return [{"outlet": str(r.outlet), "documents": int(r.documents), "words": int(r.words),
             "hits": int(r.hits), "rate_per_10k": round(float(r.rate), 2),
             "ci_low": round(float(r.ci_low), 2), "ci_high": round(float(r.ci_high), 2)}
            for r in table.sort_values("rate", ascending=False).itertuples()]


# --------------------------------------------------------------------- peers
def literal_patterns(lexicon) -> tuple:
    """Single-word literals and all-literal multi-word patterns of the lexicon (alternatives expanded)."""
    singles, phrases = set(), set()
    for entry in lexicon.entries:
        seqs = [[]]
        for spec in entry.tokens:
            if spec.prefixes or spec.number or spec.optional:
                seqs = []
                break
            seqs = [s + [w] for s in seqs for w in spec.words]
        for seq in seqs:
            (singles if len(seq) == 1 else phrases).add(" ".join(seq).lower())
    return singles, phrases


def peer_counter(words: list, singles: set) -> int:
    counts = Counter(words)
    return sum(counts[w] for w in singles)


def peer_regex(texts: list, pattern: re.Pattern) -> int:
    return sum(len(pattern.findall(text)) for text in texts)


def slice_of(corpus: Corpus, tokens: int = 1_000_000) -> Corpus:
    lengths = np.diff(corpus.tokens.offsets)
    n_docs = int(np.searchsorted(np.cumsum(lengths), tokens)) + 1
    return corpus.subset(np.arange(len(corpus)) < n_docs)


def bench_peers(corpus: Corpus, lexicon, *, tokens: int = 1_000_000, regex_runs: int = 3) -> dict:
    part = slice_of(corpus, tokens)
    t = part.tokens
    words = t.lower_vocab[t.lower[t.ids]][t.is_word[t.ids]].tolist()  # strings, not timed
    texts = (part.documents["title"].fillna("") + "\n\n" + part.documents["text"].fillna("")).tolist()
    singles, phrases = literal_patterns(lexicon)
    alternation = "|".join(re.escape(p) for p in sorted(singles | phrases, key=len, reverse=True))
    regex = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)
    ours = hedge_hits(part, lexicon)
    return {
        "documents": len(part), "tokens": int(len(t.ids)), "word_tokens": part.n_words,
        "ours_hedge_hits_s": median_time(lambda: hedge_hits(part, lexicon)),
        "ours_hits": int(len(ours)),
        "peer_counter_single_words_s": median_time(lambda: peer_counter(words, singles)),
        "peer_counter_hits": peer_counter(words, singles),
        "peer_counter_patterns": len(singles),
        "peer_regex_over_text_s": median_time(lambda: peer_regex(texts, regex), runs=regex_runs),
        "peer_regex_hits": peer_regex(texts, regex),
        "peer_regex_patterns": len(singles | phrases),
    }


# --------------------------------------------------------------------- runs
def bench_corpus(corpus: Corpus, lexicon, *, rates_top: int | None = None, runs: int = RUNS) -> dict:
    hits = hedge_hits(corpus, lexicon)
    rates = hedge_rates(corpus, hits=hits, ci="bootstrap")
    return {
        "documents": len(corpus), "word_tokens": corpus.n_words, "tokens": int(len(corpus.tokens.ids)),
        "lexicon_patterns": len(lexicon),
        "hedge_hits_s": median_time(lambda: hedge_hits(corpus, lexicon), runs=runs),
        "hits": int(len(hits)), "hedges": int((hits["type"] == "hedge").sum()),
        "boosters": int((hits["type"] == "booster").sum()),
        "in_quotes_share": round(float(hits["in_quotes"].mean()), 4) if len(hits) else None,
        "rates_by_outlet_poisson_s": median_time(lambda: hedge_rates(corpus, hits=hits, ci="poisson"), runs=3),
        "rates_by_outlet_bootstrap_2000_s": median_time(lambda: hedge_rates(corpus, hits=hits), runs=3),
        "hedge_rates_by_outlet": rate_rows(rates, rates_top),
    }


def full_corpus(folder: Path) -> Corpus:
    for candidate in (folder, Path(tempfile.gettempdir()) / "full_corpus"):
        if (candidate / "corpus.json").is_file():
            try:
                return Corpus.load(candidate)
            except Exception as error:  # an older saved format: rebuild below
                print(f"cannot load {candidate}: {error}")
    corpus = build_corpus(DATA / "articles.jsonl.xz", fields=FIELDS)
    corpus.save(folder)
    return corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="demo corpus + 12-outlet sample only")
    parser.add_argument("--corpus-dir", type=Path, default=Path(tempfile.gettempdir()) / "allsides_full_corpus",
                        help="where the full corpus is saved / loaded")
    args = parser.parse_args()
    lexicon = default_lexicon()
    results = {"runs": RUNS, "versions": library_versions()}

    demo = build_corpus(ROOT / "corpora" / "demo" / "articles.jsonl")
    results["demo"] = bench_corpus(demo, lexicon)
    start = time.perf_counter()
    sample = build_corpus(DATA / "sample_12outlets_2012-2020.jsonl.gz", fields=FIELDS)
    results["sample_build_s"] = round(time.perf_counter() - start, 3)
    results["sample"] = bench_corpus(sample, lexicon)
    if not args.smoke:
        start = time.perf_counter()
        corpus = full_corpus(args.corpus_dir)
        results["full_load_s"] = round(time.perf_counter() - start, 3)
        results["full"] = bench_corpus(corpus, lexicon, rates_top=20)
        results["peers_1m_tokens"] = bench_peers(corpus, lexicon)
    else:
        results["peers_200k_tokens"] = bench_peers(sample, lexicon, tokens=200_000, regex_runs=1)
    out = RESULTS / ("hedging-smoke.json" if args.smoke else "hedging.json")
    out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in results.items() if k != "versions"}, indent=1)[:6000])


if __name__ == "__main__":
    main()
