"""Aligning the vocabularies of count structures by term, for merging."""

from __future__ import annotations

import numpy as np

__all__ = ["union_terms", "same_terms", "positions_in"]


def union_terms(vocabularies) -> np.ndarray:
    """The terms of every vocabulary, distinct, sorted by code point (object array)."""
    first = vocabularies[0]
    if all(same_terms(v, first) for v in vocabularies[1:]):
        return np.asarray(first, dtype=object)
    terms = np.unique(np.concatenate([np.asarray(v, dtype=object) for v in vocabularies]).astype(str))
    return np.asarray(terms.tolist(), dtype=object)


def same_terms(a, b) -> bool:
    return a is b or (len(a) == len(b) and bool((np.asarray(a) == np.asarray(b)).all()))


def positions_in(terms: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Index in ``terms`` (sorted) of every term of ``wanted``; ValueError when one is missing."""
    sorted_terms = terms.astype(str)
    at = np.searchsorted(sorted_terms, np.asarray(wanted, dtype=object).astype(str))
    at = np.minimum(at, max(len(terms) - 1, 0))
    if len(wanted) and (len(terms) == 0 or (terms[at] != np.asarray(wanted, dtype=object)).any()):
        raise ValueError("the new vocabulary lacks terms of the counts (it must hold them all, sorted)")
    return at
