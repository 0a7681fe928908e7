"""Keyness tables: which terms are relatively more (or less) frequent in a target.

:func:`keyness` compares one target selection of a corpus with a reference
(the rest of the corpus, another selection, another corpus, the Brown corpus
or a frequency list); :func:`keyness_grid` compares every group (outlet,
month, ...) at once and corrects p-values across the whole grid.

Conventions (also in the docstrings)
------------------------------------
* Corpus sizes ``c`` (target) and ``d`` (reference) are **word tokens**
  (tokens with a letter or digit); punctuation is never counted, neither in
  the sizes nor as a term.
* Frequencies are counted per document from one document-term matrix per
  corpus, unit and n-gram size, built once and cached for the life of the
  corpus object (corpora are immutable).
* A term's *range* is the number of documents of a side that contain it; its
  *DP* is Gries's deviation of proportions over the documents of that side,
  with the documents' word counts as part sizes. Both are NaN when the
  reference is a frequency list (it has no documents).
* Signed measures are positive for terms relatively more frequent in the
  target. Rows are sorted by the first requested measure, **descending by
  signed value** (positive keywords first, negative keywords last, NaN after
  everything), then by term ascending.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse

from . import stats
from ._validation import check_number, check_option
from .corpus import Corpus

logger = logging.getLogger(__name__)

__all__ = ["keyness", "keyness_grid", "read_frequency_list", "KEYNESS_COLUMNS",
           "CORRECTIONS", "P_MEASURES", "UNITS"]

UNITS = ("lower", "surface")
CORRECTIONS = ("fdr_bh", "bonferroni", "holm", None)
P_MEASURES = ("log_likelihood", "log_likelihood_2term", "chi_square", "fisher_exact")
GRID_REFERENCES = ("rest", "previous")
TOTAL_ROW = "__total__"

KEYNESS_COLUMNS: dict[str, str] = {
    "term": "the term (lower-cased word, surface form, or n-gram words joined by one space)",
    "freq_target": "occurrences in the target (word tokens)",
    "freq_reference": "occurrences in the reference (word tokens)",
    "per_million_target": "freq_target per million word tokens of the target",
    "per_million_reference": "freq_reference per million word tokens of the reference",
    "range_target": "number of target documents that contain the term",
    "range_reference": "number of reference documents that contain the term (empty for a frequency list)",
    "dp_target": "Gries's DP over target documents, part sizes = word tokens (0 even, near 1 clumped)",
    "dp_reference": "Gries's DP over reference documents (empty for a frequency list)",
    "p": "p-value of the 1-df test named by the p_measure parameter (two-sided)",
    "p_adjusted": "p adjusted for multiple comparisons across all rows of the table (grid); "
                  "empty when correction is None",
    "direction": "'target' if relatively more frequent in the target, 'reference' if less, 'equal'",
}
"""One-line description of every column a keyness table can have (measures included)."""

_MEASURE_NOTES = {
    "log_likelihood": "signed G2, full 2x2 table, natural log (positive = more frequent in target)",
    "log_likelihood_2term": "signed G2, two-cell form of the UCREL calculator",
    "chi_square": "signed Pearson chi-square, no continuity correction",
    "fisher_exact_p": "Fisher's exact test p-value, one-sided (over-represented in target)",
    "log_ratio": "Hardie's Log Ratio, log2 of the ratio of relative frequencies, zero cell -> 0.5",
    "conservative_log_ratio": "the end of Log Ratio's 95% CI nearer zero (0 if it spans zero)",
    "percent_diff": "%DIFF of normalised frequencies",
    "simple_maths": "Kilgarriff's simple maths ratio with n=1",
    "odds_ratio": "sample odds ratio (> 1 = target)",
    "relative_risk": "ratio of relative frequencies (> 1 = target)",
    "bic": "BIC approximation of the Bayes factor (unsigned)",
    "ell": "effect size for log-likelihood (unsigned)",
    "difference_coefficient": "difference coefficient of per-million frequencies, in [-1, 1]",
    "log_odds_dirichlet": "z-score of the log-odds ratio with the pooled Dirichlet prior",
}
for _name in stats.KEYNESS_MEASURES:
    KEYNESS_COLUMNS.setdefault(_name, _MEASURE_NOTES.get(_name, f"stats.{_name}"))

_BASE_FIRST = ["term", "freq_target", "freq_reference", "per_million_target", "per_million_reference",
               "range_target", "range_reference", "dp_target", "dp_reference"]
_BASE_LAST = ["p", "p_adjusted", "direction"]

# Document-term matrices per corpus object; corpora are immutable so this is safe.
_MATRICES: "weakref.WeakKeyDictionary[Corpus, dict]" = weakref.WeakKeyDictionary()
_BROWN: dict = {}


# --------------------------------------------------------------------------
# counting
# --------------------------------------------------------------------------

def _term_matrix(corpus: Corpus, unit: str, ngram: int):
    """(csr documents x terms of int64 counts, terms as an object array), cached."""
    cache = _MATRICES.setdefault(corpus, {})
    key = (unit, ngram)
    if key not in cache:
        if ngram == 1:
            matrix, terms = corpus.document_term_matrix(lower=unit == "lower", words_only=True)
            matrix = sparse.csr_array(matrix)
        else:
            matrix, terms = _ngram_matrix(corpus, unit, ngram)
        terms = np.asarray(terms, dtype=object)
        rank = np.empty(len(terms), dtype=np.int64)
        rank[np.argsort(terms, kind="stable")] = np.arange(len(terms))
        cache[key] = (matrix, terms, rank)
    return cache[key]


def _word_counts(corpus: Corpus) -> np.ndarray:
    cache = _MATRICES.setdefault(corpus, {})
    if "sizes" not in cache:
        cache["sizes"] = corpus.word_counts()
    return cache["sizes"]


def _ranks(terms) -> np.ndarray:
    """Position of each term in code-point order (for the term tiebreak)."""
    terms = np.asarray(terms, dtype=object)
    rank = np.empty(len(terms), dtype=np.int64)
    rank[np.argsort(terms, kind="stable")] = np.arange(len(terms))
    return rank


def _ngram_matrix(corpus: Corpus, unit: str, n: int):
    """n-grams of word tokens inside sentences (punctuation removed first)."""
    t = corpus.tokens
    codes_all = t.lower[t.ids] if unit == "lower" else t.ids
    forms = t.lower_vocab if unit == "lower" else t.vocab
    positions = np.flatnonzero(t.is_word[t.ids])
    codes = codes_all[positions].astype(np.int64)
    # A segment is a sentence inside a document; n-grams never cross one.
    doc = np.searchsorted(t.offsets, positions, side="right") - 1
    sent = np.searchsorted(t.sentence_starts, positions, side="right") - 1
    m = len(positions) - n + 1
    if m <= 0:
        return sparse.csr_array((len(corpus), 0), dtype=np.int64), np.empty(0, dtype=object)
    same = np.ones(m, dtype=bool)
    for k in range(1, n):
        same &= (doc[k:k + m] == doc[:m]) & (sent[k:k + m] == sent[:m])
    starts = np.flatnonzero(same)
    # Combine the n codes pairwise into compact ids so int64 never overflows.
    key = codes[starts]
    for k in range(1, n):
        width = int(codes.max()) + 1 if codes.size else 1
        _, key = np.unique(key * width + codes[starts + k], return_inverse=True)
        key = key.astype(np.int64)
    uniq, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    parts = [forms[codes[starts[first] + k]] for k in range(n)]
    terms = np.asarray([" ".join(words) for words in zip(*parts)], dtype=object)
    matrix = sparse.csr_array((np.ones(len(starts), dtype=np.int64), (doc[starts], inverse.ravel())),
                              shape=(len(corpus), len(uniq)))
    matrix.sum_duplicates()
    return matrix, terms


def _side(matrix, rows: np.ndarray, sizes: np.ndarray):
    """Frequency, range and DP of every column over the given document rows."""
    sub = matrix[rows]
    n_terms = matrix.shape[1]
    freq = np.bincount(sub.indices, weights=sub.data, minlength=n_terms).astype(np.int64)
    rng = np.bincount(sub.indices[sub.data > 0], minlength=n_terms).astype(np.int64)
    part = sizes[rows].astype(np.float64)
    total = part.sum()
    dp = np.full(n_terms, np.nan)
    if total > 0 and sub.nnz:
        # Gries's DP from the stored entries only (see stats.dp): documents
        # without the term add their share s_j; a zero-word document adds 0.
        s = part / total
        doc_of = np.repeat(np.arange(len(rows)), np.diff(sub.indptr))
        f = freq[sub.indices].astype(np.float64)
        dev = np.abs(sub.data / f - s[doc_of])
        nz_dev = np.bincount(sub.indices, weights=dev, minlength=n_terms)
        nz_s = np.bincount(sub.indices, weights=s[doc_of], minlength=n_terms)
        present = freq > 0
        dp[present] = 0.5 * (nz_dev[present] + (1.0 - nz_s[present]))
    return freq, rng, dp, int(part.sum())


def _term_major(matrix):
    """The matrix by term (CSC, sorted rows), cached next to it: each term's documents are contiguous."""
    for cache in list(_MATRICES.values()):
        for key, value in list(cache.items()):
            if isinstance(key, tuple) and len(key) == 2 and value[0] is matrix:
                if ("csc", key) not in cache:
                    cache[("csc", key)] = _make_term_major(matrix)
                return cache[("csc", key)]
    return _make_term_major(matrix)


def _make_term_major(matrix):
    csc = sparse.csc_array(matrix)
    csc.sort_indices()
    lengths = np.diff(csc.indptr)
    present = np.flatnonzero(lengths > 0)
    return csc, present, lengths[present]


def _two_sides(matrix, side: np.ndarray, sizes: np.ndarray):
    """Frequency, range, DP and size for target (side 0) and reference (side 1) in one pass.

    ``side`` gives each document 0, 1 or -1 (in neither). Runs over the
    term-major copy of the matrix so that every sum is a sequential
    ``reduceat`` over each term's run of documents; no sub-matrix is copied.
    """
    n_terms = matrix.shape[1]
    csc, present, lengths = _term_major(matrix)
    out = []
    if not len(present):
        empty = np.zeros(n_terms, dtype=np.int64)
        return [(empty, empty, np.full(n_terms, np.nan), 0)] * 2
    starts = csc.indptr[present]
    entry_side = side[csc.indices]
    v = csc.data.astype(np.float64)
    for k in (0, 1):
        mine = side == k
        size = int(sizes[mine].sum())
        on = (entry_side == k)
        vk = np.where(on, v, 0.0)
        f = np.add.reduceat(vk, starts)
        r = np.add.reduceat(on.astype(np.int64), starts)
        share = np.zeros(len(sizes))
        if size > 0:
            share[mine] = sizes[mine] / size
        s_e = np.where(on, share[csc.indices], 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            dev = np.where(on, np.abs(vk / np.repeat(f, lengths) - s_e), 0.0)
        nz_dev = np.add.reduceat(dev, starts)
        nz_s = np.add.reduceat(s_e, starts)
        freq = np.zeros(n_terms, dtype=np.int64)
        freq[present] = f.astype(np.int64)
        rng = np.zeros(n_terms, dtype=np.int64)
        rng[present] = r
        dp = np.full(n_terms, np.nan)
        has = f > 0
        dp[present[has]] = 0.5 * (nz_dev[has] + (1.0 - nz_s[has]))
        out.append((freq, rng, dp, size))
    return out[0], out[1]


# --------------------------------------------------------------------------
# selections and references
# --------------------------------------------------------------------------

def _selection_mask(corpus: Corpus, selector, name: str, caller: str) -> np.ndarray:
    n = len(corpus)
    if callable(selector):
        chosen = np.asarray(selector(corpus.documents), dtype=bool)
    elif isinstance(selector, Mapping):
        chosen = np.ones(n, dtype=bool)
        for key, wanted in selector.items():
            if key == "date":
                chosen &= corpus._date_mask(wanted)
                continue
            try:
                labels = corpus.group_labels(key)
            except (ValueError, TypeError) as error:
                raise ValueError(f"The {name!r} parameter of {caller}(): unknown selector field "
                                 f"{key!r}. {error}") from None
            if isinstance(wanted, (list, tuple, set, frozenset, np.ndarray, pd.Series)):
                chosen &= labels.isin(list(wanted)).to_numpy(dtype=bool)
            else:
                chosen &= (labels == wanted).fillna(False).to_numpy(dtype=bool)
    elif isinstance(selector, (np.ndarray, pd.Series, list)):
        chosen = np.asarray(selector, dtype=bool)
    else:
        raise TypeError(f"The {name!r} parameter of {caller}() must be a dict of selectors "
                        f"(e.g. {{'outlet': 'X'}}), a callable or a boolean mask. Got {selector!r} instead.")
    if chosen.shape != (n,):
        raise ValueError(f"The {name!r} parameter of {caller}() gave {chosen.shape[0]} booleans "
                         f"for {n} documents.")
    if not chosen.any():
        raise ValueError(f"The {name} selection {_describe(selector)} matched no documents.")
    return chosen


def _describe(selector) -> str:
    if callable(selector):
        return f"<callable {getattr(selector, '__name__', 'mask')}>"
    if isinstance(selector, Mapping):
        return "{" + ", ".join(f"{k}={v!r}" for k, v in selector.items()) + "}"
    if isinstance(selector, (np.ndarray, pd.Series, list)):
        return f"<boolean mask, {int(np.asarray(selector, dtype=bool).sum())} true>"
    return repr(selector)


def read_frequency_list(source, *, total: int | None = None,
                        unit: Literal["lower", "surface"] = "lower"):
    """Read a reference frequency list: a CSV path, a pandas Series or a dict.

    Parameters
    ----------
    source : str, Path, pandas.Series or dict
        A UTF-8 CSV with a header row and the columns ``word,count`` (one
        row per word; an optional row ``__total__,N`` gives the corpus size),
        or a mapping / Series of word -> count.
    total : int, optional
        The reference corpus size in word tokens. Required unless the CSV
        (or mapping) has a ``__total__`` entry; when both are given they
        must agree.
    unit : {"lower", "surface"}, default="lower"
        With "lower" the words are lower-cased and counts of words that
        become equal are added up.

    Returns
    -------
    counts : pandas.Series
        int64 counts indexed by word (str), sorted by word.
    total : int
        The reference size, at least the sum of the counts.

    Examples
    --------
    >>> counts, n = read_frequency_list({"Rain": 2, "rain": 1, "sun": 4}, total=100)
    >>> counts.to_dict(), n
    ({'rain': 3, 'sun': 4}, 100)
    """
    caller = "read_frequency_list"
    check_option(unit, "unit", UNITS, caller)
    if isinstance(source, (str, Path)):
        table = pd.read_csv(source, dtype={"word": "str"}, keep_default_na=False, encoding="utf-8")
        if list(table.columns[:2]) != ["word", "count"]:
            raise ValueError(f"{source}: a frequency list needs the header 'word,count'; "
                             f"got {list(table.columns)}")
        series = pd.Series(table["count"].to_numpy(), index=table["word"].astype(str))
    elif isinstance(source, pd.Series):
        series = source.copy()
        series.index = series.index.astype(str)
    elif isinstance(source, Mapping):
        series = pd.Series(dict(source), dtype="float64")
        series.index = series.index.astype(str)
    else:
        raise TypeError(f"The 'reference' frequency list must be a CSV path, a pandas Series or a "
                        f"dict. Got {type(source).__name__} instead.")
    listed_total = None
    if TOTAL_ROW in series.index:
        listed_total = series.loc[TOTAL_ROW]
        listed_total = int(np.asarray(listed_total).ravel()[0])
        series = series.drop(TOTAL_ROW)
    values = pd.to_numeric(series, errors="coerce")
    bad = values.isna() | (values < 0) | (values != np.floor(values))
    if bad.any():
        word = values.index[np.flatnonzero(bad.to_numpy())[0]]
        raise ValueError(f"frequency list: the count of {word!r} must be a non-negative integer; "
                         f"got {series.loc[word]!r}")
    counts = values.astype(np.int64)
    if unit == "lower":
        counts = counts.groupby(counts.index.str.lower()).sum()
    else:
        counts = counts.groupby(counts.index).sum()
    counts = counts.sort_index()
    if total is None and listed_total is None:
        raise ValueError("The 'total' parameter is required for a frequency list without a "
                         f"'{TOTAL_ROW}' row: give the reference corpus size in word tokens.")
    if total is not None:
        check_number(total, "total", caller, low=1, integer=True)
        if listed_total is not None and listed_total != total:
            raise ValueError(f"The 'total' parameter ({total}) disagrees with the list's "
                             f"{TOTAL_ROW} row ({listed_total}).")
    size = int(total if total is not None else listed_total)
    if size < int(counts.sum()) or size <= 0:
        raise ValueError(f"frequency list: the total {size} is smaller than the sum of the counts "
                         f"{int(counts.sum())} (or not positive).")
    return counts, size


def _brown_corpus() -> Corpus:
    """The Brown corpus from NLTK data, tokenised once per process."""
    if "corpus" not in _BROWN:
        from .loaders import load_nltk

        loaded = load_nltk("brown")
        _BROWN["corpus"] = Corpus.from_documents(loaded.documents,
                                                 provenance={"sources": loaded.sources})
    return _BROWN["corpus"]


# --------------------------------------------------------------------------
# table assembly
# --------------------------------------------------------------------------

def _check_options(caller, measures, unit, ngram, min_freq, min_range, stopwords, correction, p_measure):
    if isinstance(measures, str):
        measures = (measures,)
    if not isinstance(measures, Iterable):
        raise TypeError(f"The 'measures' parameter of {caller}() must be a measure name or a "
                        f"sequence of them. Got {measures!r} instead.")
    measures = tuple(measures)
    if not measures:
        raise ValueError(f"The 'measures' parameter of {caller}() must name at least one of "
                         f"{{{', '.join(repr(m) for m in stats.KEYNESS_MEASURES)}}}. Got () instead.")
    for m in measures:
        check_option(m, "measures", tuple(stats.KEYNESS_MEASURES), caller)
    if len(set(measures)) != len(measures):
        raise ValueError(f"The 'measures' parameter of {caller}() must not repeat a measure. "
                         f"Got {measures!r} instead.")
    check_option(unit, "unit", UNITS, caller)
    check_number(ngram, "ngram", caller, low=1, high=5, integer=True)
    check_number(min_freq, "min_freq", caller, low=0, integer=True)
    check_number(min_range, "min_range", caller, low=0, integer=True)
    check_option(correction, "correction", CORRECTIONS, caller)
    check_option(p_measure, "p_measure", P_MEASURES, caller)
    if stopwords is not None:
        if isinstance(stopwords, str) or not isinstance(stopwords, Iterable):
            raise TypeError(f"The 'stopwords' parameter of {caller}() must be a collection of "
                            f"words or None. Got {stopwords!r} instead.")
        stopwords = frozenset(str(w).lower() if unit == "lower" else str(w) for w in stopwords)
    return measures, stopwords


def _p_values(p_measure, a, b, c, d):
    if p_measure == "fisher_exact":
        return np.asarray(stats.fisher_exact_p(a, b, c, d, alternative="two-sided"), dtype=float)
    stat = getattr(stats, p_measure)(a, b, c, d)
    return np.asarray(stats.p_value_chi2(stat), dtype=float)


def _assemble(terms, rank, ft, fr, rt, rr, dpt, dpr, c: int, d: int, opts: dict) -> pd.DataFrame:
    """One sorted table (p not yet adjusted) for aligned count arrays; ``rank`` orders terms."""
    keep = (ft > 0) | (fr > 0)
    mf, mr = opts["min_freq"], opts["min_range"]
    if mf:
        keep &= (ft >= mf) | (fr >= mf)
    if mr:
        # A frequency-list reference has no range: only the target's counts.
        rr_ok = np.nan_to_num(rr, nan=-1) >= mr
        keep &= (rt >= mr) | rr_ok
    if opts["stopwords"]:
        sw = opts["stopwords"]
        idx = np.flatnonzero(keep)
        drop = np.fromiter((any(w in sw for w in str(terms[i]).split(" ")) for i in idx),
                           dtype=bool, count=len(idx))
        keep[idx[drop]] = False
    idx = np.flatnonzero(keep)
    a = ft[idx].astype(np.int64)
    b = fr[idx].astype(np.int64)
    # Every measure is a function of (a, b) once c and d are fixed, and most
    # terms share their pair with others: compute each distinct pair once.
    width = int(b.max()) + 1 if len(b) else 1
    pairs, first, inverse = np.unique(a * width + b, return_index=True, return_inverse=True)
    ua, ub = a[first].astype(np.float64), b[first].astype(np.float64)
    values = {m: np.asarray(stats.get_measure(m)(ua, ub, float(c), float(d)), dtype=np.float64)[inverse]
              for m in opts["measures"]}
    p = _p_values(opts["p_measure"], ua, ub, float(c), float(d))[inverse]
    # Sort: first measure descending (signed), NaN last, then term ascending.
    key = values[opts["measures"][0]]
    order = np.lexsort((rank[idx], -np.nan_to_num(key, nan=0.0), np.isnan(key)))
    idx, a, b, p = idx[order], a[order], b[order], p[order]
    table = {
        "term": idx,
        "freq_target": a,
        "freq_reference": b,
        "per_million_target": a * 1e6 / c,
        "per_million_reference": b * 1e6 / d,
        "range_target": _counts_or_na(rt[idx]),
        "range_reference": _counts_or_na(rr[idx]),
        "dp_target": dpt[idx],
        "dp_reference": dpr[idx],
    }
    for m in opts["measures"]:
        table[m] = values[m][order]
    table["p"] = p
    table["p_adjusted"] = np.full(len(idx), np.nan)
    cross = a * np.int64(d) - b * np.int64(c)  # exact sign of a/c - b/d
    table["direction"] = np.sign(cross).astype(np.int8) + 1
    return table


_DIRECTIONS = np.asarray(["reference", "equal", "target"], dtype=object)


def _frame(parts: list, terms, opts: dict, *, categorical: bool, groups: dict | None = None) -> pd.DataFrame:
    """The final table from _assemble's column dicts (term = index into ``terms``).

    Adjusts ``p`` over all rows (the whole grid) and puts the columns in
    their documented order, building the DataFrame once without copies.
    """
    cols = dict(groups or {})
    for name in [*_BASE_FIRST, *opts["measures"], *_BASE_LAST]:
        values = [part[name] for part in parts]
        if isinstance(values[0], pd.api.extensions.ExtensionArray):
            cols[name] = values[0]._concat_same_type(values) if len(values) > 1 else values[0]
        else:
            cols[name] = np.concatenate(values) if len(values) > 1 else values[0]
    terms = np.asarray(terms, dtype=object)
    if categorical:
        # Big grids: codes into the term list, no per-row string objects.
        cols["term"] = pd.Categorical.from_codes(cols["term"], categories=pd.Index(terms, dtype="str"))
        cols["direction"] = pd.Categorical.from_codes(cols["direction"], categories=list(_DIRECTIONS))
    else:
        cols["term"] = pd.array(terms[cols["term"]], dtype="str")
        cols["direction"] = pd.array(_DIRECTIONS[cols["direction"]], dtype="str")
    if opts["correction"] is not None and len(cols["p"]):
        cols["p_adjusted"] = np.asarray(stats.adjust_p(cols["p"], method=opts["correction"]), dtype=float)
    return pd.DataFrame(cols, copy=False)


def _range_dtype(values) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)


def _counts_or_na(values) -> pd.api.extensions.ExtensionArray:
    """Document counts as nullable Int64 (NA where unknown: a frequency-list reference)."""
    values = np.asarray(values, dtype=np.float64)
    missing = np.isnan(values)
    return pd.arrays.IntegerArray(np.where(missing, 0, values).astype(np.int64), missing)


# --------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------

def keyness(
    corpus: Corpus,
    *,
    target,
    reference="rest",
    measures: Sequence[str] | str = ("log_likelihood", "log_ratio"),
    unit: Literal["lower", "surface"] = "lower",
    ngram: int = 1,
    min_freq: int = 0,
    min_range: int = 0,
    stopwords: Iterable[str] | None = None,
    correction: Literal["fdr_bh", "bonferroni", "holm"] | None = "fdr_bh",
    p_measure: Literal["log_likelihood", "log_likelihood_2term", "chi_square", "fisher_exact"]
    = "log_likelihood",
    total: int | None = None,
) -> pd.DataFrame:
    """Keywords of a target selection against a reference, as a tidy table.

    Parameters
    ----------
    corpus : Corpus
    target : dict, callable or boolean mask
        Which documents form the target: selectors such as
        ``{"outlet": "X", "date": ("2016-01-01", "2016-12-31"), "month": "2016-03"}``
        (a list value means "any of"; ``date`` is an inclusive range; any
        documents column or period of :meth:`Corpus.group_labels` works), a
        function of ``corpus.documents`` returning booleans, or a boolean
        array with one value per document.
    reference : "rest", dict, callable, mask, Corpus, "brown", path, Series or dict of counts
        ``"rest"`` (default): every document not in the target. A selector
        (as for ``target``): those documents of the same corpus (overlap
        with the target is allowed but logged). Another :class:`Corpus`.
        ``"brown"``: the Brown corpus from NLTK data (needs ``NLTK_DATA``;
        tokenised once per process). A frequency list: a CSV path (see
        :func:`read_frequency_list`: header ``word,count``, optional row
        ``__total__,N``), or a ``pandas.Series`` / ``dict`` of counts with
        ``total=`` (or a ``"__total__"`` entry).
    measures : str or sequence of str, default=("log_likelihood", "log_ratio")
        Names from :data:`corpus_tools.stats.KEYNESS_MEASURES`, each one a
        column in this order, computed with the measure's default options.
    unit : {"lower", "surface"}, default="lower"
        Count lower-cased forms together, or surface forms apart.
    ngram : int, default=1
        1 to 5. n-grams are runs of n word tokens inside one sentence
        (punctuation is removed first, so "rain, then" is the bigram
        "rain then"); the term is the words joined by one space.
    min_freq : int, default=0
        Keep a term only if its frequency reaches ``min_freq`` in the target
        **or** in the reference (so negative keywords survive).
    min_range : int, default=0
        Keep a term only if it occurs in at least ``min_range`` documents of
        the target or of the reference (a frequency list has no documents:
        only the target counts).
    stopwords : collection of str, optional
        Terms to leave out; an n-gram is left out if any of its words is one
        (compared lower-cased when ``unit="lower"``).
    correction : {"fdr_bh", "bonferroni", "holm", None}, default="fdr_bh"
        Multiple-comparison adjustment of ``p`` over all rows of the table
        after filtering; None leaves ``p_adjusted`` empty (NaN).
    p_measure : {"log_likelihood", "log_likelihood_2term", "chi_square", "fisher_exact"}
        Default "log_likelihood".
        The 1-df test behind ``p``: chi-square survival function of the
        statistic, or Fisher's exact test (two-sided).
    total : int, optional
        Size of a frequency-list reference in word tokens.

    Returns
    -------
    pandas.DataFrame
        Columns, in order: ``term, freq_target, freq_reference,
        per_million_target, per_million_reference, range_target,
        range_reference, dp_target, dp_reference``, each measure, ``p,
        p_adjusted, direction`` (see :data:`KEYNESS_COLUMNS`). One row per
        term present in the target or the reference (after the filters),
        negative keywords included; sorted by the first measure descending
        (signed: positive keywords first), NaN last, then term ascending.
        ``table.attrs`` holds every parameter, the sizes ``c`` and ``d``
        (word tokens) and the document counts of both sides.

    Raises
    ------
    ValueError
        For an invalid parameter (the message names it and lists the allowed
        values) and for a selection that matches no documents.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
    ...     "date": pd.to_datetime(["2020-01-01"] * 3), "title": ["", "", ""],
    ...     "text": ["rain rain sun", "rain wind", "sun sun wind"]})
    >>> table = keyness(Corpus.from_documents(docs), target={"outlet": "X"})
    >>> table[["term", "freq_target", "freq_reference", "direction"]].values.tolist()
    [['rain', 3, 0, 'target'], ['wind', 1, 1, 'reference'], ['sun', 1, 2, 'reference']]
    """
    caller = "keyness"
    if not isinstance(corpus, Corpus):
        raise TypeError("The 'corpus' parameter of keyness() must be a Corpus. "
                        f"Got {type(corpus).__name__} instead.")
    measures, sw = _check_options(caller, measures, unit, ngram, min_freq, min_range, stopwords,
                                  correction, p_measure)
    opts = dict(measures=measures, min_freq=min_freq, min_range=min_range, stopwords=sw,
                correction=correction, p_measure=p_measure)
    matrix, terms, rank = _term_matrix(corpus, unit, ngram)
    sizes = _word_counts(corpus)
    t_mask = _selection_mask(corpus, target, "target", caller)
    t_rows = np.flatnonzero(t_mask)
    c = int(sizes[t_rows].sum())
    if c == 0:
        raise ValueError(f"The target selection {_describe(target)} has no word tokens.")
    kind = _reference_kind(reference, corpus)
    if kind in ("corpus", "list") or (kind == "selector" and _overlaps(corpus, reference, t_mask, caller)):
        ft, rt, dpt, c = _side(matrix, t_rows, sizes)
    attrs = {"analysis": "keyness", "target": _describe(target), "reference": None,
             "measures": list(measures), "unit": unit, "ngram": ngram, "min_freq": min_freq,
             "min_range": min_range, "stopwords": None if sw is None else sorted(sw),
             "correction": correction, "p_measure": p_measure, "size_convention": "word tokens",
             "documents_target": int(len(t_rows)), "c_target_words": c}

    if kind == "rest":
        r_rows = np.flatnonzero(~t_mask)
        if not len(r_rows):
            raise ValueError(f"The reference 'rest' is empty: the target selection {_describe(target)} "
                             "matched every document.")
        side = np.where(t_mask, 0, 1)
        (ft, rt, dpt, c), (fr, rr, dpr, d) = _two_sides(matrix, side, sizes)
        attrs.update(reference="rest", documents_reference=int(len(r_rows)))
        all_terms = terms
    elif kind == "corpus":
        other = _brown_corpus() if isinstance(reference, str) else reference
        o_matrix, o_terms, _ = _term_matrix(other, unit, ngram)
        fr0, rr0, dpr0, d = _side(o_matrix, np.arange(len(other)), _word_counts(other))
        all_terms, (ft, rt, dpt), (fr, rr, dpr) = _align(terms, (ft, rt, dpt), o_terms, (fr0, rr0, dpr0))
        attrs.update(reference="brown (NLTK)" if isinstance(reference, str) else "another corpus",
                     documents_reference=int(len(other)), reference_fingerprint=corpus_fingerprint(other))
    elif kind == "list":
        counts, d = read_frequency_list(reference, total=total, unit=unit)
        nan = np.full(len(counts), np.nan)
        all_terms, (ft, rt, dpt), (fr, rr, dpr) = _align(
            terms, (ft, rt, dpt), counts.index.to_numpy(dtype=object),
            (counts.to_numpy(dtype=np.int64), nan, nan))
        attrs.update(reference=(Path(reference).name if isinstance(reference, (str, Path))
                                else "frequency list"), documents_reference=None)
    else:
        r_mask = _selection_mask(corpus, reference, "reference", caller)
        overlap = int((r_mask & t_mask).sum())
        if overlap:
            logger.warning("target and reference share %d documents", overlap)
        r_rows = np.flatnonzero(r_mask)
        if overlap:
            fr, rr, dpr, d = _side(matrix, r_rows, sizes)
        else:
            side = np.where(t_mask, 0, np.where(r_mask, 1, -1))
            (ft, rt, dpt, c), (fr, rr, dpr, d) = _two_sides(matrix, side, sizes)
        attrs.update(reference=_describe(reference), documents_reference=int(len(r_rows)),
                     overlap_documents=overlap)
        all_terms = terms
    if total is not None and kind != "list":
        raise ValueError("The 'total' parameter of keyness() is only for a frequency-list reference. "
                         f"Got total={total!r} with reference={_describe(reference)}.")
    if d == 0:
        raise ValueError("The reference has no word tokens.")
    attrs["d_reference_words"] = int(d)
    if all_terms is not terms:
        rank = _ranks(all_terms)
    table = _frame([_assemble(all_terms, rank, ft, fr, _range_dtype(rt), _range_dtype(rr), dpt, dpr, c, d,
                              opts)], all_terms, opts, categorical=False)
    table.attrs.update(attrs)
    table.attrs["rows"] = int(len(table))
    return table


def _overlaps(corpus, reference, t_mask, caller) -> bool:
    return bool((_selection_mask(corpus, reference, "reference", caller) & t_mask).any())


def _reference_kind(reference, corpus: Corpus) -> str:
    """'rest', 'corpus' (another corpus or brown), 'list' (frequency list) or 'selector'."""
    if isinstance(reference, str) and reference in ("rest", "brown"):
        return "rest" if reference == "rest" else "corpus"
    if isinstance(reference, Corpus):
        return "corpus"
    if isinstance(reference, (str, Path, pd.Series)):
        return "list"
    if isinstance(reference, Mapping):
        return "selector" if _is_selector(reference, corpus) else "list"
    return "selector"


def _is_selector(reference: Mapping, corpus: Corpus) -> bool:
    """A dict whose keys are all documents columns, periods or 'date' selects documents."""
    for key in reference:
        if key == "date":
            continue
        try:
            corpus.group_labels(key)
        except (ValueError, TypeError):
            return False
    return True


def _align(terms_a, arrays_a, terms_b, arrays_b):
    """Put two sides' arrays on the union of their terms (sorted)."""
    union = pd.Index(np.asarray(terms_a, dtype=object)).union(pd.Index(np.asarray(terms_b, dtype=object)))
    out = []
    for terms, arrays in ((terms_a, arrays_a), (terms_b, arrays_b)):
        pos = union.get_indexer(pd.Index(np.asarray(terms, dtype=object)))
        placed = []
        for arr in arrays:
            fill = 0 if np.issubdtype(np.asarray(arr).dtype, np.integer) else np.nan
            full = np.full(len(union), fill, dtype=np.asarray(arr).dtype)
            full[pos] = arr
            placed.append(full)
        out.append(tuple(placed))
    # A term unseen on one side has frequency 0 and range 0 there (DP undefined).
    return union.to_numpy(dtype=object), out[0], out[1]


def _group_column(by: str) -> str:
    spec = by.split("=", 1)[1] if by.startswith("period=") else by
    return spec.split(":", 1)[0]


def keyness_grid(
    corpus: Corpus,
    *,
    by: str | Sequence[str] = "outlet",
    reference: Literal["rest", "previous"] = "rest",
    measures: Sequence[str] | str = ("log_likelihood", "log_ratio"),
    unit: Literal["lower", "surface"] = "lower",
    ngram: int = 1,
    min_freq: int = 0,
    min_range: int = 0,
    stopwords: Iterable[str] | None = None,
    correction: Literal["fdr_bh", "bonferroni", "holm"] | None = "fdr_bh",
    p_measure: Literal["log_likelihood", "log_likelihood_2term", "chi_square", "fisher_exact"]
    = "log_likelihood",
    min_documents: int = 1,
) -> pd.DataFrame:
    """Keyness of every group (outlet, month, ...) in one long table.

    Parameters
    ----------
    corpus : Corpus
    by : str or sequence of str, default="outlet"
        Grouping: documents columns or periods (``"month"``,
        ``"period=month"``, ``"event:2016-11-08"``, ...; see
        :meth:`Corpus.group_labels`). Several give one group per combination.
    reference : {"rest", "previous"}, default="rest"
        ``"rest"``: each group against all other documents that have a
        label. ``"previous"``: each group against the group before it in
        sorted label order; with several ``by`` columns, the previous label
        of the **last** column within the same labels of the others (e.g.
        the previous month of the same outlet). A group with no predecessor
        is skipped and listed in ``attrs["notes"]``.
    measures, unit, ngram, min_freq, min_range, stopwords, correction, p_measure
        As in :func:`keyness`.
    min_documents : int, default=1
        Leave out groups with fewer documents (listed in ``attrs``).

    Returns
    -------
    pandas.DataFrame
        The group column(s) first (named after ``by``: ``outlet``, ``month``,
        ``event``...), then the columns of :func:`keyness`. ``p_adjusted``
        is corrected across **all rows of all groups**. Sorted by group,
        then as in :func:`keyness`. Documents with a missing label are left
        out (of the groups and of every "rest"); ``attrs["documents_unlabelled"]``
        counts them. Grids run to millions of rows, so the group columns,
        ``term`` and ``direction`` are pandas Categoricals (``term``'s
        categories are the whole vocabulary; use ``.astype(str)`` for plain
        strings). ``dp_reference`` of "rest" is computed by a sorted
        prefix-sum shortcut that equals the direct value of :func:`keyness`
        up to float rounding (about 1e-13).

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
    ...     "date": pd.to_datetime(["2020-01-01"] * 3), "title": ["", "", ""],
    ...     "text": ["rain rain sun", "rain wind", "sun sun wind"]})
    >>> grid = keyness_grid(Corpus.from_documents(docs), by="outlet")
    >>> grid[["outlet", "term", "freq_target", "freq_reference"]].head(2).values.tolist()
    [['X', 'rain', 3, 0], ['X', 'wind', 1, 1]]
    """
    caller = "keyness_grid"
    by_list = [by] if isinstance(by, str) else list(by) if isinstance(by, (list, tuple)) else None
    if not by_list or not all(isinstance(b, str) for b in by_list):
        raise TypeError(f"The 'by' parameter of keyness_grid() must be a str or a list of str. "
                        f"Got {by!r} instead.")
    check_option(reference, "reference", GRID_REFERENCES, caller)
    check_number(min_documents, "min_documents", caller, low=1, integer=True)
    measures, sw = _check_options(caller, measures, unit, ngram, min_freq, min_range, stopwords,
                                  correction, p_measure)
    opts = dict(measures=measures, min_freq=min_freq, min_range=min_range, stopwords=sw,
                correction=correction, p_measure=p_measure)
    columns = [_group_column(b) for b in by_list]
    if len(set(columns)) != len(columns):
        raise ValueError(f"The 'by' parameter of keyness_grid() names the same column twice: {by_list!r}.")
    labels = pd.DataFrame({col: corpus.group_labels(b).to_numpy() for col, b in zip(columns, by_list)})
    labelled = labels.notna().all(axis=1).to_numpy()
    n_unlabelled = int((~labelled).sum())
    if not labelled.any():
        raise ValueError(f"No document has a label for by={by_list!r}.")
    keys = labels[labelled].astype(str)
    group_ids = keys.groupby(columns, sort=True).ngroup().to_numpy()
    group_labels = keys.groupby(columns, sort=True).size()
    names = list(group_labels.index)  # sorted label tuples (or scalars)
    names = [n if isinstance(n, tuple) else (n,) for n in names]
    doc_rows = np.flatnonzero(labelled)
    sizes = _word_counts(corpus)
    matrix, terms, rank = _term_matrix(corpus, unit, ngram)

    notes, small = [], []
    counts = group_labels.to_numpy()
    # Group sums at once: indicator (groups x documents) @ DTM.
    indicator = sparse.csr_array((np.ones(len(doc_rows)), (group_ids, doc_rows)),
                                 shape=(len(names), len(corpus)))
    group_freq = (indicator @ matrix).toarray().astype(np.int64)
    binary = matrix.copy()
    binary.data = (binary.data > 0).astype(np.int64)
    group_range = (indicator @ binary).toarray().astype(np.int64)
    group_size = np.bincount(group_ids, weights=sizes[doc_rows], minlength=len(names)).astype(np.int64)
    total_freq = group_freq.sum(axis=0)
    total_range = group_range.sum(axis=0)
    total_size = int(group_size.sum())

    order = np.argsort(group_ids, kind="stable")
    rows_by_group = np.split(doc_rows[order], np.cumsum(counts)[:-1])
    dp_cache: dict[int, np.ndarray] = {}
    rest_dp = None

    def dp_of(g: int) -> np.ndarray:
        if g not in dp_cache:
            dp_cache[g] = _side(matrix, rows_by_group[g], sizes)[2]
        return dp_cache[g]

    pieces, kept = [], []
    for g, name in enumerate(names):
        if counts[g] < min_documents:
            small.append(list(name))
            continue
        if reference == "rest":
            if len(rows_by_group[g]) == len(doc_rows):
                notes.append(f"group {list(name)} is the only group: no reference, skipped")
                continue
            fr = total_freq - group_freq[g]
            rr = total_range - group_range[g]
            d = total_size - int(group_size[g])
            if rest_dp is None:
                rest_dp = _RestDP(matrix, doc_rows, sizes)
            dpr = rest_dp.dp(rows_by_group[g], fr, d)
        else:
            prev = g - 1
            while prev >= 0 and counts[prev] < min_documents:
                prev -= 1
            if prev < 0 or names[prev][:-1] != name[:-1]:
                notes.append(f"group {list(name)} has no previous group: skipped")
                continue
            fr, rr, dpr, d = group_freq[prev], group_range[prev], dp_of(prev), int(group_size[prev])
        c = int(group_size[g])
        if c == 0 or d == 0:
            notes.append(f"group {list(name)}: a side has no word tokens, skipped")
            continue
        piece = _assemble(terms, rank, group_freq[g], fr, _range_dtype(group_range[g]), _range_dtype(rr),
                          dp_of(g), dpr, c, d, opts)
        piece["_group"] = np.full(len(piece["term"]), len(kept), dtype=np.int64)
        kept.append(name)
        pieces.append(piece)
        dp_cache.pop(g - 2, None)  # "previous" only looks one group back
    if not pieces:
        raise ValueError(f"keyness_grid(): no group could be compared (by={by_list!r}, "
                         f"reference={reference!r}); notes: {notes}")
    group_codes = np.concatenate([piece.pop("_group") for piece in pieces])
    groups = {}
    for pos, col in enumerate(columns):
        labels = [name[pos] for name in kept]
        categories = sorted(set(labels))
        where = {label: i for i, label in enumerate(categories)}
        groups[col] = pd.Categorical.from_codes(
            np.asarray([where[x] for x in labels], dtype=np.int64)[group_codes], categories=categories)
    table = _frame(pieces, terms, opts, categorical=True, groups=groups)
    table.attrs.update({
        "analysis": "keyness_grid", "by": by_list, "reference": reference, "measures": list(measures),
        "unit": unit, "ngram": ngram, "min_freq": min_freq, "min_range": min_range,
        "stopwords": None if sw is None else sorted(sw), "correction": correction,
        "correction_family": "all rows of all groups", "p_measure": p_measure,
        "size_convention": "word tokens", "groups": len(pieces), "documents_unlabelled": n_unlabelled,
        "groups_below_min_documents": small, "notes": notes, "rows": int(len(table)),
    })
    return table


class _RestDP:
    """DP over "all labelled documents except one group", for every group, without rescanning.

    For a term with reference frequency ``f`` and reference size ``S``, DP is
    ``0.5 * (sum_j |v_j / f - z_j / S| + 1 - sum_j z_j / S)`` over the
    reference documents ``j`` that contain the term (``v_j`` its count,
    ``z_j`` the document's word tokens). The sum over all labelled documents
    splits at ``v_j / z_j = f / S``: below it each term of the sum is
    ``z_j / S - v_j / f``, above it ``v_j / f - z_j / S``. With the entries
    of every term sorted once by ``v_j / z_j`` and exact integer prefix sums of
    ``v`` and ``z``, each group needs one binary search per term,
    minus the exact contributions of its own documents (an O(own entries)
    pass). The result equals the direct computation up to float rounding
    (about 1e-13 at worst, when the group holds nearly all of a term).
    """

    def __init__(self, matrix, doc_rows: np.ndarray, sizes: np.ndarray):
        sub = matrix[doc_rows]
        n_terms = matrix.shape[1]
        term = sub.indices.astype(np.int64)
        v = sub.data.astype(np.int64)
        z = np.repeat(sizes[doc_rows].astype(np.int64), np.diff(sub.indptr))
        q = v / z
        order = np.lexsort((q, term))
        # Exact ranks of the ratios make (term, rank) one sortable int64 key.
        self.q_values, q_rank = np.unique(q, return_inverse=True)
        self.width = len(self.q_values) + 1
        self.keys = term[order] * self.width + q_rank.ravel()[order]
        term_sorted = term[order]
        self.start = np.searchsorted(term_sorted, np.arange(n_terms), side="left")
        self.end = np.searchsorted(term_sorted, np.arange(n_terms), side="right")
        self.cv = np.concatenate(([0], np.cumsum(v[order])))
        self.cz = np.concatenate(([0], np.cumsum(z[order])))
        self.matrix, self.sizes, self.n_terms = matrix, sizes, n_terms

    def dp(self, group_rows: np.ndarray, f_ref: np.ndarray, s_ref: int) -> np.ndarray:
        out = np.full(self.n_terms, np.nan)
        live = np.flatnonzero(f_ref > 0)
        f = f_ref[live].astype(np.float64)
        t = f / s_ref
        s0, e0 = self.start[live], self.end[live]
        # lo = first entry of the term's run with ratio > t (exact float comparisons).
        rank_t = np.searchsorted(self.q_values, t, side="right")
        lo = np.searchsorted(self.keys, live * self.width + rank_t, side="left")
        below_v = self.cv[lo] - self.cv[s0]
        below_z = self.cz[lo] - self.cz[s0]
        above_v = self.cv[e0] - self.cv[lo]
        above_z = self.cz[e0] - self.cz[lo]
        total = (above_v - below_v) / f + (below_z - above_z) / s_ref
        # Take out the group's own documents exactly.
        sub = self.matrix[group_rows]
        z = np.repeat(self.sizes[group_rows].astype(np.float64), np.diff(sub.indptr))
        fr_all = np.where(f_ref > 0, f_ref, 1).astype(np.float64)
        own = np.abs(sub.data / fr_all[sub.indices] - z / s_ref)
        own_sum = np.bincount(sub.indices, weights=own, minlength=self.n_terms)[live]
        own_z = np.bincount(sub.indices, weights=z, minlength=self.n_terms)[live]
        z_ref = (self.cz[e0] - self.cz[s0]) - own_z
        out[live] = 0.5 * ((total - own_sum) + (s_ref - z_ref) / s_ref)
        return out


def corpus_fingerprint(corpus: Corpus) -> str:
    """sha256 over the doc_ids and the token ids (with the vocabulary) of a corpus.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": pd.to_datetime(["2020-01-01"]),
    ...     "title": [""], "text": ["rain"]})
    >>> len(corpus_fingerprint(Corpus.from_documents(docs)))
    64
    """
    import hashlib

    digest = hashlib.sha256()
    for doc_id in corpus.documents["doc_id"].astype(str):
        digest.update(doc_id.encode("utf-8") + b"\0")
    t = corpus.tokens
    digest.update(np.ascontiguousarray(t.offsets, dtype="<i8").tobytes())
    digest.update(np.ascontiguousarray(t.ids, dtype="<i4").tobytes())
    # Ids mean nothing without the forms they stand for.
    digest.update("\0".join(map(str, t.vocab)).encode("utf-8"))
    return digest.hexdigest()
