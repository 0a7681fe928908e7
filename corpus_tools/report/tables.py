"""Publication tables: an analysis table as rounded display strings, LaTeX and Markdown.

:func:`paper_table` takes any tidy result (keyness, hedge rates, collocates)
and returns a :class:`PaperTable`: a **new** DataFrame of display strings
plus notes, rendered by :meth:`PaperTable.to_latex` and
:meth:`PaperTable.to_markdown`. The raw table is never changed; numbers stay
raw there and are rounded only here, for display.

Display conventions
-------------------
* **Rounding.** A float is rounded from its shortest round-trip decimal (the
  digits written to the CSV by :func:`corpus_tools.report.export.to_csv`), half away
  from zero, to a fixed number of decimals: ``2.675`` with 2 digits is
  ``"2.68"``, as a reader rounding the CSV value by hand would get. A value
  that rounds to zero is shown without a minus sign (``"0.000"``, never
  ``"-0.000"``). Integer columns are shown in full, without separators.
  Missing values (NaN, NA) are shown as empty cells; infinities as ``inf``
  and ``-inf``.
* **p-values** (the ``p_column`` and the columns ``p``, ``p_adjusted``,
  ``fisher_exact_p``) use the same number of decimals ``d``, and a value below
  ``10**-d`` is shown as ``"<0.001"`` (for ``d=3``), never as ``0.000``.
* **Significance marks** compare the raw p-value of ``p_column`` with each
  threshold **strictly**: ``p < 0.05`` gets ``*``, so ``p = 0.05`` exactly
  gets no mark. The mark of the smallest threshold that ``p`` is below is
  used. Marks go in their own column ``sig`` (placed right after the p
  column when it is shown, else last), or are appended to ``mark_column``'s
  strings. A note explaining the marks is kept in :attr:`PaperTable.notes`
  and printed below the table.
* **Truncation.** ``max_rows`` keeps the first rows in the table's own order
  (analysis tables are sorted by score); the notes say how many rows were
  left out, so a shortened table is never passed off as complete.
* Output is deterministic: the same input gives the same bytes.
"""

from __future__ import annotations

import decimal
import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .._compat import STR_DTYPE
from .._validation import check_number

logger = logging.getLogger(__name__)

__all__ = ["paper_table", "PaperTable", "P_VALUE_COLUMNS", "DEFAULT_MARKS"]

P_VALUE_COLUMNS = ("p", "p_adjusted", "fisher_exact_p")
"""Columns always formatted as p-values (besides ``p_column``)."""

DEFAULT_MARKS = ((0.001, "***"), (0.01, "**"), (0.05, "*"))
"""Significance marks: ``(threshold, mark)``; a p-value strictly below the threshold gets the mark."""

SIG_COLUMN = "sig"

_LATEX_SPECIAL = str.maketrans({
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "<": r"\textless{}", ">": r"\textgreater{}",  # OT1 fonts would print < as an inverted !
    "\n": " ", "\r": " ",
})
# Characters that would change the rendering of a Markdown table cell.
_MARKDOWN_SPECIAL = str.maketrans({
    "\\": "\\\\", "|": "\\|", "*": "\\*", "_": "\\_", "`": "\\`", "\n": " ", "\r": " ",
})


@dataclass(frozen=True)
class PaperTable:
    """A table of display strings ready for a paper.

    Attributes
    ----------
    frame : pandas.DataFrame
        Display strings, one column per shown column (renamed), index
        ``0..n-1``. A new object: changing it does not touch the analysis table.
    notes : tuple of str
        Lines printed below the table: the meaning of the marks, rows left out.
    numeric : tuple of str
        Columns of ``frame`` that hold numbers (right-aligned when rendered).
    """

    frame: pd.DataFrame
    notes: tuple = ()
    numeric: tuple = ()

    def to_markdown(self, path=None) -> str:
        """The table as GitHub-flavoured Markdown (written to ``path`` if given).

        Cells are escaped so that ``|``, ``*``, ``_``, backquotes and
        backslashes show literally; numeric columns are right-aligned. The
        notes follow the table after a blank line.

        Parameters
        ----------
        path : str or Path, optional
            Write the text there (UTF-8, ``"\\n"`` line endings).

        Returns
        -------
        str

        Examples
        --------
        >>> import pandas as pd
        >>> import corpus_tools as ct
        >>> t = ct.paper_table(pd.DataFrame({"term": ["a|b"], "p": [0.2]}), p_column="p")
        >>> print(t.to_markdown(), end="")
        | term | p | sig |
        | :--- | ---: | :--- |
        | a\\|b | 0.200 |  |
        <BLANKLINE>
        \\*\\*\\* p < 0.001, \\*\\* p < 0.01, \\* p < 0.05 (p).
        """
        def esc(text: str) -> str:
            return str(text).translate(_MARKDOWN_SPECIAL)

        cols = list(self.frame.columns)
        lines = ["| " + " | ".join(esc(c) for c in cols) + " |",
                 "| " + " | ".join("---:" if c in self.numeric else ":---" for c in cols) + " |"]
        for row in self.frame.itertuples(index=False, name=None):
            lines.append("| " + " | ".join(esc(v) for v in row) + " |")
        if self.notes:
            lines += [""] + [esc(n) for n in self.notes]
        return _write("\n".join(lines) + "\n", path)

    def to_latex(self, path=None, *, caption: str | None = None, label: str | None = None) -> str:
        r"""The table as a LaTeX ``table`` with a booktabs ``tabular``.

        Needs ``\usepackage{booktabs}`` in the document. Every cell, header
        and the caption are escaped (``& % $ # _ { } ~ ^ \ < >``); a leading minus
        of a number is set as ``$-$``. Numeric columns are right-aligned,
        others left-aligned. The notes follow the tabular in
        ``\footnotesize``.

        Parameters
        ----------
        path : str or Path, optional
            Write the text there (UTF-8, ``"\n"`` line endings).
        caption : str, optional
            Plain text; escaped.
        label : str, optional
            The ``\label`` key, written as given (no spaces, braces, ``%`` or ``\``).

        Returns
        -------
        str

        Examples
        --------
        >>> import pandas as pd
        >>> import corpus_tools as ct
        >>> t = ct.paper_table(pd.DataFrame({"term": ["R&D"], "log_ratio": [-1.5]}), marks=())
        >>> print(t.to_latex(caption="100% news"), end="")
        \begin{table}
        \centering
        \caption{100\% news}
        \begin{tabular}{lr}
        \toprule
        term & log\_ratio \\
        \midrule
        R\&D & $-$1.500 \\
        \bottomrule
        \end{tabular}
        \end{table}
        """
        if caption is not None and not isinstance(caption, str):
            raise TypeError(f"The 'caption' parameter of to_latex() must be a str or None. Got {caption!r} instead.")
        if label is not None and (not isinstance(label, str) or not label
                                  or any(ch in label for ch in " {}%\\#\n")):
            raise ValueError("The 'label' parameter of to_latex() must be a non-empty str without spaces, "
                             f"braces, '%', '#' or backslashes. Got {label!r} instead.")
        cols = list(self.frame.columns)

        def cell(text, numeric: bool) -> str:
            out = str(text).translate(_LATEX_SPECIAL)
            if numeric and out.startswith("-"):
                out = "$-$" + out[1:]
            return out

        spec = "".join("r" if c in self.numeric else "l" for c in cols)
        lines = [r"\begin{table}", r"\centering"]
        if caption is not None:
            lines.append(r"\caption{" + caption.translate(_LATEX_SPECIAL) + "}")
        if label is not None:
            lines.append(r"\label{" + label + "}")
        lines += [r"\begin{tabular}{" + spec + "}", r"\toprule",
                  " & ".join(cell(c, False) for c in cols) + r" \\", r"\midrule"]
        numeric = [c in self.numeric for c in cols]
        for row in self.frame.itertuples(index=False, name=None):
            lines.append(" & ".join(cell(v, k) for v, k in zip(row, numeric)) + r" \\")
        lines += [r"\bottomrule", r"\end{tabular}"]
        if self.notes:
            lines.append(r"\par\smallskip")
            lines.append(r"{\footnotesize " + r" \\ ".join(n.translate(_LATEX_SPECIAL) for n in self.notes) + "}")
        lines.append(r"\end{table}")
        return _write("\n".join(lines) + "\n", path)

    def __str__(self) -> str:
        return self.to_markdown()


def _write(text: str, path) -> str:
    if path is not None:
        Path(path).write_text(text, encoding="utf-8", newline="\n")
    return text


# --------------------------------------------------------------------------- formatting

def _fixed(value: float, digits: int) -> str:
    """Round the shortest decimal of ``value`` half away from zero to ``digits`` decimals."""
    if math.isnan(value):
        return ""
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    exact = decimal.Decimal(repr(float(value)))
    # Enough precision for any float64 at any number of decimals.
    ctx = decimal.Context(prec=max(28, exact.adjusted() + digits + 5), rounding=decimal.ROUND_HALF_UP)
    rounded = exact.quantize(decimal.Decimal(1).scaleb(-digits), context=ctx)
    if rounded == 0:
        rounded = abs(rounded)
    return f"{rounded:f}"


def _p_text(value: float, digits: int) -> str:
    if math.isnan(value):
        return ""
    floor = 10.0 ** -digits
    if value < floor:
        return "<" + _fixed(floor, digits)
    return _fixed(value, digits)


def _kind(series: pd.Series) -> str:
    """'int', 'float' or 'other' (bool and text count as other)."""
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "other"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    return "other"


def _format_column(series: pd.Series, kind: str, digits: int, is_p: bool) -> list:
    if kind == "int":
        return ["" if pd.isna(v) else str(int(v)) for v in series.tolist()]
    if kind == "float":
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        fmt = _p_text if is_p else _fixed
        return [fmt(float(v), digits) for v in values]
    return ["" if (v is None or (not isinstance(v, str) and pd.isna(v))) else str(v)
            for v in series.tolist()]


def _mark(p: float, marks: tuple) -> str:
    if math.isnan(p):
        return ""
    for threshold, symbol in marks:
        if p < threshold:
            return symbol
    return ""


# --------------------------------------------------------------------------- checks

def _check_columns(table: pd.DataFrame, columns, caller: str) -> list:
    available = [str(c) for c in table.columns]
    if columns is None:
        return list(table.columns)
    if isinstance(columns, str) or not isinstance(columns, Sequence):
        raise TypeError(f"The 'columns' parameter of {caller}() must be a list of column names or None. "
                        f"Got {columns!r} instead.")
    columns = list(columns)
    if not columns:
        raise ValueError(f"The 'columns' parameter of {caller}() must name at least one column. Got [] instead.")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"The 'columns' parameter of {caller}() names columns not in the table: {missing}. "
                         f"Available: {available}.")
    repeated = sorted({c for c in columns if columns.count(c) > 1}, key=str)
    if repeated:
        raise ValueError(f"The 'columns' parameter of {caller}() repeats columns: {repeated}.")
    return columns


def _check_digits(digits, shown: list, caller: str) -> dict:
    default = 3
    if isinstance(digits, Mapping):
        unknown = [c for c in digits if c not in shown]
        if unknown:
            raise ValueError(f"The 'digits' parameter of {caller}() names columns that are not shown: "
                             f"{unknown}. Shown: {[str(c) for c in shown]}.")
        for col, d in digits.items():
            check_number(d, f"digits[{col!r}]", caller, low=0, high=15, integer=True)
        return {c: digits.get(c, default) for c in shown}
    check_number(digits, "digits", caller, low=0, high=15, integer=True)
    return {c: digits for c in shown}


def _check_marks(marks, caller: str) -> tuple:
    if marks is None:
        return ()
    message = (f"The 'marks' parameter of {caller}() must be a sequence of (threshold, mark) pairs with "
               f"thresholds in (0, 1] and non-empty str marks, or None. Got {marks!r} instead.")
    if isinstance(marks, (str, Mapping)) or not isinstance(marks, Sequence):
        raise TypeError(message)
    pairs = []
    for pair in marks:
        if (not isinstance(pair, Sequence) or isinstance(pair, str) or len(pair) != 2
                or isinstance(pair[0], bool) or not isinstance(pair[0], (int, float))
                or not 0 < pair[0] <= 1 or not isinstance(pair[1], str) or not pair[1]):
            raise ValueError(message)
        pairs.append((float(pair[0]), pair[1]))
    thresholds = [t for t, _ in pairs]
    if len(set(thresholds)) != len(thresholds):
        raise ValueError(f"The 'marks' parameter of {caller}() repeats a threshold. Got {marks!r} instead.")
    return tuple(sorted(pairs))


# --------------------------------------------------------------------------- public

def paper_table(
    table: pd.DataFrame,
    *,
    columns: Sequence[str] | None = None,
    rename: Mapping[str, str] | None = None,
    digits: int | Mapping[str, int] = 3,
    p_column: str | None = "p_adjusted",
    marks: Sequence[tuple[float, str]] | None = DEFAULT_MARKS,
    mark_column: str | None = None,
    max_rows: int | None = None,
) -> PaperTable:
    """Format an analysis table for a paper: chosen columns, rounded, with significance marks.

    Parameters
    ----------
    table : pandas.DataFrame
        Any result table (keyness, hedge rates, collocates...). Not changed.
    columns : list of str, optional
        The columns to show, in this order (default: all, in table order).
    rename : mapping, optional
        Display headers: ``{"log_likelihood": "G2"}``. Keys are shown
        columns (or ``"sig"``); the names in ``columns``, ``digits``,
        ``p_column`` and ``mark_column`` are always the table's own names.
    digits : int or mapping, default=3
        Decimals of float columns (0 to 15); a mapping gives some columns
        their own (the others keep 3). Integer columns are shown in full.
    p_column : str or None, default="p_adjusted"
        The p-value column behind the marks. None: no marks.
    marks : sequence of (float, str), default=((0.001, "***"), (0.01, "**"), (0.05, "*"))
        ``p < threshold`` (strictly) gets the mark of the smallest such
        threshold. None or ``()``: no marks.
    mark_column : str, optional
        Append the marks to this shown column's strings (``"12.345**"``)
        instead of a separate ``sig`` column.
    max_rows : int, optional
        Show only the first rows (in the table's order); the notes say how
        many were left out.

    Returns
    -------
    PaperTable
        ``.frame`` (strings), ``.notes``, ``.to_latex()``, ``.to_markdown()``.

    Raises
    ------
    ValueError
        For a column name not in the table (the message names it), a
        ``p_column`` with no p-value at all (e.g. ``p_adjusted`` of a table
        made with ``correction=None``), and the other bad parameters.

    Examples
    --------
    >>> import pandas as pd
    >>> import corpus_tools as ct
    >>> raw = pd.DataFrame({"term": ["rain", "sun", "wind"], "freq_target": [30, 12, 4],
    ...                     "log_likelihood": [25.0, 6.63, 0.5], "p_adjusted": [5e-7, 0.01, 0.48]})
    >>> t = ct.paper_table(raw, rename={"log_likelihood": "G2"}, digits={"log_likelihood": 2})
    >>> t.frame.values.tolist()
    [['rain', '30', '25.00', '<0.001', '***'], ['sun', '12', '6.63', '0.010', '*'], ['wind', '4', '0.50', '0.480', '']]
    >>> t.notes
    ('*** p < 0.001, ** p < 0.01, * p < 0.05 (p_adjusted).',)
    """
    caller = "paper_table"
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"The 'table' parameter of {caller}() must be a pandas DataFrame. "
                        f"Got {type(table).__name__} instead.")
    shown = _check_columns(table, columns, caller)
    per_column = _check_digits(digits, shown, caller)
    marks = _check_marks(marks, caller)
    if max_rows is not None:
        check_number(max_rows, "max_rows", caller, low=1, integer=True)
    if marks and p_column is not None and p_column not in table.columns:
        raise ValueError(f"The 'p_column' parameter of {caller}() names a column not in the table: "
                         f"{p_column!r}. Available: {[str(c) for c in table.columns]}. "
                         "Pass p_column=None (or marks=None) for a table without p-values.")
    use_marks = bool(marks) and p_column is not None
    if mark_column is not None:
        if mark_column not in shown:
            raise ValueError(f"The 'mark_column' parameter of {caller}() must be a shown column "
                             f"{[str(c) for c in shown]}. Got {mark_column!r} instead.")
        if not use_marks:
            raise ValueError(f"The 'mark_column' parameter of {caller}() needs marks and a p_column.")
    if use_marks and mark_column is None and SIG_COLUMN in shown:
        raise ValueError(f"The table already has a {SIG_COLUMN!r} column: pass mark_column= to append "
                         "the marks to a column, or marks=None.")

    n_total = len(table)
    rows = table.iloc[:max_rows] if max_rows is not None else table
    out: dict = {}
    numeric = set()
    for col in shown:
        kind = _kind(table[col])
        is_p = col == p_column or col in P_VALUE_COLUMNS
        out[col] = _format_column(rows[col], kind, per_column[col], is_p and kind == "float")
        if kind in ("int", "float"):
            numeric.add(col)

    notes = []
    if use_marks:
        p_raw = pd.to_numeric(table[p_column], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
        if n_total and np.isnan(p_raw).all():
            raise ValueError(f"The 'p_column' parameter of {caller}() names {p_column!r}, which has no "
                             "p-value (all missing; a table made with correction=None?). Pass "
                             "p_column='p' or marks=None.")
        signs = [_mark(float(p), marks) for p in p_raw[:len(rows)]]
        if mark_column is not None:
            out[mark_column] = [text + sign for text, sign in zip(out[mark_column], signs)]
        else:
            order = list(out)
            at = order.index(p_column) + 1 if p_column in order else len(order)
            order.insert(at, SIG_COLUMN)
            out[SIG_COLUMN] = signs
            out = {c: out[c] for c in order}
        notes.append(", ".join(f"{sym} p < {_fixed(t, _decimals(t))}" for t, sym in marks)
                     + f" ({p_column}).")
    if len(rows) < n_total:
        notes.append(f"First {len(rows)} of {n_total} rows.")

    if rename is not None:
        if not isinstance(rename, Mapping):
            raise TypeError(f"The 'rename' parameter of {caller}() must be a mapping or None. "
                            f"Got {rename!r} instead.")
        unknown = [k for k in rename if k not in out]
        if unknown:
            raise ValueError(f"The 'rename' parameter of {caller}() names columns that are not shown: "
                             f"{unknown}. Shown: {[str(c) for c in out]}.")
    headers = [str(rename.get(c, c)) if rename else str(c) for c in out]
    if len(set(headers)) != len(headers):
        raise ValueError(f"The 'rename' parameter of {caller}() gives two columns the same header: {headers}.")
    frame = pd.DataFrame({h: pd.array(v, dtype=STR_DTYPE) for h, v in zip(headers, out.values())})
    numeric_headers = tuple(h for h, c in zip(headers, out) if c in numeric)
    return PaperTable(frame=frame, notes=tuple(notes), numeric=numeric_headers)


def _decimals(threshold: float) -> int:
    """Decimals needed to show a threshold exactly (0.05 -> 2, 0.0001 -> 4)."""
    exponent = decimal.Decimal(repr(float(threshold))).normalize().as_tuple().exponent
    return max(0, -int(exponent))
