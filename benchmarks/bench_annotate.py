"""POS tagging benchmark: the fast engine against ``nltk.pos_tag`` in the same run.

Measures, on real news (the AllSides corpus in ../shared/data):
- ``tag_sentences`` over every sentence of the corpus (token-store form: ids +
  vocabulary), in tokens per second; the model's load (JSON parse, once per
  process) and its table build (once per model) are timed apart; the first call
  is reported as ``cold_s``;
- ``tag_sentences`` on the same tokens given as strings (what the string form
  adds: one dictionary pass to factorise the tokens);
- ``nltk.pos_tag`` on each sentence of a slice of at least 200,000 tokens, and the
  agreement of the two on that slice (must be 1.0);
- peak resident memory (``ru_maxrss``) of a child process that loads the saved
  corpus (``Corpus.load``) and tags it: after the load, after the fast tagging (ids
  form) and at the end (string form and the NLTK slice included), so the peak is
  that of tagging a loaded corpus, not of building it.

Corpus: ../shared/data/allsides_article_bias/articles.jsonl.xz (all 37,554 articles,
about 42M tokens; built with ``build_corpus`` in ~15 s and saved to a temporary
folder), or its first N articles (``--docs N``), or the 1,129-article sample
(``--smoke``, ~1.2M tokens, under a minute), or a saved corpus (``--corpus DIR``).

Usage::

    python benchmarks/bench_annotate.py              # full corpus
    python benchmarks/bench_annotate.py --docs 5000
    python benchmarks/bench_annotate.py --smoke      # CI

Results are printed and written to benchmarks/results/annotate[-smoke].json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import lzma
import os
import platform
import resource
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
RESULTS = REPO / "benchmarks" / "results"


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _child(folder: str, nltk_tokens: int, repeats: int) -> None:
    """Load a saved corpus, tag it, compare a slice with NLTK; print the figures as JSON."""
    import numpy as np

    from corpus_tools.corpus.corpus import Corpus
    from corpus_tools.text.annotate import PerceptronModel, tag_sentences

    out: dict = {}
    t0 = time.perf_counter()
    corpus = Corpus.load(folder)
    out["corpus_load_s"] = time.perf_counter() - t0
    tokens = corpus.tokens
    ids, vocab, starts = tokens.ids, tokens.vocab, tokens.sentence_starts
    out.update(documents=len(corpus), tokens=int(len(ids)), sentences=int(len(starts)),
               vocabulary=int(len(vocab)), peak_rss_after_load_bytes=_peak_rss())
    t0 = time.perf_counter()
    model = PerceptronModel.load()
    out["model_load_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    model._fast()
    out["model_tables_s"] = time.perf_counter() - t0
    out["model_sha256"] = model.sha256

    runs = []
    for _ in range(1 + repeats):
        t0 = time.perf_counter()
        result = tag_sentences(ids, starts, vocab=vocab, model=model)
        runs.append(time.perf_counter() - t0)
    fast_s = min(runs[1:]) if repeats else runs[0]
    out["fast"] = {"cold_s": runs[0], "runs_s": runs[1:], "best_s": fast_s,
                   "tokens_per_s": len(ids) / fast_s,
                   "note": "token-store form (ids + vocab); model already loaded; "
                           "best_s = fastest of the repeats after the first (cold) call"}
    out["peak_rss_after_fast_bytes"] = _peak_rss()

    strings = vocab[ids]
    t0 = time.perf_counter()
    from_strings = tag_sentences(strings, starts, model=model)
    strings_s = time.perf_counter() - t0
    out["fast_strings"] = {"seconds": strings_s, "tokens_per_s": len(ids) / strings_s,
                           "identical_to_ids_form": bool(np.array_equal(from_strings.tags, result.tags))}
    del strings, from_strings

    # NLTK on the first sentences holding >= nltk_tokens tokens.
    n_sent = min(int(np.searchsorted(starts, nltk_tokens)), len(starts))
    end = int(starts[n_sent]) if n_sent < len(starts) else len(ids)
    import nltk

    sentences = [vocab[ids[a:b]].tolist() for a, b in zip(starts[:n_sent], list(starts[1:n_sent]) + [end])]
    nltk.pos_tag(["Warm", "up", "."])  # loads NLTK's model outside the timing
    t0 = time.perf_counter()
    reference = [nltk.pos_tag(sentence) for sentence in sentences]
    nltk_s = time.perf_counter() - t0
    theirs = [tag for sentence in reference for _, tag in sentence]
    ours = result.strings()[:end].tolist()
    agree = sum(a == b for a, b in zip(ours, theirs))
    out["nltk"] = {"tokens": end, "sentences": n_sent, "seconds": nltk_s, "tokens_per_s": end / nltk_s,
                   "agreement": agree / max(1, end), "disagreements": end - agree}
    out["ratio_fast_to_nltk"] = out["fast"]["tokens_per_s"] / out["nltk"]["tokens_per_s"]
    out["peak_rss_bytes"] = _peak_rss()
    print(json.dumps(out))


def _first_articles(path: Path, n: int, folder: Path) -> Path:
    target = folder / f"first_{n}.jsonl"
    with lzma.open(path, "rt", encoding="utf-8") as handle, open(target, "w", encoding="utf-8") as sink:
        sink.writelines(itertools.islice(handle, n))
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="the 1,129-article sample only")
    parser.add_argument("--docs", type=int, help="the first N articles of the full corpus")
    parser.add_argument("--corpus", type=Path, help="a corpus folder saved with Corpus.save")
    parser.add_argument("--nltk-tokens", type=int, default=200_000,
                        help="tokens of the slice tagged by nltk.pos_tag (default 200,000)")
    parser.add_argument("--repeats", type=int, default=None,
                        help="timed calls after the cold one (default 3 with --smoke, else 1)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    repeats = args.repeats if args.repeats is not None else (3 if args.smoke else 1)
    if args.child:
        _child(args.child, args.nltk_tokens, repeats)
        return 0
    os.environ.setdefault("NLTK_DATA", str(REPO.parent / "shared" / "data" / "nltk_data"))

    from corpus_tools.corpus.build import build_corpus

    with tempfile.TemporaryDirectory(prefix="bench_annotate_") as tmp:
        build = {}
        if args.corpus:
            folder, label = args.corpus, str(args.corpus)
        else:
            source = SAMPLE if args.smoke else FULL
            label = source.name
            if args.docs and not args.smoke:
                source = _first_articles(FULL, args.docs, Path(tmp))
                label = f"first {args.docs} articles of {FULL.name}"
            folder = Path(tmp) / "corpus"
            t0 = time.perf_counter()
            build_corpus(source, fields=FIELDS, on_invalid="skip", out=folder)
            build["build_s"] = time.perf_counter() - t0
        command = [sys.executable, __file__, "--child", str(folder),
                   "--nltk-tokens", str(args.nltk_tokens), "--repeats", str(repeats)]
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        figures = json.loads(done.stdout.strip().splitlines()[-1])
    result = {"benchmark": "annotate", "corpus": label, **build, **figures,
              "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                          "loadavg_1min": os.getloadavg()[0]}}
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / ("annotate-smoke.json" if args.smoke else "annotate.json")
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    fast, ref = result["fast"], result["nltk"]
    print(f"corpus: {label}: {result['tokens']:,} tokens, {result['sentences']:,} sentences, "
          f"{result['vocabulary']:,} forms")
    print(f"fast  : {fast['best_s']:.2f} s, {fast['tokens_per_s'] / 1e6:.2f}M tokens/s "
          f"(cold {fast['cold_s']:.2f} s; model load {result['model_load_s']:.2f} s + tables "
          f"{result['model_tables_s']:.2f} s, once)")
    print(f"string input: {result['fast_strings']['tokens_per_s'] / 1e6:.2f}M tokens/s")
    print(f"nltk  : {ref['tokens']:,} tokens in {ref['seconds']:.2f} s, "
          f"{ref['tokens_per_s'] / 1e3:.1f}k tokens/s; agreement {ref['agreement']:.6f} "
          f"({ref['disagreements']} differ)")
    print(f"ratio : {result['ratio_fast_to_nltk']:.1f}x")
    print(f"peak RSS: {result['peak_rss_after_load_bytes'] / 1e9:.2f} GB after loading the corpus, "
          f"{result['peak_rss_after_fast_bytes'] / 1e9:.2f} GB after tagging it (ids form), "
          f"{result['peak_rss_bytes'] / 1e9:.2f} GB overall (string form included)")
    print(f"written to {path}")
    return 0 if ref["disagreements"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
