"""Private helpers shared by more than one family of measures.

Only what at least two of :mod:`corpus_tools.stats.keyness`,
:mod:`corpus_tools.stats.association`, :mod:`corpus_tools.stats.dispersion`
and :mod:`corpus_tools.stats.tests` use lives here: the scalar-or-array
return convention, the exact integer cross difference ``a*d - b*c``, and
the precise ``O ln(O / E)`` terms of G2. Argument checkers of a single family
stay in that family's module.
"""

from __future__ import annotations

import numpy as np

# Above this, int64 products of two counts could overflow; fall back to float.
_INT_SAFE = 2.0 ** 62


def _finish(x: np.ndarray):
    """Return a 0-d result as a numpy scalar, anything else as an array."""
    x = np.asarray(x, dtype=np.float64)
    return x[()] if x.ndim == 0 else x


def _is_int_safe(*arrays) -> bool:
    for x in arrays:
        if x.size == 0:
            continue
        if not np.all(np.isfinite(x)) or not np.all(x == np.floor(x)):
            return False
    return True


def _cross(a, b, c, d) -> np.ndarray:
    """``a*d - b*c``, exact (int64) when every input is a small enough integer."""
    a, b, c, d = (np.asarray(x, dtype=np.float64) for x in (a, b, c, d))
    if _is_int_safe(a, b, c, d):
        mx = [float(np.max(x)) if x.size else 0.0 for x in (a, b, c, d)]
        if mx[0] * mx[3] < _INT_SAFE and mx[1] * mx[2] < _INT_SAFE:
            ai, bi, ci, di = (x.astype(np.int64) for x in (a, b, c, d))
            return (ai * di - bi * ci).astype(np.float64)
    return a * d - b * c


def _olog(o, e, dev):
    """``O * ln(O / E)`` written as ``O * log1p(dev / E)``, with ``0 * ln 0 = 0``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t = o * np.log1p(dev / e)
    return np.where(o > 0, t, 0.0)


def _signed(stat, sign_of):
    stat = np.maximum(stat, 0.0)  # rounding must not flip a sign
    return np.where(np.isnan(stat), np.nan, np.sign(sign_of) * stat)
