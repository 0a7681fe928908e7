"""Tests of the public surface of corpus_tools.stats: names and docstrings."""

from __future__ import annotations

from corpus_tools import stats as S


def test_stats_public_functions_are_documented():
    for name in S.__all__:
        obj = getattr(S, name)
        if callable(obj):
            doc = obj.__doc__ or ""
            assert "Examples" in doc and ">>>" in doc, name
            assert "Returns" in doc or name == "range_", name
