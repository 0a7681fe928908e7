"""Tests of the measure registries and get_measure of corpus_tools.stats."""

from __future__ import annotations

import numpy as np
import pytest

from corpus_tools import stats as S


# ---------------------------------------------------------------- registries and return types

def test_stats_scalar_in_numpy_scalar_out():
    for f in S.KEYNESS_MEASURES.values():
        out = f(30, 10, 10_000, 20_000)
        assert isinstance(out, np.float64), f.__name__
    for f in S.ASSOCIATION_MEASURES.values():
        assert isinstance(f(20, 100, 200, 100_000), np.float64), f.__name__
    assert isinstance(S.dp([1, 2, 3]), np.float64)


def test_stats_registries_and_get_measure():
    assert S.get_measure("log_ratio") is S.log_ratio
    assert S.get_measure("odds_ratio", kind="association") is S.assoc_odds_ratio
    for name, f in S.KEYNESS_MEASURES.items():
        assert np.asarray(f([1, 0], [2, 3], 100, 200)).shape == (2,), name


# ---------------------------------------------------------------- bad arguments

@pytest.mark.parametrize("call, match", [
    (lambda: S.get_measure("ll"),
     r"The 'name' parameter of get_measure\(\) must be one of \{'log_likelihood', .*'log_odds_dirichlet'\}\. Got 'll' instead\."),
    (lambda: S.get_measure("mi", kind="collocation"), r"'kind' parameter of get_measure\(\)"),
])
def test_stats_bad_arguments_raise_valueerror(call, match):
    with pytest.raises(ValueError, match=match):
        call()
