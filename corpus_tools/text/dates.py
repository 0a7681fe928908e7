"""Parse the date strings found in news sources into calendar dates.

Every loader stores a document's date as the calendar day at midnight in a
``datetime64[ns]`` column. This module turns the many ways sources write a date
into that one form, quickly for the common ISO case and carefully for the rest.

Conventions
-----------
- Time-zone aware values (``Z``, ``+01:00``, ``+0100``, ``GMT``) are converted
  to UTC first and then cut to the date, so ``2016-12-31T23:30:00-05:00`` is
  2017-01-01.
- Naive values (no zone) are taken as they are: ``2016-12-31 23:30`` is
  2016-12-31. We cannot know the zone the source meant.
- Numeric day/month dates (``03/02/2020``, ``3-2-2020``, ``04.03.2020``) are
  read in one order for the whole field, never value by value: the values
  that can only be read one way (``13/02/2020`` is day-first) decide it
  (:func:`infer_dayfirst`). A field with values that can only be day-first
  and others that can only be month-first raises
  :class:`~corpus_tools.errors.DateFormatError`. When no value decides, the
  order is assumed (day-first if every such value uses dots, the European
  habit, else month-first, as in the US sources we meet), a warning is
  logged and the assumption is stated in the load's provenance.
  ``dayfirst=`` or ``date_format=`` (a ``strptime`` format) override.
- A date must name its day, month and a four-digit year. Values that leave one
  out (``"Feb 1987"``, ``"1987"``, ``"Monday"``) are unparseable rather than
  silently completed with a guessed day.
- Strings made only of digits (``"1583240400"``, ``"19870226"``) are
  unparseable: an epoch timestamp cannot be told from a compact date, nor
  seconds from milliseconds.
- Dates outside the ``datetime64[ns]`` range (1677-09-22 to 2262-04-11), such
  as ``0001-11-30``, are unparseable.
- Missing values (``None``, NaN, an empty or blank string) become ``NaT`` and
  are not reported as bad.
"""

from __future__ import annotations

import datetime as _dt
import logging
import re
import warnings
from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from .._compat import STR_DTYPE
from .._validation import check_option
from ..errors import DateFormatError, InvalidRecordError

logger = logging.getLogger(__name__)

__all__ = ["infer_dayfirst", "parse_dates"]

# Full ISO 8601 calendar dates, optionally with a time and a zone: the fast path.
_ISO = r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?$"
_ISO_RE = re.compile(_ISO)
_DIGITS_ONLY = re.compile(r"^\s*[+-]?\d+(?:\.\d+)?\s*$")
_HAS_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
# Reuters-21578: "26-FEB-1987 15:01:01.79".
_REUTERS = re.compile(
    r"^\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?\s*$"
)
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_NS_MIN = pd.Timestamp("1677-09-22")  # first whole day inside datetime64[ns]
_NS_MAX = pd.Timestamp("2262-04-11")

# Day and month as numbers, then a four-digit year: "03/02/2020", "3-2-2020 14:00".
_NUMERIC = re.compile(r"^\s*(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/.-])(.*)$", re.S)

# Two different defaults: a component dateutil filled in from the default
# differs between the two parses, which shows the source left it out.
_DEFAULT_A = _dt.datetime(2001, 1, 1)
_DEFAULT_B = _dt.datetime(2002, 2, 2)


def _numeric_as_iso(match: re.Match, dayfirst: bool) -> str | None:
    """A numeric day/month date rewritten as ISO in the field's order, or None
    if it is no date in that order (never swapped to fit)."""
    first, _sep, second, year, rest = match.groups()
    day, month = (int(first), int(second)) if dayfirst else (int(second), int(first))
    try:
        _dt.date(int(year), month, day)
    except ValueError:
        return None
    return f"{year}-{month:02d}-{day:02d}{rest}"


def _parse_one(value: str, dayfirst: bool = False) -> _dt.date | None:
    """Return the UTC calendar date of one non-ISO string, or None if unparseable."""
    text = value.strip()
    numeric = _NUMERIC.match(text)
    if numeric:
        text = _numeric_as_iso(numeric, dayfirst)
        if text is None:
            return None
        if _ISO_RE.match(text.strip()):
            parsed = pd.to_datetime(text.strip(), format="ISO8601", utc=True, errors="coerce")
            return None if pd.isna(parsed) else parsed.date()
    if _DIGITS_ONLY.match(text) or not _HAS_YEAR.search(text):
        return None
    match = _REUTERS.match(text)
    if match:
        day, mon, year, hh, mm, ss, _ = match.groups()
        month = _MONTHS.get(mon.lower())
        try:
            if month is None:
                return None
            return _dt.datetime(int(year), month, int(day), int(hh), int(mm), int(ss)).date()
        except ValueError:
            return None
    from dateutil import parser as du_parser  # dateutil is a pandas dependency

    try:
        with warnings.catch_warnings():
            # Unknown zone names ("EST") are dropped by dateutil with a warning;
            # the value is then naive, which our convention accepts.
            warnings.simplefilter("ignore")
            first = du_parser.parse(text, default=_DEFAULT_A)
            second = du_parser.parse(text, default=_DEFAULT_B)
    except (ValueError, OverflowError, TypeError):
        return None
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None  # day, month or year was guessed, not read
    if first.tzinfo is not None and first.utcoffset() is not None:
        first = first.astimezone(_dt.timezone.utc)
    return first.date()


def infer_dayfirst(
    values: Sequence,
    *,
    source: str | None = None,
    describe: Callable[[int], str] | None = None,
) -> tuple[bool | None, str | None]:
    """Decide once, for a whole field, whether numeric dates are day-first.

    Parameters
    ----------
    values : sequence
        The field's values; only strings like ``"03/02/2020"`` (day and
        month as numbers, separated by ``/``, ``-`` or ``.``, then a
        four-digit year) count.
    source : str, optional
        Named in the error message.
    describe : callable, optional
        ``describe(i)`` names value ``i`` in messages (``"a.csv, line 4"``);
        default ``"value i"``.

    Returns
    -------
    dayfirst : bool or None
        None when no value is a numeric day/month date.
    statement : str or None
        How the order was decided, for provenance (None with ``dayfirst``).

    Raises
    ------
    DateFormatError
        One value can only be day-first and another only month-first.

    Examples
    --------
    >>> infer_dayfirst(["03/02/2020", "13/02/2020", None])
    (True, "day-first (decided by '13/02/2020', value 1)")
    """
    name = describe or (lambda i: f"value {i}")
    values = values if isinstance(values, list) else list(values)
    evidence: dict[bool, str] = {}  # order -> the first value that can only be read so
    undecided, dotted = None, True
    for value in _distinct_strings(values):
        match = _NUMERIC.match(value)
        if match is None:
            continue
        first, second = int(match.group(1)), int(match.group(3))
        if first > 12 >= second:
            evidence.setdefault(True, value)
        elif second > 12 >= first:
            evidence.setdefault(False, value)
        elif first <= 12 and second <= 12:
            undecided = value if undecided is None else undecided
            dotted = dotted and match.group(2) == "."
        if len(evidence) == 2:
            d, m = values.index(evidence[True]), values.index(evidence[False])
            raise DateFormatError(
                f"the dates contradict each other: {values[d]!r} ({name(d)}) can only be "
                f"day-first and {values[m]!r} ({name(m)}) only month-first; "
                "give dayfirst= or date_format= (--dayfirst / --date-format)", source=source)
    if evidence:
        (dayfirst, value), = evidence.items()
        order = "day-first" if dayfirst else "month-first"
        return dayfirst, f"{order} (decided by {value!r}, {name(values.index(value))})"
    if undecided is None:
        return None, None
    order = "day-first" if dotted else "month-first"
    where = name(values.index(undecided))
    logger.warning("%s: no date decides between day-first and month-first (e.g. %r, %s); "
                   "assuming %s; give dayfirst= or date_format= to be sure",
                   source or "dates", undecided, where, order)
    return dotted, (f"{order} (assumed: no value decides, e.g. {undecided!r}, {where}; "
                    "give dayfirst= or date_format=)")


def _distinct_strings(values: list) -> list[str]:
    """The distinct strings of ``values`` in order of first appearance.

    News dates repeat, and this runs over every date of a load: each
    distinct value is matched once (``dict.fromkeys`` runs in C).
    """
    try:
        distinct = dict.fromkeys(values)
    except TypeError:  # unhashable values (JSON lists) are no dates anyway
        distinct = dict.fromkeys(v for v in values if isinstance(v, str))
    return [v for v in distinct if isinstance(v, str)]


def _parse_with_format(value: str, date_format: str) -> _dt.date | None:
    """One value read with a ``strptime`` format, as a UTC date, or None."""
    try:
        parsed = _dt.datetime.strptime(value.strip(), date_format)
    except ValueError:
        return None
    if parsed.tzinfo is not None and parsed.utcoffset() is not None:
        parsed = parsed.astimezone(_dt.timezone.utc)
    return parsed.date()


def parse_dates(
    values: Sequence[str | None],
    *,
    source: str | None = None,
    on_invalid: Literal["raise", "skip"] = "raise",
    dayfirst: bool | None = None,
    date_format: str | None = None,
) -> tuple[pd.Series, list[int]]:
    """Parse date strings to calendar dates (midnight, UTC for aware values).

    Parameters
    ----------
    values : sequence of str or None
        The date strings as found in the source. ``datetime`` and
        ``pandas.Timestamp`` objects are accepted too. Missing values (None,
        NaN, empty or blank strings) become ``NaT`` and are not reported.
    source : str, optional
        Where the values come from, named in the error message.
    on_invalid : {"raise", "skip"}, default="raise"
        ``"raise"``: an unparseable value raises
        :class:`~corpus_tools.errors.InvalidRecordError` naming its position
        and value. ``"skip"``: it becomes ``NaT`` and its position is returned
        in ``bad_indices``.
    dayfirst : bool, optional
        Read numeric day/month dates day-first (True) or month-first
        (False). Default: decided for all values at once by
        :func:`infer_dayfirst`, which raises
        :class:`~corpus_tools.errors.DateFormatError` on contradicting values.
    date_format : str, optional
        A ``datetime.strptime`` format every present string value must
        match (``"%d.%m.%Y"``); a value that does not is unparseable.
        Overrides ``dayfirst``.

    Returns
    -------
    dates : pandas.Series of datetime64[ns]
        One value per input, on a ``RangeIndex``: the calendar date at
        midnight, or ``NaT``.
    bad_indices : list of int
        Positions of values that were present but could not be parsed
        (always empty when ``on_invalid="raise"``).

    Notes
    -----
    Accepted: ISO 8601 dates and datetimes (with ``Z`` or an offset),
    ``"Feb 26, 1987"``, ``"26 February 1987"``, ``"26-FEB-1987 15:01:01.79"``
    (Reuters-21578), ``"M/D/YYYY"``, RFC 2822
    (``"Tue, 03 Mar 2020 14:00:00 +0100"``) and other unambiguous forms that
    ``dateutil`` reads with day, month and four-digit year all present. ISO
    strings take a vectorised path (``pandas.to_datetime(format="ISO8601",
    utc=True)``); the rest are parsed once per distinct string. See the
    module docstring for the conventions (time zones, naive values, slash
    dates month first, no epoch numbers).

    Examples
    --------
    >>> import corpus_tools as ct
    >>> dates, bad = ct.parse_dates(["2016-12-31T23:30:00-05:00", "Feb 26, 1987",
    ...                           "26-FEB-1987 15:01:01.79", None, "soon"],
    ...                          on_invalid="skip")
    >>> [str(d.date()) if pd.notna(d) else None for d in dates]
    ['2017-01-01', '1987-02-26', '1987-02-26', None, None]
    >>> bad
    [4]
    """
    check_option(on_invalid, "on_invalid", ("raise", "skip"), "parse_dates")
    values = list(values)
    if date_format is None and dayfirst is None:
        dayfirst, _statement = infer_dayfirst(values, source=source)
    raw = pd.Series(values, dtype=object)
    n = len(raw)
    out = np.full(n, np.datetime64("NaT", "ns"), dtype="datetime64[ns]")
    bad: list[int] = []
    if n == 0:
        return pd.Series(out, dtype="datetime64[ns]"), bad

    is_str = np.fromiter((isinstance(v, str) for v in raw), dtype=bool, count=n)
    is_dt = np.fromiter((isinstance(v, (_dt.datetime, _dt.date, np.datetime64)) for v in raw),
                        dtype=bool, count=n)
    strings = raw.where(is_str, "").astype(STR_DTYPE)
    blank = strings.str.strip() == ""
    present_str = is_str & ~blank.to_numpy()
    missing = pd.isna(raw).to_numpy() & ~is_dt
    # Anything else present (numbers, lists) is not a date string: bad.
    other = ~(is_str | is_dt | missing)

    iso = present_str & strings.str.match(_ISO).to_numpy() if date_format is None \
        else np.zeros(n, dtype=bool)
    if iso.any():
        parsed = pd.to_datetime(strings[iso].str.strip(), format="ISO8601", utc=True,
                                errors="coerce")
        _store(out, np.flatnonzero(iso), parsed, bad)

    if is_dt.any():
        idx = np.flatnonzero(is_dt)
        parsed = pd.to_datetime(pd.Series(raw[idx].tolist(), dtype=object), utc=True,
                                errors="coerce")
        _store(out, idx, parsed, bad)

    rest = present_str & ~iso
    if rest.any():
        idx = np.flatnonzero(rest)
        cache: dict[str, _dt.date | None] = {}
        for i in idx:
            value = strings.iat[i]
            if value not in cache:
                cache[value] = (_parse_one(value, bool(dayfirst)) if date_format is None
                                else _parse_with_format(value, date_format))
            day = cache[value]
            if day is None or not (_NS_MIN.date() <= day <= _NS_MAX.date()):
                bad.append(int(i))
            else:
                out[i] = np.datetime64(day, "ns")

    bad.extend(int(i) for i in np.flatnonzero(other))
    bad.sort()
    if bad and on_invalid == "raise":
        first = bad[0]
        more = f" ({len(bad) - 1} more)" if len(bad) > 1 else ""
        raise InvalidRecordError(
            f"unparseable date {raw.iat[first]!r}{more}", source=source, record=f"value {first}"
        )
    return pd.Series(out, dtype="datetime64[ns]"), bad


def _store(out: np.ndarray, idx: np.ndarray, parsed: pd.Series, bad: list[int]) -> None:
    """Write UTC-parsed timestamps as dates into ``out``; note failures in ``bad``."""
    parsed = parsed.reset_index(drop=True)
    ok = parsed.notna().to_numpy().copy()
    if ok.any():
        naive = parsed[ok].dt.tz_convert("UTC").dt.tz_localize(None).dt.normalize()
        in_range = ((naive >= _NS_MIN) & (naive <= _NS_MAX)).to_numpy()
        good_pos = np.flatnonzero(ok)[in_range]
        out[idx[good_pos]] = naive[in_range].to_numpy().astype("datetime64[ns]")
        ok[np.flatnonzero(ok)[~in_range]] = False
    bad.extend(int(i) for i in idx[~ok])
