"""The row order of the analyses' tables (analyses/_order.py)."""

from __future__ import annotations

import numpy as np


def test_counts_sort_order_equals_stable_argsort():
    from corpus_tools.analyses._order import sort_order

    def reference(score):
        nan = np.isnan(score)
        order = np.argsort(np.where(nan, 0.0, -score), kind="stable")
        return np.concatenate([order[~nan[order]], order[nan[order]]])

    rng = np.random.default_rng(0)
    values = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, 2.5, -3.0])
    for trial in range(300):
        n = int(rng.integers(0, 50))
        score = rng.choice(values, n) if trial % 2 else np.round(rng.normal(size=n), 1)
        assert sort_order(score).tolist() == reference(score).tolist()


