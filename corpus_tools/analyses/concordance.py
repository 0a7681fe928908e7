"""Concordances (KWIC lines) with context from the original text, and queries.

:func:`concordance` finds a query and returns one line per hit;
:func:`kwic_lines` turns any list of hits (from another analysis, e.g. the
hedging matcher) into lines; :func:`to_annotation_csv` and
:func:`read_annotation_csv` carry lines to a spreadsheet for manual
judgement and back.

Queries
-------
Words, phrases, wildcards (``suggest*``) and regexes (``re:^suggest(s|ed)?$``),
matched against consecutive tokens of one document: the language of
:mod:`corpus_tools.query.nodes`, which says which vocabulary entries each
part matches; :func:`find_query` finds them in the token arrays.

Context
-------
``left``, ``node`` and ``right`` are substrings of the document's text exactly
as stored in ``corpus.documents`` (title, a blank line, then the text: the
string the token store was built from), so spacing, line breaks, quotes and
punctuation are the original ones (after normalisation, if the corpus was
built with it). Token positions are mapped to characters with
:func:`char_spans`, which relies on the tokeniser's guarantee that tokens
are exactly the runs of non-white-space text (paragraph marks dropped) and
checks every document it maps: if the text does not give back exactly the
stored tokens, an error is raised rather than a wrong line shown.
"""

from __future__ import annotations

import csv
import logging
import os
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from .._compat import STR_DTYPE, infer_str
from .._validation import check_number, check_option
from ..counts.streams import segment_of, select_documents, token_stream
from ..errors import CorpusToolsError
from ..counts.matches import phrase_starts
from ..query.nodes import split_query, surface_tables

logger = logging.getLogger(__name__)

__all__ = ["concordance", "kwic_lines", "find_query", "to_annotation_csv", "read_annotation_csv",
           "KWIC_COLUMNS", "SORT_KEYS", "JUDGEMENTS"]

KWIC_COLUMNS = ("doc_id", "outlet", "date", "position", "left", "node", "right")
SORT_KEYS = (None, "L1", "L2", "L3", "R1", "R2", "R3")
UNITS = ("tokens", "chars")
JUDGEMENTS = {"y": "y", "yes": "y", "1": "y", "n": "n", "no": "n", "0": "n", "?": "?"}
"""Accepted judgement cells (case-insensitive, spaces stripped) and what they are read as."""


# --------------------------------------------------------------------------
# queries
# --------------------------------------------------------------------------

def find_query(corpus, query: str, *, case_sensitive: bool = False,
               caller: str = "find_query") -> tuple[np.ndarray, np.ndarray]:
    """Global token positions where a query matches.

    Parameters
    ----------
    corpus : Corpus
    query : str
        See the module's Queries section.
    case_sensitive : bool, default=False

    Returns
    -------
    starts, ends : numpy.ndarray of int64
        Global positions (into ``corpus.tokens.ids``) of each hit's first
        token and one past its last, ascending. Hits never cross documents.

    Raises
    ------
    ValueError
        For an empty query, a bare wildcard or an invalid regex.

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": [pd.NaT],
    ...                      "title": [""], "text": ["It appears to rain; rain appears."]})
    >>> ct.find_query(ct.Corpus.from_documents(docs), "appears to")
    (array([1]), array([3]))
    """
    split_query(query, caller)  # the query's errors first, as before
    check_option(case_sensitive, "case_sensitive", (True, False), caller)
    t = corpus.tokens
    tables = surface_tables(query, t.vocab, t.lower, t.lower_vocab, case_sensitive=case_sensitive,
                            caller=caller)
    starts = phrase_starts(corpus, tables)
    return starts, starts + len(tables)


# --------------------------------------------------------------------------
# character offsets of tokens
# --------------------------------------------------------------------------

def document_strings(corpus, rows: np.ndarray) -> list:
    """The strings the token store was built from: title, blank line, text."""
    docs = corpus.documents
    rows = np.asarray(rows, dtype=np.int64)
    titles = docs["title"].iloc[rows].fillna("").astype(STR_DTYPE).tolist()
    texts = docs["text"].iloc[rows].fillna("").astype(STR_DTYPE).tolist()
    return [f"{a}\n\n{b}" if a else b for a, b in zip(titles, texts)]


# Unicode White_Space, the set the tokeniser's ``\\s`` and ``\\S`` use.
_WHITE_SPACE = np.array([9, 10, 11, 12, 13, 32, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B),
                         0x2028, 0x2029, 0x202F, 0x205F, 0x3000], dtype=np.uint32)
_WS_TABLE = np.zeros(0x3001, dtype=bool)
_WS_TABLE[_WHITE_SPACE] = True


def char_spans(corpus, rows: np.ndarray, strings: list | None = None):
    """Character start and end of every token of the documents at ``rows``.

    The tokeniser cuts a text so that every non-white-space character
    belongs to exactly one token and no token contains white space (a
    paragraph break is a white-space mark that is dropped). So token ``k``
    starts at the ``L``-th non-white-space character of its document, where
    ``L`` is the total length of the tokens before it. This is computed for
    all tokens at once with numpy, and checked: each document's
    non-white-space characters must number exactly its tokens' total length,
    and each token's first character must be the character found there.

    Returns
    -------
    starts, ends : numpy.ndarray of int64
        Concatenated over ``rows`` in order; document ``rows[j]``'s token
        ``p`` is at ``base[j] + p``. Offsets count characters (code points)
        of the document string (title, blank line, text).
    base : numpy.ndarray of int64

    Raises
    ------
    CorpusToolsError
        When a document's text and its stored tokens disagree (text edited
        after tokenising, or a tokeniser, such as NLTK's, that rewrites tokens).
    """
    t = corpus.tokens
    rows = np.asarray(rows, dtype=np.int64)
    strings = document_strings(corpus, rows) if strings is None else strings
    lengths = _vocab_lengths(corpus)
    first_char = _vocab_first_chars(corpus)
    n_tok = np.diff(t.offsets)[rows]
    base = np.concatenate(([0], np.cumsum(n_tok)))[:-1]
    gpos = np.repeat(t.offsets[rows] - base, n_tok) + np.arange(int(n_tok.sum()), dtype=np.int64)
    ids = t.ids[gpos]
    tok_len = lengths[ids]
    cp = np.frombuffer("".join(strings).encode("utf-32-le"), dtype=np.uint32)
    doc_chars = np.fromiter((len(x) for x in strings), dtype=np.int64, count=len(strings))
    char_base = np.concatenate(([0], np.cumsum(doc_chars)))
    solid = np.ones(len(cp), dtype=bool)
    small = cp < len(_WS_TABLE)
    solid[small] = ~_WS_TABLE[cp[small]]
    solid_at = np.flatnonzero(solid)
    cum_solid = np.concatenate(([0], np.cumsum(solid, dtype=np.int64)))
    solid_per_doc = cum_solid[char_base[1:]] - cum_solid[char_base[:-1]]
    tok_base = np.concatenate(([0], np.cumsum(tok_len)))
    len_per_doc = tok_base[np.concatenate((base, [len(ids)]))[1:]] - tok_base[base]
    bad = np.flatnonzero(solid_per_doc != len_per_doc)
    starts = ends = np.empty(0, dtype=np.int64)
    if not len(bad) and len(ids):
        # Both sequences run over the documents in the same order, so the
        # k-th token's first character is solid character number tok_base[k].
        g_start = solid_at[tok_base[:-1]]
        g_end = solid_at[tok_base[1:] - 1] + 1
        found = cp[g_start]
        # The tokeniser stores a split-off clitic's curly apostrophe as a straight one
        # ("company’s" -> "company", "'s"); the text keeps the original.
        found = np.where(found == 0x2019, 0x27, found)
        wrong = found != np.where(first_char[ids] == 0x2019, 0x27, first_char[ids])
        if wrong.any():
            doc_of = np.repeat(np.arange(len(rows)), n_tok)
            bad = np.unique(doc_of[wrong])
        else:
            doc_of_tok = np.repeat(np.arange(len(rows)), n_tok)
            starts = g_start - char_base[doc_of_tok]
            ends = g_end - char_base[doc_of_tok]
    if len(bad):
        row = int(rows[bad[0]])
        raise CorpusToolsError(
            f"cannot place KWIC context: the text of document {corpus.documents['doc_id'].iloc[row]!r} "
            f"does not match its stored tokens (its non-space characters do not spell them). Was the text "
            f"edited after the corpus was built, or the corpus tokenised with engine='nltk'? "
            f"Rebuild it with the fast tokeniser.")
    return starts, ends, base


def _vocab_first_chars(corpus) -> np.ndarray:
    vocab = corpus.tokens.vocab
    return corpus.cache.get(("vocabulary first characters",), lambda: np.fromiter(
        (ord(f[0]) if f else 0 for f in vocab), dtype=np.uint32, count=len(vocab)))


def _vocab_lengths(corpus) -> np.ndarray:
    vocab = corpus.tokens.vocab
    return corpus.cache.get(("vocabulary lengths",), lambda: np.fromiter(
        (len(f) for f in vocab), dtype=np.int64, count=len(vocab)))


_SPAN_BATCH = 400


def global_char_spans(corpus, rows: np.ndarray):
    """Character start/end of every token, indexed by global position; computed for ``rows`` on demand.

    Spans are cached per corpus (two int32 arrays of the token count), so
    later lines from the same documents cost nothing. Documents are
    re-tokenised in batches on a thread pool (Polars releases the GIL).
    Entries of documents not yet computed are -1.
    """
    from concurrent.futures import ThreadPoolExecutor

    t = corpus.tokens
    # Filled in for documents as KWIC lines need them; int32: offsets within one
    # document (documents are far below 2**31 characters).
    cache = corpus.cache.get(("character spans",), lambda: {
        "start": np.full(len(t.ids), -1, dtype=np.int32),
        "end": np.full(len(t.ids), -1, dtype=np.int32),
        "done": np.zeros(len(corpus), dtype=bool)})
    _vocab_lengths(corpus)  # filled before the threads start
    _vocab_first_chars(corpus)
    rows = np.unique(np.asarray(rows, dtype=np.int64))
    todo = rows[~cache["done"][rows]]
    if len(todo):
        strings = document_strings(corpus, todo)
        cuts = range(0, len(todo), _SPAN_BATCH)
        batches = [todo[i:i + _SPAN_BATCH] for i in cuts]
        texts = [strings[i:i + _SPAN_BATCH] for i in cuts]
        workers = min(4, os.cpu_count() or 1, len(batches))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(lambda bt: char_spans(corpus, bt[0], bt[1]), zip(batches, texts)))
        for batch, (cs, ce, _) in zip(batches, results):
            lengths = np.diff(t.offsets)[batch]
            gpos = np.repeat(t.offsets[batch], lengths) + (
                np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths))
            cache["start"][gpos] = cs
            cache["end"][gpos] = ce
        cache["done"][todo] = True
    return cache["start"], cache["end"]


# --------------------------------------------------------------------------
# lines
# --------------------------------------------------------------------------

def _check_hits(corpus, hits, caller: str):
    if not isinstance(hits, pd.DataFrame):
        raise TypeError(f"The 'hits' parameter of {caller}() must be a DataFrame with columns "
                        f"doc_index, start, end. Got {type(hits).__name__} instead.")
    missing = [c for c in ("doc_index", "start", "end") if c not in hits.columns]
    if missing:
        raise ValueError(f"The 'hits' parameter of {caller}() lacks the column(s) {missing}; it needs "
                         f"doc_index, start, end (token positions within the document, end exclusive).")
    doc = hits["doc_index"].to_numpy(dtype=np.int64)
    start = hits["start"].to_numpy(dtype=np.int64)
    end = hits["end"].to_numpy(dtype=np.int64)
    if len(doc):
        if doc.min() < 0 or doc.max() >= len(corpus):
            raise ValueError(f"The 'hits' parameter of {caller}() has a doc_index outside "
                             f"[0, {len(corpus) - 1}].")
        length = np.diff(corpus.tokens.offsets)[doc]
        bad = (start < 0) | (end <= start) | (end > length)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValueError(f"The 'hits' parameter of {caller}() has a bad span in row {i}: "
                             f"start={start[i]}, end={end[i]} for a document of {length[i]} tokens "
                             f"(need 0 <= start < end <= length).")
    return doc, start, end


def _context_bounds(corpus, gstart, gend, width, sentence_bounded):
    """Global token range [lo, hi) of each line's context, in words."""
    t = corpus.tokens
    doc = segment_of(gstart, t.offsets[:-1])
    lo, hi = t.offsets[doc], t.offsets[doc + 1]
    if sentence_bounded and len(t.sentence_starts):
        s0 = segment_of(gstart, t.sentence_starts)
        s1 = segment_of(gend - 1, t.sentence_starts)
        lo = np.maximum(lo, t.sentence_starts[np.maximum(s0, 0)])
        nxt = np.append(t.sentence_starts, len(t.ids))
        hi = np.minimum(hi, nxt[s1 + 1])
    return doc, lo, hi


def kwic_lines(corpus, hits: pd.DataFrame, *, width: int = 5,
               unit: Literal["tokens", "chars"] = "tokens",
               sentence_bounded: bool = False) -> pd.DataFrame:
    """KWIC lines for given hits, with context from the original text.

    Parameters
    ----------
    corpus : Corpus
    hits : pandas.DataFrame
        Columns ``doc_index`` (int: row of ``corpus.documents``), ``start``
        and ``end`` (int: token positions within that document, end
        exclusive; punctuation tokens count as positions). Other columns are
        ignored.
    width : int, default=5
        Context on each side: word tokens (punctuation between them is shown
        but not counted) when ``unit="tokens"``, characters when
        ``unit="chars"``.
    unit : {"tokens", "chars"}, default="tokens"
    sentence_bounded : bool, default=False
        Stop the context at the node's sentence.

    Returns
    -------
    pandas.DataFrame
        One row per hit, in the order of ``hits`` and with its index:
        ``doc_id`` (str), ``outlet``, ``date``, ``position`` (int, token
        index of the node's first token within its document), ``left``,
        ``node``, ``right`` (str, verbatim substrings of the document; the
        whitespace between ``left``/``node``/``right`` is not included in
        ``unit="tokens"``; in ``unit="chars"`` ``left`` and ``right`` are
        exactly ``width`` characters (fewer at a document or sentence edge).

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": [pd.NaT],
    ...     "title": [""], "text": ["It \u201cappears\u201d  to rain, they say."]})
    >>> corpus = ct.Corpus.from_documents(docs)
    >>> hits = pd.DataFrame({"doc_index": [0], "start": [2], "end": [3]})
    >>> ct.kwic_lines(corpus, hits, width=2).loc[0, ["left", "node", "right"]].tolist()
    ['It \u201c', 'appears', '\u201d  to rain']
    """
    caller = "kwic_lines"
    check_option(unit, "unit", UNITS, caller)
    check_number(width, "width", caller, low=0, integer=True)
    check_option(sentence_bounded, "sentence_bounded", (True, False), caller)
    doc, start, end = _check_hits(corpus, hits, caller)
    t = corpus.tokens
    gstart = t.offsets[doc] + start
    gend = t.offsets[doc] + end
    _, lo, hi = _context_bounds(corpus, gstart, gend, width, sentence_bounded)
    rows = np.unique(doc)
    strings = document_strings(corpus, rows)
    cs, ce = global_char_spans(corpus, rows)
    slot = np.searchsorted(rows, doc)  # which of `rows` each hit is in

    def at(global_pos):
        return global_pos

    a = cs[at(gstart)].astype(np.int64)
    b = ce[at(gend - 1)].astype(np.int64)
    if unit == "tokens":
        words = token_stream(corpus, lower=True, words_only=True).positions
        nw = len(words)
        k = np.searchsorted(words, gstart)
        first_left = np.where(k - width >= 0, words[np.clip(k - width, 0, max(nw - 1, 0))], 0) \
            if nw else np.zeros_like(gstart)
        first_left = np.where(width == 0, gstart, np.maximum(first_left, lo))
        k2 = np.searchsorted(words, gend)
        kr = k2 + width - 1
        last_right = np.where(kr < nw, words[np.clip(kr, 0, max(nw - 1, 0))] + 1, len(t.ids)) \
            if nw else np.full_like(gend, len(t.ids))
        last_right = np.where(width == 0, gend, np.minimum(last_right, hi))
        has_left = first_left < gstart
        has_right = last_right > gend
        l0 = np.where(has_left, cs[at(np.where(has_left, first_left, gstart))], a)
        l1 = np.where(has_left, ce[at(np.where(has_left, gstart - 1, gstart))], a)
        r0 = np.where(has_right, cs[at(np.where(has_right, gend, gend - 1))], b)
        r1 = np.where(has_right, ce[at(np.where(has_right, last_right - 1, gend - 1))], b)
    else:
        lo_char = cs[at(lo)]
        hi_char = ce[at(hi - 1)]
        if not sentence_bounded:
            lo_char = np.zeros_like(lo_char)
            hi_char = np.asarray([len(strings[s]) for s in slot], dtype=np.int64)
        l0, l1 = np.maximum(a - width, lo_char), a
        r0, r1 = b, np.minimum(b + width, hi_char)
    left, node, right = [], [], []
    for j in range(len(doc)):  # one slice per line, not per token
        text = strings[slot[j]]
        left.append(text[l0[j]:l1[j]])
        node.append(text[a[j]:b[j]])
        right.append(text[r0[j]:r1[j]])
    docs = corpus.documents
    out = pd.DataFrame({
        "doc_id": docs["doc_id"].to_numpy()[doc],
        "outlet": docs["outlet"].to_numpy()[doc],
        "date": docs["date"].to_numpy()[doc],
        "position": start,
        "left": pd.array(left, dtype=STR_DTYPE),
        "node": pd.array(node, dtype=STR_DTYPE),
        "right": pd.array(right, dtype=STR_DTYPE),
    }, index=hits.index)
    return infer_str(out, columns=["doc_id", "outlet"])  # numpy object arrays on pandas 2.3


def _sort_words(corpus, gstart, gend, lo, hi, key: str) -> list:
    """Lower-case words at the chosen slot and the slots further out, '' past an edge."""
    stream = token_stream(corpus, lower=True, words_only=True)
    words = stream.positions
    side, level = key[0], int(key[1])
    out = []
    for lev in range(level, 4):
        if side == "L":
            k = np.searchsorted(words, gstart) - lev
        else:
            k = np.searchsorted(words, gend) + lev - 1
        ok = (k >= 0) & (k < len(words))
        kc = np.clip(k, 0, max(len(words) - 1, 0))
        pos = words[kc] if len(words) else np.zeros_like(k)
        ok &= (pos >= lo) & (pos < hi)
        forms = np.where(ok, stream.terms[stream.ids[kc]] if len(words) else "", "")
        out.append(forms.astype(object))
    return out


def concordance(
    corpus,
    query: str,
    *,
    width: int = 5,
    unit: Literal["tokens", "chars"] = "tokens",
    sort: Literal[None, "L1", "L2", "L3", "R1", "R2", "R3"] = None,
    by: dict | None = None,
    sentence_bounded: bool = False,
    sample: int | None = None,
    seed: int = 0,
    case_sensitive: bool = False,
) -> pd.DataFrame:
    """KWIC concordance of a query.

    Parameters
    ----------
    corpus : Corpus
    query : str
        A word, phrase, wildcard or ``re:`` regex (see the module docstring).
    width : int, default=5
        Context per side, in word tokens or characters (``unit``).
    unit : {"tokens", "chars"}, default="tokens"
    sort : {None, "L1", "L2", "L3", "R1", "R2", "R3"}, default=None
        None: corpus order (document, then position). ``"L1"``: by the
        lower-cased first word left of the node, then the words further
        left (L2, L3); ``"R2"``: by the second word right, then R3; and so
        on. Ties: node (lower-cased), then corpus order. A missing word
        (document or sentence edge) sorts first.
    by : dict, optional
        Only documents matching ``{field: value or [values]}`` (metadata
        column or period label; ``"date": (start, end)`` for a range).
    sentence_bounded : bool, default=False
        Context stops at the node's sentence; sort words too.
    sample : int, optional
        Keep this many hits drawn at random without replacement (all if
        fewer), before sorting.
    seed : int, default=0
        Seed of the sample (numpy ``default_rng``): the same seed gives the
        same lines.
    case_sensitive : bool, default=False

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id, outlet, date, position, left, node, right``
        (see :func:`kwic_lines`), index 0..n-1.

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "date": [pd.NaT] * 2,
    ...     "title": ["", ""], "text": ["The harbour froze.", "A busy harbour, they said."]})
    >>> lines = ct.concordance(ct.Corpus.from_documents(docs), "harbour", width=2, sort="L1")
    >>> lines[["doc_id", "left", "node", "right"]].values.tolist()
    [['b', 'A busy', 'harbour', ', they said'], ['a', 'The', 'harbour', 'froze.']]
    """
    caller = "concordance"
    check_option(unit, "unit", UNITS, caller)
    check_number(width, "width", caller, low=0, integer=True)
    check_option(sort, "sort", SORT_KEYS, caller)
    check_option(sentence_bounded, "sentence_bounded", (True, False), caller)
    if sample is not None:
        check_number(sample, "sample", caller, low=1, integer=True)
    check_number(seed, "seed", caller, low=0, integer=True)
    gstart, gend = find_query(corpus, query, case_sensitive=case_sensitive, caller=caller)
    t = corpus.tokens
    doc = segment_of(gstart, t.offsets[:-1])
    if by is not None:
        chosen = select_documents(corpus, by, "by", caller)
        keep = chosen[doc]
        gstart, gend, doc = gstart[keep], gend[keep], doc[keep]
    if sample is not None and sample < len(gstart):
        rng = np.random.default_rng(seed)
        pick = np.sort(rng.choice(len(gstart), size=sample, replace=False))
        gstart, gend, doc = gstart[pick], gend[pick], doc[pick]
    logger.info("concordance %r: %d lines", query, len(gstart))
    if sort is not None and len(gstart):
        _, lo, hi = _context_bounds(corpus, gstart, gend, width, sentence_bounded)
        keys = _sort_words(corpus, gstart, gend, lo, hi, sort)
        node = np.asarray([corpus.tokens.lower_vocab[corpus.tokens.lower[corpus.tokens.ids[g]]]
                           for g in gstart], dtype=object)
        frame = pd.DataFrame({f"k{i}": k for i, k in enumerate(keys)})
        frame["node"] = node
        frame["g"] = gstart
        order = frame.sort_values(list(frame.columns), kind="stable").index.to_numpy()
        gstart, gend, doc = gstart[order], gend[order], doc[order]
    hits = pd.DataFrame({"doc_index": doc, "start": gstart - t.offsets[doc], "end": gend - t.offsets[doc]})
    lines = kwic_lines(corpus, hits, width=width, unit=unit, sentence_bounded=sentence_bounded)
    lines.attrs = {"analysis": "concordance", "query": query, "width": width, "unit": unit, "sort": sort,
                   "sentence_bounded": sentence_bounded, "sample": sample, "seed": seed,
                   "case_sensitive": case_sensitive}
    return lines


# --------------------------------------------------------------------------
# annotation round trip
# --------------------------------------------------------------------------

def to_annotation_csv(lines: pd.DataFrame, path) -> Path:
    """Write KWIC lines for manual judgement: ``id``, the line's columns, empty ``judgement``.

    Parameters
    ----------
    lines : pandas.DataFrame
        From :func:`concordance` or :func:`kwic_lines`.
    path : str or Path

    Returns
    -------
    pathlib.Path

    Notes
    -----
    UTF-8, comma-separated, ``"\\n"`` line ends, dates as ``yyyy-mm-dd``.
    ``id`` numbers the lines 1..n. Fill ``judgement`` with ``y``/``n``/``?``
    (or ``yes``/``no``, ``1``/``0``); leave it empty for "not judged".

    Examples
    --------
    >>> import os, tempfile, pandas as pd
    >>> import corpus_tools as ct
    >>> lines = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": [pd.NaT], "position": [3],
    ...                       "left": ["It"], "node": ["may"], "right": ["rain"]})
    >>> path = ct.to_annotation_csv(lines, os.path.join(tempfile.mkdtemp(), "lines.csv"))
    >>> path.read_text(encoding="utf-8").splitlines()[0]
    'id,doc_id,outlet,date,position,left,node,right,judgement'
    """
    if "id" in lines.columns or "judgement" in lines.columns:
        raise ValueError("The 'lines' parameter of to_annotation_csv() already has an 'id' or "
                         "'judgement' column; pass the lines as returned by concordance().")
    frame = lines.reset_index(drop=True).copy()
    for col in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[col]):
            frame[col] = frame[col].dt.strftime("%Y-%m-%d")
    frame.insert(0, "id", np.arange(1, len(frame) + 1))
    frame["judgement"] = ""
    path = Path(path)
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


def read_annotation_csv(path) -> pd.DataFrame:
    """Read a judged annotation CSV back, checking every judgement.

    Parameters
    ----------
    path : str or Path
        Written by :func:`to_annotation_csv` and filled in by hand.

    Returns
    -------
    pandas.DataFrame
        The file's columns; ``id`` and ``position`` as int, ``date`` as
        datetime64[ns], ``judgement`` as ``"y"``, ``"n"``, ``"?"`` or missing
        (not judged). ``yes``/``1`` read as ``y`` and ``no``/``0`` as ``n``,
        in any case, surrounding spaces ignored.

    Raises
    ------
    ValueError
        When a column is missing, an ``id`` is repeated or not a number, or
        a judgement is not one of the accepted values; the message names the
        file's line number (as an editor shows it) and the ``id``.
    """
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise ValueError(f"{path}: the file is empty; expected a header with id and judgement.")
        missing = [c for c in ("id", "judgement") if c not in header]
        if missing:
            raise ValueError(f"{path}: line 1: the header lacks the column(s) {missing}.")
        records, lines = [], []
        last = reader.line_num
        for record in reader:
            first_line, last = last + 1, reader.line_num  # a record may span lines
            if not record:
                continue
            if len(record) != len(header):
                raise ValueError(f"{path}: line {first_line}: {len(record)} fields where the header "
                                 f"has {len(header)}.")
            records.append(record)
            lines.append(first_line)
    frame = pd.DataFrame(records, columns=header, dtype=object)
    ids, judged, seen = [], [], {}
    for line, raw_id, raw in zip(lines, frame["id"], frame["judgement"]):
        try:
            ident = int(raw_id)
        except ValueError:
            raise ValueError(f"{path}: line {line}: id {raw_id!r} is not a whole number.") from None
        if ident in seen:
            raise ValueError(f"{path}: line {line}: id {ident} already appears on line {seen[ident]}.")
        seen[ident] = line
        value = raw.strip().lower()
        if value == "":
            judged.append(pd.NA)
        elif value in JUDGEMENTS:
            judged.append(JUDGEMENTS[value])
        else:
            allowed = ", ".join(repr(k) for k in JUDGEMENTS)
            raise ValueError(f"{path}: line {line} (id {ident}): judgement {raw!r} is not one of "
                             f"{allowed} or empty.")
        ids.append(ident)
    frame["id"] = np.asarray(ids, dtype=np.int64)
    frame["judgement"] = pd.array(judged, dtype=STR_DTYPE)
    if "position" in frame.columns:
        frame["position"] = pd.to_numeric(frame["position"]).astype(np.int64)
    if "date" in frame.columns:
        # ns as in the documents table; pandas 3 would pick s or us by the data, pandas 2 ns.
        frame["date"] = pd.to_datetime(frame["date"].replace("", None), format="%Y-%m-%d").astype("datetime64[ns]")
    for col in ("doc_id", "outlet", "left", "node", "right"):
        if col in frame.columns:
            frame[col] = frame[col].astype(STR_DTYPE)
    return frame
