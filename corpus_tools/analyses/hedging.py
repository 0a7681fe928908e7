"""Hedges and boosters: lexicon matching, rates per group, comparisons, validation.

Matching
    Every pattern of a :class:`~corpus_tools.query.lexicon.Lexicon` is compiled,
    once per call, into one boolean table over the vocabulary per token
    position; :mod:`corpus_tools.counts.matches` finds the matches over the
    flat token-id array with array operations (no loop over tokens), and
    counts them per document (:class:`~corpus_tools.counts.matches.LexiconHits`). Patterns are applied longest first
    (ties: lexicon order) and a token belongs to at most one hit, so
    "appears to" is one hit and never also "appears". A hit never crosses a
    sentence or document boundary.
Quotation marks (``in_quotes``)
    A hit is inside quotes when an odd number of double-quote tokens (``"``,
    and the curly ``“ ”`` of unnormalised corpora) stand before it in its
    quote segment. A segment starts at the document's start and at every
    sentence that begins with a double quote: news style reopens a quote at
    each new quoted paragraph without closing the previous one, and such a
    reopening resets the count. Limits: single quotes are ignored (they are
    also apostrophes); a quote left open in mid-sentence runs on until the
    next sentence that begins with a quote mark; quotes in headlines count
    like any other.
Negation (``negated``)
    A hit is flagged ``negated`` when the token right after it, in the same
    sentence, is ``not``, ``n't`` or ``never`` (``could not``, ``may not``,
    ``couldn't``). Negated hits are counted by default (``negated="include"``);
    pass ``negated="exclude"`` to leave them out.
Rates
    ``rate = per * sum(hits) / sum(words)`` over a group's documents; the
    denominator is :meth:`Corpus.word_counts` (word tokens: punctuation is
    not counted). Confidence intervals treat the *document* as the unit:
    ``"bootstrap"`` resamples documents (percentile interval of the
    cluster bootstrap); ``"poisson"`` is a quasi-Poisson model with a
    ``log(words)`` offset (see :func:`hedge_rates`).
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import special as _special  # not scipy.stats: a second to import

from .._compat import STR_DTYPE, infer_str
from .._validation import check_number, check_option
from ..counts.matches import LexiconHits, LexiconMatches, lexicon_matches
from ..counts.matches import Sequence as TokenSequence
from ..query.lexicon import Lexicon, default_lexicon, expand_optional, load_lexicon, number_indices
from ._groups import group_column

logger = logging.getLogger(__name__)

__all__ = [
    "HIT_COLUMNS", "HEDGING_COLUMNS", "hedge_hits", "hedge_counts", "hedge_rates", "compare_hedging",
    "hedge_booster_ratio", "pattern_contributions", "sample_hits", "precision", "adjusted_rates",
]

HIT_COLUMNS = ("doc_index", "doc_id", "start", "end", "pattern", "type", "category", "match",
               "in_quotes", "negated")
# What each column of this module's tables means (for CSV sidecars and docs).
HEDGING_COLUMNS = {
    "doc_index": "row of corpus.documents",
    "doc_id": "document id",
    "start": "first token of the hit, position within the document (punctuation counts)",
    "end": "token position after the hit's last token (end exclusive)",
    "pattern": "the lexicon pattern that matched",
    "type": "hedge or booster",
    "category": "the pattern's category in the lexicon",
    "match": "the hit's surface tokens joined by spaces",
    "in_quotes": "odd number of double quotes before the hit in its quote segment",
    "negated": "the next token in the sentence is not, n't or never",
    "documents": "documents in the group",
    "words": "word tokens (punctuation not counted) in the group's documents",
    "hits": "hits in the group",
    "rate": "hits per `per` words (default 10,000): per * sum(hits) / sum(words)",
    "ci_low": "lower confidence limit, documents as the unit (see method)",
    "ci_high": "upper confidence limit, documents as the unit (see method)",
    "method": "bootstrap: percentile cluster bootstrap over documents; poisson: quasi-Poisson, log(words) offset",
    "rate_per_10k": "hits per 10,000 words of the document",
    "group_a": "group A (selector as given)",
    "group_b": "group B (selector as given)",
    "rate_ratio": "rate_a / rate_b",
    "test": "the clustered test behind p_value (permutation over documents, or quasi-Poisson Wald)",
    "p_value": "p-value of the clustered test (documents as the unit)",
    "log_likelihood_p": "chi-square (1 df) p-value of the token-level G2; ignores clustering",
    "difference": "rate_a - rate_b for the pattern",
    "share": "the pattern's difference over the total difference of its type (shares of a type sum to 1)",
    "hedges": "hedge hits in the group",
    "boosters": "booster hits in the group",
    "hedge_rate": "hedges per `per` words",
    "booster_rate": "boosters per `per` words",
    "ratio": "hedges / boosters (inf with no boosters)",
}
QUOTE_FORMS = ('"', "\u201c", "\u201d", "``", "''")
NEGATORS = ("not", "n't", "never")
KINDS = ("hedge", "booster", "all")
QUOTES = ("include", "exclude", "only")
NEGATED = ("include", "exclude")
CI_METHODS = ("bootstrap", "poisson")
LEVELS = (None, "category", "pattern")
# Bootstrap weight matrices are built in chunks of at most this many cells.
_CHUNK_CELLS = 4_000_000


# --------------------------------------------------------------------------- matching
class _Compiled:
    """Per-corpus lookup tables for one lexicon, cached per token spec.

    Every table is over the *surface* vocabulary, so that matching reads
    the token ids directly: a case-insensitive spec's table over the
    lower-case vocabulary is spread to the surface forms through ``lower``.
    """

    def __init__(self, tokens):
        self.t = tokens
        self._tables: dict = {}
        self._ids: dict = {}
        # Surface ids grouped by lower-case id: lower id -> its surface forms by slicing.
        self._by_lower = np.argsort(tokens.lower, kind="stable")
        self._lower_bounds = np.zeros(len(tokens.lower_vocab) + 1, dtype=np.int64)
        np.cumsum(np.bincount(tokens.lower, minlength=len(tokens.lower_vocab)), out=self._lower_bounds[1:])

    def ids(self, spec, case_sensitive: bool) -> np.ndarray:
        """Sorted surface ids the spec accepts."""
        key = (spec, case_sensitive)
        if key not in self._ids:
            if case_sensitive:
                found = spec.indices(self.t.vocab, numbers=self._numbers("vocab") if spec.number else None)
            else:
                lows = spec.indices(self.t.lower_vocab,
                                    numbers=self._numbers("lower_vocab") if spec.number else None)
                b = self._lower_bounds
                found = np.sort(np.concatenate([self._by_lower[b[i]:b[i + 1]] for i in lows])) if len(lows) \
                    else np.empty(0, np.int64)
            self._ids[key] = found
        return self._ids[key]

    def _numbers(self, which: str) -> np.ndarray:
        if which not in self._ids:
            self._ids[which] = number_indices(getattr(self.t, which))
        return self._ids[which]

    def table(self, spec, case_sensitive: bool) -> np.ndarray:
        """Boolean over the surface vocabulary."""
        key = (spec, case_sensitive)
        if key not in self._tables:
            table = np.zeros(len(self.t.vocab), dtype=bool)
            table[self.ids(spec, case_sensitive)] = True
            self._tables[key] = table
        return self._tables[key]


def _resolve_lexicon(lexicon) -> Lexicon:
    if lexicon is None:
        return default_lexicon()
    return lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)


def _compile(tokens, lexicon: Lexicon) -> list:
    """The lexicon's token sequences compiled over the corpus vocabulary, in matching order.

    Every sequence (optional tokens expanded), longest first, then lexicon
    order; exclusions (``before``/``after``) match case-insensitively.
    """
    if len(tokens.ids) == 0 or len(lexicon) == 0:
        return []
    comp = _Compiled(tokens)
    ordered = []
    for e_index, entry in enumerate(lexicon.entries):
        for v_index, seq in enumerate(expand_optional(entry.tokens)):
            ordered.append((-len(seq), e_index, v_index, seq, entry))
    ordered.sort(key=lambda s: s[:3])
    sequences = []
    for _, e_index, _, seq, entry in ordered:
        cs = entry.case_sensitive
        sequences.append(TokenSequence(
            e_index, tuple(comp.ids(spec, cs) for spec in seq), _Tables(comp, seq, cs),
            tuple(_Tables(comp, excl, False) for excl in entry.after),
            tuple(_Tables(comp, excl, False) for excl in entry.before)))
    return sequences


class _Tables:
    """The vocabulary tables of a sequence's tokens, each built when matching first reads it.

    Most sequences are ruled out on their anchor token alone, so most
    tables of the other tokens (and of exclusions) are never needed.
    """

    def __init__(self, comp: _Compiled, specs, case_sensitive: bool):
        self._comp, self._specs, self._cs = comp, tuple(specs), case_sensitive

    def __len__(self) -> int:
        return len(self._specs)

    def __getitem__(self, k: int) -> np.ndarray:
        return self._comp.table(self._specs[k], self._cs)

    def __iter__(self):
        return (self[k] for k in range(len(self)))


def _matches(corpus, lexicon: Lexicon) -> LexiconMatches:
    """Every hit of the lexicon in the corpus (matched by :mod:`corpus_tools.counts.matches`)."""
    return lexicon_matches(corpus.tokens, _compile(corpus.tokens, lexicon),
                           entries=[e.pattern for e in lexicon.entries], quote_forms=QUOTE_FORMS,
                           negators=NEGATORS)


def _match_text(t, pos: np.ndarray, length: np.ndarray) -> pd.Categorical:
    """The surface tokens of each hit joined by spaces (a categorical: few distinct texts)."""
    n, width = len(t.ids), (int(length.max()) if len(length) else 1)
    # Number the distinct token sequences by hashing (pd.factorize), one position at a time.
    codes = pd.factorize(t.ids[pos])[0].astype(np.int64)
    for k in range(1, width):
        nxt = np.where(length > k, t.ids[np.minimum(pos + k, n - 1)].astype(np.int64) + 1, 0)
        codes = pd.factorize(codes * (len(t.vocab) + 1) + nxt)[0].astype(np.int64)
    n_codes = int(codes.max()) + 1 if len(codes) else 0
    first = np.zeros(n_codes, dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)  # earliest hit of each sequence
    texts = [" ".join(t.vocab[t.ids[p:p + m]]) for p, m in zip(pos[first].tolist(), length[first].tolist())]
    labels = list(dict.fromkeys(texts))
    code_of = {v: i for i, v in enumerate(labels)}
    remap = np.asarray([code_of[v] for v in texts], dtype=np.int64)
    return pd.Categorical.from_codes(remap[codes] if len(pos) else np.empty(0, np.int64),
                                     categories=pd.Index(labels, dtype=STR_DTYPE))


def _categorical(per_entry: list, entry: np.ndarray) -> pd.Categorical:
    """Each hit's value of an entry attribute, as a categorical in first-seen lexicon order."""
    labels = list(dict.fromkeys(per_entry))
    code_of = {v: i for i, v in enumerate(labels)}
    codes = np.asarray([code_of[v] for v in per_entry], dtype=np.int64)
    return pd.Categorical.from_codes(codes[entry] if len(per_entry) else entry,
                                     categories=pd.Index(labels, dtype=STR_DTYPE))


def hedge_hits(corpus, lexicon=None, *, kind: Literal["hedge", "booster", "all"] = "all") -> pd.DataFrame:
    """Every hedge and booster in a corpus, one row per hit.

    Parameters
    ----------
    corpus : Corpus
    lexicon : Lexicon, str, Path, DataFrame or dict, optional
        Defaults to :func:`corpus_tools.query.lexicon.default_lexicon`. Anything
        else is passed to :func:`~corpus_tools.query.lexicon.load_lexicon`; to add
        your rows to the default, use ``load_lexicon(..., with_default=True)``.
    kind : {"all", "hedge", "booster"}, default="all"
        Which entries of the lexicon to match. Matching one type alone can
        give more hits than ``"all"`` where a booster and a hedge compete for
        the same tokens (``no doubt`` vs ``doubt``).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`HIT_COLUMNS`: ``doc_index`` (row of
        ``corpus.documents``), ``doc_id``, ``start`` and ``end`` (token
        positions within the document, end exclusive), ``pattern``, ``type``,
        ``category``, ``match`` (the surface tokens joined by spaces),
        ``in_quotes`` and ``negated`` (see the module notes). Sorted by
        ``doc_index``, ``start``. ``attrs`` record the lexicon's name and size.

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": [pd.NaT], "title": [""],
    ...     "text": ["It appears to work. Analysts say about 300 may come."]})
    >>> hits = ct.hedge_hits(ct.Corpus.from_documents(docs))
    >>> hits[["start", "end", "match", "category"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [[1, 3, 'appears to', 'epistemic_verb'], [5, 7, 'Analysts say', 'attribution'],
     [7, 9, 'about 300', 'approximator'], [9, 10, 'may', 'epistemic_modal']]
    >>> hits["pattern"].iloc[2]
    'about $|£|€? NUM'
    """
    check_option(kind, "kind", KINDS, "hedge_hits")
    lex = _resolve_lexicon(lexicon)
    if kind != "all":
        lex = lex.select(type=kind)
    found = _matches(corpus, lex)
    t = corpus.tokens
    doc, start, length, entry = found.doc, found.start, found.length, found.entry
    pos = t.offsets[doc] + start if len(doc) else start
    match = _match_text(t, pos, length)
    entries = lex.entries
    frame = pd.DataFrame({
        "doc_index": doc,
        "doc_id": pd.array(corpus.documents["doc_id"].astype(STR_DTYPE).to_numpy()[doc], dtype=STR_DTYPE),
        "start": start,
        "end": start + length,
        "pattern": _categorical([e.pattern for e in entries], entry),
        "type": _categorical([e.type for e in entries], entry),
        "category": _categorical([e.category for e in entries], entry),
        "match": match,
        "in_quotes": found.in_quotes,
        "negated": found.negated,
    }, columns=list(HIT_COLUMNS))
    frame.attrs = {"lexicon": lex.name, "lexicon_patterns": len(lex), "kind": kind}
    return frame


# --------------------------------------------------------------------------- counting
def _get_hits(corpus, lexicon, hits, kind, quotes, negated, caller) -> pd.DataFrame:
    check_option(kind, "kind", KINDS, caller)
    check_option(quotes, "quotes", QUOTES, caller)
    check_option(negated, "negated", NEGATED, caller)
    if hits is None:
        hits = hedge_hits(corpus, lexicon)
    keep = np.ones(len(hits), dtype=bool)
    if kind != "all":
        keep &= (hits["type"] == kind).to_numpy()
    if quotes == "exclude":
        keep &= ~hits["in_quotes"].to_numpy(dtype=bool)
    elif quotes == "only":
        keep &= hits["in_quotes"].to_numpy(dtype=bool)
    if negated == "exclude":
        keep &= ~hits["negated"].to_numpy(dtype=bool)
    return hits.loc[keep]


def _key_codes(hits: pd.DataFrame, level) -> tuple:
    """Codes of each hit's key (type, category or pattern) and the key table."""
    if level is None:
        keys = hits[["type"]].astype(STR_DTYPE)
    elif level == "category":
        keys = hits[["type", "category"]].astype(STR_DTYPE)
    else:
        keys = pd.DataFrame({"type": hits["type"].astype(STR_DTYPE), "category": hits["category"].astype(STR_DTYPE),
                             "pattern": hits["pattern"].astype(STR_DTYPE)})
    if len(keys) == 0:
        return np.empty(0, np.int64), keys.iloc[:0].reset_index(drop=True)
    table = keys.drop_duplicates().sort_values(list(keys.columns)).reset_index(drop=True)
    codes = pd.MultiIndex.from_frame(table).get_indexer(pd.MultiIndex.from_frame(keys))
    return codes.astype(np.int64), table


def _hit_counts(corpus, hits: pd.DataFrame, codes: np.ndarray, keys: pd.DataFrame) -> LexiconHits:
    """Hits per document and key (a row of ``keys``), from the hit table's rows."""
    return LexiconHits.from_rows(hits["doc_index"].to_numpy(np.int64), codes, keys, corpus.word_counts())


def hedge_counts(corpus, *, lexicon=None, hits: pd.DataFrame | None = None,
                 level: Literal["type", "category", "pattern"] = "category",
                 kind: Literal["hedge", "booster", "all"] = "all",
                 quotes: Literal["include", "exclude", "only"] = "include",
                 negated: Literal["include", "exclude"] = "include") -> pd.DataFrame:
    """Hits per document, by type, category or pattern (a long, tidy table).

    Parameters
    ----------
    corpus : Corpus
    lexicon : optional
        As in :func:`hedge_hits`; ignored when ``hits`` is given.
    hits : pandas.DataFrame, optional
        From :func:`hedge_hits` (saves matching again).
    level : {"category", "type", "pattern"}, default="category"
    kind : {"all", "hedge", "booster"}, default="all"
    quotes : {"include", "exclude", "only"}, default="include"
        Count hits inside quotation marks, only those outside, or only those inside.
    negated : {"include", "exclude"}, default="include"

    Returns
    -------
    pandas.DataFrame
        One row per document and key, zeros included: ``doc_index``,
        ``doc_id``, ``words``, ``type``, then ``category`` and ``pattern``
        as the level asks, ``hits``, ``rate_per_10k``. Keys are those with
        at least one hit in the corpus. Sorted by ``doc_index`` then key.

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "date": [pd.NaT] * 2,
    ...     "title": ["", ""], "text": ["It may rain.", "Clearly not."]})
    >>> ct.hedge_counts(ct.Corpus.from_documents(docs), level="type")[["doc_id", "type", "hits"]].values.tolist()
    [['a', 'booster', 0], ['a', 'hedge', 1], ['b', 'booster', 1], ['b', 'hedge', 0]]
    """
    check_option(level, "level", ("type", "category", "pattern"), "hedge_counts")
    hits = _get_hits(corpus, lexicon, hits, kind, quotes, negated, "hedge_counts")
    codes, keys = _key_codes(hits, None if level == "type" else level)
    n_docs, n_keys = len(corpus), len(keys)
    counted = _hit_counts(corpus, hits, codes, keys)
    matrix, words = counted.counts, counted.words
    out = pd.DataFrame({
        "doc_index": np.repeat(np.arange(n_docs, dtype=np.int64), n_keys),
        "doc_id": pd.array(np.repeat(corpus.documents["doc_id"].astype(STR_DTYPE).to_numpy(), n_keys), dtype=STR_DTYPE),
        "words": np.repeat(words, n_keys),
    })
    for col in keys.columns:
        out[col] = pd.array(np.tile(keys[col].to_numpy(), n_docs), dtype=keys[col].dtype)
    out["hits"] = matrix.ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["rate_per_10k"] = np.where(out["words"] > 0, out["hits"] / out["words"] * 10_000, np.nan)
    return out


# --------------------------------------------------------------------------- groups
def _by_list(by) -> list:
    if isinstance(by, str) or callable(by):
        return [by]
    return list(by)


def _column_name(spec) -> str:
    """The column of a grouping, named as in every analysis (``event:...`` -> ``event``)."""
    return group_column(spec) if isinstance(spec, str) else "group"


def _groups(corpus, by, caller) -> tuple:
    """Group code per document (-1 = no label) and the table of group labels."""
    specs = _by_list(by)
    if not specs:
        raise ValueError(f"The 'by' parameter of {caller}() must name at least one grouping. Got {by!r} instead.")
    names = [_column_name(s) for s in specs]
    if len(set(names)) != len(names):
        raise ValueError(f"The 'by' parameter of {caller}() gives the same column twice: {names}")
    labels = pd.DataFrame({name: corpus.group_labels(s).reset_index(drop=True) for name, s in zip(names, specs)})
    valid = labels.notna().all(axis=1).to_numpy()
    if (~valid).any():
        logger.warning("%s: %d documents have no label for %s and are left out", caller, int((~valid).sum()), names)
    codes = np.full(len(labels), -1, dtype=np.int64)
    if valid.any():
        sub = labels.loc[valid]
        grouped = sub.groupby(names, sort=True, observed=True, dropna=True)
        codes[valid] = grouped.ngroup().to_numpy()
        table = grouped.size().index.to_frame(index=False)
    else:
        table = labels.iloc[:0]
    return codes, table.reset_index(drop=True), int((~valid).sum())


def _rng(seed: int, label) -> np.random.Generator:
    # A stream per group label, so a group's interval does not depend on the others present.
    return np.random.default_rng([seed, zlib.crc32(repr(label).encode("utf-8"))])


def _bootstrap_sums(h: np.ndarray, w: np.ndarray, n_boot: int, rng) -> tuple:
    """Cluster bootstrap: resampled sums of hits (n_boot x K) and words (n_boot)."""
    n = len(w)
    if n <= 1:
        # One document says nothing about variation between articles: every
        # replicate would be that document, a zero-width interval that looks
        # like certainty. Give no interval instead.
        return np.full((n_boot, h.shape[1]), np.nan), np.full(n_boot, np.nan)
    hs, ws = [], []
    step = max(1, _CHUNK_CELLS // n)
    for lo in range(0, n_boot, step):
        size = min(step, n_boot - lo)
        # Each replicate draws n documents with replacement (multinomial counts).
        draws = rng.integers(0, n, size=(size, n), dtype=np.int64)
        draws += (np.arange(size, dtype=np.int64) * n)[:, None]
        weights = np.bincount(draws.ravel(), minlength=size * n).reshape(size, n).astype(np.float64)
        hs.append(weights @ h)
        ws.append(weights @ w)
    return np.concatenate(hs), np.concatenate(ws)


def _quasi_poisson(h: np.ndarray, w: np.ndarray) -> tuple:
    """Rate, dispersion and standard error of log(rate) for each column of h.

    Model: hits_i ~ quasi-Poisson with mean words_i * rate (log link,
    log(words) offset, intercept only). The MLE is sum(h) / sum(w); the
    dispersion is Pearson's X2 / (n - 1) over documents with words > 0,
    floored at 1; Var(log rate) = dispersion / sum(h).
    """
    pos = w > 0
    hh, ww = h[pos], w[pos]
    total_h, total_w = hh.sum(axis=0), ww.sum()
    rate = total_h / total_w if total_w > 0 else np.full(h.shape[1], np.nan)
    n = len(ww)
    with np.errstate(divide="ignore", invalid="ignore"):
        mu = ww[:, None] * rate[None, :]
        x2 = np.where(mu > 0, (hh - mu) ** 2 / mu, 0.0).sum(axis=0)
        phi = x2 / (n - 1) if n > 1 else np.ones_like(rate)
    phi = np.where(np.isfinite(phi), np.maximum(phi, 1.0), 1.0)
    with np.errstate(divide="ignore"):
        se = np.sqrt(phi / total_h)
    return rate, phi, se, total_w


def hedge_rates(corpus, *, by: str | Sequence = ("outlet",), lexicon=None, hits: pd.DataFrame | None = None,
                kind: Literal["hedge", "booster", "all"] = "hedge",
                level: Literal["category", "pattern"] | None = None,
                per: float = 10_000, ci: Literal["bootstrap", "poisson"] = "bootstrap",
                n_boot: int = 2000, confidence: float = 0.95, seed: int = 0,
                quotes: Literal["include", "exclude", "only"] = "include",
                negated: Literal["include", "exclude"] = "include") -> pd.DataFrame:
    """Hedge (or booster) rates per group, with intervals that treat the article as the unit.

    Parameters
    ----------
    corpus : Corpus
    by : str or sequence, default=("outlet",)
        Groupings understood by :meth:`Corpus.group_labels`: a column
        (``"outlet"``), a period (``"month"``, ``"period=month"``,
        ``"event:2016-11-08"``), or several for a cross (``["outlet",
        "period=month"]``). Documents without a label (undated) are left out
        and counted in ``attrs["documents_without_label"]``.
    lexicon, hits : optional
        As in :func:`hedge_counts`.
    kind : {"hedge", "booster", "all"}, default="hedge"
    level : {None, "category", "pattern"}, default=None
        One row per group (None) or per group and category / pattern.
    per : float, default=10000
        Rates per this many words.
    ci : {"bootstrap", "poisson"}, default="bootstrap"
        ``"bootstrap"``: resample a group's documents with replacement
        ``n_boot`` times (a multinomial weight matrix, not a loop), recompute
        ``sum(hits) / sum(words)``, take the percentile interval. A group
        of one document gets no interval (NaN): resampling one article
        cannot show how articles vary.
        ``"poisson"``: quasi-Poisson model of each document's hits with a
        ``log(words)`` offset: rate = sum(h)/sum(w); dispersion phi =
        sum((h_i - w_i r)^2 / (w_i r)) / (n - 1), floored at 1; interval
        ``r * exp(+-z * sqrt(phi / sum(h)))``. With no hits the lower bound
        is 0 and the upper the exact Poisson bound ``-log(alpha/2) / sum(w)``.
    n_boot : int, default=2000
    confidence : float, default=0.95
    seed : int, default=0
        Each group draws from its own stream seeded by ``seed`` and its
        label, so its interval does not change when other groups change.
    quotes, negated : optional
        As in :func:`hedge_counts`.

    Returns
    -------
    pandas.DataFrame
        Columns: the ``by`` columns, [``type``, ``category``, ``pattern`` as
        ``level`` asks], ``documents``, ``words``, ``hits``, ``rate``,
        ``ci_low``, ``ci_high``, ``method``. Sorted by group then key.
        With ``level``, keys with no hit in the whole corpus do not appear.

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
    ...     "date": [pd.NaT] * 3, "title": [""] * 3,
    ...     "text": ["It may rain today here.", "Dry.", "No rain at all."]})
    >>> r = ct.hedge_rates(ct.Corpus.from_documents(docs), ci="poisson")
    >>> r[["outlet", "documents", "words", "hits", "rate"]].values.tolist()
    [['X', 2, 6, 1, 1666.6666666666667], ['Y', 1, 4, 0, 0.0]]
    """
    caller = "hedge_rates"
    check_option(ci, "ci", CI_METHODS, caller)
    check_option(level, "level", LEVELS, caller)
    check_number(per, "per", caller, low=0)
    check_number(n_boot, "n_boot", caller, low=1, integer=True)
    check_number(confidence, "confidence", caller, low=0, high=1)
    hits = _get_hits(corpus, lexicon, hits, kind, quotes, negated, caller)
    group_code, groups, missing = _groups(corpus, by, caller)
    if level is None:
        codes = np.zeros(len(hits), dtype=np.int64)
        keys = pd.DataFrame(index=[0])
    else:
        codes, keys = _key_codes(hits, level)
    n_keys = max(len(keys), 0)
    counted = _hit_counts(corpus, hits, codes, keys)
    matrix, words = counted.counts.astype(np.float64), counted.words.astype(np.float64)
    alpha = 1 - confidence
    rows = []
    for g in range(len(groups)):
        members = group_code == g
        h, w = matrix[members], words[members]
        label = tuple(groups.iloc[g])
        total_h, total_w = h.sum(axis=0), w.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = per * total_h / total_w
        if ci == "bootstrap":
            bh, bw = _bootstrap_sums(h, w, n_boot, _rng(seed, label))
            with np.errstate(divide="ignore", invalid="ignore"):
                br = per * bh / bw[:, None]
            lo, hi = _percentiles(br, alpha)
        else:
            r, phi, se, _ = _quasi_poisson(h, w)
            z = _special.ndtri(1 - alpha / 2)
            with np.errstate(invalid="ignore", over="ignore"):
                lo = per * r * np.exp(-z * se)
                hi = per * r * np.exp(z * se)
            zero = total_h == 0
            lo = np.where(zero, 0.0, lo)
            hi = np.where(zero, per * -np.log(alpha / 2) / total_w if total_w > 0 else np.nan, hi)
        for k in range(n_keys):
            rows.append((*label, *(tuple(keys.iloc[k]) if level else ()), int(members.sum()), int(total_w),
                         int(total_h[k]), float(rate[k]), float(lo[k]), float(hi[k]), ci))
    key_cols = list(keys.columns) if level else []
    columns = [*groups.columns, *key_cols, "documents", "words", "hits", "rate", "ci_low", "ci_high", "method"]
    out = infer_str(pd.DataFrame(rows, columns=columns))
    out.attrs = {"function": caller, "by": [str(b) for b in _by_list(by)], "kind": kind, "level": level,
                 "per": per, "ci": ci, "n_boot": n_boot if ci == "bootstrap" else None,
                 "confidence": confidence, "seed": seed, "quotes": quotes, "negated": negated,
                 "documents_without_label": missing, "lexicon": hits.attrs.get("lexicon")}
    return out


def _percentiles(values: np.ndarray, alpha: float) -> tuple:
    finite = np.where(np.isfinite(values), values, np.nan)
    if np.isnan(finite).all():
        nan = np.full(values.shape[1], np.nan)
        return nan, nan
    with np.errstate(all="ignore"):
        lo, hi = np.nanpercentile(finite, [100 * alpha / 2, 100 * (1 - alpha / 2)], axis=0)
    return lo, hi


# --------------------------------------------------------------------------- comparisons
def _membership(corpus, by, group, name, caller) -> np.ndarray:
    labels = corpus.group_labels(by).reset_index(drop=True)
    wanted = list(group) if isinstance(group, (list, tuple, set, frozenset)) else [group]
    mask = labels.isin(wanted).to_numpy(dtype=bool)
    if not mask.any():
        shown = sorted(map(str, labels.dropna().unique()))[:20]
        raise ValueError(f"The {name!r} parameter of {caller}() matches no document for by={by!r}. "
                         f"Got {group!r}; some labels are {shown}.")
    return mask


def _label(group) -> str:
    return "+".join(map(str, group)) if isinstance(group, (list, tuple, set, frozenset)) else str(group)


def compare_hedging(corpus, group_a, group_b, *, by="outlet", lexicon=None, hits: pd.DataFrame | None = None,
                    kind: Literal["hedge", "booster", "all"] = "hedge", category: str | None = None,
                    per: float = 10_000, method: Literal["bootstrap", "poisson"] = "bootstrap",
                    n_boot: int = 2000, confidence: float = 0.95, seed: int = 0,
                    quotes: Literal["include", "exclude", "only"] = "include",
                    negated: Literal["include", "exclude"] = "include") -> pd.DataFrame:
    """Compare the hedging rates of two groups of documents.

    Parameters
    ----------
    corpus : Corpus
    group_a, group_b : label or list of labels
        Values of ``by`` (e.g. outlets); A is the target, B the reference.
        A document may not be in both.
    by : str, default="outlet"
        Any grouping of :meth:`Corpus.group_labels`.
    lexicon, hits, kind, quotes, negated : optional
        As in :func:`hedge_rates`.
    category : str, optional
        Only hits of this category.
    per : float, default=10000
    method : {"bootstrap", "poisson"}, default="bootstrap"
        ``"bootstrap"``: rate-ratio interval from a cluster bootstrap that
        resamples documents within each group; test: a permutation test
        over documents (``n_boot`` random reassignments of the pooled
        documents to groups of the observed sizes; statistic the absolute
        difference of the pooled rates; p = (1 + #{perm >= observed}) /
        (n_boot + 1)). ``"poisson"``: quasi-Poisson regression with a
        ``log(words)`` offset and a group indicator; Wald interval and t
        test (n - 2 df) of the log rate ratio with Var = phi (1/H_a + 1/H_b),
        phi = Pearson X2 / (n - 2) floored at 1.
    n_boot : int, default=2000
    confidence : float, default=0.95
    seed : int, default=0

    Returns
    -------
    pandas.DataFrame
        One row: ``group_a``, ``group_b``, ``documents_a``, ``documents_b``,
        ``words_a``, ``words_b``, ``hits_a``, ``hits_b``, ``rate_a``,
        ``rate_b``, ``rate_ratio`` (A / B), ``ci_low``, ``ci_high``,
        ``method``, ``test``, ``p_value``, and, for comparability with
        token-based tools, ``log_likelihood`` (signed G2 with the tokens as
        the unit, :func:`corpus_tools.stats.log_likelihood`),
        ``log_likelihood_p`` and ``log_ratio`` (Hardie). The G2 p-value
        ignores clustering and is usually far smaller than ``p_value``.
    """
    from .. import stats

    caller = "compare_hedging"
    check_option(method, "method", CI_METHODS, caller)
    check_number(per, "per", caller, low=0)
    check_number(n_boot, "n_boot", caller, low=1, integer=True)
    check_number(confidence, "confidence", caller, low=0, high=1)
    hits = _get_hits(corpus, lexicon, hits, kind, quotes, negated, caller)
    if category is not None:
        hits = hits.loc[hits["category"] == category]
    in_a = _membership(corpus, by, group_a, "group_a", caller)
    in_b = _membership(corpus, by, group_b, "group_b", caller)
    if (in_a & in_b).any():
        raise ValueError(f"{caller}(): {int((in_a & in_b).sum())} documents are in both group_a and group_b")
    counted = _hit_counts(corpus, hits, np.zeros(len(hits), dtype=np.int64), pd.DataFrame(index=[0]))
    per_doc, words = counted.counts[:, 0].astype(np.float64), counted.words.astype(np.float64)
    ha, wa, hb, wb = per_doc[in_a], words[in_a], per_doc[in_b], words[in_b]
    Ha, Wa, Hb, Wb = ha.sum(), wa.sum(), hb.sum(), wb.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        rate_a, rate_b = Ha / Wa, Hb / Wb
        ratio = rate_a / rate_b
    alpha = 1 - confidence
    if method == "bootstrap":
        rng = np.random.default_rng([seed, zlib.crc32(f"{_label(group_a)}|{_label(group_b)}".encode())])
        bha, bwa = _bootstrap_sums(ha[:, None], wa, n_boot, rng)
        bhb, bwb = _bootstrap_sums(hb[:, None], wb, n_boot, rng)
        with np.errstate(divide="ignore", invalid="ignore"):
            boot = (bha[:, 0] / bwa) / (bhb[:, 0] / bwb)
        lo, hi = _percentiles(boot[:, None], alpha)
        lo, hi = float(lo[0]), float(hi[0])
        p_value = _permutation_p(np.concatenate([ha, hb]), np.concatenate([wa, wb]), len(ha), n_boot, rng)
        test = "permutation over documents"
    else:
        lo, hi, p_value = _quasi_poisson_ratio(ha, wa, hb, wb, alpha)
        test = "quasi-Poisson Wald t"
    ll = float(stats.log_likelihood(Ha, Hb, Wa, Wb)) if Wa > 0 and Wb > 0 else np.nan
    row = {
        "group_a": _label(group_a), "group_b": _label(group_b),
        "documents_a": int(in_a.sum()), "documents_b": int(in_b.sum()),
        "words_a": int(Wa), "words_b": int(Wb), "hits_a": int(Ha), "hits_b": int(Hb),
        "rate_a": per * rate_a, "rate_b": per * rate_b, "rate_ratio": ratio,
        "ci_low": lo, "ci_high": hi, "method": method, "test": test, "p_value": p_value,
        "log_likelihood": ll, "log_likelihood_p": float(stats.p_value_chi2(ll)) if np.isfinite(ll) else np.nan,
        "log_ratio": float(stats.log_ratio(Ha, Hb, Wa, Wb)) if Wa > 0 and Wb > 0 else np.nan,
    }
    out = infer_str(pd.DataFrame([row]))
    out.attrs = {"function": caller, "by": str(by), "kind": kind, "category": category, "per": per,
                 "method": method, "n_boot": n_boot, "confidence": confidence, "seed": seed,
                 "quotes": quotes, "negated": negated}
    return out


def _permutation_p(h, w, n_a, n_perm, rng) -> float:
    n = len(h)
    H, W = h.sum(), w.sum()
    if n_a == 0 or n_a == n:
        return np.nan

    def diff(ha, wa):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.abs(ha / wa - (H - ha) / (W - wa))

    observed = diff(h[:n_a].sum(), w[:n_a].sum())
    if not np.isfinite(observed):
        return np.nan
    count = 0
    step = max(1, _CHUNK_CELLS // n)
    for lo in range(0, n_perm, step):
        size = min(step, n_perm - lo)
        chosen = np.argpartition(rng.random((size, n)), n_a - 1, axis=1)[:, :n_a]
        d = diff(h[chosen].sum(axis=1), w[chosen].sum(axis=1))
        # Tolerance: sums taken in another order may differ in the last bits.
        count += int(np.sum(np.nan_to_num(d, nan=-np.inf) >= observed * (1 - 1e-12)))
    return (1 + count) / (n_perm + 1)


def _quasi_poisson_ratio(ha, wa, hb, wb, alpha) -> tuple:
    Ha, Hb = ha.sum(), hb.sum()
    if Ha == 0 or Hb == 0:
        return np.nan, np.nan, np.nan
    ra, rb = Ha / wa.sum(), Hb / wb.sum()
    h = np.concatenate([ha, hb])
    mu = np.concatenate([wa * ra, wb * rb])
    pos = mu > 0
    n = int(pos.sum())
    df = max(n - 2, 1)
    phi = max(float(((h[pos] - mu[pos]) ** 2 / mu[pos]).sum() / df), 1.0) if n > 2 else 1.0
    se = np.sqrt(phi * (1 / Ha + 1 / Hb))
    b = np.log(ra / rb)
    q = _special.stdtrit(df, 1 - alpha / 2)  # t.ppf
    p = float(2 * _special.stdtr(df, -abs(b / se)))  # 2 t.sf(|t|)
    return float(np.exp(b - q * se)), float(np.exp(b + q * se)), p


def hedge_booster_ratio(corpus, *, by: str | Sequence = ("outlet",), lexicon=None,
                        hits: pd.DataFrame | None = None, per: float = 10_000, n_boot: int = 2000,
                        confidence: float = 0.95, seed: int = 0,
                        quotes: Literal["include", "exclude", "only"] = "include",
                        negated: Literal["include", "exclude"] = "include") -> pd.DataFrame:
    """Hedges per booster in each group, with a cluster-bootstrap interval.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``documents``, ``words``, ``hedges``,
        ``boosters``, ``hedge_rate``, ``booster_rate`` (per ``per`` words),
        ``ratio`` (hedges / boosters; inf with no boosters), ``ci_low``,
        ``ci_high`` (percentile interval over documents resampled
        ``n_boot`` times), ``method``.

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": [pd.NaT], "title": [""],
    ...     "text": ["It may, perhaps, clearly rain."]})
    >>> table = ct.hedge_booster_ratio(ct.Corpus.from_documents(docs))
    >>> table[["hedges", "boosters"]].values.tolist(), table["ratio"].tolist()
    ([[2, 1]], [2.0])
    """
    caller = "hedge_booster_ratio"
    check_number(n_boot, "n_boot", caller, low=1, integer=True)
    hits = _get_hits(corpus, lexicon, hits, "all", quotes, negated, caller)
    group_code, groups, missing = _groups(corpus, by, caller)
    codes = (hits["type"].astype(STR_DTYPE) == "booster").to_numpy().astype(np.int64)
    counted = _hit_counts(corpus, hits, codes, pd.DataFrame({"booster": [False, True]}))
    matrix, words = counted.counts.astype(np.float64), counted.words.astype(np.float64)
    alpha = 1 - confidence
    rows = []
    for g in range(len(groups)):
        members = group_code == g
        h, w = matrix[members], words[members]
        label = tuple(groups.iloc[g])
        H, B = h.sum(axis=0)
        bh, _ = _bootstrap_sums(h, w, n_boot, _rng(seed, label))
        with np.errstate(divide="ignore", invalid="ignore"):
            boot = bh[:, 0] / bh[:, 1]
            ratio = H / B
        lo, hi = _percentiles(boot[:, None], alpha)
        W = w.sum()
        rows.append((*label, int(members.sum()), int(W), int(H), int(B), per * H / W if W else np.nan,
                     per * B / W if W else np.nan, float(ratio), float(lo[0]), float(hi[0]), "bootstrap"))
    out = infer_str(pd.DataFrame(rows, columns=[*groups.columns, "documents", "words", "hedges", "boosters",
                                                "hedge_rate", "booster_rate", "ratio", "ci_low", "ci_high",
                                                "method"]))
    out.attrs = {"function": caller, "per": per, "n_boot": n_boot, "confidence": confidence, "seed": seed,
                 "documents_without_label": missing}
    return out


def pattern_contributions(corpus, group_a, group_b, *, by="outlet", lexicon=None,
                          hits: pd.DataFrame | None = None,
                          kind: Literal["hedge", "booster", "all"] = "hedge", per: float = 10_000,
                          quotes: Literal["include", "exclude", "only"] = "include",
                          negated: Literal["include", "exclude"] = "include") -> pd.DataFrame:
    """Which patterns make up the difference in rate between two groups.

    Returns
    -------
    pandas.DataFrame
        One row per pattern with a hit in either group: ``pattern``,
        ``type``, ``category``, ``hits_a``, ``hits_b``, ``rate_a``,
        ``rate_b`` (per ``per`` words of the group), ``difference``
        (``rate_a - rate_b``) and ``share`` (the pattern's difference over
        the total difference of its type; the shares of a type sum to 1).
        Sorted by absolute difference, descending, then pattern.
    """
    caller = "pattern_contributions"
    hits = _get_hits(corpus, lexicon, hits, kind, quotes, negated, caller)
    in_a = _membership(corpus, by, group_a, "group_a", caller)
    in_b = _membership(corpus, by, group_b, "group_b", caller)
    codes, keys = _key_codes(hits, "pattern")
    counted = _hit_counts(corpus, hits, codes, keys)
    words = counted.words
    Wa, Wb = float(words[in_a].sum()), float(words[in_b].sum())
    hits_a, hits_b = counted.sums(in_a), counted.sums(in_b)
    # Patterns with a hit in either group, by pattern (then type, category).
    table = keys.assign(hits_a=hits_a.astype(np.int64), hits_b=hits_b.astype(np.int64))
    table = table.loc[(hits_a + hits_b) > 0, ["pattern", "type", "category", "hits_a", "hits_b"]]
    table = table.sort_values(["pattern", "type", "category"]).reset_index(drop=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        table["rate_a"] = per * table["hits_a"] / Wa
        table["rate_b"] = per * table["hits_b"] / Wb
    table["difference"] = table["rate_a"] - table["rate_b"]
    totals = table.groupby("type")["difference"].transform("sum")
    with np.errstate(divide="ignore", invalid="ignore"):
        table["share"] = np.where(totals != 0, table["difference"] / totals, np.nan)
    table = table.assign(_abs=table["difference"].abs()).sort_values(["_abs", "pattern"], ascending=[False, True])
    out = table.drop(columns="_abs").reset_index(drop=True)
    out.attrs = {"function": caller, "group_a": _label(group_a), "group_b": _label(group_b), "by": str(by),
                 "kind": kind, "per": per, "quotes": quotes, "negated": negated}
    return out


# --------------------------------------------------------------------------- validation
def sample_hits(hits: pd.DataFrame, corpus, *, per_pattern: int = 20, seed: int = 0, width: int = 10) -> pd.DataFrame:
    """Draw up to ``per_pattern`` hits of each pattern as concordance lines for annotation.

    Parameters
    ----------
    hits : pandas.DataFrame
        From :func:`hedge_hits`.
    corpus : Corpus
        The corpus the hits come from.
    per_pattern : int, default=20
    seed : int, default=0
    width : int, default=10
        Words of context on each side, passed to
        :func:`corpus_tools.analyses.concordance.kwic_lines`.

    Returns
    -------
    pandas.DataFrame
        ``pattern``, ``type``, ``category``, ``in_quotes``, ``negated``,
        ``doc_index``, ``start``, ``end``, then the KWIC columns
        (``doc_id``, ``outlet``, ``date``, ``position``, ``left``, ``node``,
        ``right``). Sorted by pattern, then document and position. Write it
        with :func:`corpus_tools.analyses.concordance.to_annotation_csv` (which adds
        the ``judgement`` column to fill in with ``y``/``n``/``?``), read it
        back with :func:`~corpus_tools.analyses.concordance.read_annotation_csv` and
        pass that to :func:`precision`.
    """
    from .concordance import kwic_lines  # written alongside; imported when needed

    check_number(per_pattern, "per_pattern", "sample_hits", low=1, integer=True)
    rng = np.random.default_rng(seed)
    frame = hits.reset_index(drop=True).copy()
    frame["_key"] = rng.random(len(frame))
    frame = frame.sort_values(["pattern", "_key"], kind="stable")
    frame = frame.loc[frame.groupby("pattern", observed=True).cumcount() < per_pattern]
    frame = frame.sort_values(["pattern", "doc_index", "start"], kind="stable").reset_index(drop=True)
    lines = kwic_lines(corpus, frame[["doc_index", "start", "end"]], width=width).reset_index(drop=True)
    meta = frame[["pattern", "type", "category", "in_quotes", "negated", "doc_index", "start", "end"]].copy()
    meta["pattern"] = meta["pattern"].astype(STR_DTYPE)
    lines = lines.drop(columns=[c for c in meta.columns if c in lines.columns])
    out = pd.concat([meta, lines], axis=1)
    out.attrs = {"function": "sample_hits", "per_pattern": per_pattern, "seed": seed, "width": width}
    return out


_POSITIVE = {"y", "yes", "1", "true", "t", "correct"}
_NEGATIVE = {"n", "no", "0", "false", "f", "incorrect", "wrong"}
_UNSURE = {"?", "unsure"}


def precision(annotated: pd.DataFrame, *, label: str = "judgement", confidence: float = 0.95) -> pd.DataFrame:
    """Precision per pattern from annotated hits, with Wilson score intervals.

    Parameters
    ----------
    annotated : pandas.DataFrame
        Sampled hits (:func:`sample_hits`, written with
        ``concordance.to_annotation_csv`` and read back with
        ``concordance.read_annotation_csv``): a ``pattern`` column and a
        judgement column. ``y`` (also ``yes``, ``1``, ``true``) = a true
        hedge/booster; ``n`` (``no``, ``0``, ``false``) = a false hit;
        ``?`` = unsure and empty = not judged, both left out of the
        precision (``unsure`` counts the first). Case and spaces are ignored.
    label : str, default="judgement"
        The judgement column.
    confidence : float, default=0.95

    Returns
    -------
    pandas.DataFrame
        ``pattern``, ``judged`` (y + n), ``correct`` (y), ``unsure`` (?),
        ``precision`` (correct / judged), ``ci_low``, ``ci_high`` (Wilson
        score interval), sorted by pattern. Patterns with no y/n judgement
        have NaN precision.

    Examples
    --------
    >>> import corpus_tools as ct
    >>> a = pd.DataFrame({"pattern": ["may"] * 5, "judgement": ["y", "y", "n", "?", None]})
    >>> ct.precision(a)[["pattern", "judged", "correct", "unsure", "precision"]].values.tolist()
    [['may', 3, 2, 1, 0.6666666666666666]]
    """
    check_number(confidence, "confidence", "precision", low=0, high=1)
    if label not in annotated.columns or "pattern" not in annotated.columns:
        raise ValueError(f"precision(): the annotated table needs the columns 'pattern' and {label!r}; "
                         f"it has {list(annotated.columns)}")
    raw = annotated[label]
    text = pd.Series([("" if (v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)))
                       else str(v).strip().lower()) for v in raw], index=annotated.index, dtype=object)
    bad = ~text.isin(_POSITIVE | _NEGATIVE | _UNSURE | {""})
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise ValueError(f"precision(): row {i} has the judgement {raw.iloc[i]!r}; use y, n or ? "
                         f"(or yes/no, 1/0), or leave it empty")
    frame = pd.DataFrame({"pattern": annotated["pattern"].astype(STR_DTYPE).array,
                          "yes": text.isin(_POSITIVE).to_numpy(), "no": text.isin(_NEGATIVE).to_numpy(),
                          "unsure": text.isin(_UNSURE).to_numpy()})
    table = frame.groupby("pattern", sort=True)[["yes", "no", "unsure"]].sum().reset_index()
    n = (table["yes"] + table["no"]).to_numpy(np.float64)
    k = table["yes"].to_numpy(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        lo, hi = _wilson(k, n, confidence)
        prec = k / n
    out = pd.DataFrame({"pattern": table["pattern"], "judged": n.astype(np.int64), "correct": k.astype(np.int64),
                        "unsure": table["unsure"].astype(np.int64), "precision": prec,
                        "ci_low": lo, "ci_high": hi})
    out.attrs = {"function": "precision", "confidence": confidence, "interval": "Wilson score"}
    return out


def _wilson(k, n, confidence):
    """Wilson score interval for k successes in n trials (Wilson 1927)."""
    z = _special.ndtri(1 - (1 - confidence) / 2)  # norm.ppf
    p = k / n
    denom = 1 + z ** 2 / n
    centre = (p + z ** 2 / (2 * n)) / denom
    half = z * np.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2)) / denom
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def adjusted_rates(rates: pd.DataFrame, precision: pd.DataFrame, *, total: bool = False) -> pd.DataFrame:
    """Precision-adjusted rates: each pattern's hits times its estimated precision.

    Parameters
    ----------
    rates : pandas.DataFrame
        From ``hedge_rates(..., level="pattern")``.
    precision : pandas.DataFrame
        From :func:`precision` (the function of this module).
    total : bool, default=False
        Also sum the adjusted hits of each group into one row per group
        (``pattern`` = ``"(all)"``); patterns without an estimate are then
        counted at precision 1 and listed in ``attrs["unvalidated"]``.

    Returns
    -------
    pandas.DataFrame
        ``rates`` with ``precision``, ``adjusted_hits``, ``adjusted_rate``,
        ``adjusted_ci_low``, ``adjusted_ci_high`` (the rate interval times the
        precision; the uncertainty of the precision itself is not
        propagated). Patterns without an estimate get NaN.
    """
    if "pattern" not in rates.columns:
        raise ValueError("adjusted_rates(): rates must come from hedge_rates(..., level='pattern')")
    prec = precision.set_index("pattern")["precision"]
    out = rates.copy()
    out["precision"] = out["pattern"].astype(STR_DTYPE).map(prec).astype(np.float64)
    out["adjusted_hits"] = out["hits"] * out["precision"]
    out["adjusted_rate"] = out["rate"] * out["precision"]
    out["adjusted_ci_low"] = out["ci_low"] * out["precision"]
    out["adjusted_ci_high"] = out["ci_high"] * out["precision"]
    unvalidated = sorted(set(out.loc[out["precision"].isna(), "pattern"].astype(STR_DTYPE)))
    if total:
        group_cols = [c for c in rates.columns if c not in ("type", "category", "pattern", "documents", "words",
                                                            "hits", "rate", "ci_low", "ci_high", "method")]
        per = rates.attrs.get("per", 10_000)
        filled = out.assign(adjusted_hits=out["hits"] * out["precision"].fillna(1.0))
        agg = filled.groupby(group_cols, sort=True, observed=True).agg(
            words=("words", "first"), hits=("hits", "sum"), adjusted_hits=("adjusted_hits", "sum")).reset_index()
        agg["pattern"] = pd.array(["(all)"] * len(agg), dtype=STR_DTYPE)
        agg["rate"] = per * agg["hits"] / agg["words"]
        agg["adjusted_rate"] = per * agg["adjusted_hits"] / agg["words"]
        out = agg
    out.attrs = {**rates.attrs, "unvalidated": unvalidated}
    return out
