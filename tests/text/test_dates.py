"""Tests for corpus_tools.text.dates.parse_dates."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from corpus_tools.text.dates import parse_dates
from corpus_tools.errors import InvalidRecordError


def _one(value):
    dates, bad = parse_dates([value], on_invalid="skip")
    return (None if pd.isna(dates[0]) else str(dates[0].date())), bad


@pytest.mark.parametrize("value, expected", [
    ("2016-06-04", "2016-06-04"),
    ("2016-06-04T10:00:00", "2016-06-04"),
    ("2016-06-04 10:00", "2016-06-04"),
    ("2016-06-04T23:59:59.123Z", "2016-06-04"),
    ("2016-12-31T23:30:00-05:00", "2017-01-01"),   # UTC is already the next day
    ("2017-01-01T00:30:00+01:00", "2016-12-31"),   # UTC is still the day before
    ("2020-01-01T23:00:00+0100", "2020-01-01"),
    ("2016-12-31T23:30:00", "2016-12-31"),          # naive: taken as written
    ("Feb 26, 1987", "1987-02-26"),
    ("26 February 1987", "1987-02-26"),
    ("26-FEB-1987 15:01:01.79", "1987-02-26"),
    ("2-MAR-1987 09:00:00.00", "1987-03-02"),
    ("3/4/2020", "2020-03-04"),                     # month first
    ("12/31/2019", "2019-12-31"),
    ("Tue, 03 Mar 2020 14:00:00 +0100", "2020-03-03"),
    ("Tue, 03 Mar 2020 00:30:00 +0100", "2020-03-02"),
    ("Tue, 03 Mar 2020 14:00:00 GMT", "2020-03-03"),
    ("  2020-01-02 ", "2020-01-02"),
])
def test_parse_dates_formats(value, expected):
    assert _one(value) == (expected, [])


@pytest.mark.parametrize("value", [
    "garbage", "next Tuesday", "1583240400", "19870226", "1987", "Feb 1987", "Monday",
    "2019-02-30", "0001-11-30", "2300-01-01", "31/31/2020", "31-MAR-1987 605:12:19.12", 5,
])
def test_parse_dates_unparseable(value):
    assert _one(value) == (None, [0])


@pytest.mark.parametrize("value", [None, "", "   ", float("nan")])
def test_parse_dates_missing_is_nat_not_bad(value):
    assert _one(value) == (None, [])


def test_parse_dates_dtype_index_and_datetime_objects():
    dates, bad = parse_dates([dt.datetime(2020, 1, 1, 23), "2020-01-02", None])
    assert dates.dtype == np.dtype("datetime64[ns]")
    assert list(dates.index) == [0, 1, 2]
    assert dates.tolist()[:2] == [pd.Timestamp("2020-01-01"), pd.Timestamp("2020-01-02")]
    assert bad == []


def test_parse_dates_mixed_fast_and_slow_paths_keep_positions():
    values = ["2020-01-01", "Feb 26, 1987", "bad", "2020-01-03T01:00:00Z", None] * 3
    dates, bad = parse_dates(values, on_invalid="skip")
    assert bad == [2, 7, 12]
    assert str(dates[1].date()) == "1987-02-26" and str(dates[13].date()) == "2020-01-03"


def test_parse_dates_raise_names_value_and_position():
    with pytest.raises(InvalidRecordError, match=r"src\.csv, value 1: unparseable date 'soon'"):
        parse_dates(["2020-01-01", "soon"], source="src.csv")


def test_parse_dates_bad_option():
    with pytest.raises(ValueError, match=r"The 'on_invalid' parameter of parse_dates\(\) must be"):
        parse_dates(["2020-01-01"], on_invalid="warn")


def test_parse_dates_empty():
    dates, bad = parse_dates([])
    assert len(dates) == 0 and dates.dtype == np.dtype("datetime64[ns]") and bad == []


# ---- issue 16: one day/month order per field, never guessed value by value ----

from corpus_tools.errors import DateFormatError  # noqa: E402
from corpus_tools.text.dates import infer_dayfirst  # noqa: E402


def _days(values, **options):
    dates, bad = parse_dates(values, on_invalid="skip", **options)
    return [None if pd.isna(d) else str(d.date()) for d in dates], bad


@pytest.mark.parametrize("values, expected", [
    (["03/02/2020", "13/02/2020"], ["2020-02-03", "2020-02-13"]),   # 13 can only be a day
    (["03/02/2020", "02/13/2020"], ["2020-03-02", "2020-02-13"]),   # 13 can only be a day: month first
    (["04.03.2020", "25.12.2020"], ["2020-03-04", "2020-12-25"]),
    (["3-4-2020 14:00", "31-1-2020"], ["2020-04-03", "2020-01-31"]),
    (["03/02/2020 23:30:00-05:00", "13/02/2020"], ["2020-02-04", "2020-02-13"]),  # zone -> UTC
])
def test_parse_dates_order_decided_once_for_all_values(values, expected):
    assert _days(values) == (expected, [])


def test_infer_dayfirst_states_the_deciding_value():
    assert infer_dayfirst(["2020-01-01", "03/02/2020", "13/02/2020"]) == (
        True, "day-first (decided by '13/02/2020', value 2)")
    assert infer_dayfirst(["2020-01-01", None, 5]) == (None, None)


def test_infer_dayfirst_assumes_with_a_warning_when_nothing_decides(caplog):
    assert infer_dayfirst(["03/02/2020"])[0] is False        # slashes: month first
    assert infer_dayfirst(["04.03.2020", "01.02.2020"])[0] is True  # dots: day first
    assert "assuming day-first" in caplog.text


def test_parse_dates_contradicting_values_raise_in_both_modes():
    for mode in ("raise", "skip"):
        with pytest.raises(DateFormatError,
                           match=r"src\.csv: the dates contradict each other: '13/02/2020' \(value 1\) "
                                 r"can only be day-first and '02/13/2020' \(value 2\) only month-first"):
            parse_dates(["03/02/2020", "13/02/2020", "02/13/2020"], source="src.csv", on_invalid=mode)


def test_parse_dates_dayfirst_override_never_swaps():
    assert _days(["03/02/2020", "13/02/2020"], dayfirst=False) == (["2020-03-02", None], [1])
    assert _days(["03/02/2020", "02/13/2020"], dayfirst=True) == (["2020-02-03", None], [1])


def test_parse_dates_date_format():
    assert _days(["04.03.2020", "2020-03-04", " 05.03.2020 "], date_format="%d.%m.%Y") == (
        ["2020-03-04", None, "2020-03-05"], [1])
