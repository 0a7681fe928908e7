"""Random corpora for the merge tests of tests/counts: a corpus, and its parts two ways.

The texts are made up here (no third-party text): Zipf-distributed words with
case variants, sentences, commas, quotes, numbers, hedges, boosters and empty documents.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from corpus_tools.corpus.corpus import Corpus

WORDS = ([f"w{i}" for i in range(40)] + [f"W{i}" for i in range(6)]
         + ["may", "May", "perhaps", "clearly", "appears", "to", "not", "about", "300", "said", "rain"])
PUNCT = [",", ";", '"']
# Multi-word hedges and boosters, some negated, some that an exclusion rules out.
PHRASES = ["may not", "appears to", "of course", "analysts say", "about 300", "could n't", "suggests that",
           "it is possible that", "clearly", "perhaps", "will never", "appears in", "no doubt"]


def random_corpus(seed: int = 3, n_docs: int = 60, n_outlets: int = 4) -> Corpus:
    """A corpus of ``n_docs`` random documents in ``n_outlets`` outlets."""
    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, len(WORDS) + 1) ** 0.8
    weights /= weights.sum()
    rows = []
    for i in range(n_docs):
        sentences = []
        for _ in range(int(rng.integers(0, 5))):
            words = list(rng.choice(WORDS, size=int(rng.integers(1, 14)), p=weights))
            for _ in range(int(rng.integers(0, 3))):
                words.insert(int(rng.integers(1, len(words) + 1)), str(rng.choice(PUNCT)))
            if rng.random() < 0.4:
                words.insert(int(rng.integers(0, len(words) + 1)), str(rng.choice(PHRASES)))
            sentences.append(" ".join(words).capitalize() + str(rng.choice([".", "!", "?"])))
        rows.append({"doc_id": f"d{i}", "outlet": "ABCDEFG"[i % n_outlets],
                     "date": pd.Timestamp(f"2016-0{1 + i % 3}-01"), "title": "",
                     "text": " ".join(sentences)})
    return Corpus.from_documents(pd.DataFrame(rows))


def tokenised_parts(corpus: Corpus, cuts) -> list:
    """Consecutive parts cut at ``cuts``, each tokenised on its own (own vocabulary)."""
    bounds = [0, *cuts, len(corpus)]
    return [Corpus.from_documents(corpus.documents.iloc[a:b].reset_index(drop=True))
            for a, b in zip(bounds[:-1], bounds[1:])]


def subset_parts(corpus: Corpus, n_parts: int, seed: int = 0) -> list:
    """Disjoint random parts cut from the corpus with ``corpus.subset`` (shared vocabulary)."""
    label = np.random.default_rng(seed).integers(0, n_parts, len(corpus))
    label[:n_parts] = np.arange(n_parts)  # no part is empty
    return [corpus.subset(label == k) for k in range(n_parts)]


# 2 and 3 parts, tokenised separately; the 3-part cut has a part of one document.
CUTS = [(31,), (1, 40)]
