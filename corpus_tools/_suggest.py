"""Close-match suggestions for error messages ("did you mean ...?").

A base module (it imports only the standard library) so that the command
line, the analyses and the corpus can all phrase a miss the same way.

Examples
--------
>>> suggest("vox", ["Vox", "Reuters", "The Hill"])
['Vox']
>>> suggest("ll", ["log_likelihood", "log_ratio", "mi"])
['log_likelihood']
>>> did_you_mean("New York Times", ["New York Times - News", "Vox"], what="outlet")
"no outlet 'New York Times'; did you mean 'New York Times - News'? (outlets: 'New York Times - News', 'Vox')"
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["suggest", "did_you_mean", "FEW"]

#: Up to this many valid values are listed in full after a miss.
FEW = 12


def suggest(value: str, candidates: Iterable, *, n: int = 3, cutoff: float = 0.6) -> list[str]:
    """The candidates closest to ``value``, best first.

    Case-insensitive equals come first, then candidates that begin with or
    contain ``value`` ("New York Times" -> "New York Times - News"), then
    snake_case names whose initials ``value`` is ("ll" -> "log_likelihood"),
    then :func:`difflib.get_close_matches` on lower case.

    Parameters
    ----------
    value : str
        What the user typed.
    candidates : iterable
        The valid values (converted with ``str``; missing values are skipped).
    n : int, default=3
        At most this many suggestions.
    cutoff : float, default=0.6
        :func:`difflib.get_close_matches`'s similarity cutoff.

    Returns
    -------
    list of str
        Up to ``n`` candidates, without duplicates.
    """
    names = sorted({str(c) for c in candidates if c is not None and c == c})
    wanted = str(value).strip().lower()
    by_lower: dict[str, list[str]] = {}
    for name in names:
        by_lower.setdefault(name.lower(), []).append(name)
    found = list(by_lower.get(wanted, []))
    if wanted:
        found += [name for name in names if name.lower().startswith(wanted)]
        found += [name for name in names if wanted in name.lower()]
        # "ll" -> "log_likelihood", "lr" -> "log_ratio": initials of snake_case names
        found += [name for name in names if "_" in name and len(wanted) > 1
                  and "".join(part[:1] for part in name.lower().split("_")) == wanted]
    for close in difflib.get_close_matches(wanted, list(by_lower), n=n, cutoff=cutoff):
        found += by_lower[close]
    return list(dict.fromkeys(f for f in found if f != value))[:n]


def did_you_mean(value, candidates: Iterable, *, what: str) -> str:
    """``"no <what> 'value'; did you mean 'X'?"``, with the valid values when they are few.

    Parameters
    ----------
    value : object
        What the user gave.
    candidates : iterable
        The valid values.
    what : str
        What the values are ("outlet", "command", "measure", ...), singular.

    Returns
    -------
    str
        One line, without a final full stop.
    """
    names = sorted({str(c) for c in candidates if c is not None and c == c})
    message = f"no {what} {str(value)!r}"
    close = suggest(value, names)
    if close:
        message += "; did you mean " + " or ".join(repr(c) for c in close) + "?"
    if not names:
        message += f" (no document has a {what})"
    elif len(names) <= FEW:
        message += f" ({what}s: " + ", ".join(repr(c) for c in names) + ")"
    return message
