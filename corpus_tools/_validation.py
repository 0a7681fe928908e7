"""Checks at the public boundary, with one message template for all of them.

The wording follows scikit-learn: "The 'measure' parameter of keyness() must
be one of {...}. Got 'll' instead."
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any


def check_option(value: Any, name: str, allowed: Collection, caller: str) -> Any:
    """Return ``value`` if it is one of ``allowed``, else raise ``ValueError``.

    Parameters
    ----------
    value : object
        The value given by the user.
    name : str
        The parameter's name.
    allowed : collection
        The accepted values.
    caller : str
        The public function's name, e.g. ``"keyness"``.

    Examples
    --------
    >>> check_option("raise", "on_invalid", ("raise", "skip"), "load_jsonl")
    'raise'
    """
    if value not in allowed:
        shown = "{" + ", ".join(repr(a) for a in allowed) + "}"
        raise ValueError(
            f"The {name!r} parameter of {caller}() must be one of {shown}. Got {value!r} instead."
        )
    return value


def check_number(value: Any, name: str, caller: str, *, low: float | None = None,
                 high: float | None = None, integer: bool = False) -> Any:
    """Return ``value`` if it is a number in ``[low, high]``, else raise.

    Raises ``TypeError`` for a non-number and ``ValueError`` for a number
    out of range, with the standard message.

    Examples
    --------
    >>> check_number(5, "min_freq", "keyness", low=0, integer=True)
    5
    """
    kind = "an int" if integer else "a number"
    ok_type = isinstance(value, int) if integer else isinstance(value, (int, float))
    if isinstance(value, bool) or not ok_type:
        raise TypeError(
            f"The {name!r} parameter of {caller}() must be {kind}. Got {value!r} instead."
        )
    if (low is not None and value < low) or (high is not None and value > high):
        lo = "-inf" if low is None else low
        hi = "inf" if high is None else high
        raise ValueError(
            f"The {name!r} parameter of {caller}() must be {kind} in the range "
            f"[{lo}, {hi}]. Got {value!r} instead."
        )
    return value


def check_array(value: Any, name: str, caller: str, *, low: float | None = None,
                low_open: bool = False, high: float | None = None,
                integer: bool = False) -> Any:
    """Return ``value`` as a float64 array if its entries lie in range, else raise.

    NaN entries are let through (they stay NaN in the result of the caller).
    Raises ``TypeError`` when ``value`` is not numeric and ``ValueError`` for
    an entry out of ``[low, high]`` (``(low, high]`` with ``low_open``), or a
    non-integral entry when ``integer`` is true, with the standard message.

    Examples
    --------
    >>> check_array([0, 3], "a", "log_likelihood", low=0)
    array([0., 3.])
    """
    import numpy as np

    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(
            f"The {name!r} parameter of {caller}() must be an array of numbers. "
            f"Got {value!r} instead."
        ) from None
    bad = np.zeros(arr.shape, dtype=bool)
    if low is not None:
        bad |= (arr <= low) if low_open else (arr < low)
    if high is not None:
        bad |= arr > high
    kind = "integers" if integer else "numbers"
    if integer:
        bad |= np.isfinite(arr) & (arr != np.floor(arr))
        bad |= np.isinf(arr)
    if bad.any():
        lo = "-inf" if low is None else low
        hi = "inf" if high is None else high
        bracket = "(" if low_open else "["
        first = float(arr[bad].flat[0])
        raise ValueError(
            f"The {name!r} parameter of {caller}() must be an array of {kind} in the range "
            f"{bracket}{lo}, {hi}]. Got an array containing {first!r} instead."
        )
    return arr


def check_not_greater(small: Any, large: Any, small_name: str, large_name: str,
                      caller: str) -> None:
    """Raise ``ValueError`` where ``small > large`` elementwise (after broadcasting).

    Examples
    --------
    >>> check_not_greater([1, 2], [5, 5], "a", "c", "log_likelihood")
    """
    import numpy as np

    s, big = np.broadcast_arrays(np.asarray(small, dtype=np.float64),
                                 np.asarray(large, dtype=np.float64))
    bad = s > big
    if bad.any():
        i = np.flatnonzero(bad)[0]
        raise ValueError(
            f"The {small_name!r} parameter of {caller}() must not exceed {large_name!r} "
            f"elementwise. Got {small_name}={float(s.flat[i])!r} > {large_name}={float(big.flat[i])!r} "
            f"instead."
        )


def check_measures(measures, allowed: Collection, caller: str) -> tuple:
    """``measures`` as a tuple of known, distinct measure names.

    A single name is accepted for a one-element tuple. Raises ``TypeError``
    for a non-sequence and ``ValueError`` for an empty, unknown or repeated
    name, with the standard message.

    Examples
    --------
    >>> check_measures("mi", ("mi", "t_score"), "collocates")
    ('mi',)
    """
    if isinstance(measures, str):
        measures = (measures,)
    if not isinstance(measures, Iterable):
        raise TypeError(f"The 'measures' parameter of {caller}() must be a measure name or a "
                        f"sequence of them. Got {measures!r} instead.")
    measures = tuple(measures)
    if not measures:
        raise ValueError(f"The 'measures' parameter of {caller}() must name at least one of "
                         f"{{{', '.join(repr(m) for m in allowed)}}}. Got () instead.")
    for m in measures:
        check_option(m, "measures", tuple(allowed), caller)
    if len(set(measures)) != len(measures):
        raise ValueError(f"The 'measures' parameter of {caller}() must not repeat a measure. "
                         f"Got {measures!r} instead.")
    return measures
