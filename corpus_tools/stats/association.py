"""Association (collocation) measures over the node-collocate 2x2 table.

MI, MI3, t-score, z-score, Dice, logDice, the two Delta P, the odds ratio
and signed log-likelihood G2 of a node and a collocate. The public path is
``corpus_tools.stats.<name>``; the odds ratio and G2 are registered as
``"odds_ratio"`` and ``"log_likelihood"`` in
:data:`corpus_tools.stats.ASSOCIATION_MEASURES`.

Association conventions
-----------------------
``(o11, f_node, f_collocate, n)``: ``o11`` = co-occurrence frequency of node
and collocate, ``f_node`` and ``f_collocate`` = their frequencies, ``n`` =
sample size. The 2x2 table is ``O11 = o11``, ``O12 = f_node - o11``,
``O21 = f_collocate - o11``, ``O22 = n - f_node - f_collocate + o11``, and
the expected co-occurrence is ``E11 = f_node * f_collocate / n`` unless an
``expected`` array (e.g. window-adjusted) is given. Dice and logDice do not
use ``n`` but accept it, so that every measure shares one signature.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_array, check_not_greater
from ._common import _cross, _finish, _olog, _signed

__all__ = [
    "mi", "mi3", "t_score", "z_score", "dice", "log_dice",
    "delta_p_collocate_given_node", "delta_p_node_given_collocate",
    "assoc_odds_ratio", "assoc_log_likelihood",
]


def _assoc_args(o11, f_node, f_collocate, n, expected, caller: str, *, full_table: bool = False):
    o11 = check_array(o11, "o11", caller, low=0)
    f_node = check_array(f_node, "f_node", caller, low=0)
    f_collocate = check_array(f_collocate, "f_collocate", caller, low=0)
    n = check_array(n, "n", caller, low=0, low_open=True)
    check_not_greater(o11, f_node, "o11", "f_node", caller)
    check_not_greater(o11, f_collocate, "o11", "f_collocate", caller)
    check_not_greater(f_node, n, "f_node", "n", caller)
    check_not_greater(f_collocate, n, "f_collocate", "n", caller)
    if full_table:
        # o22 = n - f_node - f_collocate + o11 must not be negative
        check_not_greater(f_node + f_collocate - o11, n,
                          "f_node + f_collocate - o11", "n", caller)
    if expected is None:
        with np.errstate(invalid="ignore"):
            e11 = f_node * f_collocate / n
    else:
        e11 = check_array(expected, "expected", caller, low=0)
    return np.broadcast_arrays(o11, f_node, f_collocate, n, e11)


def mi(o11, f_node, f_collocate, n, *, expected=None):
    """Pointwise mutual information, ``log2(O11 / E11)``.

    Parameters
    ----------
    o11, f_node, f_collocate, n : array_like
        Co-occurrence frequency, node frequency, collocate frequency, sample
        size (see the module's association conventions).
    expected : array_like or None, default=None
        E11; None = ``f_node * f_collocate / n``.

    Returns
    -------
    numpy.ndarray or numpy.float64
        MI in bits; -inf where ``o11 = 0 < E11``; NaN where ``E11 = 0``.

    Notes
    -----
    Base-2 log. Equals NLTK's ``BigramAssocMeasures.pmi``.

    References
    ----------
    Church, K. W. & Hanks, P. (1990). Word association norms, mutual
    information, and lexicography. Computational Linguistics 16(1), 22-29.

    Examples
    --------
    >>> round(float(mi(20, 100, 200, 100_000)), 6)
    6.643856
    """
    o, fn, fc, n, e = _assoc_args(o11, f_node, f_collocate, n, expected, "mi")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.log2(o) - np.log2(e)
    return _finish(np.where(e > 0, out, np.nan))


def mi3(o11, f_node, f_collocate, n, *, expected=None):
    """MI3, ``log2(O11^3 / E11)`` (Oakes 1998; Daille 1994).

    Parameters
    ----------
    o11, f_node, f_collocate, n : array_like
        Co-occurrence frequency, node frequency, collocate frequency, sample size.
    expected : array_like or None, default=None
        E11; None = ``f_node * f_collocate / n``.

    Returns
    -------
    numpy.ndarray or numpy.float64
        -inf where ``o11 = 0 < E11``; NaN where ``E11 = 0``.

    Notes
    -----
    Computed as ``3 log2(O) - log2(E)`` (no overflow of ``O^3``).

    References
    ----------
    Oakes, M. P. (1998). Statistics for Corpus Linguistics. Edinburgh UP.

    Examples
    --------
    >>> round(float(mi3(20, 100, 200, 100_000)), 6)
    15.287712
    """
    o, fn, fc, n, e = _assoc_args(o11, f_node, f_collocate, n, expected, "mi3")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = 3.0 * np.log2(o) - np.log2(e)
    return _finish(np.where(e > 0, out, np.nan))


def t_score(o11, f_node, f_collocate, n, *, expected=None):
    """t-score, ``(O11 - E11) / sqrt(O11)``.

    Parameters
    ----------
    o11, f_node, f_collocate, n : array_like
        Co-occurrence frequency, node frequency, collocate frequency, sample size.
    expected : array_like or None, default=None
        E11; None = ``f_node * f_collocate / n``.

    Returns
    -------
    numpy.ndarray or numpy.float64
        -inf where ``o11 = 0 < E11``; NaN where ``o11 = E11 = 0``.

    Notes
    -----
    NLTK's ``student_t`` divides by ``sqrt(O11 + 1e-20)``, so it returns a
    huge finite negative number instead of -inf for ``o11 = 0``; otherwise
    the values agree.

    References
    ----------
    Church, K., Gale, W., Hanks, P. & Hindle, D. (1991). Using statistics in
    lexical analysis. In U. Zernik (ed.), Lexical Acquisition, 115-164.

    Examples
    --------
    >>> round(float(t_score(20, 100, 200, 100_000)), 6)
    4.427415
    """
    o, fn, fc, n, e = _assoc_args(o11, f_node, f_collocate, n, expected, "t_score")
    with np.errstate(divide="ignore", invalid="ignore"):
        return _finish((o - e) / np.sqrt(o))


def z_score(o11, f_node, f_collocate, n, *, expected=None):
    """z-score, ``(O11 - E11) / sqrt(E11)``.

    Parameters
    ----------
    o11, f_node, f_collocate, n : array_like
        Co-occurrence frequency, node frequency, collocate frequency, sample size.
    expected : array_like or None, default=None
        E11; None = ``f_node * f_collocate / n``.

    Returns
    -------
    numpy.ndarray or numpy.float64
        NaN where ``E11 = 0``.

    References
    ----------
    Dennis, S. F. (1965). The construction of a thesaurus automatically from
    a sample of text. Statistical Association Methods for Mechanized
    Documentation, 61-148.

    Examples
    --------
    >>> round(float(z_score(20, 100, 200, 100_000)), 6)
    44.274146
    """
    o, fn, fc, n, e = _assoc_args(o11, f_node, f_collocate, n, expected, "z_score")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (o - e) / np.sqrt(e)
    return _finish(np.where(e > 0, out, np.nan))


def dice(o11, f_node, f_collocate, n=None):
    """Dice coefficient, ``2 O11 / (f_node + f_collocate)``.

    Parameters
    ----------
    o11, f_node, f_collocate : array_like
        Co-occurrence frequency, node frequency, collocate frequency.
    n : array_like, optional
        Ignored (accepted so all association measures share one signature).

    Returns
    -------
    numpy.ndarray or numpy.float64
        In [0, 1]; NaN where ``f_node = f_collocate = 0``.

    Notes
    -----
    Equals NLTK's ``BigramAssocMeasures.dice``.

    References
    ----------
    Dice, L. R. (1945). Measures of the amount of ecologic association
    between species. Ecology 26(3), 297-302.

    Examples
    --------
    >>> round(float(dice(20, 100, 200)), 6)
    0.133333
    """
    o = check_array(o11, "o11", "dice", low=0)
    fn = check_array(f_node, "f_node", "dice", low=0)
    fc = check_array(f_collocate, "f_collocate", "dice", low=0)
    check_not_greater(o, fn, "o11", "f_node", "dice")
    check_not_greater(o, fc, "o11", "f_collocate", "dice")
    with np.errstate(divide="ignore", invalid="ignore"):
        return _finish(2.0 * o / (fn + fc))


def log_dice(o11, f_node, f_collocate, n=None):
    """logDice, ``14 + log2(Dice)`` (Rychly 2008).

    Parameters
    ----------
    o11, f_node, f_collocate : array_like
        Co-occurrence frequency, node frequency, collocate frequency.
    n : array_like, optional
        Ignored.

    Returns
    -------
    numpy.ndarray or numpy.float64
        At most 14; -inf where ``o11 = 0``; NaN where both frequencies are 0.

    References
    ----------
    Rychly, P. (2008). A lexicographer-friendly association score.
    Proceedings of RASLAN 2008, 6-9.

    Examples
    --------
    >>> round(float(log_dice(20, 100, 200)), 6)
    11.093109
    """
    dc = np.asarray(dice(o11, f_node, f_collocate))
    with np.errstate(divide="ignore", invalid="ignore"):
        return _finish(14.0 + np.log2(dc))


def delta_p_collocate_given_node(o11, f_node, f_collocate, n):
    """Delta P of the collocate given the node, ``P(c | node) - P(c | not node)``.

    Parameters
    ----------
    o11, f_node, f_collocate, n : array_like
        Co-occurrence frequency, node frequency, collocate frequency, sample size.

    Returns
    -------
    numpy.ndarray or numpy.float64
        ``o11 / f_node - (f_collocate - o11) / (n - f_node)`` in [-1, 1];
        NaN where ``f_node = 0`` or ``f_node = n``.

    References
    ----------
    Gries, S. Th. (2013). 50-something years of work on collocations.
    International Journal of Corpus Linguistics 18(1), 137-165.

    Examples
    --------
    >>> round(float(delta_p_collocate_given_node(20, 100, 200, 100_000)), 6)
    0.198198
    """
    o, fn, fc, n, _ = _assoc_args(o11, f_node, f_collocate, n, None,
                                  "delta_p_collocate_given_node", full_table=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _finish(o / fn - (fc - o) / (n - fn))


def delta_p_node_given_collocate(o11, f_node, f_collocate, n):
    """Delta P of the node given the collocate, ``P(node | c) - P(node | not c)``.

    Parameters
    ----------
    o11, f_node, f_collocate, n : array_like
        Co-occurrence frequency, node frequency, collocate frequency, sample size.

    Returns
    -------
    numpy.ndarray or numpy.float64
        ``o11 / f_collocate - (f_node - o11) / (n - f_collocate)`` in [-1, 1];
        NaN where ``f_collocate = 0`` or ``f_collocate = n``.

    References
    ----------
    Gries, S. Th. (2013). 50-something years of work on collocations.
    International Journal of Corpus Linguistics 18(1), 137-165.

    Examples
    --------
    >>> round(float(delta_p_node_given_collocate(20, 100, 200, 100_000)), 6)
    0.099198
    """
    o, fn, fc, n, _ = _assoc_args(o11, f_node, f_collocate, n, None,
                                  "delta_p_node_given_collocate", full_table=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _finish(o / fc - (fn - o) / (n - fc))


def assoc_odds_ratio(o11, f_node, f_collocate, n):
    """Sample odds ratio of the node-collocate 2x2 table, ``O11 O22 / (O12 O21)``.

    Parameters
    ----------
    o11, f_node, f_collocate, n : array_like
        Co-occurrence frequency, node frequency, collocate frequency, sample size.

    Returns
    -------
    numpy.ndarray or numpy.float64
        > 1 = attraction. +inf where ``O12 O21 = 0 < O11 O22``; 0 where
        ``o11 = 0``; NaN where both products are 0. No continuity correction.

    Notes
    -----
    ``O12 = f_node - o11``, ``O21 = f_collocate - o11``,
    ``O22 = n - f_node - f_collocate + o11``.

    Examples
    --------
    >>> round(float(assoc_odds_ratio(20, 100, 200, 100_000)), 4)
    138.5
    """
    o, fn, fc, n, _ = _assoc_args(o11, f_node, f_collocate, n, None,
                                  "assoc_odds_ratio", full_table=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _finish(o * (n - fn - fc + o) / ((fn - o) * (fc - o)))


def assoc_log_likelihood(o11, f_node, f_collocate, n, *, expected=None):
    """Signed log-likelihood G2 of the node-collocate 2x2 table (Dunning 1993).

    Parameters
    ----------
    o11, f_node, f_collocate, n : array_like
        Co-occurrence frequency, node frequency, collocate frequency, sample size.
    expected : array_like or None, default=None
        E11; None = ``f_node * f_collocate / n``. The other expected cells
        follow from the margins (``E12 = f_node - E11`` etc.).

    Returns
    -------
    numpy.ndarray or numpy.float64
        G2 with the sign of ``O11 - E11`` (positive = attraction). NaN where an
        expected cell is negative (inconsistent ``expected``).

    Notes
    -----
    Natural log, ``0 ln 0 = 0``, terms computed as in
    :func:`corpus_tools.stats.log_likelihood`.
    NLTK's ``likelihood_ratio`` is unsigned and adds 1e-20 inside the logs;
    ``|assoc_log_likelihood|`` agrees with it to that precision.

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and
    coincidence. Computational Linguistics 19(1), 61-74.

    Examples
    --------
    >>> round(float(assoc_log_likelihood(20, 100, 200, 100_000)), 6)
    150.858486
    """
    o, fn, fc, n, e = _assoc_args(o11, f_node, f_collocate, n, expected,
                                  "assoc_log_likelihood", full_table=True)
    if expected is None:
        dev = _cross(o, fn, fc, n) / n  # (o11 n - f_node f_collocate) / n
    else:
        dev = o - e
    e12 = fn - e
    e21 = fc - e
    e22 = n - fn - fc + e
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2.0 * (_olog(o, e, dev) + _olog(fn - o, e12, -dev)
                    + _olog(fc - o, e21, -dev) + _olog(n - fn - fc + o, e22, dev))
    bad = (e < 0) | (e12 < 0) | (e21 < 0) | (e22 < 0)
    return _finish(np.where(bad, np.nan, _signed(g2, dev)))
