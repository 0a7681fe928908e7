"""Normalise a source's titles and texts piece by piece while it is still loading.

Loading a large ``.jsonl.xz`` keeps one core busy decompressing; the other
has time to spare. :class:`PieceNormalizer` runs the per-document steps of
the Polars engine (steps 1-6: characters, NFC, mojibake, whitespace,
boilerplate lines; see :mod:`corpus_tools.text.normalize`) on each piece the
JSON Lines reader parses. Each document's result depends on its own title
and text alone, so the pieces' results, joined in file order, are the
result for the whole table: :meth:`PieceNormalizer.for_documents` hands
them over only after checking that the loaded table holds exactly those
titles and texts, in that order. Anything else (a record skipped, a field
renamed, a piece it could not read) and it hands over nothing, and
:func:`~corpus_tools.text.normalize.normalize_documents` does the work itself.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

logger = logging.getLogger(__name__)

__all__ = ["PieceNormalizer"]


class PieceNormalizer:
    """Collects steps 1-6 of the Polars engine, run on pieces of a source.

    Parameters
    ----------
    settings : NormalizationSettings
    fields : mapping, optional
        The loader's field mapping (our name -> the source's), to find the
        title and text fields of a piece as the loader will.
    """

    def __init__(self, settings, fields: Mapping[str, str] | None = None):
        from ..text.normalize import _plan

        self.settings = settings
        self.plan = _plan(settings)
        self.fields = dict(fields or {})
        self.pieces: dict = {}
        # Two pieces at a time: one's Python steps (GIL) beside the other's
        # Rust steps, and the loader's own thread free to go on parsing.
        self.pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="corpus_tools-normalise")

    def __call__(self, key, table) -> None:
        """Start normalising one piece (an Arrow table of raw records) under its key."""
        self.pieces[key] = self.pool.submit(self._fix, table)

    def close(self) -> None:
        """Drop the pieces not started (after a failed load) and wait for the rest."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pieces.clear()

    def _fix(self, table):
        import polars as pl
        import pyarrow as pa

        from ..io.loaders.table import resolve_fields
        from ..text.normalize import _fix_columns

        chosen = {ours: theirs for theirs, ours in resolve_fields(table.column_names, self.fields, "").items()}
        if "text" not in chosen:
            raise ValueError("no text field")

        def column(name):
            if name is None:
                return pl.Series([""] * table.num_rows, dtype=pl.String)
            values = table.column(name)
            if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)
                    or pa.types.is_null(values.type)):
                raise TypeError(f"field {name!r} holds {values.type}")
            return pl.from_arrow(values.cast(pa.large_string())).rechunk()

        # A missing title is "" in the loaded table (the guard checks that too).
        titles, texts = column(chosen.get("title")).fill_null(""), column(chosen["text"])
        fixed = _fix_columns(titles, texts, self.plan, self.settings.boilerplate_lines)
        return titles, texts, fixed

    def for_documents(self, documents: pd.DataFrame):
        """Steps 1-6 for ``documents``, or None when they are not exactly the
        pieces' titles and texts in file order.

        Returns
        -------
        tuple or None
            ``(titles, texts, flags, boilerplate)`` as ``_fix_columns``
            returns them for the whole table.
        """
        import polars as pl

        from ..text.normalize import _to_polars

        self.pool.shutdown(wait=True)
        if not self.pieces:
            return None
        try:
            parts = [self.pieces[key].result() for key in sorted(self.pieces)]
        except Exception as exc:  # noqa: BLE001 - the whole table is normalised instead
            logger.debug("normalising pieces while loading failed (%s: %s)", type(exc).__name__, exc)
            return None
        finally:
            self.pieces.clear()  # handed over once; the caller's copy is the only one left
        raw_titles = pl.concat([p[0] for p in parts])
        raw_texts = pl.concat([p[1] for p in parts])
        if len(raw_texts) != len(documents):
            return None
        # The guard: the very titles and texts the pieces were normalised from.
        if not (_to_polars(documents["text"]).equals(raw_texts, check_names=False)
                and _to_polars(documents["title"]).equals(raw_titles, check_names=False)):
            logger.debug("loaded titles or texts differ from the pieces': normalising the table")
            return None
        boilerplate: Counter = Counter()
        for _t, _x, fixed in parts:
            boilerplate.update(fixed[3])
        return (pl.concat([p[2][0] for p in parts]), pl.concat([p[2][1] for p in parts]),
                np.concatenate([p[2][2] for p in parts]), boilerplate)
