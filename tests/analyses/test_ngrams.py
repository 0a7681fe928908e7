"""N-gram frequencies and n-gram association (2x2 measures, quanteda's lambda and z)."""

from __future__ import annotations

import itertools
import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from corpus_tools import stats
from corpus_tools.corpus.corpus import Corpus
from corpus_tools.analyses.ngrams import ngram_association, ngrams


def _corpus(texts, outlets=None):
    n = len(texts)
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "outlet": outlets or ["X"] * n,
                         "date": pd.to_datetime(["2020-01-01"] * n), "title": [""] * n, "text": texts})
    return Corpus.from_documents(docs)


def _segments(corpus):
    """Runs of consecutive word tokens inside one sentence: an independent per-token walk."""
    frame = corpus.token_frame()
    runs, current, key = [], [], None
    for row in frame.itertuples():
        k = (row.doc_id, row.sent)
        if k != key or row.is_punct:
            if current:
                runs.append(current)
            current = []
            key = k
        if not row.is_punct:
            current.append(row.lower)
    if current:
        runs.append(current)
    return runs


def _counter(corpus, n):
    return Counter(" ".join(run[i:i + n]) for run in _segments(corpus) for i in range(len(run) - n + 1))


def test_ngrams_punctuation_and_sentences_break():
    corpus = _corpus(["Port jobs, port jobs. Port jobs said the union", "jobs said"])
    table = ngrams(corpus, 2)
    assert dict(zip(table["ngram"], table["freq"])) == {
        "port jobs": 3, "jobs said": 2, "said the": 1, "the union": 1}
    assert table["ngram"].tolist()[:2] == ["port jobs", "jobs said"]  # freq desc, then ngram


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_ngrams_demo_equals_counter(demo_corpus, n):
    table = ngrams(demo_corpus, n)
    assert dict(zip(table["ngram"], table["freq"])) == dict(_counter(demo_corpus, n))
    if n == 1:
        assert table["freq"].sum() == demo_corpus.n_words


def test_ngrams_by_outlet_adds_up(demo_corpus):
    whole = ngrams(demo_corpus, 2).set_index("ngram")["freq"]
    parts = ngrams(demo_corpus, 2, by="outlet")
    assert parts.columns.tolist() == ["outlet", "ngram", "freq"]
    summed = parts.groupby("ngram")["freq"].sum()
    pd.testing.assert_series_equal(summed.sort_index(), whole.sort_index(), check_names=False)
    cw = parts[parts["outlet"] == "Civic Wire"].set_index("ngram")["freq"]
    assert cw["harbour authority"] == 15  # 13 lower-case + 2 "Harbour Authority"
    keep = ngrams(demo_corpus, 2, by="outlet", min_freq=5)
    assert keep["freq"].min() >= 5


def test_ngrams_case_kept_with_lower_false():
    table = ngrams(_corpus(["May may. May may."]), 2, lower=False)
    assert dict(zip(table["ngram"], table["freq"])) == {"May may": 2}


# --------------------------------------------------------------------- association

ASSOC_TEXTS = ["New York is big. New York is far. I like York. New ideas are big."]


def test_ngram_association_table_by_hand():
    corpus = _corpus(ASSOC_TEXTS)
    # bigrams: new york, york is, is big | new york, york is, is far | i like, like york |
    #          new ideas, ideas are, are big   -> N = 11
    table = ngram_association(corpus, 2, min_freq=1,
                              measures=tuple(stats.ASSOCIATION_MEASURES)).set_index("ngram")
    row = table.loc["new york"]
    assert (row["freq"], row["f_first"], row["f_last"], row["n"]) == (2, 3, 3, 11)
    assert row["expected"] == pytest.approx(3 * 3 / 11)
    assert row["mi"] == pytest.approx(math.log2(2 / (9 / 11)))
    assert row["t_score"] == pytest.approx((2 - 9 / 11) / math.sqrt(2))
    # G2 from the 2x2 table [[2, 1], [1, 7]]
    o = np.array([2, 1, 1, 7.0])
    e = np.array([3 * 3, 3 * 8, 8 * 3, 8 * 8]) / 11
    assert row["log_likelihood"] == pytest.approx(2 * np.sum(o * np.log(o / e)))
    # every measure equals the stats function on the table's counts
    for name, func in stats.ASSOCIATION_MEASURES.items():
        want = func(table["freq"].to_numpy(float), table["f_first"].to_numpy(float),
                    table["f_last"].to_numpy(float), 11)
        assert_allclose(table[name].to_numpy(), want, rtol=1e-12, err_msg=name)
    # lambda of a bigram: log odds ratio of the smoothed 2x2 table
    cells = np.array([2, 1, 1, 7]) + 0.5
    lam = math.log(cells[0]) + math.log(cells[3]) - math.log(cells[1]) - math.log(cells[2])
    assert row["lambda"] == pytest.approx(lam)
    assert row["sigma"] == pytest.approx(math.sqrt(np.sum(1 / cells)))
    assert row["z"] == pytest.approx(lam / math.sqrt(np.sum(1 / cells)))


def _quanteda_lambda(grams, target, smoothing=0.5):
    """quanteda's match-bit count over every observed n-gram position, written out per position."""
    n = len(target)
    cells = Counter()
    for g in grams:
        cells[tuple(a == b for a, b in zip(g, target))] += 1
    lam, inv = 0.0, 0.0
    for bits in itertools.product((False, True), repeat=n):
        c = cells[bits] + smoothing
        lam += (-1) ** (n - sum(bits)) * math.log(c)
        inv += 1 / c
    return lam, math.sqrt(inv)


@pytest.mark.parametrize("n", [2, 3])
def test_ngram_association_lambda_matches_quanteda_definition(demo_corpus, n):
    grams = [tuple(run[i:i + n]) for run in _segments(demo_corpus) for i in range(len(run) - n + 1)]
    table = ngram_association(demo_corpus, n, min_freq=3).set_index("ngram")
    assert set(table["n"]) == {len(grams)}
    for gram in table.index[:25]:
        lam, sigma = _quanteda_lambda(grams, tuple(gram.split()))
        assert table.loc[gram, "lambda"] == pytest.approx(lam, rel=1e-10)
        assert table.loc[gram, "sigma"] == pytest.approx(sigma, rel=1e-10)
        assert table.loc[gram, "z"] == pytest.approx(lam / sigma, rel=1e-10)


def test_ngram_association_trigram_margins(demo_corpus):
    grams = Counter()
    firsts, lasts = Counter(), Counter()
    total = 0
    for run in _segments(demo_corpus):
        for i in range(len(run) - 2):
            g = tuple(run[i:i + 3])
            grams[g] += 1
            firsts[g[:2]] += 1
            lasts[g[2]] += 1
            total += 1
    table = ngram_association(demo_corpus, 3, min_freq=4)
    assert len(table) == sum(1 for c in grams.values() if c >= 4)
    for row in table.itertuples():
        g = tuple(row.ngram.split())
        assert (row.freq, row.f_first, row.f_last, row.n) == (grams[g], firsts[g[:2]], lasts[g[2]], total)


def test_ngram_association_sorted_and_min_freq(demo_corpus):
    table = ngram_association(demo_corpus, 2, measures=("mi", "t_score"))
    assert table["freq"].min() >= 2
    keys = list(zip(-table["mi"], table["ngram"]))
    assert keys == sorted(keys)


@pytest.mark.parametrize("func,kwargs,message", [
    (ngrams, dict(n=0), "The 'n' parameter of ngrams\\(\\) must be an int in the range \\[1, 5\\]"),
    (ngrams, dict(n=6), "The 'n' parameter of ngrams"),
    (ngrams, dict(n=2, min_freq=0), "The 'min_freq' parameter of ngrams"),
    (ngram_association, dict(n=4), "The 'n' parameter of ngram_association\\(\\) must be one of \\{2, 3\\}"),
    (ngram_association, dict(n=2, measures=("g2",)), "The 'measures' parameter of ngram_association"),
])
def test_ngrams_bad_arguments(demo_corpus, func, kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        func(demo_corpus, **kwargs)


def test_ngram_association_rows_agree_with_their_counts(demo_corpus):
    """Columns computed after reordering belong to the same row as the counts."""
    for n in (2, 3):
        table = ngram_association(demo_corpus, n, min_freq=1, measures=("t_score", "mi"))
        freq = table["freq"].to_numpy(float)
        r1, c1 = table["f_first"].to_numpy(float), table["f_last"].to_numpy(float)
        total = float(table["n"].iloc[0])
        assert_allclose(table["expected"], r1 * c1 / total, rtol=1e-12)
        assert_allclose(table["t_score"], stats.t_score(freq, r1, c1, total), rtol=1e-12)
        assert_allclose(table["z"], table["lambda"] / table["sigma"], rtol=1e-12)
        keys = list(zip(-table["t_score"], table["ngram"].map(lambda g: tuple(g.split()))))
        assert keys == sorted(keys)  # ties (many at min_freq=1) by n-gram, word by word


def test_ngrams_ties_by_ngram(demo_corpus):
    table = ngrams(demo_corpus, 2, min_freq=1)
    keys = list(zip(-table["freq"], table["ngram"].map(lambda g: tuple(g.split()))))
    assert keys == sorted(keys)
    assert dict(zip(table["ngram"], table["freq"])) == dict(_counter(demo_corpus, 2))
