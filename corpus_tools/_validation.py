"""Checks at the public boundary, with one message template for all of them.

The wording follows scikit-learn: "The 'measure' parameter of keyness() must
be one of {...}. Got 'll' instead."
"""

from __future__ import annotations

from collections.abc import Collection
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
