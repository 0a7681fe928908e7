"""Registries of measures by name, and :func:`get_measure` to look one up.

Analyses pick a measure by its registered name (``measure="log_ratio"``);
an unknown name raises the package's standard error listing the valid ones.
Both registries and :func:`get_measure` are public as
``corpus_tools.stats.<name>``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from .._validation import check_option
from .association import (
    assoc_log_likelihood,
    assoc_odds_ratio,
    delta_p_collocate_given_node,
    delta_p_node_given_collocate,
    dice,
    log_dice,
    mi,
    mi3,
    t_score,
    z_score,
)
from .keyness import (
    bic,
    chi_square,
    conservative_log_ratio,
    difference_coefficient,
    ell,
    fisher_exact_p,
    log_likelihood,
    log_likelihood_2term,
    log_odds_dirichlet,
    log_ratio,
    odds_ratio,
    percent_diff,
    relative_risk,
    simple_maths,
)

__all__ = ["KEYNESS_MEASURES", "ASSOCIATION_MEASURES", "get_measure"]


KEYNESS_MEASURES: dict[str, Callable] = {
    "log_likelihood": log_likelihood,
    "log_likelihood_2term": log_likelihood_2term,
    "chi_square": chi_square,
    "fisher_exact_p": fisher_exact_p,
    "log_ratio": log_ratio,
    "conservative_log_ratio": conservative_log_ratio,
    "percent_diff": percent_diff,
    "simple_maths": simple_maths,
    "odds_ratio": odds_ratio,
    "relative_risk": relative_risk,
    "bic": bic,
    "ell": ell,
    "difference_coefficient": difference_coefficient,
    "log_odds_dirichlet": log_odds_dirichlet,
}
"""Keyness measures by name; each is called as ``f(a, b, c, d, **options)``."""

ASSOCIATION_MEASURES: dict[str, Callable] = {
    "mi": mi,
    "mi3": mi3,
    "t_score": t_score,
    "z_score": z_score,
    "dice": dice,
    "log_dice": log_dice,
    "delta_p_collocate_given_node": delta_p_collocate_given_node,
    "delta_p_node_given_collocate": delta_p_node_given_collocate,
    "odds_ratio": assoc_odds_ratio,
    "log_likelihood": assoc_log_likelihood,
}
"""Association measures by name; each is called as ``f(o11, f_node, f_collocate, n)``."""


def get_measure(name: str, *, kind: Literal["keyness", "association"] = "keyness") -> Callable:
    """Return the measure function registered under ``name``.

    Parameters
    ----------
    name : str
        A key of :data:`KEYNESS_MEASURES` or :data:`ASSOCIATION_MEASURES`.
    kind : {"keyness", "association"}, default="keyness"
        Which registry to look in.

    Returns
    -------
    callable

    Raises
    ------
    ValueError
        For an unknown name; the message lists the valid names.

    Examples
    --------
    >>> get_measure("log_ratio").__name__
    'log_ratio'
    >>> get_measure("log_likelihood", kind="association").__name__
    'assoc_log_likelihood'
    """
    check_option(kind, "kind", ("keyness", "association"), "get_measure")
    registry = KEYNESS_MEASURES if kind == "keyness" else ASSOCIATION_MEASURES
    check_option(name, "name", tuple(registry), "get_measure")
    return registry[name]
