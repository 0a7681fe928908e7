"""What differs between the supported pandas versions (2.3 and 3.x), in one place.

Every table of corpus_tools keeps text in pandas 3's default string dtype,
``pd.StringDtype("pyarrow", na_value=np.nan)`` (shown as ``str``). pandas 2.3
has the same dtype but does not infer it: a Series built from Python strings,
``astype(str)``, ``dtype="str"``, Arrow's ``to_pandas()`` and ``read_csv`` all
give ``object`` there. Code that means the string dtype names
:data:`STR_DTYPE` instead, so that both versions give the same tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["PANDAS_3", "READ_CSV_EXACT", "STR_DTYPE", "infer_str", "str_types_mapper"]

PANDAS_3: bool = int(pd.__version__.split(".", 1)[0]) >= 3

# Equal to "str" on pandas 3; on pandas 2.3 "str" would mean numpy's str (object).
STR_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)

# pandas 2's default C float parser can be one unit in the last place off; pandas 3
# parses exactly by default and deprecates the option.
READ_CSV_EXACT: dict = {} if PANDAS_3 else {"float_precision": "round_trip"}


def str_types_mapper(arrow_type):
    """``types_mapper`` for ``pyarrow.Table.to_pandas``: Arrow strings as :data:`STR_DTYPE`.

    Parameters
    ----------
    arrow_type : pyarrow.DataType

    Returns
    -------
    pandas.StringDtype or None
        :data:`STR_DTYPE` for (large) strings, None (pyarrow's default) otherwise.
    """
    import pyarrow as pa

    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return STR_DTYPE
    return None


def infer_str(frame: pd.DataFrame, columns=None) -> pd.DataFrame:
    """Give object columns that hold strings the string dtype, as pandas 3 infers it.

    For tables built from Python rows, object arrays or string scalars
    (``pd.DataFrame(rows, columns=...)``, ``frame.insert(0, "outlet", "X")``),
    whose columns pandas 3 infers as ``str`` and pandas 2.3 leaves as
    ``object``. The rule is pandas 3's: every non-missing value is a string
    and there is at least one.

    Parameters
    ----------
    frame : pandas.DataFrame
        Any table; it is not changed.
    columns : sequence of labels, optional
        Only these columns (pandas 3 keeps a column that was made ``object``
        on purpose); default all.

    Returns
    -------
    pandas.DataFrame
        ``frame`` itself on pandas 3 or when no column changes, else a copy
        with those columns as :data:`STR_DTYPE`.
    """
    if PANDAS_3:
        return frame
    change = {}
    wanted = None if columns is None else set(columns)
    for i, (name, dtype) in enumerate(frame.dtypes.items()):
        if wanted is not None and name not in wanted:
            continue
        column = frame.iloc[:, i]
        if dtype == object and pd.api.types.infer_dtype(column, skipna=True) == "string":
            change[i] = column.astype(STR_DTYPE)
    if not change:
        return frame
    out = frame.copy()
    for i, column in change.items():
        out.isetitem(i, column)
    return out
