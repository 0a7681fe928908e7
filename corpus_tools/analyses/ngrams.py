"""N-gram frequency lists and n-gram (sequence) association.

Conventions
-----------
* An n-gram is ``n`` consecutive **word tokens in one sentence**. Punctuation
  tokens **break** n-grams (they are not skipped): "said, the" gives no
  bigram "said the", because a researcher looking for multi-word
  expressions does not want sequences that a comma interrupts. N-grams
  never cross a sentence or document edge.
* Words are lower-cased unless ``lower=False``; an n-gram is written as its
  words joined by one space.
* The number of n-grams of a corpus (``n`` of the association table) is the
  number of such positions, not the number of word tokens.
* Ties are ordered by the n-gram ascending, word by word (code-point order
  of each word), so every run gives the same order.
* Counts are cached per corpus object (corpora never change), so a second
  call on the same corpus skips the counting.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd

from .. import stats
from .._compat import STR_DTYPE, infer_str
from .._validation import check_measures, check_number, check_option
from ..counts.ngrams import grouped_ngram_counts, ngram_counts, ngram_positions
from ..counts.streams import arrow_terms
from ._groups import group_column
from ._order import sort_order

logger = logging.getLogger(__name__)

__all__ = ["ngrams", "ngram_association", "NGRAM_ASSOCIATION_COLUMNS"]

NGRAM_ASSOCIATION_COLUMNS: dict[str, str] = {
    "ngram": "the n-gram, words joined by one space",
    "freq": "occurrences (O11)",
    "f_first": "n-grams whose first n-1 words are this n-gram's (R1; for bigrams: w1 in first slot)",
    "f_last": "n-grams whose last word is this n-gram's (C1)",
    "n": "n-gram positions in the corpus (N)",
    "expected": "E11 = f_first * f_last / n",
    "lambda": "quanteda's lambda: log-linear interaction of the 2^n match table, 0.5 added to each cell",
    "sigma": "standard error of lambda, sqrt(sum 1 / cell)",
    "z": "lambda / sigma",
}


def _join(corpus, lower: bool, ids: list):
    """The n-grams' words joined by one space, built in bulk by Arrow, as a pandas str array."""
    import pyarrow as pa
    import pyarrow.compute as pc

    vocab = arrow_terms(corpus, lower)
    parts = [vocab.take(pa.array(np.asarray(i, dtype=np.int64))) for i in ids]
    joined = parts[0] if len(parts) == 1 else pc.binary_join_element_wise(
        *parts, pa.scalar(" ", type=pa.large_string()))
    return pd.array(joined, dtype=STR_DTYPE)


def ngrams(corpus, n: int = 2, *, by=None, min_freq: int = 1, lower: bool = True) -> pd.DataFrame:
    """Frequency list of n-grams (n = 1..5).

    Parameters
    ----------
    corpus : Corpus
    n : int, default=2
        1 to 5.
    by : str, optional
        Count per group: a documents column or period (``"outlet"``,
        ``"month"``, ``"event:2024-06-15"``; see ``Corpus.group_labels``).
        Documents without a label are left out (and logged).
    min_freq : int, default=1
        Keep n-grams with at least this frequency (per group with ``by``).
    lower : bool, default=True
        Lower-case words first.

    Returns
    -------
    pandas.DataFrame
        ``[by,] ngram, freq`` (the ``by`` column named as in every table:
        ``"period=month"`` -> ``month``): sorted by group ascending, then ``freq``
        descending, then ``ngram`` ascending.

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": [pd.NaT], "title": [""],
    ...     "text": ["The port, the port. Port the port!"]})
    >>> ct.ngrams(ct.Corpus.from_documents(docs), 2).values.tolist()
    [['the port', 3], ['port the', 1]]
    """
    caller = "ngrams"
    check_number(n, "n", caller, low=1, high=5, integer=True)
    check_number(min_freq, "min_freq", caller, low=1, integer=True)
    check_option(lower, "lower", (True, False), caller)
    stream, starts = ngram_positions(corpus, n, lower)
    group_col = None
    if by is not None:
        labels = corpus.group_labels(by)
        codes, names = pd.factorize(labels, sort=True)
        counted = grouped_ngram_counts(corpus, n, lower, codes, names)
        if counted.positions < len(starts):
            logger.info("ngrams(): %d n-grams in documents without a %r label left out",
                        int(len(starts) - counted.positions), by)
        values, counts = [counted.group, *counted.ids], counted.freq
        group_col = group_column(by) if isinstance(by, str) else "group"  # period=month -> month
    else:
        counted = ngram_counts(corpus, n, lower)
        values, counts = list(counted.ids), counted.freq
    keep = counts >= min_freq
    values = [v[keep] for v in values]
    counts = counts[keep]
    # Rows arrive in (group, word ids) order; word ids follow the sorted
    # vocabulary, so a stable sort on (group, -freq) leaves ties by n-gram.
    if group_col is not None:
        order = np.lexsort((-counts, values[0]))
    else:
        order = sort_order(counts)  # same order as a stable argsort of -counts, faster
    data = {}
    if group_col is not None:
        data[group_col] = np.asarray(names, dtype=object)[values[0][order]]
        values = values[1:]
    data["ngram"] = _join(corpus, lower, [v[order] for v in values])
    data["freq"] = counts[order]
    table = pd.DataFrame(data)
    if group_col is not None:
        table = infer_str(table, columns=[group_col])  # labels as an object array
    table.attrs = {"analysis": "ngrams", "n": n, "by": by, "min_freq": min_freq, "lower": lower,
                   "ngram_positions": int(len(starts))}
    return table


def ngram_association(
    corpus,
    n: int = 2,
    *,
    measures: Sequence[str] = ("log_likelihood", "mi", "t_score"),
    min_freq: int = 2,
    lower: bool = True,
    smoothing: float = 0.5,
) -> pd.DataFrame:
    """Association of the words of every bigram (or trigram) in the corpus.

    Parameters
    ----------
    corpus : Corpus
    n : {2, 3}, default=2
    measures : sequence of str, default=("log_likelihood", "mi", "t_score")
        Names in :data:`corpus_tools.stats.ASSOCIATION_MEASURES`, computed on
        the 2x2 table below. The table is sorted by the first.
    min_freq : int, default=2
        Keep n-grams occurring at least this often (quanteda's ``min_count``
        default). All n-grams still count toward every margin.
    lower : bool, default=True
    smoothing : float, default=0.5
        Added to every cell of the 2^n table for lambda and z (quanteda's default).

    Returns
    -------
    pandas.DataFrame
        ``ngram, freq, f_first, f_last, n, expected``, one column per
        measure, then ``lambda, sigma, z`` (see
        :data:`NGRAM_ASSOCIATION_COLUMNS`). Sorted by the first measure
        descending (NaN last), then ngram.

    Notes
    -----
    **2x2 table.** Over the ``N`` n-gram positions of the corpus (see the
    module conventions): ``O11`` = occurrences of the n-gram, ``R1`` =
    positions whose first ``n-1`` words are the n-gram's, ``C1`` = positions
    whose last word is the n-gram's, so every cell is a count of positions
    and ``O22 >= 0``. For bigrams this is the standard w1/w2 table (w1 in the
    first slot, w2 in the second). NLTK's ``BigramAssocMeasures`` instead
    takes the margins from unigram frequencies and ``N`` from the word
    count; values differ slightly.

    **Lambda and z** follow quanteda's ``textstat_collocations`` (method
    "lambda", Blaheta & Johnson 2001): for an n-gram ``s``, every n-gram
    position falls in one cell ``b`` of a 2^n table according to which of
    its ``n`` slots hold the same word as ``s``; with ``c_b`` = cell count +
    ``smoothing``, ``lambda = sum_b (-1)^(n - |b|) log c_b``, ``sigma =
    sqrt(sum_b 1 / c_b)``, ``z = lambda / sigma``. quanteda counts every
    sequence of its tokens object (with punctuation removed it spans commas);
    here the positions are those of the module conventions.

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": [pd.NaT], "title": [""],
    ...     "text": ["New York is big. New York is far. I like York."]})
    >>> t = ct.ngram_association(ct.Corpus.from_documents(docs), measures=("mi",))
    >>> t[["ngram", "freq", "f_first", "f_last", "n"]].values.tolist()
    [['york is', 2, 2, 2, 8], ['new york', 2, 2, 3, 8]]
    """
    caller = "ngram_association"
    check_option(n, "n", (2, 3), caller)
    measures = check_measures(measures, stats.ASSOCIATION_MEASURES, caller)
    check_number(min_freq, "min_freq", caller, low=1, integer=True)
    check_option(lower, "lower", (True, False), caller)
    check_number(smoothing, "smoothing", caller, low=0)
    counted = ngram_counts(corpus, n, lower)
    v = len(counted.terms)
    if float(v) ** n >= 2 ** 62:
        raise ValueError(f"{caller}(): a vocabulary of {v:,} types is too large for n={n} keys.")
    big_n = counted.positions
    keep = counted.freq >= min_freq
    cand = [c[keep] for c in counted.ids]
    freq = counted.freq[keep]
    # M(T): positions that agree with the candidate on the slots in T, for every T.
    marginal = counted.marginals(keep)
    r1 = marginal[tuple(range(n - 1))]
    c1 = marginal[(n - 1,)]
    o = freq.astype(np.float64)
    scores = {}
    for name in measures:
        func = stats.ASSOCIATION_MEASURES[name]
        scores[name] = np.asarray(func(o, r1, c1, big_n), dtype=np.float64) if len(freq) else np.empty(0)
    lam, sigma = _lambda(marginal, n, smoothing, len(freq))
    # Candidates arrive in word-id order (= n-gram order), so ties stay sorted by n-gram.
    order = sort_order(scores[measures[0]])
    # Row-wise arithmetic (+, *, /) is exact per element, so it is done after reordering.
    freq, r1, c1, lam, sigma = freq[order], r1[order], c1[order], lam[order], sigma[order]
    columns = {"ngram": _join(corpus, lower, [c[order] for c in cand]),
               "freq": freq, "f_first": r1, "f_last": c1,
               "n": np.full(len(freq), big_n, dtype=np.int64),
               "expected": r1 * c1.astype(np.float64) / big_n if big_n else np.full(len(freq), np.nan)}
    for name in measures:
        columns[name] = scores[name][order]
    columns["lambda"] = lam
    columns["sigma"] = sigma
    with np.errstate(divide="ignore", invalid="ignore"):
        columns["z"] = lam / sigma
    # The columns are new arrays: no copy into pandas blocks needed.
    table = pd.DataFrame(columns, copy=False)
    table.attrs = {"analysis": "ngram_association", "n": n, "measures": list(measures),
                   "min_freq": min_freq, "lower": lower, "smoothing": smoothing,
                   "ngram_positions": big_n}
    return table


def _lambda(marginal: dict, n: int, smoothing: float, rows: int):
    """quanteda's lambda and sigma from the marginal counts M(T) by Moebius inversion."""
    subsets = [s for size in range(n + 1) for s in combinations(range(n), size)]
    lam = np.zeros(rows)
    inv = np.zeros(rows)
    for s in subsets:
        # Cells: positions matching exactly the slots in s = sum over T >= s of (-1)^{|T|-|s|} M(T).
        exact = np.zeros(rows, dtype=np.int64)
        for t in subsets:
            if set(s) <= set(t):
                exact += (-1) ** (len(t) - len(s)) * marginal[t]
        cell = exact + smoothing
        with np.errstate(divide="ignore"):
            lam += (-1) ** (n - len(s)) * np.log(cell)
        inv += 1.0 / cell
    return lam, np.sqrt(inv)
