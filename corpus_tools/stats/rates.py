"""Rate formulas: normalised frequencies and their intervals (none yet).

Nothing in ``corpus_tools.stats`` is a rate formula today: the keyness,
association and dispersion measures take raw counts, and Log Ratio's
confidence interval (:func:`corpus_tools.stats.log_ratio_ci`) belongs to its
keyness family. This module is where pure formulas over counts that return a
*rate* will live: frequency per N tokens (per million, per 1,000 words),
rate ratios, and interval estimates for a rate or a proportion (e.g. Poisson
or Wilson score intervals), under the same conventions as the rest of the
package (count arrays in, float64 out, the standard error messages).
"""
