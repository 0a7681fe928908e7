"""How a grouping is named as a table column, the same in every analysis."""

from __future__ import annotations

__all__ = ["group_column"]


def group_column(by) -> str:
    """The column a grouping's labels go in: ``"period=month"`` -> ``"month"``.

    Parameters
    ----------
    by : str
        A documents column (``"outlet"``), a period (``"month"``,
        ``"period=month"``) or a period spec (``"event:2016-11-08"``,
        ``"ranges:..."``); see :meth:`corpus_tools.Corpus.group_labels`.

    Returns
    -------
    str
        The column name: the column, the period's name, or the spec's kind
        (``"event"``, ``"ranges"``), as
        :func:`corpus_tools.analyses.keyness.keyness_grid` names its columns.

    Examples
    --------
    >>> [group_column(b) for b in ("outlet", "month", "period=month", "event:2016-11-08")]
    ['outlet', 'month', 'month', 'event']
    """
    spec = by.split("=", 1)[1] if by.startswith("period=") else by
    return spec.split(":", 1)[0]


def group_columns(keys, caller: str) -> list[str]:
    """:func:`group_column` of each grouping; a ValueError when two name the same column."""
    names = [group_column(k) for k in keys]
    if len(set(names)) != len(names):
        raise ValueError(f"The 'by' parameter of {caller}() gives the same column twice: {names}. "
                         f"Got {list(keys)!r} instead.")
    return names
