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
  reference is a frequency list (it has no documents). DP is summed in exact
  integer arithmetic (``sum |v_j S - z_j f|``) and divided once, so it is
  correctly rounded up to an ulp or two and does not depend on the path
  (single table, grid, "rest" index) or the order of the documents.
* Signed measures are positive for terms relatively more frequent in the
  target. Rows are sorted by the first requested measure, **descending by
  signed value** (positive keywords first, negative keywords last, NaN after
  everything), then by term ascending. No effect size contradicts
  ``direction``: where a zero cell's substitution would make it, it is NaN
  (see :func:`keyness`'s notes).
* Default filters: a term must reach 5 uses in 3 documents on the side it is
  key for (``min_freq``, ``min_range``); 0 and 0 keep everything.
* ``p`` is a token-level test by default; ``test="welch" | "wilcoxon" |
  "bootstrap"`` tests the documents instead (Lijffijt et al. 2016).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from .. import stats
from .._compat import STR_DTYPE
from .._validation import check_measures, check_number, check_option
from ..corpus.corpus import Corpus
from ..counts.terms import term_document_counts, term_ranks
from ._groups import group_column

logger = logging.getLogger(__name__)

__all__ = ["keyness", "keyness_grid", "read_frequency_list", "KEYNESS_COLUMNS",
           "CORRECTIONS", "P_MEASURES", "UNITS"]

UNITS = ("lower", "surface")
CORRECTIONS = ("fdr_bh", "bonferroni", "holm", None)
P_MEASURES = ("log_likelihood", "log_likelihood_2term", "chi_square", "fisher_exact")
GRID_REFERENCES = ("rest", "previous")
TOTAL_ROW = "__total__"
TESTS = ("token", "welch", "wilcoxon", "bootstrap")
# A keyword must be seen this often, in this many documents, on the side it is
# key for (see keyness()'s notes): hapaxes and one- or two-article bursts never
# reach the top of a default table.
DEFAULT_MIN_FREQ = 5
DEFAULT_MIN_RANGE = 3

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
    "mean_pm_target": "document test only: mean per-million rate of the term over target documents",
    "mean_pm_reference": "document test only: mean per-million rate over reference documents",
    "test_statistic": "document test only: Welch's t, Mann-Whitney U of the target, or the bootstrap's "
                      "share of resamples in which the target's mean rate is higher",
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
# Only in tables of a document-level test, between the measures and p.
_DOCUMENT_COLUMNS = ["mean_pm_target", "mean_pm_reference", "test_statistic"]

# --------------------------------------------------------------------------
# selections and references
# --------------------------------------------------------------------------

def _selection_mask(corpus: Corpus, selector, name: str, caller: str) -> np.ndarray:
    """The documents ``selector`` picks; a miss names the field or value and suggests close ones.

    An unknown field is matched against the documents' columns and a value
    against the field's labels, case-insensitively ("no outlet 'vox'; did
    you mean 'Vox'?"), listing the valid values when they are few.
    """
    from .._suggest import did_you_mean

    fields = [k for k in selector if k != "date"] if isinstance(selector, Mapping) else []
    try:
        chosen = corpus.select(selector, name=name, caller=caller)
    except ValueError as error:
        unknown = [k for k in fields if k not in corpus.documents.columns]
        if unknown and "unknown selector field" in str(error):
            columns = [c for c in corpus.documents.columns if c not in ("text", "title")]
            raise ValueError(f"The {name} selection {_describe(selector)}: "
                             f"{did_you_mean(unknown[0], columns, what='field')}") from None
        raise
    if not chosen.any():
        misses = []
        for key in fields:
            wanted = selector[key]
            labels = corpus.group_labels(key).dropna().astype(str).unique()
            values = wanted if isinstance(wanted, (list, tuple, set, frozenset)) else [wanted]
            misses += [did_you_mean(v, labels, what=key) for v in values if str(v) not in set(labels)]
        why = "; ".join(misses) if misses else "no document has all of these values"
        raise ValueError(f"The {name} selection {_describe(selector)} matched no documents: {why}")
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
    >>> import corpus_tools as ct
    >>> counts, n = ct.read_frequency_list({"Rain": 2, "rain": 1, "sun": 4}, total=100)
    >>> counts.to_dict(), n
    ({'rain': 3, 'sun': 4}, 100)
    """
    caller = "read_frequency_list"
    check_option(unit, "unit", UNITS, caller)
    if isinstance(source, (str, Path)):
        table = pd.read_csv(source, dtype={"word": STR_DTYPE}, keep_default_na=False, encoding="utf-8")
        if list(table.columns[:2]) != ["word", "count"]:
            raise ValueError(f"{source}: a frequency list needs the header 'word,count'; "
                             f"got {list(table.columns)}")
        series = pd.Series(table["count"].to_numpy(), index=table["word"].astype(STR_DTYPE))
    elif isinstance(source, pd.Series):
        series = source.copy()
        series.index = series.index.astype(STR_DTYPE)
    elif isinstance(source, Mapping):
        series = pd.Series(dict(source), dtype="float64")
        series.index = series.index.astype(STR_DTYPE)
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


def _brown_corpus(corpus: Corpus) -> Corpus:
    """The Brown corpus from NLTK data, tokenised once and kept on the analysed corpus.

    Kept in ``corpus.cache`` (listed by ``corpus.cached()``, freed by
    ``corpus.drop_cached()``), never at module level.
    """
    def build() -> Corpus:
        from ..io.loaders import load_nltk

        loaded = load_nltk("brown")
        return Corpus.from_documents(loaded.documents, provenance={"sources": loaded.sources})

    return corpus.cache.get(("reference corpus", "brown"), build)


# --------------------------------------------------------------------------
# table assembly
# --------------------------------------------------------------------------

def _check_options(caller, measures, unit, ngram, min_freq, min_range, stopwords, correction, p_measure,
                   test="token", n_boot=1000, seed=0, top=None):
    measures = check_measures(measures, stats.KEYNESS_MEASURES, caller)
    check_option(test, "test", TESTS, caller)
    check_number(n_boot, "n_boot", caller, low=1, integer=True)
    check_number(seed, "seed", caller, low=0, integer=True)
    if top is not None:
        check_number(top, "top", caller, low=1, integer=True)
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


def _distinct_pairs(a: np.ndarray, b: np.ndarray):
    """The distinct (a, b) pairs (as two arrays) and each row's pair number."""
    if not len(a):
        return np.empty(0, dtype=np.int64), a, b
    width = int(b.max()) + 1
    pairs, inverse = np.unique(a * width + b, return_inverse=True)
    return inverse.ravel().astype(np.int64), pairs // width, pairs % width


def _row_order(key: np.ndarray, inverse: np.ndarray, term_rank: np.ndarray) -> np.ndarray:
    """Rows by ``key`` descending (NaN last), then term rank; ``key`` is per distinct pair.

    Ranks the few distinct pairs first (equal keys share a rank), so that the
    rows need one argsort of unique int64 keys instead of a three-key lexsort.
    """
    if not len(inverse):
        return np.empty(0, dtype=np.int64)
    missing = np.isnan(key)
    neg = -np.nan_to_num(key, nan=0.0)
    by_key = np.lexsort((neg, missing))
    s_neg, s_missing = neg[by_key], missing[by_key]
    new = np.ones(len(key), dtype=bool)
    new[1:] = (s_neg[1:] != s_neg[:-1]) | (s_missing[1:] != s_missing[:-1])
    pair_rank = np.empty(len(key), dtype=np.int64)
    pair_rank[by_key] = np.cumsum(new) - 1
    width = int(term_rank.max()) + 1
    return np.argsort(pair_rank[inverse] * width + term_rank)


# Measures whose sign says which side a term leans to, with their neutral value.
# A statistic (G2, chi-square) has a well-defined size; its sign is set from the
# exact direction. An effect size whose sign would contradict the direction is
# an artefact of a zero cell's 0.5 (or a prior's smoothing) when the sides differ
# greatly in size: it is NaN (see the module notes).
SIGNED_STATISTICS = frozenset({"log_likelihood", "log_likelihood_2term", "chi_square"})
SIGNED_EFFECTS = {"log_ratio": 0.0, "conservative_log_ratio": 0.0, "percent_diff": 0.0,
                  "difference_coefficient": 0.0, "log_odds_dirichlet": 0.0,
                  "odds_ratio": 1.0, "relative_risk": 1.0, "simple_maths": 1.0}


def _consistent(name: str, values: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """``values`` of measure ``name`` with no sign against ``direction`` (-1, 0, +1 per value)."""
    if name in SIGNED_STATISTICS:
        return np.abs(values) * direction
    if name not in SIGNED_EFFECTS:
        return values
    with np.errstate(invalid="ignore"):
        sign = np.sign(values - SIGNED_EFFECTS[name])
    # "equal" rows (direction 0) must show the neutral value; others must not point the other way
    wrong = np.where(direction == 0, sign != 0, sign == -direction) & ~np.isnan(values)
    return np.where(wrong, np.nan, values)


def _key_side_filter(ft, fr, rt, rr, cross, min_freq: int, min_range: int) -> np.ndarray:
    """Terms that reach ``min_freq`` and ``min_range`` on the side they are key for.

    The side is the target when the term is relatively more frequent there
    (``cross > 0``), the reference when less, either side when equal. A
    frequency-list reference has no range (NaN): its side passes the range test.
    """
    to_target = cross > 0
    to_reference = cross < 0
    freq_side = np.where(to_target, ft, np.where(to_reference, fr, np.maximum(ft, fr)))
    keep = (ft > 0) | (fr > 0)
    if min_freq:
        keep &= freq_side >= min_freq
    if min_range:
        rr_ok = np.isnan(rr) if rr.dtype.kind == "f" else np.zeros(len(rr), dtype=bool)
        rr_num = np.nan_to_num(rr, nan=0).astype(np.int64) if rr.dtype.kind == "f" else rr
        range_side = np.where(to_target, rt, np.where(to_reference, rr_num, np.maximum(rt, rr_num)))
        keep &= (range_side >= min_range) | (rr_ok & ~to_target)
    return keep


def _side_matrix(store, rows: np.ndarray, columns: np.ndarray):
    """Documents ``rows`` x terms ``columns`` of ``store`` as CSR (column -1: a term it lacks)."""
    from scipy import sparse

    # one extra, empty column stands for the terms this store does not have
    matrix = sparse.csr_matrix((store.data, store.indices, store.indptr),
                               shape=(store.n_documents, store.n_terms + 1))
    picked = np.where(columns < 0, store.n_terms, columns)
    return matrix[rows][:, picked].tocsr(), store.sizes[rows]


def _document_tester(opts: dict, target: tuple, reference: tuple):
    """The function of term ids that :func:`_assemble` calls for a document-level test.

    ``target`` and ``reference`` are ``(store, rows, columns)``: the counts,
    the documents of the side, and each table term's column in that store
    (an array over the table's terms; -1 where the store lacks the term).
    """
    if opts["test"] == "token":
        return None

    def run(term_ids: np.ndarray) -> dict:
        # Columns in store order keep each row's indices sorted, so the test
        # need not sort them again (a third of a Welch table's time otherwise).
        order = np.argsort(target[2][term_ids], kind="stable")
        picked = term_ids[order]
        t_matrix, t_sizes = _side_matrix(target[0], target[1], target[2][picked])
        r_matrix, r_sizes = _side_matrix(reference[0], reference[1], reference[2][picked])
        found = stats.document_test(t_matrix, t_sizes, r_matrix, r_sizes, test=opts["test"],
                                    n_boot=opts["n_boot"], seed=opts["seed"])
        return _unsorted(found, order)
    return run


def _unsorted(found: dict, order: np.ndarray) -> dict:
    """Results computed for ``term_ids[order]`` put back in the order of ``term_ids``."""
    back = np.empty_like(order)
    back[order] = np.arange(len(order))
    return {name: values[back] for name, values in found.items()}


def _pool_tester(opts: dict, pool, rows: np.ndarray):
    """Like :func:`_document_tester` for a group against the rest of ``pool`` (rows: pool rows)."""
    def run(term_ids: np.ndarray) -> dict:
        # columns in store order keep the bootstrap's slices sorted, as in _document_tester
        order = np.argsort(term_ids, kind="stable")
        found = pool.against_rest(rows, test=opts["test"], n_boot=opts["n_boot"], seed=opts["seed"],
                                  terms=term_ids[order])
        return _unsorted(found, order)
    return run


def _assemble(terms, rank, ft, fr, rt, rr, dpt, dpr, c: int, d: int, opts: dict,
              document_test=None) -> dict:
    """One sorted table as numpy columns (p not yet adjusted); ``rank`` orders terms.

    ``document_test``, for a test other than "token", is a function of the kept
    term ids that returns :func:`corpus_tools.stats.document_test`'s dict.
    Also returns, under ``_pair`` and ``_p_distinct``, each row's p-value group
    (its distinct (a, b) pair, or its own row for a document test) and the
    p-value of every group, for the adjustment in :func:`_frame`.
    """
    # exact sign of a/c - b/d (int64: exact while a * d < 2**63)
    cross_all = ft.astype(np.int64) * np.int64(d) - fr.astype(np.int64) * np.int64(c)
    keep = _key_side_filter(ft, fr, rt, rr, cross_all, opts["min_freq"], opts["min_range"])
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
    inverse, pa, pb = _distinct_pairs(a, b)
    ua, ub = pa.astype(np.float64), pb.astype(np.float64)
    pair_direction = np.sign(pa * np.int64(d) - pb * np.int64(c))
    values = {m: _consistent(m, np.asarray(stats.get_measure(m)(ua, ub, float(c), float(d)),
                                           dtype=np.float64), pair_direction)
              for m in opts["measures"]}
    # Sort: first measure descending (signed), NaN last, then term ascending.
    order = _row_order(values[opts["measures"][0]], inverse, rank[idx])
    idx, a, b, pair = idx[order], a[order], b[order], inverse[order]
    table = {
        "term": idx,
        "freq_target": a,
        "freq_reference": b,
        "per_million_target": a * 1e6 / c,
        "per_million_reference": b * 1e6 / d,
        "range_target": rt[idx],
        "range_reference": rr[idx],
        "dp_target": dpt[idx],
        "dp_reference": dpr[idx],
    }
    for m in opts["measures"]:
        table[m] = values[m][pair]
    if document_test is None:
        p = _p_values(opts["p_measure"], ua, ub, float(c), float(d))
        table["p"] = p[pair]
        table["_pair"] = pair
        table["_p_distinct"] = p
    else:
        result = document_test(idx)
        table["mean_pm_target"] = np.asarray(result["mean_pm_target"], dtype=np.float64)
        table["mean_pm_reference"] = np.asarray(result["mean_pm_reference"], dtype=np.float64)
        table["test_statistic"] = np.asarray(result["statistic"], dtype=np.float64)
        table["p"] = np.asarray(result["p_value"], dtype=np.float64)
        table["_pair"] = np.arange(len(idx), dtype=np.int64)
        table["_p_distinct"] = table["p"]
    table["direction"] = np.sign(cross_all[idx]).astype(np.int8) + 1
    return table


_DIRECTIONS = np.asarray(["reference", "equal", "target"], dtype=object)


def _adjust_tied(p: np.ndarray, counts: np.ndarray, method: str) -> np.ndarray:
    """:func:`stats.adjust_p` of a family in which ``p[i]`` occurs ``counts[i]`` times.

    Returns one adjusted value per entry of ``p``, equal bit for bit to what
    ``stats.adjust_p`` gives each copy in the expanded family: tied p-values
    get the same adjusted value whatever their order, so only the cumulative
    counts matter. Sorting the distinct values instead of every row is what
    makes a grid's millions of rows cheap. NaN stays NaN and is not counted.
    """
    out = np.full(len(p), np.nan)
    ok = ~np.isnan(p) & (counts > 0)
    pv, n = p[ok], counts[ok].astype(np.int64)
    m = int(n.sum())
    if m == 0:
        return out
    if method == "bonferroni":
        adj = np.minimum(pv * m, 1.0)
    else:
        order = np.argsort(pv)
        ps, ns = pv[order], n[order]
        upto = np.cumsum(ns)  # 1-based position of each block's last copy
        if method == "holm":
            adj_sorted = np.maximum.accumulate(ps * (m - (upto - ns)))
        else:
            adj_sorted = np.minimum.accumulate((ps * m / upto)[::-1])[::-1]
        adj = np.empty(len(pv))
        adj[order] = np.minimum(adj_sorted, 1.0)
    out[ok] = adj
    return out


def _top_rows(parts: list, key: str, top: int) -> np.ndarray:
    """Row numbers (into the joined parts) of each part's ``top`` rows per direction.

    Each part is sorted by ``key`` descending with NaN last, so a part's
    strongest positive keywords are its first rows with direction "target"
    and its strongest negative ones its last non-NaN rows with direction
    "reference"; the table order is kept.
    """
    picked, start = [], 0
    for part in parts:
        values, direction = part[key], part["direction"]
        shown = ~np.isnan(values)
        to_target = np.flatnonzero(shown & (direction == 2))[:top]
        to_reference = np.flatnonzero(shown & (direction == 0))[-top:] if top else []
        picked.append(np.sort(np.concatenate([to_target, to_reference])) + start)
        start += len(values)
    return np.concatenate(picked).astype(np.int64)


def _frame(parts: list, store_terms, opts: dict, *, categorical: bool, groups: dict | None = None,
           categories: pd.Index | None = None, arrow_terms=None) -> pd.DataFrame:
    """The final table from _assemble's column dicts (term = index into ``store_terms``).

    Adjusts ``p`` over all rows (the whole grid) and puts the columns in
    their documented order, building the DataFrame once without copies.
    """
    def joined(name):
        return np.concatenate([part[name] for part in parts]) if len(parts) > 1 else parts[0][name]

    cols = dict(groups or {})
    extra = [name for name in _DOCUMENT_COLUMNS if name in parts[0]]
    for name in [*_BASE_FIRST, *opts["measures"], *extra, "p"]:
        cols[name] = joined(name)
    cols["range_target"] = _counts_or_na(cols["range_target"])
    cols["range_reference"] = _counts_or_na(cols["range_reference"])
    n_rows = len(cols["p"])
    if opts["correction"] is not None and n_rows:
        distinct = [part["_p_distinct"] for part in parts]
        counts = np.concatenate([np.bincount(part["_pair"], minlength=len(part["_p_distinct"]))
                                 for part in parts])
        adjusted = _adjust_tied(np.concatenate(distinct), counts, opts["correction"])
        start = np.cumsum([0] + [len(x) for x in distinct[:-1]])
        codes = (np.concatenate([part["_pair"] + s for part, s in zip(parts, start)])
                 if len(parts) > 1 else parts[0]["_pair"])
        cols["p_adjusted"] = adjusted[codes]
    else:
        cols["p_adjusted"] = np.full(n_rows, np.nan)
    direction = joined("direction")
    if opts.get("top"):
        # after the adjustment: the family is every row tested, not the rows shown
        rows = _top_rows(parts, opts["measures"][0], opts["top"])
        cols = {name: values[rows] for name, values in cols.items()}
        direction = direction[rows]
    terms = np.asarray(store_terms, dtype=object)
    if categorical:
        # Big grids: codes into the term list, no per-row string objects.
        if categories is None:
            categories = pd.Index(terms, dtype=STR_DTYPE)
        cols["term"] = pd.Categorical.from_codes(cols["term"], categories=categories)
        cols["direction"] = pd.Categorical.from_codes(direction,
                                                      categories=pd.Index(_DIRECTIONS, dtype=STR_DTYPE))
    else:
        cols["term"] = _strings(terms, cols["term"], arrow_terms)
        cols["direction"] = _strings(_DIRECTIONS, direction)
    table = pd.DataFrame(cols, copy=False)
    table.attrs["rows_tested"] = int(n_rows)
    return table


def _strings(values: np.ndarray, codes: np.ndarray, arrow=None) -> pd.api.extensions.ExtensionArray:
    """``values[codes]`` as a pandas "str" array, taken on the Arrow side (no Python objects per row)."""
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - pandas' "str" dtype without pyarrow
        return pd.array(values[codes], dtype=STR_DTYPE)
    if arrow is None:
        arrow = pa.array(values, type=pa.large_string())
    return pd.array(arrow.take(pa.array(codes)), dtype=STR_DTYPE)


def _counts_or_na(values) -> pd.api.extensions.ExtensionArray:
    """Document counts as nullable Int64 (NA where unknown: a frequency-list reference)."""
    values = np.asarray(values)
    if np.issubdtype(values.dtype, np.integer):
        return pd.arrays.IntegerArray(values.astype(np.int64, copy=False), np.zeros(len(values), dtype=bool))
    values = values.astype(np.float64, copy=False)
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
    min_freq: int = DEFAULT_MIN_FREQ,
    min_range: int = DEFAULT_MIN_RANGE,
    stopwords: Iterable[str] | None = None,
    correction: Literal["fdr_bh", "bonferroni", "holm"] | None = "fdr_bh",
    p_measure: Literal["log_likelihood", "log_likelihood_2term", "chi_square", "fisher_exact"]
    = "log_likelihood",
    test: Literal["token", "welch", "wilcoxon", "bootstrap"] = "token",
    n_boot: int = 1000,
    seed: int = 0,
    top: int | None = None,
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
    min_freq : int, default=5
        Keep a term only if its frequency reaches ``min_freq`` on the side it
        is key for: in the target for a positive keyword, in the reference for
        a negative one (either for "equal"). 0 keeps every term.
    min_range : int, default=3
        Keep a term only if it occurs in at least ``min_range`` documents of
        the side it is key for (a frequency-list reference has no documents:
        its negative keywords pass). 0 keeps every term. With the defaults a
        keyword must come from at least three articles and five uses, so
        hapaxes and one-article bursts (a single long piece on one topic)
        never top a list; see the Notes.
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
    test : {"token", "welch", "wilcoxon", "bootstrap"}, default="token"
        Where ``p`` comes from. ``"token"``: the 1-df test of ``p_measure``
        over pooled token counts, which treats every token as independent.
        The others compare the **documents** of the two sides through each
        document's relative frequency of the term (see
        :func:`corpus_tools.stats.document_test`): ``"welch"`` (Welch's
        t-test on the per-document rates), ``"wilcoxon"`` (Mann-Whitney U
        on them, ties corrected) and ``"bootstrap"`` (Lijffijt et al.'s
        bootstrap over documents, seeded). Words cluster in articles, so on news the
        token test over-states significance for terms that a few articles
        use heavily; a document test asks whether the *articles* of one side
        use the term more (Lijffijt et al. 2016). Use ``"welch"`` when both
        sides have dozens of documents or more, ``"wilcoxon"`` when the rates
        are very skewed (where most documents lack a term it mostly compares
        how many use it), ``"bootstrap"`` to follow Lijffijt et al.'s
        recommendation (slowest: about 10 s for a 9M-word table at
        ``n_boot=1000``). A document test needs documents on both sides (not
        a frequency list); it adds the columns ``mean_pm_target``,
        ``mean_pm_reference`` and ``test_statistic``.
    n_boot, seed : int, default 1000 and 0
        Resamples and seed of ``test="bootstrap"``.
    top : int, optional
        Keep only the ``top`` strongest rows of each direction (by the first
        measure): the first ``top`` positive and the last ``top`` negative
        keywords. ``p_adjusted`` is still corrected over every term tested
        (``attrs["rows_tested"]``), not only the rows shown.

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

    Notes
    -----
    **No effect size contradicts the direction.** ``direction`` is the exact
    sign of ``freq_target / c - freq_reference / d``. A zero count is
    replaced by 0.5 in Log Ratio and its interval (Hardie 2014), and the
    Dirichlet log-odds adds the same prior count to both sides; when the
    target is much smaller than the reference, such a row could show a
    positive Log Ratio for a term the target never uses (0 against 1 in a
    reference 100 times larger gives +5.6). Those values are NaN: the counts
    show only that the term is missing from one side, not by how much. The
    same holds for every effect size whose sign or side of 1 says which
    side a term leans to (``log_ratio``, ``conservative_log_ratio``,
    ``percent_diff``, ``difference_coefficient``, ``log_odds_dirichlet``,
    ``odds_ratio``, ``relative_risk``, ``simple_maths``); on an "equal" row
    they must be neutral. The statistics (G2, chi-square) keep their size
    and take the sign of ``direction``. Sorting puts NaN last.

    **Default filters.** ``min_freq=5`` and ``min_range=3`` on the side a
    term is key for. Measured on the AllSides sample, Vox against the rest
    was topped by a word from one article (129 uses, range 1); with these
    defaults every keyword in a table comes from at least three articles.
    Three documents is the smallest range that is not "one story and its
    follow-up"; five uses is the usual rule of thumb (Cochran's) for a count
    behind a chi-square approximation, and removes the long tail of
    hapaxes and typos. Both apply to negative keywords through the reference side, so
    the words a target avoids stay in the table. ``min_freq=0, min_range=0``
    gives every term.

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
    ...     "date": pd.to_datetime(["2020-01-01"] * 3), "title": ["", "", ""],
    ...     "text": ["rain rain sun", "rain wind", "sun sun wind"]})
    >>> table = ct.keyness(ct.Corpus.from_documents(docs), target={"outlet": "X"},
    ...                    min_freq=0, min_range=0)
    >>> table[["term", "freq_target", "freq_reference", "direction"]].values.tolist()
    [['rain', 3, 0, 'target'], ['wind', 1, 1, 'reference'], ['sun', 1, 2, 'reference']]
    """
    caller = "keyness"
    if not isinstance(corpus, Corpus):
        raise TypeError("The 'corpus' parameter of keyness() must be a Corpus. "
                        f"Got {type(corpus).__name__} instead.")
    measures, sw = _check_options(caller, measures, unit, ngram, min_freq, min_range, stopwords,
                                  correction, p_measure, test, n_boot, seed, top)
    opts = dict(measures=measures, min_freq=min_freq, min_range=min_range, stopwords=sw,
                correction=correction, p_measure=p_measure, test=test, n_boot=n_boot, seed=seed,
                top=top)
    store = term_document_counts(corpus, unit, ngram)
    terms, rank, sizes = store.terms, store.rank, store.sizes
    t_mask = _selection_mask(corpus, target, "target", caller)
    t_rows = np.flatnonzero(t_mask)
    c = int(sizes[t_rows].sum())
    if c == 0:
        raise ValueError(f"The target selection {_describe(target)} has no word tokens.")
    kind = _reference_kind(reference, corpus)
    tgt, t_entries = store.side_and_entries(t_rows)
    attrs = {"analysis": "keyness", "target": _describe(target), "reference": None,
             "measures": list(measures), "unit": unit, "ngram": ngram, "min_freq": min_freq,
             "min_range": min_range, "stopwords": None if sw is None else sorted(sw),
             "correction": correction, "p_measure": p_measure if test == "token" else None,
             "test": test, "top": top, "size_convention": "word tokens",
             "documents_target": int(len(t_rows)), "c_target_words": c}
    if test == "bootstrap":
        attrs.update(n_boot=n_boot, seed=seed)
    own = np.arange(store.n_terms)
    tester = None
    ft, rt, dpt = tgt.freq, tgt.range, tgt.dp

    if kind == "rest":
        r_rows = np.flatnonzero(~t_mask)
        if not len(r_rows):
            raise ValueError(f"The reference 'rest' is empty: the target selection {_describe(target)} "
                             "matched every document.")
        d = int(sizes.sum()) - c
        fr, rr = store.freq - ft, store.range - rt
        # The rest's DP from the corpus-wide sorted index minus the target's
        # own entries: O(target) per table instead of O(corpus).
        index = store.rest_index(None)
        dpr = index.dp(fr, d, *t_entries) if index.exact else store.side(r_rows).dp
        attrs.update(reference="rest", documents_reference=int(len(r_rows)))
        all_terms = terms
        tester = _document_tester(opts, (store, t_rows, own), (store, r_rows, own))
    elif kind == "corpus":
        other = _brown_corpus(corpus) if isinstance(reference, str) else reference
        o_store = term_document_counts(other, unit, ngram)
        whole = o_store.whole()
        d = whole.size
        all_terms, (ft, rt, dpt), (fr, rr, dpr) = _align(terms, (ft, rt, dpt), o_store.terms,
                                                         (whole.freq, whole.range, whole.dp))
        attrs.update(reference="brown (NLTK)" if isinstance(reference, str) else "another corpus",
                     documents_reference=int(len(other)), reference_fingerprint=other.fingerprint())
        union = pd.Index(all_terms)
        tester = _document_tester(
            opts, (store, t_rows, pd.Index(terms).get_indexer(union)),
            (o_store, np.arange(o_store.n_documents), pd.Index(o_store.terms).get_indexer(union)))
    elif kind == "list":
        if test != "token":
            raise ValueError(f"The 'test' parameter of keyness() is {test!r}, a test over documents, "
                             "but a frequency-list reference has no documents: use test='token'.")
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
        ref = store.side(r_rows)
        fr, rr, dpr, d = ref.freq, ref.range, ref.dp, ref.size
        attrs.update(reference=_describe(reference), documents_reference=int(len(r_rows)),
                     overlap_documents=overlap)
        all_terms = terms
        tester = _document_tester(opts, (store, t_rows, own), (store, r_rows, own))
    if total is not None and kind != "list":
        raise ValueError("The 'total' parameter of keyness() is only for a frequency-list reference. "
                         f"Got total={total!r} with reference={_describe(reference)}.")
    if d == 0:
        raise ValueError("The reference has no word tokens.")
    attrs["d_reference_words"] = int(d)
    if all_terms is not terms:
        rank = term_ranks(all_terms)
    table = _frame([_assemble(all_terms, rank, ft, fr, rt, rr, dpt, dpr, c, d, opts, tester)], all_terms, opts,
                   categorical=False, arrow_terms=store.arrow_terms() if all_terms is terms else None)
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


def keyness_grid(
    corpus: Corpus,
    *,
    by: str | Sequence[str] = "outlet",
    reference: Literal["rest", "previous"] = "rest",
    measures: Sequence[str] | str = ("log_likelihood", "log_ratio"),
    unit: Literal["lower", "surface"] = "lower",
    ngram: int = 1,
    min_freq: int = DEFAULT_MIN_FREQ,
    min_range: int = DEFAULT_MIN_RANGE,
    stopwords: Iterable[str] | None = None,
    correction: Literal["fdr_bh", "bonferroni", "holm"] | None = "fdr_bh",
    p_measure: Literal["log_likelihood", "log_likelihood_2term", "chi_square", "fisher_exact"]
    = "log_likelihood",
    test: Literal["token", "welch", "wilcoxon", "bootstrap"] = "token",
    n_boot: int = 1000,
    seed: int = 0,
    top: int | None = None,
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
    measures, unit, ngram, min_freq, min_range, stopwords, correction, p_measure, test, n_boot, seed
        As in :func:`keyness` (the defaults filter every group's table alike).
    top : int, optional
        Keep the ``top`` strongest positive and negative keywords of **each
        group** (by the first measure). ``p_adjusted`` is corrected over every
        row tested in the grid before the cut (``attrs["rows_tested"]``).
        A monthly grid of a few thousand articles has millions of rows
        without it.
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
        strings). ``dp_reference`` of "rest" comes from a sorted prefix-sum
        index in exact integer arithmetic: it equals the value of
        :func:`keyness` for the same group bit for bit.

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
    ...     "date": pd.to_datetime(["2020-01-01"] * 3), "title": ["", "", ""],
    ...     "text": ["rain rain sun", "rain wind", "sun sun wind"]})
    >>> grid = ct.keyness_grid(ct.Corpus.from_documents(docs), by="outlet", min_freq=0, min_range=0)
    >>> grid[["outlet", "term", "freq_target", "freq_reference"]].head(2).values.tolist()
    [['X', 'rain', 3, 0], ['X', 'wind', 1, 1]]
    """
    caller = "keyness_grid"
    by_list = [by] if isinstance(by, str) else list(by) if isinstance(by, (list, tuple)) else None
    if not by_list or not all(isinstance(b, str) for b in by_list):
        raise TypeError(f"The 'by' parameter of keyness_grid() must be a str or a list of str. "
                        f"Got {by!r} instead.")
    check_option(reference, "reference", GRID_REFERENCES, caller)
    if reference == "previous":
        # "previous" steps back along the last grouping, which needs an order:
        # period labels (2016-03, 2016-Q1, ...) sort in time; outlets, event
        # sides and named ranges sort only alphabetically.
        from ..corpus.corpus import PERIOD_FREQS

        last = by_list[-1].split("=", 1)[1] if by_list[-1].startswith("period=") else by_list[-1]
        if last not in PERIOD_FREQS:
            raise ValueError(f"The 'reference' parameter of keyness_grid(): 'previous' needs the last 'by' "
                             f"to be a period ({', '.join(PERIOD_FREQS)} or period=...), whose groups have "
                             f"an order in time. Got by={by_list!r}; use reference='rest', or add a period "
                             f"last (by=[{by_list[0]!r}, 'month']).")
    check_number(min_documents, "min_documents", caller, low=1, integer=True)
    measures, sw = _check_options(caller, measures, unit, ngram, min_freq, min_range, stopwords,
                                  correction, p_measure, test, n_boot, seed, top)
    opts = dict(measures=measures, min_freq=min_freq, min_range=min_range, stopwords=sw,
                correction=correction, p_measure=p_measure, test=test, n_boot=n_boot, seed=seed,
                top=top)
    columns = [group_column(b) for b in by_list]
    if len(set(columns)) != len(columns):
        raise ValueError(f"The 'by' parameter of keyness_grid() names the same column twice: {by_list!r}.")
    labels = pd.DataFrame({col: corpus.group_labels(b).to_numpy() for col, b in zip(columns, by_list)})
    labelled = labels.notna().all(axis=1).to_numpy()
    n_unlabelled = int((~labelled).sum())
    if not labelled.any():
        raise ValueError(f"No document has a label for by={by_list!r}.")
    keys = labels[labelled].astype(STR_DTYPE)
    group_ids = keys.groupby(columns, sort=True).ngroup().to_numpy()
    group_labels = keys.groupby(columns, sort=True).size()
    names = list(group_labels.index)  # sorted label tuples (or scalars)
    names = [n if isinstance(n, tuple) else (n,) for n in names]
    doc_rows = np.flatnonzero(labelled)
    store = term_document_counts(corpus, unit, ngram)
    sizes, terms, rank = store.sizes, store.terms, store.rank

    own = np.arange(store.n_terms)
    notes, small = [], []
    counts = group_labels.to_numpy()
    order = np.argsort(group_ids, kind="stable")
    rows_by_group = np.split(doc_rows[order], np.cumsum(counts)[:-1])
    total_size = int(sizes[doc_rows].sum())
    everyone = len(doc_rows) == len(corpus)
    sides: dict[int, tuple] = {}

    def side_of(g: int):
        """(side, its entries) of group g, kept for the next group's "previous"."""
        if g not in sides:
            sides[g] = store.side_and_entries(rows_by_group[g])
        return sides[g]

    if reference == "rest":
        if everyone:
            total_freq, total_range = store.freq, store.range
        else:
            labelled_side = store.side(doc_rows)
            total_freq, total_range = labelled_side.freq, labelled_side.range
        index = store.rest_index(None if everyone else doc_rows)

    pieces, kept = [], []
    pool = None
    for g, name in enumerate(names):
        if counts[g] < min_documents:
            small.append(list(name))
            continue
        if reference == "rest":
            if len(rows_by_group[g]) == len(doc_rows):
                notes.append(f"group {list(name)} is the only group: no reference, skipped")
                continue
            tg, entries = side_of(g)
            fr = total_freq - tg.freq
            rr = total_range - tg.range
            d = total_size - tg.size
            if index.exact:
                dpr = index.dp(fr, d, *entries)
            else:
                dpr = store.side(np.setdiff1d(doc_rows, rows_by_group[g])).dp
        else:
            prev = g - 1
            while prev >= 0 and counts[prev] < min_documents:
                prev -= 1
            if prev < 0 or names[prev][:-1] != name[:-1]:
                notes.append(f"group {list(name)} has no previous group: skipped")
                continue
            tg = side_of(g)[0]
            ps = side_of(prev)[0]
            fr, rr, dpr, d = ps.freq, ps.range, ps.dp, ps.size
        c = tg.size
        tester = None
        if test != "token" and reference == "rest":
            if pool is None:  # every document's rates once, not the rest's once per group
                pool = stats.DocumentPool(_side_matrix(store, doc_rows, own)[0], sizes[doc_rows])
            tester = _pool_tester(opts, pool, np.searchsorted(doc_rows, rows_by_group[g]))
        elif test != "token":
            tester = _document_tester(opts, (store, rows_by_group[g], own),
                                      (store, rows_by_group[prev], own))
        if c == 0 or d == 0:
            notes.append(f"group {list(name)}: a side has no word tokens, skipped")
            continue
        piece = _assemble(terms, rank, tg.freq, fr, tg.range, rr, tg.dp, dpr, c, d, opts, tester)
        piece["_group"] = np.full(len(piece["term"]), len(kept), dtype=np.int64)
        kept.append(name)
        pieces.append(piece)
        for old in [k for k in sides if k < g - 1]:  # "previous" only looks one group back
            del sides[old]
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
            np.asarray([where[x] for x in labels], dtype=np.int64)[group_codes],
            categories=pd.Index(categories, dtype=STR_DTYPE))
    table = _frame(pieces, terms, opts, categorical=True, groups=groups,
                   categories=store.categories())
    table.attrs.update({
        "analysis": "keyness_grid", "by": by_list, "reference": reference, "measures": list(measures),
        "unit": unit, "ngram": ngram, "min_freq": min_freq, "min_range": min_range,
        "stopwords": None if sw is None else sorted(sw), "correction": correction,
        "correction_family": "all rows of all groups",
        "p_measure": p_measure if test == "token" else None, "test": test, "top": top,
        **({"n_boot": n_boot, "seed": seed} if test == "bootstrap" else {}),
        "size_convention": "word tokens", "groups": len(pieces), "documents_unlabelled": n_unlabelled,
        "groups_below_min_documents": small, "notes": notes, "rows": int(len(table)),
    })
    return table
