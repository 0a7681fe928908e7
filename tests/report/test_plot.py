"""Tests of corpus_tools.report.plot on the demo corpus: content of each figure, saving, bad arguments."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("matplotlib", reason="plotting tests need matplotlib (a test dependency)")

from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from corpus_tools.report import plot  # noqa: E402

OUTLET_A, OUTLET_B = "Civic Wire", "Northgate Daily"


def _ticks(labels):
    return [t.get_text() for t in labels]


@pytest.fixture(scope="module")
def key_table(demo_corpus):
    from corpus_tools.analyses.keyness import keyness

    return keyness(demo_corpus, target={"outlet": OUTLET_A})


@pytest.fixture(scope="module")
def rates(demo_corpus):
    from corpus_tools.analyses.hedging import hedge_rates

    return hedge_rates(demo_corpus, by=["outlet", "month"], ci="poisson")


@pytest.fixture(scope="module")
def colloc(demo_corpus):
    from corpus_tools.analyses.collocations import compare_collocates

    return compare_collocates(demo_corpus, "harbour", groups=("outlet", OUTLET_A, OUTLET_B))


# --------------------------------------------------------------------------- keyness_bars

def test_plot_keyness_bars_content(key_table):
    before = key_table.copy(deep=True)
    fig = plot.keyness_bars(key_table, n=5)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(bars) == 10
    ll = key_table["log_likelihood"]
    top = key_table.loc[ll > 0].head(5)["term"].tolist()
    bottom = key_table.loc[ll < 0].tail(5)["term"].tolist()  # most negative last
    assert _ticks(ax.get_yticklabels()) == top + bottom
    widths = sorted(b.get_width() for b in bars)
    np.testing.assert_allclose(widths[-1], ll.max())
    np.testing.assert_allclose(widths[0], ll.min())
    legend = _ticks(ax.get_legend().get_texts())
    assert legend[0].startswith("target") and legend[1].startswith("reference")
    assert ax.get_xlabel().startswith("log_likelihood") and ax.get_ylabel() == "term"
    assert ax.get_title()
    pd.testing.assert_frame_equal(key_table, before)


def test_plot_keyness_bars_measure_and_signs():
    table = pd.DataFrame({"term": ["b", "a", "c", "d"], "log_likelihood": [9.0, 9.0, -1.0, 0.0],
                          "log_ratio": [1.0, 2.0, -3.0, 0.0]})
    ax = plot.keyness_bars(table, n=1).axes[0]
    assert _ticks(ax.get_yticklabels()) == ["a", "c"]  # tie on 9.0 broken by term; zero not drawn
    ax = plot.keyness_bars(table, measure="log_ratio").axes[0]
    assert _ticks(ax.get_yticklabels()) == ["a", "b", "c"]
    colours = {tuple(p.get_facecolor()) for p in ax.patches}
    assert len(colours) == 2


def test_plot_keyness_bars_grid_needs_one_group(demo_corpus):
    from corpus_tools.analyses.keyness import keyness_grid

    grid = keyness_grid(demo_corpus, by="outlet")
    with pytest.raises(ValueError, match=r"'table' parameter of keyness_bars\(\) holds 3 groups"):
        plot.keyness_bars(grid)
    fig = plot.keyness_bars(grid[grid["outlet"] == OUTLET_B], n=3)
    assert OUTLET_B in fig.axes[0].get_title()


@pytest.mark.parametrize("kwargs, error, match", [
    ({"measure": "odds_ratio"}, ValueError, r"'measure' parameter of keyness_bars\(\) must be one of"),
    ({"n": 0}, ValueError, r"'n' parameter of keyness_bars\(\)"),
    ({"n": 2.5}, TypeError, r"'n' parameter of keyness_bars\(\) must be an int"),
    ({"path": "out.jpg"}, ValueError, r"'path' parameter of keyness_bars\(\) must end in one of"),
    ({"ax": "axes"}, TypeError, r"'ax' parameter of keyness_bars\(\)"),
])
def test_plot_keyness_bars_bad_arguments(key_table, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot.keyness_bars(key_table, **kwargs)


def test_plot_keyness_bars_bad_tables():
    with pytest.raises(ValueError, match=r"lacks the columns \['term'\]"):
        plot.keyness_bars(pd.DataFrame({"log_ratio": [1.0]}))
    with pytest.raises(ValueError, match="empty table"):
        plot.keyness_bars(pd.DataFrame({"term": [], "log_ratio": []}))
    with pytest.raises(TypeError, match=r"'table' parameter of keyness_bars\(\) must be a pandas DataFrame"):
        plot.keyness_bars({"term": ["a"]})


def test_plot_keyness_bars_infinite_values_noted():
    table = pd.DataFrame({"term": ["a", "b"], "percent_diff": [np.inf, 50.0]})
    ax = plot.keyness_bars(table).axes[0]
    assert _ticks(ax.get_yticklabels()) == ["b"]
    assert any("1 terms with infinite percent_diff not drawn" in t.get_text() for t in ax.texts)


def test_plot_draws_into_given_axes(key_table):
    fig = Figure()
    ax = fig.add_subplot()
    assert plot.keyness_bars(key_table, n=2, ax=ax) is fig
    assert len(ax.patches) == 4


# --------------------------------------------------------------------------- hedging_over_time

def test_plot_hedging_over_time_content(rates):
    ax = plot.hedging_over_time(rates).axes[0]
    outlets = sorted(rates["outlet"].unique())
    months = sorted(rates["month"].unique())
    assert [line.get_label() for line in ax.get_lines()] == outlets
    assert len([c for c in ax.collections if isinstance(c, PolyCollection)]) == len(outlets)
    # issue 15: months on a date axis, every month from the first to the last (a missing one is a gap)
    every = pd.period_range(months[0], months[-1], freq="M")
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), every.start_time.to_numpy())
    first = rates[rates["outlet"] == outlets[0]].set_index("month").reindex(every.strftime("%Y-%m"))
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), first["rate"].to_numpy())
    assert ax.get_xlabel() == "month"
    assert "per 10,000 words" in ax.get_ylabel()
    assert "95% CI" in ax.get_title()


def test_plot_hedging_over_time_gaps_and_order():
    rates = pd.DataFrame({"outlet": ["X", "X", "Y"], "period": ["after", "before", "before"],
                          "rate": [2.0, 1.0, 3.0], "ci_low": [1.0, 0.5, 2.0], "ci_high": [3.0, 1.5, 4.0]})
    ax = plot.hedging_over_time(rates, time="period", order=["before", "after"]).axes[0]
    assert _ticks(ax.get_xticklabels()) == ["before", "after"]
    np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(), [1.0, 2.0])
    y = ax.get_lines()[1].get_ydata()
    assert y[0] == 3.0 and np.isnan(y[1])  # a gap, not an interpolation
    single = plot.hedging_over_time(rates[rates["outlet"] == "X"], time="period", group=None,
                                    order=["before", "after"]).axes[0]
    assert len(single.get_lines()) == 1


def test_plot_hedging_over_time_bad_arguments(rates):
    with pytest.raises(ValueError, match=r"'rates' parameter of hedging_over_time\(\) lacks the columns \['week'\]"):
        plot.hedging_over_time(rates, time="week")
    with pytest.raises(ValueError, match=r"'order' parameter of hedging_over_time\(\) must list each period"):
        plot.hedging_over_time(rates, order=["2024-02"])
    by_category = pd.concat([rates.assign(category="epistemic"), rates.assign(category="other")])
    with pytest.raises(ValueError, match=r"several rows per \('outlet', 'month'\).*filter by \['category'\]"):
        plot.hedging_over_time(by_category)
    with pytest.raises(TypeError, match=r"'group' parameter"):
        plot.hedging_over_time(rates, group=1)


# --------------------------------------------------------------------------- collocate_comparison

def test_plot_collocate_comparison_content(colloc):
    n = 6
    ax = plot.collocate_comparison(colloc, n=n).axes[0]
    labels = _ticks(ax.get_yticklabels())
    assert len(labels) == n and set(labels) <= set(colloc["collocate"])
    change = colloc.set_index("collocate")["log_dice_change"]
    shown = change.loc[labels].to_numpy()
    assert np.all(shown[:-1] >= shown[1:])  # largest rise towards B at the top (inf ties allowed)
    # The chosen ones have the largest |change|.
    assert np.abs(shown).min() >= np.sort(np.abs(change.to_numpy()))[-n]
    legend = _ticks(ax.get_legend().get_texts())
    assert legend == [f"A: outlet={OUTLET_A}", f"B: outlet={OUTLET_B}"]
    assert ax.get_xlabel() == "logDice" and ax.get_ylabel() == "collocate"
    assert "harbour" in ax.get_title()


def test_plot_collocate_comparison_finite_positions():
    t = pd.DataFrame({"collocate": ["dock", "plan"], "log_dice_a": [12.0, 10.0],
                      "log_dice_b": [11.0, 12.5]})
    ax = plot.collocate_comparison(t).axes[0]
    assert _ticks(ax.get_yticklabels()) == ["plan", "dock"]
    a_points = ax.collections[1].get_offsets()
    np.testing.assert_allclose(np.asarray(a_points)[:, 0], [10.0, 12.0])


def test_plot_collocate_comparison_bad_arguments(colloc):
    with pytest.raises(ValueError, match=r"lacks the columns \['log_dice_a', 'log_dice_b'\]"):
        plot.collocate_comparison(colloc[["collocate"]])
    with pytest.raises(ValueError, match=r"'n' parameter of collocate_comparison\(\)"):
        plot.collocate_comparison(colloc, n=-1)


# --------------------------------------------------------------------------- dispersion_plot

def test_plot_dispersion_by_document(demo_corpus):
    from corpus_tools.analyses.concordance import find_query

    terms = ["harbour", "appears to", "zzzznotaword"]
    ax = plot.dispersion_plot(demo_corpus, terms).axes[0]
    assert _ticks(ax.get_yticklabels()) == terms
    lines = ax.get_lines()
    assert [len(line.get_xdata()) for line in lines] == [len(find_query(demo_corpus, t)[0]) for t in terms]
    assert len(lines[2].get_xdata()) == 0
    x = np.asarray(lines[0].get_xdata())
    assert x.min() >= 0 and x.max() < len(demo_corpus)
    assert ax.get_xlabel() == "document (corpus order)"


def test_plot_dispersion_by_date(demo_corpus):
    ax = plot.dispersion_plot(demo_corpus, "harbour", by="date").axes[0]
    xs = ax.get_lines()[0].get_xdata()
    assert len(xs) > 0 and ax.get_xlabel() == "date"


def test_plot_dispersion_bad_arguments(demo_corpus):
    with pytest.raises(ValueError, match=r"'by' parameter of dispersion_plot\(\) must be one of"):
        plot.dispersion_plot(demo_corpus, "harbour", by="month")
    with pytest.raises(ValueError, match=r"'term' parameter of dispersion_plot\(\)"):
        plot.dispersion_plot(demo_corpus, [])
    with pytest.raises(TypeError, match=r"'corpus' parameter of dispersion_plot\(\)"):
        plot.dispersion_plot("text", "harbour")


# --------------------------------------------------------------------------- saving

@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".pdf", b"%PDF"), (".svg", b"<?xml")])
def test_plot_saves_by_extension_deterministically(key_table, tmp_path, suffix, magic):
    first, second = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    plot.keyness_bars(key_table, n=3, path=first)
    plot.keyness_bars(key_table, n=3, path=second)
    assert first.read_bytes().startswith(magic)
    assert first.read_bytes() == second.read_bytes()


def test_plot_every_figure_saves_png(key_table, rates, colloc, demo_corpus, tmp_path):
    made = {
        "k.png": lambda p: plot.keyness_bars(key_table, path=p),
        "h.png": lambda p: plot.hedging_over_time(rates, path=p),
        "c.png": lambda p: plot.collocate_comparison(colloc, path=p),
        "d.png": lambda p: plot.dispersion_plot(demo_corpus, ["harbour", "may"], path=p),
    }
    for name, draw in made.items():
        draw(tmp_path / name)
        assert (tmp_path / name).read_bytes()[:4] == b"\x89PNG"


def test_plot_uses_no_global_state(key_table):
    import matplotlib

    before = dict(matplotlib.rcParams)
    plot.keyness_bars(key_table, n=2)
    assert dict(matplotlib.rcParams) == before
    import sys
    if "matplotlib.pyplot" in sys.modules:  # another test may have imported it; then no figure is open
        import matplotlib.pyplot as plt
        assert plt.get_fignums() == []
