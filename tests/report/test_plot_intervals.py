"""Issue 15 item 5: interval bands wherever intervals exist, dates on date axes, readable legends."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("matplotlib", reason="plotting tests need matplotlib (a test dependency)")

from matplotlib.collections import LineCollection, PolyCollection  # noqa: E402
from matplotlib.dates import date2num  # noqa: E402

from corpus_tools.report import plot  # noqa: E402


def _rates(outlets, periods, *, time="month", ci=True):
    rows = [{"outlet": o, time: p, "rate": 10.0 + k, "ci_low": 8.0 + k if ci else np.nan,
             "ci_high": 12.0 + k if ci else np.nan} for k, (o, p) in enumerate(zip(outlets, periods))]
    table = pd.DataFrame(rows)
    table.attrs = {"confidence": 0.9, "ci": "poisson"}
    return table


def _band_area(ax) -> int:
    """Vertices of the shaded polygons (0 when fill_between had nothing to shade)."""
    return sum(len(path.vertices) for c in ax.collections if isinstance(c, PolyCollection) for path in c.get_paths())


def _lone_bands(ax) -> list:
    return [seg for c in ax.collections if isinstance(c, LineCollection) for seg in c.get_segments()]


def test_plot_bands_for_isolated_points():
    # Each outlet has months with no neighbour: fill_between alone would draw nothing.
    rates = _rates(["X", "X", "Y"], ["2024-04", "2024-09", "2024-06"])
    ax = plot.hedging_over_time(rates).axes[0]
    bands = _lone_bands(ax)
    assert len(bands) == len(rates)
    spans = sorted((seg[0][1], seg[1][1]) for seg in bands)
    assert spans == sorted(zip(rates["ci_low"], rates["ci_high"]))
    assert "shaded: 90% CI (poisson)" in ax.get_title()


def test_plot_contiguous_points_get_a_shaded_band():
    rates = _rates(["X", "X", "X"], ["2024-01", "2024-02", "2024-03"])
    ax = plot.hedging_over_time(rates).axes[0]
    assert _band_area(ax) > 0 and not _lone_bands(ax)


def test_plot_no_intervals_no_band_no_caption():
    rates = _rates(["X", "X"], ["2024-01", "2024-02"], ci=False)
    ax = plot.hedging_over_time(rates).axes[0]
    assert _band_area(ax) == 0 and not _lone_bands(ax)
    assert "shaded" not in ax.get_title() and "CI" not in ax.get_title()


@pytest.mark.parametrize("time, labels, starts", [
    ("month", ["2024-04", "2024-09"], ["2024-04-01", "2024-09-01"]),
    ("quarter", ["2016-Q1", "2016-Q4"], ["2016-01-01", "2016-10-01"]),
    ("year", ["2012", "2015"], ["2012-01-01", "2015-01-01"]),
    ("week", ["2020-W01", "2020-W03"], ["2019-12-30", "2020-01-13"]),
    ("day", ["2020-01-30", "2020-02-02"], ["2020-01-30", "2020-02-02"]),
])
def test_plot_periods_on_a_date_axis(time, labels, starts):
    rates = _rates(["X", "X"], labels, time=time)
    ax = plot.hedging_over_time(rates, time=time).axes[0]
    line = ax.get_lines()[0]
    xs = pd.to_datetime(line.get_xdata())
    ys = np.asarray(line.get_ydata(), dtype=float)
    # The two periods sit at their own dates, with a gap for each period between them.
    assert xs[0] == pd.Timestamp(starts[0]) and xs[-1] == pd.Timestamp(starts[1])
    assert np.isnan(ys[1:-1]).all() and len(ys) > 2
    lo, hi = ax.get_xlim()
    assert lo <= date2num(pd.Timestamp(starts[0])) and hi >= date2num(pd.Timestamp(starts[1]))


def test_plot_month_spacing_follows_time():
    rates = _rates(["X", "X", "X"], ["2024-04", "2024-09", "2024-10"])
    xs = pd.to_datetime(plot.hedging_over_time(rates).axes[0].get_lines()[0].get_xdata())
    ys = plot.hedging_over_time(rates).axes[0].get_lines()[0].get_ydata()
    known = xs[~np.isnan(np.asarray(ys, dtype=float))]
    gaps = np.diff(known.to_numpy()).astype("timedelta64[D]").astype(int)
    assert gaps[0] > 4 * gaps[1]  # April -> September is five months, September -> October one


def test_plot_other_labels_stay_categorical():
    rates = _rates(["X", "X"], ["before", "after"], time="event")
    ax = plot.hedging_over_time(rates, time="event", order=["before", "after"]).axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["before", "after"]


@pytest.mark.parametrize("label, expected", [
    ("{election='after'}", "election: after"),
    ("{outlet='Vox', date=('2016-01-01', None)}", "outlet: Vox, date: 2016-01-01.."),
    ({"outlet": ["A", "B"]}, "outlet: A or B"),
    ("outlet=Civic Wire", "outlet=Civic Wire"),
    ("Vox", "Vox"),
])
def test_plot_readable_labels(label, expected):
    assert plot.readable(label) == expected


def test_plot_keyness_legend_is_readable():
    table = pd.DataFrame({"term": ["rain", "sun"], "log_ratio": [2.0, -1.0]})
    table.attrs = {"target": "{election='after'}", "reference": "{election='before'}"}
    legend = [t.get_text() for t in plot.keyness_bars(table).axes[0].get_legend().get_texts()]
    assert legend == ["target (election: after)", "reference (election: before)"]
    assert not any("{" in text or "'" in text for text in legend)


def test_plot_hedging_legend_is_readable():
    rates = _rates(["{election='after'}", "{election='before'}"], ["2024-01", "2024-01"])
    legend = [t.get_text() for t in plot.hedging_over_time(rates).axes[0].get_legend().get_texts()]
    assert legend == ["election: after", "election: before"]
