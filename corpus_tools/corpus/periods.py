"""Dates to period labels: the grouping keys of every "by month" or "before/after" analysis.

Conventions (the same for every function here):

- Input dates are ``datetime64`` values. Naive values are taken to be UTC
  (the loaders produce naive UTC), tz-aware values are converted to UTC
  first, so ``2016-12-31T23:30-05:00`` falls in ``2017-01``.
- Output is a ``pandas.Series`` of dtype ``str`` (pandas 3's default string
  dtype, also on pandas 2.3) named ``"period"``, aligned with the input: a
  Series keeps its index, anything else gets a ``RangeIndex``.
- A missing date (``NaT``), or a date in none of the custom ranges, gives a
  missing label. With the ``str`` dtype pandas stores missing as ``NaN``;
  test for it with ``pandas.isna``. ``groupby`` drops missing keys unless
  told ``dropna=False``, so count them before grouping if that matters.
- Calendar labels sort chronologically as plain strings: ``"2016-03-01"``
  (day), ``"2016-W09"`` (ISO 8601 week, with the ISO year, so 2016-01-01 is
  ``"2015-W53"``), ``"2016-03"`` (month), ``"2016-Q1"`` (quarter), ``"2016"``
  (year).
- Custom ranges are half-open, ``[start, end)``: the end instant itself
  belongs to the next range.

Everything is vectorised: labels are computed once per distinct period, not
once per date.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd

from .._compat import STR_DTYPE
from .._validation import check_option

__all__ = [
    "FREQS",
    "PeriodSpec",
    "event_split",
    "parse_period_spec",
    "period_labels",
    "period_ranges",
]

logger = logging.getLogger(__name__)

Freq = Literal["day", "week", "month", "quarter", "year"]
FREQS: tuple[str, ...] = ("day", "week", "month", "quarter", "year")

# One place that decides the label dtype (pandas 3's "str", missing = NaN).
_LABEL_DTYPE = STR_DTYPE
_NAME = "period"
_NS_PER_UNIT = {"s": 10**9, "ms": 10**6, "us": 10**3, "ns": 1}
_I64 = np.iinfo(np.int64)


# --------------------------------------------------------------------------- helpers

def _as_utc_series(dates: Any, caller: str) -> pd.Series:
    """Return ``dates`` as a naive-UTC datetime64 Series, or raise ``TypeError``."""
    if isinstance(dates, pd.Series):
        s = dates
    elif isinstance(dates, pd.Index):
        s = pd.Series(dates, index=pd.RangeIndex(len(dates)))
    else:
        # Lists/arrays of datetimes: let pandas infer, but never parse strings here.
        s = pd.Series(dates)
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        s = s.dt.tz_convert("UTC").dt.tz_localize(None)
    elif not (isinstance(s.dtype, np.dtype) and s.dtype.kind == "M"):
        raise TypeError(
            f"The 'dates' parameter of {caller}() must be datetime64 values (naive UTC "
            f"or tz-aware). Got values of dtype {s.dtype} instead. Convert them first, "
            f"e.g. with pandas.to_datetime(values, format='ISO8601', utc=True)."
        )
    return s


def _labels_from_keys(keys: np.ndarray, valid: np.ndarray, fmt: Callable[[np.ndarray], list[str]],
                      index: pd.Index) -> pd.Series:
    """Format each distinct integer key once and spread the labels back out."""
    codes = np.full(len(keys), -1, dtype=np.intp)
    uniques = np.empty(0, dtype=np.int64)
    if valid.any():
        sub_codes, uniques = pd.factorize(keys[valid], sort=True)
        codes[valid] = sub_codes
    cat = pd.Categorical.from_codes(codes, categories=pd.Index(fmt(np.asarray(uniques)), dtype=object))
    return pd.Series(cat, index=index, name=_NAME).astype(_LABEL_DTYPE)


def _check_years(years: np.ndarray, caller: str) -> None:
    # Four-digit years keep string order == time order.
    if years.size and (years.min() < 1 or years.max() > 9999):
        raise ValueError(
            f"{caller}(): dates must lie in the years 1-9999 for labels to sort "
            f"chronologically. Got years from {years.min()} to {years.max()}."
        )


def _iso_week_keys(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """ISO 8601 (year, week) for day numbers since 1970-01-01 (vectorised).

    The ISO year of a date is the calendar year of the Thursday of its week;
    week 1 is the week holding that year's first Thursday.
    """
    weekday = (days + 3) % 7  # Monday = 0; 1970-01-01 was a Thursday
    thursday = days - weekday + 3
    iso_year = thursday.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    jan1 = (iso_year - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)
    week = (thursday - jan1) // 7 + 1
    return iso_year, week


# --------------------------------------------------------------------------- calendar labels

def period_labels(dates: Any, freq: Freq) -> pd.Series:
    """Label each date with its calendar period, as a string that sorts in time order.

    Parameters
    ----------
    dates : Series, DatetimeIndex or array-like of datetime64
        Naive values are taken to be UTC calendar dates (as the loaders
        produce); tz-aware values are converted to UTC first. Strings are
        refused: parse them with ``pandas.to_datetime`` and an explicit format.
    freq : {"day", "week", "month", "quarter", "year"}
        ``"day"`` gives ``"2016-03-01"``, ``"week"`` the ISO 8601 week
        ``"2016-W09"`` (with the ISO year: 2016-01-01 is ``"2015-W53"``),
        ``"month"`` ``"2016-03"``, ``"quarter"`` ``"2016-Q1"``, ``"year"``
        ``"2016"``.

    Returns
    -------
    Series of str, named ``"period"``
        Aligned with ``dates`` (a Series keeps its index). ``NaT`` gives a
        missing label (``NaN`` in the ``str`` dtype; test with ``pandas.isna``).

    Raises
    ------
    TypeError
        If ``dates`` are not datetime64 values.
    ValueError
        If ``freq`` is not one of the allowed values, or a year lies outside 1-9999.

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> d = pd.Series(pd.to_datetime(["2016-03-31", "2016-04-01", "2016-01-01", None]))
    >>> ct.period_labels(d, "month").tolist()
    ['2016-03', '2016-04', '2016-01', nan]
    >>> ct.period_labels(d, "quarter").tolist()
    ['2016-Q1', '2016-Q2', '2016-Q1', nan]
    >>> ct.period_labels(d, "week").tolist()
    ['2016-W13', '2016-W13', '2015-W53', nan]
    """
    check_option(freq, "freq", FREQS, "period_labels")
    s = _as_utc_series(dates, "period_labels")
    values = s.to_numpy()
    valid = ~np.isnat(values)
    days = values.astype("datetime64[D]").astype(np.int64)  # floor to the UTC calendar day
    months = values.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
    _check_years(months[valid] // 12 + 1970, "period_labels")

    if freq == "day":
        keys = days
        fmt = lambda u: list(np.datetime_as_string(u.astype("datetime64[D]"), unit="D"))  # noqa: E731
    elif freq == "month":
        keys = months
        fmt = lambda u: [f"{m // 12 + 1970:04d}-{m % 12 + 1:02d}" for m in u.tolist()]  # noqa: E731
    elif freq == "quarter":
        keys = months // 3  # quarters since 1970-Q1 (floor division: fine before 1970)
        fmt = lambda u: [f"{q // 4 + 1970:04d}-Q{q % 4 + 1}" for q in u.tolist()]  # noqa: E731
    elif freq == "year":
        keys = months // 12
        fmt = lambda u: [f"{y + 1970:04d}" for y in u.tolist()]  # noqa: E731
    else:  # week
        iso_year, week = _iso_week_keys(days)
        keys = iso_year * 100 + week  # sorts like the label
        fmt = lambda u: [f"{k // 100:04d}-W{k % 100:02d}" for k in u.tolist()]  # noqa: E731
    return _labels_from_keys(keys, valid, fmt, s.index)


# --------------------------------------------------------------------------- custom ranges

def _bound_ns(value: Any, range_name: str, side: str) -> int | None:
    """A range bound as exact integer nanoseconds since the epoch (naive UTC), or None."""
    if value is None:
        return None
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"Range {range_name!r}: cannot read the {side} {value!r} as a date ({exc}).") from exc
    if ts is pd.NaT:
        raise ValueError(f"Range {range_name!r}: the {side} is NaT; use None for an open end.")
    if ts.tz is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    raw = ts.to_datetime64()
    unit = np.datetime_data(raw.dtype)[0]
    return int(raw.astype(np.int64)) * _NS_PER_UNIT[unit]  # Python int: no overflow


def _ceil_to_unit(ns: int, unit: str) -> int:
    """Bound in the dates' unit, rounded up: for integer d, d >= b iff d >= ceil(b)."""
    return -((-ns) // _NS_PER_UNIT[unit])


def _show(bound: Any) -> Any:
    """A bound as the user would write it: Timestamps as their ISO text."""
    return bound if bound is None or isinstance(bound, str) else str(bound)


def _show_pair(bounds: Any) -> str:
    return "(" + ", ".join(repr(_show(b)) for b in bounds) + ")"


def _check_ranges(ranges: Any, caller: str) -> dict[str, tuple[int | None, int | None]]:
    if not isinstance(ranges, Mapping) or len(ranges) == 0:
        raise TypeError(
            f"The 'ranges' parameter of {caller}() must be a non-empty mapping "
            f"{{name: (start, end)}}. Got {ranges!r} instead."
        )
    out: dict[str, tuple[int | None, int | None]] = {}
    for name, bounds in ranges.items():
        if not isinstance(name, str) or not name:
            raise ValueError(f"{caller}(): range names must be non-empty strings. Got {name!r}.")
        if not isinstance(bounds, (tuple, list)) or len(bounds) != 2:
            raise ValueError(
                f"{caller}(): range {name!r} must be a (start, end) pair, None for an open end. "
                f"Got {bounds!r}."
            )
        start, end = _bound_ns(bounds[0], name, "start"), _bound_ns(bounds[1], name, "end")
        if start is not None and end is not None and start >= end:
            raise ValueError(
                f"{caller}(): range {name!r} is empty: its start {_show(bounds[0])!r} is not "
                f"before its end {_show(bounds[1])!r} (ranges are half-open, [start, end))"
            )
        out[name] = (start, end)
    # Half-open [a1, b1) and [a2, b2) overlap iff a1 < b2 and a2 < b1 (None = unbounded).
    names = list(out)
    lo = {n: (-np.inf if out[n][0] is None else out[n][0]) for n in names}
    hi = {n: (np.inf if out[n][1] is None else out[n][1]) for n in names}
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if lo[a] < hi[b] and lo[b] < hi[a]:
                raise ValueError(
                    f"{caller}(): ranges {a!r} {_show_pair(ranges[a])} and {b!r} "
                    f"{_show_pair(ranges[b])} overlap; each date must fall in at most one range "
                    f"(ranges are half-open, [start, end))"
                )
    return out


def period_ranges(dates: Any, ranges: Mapping[str, tuple[Any, Any]]) -> pd.Series:
    """Label each date with the named range it falls in.

    Parameters
    ----------
    dates : Series, DatetimeIndex or array-like of datetime64
        As for :func:`period_labels` (naive = UTC, tz-aware converted to UTC).
    ranges : mapping of str to (start, end)
        Named half-open ranges ``[start, end)``: a date equal to ``end``
        belongs to the next range. ``start`` and ``end`` are anything
        ``pandas.Timestamp`` reads (``"2016-11-08"``, a ``datetime``); naive
        bounds are UTC, tz-aware bounds are converted to UTC; ``None`` leaves
        that end open. Ranges must not overlap.

    Returns
    -------
    Series of str, named ``"period"``
        The range name for each date, aligned with ``dates``. A date in no
        range, or ``NaT``, gives a missing label (``NaN``; test with
        ``pandas.isna``). The labels are the names you gave, so they sort in
        time order only if you name them that way.

    Raises
    ------
    TypeError
        If ``dates`` are not datetime64 values or ``ranges`` is not a non-empty mapping.
    ValueError
        If a bound cannot be read, a range is empty (start not before end), or
        two ranges overlap (the message names both).

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> d = pd.Series(pd.to_datetime(["2016-11-07 23:59", "2016-11-08", "2017-02-01"], format="ISO8601"))
    >>> ct.period_ranges(d, {"before": (None, "2016-11-08"),
    ...                   "after": ("2016-11-08", "2017-01-01")}).tolist()
    ['before', 'after', nan]
    """
    s = _as_utc_series(dates, "period_ranges")
    checked = _check_ranges(ranges, "period_ranges")
    values = s.to_numpy()
    unit = np.datetime_data(values.dtype)[0]
    if unit not in _NS_PER_UNIT:  # e.g. datetime64[D] from numpy
        values = values.astype("datetime64[s]")
        unit = "s"
    ints = values.astype(np.int64)
    valid = ~np.isnat(values)
    codes = np.full(len(values), -1, dtype=np.intp)
    for code, (start, end) in enumerate(checked.values()):
        mask = valid.copy()
        # Bounds beyond int64 in this unit just mean "no limit on this side".
        if start is not None:
            b = _ceil_to_unit(start, unit)
            if b > _I64.max:
                mask[:] = False
            elif b > _I64.min:
                mask &= ints >= b
        if end is not None:
            b = _ceil_to_unit(end, unit)
            if b <= _I64.min + 1:
                mask[:] = False
            elif b <= _I64.max:
                mask &= ints < b
        codes[mask] = code  # ranges are disjoint, so no date is written twice
    cat = pd.Categorical.from_codes(codes, categories=pd.Index(list(checked), dtype=object))
    return pd.Series(cat, index=s.index, name=_NAME).astype(_LABEL_DTYPE)


def _event_day(event: Any, caller: str) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(event)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"The 'event' parameter of {caller}() must be a date. Got {event!r} instead.") from exc
    if ts is pd.NaT:
        raise ValueError(f"The 'event' parameter of {caller}() must be a date. Got {event!r} instead.")
    if ts.tz is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    if ts != ts.normalize():
        raise ValueError(
            f"The 'event' parameter of {caller}() must be a calendar date (midnight UTC), because "
            f"'event_in' decides which side the whole event day falls on. Got {event!r} instead. "
            f"To split at an instant, use period_ranges()."
        )
    return ts


def event_split(dates: Any, event: Any, *, labels: tuple[str, str] = ("before", "after"),
                event_in: Literal["before", "after"] = "after") -> pd.Series:
    """Label each date as before or after an event day.

    Parameters
    ----------
    dates : Series, DatetimeIndex or array-like of datetime64
        As for :func:`period_labels` (naive = UTC, tz-aware converted to UTC).
    event : str, date or Timestamp
        The event's calendar day (UTC), e.g. ``"2016-11-08"``. A time of day
        other than midnight is refused; use :func:`period_ranges` to split
        at an instant.
    labels : (str, str), default ("before", "after")
        The labels of the two sides.
    event_in : {"before", "after"}, default "after"
        Which side the whole event day falls on. With ``"after"`` the split
        is ``[-inf, event)`` / ``[event, +inf)``; with ``"before"`` it is
        ``[-inf, event + 1 day)`` / ``[event + 1 day, +inf)``.

    Returns
    -------
    Series of str, named ``"period"``
        One of ``labels`` per date; ``NaT`` gives a missing label.

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> d = pd.Series(pd.to_datetime(["2016-11-07", "2016-11-08 15:00", "2016-11-09"], format="ISO8601"))
    >>> ct.event_split(d, "2016-11-08").tolist()
    ['before', 'after', 'after']
    >>> ct.event_split(d, "2016-11-08", event_in="before").tolist()
    ['before', 'before', 'after']
    """
    check_option(event_in, "event_in", ("before", "after"), "event_split")
    if (not isinstance(labels, (tuple, list)) or len(labels) != 2
            or not all(isinstance(x, str) and x for x in labels) or labels[0] == labels[1]):
        raise ValueError(
            f"The 'labels' parameter of event_split() must be two different non-empty strings. "
            f"Got {labels!r} instead."
        )
    day = _event_day(event, "event_split")
    cut = day if event_in == "after" else day + pd.Timedelta(days=1)
    return period_ranges(dates, {labels[0]: (None, cut), labels[1]: (cut, None)})


# --------------------------------------------------------------------------- textual specs

class PeriodSpec(NamedTuple):
    """A parsed period spec: ``labeller(dates) -> Series`` and a JSON-ready ``description``."""

    labeller: Callable[[Any], pd.Series]
    description: dict[str, Any]


_ALLOWED_FORMS = (
    "'day', 'week', 'month', 'quarter', 'year', 'event:YYYY-MM-DD' (before/after, the event day "
    "counts as after), or 'ranges:NAME=YYYY-MM-DD..YYYY-MM-DD,NAME=...' (inclusive end dates; "
    "leave a side empty for an open range, e.g. 'late=2016-01-01..')"
)
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _spec_error(spec: str, why: str) -> ValueError:
    return ValueError(f"Invalid period spec {spec!r}: {why}. Allowed forms: {_ALLOWED_FORMS}.")


def _spec_date(text: str, spec: str) -> pd.Timestamp:
    if not _DATE_RE.fullmatch(text):
        raise _spec_error(spec, f"{text!r} is not a YYYY-MM-DD date")
    try:
        return pd.Timestamp(text)
    except ValueError:
        raise _spec_error(spec, f"{text!r} is not a valid calendar date") from None


def parse_period_spec(spec: str) -> PeriodSpec:
    """Read a period spec from a CLI flag or a config file.

    Parameters
    ----------
    spec : str
        One of:

        - ``"day"``, ``"week"``, ``"month"``, ``"quarter"``, ``"year"``:
          calendar labels, as :func:`period_labels`.
        - ``"event:2016-11-08"``: ``"before"`` / ``"after"``, the event day
          itself counting as after (as :func:`event_split`).
        - ``"ranges:early=2012-01-01..2015-12-31,late=2016-01-01..2020-12-31"``:
          named ranges. In this textual form the end date is **inclusive**
          (the whole end day belongs to the range): it is turned into the
          half-open ``[start, end + 1 day)`` of :func:`period_ranges`. Either
          side may be left empty for an open range (``"late=2016-01-01.."``).

    Returns
    -------
    PeriodSpec
        A named tuple ``(labeller, description)``: ``labeller(dates)``
        returns the labels, and ``description`` is a JSON-ready dict for
        provenance (``"spec"``, ``"kind"`` and the resolved half-open bounds).

    Raises
    ------
    ValueError
        For a malformed spec; the message names the spec and the allowed forms.

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> labeller, desc = ct.parse_period_spec("ranges:early=2012-01-01..2015-12-31,late=2016-01-01..")
    >>> desc["ranges"]
    {'early': ['2012-01-01', '2016-01-01'], 'late': ['2016-01-01', None]}
    >>> labeller(pd.to_datetime(pd.Series(["2015-12-31 23:00", "2016-01-01"]), format="ISO8601")).tolist()
    ['early', 'late']
    """
    if not isinstance(spec, str):
        raise TypeError(f"The 'spec' parameter of parse_period_spec() must be a str. Got {spec!r} instead.")
    text = spec.strip()
    kind, sep, rest = text.partition(":")
    kind = kind.strip().lower()

    if not sep:
        if kind not in FREQS:
            raise _spec_error(spec, "unknown period")
        freq = kind

        def labeller(dates: Any) -> pd.Series:
            return period_labels(dates, freq)  # type: ignore[arg-type]

        return PeriodSpec(labeller, {"spec": spec, "kind": "calendar", "freq": freq})

    if kind == "event":
        day = _spec_date(rest.strip(), spec)

        def labeller(dates: Any) -> pd.Series:
            return event_split(dates, day)

        return PeriodSpec(labeller, {
            "spec": spec, "kind": "event", "event": day.strftime("%Y-%m-%d"),
            "labels": ["before", "after"], "event_in": "after",
            "ranges": {"before": [None, day.strftime("%Y-%m-%d")], "after": [day.strftime("%Y-%m-%d"), None]},
            "interval": "half-open [start, end), UTC",
        })

    if kind == "ranges":
        ranges: dict[str, tuple[str | None, str | None]] = {}
        if not rest.strip():
            raise _spec_error(spec, "no ranges given")
        for part in rest.split(","):
            name, eq, span = part.partition("=")
            name = name.strip()
            if not eq or not name:
                raise _spec_error(spec, f"{part.strip()!r} is not NAME=START..END")
            if name in ranges:
                raise _spec_error(spec, f"range name {name!r} is used twice")
            lo, dots, hi = span.partition("..")
            if not dots:
                raise _spec_error(spec, f"{part.strip()!r} has no '..' between start and end")
            lo, hi = lo.strip(), hi.strip()
            start = _spec_date(lo, spec).strftime("%Y-%m-%d") if lo else None
            # Inclusive end date -> exclusive bound at the next midnight.
            end = (_spec_date(hi, spec) + pd.Timedelta(days=1)).strftime("%Y-%m-%d") if hi else None
            ranges[name] = (start, end)
        try:
            _check_ranges(ranges, "parse_period_spec")
        except ValueError as exc:
            # Name the ranges as the spec wrote them; ends shown are already end + 1 day.
            why = str(exc).removeprefix("parse_period_spec(): ")
            raise _spec_error(spec, f"{why} (end dates shown as the exclusive next day)") from None
        frozen = dict(ranges)

        def labeller(dates: Any) -> pd.Series:
            return period_ranges(dates, frozen)

        shown = {n: list(bounds) for n, bounds in frozen.items()}
        return PeriodSpec(labeller, {
            "spec": spec, "kind": "ranges", "ranges": shown,
            "interval": "half-open [start, end), UTC; end = inclusive end date + 1 day",
        })

    raise _spec_error(spec, f"unknown kind {kind!r}")
