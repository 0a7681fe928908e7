"""Write analysis tables as CSV with a JSON sidecar that says how they were made.

The CSV keeps every digit (each float is written as its shortest round-trip
decimal, which reads back as the same float64), and the sidecar
``<name>.csv.meta.json`` records the parameters, a fingerprint of the corpus,
the library versions and a description of every column. Nothing in either
file depends on the time or the machine, so a rerun gives identical bytes.

Both files are written to temporary files in the same folder and moved into
place with ``os.replace``, so a reader never sees half a table. A table file
is *ours* when its sidecar exists, says ``"format": "corpus_tools table"`` and
names that file; only such a file (or none) is replaced, anything else at the
path is refused with :class:`~corpus_tools.errors.OutputError`. The sidecar
records the CSV's sha256, so a CSV and a sidecar from different writes show.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

logger = logging.getLogger(__name__)

__all__ = ["column_descriptions", "to_csv", "sidecar_path", "is_our_table"]

TABLE_FORMAT = "corpus_tools table"


def sidecar_path(path) -> Path:
    """The sidecar of a table file: ``table.csv`` -> ``table.csv.meta.json``."""
    path = Path(path)
    return path.with_name(path.name + ".meta.json")


def is_our_table(path) -> bool:
    """Was ``path`` written by :func:`to_csv`? (Its sidecar says so and names it.)"""
    path = Path(path)
    try:
        meta = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(meta, dict) and meta.get("format") == TABLE_FORMAT and meta.get("file") == path.name


def _check_table_path(path: Path) -> None:
    """Refuse to write over anything that is not a table of ours, or into a missing folder."""
    from ..errors import OutputError

    if not path.parent.is_dir():
        raise OutputError(f"{path}: the folder {path.parent} does not exist" if not path.parent.exists()
                          else f"{path}: {path.parent} is not a folder")
    for target in (path, sidecar_path(path)):
        if target.is_dir():
            raise OutputError(f"{target}: is a folder; give a file name for the table")
    if (path.exists() or sidecar_path(path).exists()) and not is_our_table(path):
        which = path if path.exists() else sidecar_path(path)
        raise OutputError(f"{which}: exists and is not a table written by corpus_tools "
                          f"(no matching {sidecar_path(path).name}); refusing to replace it")


def _jsonable(value):
    """Parameters as plain JSON values (numpy scalars, tuples, paths, NaN -> None)."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (pd.Timestamp,)):
        return value.isoformat()
    return str(value)


def _float_text(values: np.ndarray) -> pd.Series:
    """Shortest round-trip text of each float (Arrow's cast: fast); NaN -> empty."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pc.cast(pa.array(values, from_pandas=True), pa.string())
    return pd.Series(text.fill_null("").to_numpy(zero_copy_only=False), dtype=object)


# Columns of tables that have no registry of their own.
_KWIC_COLUMNS = {
    "doc_id": "document id",
    "outlet": "outlet of the document",
    "date": "date of the document (UTC calendar day)",
    "position": "token number of the match within its document (from 0)",
    "left": "context before the match, from the original text",
    "node": "the match, from the original text",
    "right": "context after the match, from the original text",
}
_NGRAM_COLUMNS = {
    "ngram": "the n-gram: words joined by single spaces",
    "freq": "occurrences of the n-gram (never across sentences or punctuation)",
}
_COMPARE_COLLOCATE_COLUMNS = {
    "log_dice_change": "log_dice_b - log_dice_a",
    "log_likelihood": "signed G2 of o11 against window tokens in group A vs B (positive: more in A)",
    "p": "chi-square (1 df) p-value of that G2, unadjusted",
}


_ANALYSES = ("keyness", "keyness_grid", "collocates", "compare_collocates", "ngrams",
             "ngram_association", "concordance", "hedging")


def _registry(analysis) -> dict:
    """Column descriptions of one analysis, keyed by the name in ``table.attrs``; {} if unknown.

    Only that analysis's module is imported: a fresh ``corpus-tools keyness``
    should not pay for importing hedging.
    """
    if analysis in ("keyness", "keyness_grid"):
        from ..analyses.keyness import KEYNESS_COLUMNS
        return KEYNESS_COLUMNS
    if analysis in ("collocates", "compare_collocates"):
        from ..analyses.collocations import COLLOCATE_COLUMNS
        extra = _COMPARE_COLLOCATE_COLUMNS if analysis == "compare_collocates" else {}
        return {**COLLOCATE_COLUMNS, **extra}
    if analysis == "ngram_association":
        from ..analyses.ngrams import NGRAM_ASSOCIATION_COLUMNS
        return NGRAM_ASSOCIATION_COLUMNS
    if analysis == "hedging":
        from ..analyses.hedging import HEDGING_COLUMNS
        return HEDGING_COLUMNS
    return {"ngrams": _NGRAM_COLUMNS, "concordance": _KWIC_COLUMNS}.get(analysis, {})


def _measure_descriptions() -> dict:
    from .. import stats

    out = {name: f"association measure {name} (corpus_tools.stats.{func.__name__})"
           for name, func in stats.ASSOCIATION_MEASURES.items()}
    out.update({name: f"keyness measure {name} (corpus_tools.stats.{func.__name__})"
                for name, func in stats.KEYNESS_MEASURES.items()})
    return out


def column_descriptions(table: pd.DataFrame) -> dict:
    """A one-line description of each column of an analysis table.

    Looked up in the registry of the analysis named in ``table.attrs``
    (``"analysis"`` or ``"function"``), then in every other registry; group
    columns (``attrs["by"]``) are described as group labels; ``x_a`` /
    ``x_b`` columns as ``x`` in group A / B.
    """
    name = str(table.attrs.get("analysis") or table.attrs.get("function") or "")
    if name not in _ANALYSES and "hedg" in name or name in ("compare_hedging", "pattern_contributions",
                                                             "hedge_booster_ratio", "adjusted_rates"):
        name = "hedging"
    # The analysis's own registry first, then measure names, then the rest
    # (imported only for a column the first two do not describe).
    order = [_registry(name), _measure_descriptions()]
    rest = [key for key in _ANALYSES if key != name]
    by = table.attrs.get("by") or []
    by = [by] if isinstance(by, str) else [str(b) for b in by] if isinstance(by, (list, tuple)) else []

    def describe(col: str):
        for registry in order:
            if col in registry:
                return registry[col]
        while rest:
            order.append(_registry(rest.pop(0)))
            if col in order[-1]:
                return order[-1][col]
        return None

    out = {}
    for col in map(str, table.columns):
        text = None if col in by else describe(col)
        if text is None and col in by:
            text = f"group label ({col})"
        if text is None and col[-2:] in ("_a", "_b"):
            base = describe(col[:-2])
            if base:
                text = f"{base}; in group {col[-1].upper()}"
        out[col] = text or "not described here: see the docstring of the function that made the table"
    return out


def to_csv(table: pd.DataFrame, path, *, parameters: Mapping | None = None, corpus=None) -> Path:
    """Write a table as UTF-8 CSV plus a ``.meta.json`` sidecar.

    Parameters
    ----------
    table : pandas.DataFrame
        E.g. from :func:`corpus_tools.analyses.keyness.keyness`; written in its column
        order, without the index. Its ``attrs`` go into the sidecar.
    path : str or Path
        The CSV file; its folder must exist. A file already there is
        replaced only if it is a table of ours (see the module docstring).
    parameters : mapping, optional
        More parameters to record (they override equal keys of ``attrs``).
    corpus : Corpus, optional
        The corpus analysed: its fingerprint (sha256 over doc_ids and token
        ids) and sizes (documents, word tokens) go into the sidecar.

    Returns
    -------
    pathlib.Path
        The CSV path. The sidecar is ``sidecar_path(path)``.

    Raises
    ------
    OutputError
        When the folder is missing, or ``path`` (or its sidecar path) holds
        something not written by this function.

    Notes
    -----
    CSV: comma-separated, ``"\\n"`` line endings, floats as their shortest
    round-trip decimal (``0.1``, ``1e-300``, ``inf``; a whole number without
    ``.0``), missing values as empty fields, dates as
    ISO ``yyyy-mm-dd``. Sidecar: JSON with sorted keys and no timestamps.

    Examples
    --------
    >>> import pandas as pd, tempfile, os
    >>> import corpus_tools as ct
    >>> table = pd.DataFrame({"term": ["rain"], "p": [0.1]})
    >>> folder = tempfile.mkdtemp()
    >>> out = ct.to_csv(table, os.path.join(folder, "t.csv"))
    >>> out.read_text(encoding="utf-8")
    'term,p\\nrain,0.1\\n'
    """
    from ..corpus.build import library_versions
    from ..io.atomic import atomic_file, file_sha256

    path = Path(path)
    _check_table_path(path)
    # A fresh RangeIndex: the float text columns below are assigned by index label.
    frame = table.reset_index(drop=True)
    for col in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[col]):
            frame[col] = frame[col].dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_float_dtype(frame[col]):
            frame[col] = _float_text(frame[col].to_numpy(dtype=np.float64))
    params = _jsonable(dict(table.attrs))
    params.update(_jsonable(dict(parameters or {})))
    meta = {
        "format": "corpus_tools table",
        "file": path.name,
        "rows": int(len(table)),
        "columns": column_descriptions(table),
        "column_order": [str(c) for c in table.columns],
        "parameters": params,
        "versions": library_versions(),
    }
    if corpus is not None:
        meta["corpus"] = {"fingerprint_sha256": corpus.fingerprint(),
                          "documents": int(len(corpus)), "word_tokens": int(corpus.n_words)}
    with atomic_file(path) as tmp_csv, atomic_file(sidecar_path(path)) as tmp_meta:
        frame.to_csv(tmp_csv, index=False, encoding="utf-8", lineterminator="\n")
        meta["sha256"] = file_sha256(tmp_csv)
        tmp_meta.write_text(json.dumps(meta, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                            encoding="utf-8", newline="\n")
    # Leaving the block replaces the sidecar, then the CSV: a crash between the
    # two leaves a sidecar whose sha256 does not match the CSV, never a silent mix.
    logger.info("wrote %d rows to %s", len(table), path)
    return path
