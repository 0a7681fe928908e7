"""Collocates of a node in a window, and how they differ between two groups.

Counting convention (Evert 2008, "surface co-occurrence" with node-centred
windows), stated once here and in every docstring that uses it:

* **Window.** ``window=(L, R)`` (or ``window=k`` for ``(k, k)``) is the ``L``
  word tokens before the node and the ``R`` word tokens after it. With
  ``skip_punctuation=True`` (default) punctuation takes no place in the
  window (``five words`` means five words); with ``False`` punctuation tokens
  take places but are still never counted as collocates. Windows never cross
  a document edge, and by default (``sentence_bounded=True``) not a sentence
  edge either. A multi-word node's own tokens are not in its window.
* **O11** (``o11``) is the number of word tokens of the collocate inside the
  *union* of all node windows: a collocate token that falls in the windows of
  two nearby nodes counts **once**. Another occurrence of the node inside a
  window counts as a collocate like any other word.
* **Window size** (``window_tokens``, R1 of the 2x2 table) is the number of
  distinct word tokens inside the union of the windows: ``f_node * (L + R)``
  minus what sentence/document edges cut off and what overlapping windows
  share.
* **N** (``n``) is the number of word tokens in the corpus (or the group);
  ``f_collocate`` the collocate's word-token frequency there.
* **Expected** ``E11 = window_tokens * f_collocate / N`` (``expected="actual"``,
  default): the truncation of windows at sentence and document edges *is*
  taken into account. ``expected="nominal"`` gives Evert's textbook
  ``E11 = f_node * f_collocate * (L + R) / N``, which ignores truncation and
  overlap (and so overstates E11 for nodes near sentence edges).
* **Measures** come from :mod:`corpus_tools.stats`. MI, MI3, t, z and G2 use
  the 2x2 table ``(o11, window_tokens, f_collocate, N)`` with ``E11`` as
  above; delta P and the odds ratio use the same table. Dice and logDice use
  the node's frequency as Sketch Engine does, ``2 o11 / (f_node +
  f_collocate)``; they are NaN (undefined) in the rare rows where ``o11 >
  f_node``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from .. import stats
from .._compat import STR_DTYPE, infer_str
from .._validation import check_measures, check_number, check_option
from ..query.nodes import part_terms, split_query
from .concordance import find_query
from ..counts.streams import select_documents, stream_hits, token_stream
from ..counts.windows import WindowCounts, window_counts
from ._groups import group_columns
from ._order import sort_order

logger = logging.getLogger(__name__)

__all__ = ["collocates", "compare_collocates", "check_window", "COLLOCATE_COLUMNS", "DEFAULT_MEASURES"]

DEFAULT_MEASURES = ("log_dice", "mi", "t_score", "log_likelihood")
EXPECTED = ("actual", "nominal")
_NODE_FREQ_MEASURES = ("dice", "log_dice")
_WITH_EXPECTED = ("mi", "mi3", "t_score", "z_score", "log_likelihood")

COLLOCATE_COLUMNS: dict[str, str] = {
    "collocate": "collocate (lower-cased word unless case_sensitive)",
    "o11": "collocate tokens inside the union of the node windows (overlaps counted once)",
    "expected": "E11 = window_tokens * f_collocate / n (or the nominal f_node * span * f_collocate / n)",
    "f_collocate": "word-token frequency of the collocate in the corpus (group)",
    "f_node": "number of node occurrences",
    "window_tokens": "distinct word tokens inside the node windows (R1 of the 2x2 table)",
    "n": "word tokens in the corpus (group)",
    "left": "collocate tokens inside the union of the left windows",
    "right": "collocate tokens inside the union of the right windows (a token between two "
             "close nodes can be in both, so left + right may exceed o11)",
}


def check_window(window, caller: str) -> tuple[int, int]:
    """``window`` as ``(left, right)``; ValueError naming the parameter otherwise.

    Examples
    --------
    >>> check_window(5, "collocates"), check_window((0, 3), "collocates")
    ((5, 5), (0, 3))
    """
    pair = window if isinstance(window, (tuple, list)) else (window, window)
    ok = (len(pair) == 2 and all(isinstance(v, (int, np.integer)) and not isinstance(v, bool)
                                 and v >= 0 for v in pair) and sum(pair) > 0)
    if not ok:
        raise ValueError(
            f"The 'window' parameter of {caller}() must be an int >= 0 or a (left, right) pair of "
            f"ints >= 0, not both 0. Got {window!r} instead.")
    return int(pair[0]), int(pair[1])


def _node_spans(corpus, node, stream, *, case_sensitive, caller):
    """Stream indices [start, end) of every node occurrence whose edge tokens are words."""
    fast = _one_word_spans(corpus, node, stream, case_sensitive=case_sensitive, caller=caller)
    if fast is not None:
        return fast
    gstart, gend = find_query(corpus, node, case_sensitive=case_sensitive, caller=caller)
    t = corpus.tokens
    words = t.is_word[t.ids[gstart]] & t.is_word[t.ids[gend - 1]]
    if len(gstart) and not words.any():
        raise ValueError(f"The 'node' parameter of {caller}() matches only punctuation "
                         f"({node!r}); a node must begin and end with a word token.")
    gstart, gend = gstart[words], gend[words]
    start = np.searchsorted(stream.positions, gstart)
    end = np.searchsorted(stream.positions, gend)
    return start, end, gstart


def _one_word_spans(corpus, node, stream, *, case_sensitive, caller):
    """:func:`_node_spans` for a one-part node, found in the stream itself; None otherwise.

    The same hits as :func:`find_query`: a one-part query matches a token
    when the token's (lower-case) form is one of the terms the part matches,
    which are exactly the stream's term ids. Searching the stream saves a
    pass over every token and the mapping of positions to stream indices.
    Nodes that match only punctuation go the long way (and get its error).
    """
    parts = split_query(node, caller)
    check_option(case_sensitive, "case_sensitive", (True, False), caller)
    if len(parts) != 1:
        return None
    t = corpus.tokens
    matched = part_terms(parts[0], stream.terms, case_sensitive, caller)
    if case_sensitive:
        word_terms = np.asarray(t.is_word, dtype=bool)
    else:
        word_terms = np.zeros(len(stream.terms), dtype=bool)
        word_terms[t.lower[np.asarray(t.is_word, dtype=bool)]] = True
    words = word_terms[matched]
    start = stream_hits(stream, matched[words])
    if len(start) == 0 and not words.all():
        return None  # punctuation matches may occur: find_query decides (and raises)
    return start, start + 1, stream.positions[start]


def _count(corpus, node, left, right, *, doc_mask, sentence_bounded, skip_punctuation,
           case_sensitive, caller) -> WindowCounts:
    stream = token_stream(corpus, lower=not case_sensitive, words_only=skip_punctuation)
    start, end, _ = _node_spans(corpus, node, stream, case_sensitive=case_sensitive, caller=caller)
    return window_counts(corpus, stream, start, end, left, right, doc_mask=doc_mask,
                         sentence_bounded=sentence_bounded, words_only=skip_punctuation)


def _measure_values(name, o11, f_node, window_tokens, f_coll, n, expected):
    func = stats.ASSOCIATION_MEASURES[name]
    if name in _NODE_FREQ_MEASURES:
        ok = o11 <= f_node
        out = np.full(len(o11), np.nan)
        if ok.any():
            out[ok] = func(o11[ok], f_node, f_coll[ok])
        return out
    if name in _WITH_EXPECTED:
        return np.asarray(func(o11, window_tokens, f_coll, n, expected=expected), dtype=np.float64)
    return np.asarray(func(o11, window_tokens, f_coll, n), dtype=np.float64)


def _table(counts, left, right, measures, min_freq, expected_mode):
    o11_all = counts.o11
    rows = np.flatnonzero(o11_all >= max(min_freq, 1))
    o11 = o11_all[rows].astype(np.float64)
    f_coll = counts.f_collocate[rows].astype(np.float64)
    f_node, window_tokens, n = counts.f_node, counts.window_tokens, counts.n
    if expected_mode == "actual":
        expected = window_tokens * f_coll / n if n else np.full(len(rows), np.nan)
    else:
        expected = f_node * (left + right) * f_coll / n if n else np.full(len(rows), np.nan)
    table = pd.DataFrame({
        "collocate": pd.array(counts.terms[rows], dtype=STR_DTYPE),
        "o11": o11_all[rows],
        "expected": expected,
        "f_collocate": counts.f_collocate[rows],
        "f_node": np.full(len(rows), f_node, dtype=np.int64),
        "window_tokens": np.full(len(rows), window_tokens, dtype=np.int64),
        "n": np.full(len(rows), n, dtype=np.int64),
        "left": counts.left[rows],
        "right": counts.right[rows],
    })
    for name in measures:
        table[name] = (_measure_values(name, o11, f_node, window_tokens, f_coll, n, expected)
                       if len(rows) else np.empty(0))
    return table


def _sort(table: pd.DataFrame, key: str) -> pd.DataFrame:
    """Score descending (NaN last), then term ascending: rows arrive in term order."""
    return table.iloc[sort_order(table[key].to_numpy(dtype=np.float64))].reset_index(drop=True)


def collocates(
    corpus,
    node: str,
    *,
    window: int | tuple[int, int] = 5,
    measures: Sequence[str] = DEFAULT_MEASURES,
    min_freq: int = 1,
    by: str | Sequence[str] | None = None,
    select: Mapping | None = None,
    sentence_bounded: bool = True,
    skip_punctuation: bool = True,
    case_sensitive: bool = False,
    expected: Literal["actual", "nominal"] = "actual",
) -> pd.DataFrame:
    """Collocates of a node word or phrase, with association measures.

    Parameters
    ----------
    corpus : Corpus
    node : str
        A word, phrase, wildcard (``suggest*``) or regex (``re:^suggest``);
        see :mod:`corpus_tools.analyses.concordance`. Occurrences must begin and end
        with a word token.
    window : int or (int, int), default=5
        Words on each side, or ``(left, right)``; ints >= 0, not both 0.
    measures : sequence of str, default=("log_dice", "mi", "t_score", "log_likelihood")
        Names in :data:`corpus_tools.stats.ASSOCIATION_MEASURES`. The table
        is sorted by the first, descending.
    min_freq : int, default=1
        Keep collocates with ``o11 >= min_freq``.
    by : str or list of str, optional
        Collocates per group: a metadata column or a period (``"outlet"``,
        ``"month"``, ``"event:2016-11-08"``; see ``Corpus.group_labels``).
        Each group is counted on its own documents (its own ``f_node``,
        ``f_collocate`` and ``n``); documents without a label are left out.
    select : dict, optional
        Only documents matching ``{field: value}`` (see ``Corpus.subset``);
        ``f_collocate`` and ``n`` then count those documents only.
    sentence_bounded : bool, default=True
        Windows stop at sentence edges (they always stop at document edges).
    skip_punctuation : bool, default=True
        Punctuation takes no place in the window.
    case_sensitive : bool, default=False
        Match the node and count collocates by surface form instead of
        lower-cased form.
    expected : {"actual", "nominal"}, default="actual"
        How E11 is computed (see the module docstring).

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns (if any; ``"period=month"`` is named ``month``,
        ``"event:..."`` ``event``), then ``collocate, o11, expected,
        f_collocate, f_node, window_tokens, n`` (see
        :data:`COLLOCATE_COLUMNS`), ``left`` and ``right`` (the collocate's
        tokens in the windows left and right of the node), and one float
        column per measure, sorted by the first measure descending (NaN
        last), then collocate ascending. ``attrs`` holds the parameters.

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": [pd.NaT], "title": [""],
    ...     "text": ["The harbour master spoke. The harbour master left. Rain fell."]})
    >>> table = ct.collocates(ct.Corpus.from_documents(docs), "harbour", window=1)
    >>> table[["collocate", "o11", "window_tokens", "log_dice"]].values.tolist()
    [['master', 2, 4, 14.0], ['the', 2, 4, 14.0]]
    """
    caller = "collocates"
    left, right = check_window(window, caller)
    measures = check_measures(measures, stats.ASSOCIATION_MEASURES, caller)
    check_number(min_freq, "min_freq", caller, low=1, integer=True)
    check_option(sentence_bounded, "sentence_bounded", (True, False), caller)
    check_option(skip_punctuation, "skip_punctuation", (True, False), caller)
    check_option(case_sensitive, "case_sensitive", (True, False), caller)
    check_option(expected, "expected", EXPECTED, caller)
    base = None if select is None else select_documents(corpus, select, "select", caller)

    def one(mask):
        counts = _count(corpus, node, left, right, doc_mask=mask, sentence_bounded=sentence_bounded,
                        skip_punctuation=skip_punctuation, case_sensitive=case_sensitive, caller=caller)
        return counts, _sort(_table(counts, left, right, measures, min_freq, expected), measures[0])

    attrs = {"analysis": "collocates", "node": node, "window": [left, right],
             "measures": list(measures), "min_freq": min_freq, "by": by, "select": select,
             "sentence_bounded": sentence_bounded, "skip_punctuation": skip_punctuation,
             "case_sensitive": case_sensitive, "expected": expected}
    if by is None:
        counts, table = one(base)
        if counts.f_node == 0:
            logger.warning("collocates(): the node %r does not occur", node)
        attrs.update(f_node=counts.f_node, window_tokens=counts.window_tokens, n=counts.n)
    else:
        table = _by_group(corpus, by, base, one, caller)
    table.attrs = attrs
    return table


def _by_group(corpus, by, base, one, caller) -> pd.DataFrame:
    """Run ``one(mask)`` for each group of ``by``; group columns first, groups sorted."""
    keys = [by] if isinstance(by, str) else list(by) if isinstance(by, (list, tuple)) else None
    if not keys or not all(isinstance(k, str) for k in keys):
        raise ValueError(f"The 'by' parameter of {caller}() must be a column or period name, or a "
                         f"list of them. Got {by!r} instead.")
    # Named as every table names a grouping: --by period=month gives a column month.
    names = group_columns(keys, caller)
    labels = pd.DataFrame({n: corpus.group_labels(k).to_numpy() for n, k in zip(names, keys)})
    # A copy: pandas may hand back a read-only view, and the selection is and-ed into it.
    valid = labels.notna().all(axis=1).to_numpy(copy=True)
    if base is not None:
        valid &= base
    if (~valid).any():
        logger.info("%s(): %d documents without a %s label (or not selected) left out",
                    caller, int((~valid).sum()), "/".join(names))
    groups = labels[valid].drop_duplicates().sort_values(names, kind="stable").reset_index(drop=True)
    parts = []
    for row in groups.itertuples(index=False):
        mask = valid.copy()
        for key, value in zip(names, row):
            mask &= (labels[key] == value).to_numpy()
        _, table = one(mask)
        for key, value in reversed(list(zip(names, row))):
            table.insert(0, key, value)
        parts.append(table)
    if not parts:
        raise ValueError(f"{caller}(): no documents have a label for by={by!r}")
    # The inserted labels are object columns on pandas 2.3.
    return infer_str(pd.concat(parts, ignore_index=True), columns=names)


def _group_selectors(groups, caller):
    if (isinstance(groups, (tuple, list)) and len(groups) == 3 and isinstance(groups[0], str)):
        field, a, b = groups
        return {field: a}, {field: b}, f"{field}={a}", f"{field}={b}"
    if isinstance(groups, (tuple, list)) and len(groups) == 2 and all(isinstance(g, Mapping) for g in groups):
        a, b = groups
        describe = lambda g: ",".join(f"{k}={v}" for k, v in g.items())  # noqa: E731
        return dict(a), dict(b), describe(a), describe(b)
    raise ValueError(f"The 'groups' parameter of {caller}() must be (field, value_a, value_b), e.g. "
                     f"('outlet', 'A', 'B'), or two selector dicts. Got {groups!r} instead.")


def compare_collocates(
    corpus,
    node: str,
    *,
    groups,
    window: int | tuple[int, int] = 5,
    min_freq: int = 1,
    sentence_bounded: bool = True,
    skip_punctuation: bool = True,
    case_sensitive: bool = False,
) -> pd.DataFrame:
    """A node's collocates in two groups side by side, and whether their rates differ.

    Parameters
    ----------
    corpus : Corpus
    node : str
        As in :func:`collocates`.
    groups : (str, value, value) or (dict, dict)
        ``("outlet", "A", "B")`` compares outlet A with outlet B; two
        selector dicts (``{"outlet": "A", "year": "2016"}``) allow anything
        ``Corpus.subset`` accepts. Group A is the first.
    window, sentence_bounded, skip_punctuation, case_sensitive
        As in :func:`collocates`.
    min_freq : int, default=1
        Keep collocates with ``o11_a + o11_b >= min_freq``.

    Returns
    -------
    pandas.DataFrame
        ``collocate``; ``o11_a``, ``o11_b`` (int); ``window_tokens_a``,
        ``window_tokens_b``, ``f_node_a``, ``f_node_b``, ``f_collocate_a``,
        ``f_collocate_b`` (int); ``log_dice_a``, ``log_dice_b`` (float,
        -inf where the collocate is absent from a group's windows);
        ``log_dice_change`` (``log_dice_b - log_dice_a``);
        ``log_likelihood`` (signed G2, positive = the collocate takes a
        larger share of the node's window tokens in A); ``p`` (its 1-df
        chi-square p-value, unadjusted). Sorted by ``log_likelihood``
        descending, then collocate.

    Notes
    -----
    The test compares the collocate's rate per window token: the 2x2 table
    ``[[o11_a, o11_b], [window_tokens_a - o11_a, window_tokens_b - o11_b]]``
    with G2 from :func:`corpus_tools.stats.log_likelihood`. Window tokens are
    not independent draws (they cluster in documents), so treat ``p`` as a
    screening device, and read the lines.

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "date": [pd.NaT] * 2,
    ...     "title": ["", ""], "text": ["The harbour master spoke.", "Harbour jobs went."]})
    >>> t = ct.compare_collocates(ct.Corpus.from_documents(docs), "harbour", groups=("outlet", "X", "Y"),
    ...                        window=1)
    >>> t[["collocate", "o11_a", "o11_b"]].values.tolist()
    [['master', 1, 0], ['the', 1, 0], ['jobs', 0, 1]]
    """
    caller = "compare_collocates"
    left, right = check_window(window, caller)
    check_number(min_freq, "min_freq", caller, low=1, integer=True)
    for name, value in (("sentence_bounded", sentence_bounded), ("skip_punctuation", skip_punctuation),
                        ("case_sensitive", case_sensitive)):
        check_option(value, name, (True, False), caller)
    sel_a, sel_b, label_a, label_b = _group_selectors(groups, caller)
    sides = []
    for sel, label in ((sel_a, label_a), (sel_b, label_b)):
        mask = select_documents(corpus, sel, "groups", caller)
        if not mask.any():
            raise ValueError(f"The 'groups' parameter of {caller}(): the group {label} matches no documents.")
        sides.append(_count(corpus, node, left, right, doc_mask=mask, sentence_bounded=sentence_bounded,
                            skip_punctuation=skip_punctuation, case_sensitive=case_sensitive,
                            caller=caller))
    a, b = sides
    rows = np.flatnonzero(a.o11 + b.o11 >= min_freq)
    rows = rows[(a.o11[rows] + b.o11[rows]) > 0]
    out = pd.DataFrame({"collocate": pd.array(a.terms[rows], dtype=STR_DTYPE)})
    for suffix, side in (("a", a), ("b", b)):
        out[f"o11_{suffix}"] = side.o11[rows]
    for suffix, side in (("a", a), ("b", b)):
        out[f"window_tokens_{suffix}"] = np.full(len(rows), side.window_tokens, dtype=np.int64)
    for suffix, side in (("a", a), ("b", b)):
        out[f"f_node_{suffix}"] = np.full(len(rows), side.f_node, dtype=np.int64)
    for suffix, side in (("a", a), ("b", b)):
        out[f"f_collocate_{suffix}"] = side.f_collocate[rows]
    for suffix, side in (("a", a), ("b", b)):
        o = side.o11[rows].astype(np.float64)
        out[f"log_dice_{suffix}"] = _measure_values("log_dice", o, side.f_node, side.window_tokens,
                                                    side.f_collocate[rows].astype(np.float64),
                                                    side.n, None) if len(rows) else np.empty(0)
    with np.errstate(invalid="ignore"):
        out["log_dice_change"] = out["log_dice_b"] - out["log_dice_a"]
    if len(rows) and a.window_tokens > 0 and b.window_tokens > 0:
        g2 = stats.log_likelihood(out["o11_a"].to_numpy(), out["o11_b"].to_numpy(),
                                  a.window_tokens, b.window_tokens)
        out["log_likelihood"] = np.asarray(g2, dtype=np.float64)
        out["p"] = np.asarray(stats.p_value_chi2(g2), dtype=np.float64)
    else:
        out["log_likelihood"] = np.full(len(rows), np.nan)
        out["p"] = np.full(len(rows), np.nan)
    out = _sort(out, "log_likelihood")
    out.attrs = {"analysis": "compare_collocates", "node": node, "group_a": label_a, "group_b": label_b,
                 "window": [left, right], "min_freq": min_freq, "sentence_bounded": sentence_bounded,
                 "skip_punctuation": skip_punctuation, "case_sensitive": case_sensitive}
    return out
