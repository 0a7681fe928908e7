"""Tests for corpus_tools.corpus.periods: calendar labels, custom ranges, event splits, textual specs."""

from __future__ import annotations

import datetime as dt
import json
import re

import numpy as np
import pandas as pd
import pytest

from corpus_tools.corpus.periods import (
    FREQS,
    event_split,
    parse_period_spec,
    period_labels,
    period_ranges,
)


def dates(*values: str | None) -> pd.Series:
    return pd.Series(pd.to_datetime(list(values), format="ISO8601"))


# --------------------------------------------------------------------------- period_labels

@pytest.mark.parametrize(
    ("freq", "expected"),
    [
        ("day", ["2016-03-31", "2016-04-01", "2016-12-31", "2017-01-01"]),
        ("month", ["2016-03", "2016-04", "2016-12", "2017-01"]),
        ("quarter", ["2016-Q1", "2016-Q2", "2016-Q4", "2017-Q1"]),
        ("year", ["2016", "2016", "2016", "2017"]),
        ("week", ["2016-W13", "2016-W13", "2016-W52", "2016-W52"]),
    ],
)
def test_period_labels_boundaries(freq, expected):
    d = dates("2016-03-31 23:59:59", "2016-04-01 00:00", "2016-12-31 12:00", "2017-01-01")
    assert period_labels(d, freq).tolist() == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2016-01-01", "2015-W53"),  # a Friday: belongs to the last ISO week of 2015
        ("2016-01-03", "2015-W53"),
        ("2016-01-04", "2016-W01"),
        ("2014-12-29", "2015-W01"),  # a Monday in December that starts ISO 2015
        ("2020-12-31", "2020-W53"),
        ("2021-01-03", "2020-W53"),
        ("2018-12-31", "2019-W01"),
        ("1969-12-31", "1970-W01"),  # before the epoch
    ],
)
def test_period_labels_iso_week_year_edges(day, expected):
    assert period_labels(dates(day), "week").iloc[0] == expected


def test_period_labels_iso_week_matches_isocalendar_over_many_years():
    # Independent check against the standard library's ISO calendar.
    days = pd.Series(pd.date_range("1960-01-01", "2040-12-31", freq="D"))
    ours = period_labels(days, "week")
    ref = [f"{y:04d}-W{w:02d}" for y, w, _ in (d.isocalendar() for d in days.dt.date)]
    assert ours.tolist() == ref


def test_period_labels_quarter_and_month_before_1970():
    d = dates("1969-12-31 23:00", "1969-01-01", "1969-04-01")
    assert period_labels(d, "quarter").tolist() == ["1969-Q4", "1969-Q1", "1969-Q2"]
    assert period_labels(d, "month").tolist() == ["1969-12", "1969-01", "1969-04"]


def test_period_labels_tz_aware_converted_to_utc_across_midnight():
    d = pd.Series(pd.to_datetime(["2016-12-31T23:30:00-05:00", "2016-12-31T23:30:00+00:00"], utc=True))
    d = d.dt.tz_convert("America/New_York")
    assert period_labels(d, "month").tolist() == ["2017-01", "2016-12"]
    assert period_labels(d, "day").tolist() == ["2017-01-01", "2016-12-31"]
    assert period_labels(d, "year").tolist() == ["2017", "2016"]


def test_period_labels_nat_gives_missing_and_keeps_index_and_dtype():
    d = pd.Series(pd.to_datetime(["2016-03-01", None, "2016-05-02"]), index=["a", "b", "c"], name="date")
    out = period_labels(d, "month")
    assert out.index.tolist() == ["a", "b", "c"]
    assert out.dtype == "str"
    assert out.name == "period"
    assert out["a"] == "2016-03" and out["c"] == "2016-05"
    assert pd.isna(out["b"])


@pytest.mark.parametrize("freq", FREQS)
def test_period_labels_all_nat_and_empty(freq):
    out = period_labels(pd.Series(pd.to_datetime([None, None])), freq)
    assert out.isna().all() and len(out) == 2 and out.dtype == "str"
    empty = period_labels(pd.Series([], dtype="datetime64[ns]"), freq)
    assert len(empty) == 0 and empty.dtype == "str"


@pytest.mark.parametrize("freq", FREQS)
def test_period_labels_sort_chronologically_as_strings(freq):
    rng = np.random.default_rng(0)
    ns = rng.integers(pd.Timestamp("1990-01-01").value, pd.Timestamp("2030-01-01").value, 5000)
    d = pd.Series(pd.to_datetime(ns)).sort_values(ignore_index=True)
    labels = period_labels(d, freq).tolist()
    assert labels == sorted(labels)


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_period_labels_any_datetime_unit(unit):
    d = dates("2016-03-31 23:59:59", "2016-04-01").astype(f"datetime64[{unit}]")
    assert period_labels(d, "month").tolist() == ["2016-03", "2016-04"]


def test_period_labels_accepts_index_and_list():
    idx = pd.DatetimeIndex(["2016-01-01", "2016-02-01"])
    out = period_labels(idx, "month")
    assert out.tolist() == ["2016-01", "2016-02"] and out.index.equals(pd.RangeIndex(2))
    out = period_labels([dt.datetime(2016, 1, 1), dt.datetime(2016, 7, 1)], "quarter")
    assert out.tolist() == ["2016-Q1", "2016-Q3"]


def test_period_labels_rejects_strings():
    with pytest.raises(TypeError, match=r"The 'dates' parameter of period_labels\(\) must be datetime64"):
        period_labels(pd.Series(["2016-01-01"]), "month")


def test_period_labels_bad_freq():
    with pytest.raises(ValueError, match=r"The 'freq' parameter of period_labels\(\) must be one of .* "
                                          r"Got 'monthly' instead\."):
        period_labels(dates("2016-01-01"), "monthly")


def test_period_labels_matches_pandas_period_for_random_dates():
    rng = np.random.default_rng(1)
    ns = rng.integers(pd.Timestamp("1980-01-01").value, pd.Timestamp("2030-01-01").value, 20000)
    d = pd.Series(pd.to_datetime(ns))
    assert period_labels(d, "month").tolist() == d.dt.strftime("%Y-%m").tolist()
    assert period_labels(d, "day").tolist() == d.dt.strftime("%Y-%m-%d").tolist()
    q = d.dt.year.astype(str) + "-Q" + d.dt.quarter.astype(str)
    assert period_labels(d, "quarter").tolist() == q.tolist()


# --------------------------------------------------------------------------- period_ranges

BEFORE_AFTER = {"before": (None, "2016-11-08"), "after": ("2016-11-08", None)}


def test_period_ranges_half_open_at_boundary():
    d = dates("2016-11-07 23:59:59.999999", "2016-11-08 00:00", "2016-11-08 00:00:00.000001")
    assert period_ranges(d, BEFORE_AFTER).tolist() == ["before", "after", "after"]


def test_period_ranges_gap_and_nat_are_missing():
    d = pd.Series(pd.to_datetime(["2015-06-01", "2016-06-01", None, "2018-01-01"]), index=[10, 20, 30, 40])
    out = period_ranges(d, {"y2015": ("2015-01-01", "2016-01-01"), "y2017": ("2017-01-01", "2018-01-01")})
    assert out.index.tolist() == [10, 20, 30, 40]
    assert out.dtype == "str"
    assert out[10] == "y2015"
    assert out[[20, 30, 40]].isna().all()  # a gap, a NaT, and the excluded end instant


def test_period_ranges_tz_aware_dates_and_bounds():
    d = pd.Series(pd.to_datetime(["2016-11-07T20:00:00-05:00"], utc=True)).dt.tz_convert("America/New_York")
    # 20:00 in New York is 01:00 UTC on 8 November: after.
    assert period_ranges(d, BEFORE_AFTER).tolist() == ["after"]
    bounds = {"before": (None, pd.Timestamp("2016-11-08", tz="America/New_York")),
              "after": (pd.Timestamp("2016-11-08", tz="America/New_York"), None)}
    # The New York midnight is 05:00 UTC; 01:00 UTC is before it.
    assert period_ranges(d, bounds).tolist() == ["before"]


def test_period_ranges_bound_finer_than_date_unit():
    # Dates in whole seconds; a bound at half a second: 12:00:00 is before it, 12:00:01 after.
    d = dates("2016-11-08 12:00:00", "2016-11-08 12:00:01").astype("datetime64[s]")
    out = period_ranges(d, {"a": (None, "2016-11-08 12:00:00.5"), "b": ("2016-11-08 12:00:00.5", None)})
    assert out.tolist() == ["a", "b"]


def test_period_ranges_bound_outside_ns_range():
    d = dates("2016-01-01").astype("datetime64[ns]")
    assert period_ranges(d, {"all": ("1500-01-01", "3000-01-01")}).tolist() == ["all"]
    assert period_ranges(d, {"none": ("2500-01-01", "3000-01-01")}).isna().all()


def test_period_ranges_overlap_names_both_ranges():
    with pytest.raises(ValueError, match=r"ranges 'early' .* and 'late' .* overlap"):
        period_ranges(dates("2016-01-01"), {"early": ("2012-01-01", "2016-01-02"),
                                            "late": ("2016-01-01", None)})
    with pytest.raises(ValueError, match=r"'a' .* and 'b' .* overlap"):
        period_ranges(dates("2016-01-01"), {"a": (None, None), "b": ("2000-01-01", "2001-01-01")})


def test_period_ranges_touching_ranges_do_not_overlap():
    out = period_ranges(dates("2016-01-01"), {"early": ("2012-01-01", "2016-01-01"),
                                              "late": ("2016-01-01", "2020-01-01")})
    assert out.tolist() == ["late"]


@pytest.mark.parametrize(
    ("ranges", "error", "match"),
    [
        ({}, TypeError, r"'ranges' parameter of period_ranges\(\) must be a non-empty mapping"),
        ([("a", (None, None))], TypeError, r"non-empty mapping"),
        ({"a": ("2016-01-02", "2016-01-01")}, ValueError, r"range 'a' is empty"),
        ({"a": ("2016-01-01", "2016-01-01")}, ValueError, r"range 'a' is empty"),
        ({"a": ("2016-01-01",)}, ValueError, r"range 'a' must be a \(start, end\) pair"),
        ({"a": ("not a date", None)}, ValueError, r"Range 'a': cannot read the start"),
        ({"": (None, None)}, ValueError, r"range names must be non-empty strings"),
    ],
)
def test_period_ranges_bad_ranges(ranges, error, match):
    with pytest.raises(error, match=match):
        period_ranges(dates("2016-01-01"), ranges)


# --------------------------------------------------------------------------- event_split

def test_event_split_event_day_side():
    d = dates("2016-11-07 23:59", "2016-11-08", "2016-11-08 23:59", "2016-11-09", None)
    after = event_split(d, "2016-11-08")
    assert after.tolist()[:4] == ["before", "after", "after", "after"] and pd.isna(after.iloc[4])
    before = event_split(d, dt.date(2016, 11, 8), event_in="before", labels=("pre", "post"))
    assert before.tolist()[:4] == ["pre", "pre", "pre", "post"]


def test_event_split_errors():
    d = dates("2016-11-08")
    with pytest.raises(ValueError, match=r"must be a calendar date \(midnight UTC\)"):
        event_split(d, "2016-11-08 12:00")
    with pytest.raises(ValueError, match=r"'event_in' parameter of event_split\(\) must be one of"):
        event_split(d, "2016-11-08", event_in="during")
    with pytest.raises(ValueError, match=r"'labels' parameter of event_split\(\) must be two different"):
        event_split(d, "2016-11-08", labels=("x", "x"))
    with pytest.raises(ValueError, match=r"'event' parameter of event_split\(\) must be a date"):
        event_split(d, "sometime")


# --------------------------------------------------------------------------- parse_period_spec

@pytest.mark.parametrize("freq", FREQS)
def test_parse_period_spec_calendar(freq):
    labeller, desc = parse_period_spec(f" {freq.upper()} ")
    d = dates("2016-01-01", "2016-04-01")
    assert labeller(d).tolist() == period_labels(d, freq).tolist()
    assert desc["kind"] == "calendar" and desc["freq"] == freq
    json.dumps(desc)


def test_parse_period_spec_event():
    labeller, desc = parse_period_spec("event:2016-11-08")
    assert labeller(dates("2016-11-07 23:59", "2016-11-08")).tolist() == ["before", "after"]
    assert desc["event"] == "2016-11-08" and desc["event_in"] == "after"
    json.dumps(desc)


def test_parse_period_spec_ranges_inclusive_end():
    spec = "ranges:early=2012-01-01..2015-12-31,late=2016-01-01..2020-12-31"
    labeller, desc = parse_period_spec(spec)
    d = dates("2011-12-31 23:59", "2012-01-01", "2015-12-31 23:59:59", "2016-01-01",
              "2020-12-31 23:59", "2021-01-01")
    out = labeller(d)
    assert out.tolist()[1:5] == ["early", "early", "late", "late"]
    assert pd.isna(out.iloc[0]) and pd.isna(out.iloc[5])
    assert desc["ranges"] == {"early": ["2012-01-01", "2016-01-01"], "late": ["2016-01-01", "2021-01-01"]}
    assert desc["spec"] == spec
    json.dumps(desc)


def test_parse_period_spec_ranges_open_ends():
    labeller, desc = parse_period_spec("ranges: old = ..2015-12-31 , new = 2016-01-01..")
    assert labeller(dates("1900-01-01", "2099-01-01")).tolist() == ["old", "new"]
    assert desc["ranges"] == {"old": [None, "2016-01-01"], "new": ["2016-01-01", None]}


@pytest.mark.parametrize(
    ("spec", "why"),
    [
        ("monthly", "unknown period"),
        ("", "unknown period"),
        ("event:", "is not a YYYY-MM-DD date"),
        ("event:08/11/2016", "is not a YYYY-MM-DD date"),
        ("event:2016-02-30", "is not a valid calendar date"),
        ("ranges:", "no ranges given"),
        ("ranges:early", "is not NAME=START..END"),
        ("ranges:=2012-01-01..2015-12-31", "is not NAME=START..END"),
        ("ranges:early=2012-01-01", "has no '..'"),
        ("ranges:a=2012-01-01..2013-01-01,a=2014-01-01..2015-01-01", "used twice"),
        ("ranges:a=2012-01-01..2015-12-31,b=2015-12-31..2016-12-31", r"ranges 'a' .* and 'b' .* overlap"),
        ("ranges:a=2016-01-01..2015-01-01", "is empty"),
        ("weekly:2016", "unknown kind 'weekly'"),
    ],
)
def test_parse_period_spec_bad(spec, why):
    with pytest.raises(ValueError, match=rf"Invalid period spec {re.escape(repr(spec))}: .*{why}.*Allowed forms: 'day'"):
        parse_period_spec(spec)


def test_parse_period_spec_not_a_string():
    with pytest.raises(TypeError, match=r"'spec' parameter of parse_period_spec\(\) must be a str"):
        parse_period_spec(None)  # type: ignore[arg-type]
