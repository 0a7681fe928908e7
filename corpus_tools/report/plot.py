"""Matplotlib figures of keyness, hedging rates, collocates and dispersion.

Every function returns a :class:`matplotlib.figure.Figure` built without
pyplot (no global figure state, no ``plt.show()``, no change to
``rcParams``), so it works headless, in scripts and in notebooks (Jupyter
draws a returned Figure once ``%matplotlib inline`` has run, or any pyplot
import; otherwise it prints its repr). Pass ``ax=`` to draw into an existing Axes (the
function then returns that Axes' figure), and ``path=`` to save the figure as
PNG, PDF or SVG (chosen by the extension, 150 dpi). Nothing is random: the
same table gives the same picture, and the saved files carry no timestamps.

matplotlib is imported only when a function here is called.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from .._compat import STR_DTYPE
from .._validation import check_number, check_option

logger = logging.getLogger(__name__)

__all__ = ["keyness_bars", "hedging_over_time", "collocate_comparison", "dispersion_plot",
           "SIGNED_MEASURES"]

SIGNED_MEASURES = ("log_likelihood", "log_likelihood_2term", "chi_square", "log_ratio",
                   "conservative_log_ratio", "percent_diff", "difference_coefficient", "log_odds_dirichlet")
"""Keyness measures that are signed around zero (positive = target), the ones keyness_bars draws."""

TARGET_COLOUR = "#1f77b4"
REFERENCE_COLOUR = "#d62728"
# tab10, fixed so that a group keeps its colour from one run to the next.
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
           "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
FORMATS = (".png", ".pdf", ".svg")
DPI = 150


# --------------------------------------------------------------------------- helpers

def _figure(ax, caller: str, size: tuple):
    """(figure, axes): a new pyplot-free Figure, or the figure of ``ax``."""
    try:
        from matplotlib.axes import Axes
        from matplotlib.figure import Figure
    except ImportError:  # pragma: no cover - matplotlib is a test dependency
        raise ImportError(f"{caller}() needs matplotlib: pip install 'matplotlib>=3.8'") from None
    if ax is None:
        fig = Figure(figsize=size, layout="constrained")
        return fig, fig.add_subplot()
    if not isinstance(ax, Axes):
        raise TypeError(f"The 'ax' parameter of {caller}() must be a matplotlib Axes or None. "
                        f"Got {type(ax).__name__} instead.")
    return ax.figure, ax


def _check_path(path, caller: str):
    if path is None:
        return None
    if not isinstance(path, (str, Path)):
        raise TypeError(f"The 'path' parameter of {caller}() must be a str or Path or None. "
                        f"Got {path!r} instead.")
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"The 'path' parameter of {caller}() must end in one of {{{', '.join(FORMATS)}}}. "
                         f"Got {str(path)!r} instead.")
    return Path(path)


def _save(fig, path) -> None:
    if path is None:
        return
    import matplotlib

    suffix = path.suffix.lower()
    # No dates in the files, and SVG ids from a fixed salt: same figure, same bytes.
    metadata = {".pdf": {"CreationDate": None, "ModDate": None}, ".svg": {"Date": None},
                ".png": {}}[suffix]
    with matplotlib.rc_context({"svg.hashsalt": "corpus_tools"}):
        fig.savefig(path, dpi=DPI, metadata=metadata)
    logger.info("figure written to %s", path)


def _check_table(table, needed: Sequence[str], name: str, caller: str) -> None:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"The {name!r} parameter of {caller}() must be a pandas DataFrame. "
                        f"Got {type(table).__name__} instead.")
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise ValueError(f"The {name!r} parameter of {caller}() lacks the columns {missing}. "
                         f"Got columns {[str(c) for c in table.columns]}.")
    if not len(table):
        raise ValueError(f"The {name!r} parameter of {caller}() is an empty table: nothing to plot.")


def readable(label) -> str:
    """A selection or group as a legend shows it: ``{outlet='Vox'}`` -> ``outlet: Vox``.

    Selections arrive as dicts or as the ``{field=value, ...}`` text that
    analyses store in ``attrs``; date ranges read ``START..END``. Anything
    else is returned as ``str(label)``.

    Examples
    --------
    >>> readable("{election='after'}")
    'election: after'
    >>> readable({"outlet": ["A", "B"], "date": ("2016-01-01", None)})
    'outlet: A or B, date: 2016-01-01..'
    """
    if isinstance(label, dict):
        pairs = list(label.items())
    elif isinstance(label, str) and label.startswith("{") and label.endswith("}"):
        pairs = _selection_pairs(label[1:-1])
        if pairs is None:
            return label
    else:
        return str(label)
    return ", ".join(f"{key}: {_readable_value(value)}" for key, value in pairs)


_PAIR = re.compile(r"\s*(\w+)=('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|\([^)]*\)|\[[^\]]*\]|[^,]+)\s*(?:,|$)")


def _selection_pairs(text: str):
    """``field=value`` pairs of a selection's text (values as Python literals), or None."""
    import ast

    pairs, end = [], 0
    for found in _PAIR.finditer(text):
        if found.start() != end:
            return None
        try:
            value = ast.literal_eval(found.group(2).strip())
        except (ValueError, SyntaxError):
            value = found.group(2).strip()
        pairs.append((found.group(1), value))
        end = found.end()
    return pairs if pairs and end == len(text) else None


def _readable_value(value) -> str:
    if isinstance(value, tuple) and len(value) == 2:  # a date range; None = open end
        return f"{'' if value[0] is None else value[0]}..{'' if value[1] is None else value[1]}"
    if isinstance(value, (list, tuple, set, frozenset)):
        return " or ".join(map(str, value))
    return str(value)


# Calendar period labels (as corpus_tools.corpus.periods writes them) -> pandas frequency.
_PERIOD_FORMS = ((re.compile(r"\d{4}-\d{2}-\d{2}"), "D"), (re.compile(r"\d{4}-W\d{2}"), "W"),
                 (re.compile(r"\d{4}-\d{2}"), "M"), (re.compile(r"\d{4}-?Q[1-4]"), "Q"),
                 (re.compile(r"\d{4}"), "Y"))
# A date axis fills every period between the first and the last (so that a
# missing month is a gap); beyond this many it keeps the observed ones only.
_MAX_FILLED_PERIODS = 5000


def _as_periods(labels: Sequence[str]):
    """The labels as a :class:`pandas.PeriodIndex` when all are calendar periods of one kind, else None."""
    for pattern, freq in _PERIOD_FORMS:
        if labels and all(pattern.fullmatch(lab) for lab in labels):
            try:
                if freq == "W":  # ISO week 2016-W09 -> the week that starts on its Monday
                    import datetime as dt

                    days = [dt.datetime.strptime(f"{lab}-1", "%G-W%V-%u") for lab in labels]
                    return pd.PeriodIndex([pd.Period(d, "W") for d in days])
                return pd.PeriodIndex([pd.Period(lab.replace("-Q", "Q"), freq) for lab in labels])
            except ValueError:
                return None
    return None


def _interval_drawn(ax, x, low, high, colour) -> bool:
    """Shade ``low``..``high`` where both are known; True when anything was drawn.

    ``fill_between`` draws nothing for a point whose neighbours have no
    interval, so such points get a short vertical band of their own.
    """
    known = np.isfinite(low) & np.isfinite(high)
    ax.fill_between(x, np.where(known, low, np.nan), np.where(known, high, np.nan),
                    color=colour, alpha=0.2, linewidth=0)
    before = np.concatenate([[False], known[:-1]])
    after = np.concatenate([known[1:], [False]])
    alone = known & ~before & ~after
    if alone.any():
        ax.vlines(np.asarray(x)[alone], low[alone], high[alone], color=colour, alpha=0.35, linewidth=6)
    return bool(known.any())


def _order(values: np.ndarray, labels: np.ndarray, descending: bool) -> np.ndarray:
    """Indices by value (descending or ascending), ties by label ascending."""
    key = -values if descending else values
    return np.lexsort((labels, key))


# --------------------------------------------------------------------------- keyness

def keyness_bars(table: pd.DataFrame, *, measure: str | None = None, n: int = 15, ax=None, path=None):
    """Top positive and negative keywords as horizontal bars.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`corpus_tools.analyses.keyness.keyness`, or the rows of one group
        of :func:`~corpus_tools.analyses.keyness.keyness_grid` (a grid with several
        groups is refused: select one first).
    measure : str, optional
        The measure column to draw; default the first of
        :data:`SIGNED_MEASURES` in the table. Must be signed around zero
        (ratio measures and BIC/ELL are refused: draw ``log_ratio``).
    n : int, default=15
        At most ``n`` terms with a positive value (key in the target; largest
        first) and ``n`` with a negative value (key in the reference; most
        negative last). Ties are broken by term. Non-finite values are not
        drawn (logged, and counted in a note on the figure).
    ax : matplotlib Axes, optional
    path : str or Path, optional
        Save as PNG, PDF or SVG (by extension).

    Returns
    -------
    matplotlib.figure.Figure
        Bars in two colours labelled ``target`` and ``reference`` (with the
        selections from ``table.attrs`` when known) and a zero line.

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> table = pd.DataFrame({"term": ["rain", "sun", "wind"], "log_ratio": [2.0, -1.0, 0.5]})
    >>> fig = ct.plot.keyness_bars(table, n=5)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['rain', 'wind', 'sun']
    """
    caller = "keyness_bars"
    _check_table(table, ["term"], "table", caller)
    check_number(n, "n", caller, low=1, integer=True)
    path = _check_path(path, caller)
    present = [m for m in SIGNED_MEASURES if m in table.columns]
    if measure is None:
        if not present:
            raise ValueError(f"The 'table' parameter of {caller}() has no signed measure column; "
                             f"expected one of {list(SIGNED_MEASURES)}.")
        measure = present[0]
    check_option(measure, "measure", tuple(present) or SIGNED_MEASURES, caller)
    group_cols = list(table.columns[:list(table.columns).index("term")])
    group_text = ""
    if group_cols:
        groups = table[group_cols].astype(STR_DTYPE).drop_duplicates()
        if len(groups) > 1:
            raise ValueError(f"The 'table' parameter of {caller}() holds {len(groups)} groups of "
                             f"{group_cols}: select one first, e.g. table[table[{group_cols[0]!r}] == ...].")
        group_text = ", ".join(f"{c}={v}" for c, v in zip(group_cols, groups.iloc[0]))

    terms = table["term"].astype(STR_DTYPE).to_numpy(dtype=object)
    values = pd.to_numeric(table[measure], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    finite = np.isfinite(values)
    skipped = int((~finite & ~np.isnan(values)).sum())
    if skipped:
        logger.warning("%s: %d terms have an infinite %s and are not drawn", caller, skipped, measure)
    pos = np.flatnonzero(finite & (values > 0))
    neg = np.flatnonzero(finite & (values < 0))
    pos = pos[_order(values[pos], terms[pos], True)][:n]
    neg = neg[_order(values[neg], terms[neg], False)][:n][::-1]  # most negative at the bottom
    rows = np.concatenate([pos, neg])
    if not len(rows):
        raise ValueError(f"The 'table' parameter of {caller}() has no term with a finite non-zero {measure}.")

    fig, ax = _figure(ax, caller, (6.4, max(3.0, 0.28 * len(rows) + 1.6)))
    y = np.arange(len(rows))[::-1]  # first row at the top
    attrs = table.attrs or {}
    target = f"target ({readable(attrs['target'])})" if attrs.get("target") else "target"
    reference = f"reference ({readable(attrs['reference'])})" if attrs.get("reference") else "reference"
    if len(pos):
        ax.barh(y[:len(pos)], values[pos], color=TARGET_COLOUR, label=target)
    if len(neg):
        ax.barh(y[len(pos):], values[neg], color=REFERENCE_COLOUR, label=reference)
    ax.axvline(0.0, color="black", linewidth=0.8)
    ax.set_yticks(y, labels=list(terms[rows]))
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlabel(f"{measure} (positive = more frequent in target)")
    ax.set_ylabel("term")
    title = "Keywords" + (f" of {group_text}" if group_text else "")
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize="small")
    if skipped:
        ax.text(0.0, -0.08, f"{skipped} terms with infinite {measure} not drawn", transform=ax.transAxes,
                fontsize="x-small", va="top")
    _save(fig, path)
    return fig


# --------------------------------------------------------------------------- hedging

def hedging_over_time(rates: pd.DataFrame, *, time: str = "month", group: str | None = "outlet",
                      order: Sequence[str] | None = None, ax=None, path=None):
    """Rates per period as one line per group, with confidence bands.

    Parameters
    ----------
    rates : pandas.DataFrame
        From :func:`corpus_tools.analyses.hedging.hedge_rates` with ``by`` holding
        ``time`` (and ``group``), e.g. ``by=["outlet", "month"]``; columns
        ``rate``, ``ci_low``, ``ci_high``. One row per (group, period):
        filter a ``level=`` table to one category or pattern first.
    time : str, default="month"
        The period column. Calendar labels (``2016-03-05``, ``2016-W09``,
        ``2016-03``, ``2016-Q1``, ``2016``) go on a date axis at the start
        of each period, so that 2016-04 and 2016-09 are five months apart.
        Other labels (``before``, ``after``) are drawn one step apart in
        sorted order, or in ``order``.
    group : str or None, default="outlet"
        One line per value (sorted; colours fixed by that order). None: the
        table has one row per period and one line is drawn.
    order : sequence of str, optional
        The x order of the period labels; must list every label in ``rates``.
        Given, the labels are drawn one step apart even when they are dates.
    ax : matplotlib Axes, optional
    path : str or Path, optional

    Returns
    -------
    matplotlib.figure.Figure
        One line per group with markers, labelled with the group's value;
        the band between ``ci_low`` and ``ci_high`` shaded in the same
        colour wherever both are known (a point without known neighbours
        gets a short vertical band), and the title says "shaded: ... CI"
        only when some band is drawn. A period missing for a group (on a
        date axis: any period between the first and the last) leaves a gap
        in its line (nothing is interpolated).

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> rates = pd.DataFrame({"outlet": ["X", "X", "Y"], "month": ["2020-02", "2020-01", "2020-01"],
    ...     "rate": [5.0, 4.0, 2.0], "ci_low": [4.0, 3.0, 1.0], "ci_high": [6.0, 5.0, 3.0]})
    >>> ax = ct.plot.hedging_over_time(rates).axes[0]
    >>> [line.get_label() for line in ax.get_lines()]
    ['X', 'Y']
    >>> [str(d)[:10] for d in ax.get_lines()[0].get_xdata()]
    ['2020-01-01', '2020-02-01']
    """
    caller = "hedging_over_time"
    if not isinstance(time, str):
        raise TypeError(f"The 'time' parameter of {caller}() must be a column name. Got {time!r} instead.")
    if group is not None and not isinstance(group, str):
        raise TypeError(f"The 'group' parameter of {caller}() must be a column name or None. "
                        f"Got {group!r} instead.")
    keys = [time] if group is None else [group, time]
    _check_table(rates, [*keys, "rate", "ci_low", "ci_high"], "rates", caller)
    path = _check_path(path, caller)
    frame = rates[[*keys, "rate", "ci_low", "ci_high"]].copy()
    frame[keys] = frame[keys].astype(STR_DTYPE)
    doubled = frame.duplicated(keys)
    if doubled.any():
        extra = [c for c in ("type", "category", "pattern") if c in rates.columns]
        raise ValueError(f"The 'rates' parameter of {caller}() has several rows per {tuple(keys)} "
                         f"(first: {tuple(frame.loc[doubled, keys].iloc[0])}); "
                         + (f"filter by {extra} first." if extra else "give the right 'group' column."))
    labels = sorted(frame[time].unique())
    if order is not None:
        if isinstance(order, str) or not isinstance(order, Sequence):
            raise TypeError(f"The 'order' parameter of {caller}() must be a list of period labels or None. "
                            f"Got {order!r} instead.")
        order = [str(o) for o in order]
        missing = [lab for lab in labels if lab not in order]
        if missing or len(set(order)) != len(order):
            raise ValueError(f"The 'order' parameter of {caller}() must list each period label once; "
                             f"missing {missing}. Got {order!r} instead.")
        labels = order
    periods = None if order is not None else _as_periods(labels)
    fig, ax = _figure(ax, caller, (7.0, 4.2))
    if periods is None:
        x, index = np.arange(len(labels)), pd.Index(labels)
    else:
        index = pd.period_range(periods.min(), periods.max(), freq=periods.freq)
        if len(index) > _MAX_FILLED_PERIODS:
            index = periods.sort_values()
        x = index.start_time.to_numpy()
    series = [(None, frame)] if group is None else [(g, frame[frame[group] == g])
                                                     for g in sorted(frame[group].unique())]
    shaded = False
    for k, (name, part) in enumerate(series):
        keys_of = part[time] if periods is None else _as_periods(list(part[time]))
        part = part.set_axis(pd.Index(keys_of)).reindex(index)
        colour = PALETTE[k % len(PALETTE)]
        y = part["rate"].to_numpy(dtype=np.float64, na_value=np.nan)
        ax.plot(x, y, marker="o", color=colour, label=readable(name) if name is not None else "rate")
        shaded |= _interval_drawn(ax, x, part["ci_low"].to_numpy(dtype=np.float64, na_value=np.nan),
                                  part["ci_high"].to_numpy(dtype=np.float64, na_value=np.nan), colour)
    if periods is None:
        ax.set_xticks(x, labels=labels, rotation=45 if len(labels) > 6 else 0,
                      ha="right" if len(labels) > 6 else "center")
        ax.set_xlim(-0.5, len(labels) - 0.5)
    else:
        _date_axis(ax)
    ax.set_ylim(bottom=0)
    attrs = rates.attrs or {}
    per = attrs.get("per", 10_000)
    kind = attrs.get("kind", "hedge")
    ax.set_xlabel(time)
    ax.set_ylabel(f"{kind} rate per {per:,g} words")
    ci = ""
    if shaded:  # the caption names a band only when one is drawn
        level = f"{attrs['confidence']:.0%} " if attrs.get("confidence") else ""
        method = f" ({attrs['ci']})" if attrs.get("ci") else ""
        ci = f", shaded: {level}CI{method}"
    ax.set_title(f"{kind.capitalize()} rate by {time}" + (f" and {group}" if group else "") + ci,
                 fontsize="medium")
    if group is not None:
        ax.legend(title=group, fontsize="small")
    _save(fig, path)
    return fig


def _date_axis(ax) -> None:
    """Date ticks that stay readable from days to decades."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator(minticks=3, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))


# --------------------------------------------------------------------------- collocates

def collocate_comparison(table: pd.DataFrame, *, n: int = 15, ax=None, path=None):
    """logDice of each collocate in group A and group B, as a dumbbell chart.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`corpus_tools.analyses.collocations.compare_collocates` (columns
        ``collocate``, ``log_dice_a``, ``log_dice_b``).
    n : int, default=15
        The ``n`` collocates with the largest ``|log_dice_b - log_dice_a|``.
        A collocate absent from one group (logDice ``-inf``) has an infinite
        change and ranks first; among those the larger logDice of the group
        it occurs in ranks first; remaining ties by collocate.
    ax : matplotlib Axes, optional
    path : str or Path, optional

    Returns
    -------
    matplotlib.figure.Figure
        One row per collocate, sorted by change (largest rise towards B at
        the top): a dot per group joined by a grey line. An absent side is
        drawn as a hollow dot at the dotted "absent" line left of every value.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> import corpus_tools as ct
    >>> t = pd.DataFrame({"collocate": ["dock", "plan", "storm"], "log_dice_a": [12.0, 10.0, -np.inf],
    ...                   "log_dice_b": [11.0, 12.5, 9.0]})
    >>> ax = ct.plot.collocate_comparison(t).axes[0]
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['storm', 'plan', 'dock']
    """
    caller = "collocate_comparison"
    _check_table(table, ["collocate", "log_dice_a", "log_dice_b"], "table", caller)
    check_number(n, "n", caller, low=1, integer=True)
    path = _check_path(path, caller)
    names = table["collocate"].astype(STR_DTYPE).to_numpy(dtype=object)
    a = pd.to_numeric(table["log_dice_a"], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    b = pd.to_numeric(table["log_dice_b"], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    keep = ~(np.isnan(a) | np.isnan(b)) & (np.isfinite(a) | np.isfinite(b))
    idx = np.flatnonzero(keep)
    with np.errstate(invalid="ignore"):
        change = b[idx] - a[idx]
    best = np.fmax(np.where(np.isfinite(a[idx]), a[idx], np.nan), np.where(np.isfinite(b[idx]), b[idx], np.nan))
    if not len(idx):
        raise ValueError(f"The 'table' parameter of {caller}() has no collocate with a logDice in either group.")
    top = idx[np.lexsort((names[idx], -best, -np.abs(change)))][:n]
    with np.errstate(invalid="ignore"):
        top_change = b[top] - a[top]
    top = top[np.lexsort((names[top], -top_change))]  # largest rise towards B first

    finite = np.concatenate([a[top][np.isfinite(a[top])], b[top][np.isfinite(b[top])]])
    low, high = float(finite.min()), float(finite.max())
    floor = low - max(1.0, 0.1 * (high - low))
    fig, ax = _figure(ax, caller, (6.4, max(3.0, 0.3 * len(top) + 1.6)))
    y = np.arange(len(top))[::-1]
    xa = np.where(np.isfinite(a[top]), a[top], floor)
    xb = np.where(np.isfinite(b[top]), b[top], floor)
    ax.hlines(y, np.minimum(xa, xb), np.maximum(xa, xb), color="0.6", linewidth=1.5, zorder=1)
    attrs = table.attrs or {}
    label_a = f"A: {readable(attrs['group_a'])}" if attrs.get("group_a") else "A"
    label_b = f"B: {readable(attrs['group_b'])}" if attrs.get("group_b") else "B"
    for xs, vals, colour, label in ((xa, a[top], TARGET_COLOUR, label_a), (xb, b[top], REFERENCE_COLOUR, label_b)):
        present = np.isfinite(vals)
        ax.scatter(xs[present], y[present], color=colour, label=label, zorder=2)
        if (~present).any():
            ax.scatter(xs[~present], y[~present], facecolors="white", edgecolors=colour, zorder=2)
    if not (np.isfinite(a[top]).all() and np.isfinite(b[top]).all()):
        ax.axvline(floor, color="0.4", linestyle=":", linewidth=0.8)
        ax.text(floor, 1.0, " absent", transform=ax.get_xaxis_transform(), fontsize="x-small", va="bottom")
    ax.set_yticks(y, labels=list(names[top]))
    ax.set_ylim(-0.6, len(top) - 0.4)
    ax.set_xlabel("logDice")
    ax.set_ylabel("collocate")
    node = attrs.get("node")
    ax.set_title(f"Collocates of {node!r}: A vs B" if node else "Collocates: A vs B", fontsize="medium")
    ax.legend(fontsize="small", loc="lower right")
    _save(fig, path)
    return fig


# --------------------------------------------------------------------------- dispersion

def dispersion_plot(corpus, term: str | Sequence[str], *, by: Literal["date", "document"] = "document",
                    case_sensitive: bool = False, ax=None, path=None):
    """Where terms occur across the corpus: one tick per hit, one row per term.

    Parameters
    ----------
    corpus : Corpus
    term : str or sequence of str
        Queries as in :func:`corpus_tools.analyses.concordance.find_query` (words,
        phrases, wildcards); each gets a row, first at the top.
    by : {"document", "date"}, default="document"
        ``"document"``: x is the document's position in the corpus order
        plus the hit's relative position inside it (document ``i`` spans
        ``[i, i + 1)``). ``"date"``: x is the document's date; hits in
        undated documents are left out, logged and counted in the title.
    case_sensitive : bool, default=False
    ax : matplotlib Axes, optional
    path : str or Path, optional

    Returns
    -------
    matplotlib.figure.Figure
        One line of ``|`` markers per term (its y tick label is the term and
        the right margin gives its number of hits).

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "date": [pd.NaT] * 2,
    ...     "title": ["", ""], "text": ["rain and sun", "rain, rain"]})
    >>> ax = ct.plot.dispersion_plot(ct.Corpus.from_documents(docs), ["rain", "sun"]).axes[0]
    >>> [len(line.get_xdata()) for line in ax.get_lines()]
    [3, 1]
    """
    from ..analyses.concordance import find_query
    from ..corpus.corpus import Corpus

    caller = "dispersion_plot"
    if not isinstance(corpus, Corpus):
        raise TypeError(f"The 'corpus' parameter of {caller}() must be a Corpus. "
                        f"Got {type(corpus).__name__} instead.")
    terms = [term] if isinstance(term, str) else list(term) if isinstance(term, Sequence) else None
    if not terms or not all(isinstance(t, str) and t.strip() for t in terms):
        raise ValueError(f"The 'term' parameter of {caller}() must be a non-empty str or a list of them. "
                         f"Got {term!r} instead.")
    check_option(by, "by", ("document", "date"), caller)
    path = _check_path(path, caller)
    t = corpus.tokens
    offsets = np.asarray(t.offsets, dtype=np.int64)
    n_docs = len(corpus)
    dates = None
    if by == "date":
        stamps = pd.to_datetime(corpus.documents["date"])
        if stamps.dt.tz is not None:  # naive UTC, as the periods module reads dates
            stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
        dates = stamps.to_numpy(dtype="datetime64[ns]")
    rows, undated = [], 0
    for query in terms:
        starts, _ = find_query(corpus, query, case_sensitive=case_sensitive, caller=caller)
        doc = np.searchsorted(offsets, starts, side="right") - 1
        if by == "document":
            length = np.maximum(offsets[doc + 1] - offsets[doc], 1)
            rows.append((doc + (starts - offsets[doc]) / length, len(starts)))
        else:
            when = dates[doc]
            ok = ~np.isnat(when)
            undated += int((~ok).sum())
            rows.append((when[ok], len(starts)))
    if undated:
        logger.warning("%s: %d hits in undated documents are not drawn", caller, undated)

    fig, ax = _figure(ax, caller, (8.0, max(2.0, 0.45 * len(terms) + 1.4)))
    y = np.arange(len(terms))[::-1]
    for k, (xs, hits) in enumerate(rows):
        ax.plot(xs, np.full(len(xs), y[k]), linestyle="none", marker="|", markersize=12,
                color=PALETTE[k % len(PALETTE)], label=terms[k])
        ax.text(1.01, y[k], str(hits), transform=ax.get_yaxis_transform(), va="center", fontsize="small")
    ax.set_yticks(y, labels=terms)
    ax.set_ylim(-0.6, len(terms) - 0.4)
    ax.set_ylabel("term")
    if by == "document":
        ax.set_xlim(0, max(n_docs, 1))
        ax.set_xlabel("document (corpus order)")
    else:
        ax.set_xlabel("date")
    title = f"Dispersion over {n_docs} documents (hits at right)"
    if undated:
        title += f"; {undated} hits in undated documents not shown"
    ax.set_title(title, fontsize="medium")
    _save(fig, path)
    return fig
