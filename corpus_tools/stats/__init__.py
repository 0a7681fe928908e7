"""Statistics: pure formulas over count arrays.

One job: every statistical formula of corpus_tools, as vectorised numpy
functions over counts. Nothing here knows about a Corpus or pandas: each
function takes count arrays (anything ``numpy.asarray`` accepts: scalars,
lists, arrays) that broadcast against each other, and returns float64. The
package imports nothing of corpus_tools except the shared helpers
``corpus_tools._validation``, ``corpus_tools._compat`` and
``corpus_tools.errors``.

The public path of every function and registry is ``corpus_tools.stats.<name>``
(e.g. ``corpus_tools.stats.log_likelihood``); the family modules below are
where they are defined and documented, and may be reorganised.

Families
--------
========================================  =========================================
module                                    contents
========================================  =========================================
:mod:`corpus_tools.stats.keyness`         2x2 keyness measures: ``log_likelihood``,
                                          ``log_likelihood_2term``, ``chi_square``,
                                          ``fisher_exact_p``, ``log_ratio``,
                                          ``log_ratio_ci``, ``conservative_log_ratio``,
                                          ``percent_diff``, ``simple_maths``,
                                          ``odds_ratio``, ``relative_risk``, ``bic``,
                                          ``ell``, ``difference_coefficient``,
                                          ``log_odds_dirichlet``
:mod:`corpus_tools.stats.tests`           p-values and corrections: ``p_value_chi2``,
                                          ``adjust_p``; document-level tests of
                                          per-document rates: ``document_test``
:mod:`corpus_tools.stats.document_pool`   ``DocumentPool``: the same tests for many
                                          groups, each against all other documents
:mod:`corpus_tools.stats.dispersion`      ``range_``, ``dp``, ``dp_norm``,
                                          ``juilland_d``
:mod:`corpus_tools.stats.association`     collocation measures: ``mi``, ``mi3``,
                                          ``t_score``, ``z_score``, ``dice``,
                                          ``log_dice``, ``delta_p_*``,
                                          ``assoc_odds_ratio``,
                                          ``assoc_log_likelihood``
:mod:`corpus_tools.stats.rates`           rate formulas and their intervals (none yet)
:mod:`corpus_tools.stats.registry`        ``KEYNESS_MEASURES``,
                                          ``ASSOCIATION_MEASURES``, ``get_measure``
========================================  =========================================

Private helpers shared by several families are in ``_common``.

Conventions shared by every function
------------------------------------
* **Return type.** A float64 ``numpy.ndarray`` of the broadcast shape; when
  every input is a scalar (0-d) the result is a ``numpy.float64`` scalar.
  (``range_`` returns int64 counts.)
* **Arguments.** Keyness measures take ``(a, b, c, d)`` (term frequency in
  target and reference, sizes of target and reference) and association
  measures ``(o11, f_node, f_collocate, n)``; each family's module states its
  table and sign conventions.
* **Logarithms.** Natural log for G2 and its relatives; base 2 for log ratio,
  MI and logDice; stated in each Notes section.
* **Domain.** Bad arguments (negative counts, ``a > c``, zero corpus sizes,
  unknown option names) raise ``ValueError`` with the package's standard
  message. Inputs that are valid but outside a measure's domain (e.g. both
  counts zero for a ratio) give NaN or +/-inf as documented per function;
  NaN inputs propagate to NaN outputs.

Examples
--------
>>> from corpus_tools import stats
>>> round(float(stats.log_likelihood(30, 10, 10_000, 20_000)), 6)
29.080962
>>> stats.get_measure("log_ratio") is stats.log_ratio
True
"""

from __future__ import annotations

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
from .dispersion import dp, dp_norm, juilland_d, range_
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
    log_ratio_ci,
    odds_ratio,
    percent_diff,
    relative_risk,
    simple_maths,
)
from .registry import ASSOCIATION_MEASURES, KEYNESS_MEASURES, get_measure
from .document_pool import DocumentPool
from .tests import adjust_p, document_test, p_value_chi2

__all__ = [
    "log_likelihood", "log_likelihood_2term", "chi_square", "fisher_exact_p",
    "log_ratio", "log_ratio_ci", "conservative_log_ratio", "percent_diff",
    "simple_maths", "odds_ratio", "relative_risk", "bic", "ell",
    "difference_coefficient", "log_odds_dirichlet", "p_value_chi2", "adjust_p",
    "document_test", "DocumentPool", "range_", "juilland_d", "dp", "dp_norm",
    "mi", "mi3", "t_score", "z_score", "dice", "log_dice",
    "delta_p_collocate_given_node", "delta_p_node_given_collocate",
    "assoc_odds_ratio", "assoc_log_likelihood",
    "KEYNESS_MEASURES", "ASSOCIATION_MEASURES", "get_measure",
]
