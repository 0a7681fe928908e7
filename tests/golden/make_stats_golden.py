"""Write the golden values for corpus_tools.stats (tests/golden/stats_*.csv).

Every number here comes from an implementation that does NOT import
corpus_tools: scipy.stats (chi2_contingency, fisher_exact, chi2, norm),
NLTK's BigramAssocMeasures, statsmodels' multipletests, and plain-Python
re-derivations of the published formulas in exact rational arithmetic
(fractions) or 60-digit decimal arithmetic.

How to run (statsmodels is NOT a project dependency; use a throwaway venv)::

    python -m venv /tmp/goldenvenv
    /tmp/goldenvenv/bin/pip install numpy scipy statsmodels nltk
    /tmp/goldenvenv/bin/python tests/golden/make_stats_golden.py

from the repository root. The CSVs are rewritten in place; floats are written
with repr() (full precision). Sources of the hand / published cases are given
in the ``source`` column.
"""

from __future__ import annotations

import csv
import statistics
from decimal import Decimal, getcontext
from fractions import Fraction
from pathlib import Path

import numpy as np
import scipy
import statsmodels
from nltk.metrics.association import BigramAssocMeasures
from scipy.stats import chi2, chi2_contingency, fisher_exact, norm
from statsmodels.stats.multitest import multipletests

getcontext().prec = 60
OUT = Path(__file__).resolve().parent
NAN = float("nan")
INF = float("inf")


def dec(fr: Fraction) -> Decimal:
    return Decimal(fr.numerator) / Decimal(fr.denominator)


def sign(x) -> int:
    return (x > 0) - (x < 0)


def write(name: str, header: list[str], rows: list[list]) -> None:
    with open(OUT / name, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([repr(float(v)) if isinstance(v, (float, np.floating)) else v for v in r])


# ---------------------------------------------------------------- keyness
# (a, b, c, d, source)
KEYNESS_CASES = [
    (30, 10, 10_000, 20_000, "simple"),
    (5, 40, 10_000, 20_000, "negative keyword"),
    (0, 25, 50_000, 80_000, "a = 0"),
    (25, 0, 50_000, 80_000, "b = 0"),
    (0, 0, 1_000, 2_000, "a = b = 0"),
    (10, 20, 1_000, 2_000, "equal rates"),
    (1, 1, 100, 50, "tiny"),
    (1, 0, 10, 10, "tiny, b = 0"),
    (2, 3, 7, 11, "tiny corpora"),
    (100, 5, 100, 1_000, "a = c"),
    (50, 70, 50, 70, "a = c and b = d"),
    (1_234_567, 2_345_678, 1_000_000_000, 2_500_000_000, "1e6 counts, 1e9 corpora"),
    (1_000_000, 999_000, 37_000_000, 37_500_000, "1e6 counts, 37M corpora"),
    (5, 1, 1_000_000_000, 1_200_000_000, "tiny counts, 1e9 corpora"),
    (120, 950, 37_000_000, 2_000_000_000, "37M vs 2e9"),
    (1_000_001, 2_000_000, 1_000_000_000, 2_000_000_000, "nearly equal rates at 1e9"),
    (7_654_321, 1_234, 4_000_000_000, 3_000_000_000, "4e9 corpus"),
    # Rayson, P. (2002-01-18), Corpora list, "statistics in learner English"
    # https://listserv.linguistlist.org/pipermail/corpora/2002-January/002455.html
    # Both corpora assumed 1,000,000 words; published LL rounded to 0 d.p.:
    # lemma KEEP 90, keep 147, keeps 0, keeping 14, kept 0.
    (392, 170, 1_000_000, 1_000_000, "Rayson 2002 KEEP: LL=90"),
    (348, 99, 1_000_000, 1_000_000, "Rayson 2002 keep: LL=147"),
    (15, 14, 1_000_000, 1_000_000, "Rayson 2002 keeps: LL=0"),
    (9, 32, 1_000_000, 1_000_000, "Rayson 2002 keeping: LL=14"),
    (21, 25, 1_000_000, 1_000_000, "Rayson 2002 kept: LL=0"),
]


def g2_cells(obs, exp) -> Decimal:
    """2 * sum O ln(O/E), 0 ln 0 = 0, in 60-digit decimals (E exact fractions)."""
    total = Decimal(0)
    for o, e in zip(obs, exp):
        if o > 0:
            total += Decimal(o) * (Decimal(o) / dec(e)).ln()
    return 2 * total


def keyness_reference(a, b, c, d):
    n = c + d
    r1, r2 = a + b, n - a - b
    obs = [a, b, c - a, d - b]
    exp = [Fraction(r1 * c, n), Fraction(r1 * d, n), Fraction(r2 * c, n), Fraction(r2 * d, n)]
    s = sign(a * d - b * c)
    row = {}
    g2 = g2_cells(obs, exp)
    row["ll_full"] = s * float(g2)
    g2two = g2_cells(obs[:2], exp[:2])
    row["ll_2term"] = s * float(g2two)
    # Pearson, cell by cell, exact
    if r1 == 0 or r2 == 0:
        row["chi2"] = row["chi2_yates"] = NAN
    else:
        chi = sum((Fraction(o) - e) ** 2 / e for o, e in zip(obs, exp))
        row["chi2"] = s * float(chi)
        yat = Fraction(0)
        for o, e in zip(obs, exp):
            diff = abs(Fraction(o) - e)
            adj = diff - min(Fraction(1, 2), diff)
            yat += adj * adj / e
        row["chi2_yates"] = s * float(yat)
    # scipy
    table = np.array([[a, b], [c - a, d - b]], dtype=np.int64)
    if r1 == 0 or r2 == 0:
        row["scipy_ll_full"] = row["scipy_chi2"] = row["scipy_chi2_yates"] = NAN
    else:
        row["scipy_ll_full"] = s * chi2_contingency(table, correction=False,
                                                    lambda_="log-likelihood")[0]
        row["scipy_chi2"] = s * chi2_contingency(table, correction=False)[0]
        row["scipy_chi2_yates"] = s * chi2_contingency(table, correction=True)[0]
    row["p_ll_full"] = chi2.sf(abs(row["ll_full"]), 1)
    # log ratio (Hardie 2014), zero cell -> 0.5, both zero -> NaN
    ln2 = Decimal(2).ln()
    if a == 0 and b == 0:
        row["log_ratio"] = row["lr_ci_low"] = row["lr_ci_high"] = row["clr"] = NAN
        row["clr_001_100"] = NAN
    else:
        a2 = Fraction(a) if a else Fraction(1, 2)
        b2 = Fraction(b) if b else Fraction(1, 2)
        ln_rr = dec((a2 / c) / (b2 / d)).ln()
        row["log_ratio"] = float(ln_rr / ln2)
        var = (Fraction(c - a) / (c * a2)) + (Fraction(d - b) / (d * b2))
        se = dec(var).sqrt()
        for suffix, alpha, ncomp in (("", 0.05, 1), ("_001_100", 0.01, 100)):
            z = Decimal(repr(float(norm.isf(alpha / ncomp / 2))))
            low = (ln_rr - z * se) / ln2
            high = (ln_rr + z * se) / ln2
            if suffix == "":
                row["lr_ci_low"], row["lr_ci_high"] = float(low), float(high)
            clr = low if low > 0 else (high if high < 0 else Decimal(0))
            row["clr" + suffix] = float(clr)
    nfa = Fraction(a * 10**6, c)
    nfb = Fraction(b * 10**6, d)
    if nfb == 0:
        row["percent_diff"] = NAN if nfa == 0 else INF
    else:
        row["percent_diff"] = float((nfa - nfb) * 100 / nfb)
    # Gabrielatos & Marchi's 1e-18 replacement of a zero NF_b
    nfb18 = nfb if nfb else Fraction(1, 10**18)
    row["percent_diff_1e18"] = float((nfa - nfb18) * 100 / nfb18)
    row["simple_maths_1"] = float((nfa + 1) / (nfb + 1))
    row["simple_maths_100"] = float((nfa + 100) / (nfb + 100))
    num, den = a * (d - b), b * (c - a)
    row["odds_ratio"] = (NAN if num == 0 else INF) if den == 0 else float(Fraction(num, den))
    num, den = a * d, b * c
    row["relative_risk"] = (NAN if num == 0 else INF) if den == 0 else float(Fraction(num, den))
    lnn = Decimal(n).ln()
    row["bic_2term"] = float(g2two - lnn)
    row["bic_full"] = float(g2 - lnn)
    emin = min(exp[0], exp[1])
    row["ell"] = float(g2two / (Decimal(n) * dec(emin).ln())) if emin > 1 else NAN
    pa, pb = Fraction(a, c), Fraction(b, d)
    row["difference_coefficient"] = NAN if pa + pb == 0 else float((pa - pb) / (pa + pb))
    # Monroe et al. (2008) eq. 16/20/22, pooled prior alpha_w = alpha0 (a+b)/(c+d), alpha0 = 100
    alpha0 = Fraction(100)
    aw = alpha0 * Fraction(a + b, n)
    ya, yb = a + aw, b + aw
    if (ya == 0 and yb == 0) or (c + alpha0 - ya == 0 and d + alpha0 - yb == 0):
        row["log_odds_z_100"] = NAN  # 0/0, or inf - inf (term fills both corpora)
    else:
        delta = (dec(ya / (c + alpha0 - ya))).ln() - (dec(yb / (d + alpha0 - yb))).ln()
        row["log_odds_z_100"] = float(delta / dec(1 / ya + 1 / yb).sqrt())
    return row


KEYNESS_COLS = [
    "ll_full", "scipy_ll_full", "p_ll_full", "ll_2term", "chi2", "scipy_chi2", "chi2_yates",
    "scipy_chi2_yates", "log_ratio", "lr_ci_low", "lr_ci_high", "clr", "clr_001_100",
    "percent_diff", "percent_diff_1e18", "simple_maths_1", "simple_maths_100", "odds_ratio",
    "relative_risk", "bic_2term", "bic_full", "ell", "difference_coefficient", "log_odds_z_100",
]


def make_keyness():
    rows = []
    for i, (a, b, c, d, src) in enumerate(KEYNESS_CASES):
        ref = keyness_reference(a, b, c, d)
        rows.append([i, a, b, c, d, src] + [ref[k] for k in KEYNESS_COLS])
    write("stats_keyness.csv", ["case", "a", "b", "c", "d", "source"] + KEYNESS_COLS, rows)


# ---------------------------------------------------------------- fisher
FISHER_CASES = [
    (8, 1, 10, 6), (1, 5, 10, 6), (3, 1, 4, 4), (0, 0, 5, 5), (5, 5, 5, 5), (0, 7, 20, 20),
    (7, 0, 20, 20), (10, 20, 1_000, 2_000), (30, 10, 10_000, 20_000), (5, 40, 10_000, 20_000),
    (1, 0, 1_000_000, 1_000_000), (12, 3, 37_000_000, 40_000_000),
    (120, 950, 37_000_000, 2_000_000_000), (5, 1, 1_000_000_000, 1_200_000_000),
    (2_000, 2_050, 1_000_000, 1_000_000), (50, 70, 50, 70), (100, 5, 100, 1_000),
    (4, 6, 10, 15), (1, 2, 3, 6), (0, 1, 1, 1),
]


def make_fisher():
    rows = []
    for i, (a, b, c, d) in enumerate(FISHER_CASES):
        table = [[a, b], [c - a, d - b]]
        ps = [fisher_exact(table, alternative=alt).pvalue for alt in ("greater", "less", "two-sided")]
        rows.append([i, a, b, c, d] + ps)
    write("stats_fisher.csv", ["case", "a", "b", "c", "d", "p_greater", "p_less", "p_two_sided"], rows)


# ---------------------------------------------------------------- adjust_p
P_FAMILIES = {
    0: [0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.04],
    1: [0.001, NAN, 0.02, 0.02, NAN, 0.9, 1.0, 0.0],
    2: [1e-300, 1e-12, 0.049, 0.051, 0.6],
    3: [0.3],
}


def make_adjust():
    rows = []
    for fam, ps in P_FAMILIES.items():
        p = np.array(ps)
        ok = ~np.isnan(p)
        res = {}
        for method in ("bonferroni", "holm", "fdr_bh"):
            out = np.full(p.shape, np.nan)
            out[ok] = multipletests(p[ok], method=method)[1]
            res[method] = out
        for j, pv in enumerate(ps):
            rows.append([fam, j, pv, res["bonferroni"][j], res["holm"][j], res["fdr_bh"][j]])
    write("stats_adjust_p.csv", ["family", "index", "p", "bonferroni", "holm", "fdr_bh"], rows)


# ---------------------------------------------------------------- association
# (o11, f_node, f_collocate, n)
ASSOC_CASES = [
    (20, 100, 200, 100_000), (1, 1, 1, 10), (3, 50, 60, 1_000), (0, 40, 30, 5_000),
    (30, 30, 30, 30_000), (5, 1_000, 2_000, 1_000_000), (100, 150, 120, 10_000_000),
    (2, 300, 600, 1_000), (40, 60, 70, 100), (1_500, 80_000, 25_000, 1_000_000_000),
]


def assoc_reference(o, fn, fc, n):
    e = Fraction(fn * fc, n)
    row = {}
    row["mi"] = float((dec(Fraction(o) / e)).ln() / Decimal(2).ln()) if o else -INF
    row["mi3"] = float((dec(Fraction(o) ** 3 / e)).ln() / Decimal(2).ln()) if o else -INF
    row["t_score"] = float(dec(o - e) / Decimal(o).sqrt()) if o else -INF
    row["z_score"] = float(dec(o - e) / dec(e).sqrt())
    dice = Fraction(2 * o, fn + fc)
    row["dice"] = float(dice)
    row["log_dice"] = 14 + float(dec(dice).ln() / Decimal(2).ln()) if o else -INF
    row["delta_p_cn"] = float(Fraction(o, fn) - Fraction(fc - o, n - fn))
    row["delta_p_nc"] = float(Fraction(o, fc) - Fraction(fn - o, n - fc))
    o12, o21, o22 = fn - o, fc - o, n - fn - fc + o
    num, den = o * o22, o12 * o21
    row["odds_ratio"] = (NAN if num == 0 else INF) if den == 0 else float(Fraction(num, den))
    obs = [o, o12, o21, o22]
    exp = [e, fn - e, fc - e, n - fn - fc + e]
    row["log_likelihood"] = sign(o - e) * float(g2_cells(obs, exp))
    m = BigramAssocMeasures
    row["nltk_pmi"] = m.pmi(o, (fn, fc), n) if o else -INF
    row["nltk_student_t"] = m.student_t(o, (fn, fc), n)
    row["nltk_dice"] = m.dice(o, (fn, fc), n)
    row["nltk_likelihood_ratio"] = m.likelihood_ratio(o, (fn, fc), n)
    row["nltk_chi_sq"] = m.chi_sq(o, (fn, fc), n)
    return row


ASSOC_COLS = ["mi", "mi3", "t_score", "z_score", "dice", "log_dice", "delta_p_cn", "delta_p_nc",
              "odds_ratio", "log_likelihood", "nltk_pmi", "nltk_student_t", "nltk_dice",
              "nltk_likelihood_ratio", "nltk_chi_sq"]


def make_assoc():
    rows = []
    for i, (o, fn, fc, n) in enumerate(ASSOC_CASES):
        ref = assoc_reference(o, fn, fc, n)
        rows.append([i, o, fn, fc, n] + [ref[k] for k in ASSOC_COLS])
    write("stats_association.csv", ["case", "o11", "f_node", "f_collocate", "n"] + ASSOC_COLS, rows)


# ---------------------------------------------------------------- dispersion
# Gries (2008) toy corpus: 50 words in 5 parts of 9, 10, 10, 10, 11 words;
# "a" occurs 1, 2, 3, 4, 5 times and "b" twice in every part. Gries reports DP = 0.18 for "a".
GRIES_SIZES = [9, 10, 10, 10, 11]
DISP_CASES = [
    ("gries2008 a", [1, 2, 3, 4, 5], GRIES_SIZES),
    ("gries2008 b", [2, 2, 2, 2, 2], GRIES_SIZES),
    ("one part only", [0, 0, 0, 0, 3], GRIES_SIZES),
    ("first part only", [4, 0, 0, 0, 0], GRIES_SIZES),
    ("proportional to sizes", [9, 10, 10, 10, 11], GRIES_SIZES),
    ("absent", [0, 0, 0, 0, 0], GRIES_SIZES),
    ("equal sizes", [3, 0, 1, 0, 6], [1, 1, 1, 1, 1]),
    ("news months", [120, 45, 0, 300, 77], [2_000_000, 1_500_000, 900_000, 3_100_000, 1_750_000]),
]


def disp_reference(v, sizes):
    k = len(v)
    f = sum(v)
    s = [Fraction(x, sum(sizes)) for x in sizes]
    rng = sum(1 for x in v if x > 0)
    if f == 0:
        return rng, NAN, NAN, NAN
    dpv = sum(abs(Fraction(x, f) - sj) for x, sj in zip(v, s)) / 2
    dpn = dpv / (1 - min(s))
    rel = [Fraction(x, sz) for x, sz in zip(v, sizes)]
    mu = sum(rel) / k
    var = sum((r - mu) ** 2 for r in rel) / k  # population variance (Juilland's sigma)
    jd = 1 - (dec(var).sqrt() / dec(mu)) / Decimal(k - 1).sqrt()
    return rng, float(dpv), float(dpn), float(jd)


def make_dispersion():
    rows = []
    for i, (src, v, sizes) in enumerate(DISP_CASES):
        rng, dpv, dpn, jd = disp_reference(v, sizes)
        rows.append([i, src, " ".join(map(str, v)), " ".join(map(str, sizes)), rng, dpv, dpn, jd])
    # sanity on the published number
    assert abs(rows[0][5] - 0.18) < 1e-15
    # and the sample-SD variant differs (documented in juilland_d)
    assert statistics.stdev([1 / 9, 0.2, 0.3, 0.4, 5 / 11]) > 0
    write("stats_dispersion.csv",
          ["case", "source", "counts", "part_sizes", "range", "dp", "dp_norm", "juilland_d"], rows)


if __name__ == "__main__":
    make_keyness()
    make_fisher()
    make_adjust()
    make_assoc()
    make_dispersion()
    print(f"written with numpy {np.__version__}, scipy {scipy.__version__}, "
          f"statsmodels {statsmodels.__version__}")
