"""Reading the golden values in tests/golden/ (written by tests/golden/make_stats_golden.py)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

GOLDEN = Path(__file__).resolve().parent / "golden"
RTOL = 1e-9
"""Relative tolerance of every comparison with a golden value."""


def load_golden(name: str) -> list[dict]:
    """The rows of ``tests/golden/NAME`` as dicts of strings."""
    with open(GOLDEN / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def column(rows: list[dict], name: str) -> np.ndarray:
    """One column of golden rows as float64."""
    return np.array([float(r[name]) for r in rows])
