"""The node language of concordances and collocates: words, phrases, wildcards, regexes.

A query is one or more whitespace-separated parts, matched against
consecutive tokens of one document (punctuation tokens included, so
``"appears to"`` does not match ``appears, to``). Each part is

* a word: ``harbour`` (a whole token);
* a wildcard: ``suggest*``, ``*ing``, ``c?t`` (``*`` any characters,
  ``?`` one character; whole token);
* a regular expression, written ``re:PATTERN``: Python ``re`` syntax,
  *searched* in the token (anchor it yourself: ``re:^suggest(s|ed)?$``).
  A regex part cannot contain spaces.

Matching ignores case unless ``case_sensitive=True`` (words are compared
lower-cased, and regexes get ``re.IGNORECASE``). This module turns a query
into per-part tables over the vocabulary (regexes run once per type, never
per token); finding the hits in the token arrays is counting
(:func:`corpus_tools.analyses.concordance.find_query`).
"""

from __future__ import annotations

import re

import numpy as np

__all__ = ["part_terms", "split_query", "surface_tables"]


def part_terms(part: str, terms: np.ndarray, case_sensitive: bool, caller: str) -> np.ndarray:
    """Ids of the vocabulary entries (``terms``, sorted) that one query part matches.

    Examples
    --------
    >>> terms = np.array(["rain", "rained", "sun"], dtype=object)
    >>> part_terms("rain*", terms, False, "f").tolist(), part_terms("re:^s", terms, False, "f").tolist()
    ([0, 1], [2])
    """
    if part.startswith("re:"):
        body = part[3:]
        if not body:
            raise ValueError(f"The 'query' parameter of {caller}() has an empty regular expression "
                             f"'re:'. Write e.g. 're:^suggest(s|ed)?$'.")
        try:
            rx = re.compile(body, 0 if case_sensitive else re.IGNORECASE)
        except re.error as error:
            raise ValueError(f"The 'query' parameter of {caller}() has an invalid regular expression "
                             f"{body!r}: {error}.") from None
        return np.flatnonzero(np.fromiter((rx.search(t) is not None for t in terms), dtype=bool,
                                          count=len(terms)))
    word = part if case_sensitive else part.lower()
    if "*" in word or "?" in word:
        if not word.strip("*?"):
            raise ValueError(f"The 'query' parameter of {caller}() must give each part at least one "
                             f"character besides wildcards. Got {part!r} instead.")
        head = re.split(r"[*?]", word, maxsplit=1)[0]
        # The vocabulary is sorted: narrow to the entries that share the literal prefix.
        lo = int(np.searchsorted(terms, head, side="left")) if head else 0
        hi = int(np.searchsorted(terms, head + "\U0010ffff", side="left")) if head else len(terms)
        rx = re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in word),
                        re.DOTALL)
        hits = [i for i in range(lo, hi) if rx.fullmatch(terms[i])]
        return np.asarray(hits, dtype=np.int64)
    i = int(np.searchsorted(terms, word))
    return np.asarray([i] if i < len(terms) and terms[i] == word else [], dtype=np.int64)


def split_query(query, caller: str) -> list:
    """The parts of a query (split at white space), checked.

    Examples
    --------
    >>> split_query("appears  to", "f")
    ['appears', 'to']
    """
    if not isinstance(query, str):
        raise TypeError(f"The 'query' parameter of {caller}() must be a str. Got {query!r} instead.")
    parts = query.split()
    if not parts:
        raise ValueError(f"The 'query' parameter of {caller}() must be a word, a phrase, a wildcard "
                         f"('suggest*') or a regex ('re:^suggest(s|ed)?$'). Got {query!r} instead.")
    return parts


def surface_tables(query, vocab, lower, lower_vocab, *, case_sensitive: bool = False,
                   caller: str = "find_query") -> list:
    """One boolean table per query part: does each surface id match that part?

    Parameters
    ----------
    query : str
    vocab, lower, lower_vocab : numpy.ndarray
        The token store's surface forms, surface -> lower-case id map and lower-case forms.
    case_sensitive : bool, default=False
        Match surface forms, or lower-cased forms.

    Examples
    --------
    >>> vocab = np.array(["Rain", "rain", "sun"], dtype=object)
    >>> lower, lower_vocab = np.array([0, 0, 1]), np.array(["rain", "sun"], dtype=object)
    >>> [t.tolist() for t in surface_tables("rain sun", vocab, lower, lower_vocab)]
    [[True, True, False], [False, False, True]]
    """
    parts = split_query(query, caller)
    terms = vocab if case_sensitive else lower_vocab
    tables = []
    for part in parts:
        table = np.zeros(len(terms), dtype=bool)
        table[part_terms(part, terms, case_sensitive, caller)] = True
        tables.append(table if case_sensitive else table[lower])
    return tables
