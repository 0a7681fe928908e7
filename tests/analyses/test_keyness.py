"""Keyness tables: hand-counted values, conventions, references, grids, errors, CLI."""

from __future__ import annotations

import functools
import json
import math
import os

import numpy as np
import pandas as pd
import pytest

from corpus_tools import stats
from corpus_tools._compat import READ_CSV_EXACT, STR_DTYPE
from corpus_tools.corpus.corpus import Corpus
from corpus_tools.analyses import keyness as keyness_module
from corpus_tools.analyses.keyness import KEYNESS_COLUMNS, read_frequency_list

# These tests check the arithmetic of every row of tiny corpora, so they switch
# the default noise filters off (min_freq=0, min_range=0; a call may still set
# them); tests/analyses/test_keyness_defaults.py tests the defaults themselves.
keyness = functools.partial(keyness_module.keyness, min_freq=0, min_range=0)
keyness_grid = functools.partial(keyness_module.keyness_grid, min_freq=0, min_range=0)


def make(rows):
    """Corpus from (doc_id, outlet, date, text) rows, titles empty."""
    docs = pd.DataFrame(rows, columns=["doc_id", "outlet", "date", "text"])
    docs["date"] = pd.to_datetime(docs["date"])
    docs["title"] = ""
    return Corpus.from_documents(docs[["doc_id", "outlet", "date", "title", "text"]])


@pytest.fixture(scope="module")
def hand():
    # Word tokens by hand: A = 3 + 3 = 6, B = 3 + 4 + 1 = 8 (punctuation not counted).
    return make([
        ("a1", "A", "2016-01-10", "rain rain sun."),
        ("a2", "A", "2016-02-10", "Rain wind, rain!"),
        ("b1", "B", "2016-01-20", "sun sun wind."),
        ("b2", "B", "2016-02-20", "sun fog fog fog."),
        ("b3", "B", "2016-03-20", "Wind."),
    ])


def plain(frame):
    """The grid's categorical columns as str, to compare with a single table."""
    frame = frame.reset_index(drop=True).copy()
    for col in frame.columns:
        if isinstance(frame[col].dtype, pd.CategoricalDtype):
            frame[col] = frame[col].astype(STR_DTYPE)
    return frame


def g2_by_hand(a, b, c, d):
    """Dunning's G2 over the full 2x2 table, signed, written out with math.log."""
    n = c + d
    cells = [(a, c * (a + b) / n), (b, d * (a + b) / n),
             (c - a, c * (n - a - b) / n), (d - b, d * (n - a - b) / n)]
    g2 = 2 * sum(o * math.log(o / e) for o, e in cells if o > 0)
    return math.copysign(g2, a / c - b / d)


def log_ratio_by_hand(a, b, c, d):
    return math.log2(((a or 0.5) / c) / ((b or 0.5) / d))


# (term, freq_target, freq_reference, range_target, range_reference, dp_target, dp_reference)
HAND = {
    "rain": (4, 0, 2, 0, 0.0, None),
    # sun in B: counts (2, 1, 0) over sizes (3, 4, 1)/8:
    # 0.5 * (|2/3 - 3/8| + |1/3 - 4/8| + |0 - 1/8|) = 0.5 * 0.58333... = 0.291666...
    "sun": (1, 3, 1, 2, 0.5, 0.5 * (abs(2 / 3 - 3 / 8) + abs(1 / 3 - 4 / 8) + 1 / 8)),
    "wind": (1, 2, 1, 2, 0.5, 0.5 * (abs(1 / 2 - 3 / 8) + 4 / 8 + abs(1 / 2 - 1 / 8))),
    "fog": (0, 3, 0, 1, None, 0.5 * (3 / 8 + abs(1 - 4 / 8) + 1 / 8)),
}


def check_hand_table(table, c=6, d=8, reference_has_documents=True):
    assert list(table.columns) == [
        "term", "freq_target", "freq_reference", "per_million_target", "per_million_reference",
        "range_target", "range_reference", "dp_target", "dp_reference", "log_likelihood", "log_ratio",
        "p", "p_adjusted", "direction"]
    # G2 by hand: rain +6.98, wind -0.05, sun -0.48, fog -5.40 -> this order (descending, signed).
    assert table["term"].tolist() == ["rain", "wind", "sun", "fog"]
    for row in table.itertuples(index=False):
        a, b, rt, rr, dpt, dpr = HAND[row.term]
        assert (row.freq_target, row.freq_reference) == (a, b)
        assert row.per_million_target == pytest.approx(a * 1e6 / c, rel=1e-15)
        assert row.per_million_reference == pytest.approx(b * 1e6 / d, rel=1e-15)
        assert row.range_target == rt
        assert row.log_likelihood == pytest.approx(g2_by_hand(a, b, c, d), rel=1e-12)
        assert row.log_ratio == pytest.approx(log_ratio_by_hand(a, b, c, d), rel=1e-12)
        assert row.direction == ("target" if a / c > b / d else "reference")
        assert row.p == pytest.approx(math.erfc(math.sqrt(abs(g2_by_hand(a, b, c, d)) / 2)), rel=1e-9)
        if dpt is None:
            assert math.isnan(row.dp_target)
        else:
            assert row.dp_target == pytest.approx(dpt, abs=1e-15)
        if reference_has_documents:
            assert row.range_reference == rr
            if dpr is None:
                assert math.isnan(row.dp_reference)
            else:
                assert row.dp_reference == pytest.approx(dpr, abs=1e-15)
        else:
            assert pd.isna(row.range_reference) and math.isnan(row.dp_reference)


def test_hand_counted_table(hand):
    table = keyness(hand, target={"outlet": "A"})
    check_hand_table(table)
    assert table.attrs["c_target_words"] == 6 and table.attrs["d_reference_words"] == 8
    assert table.attrs["reference"] == "rest"
    # Benjamini-Hochberg over the four rows.
    np.testing.assert_allclose(table["p_adjusted"], stats.adjust_p(table["p"], method="fdr_bh"))


def test_reference_selector_equals_rest(hand):
    a = keyness(hand, target={"outlet": "A"})
    b = keyness(hand, target={"outlet": "A"}, reference={"outlet": "B"})
    pd.testing.assert_frame_equal(a, b)


def test_sign_convention_and_negative_keywords(hand):
    table = keyness(hand, target={"outlet": "A"}).set_index("term")
    assert table.loc["rain", "log_likelihood"] > 0 and table.loc["rain", "log_ratio"] > 0
    # fog never occurs in the target: a negative keyword, kept, with zero target counts.
    assert table.loc["fog", "freq_target"] == 0 and table.loc["fog", "range_target"] == 0
    assert table.loc["fog", "log_likelihood"] < 0 and table.loc["fog", "log_ratio"] < 0
    assert table.loc["fog", "direction"] == "reference"
    # Swapping target and reference flips every sign.
    swapped = keyness(hand, target={"outlet": "B"}).set_index("term")
    for term in table.index:
        assert swapped.loc[term, "log_likelihood"] == pytest.approx(-table.loc[term, "log_likelihood"])
        assert swapped.loc[term, "log_ratio"] == pytest.approx(-table.loc[term, "log_ratio"])


def test_equal_direction_and_term_tiebreak():
    corpus = make([("a", "A", "2016-01-01", "x y"), ("b", "B", "2016-01-01", "y x")])
    table = keyness(corpus, target={"outlet": "A"})
    assert table["term"].tolist() == ["x", "y"]  # equal scores: term ascending
    assert table["direction"].tolist() == ["equal", "equal"]
    assert (table["log_likelihood"] == 0).all()


def test_dp_matches_stats_dp(hand):
    table = keyness(hand, target={"outlet": "B"}).set_index("term")
    counts = np.array([[2, 1, 0], [1, 0, 1], [0, 3, 0]])
    np.testing.assert_allclose(table.loc[["sun", "wind", "fog"], "dp_target"],
                               stats.dp(counts, [3, 4, 1]), atol=1e-15)


def test_min_freq_and_min_range(hand):
    table = keyness(hand, target={"outlet": "A"}, min_freq=3)
    # kept if >= 3 on the side the term is key for: rain (4 of 6 words in A), sun (3 of 8 in B),
    # fog (3 in B); wind (1 in A, 2 in B: key for B with 2) goes.
    assert sorted(table["term"]) == ["fog", "rain", "sun"]
    assert table.attrs["min_freq"] == 3
    table = keyness(hand, target={"outlet": "A"}, min_range=2)
    # range >= 2 on the side it is key for: rain (2 in A), sun (2 in B), wind (2 in B); fog (1 in B) goes.
    assert sorted(table["term"]) == ["rain", "sun", "wind"]
    # The correction family is the rows kept.
    np.testing.assert_allclose(table["p_adjusted"], stats.adjust_p(table["p"], method="fdr_bh"))


def test_stopwords_and_surface_unit(hand):
    table = keyness(hand, target={"outlet": "A"}, stopwords=["RAIN"])
    assert "rain" not in set(table["term"])
    surface = keyness(hand, target={"outlet": "A"}, unit="surface").set_index("term")
    assert surface.loc["Rain", "freq_target"] == 1 and surface.loc["rain", "freq_target"] == 3
    assert surface.loc["Wind", "freq_reference"] == 1 and surface.loc["wind", "freq_reference"] == 1


def test_corrections_and_p_measure(hand):
    bonf = keyness(hand, target={"outlet": "A"}, correction="bonferroni")
    np.testing.assert_allclose(bonf["p_adjusted"], np.minimum(bonf["p"] * 4, 1))
    none = keyness(hand, target={"outlet": "A"}, correction=None)
    assert none["p_adjusted"].isna().all()
    fisher = keyness(hand, target={"outlet": "A"}, p_measure="fisher_exact").set_index("term")
    from scipy.stats import fisher_exact
    assert fisher.loc["rain", "p"] == pytest.approx(fisher_exact([[4, 0], [2, 8]]).pvalue, rel=1e-12)


def test_ngrams_stay_inside_sentences():
    corpus = make([("a", "A", "2016-01-01", "Rain, rain sun. Sun rain."),
                   ("b", "B", "2016-01-01", "sun rain sun")])
    table = keyness(corpus, target={"outlet": "A"}, ngram=2).set_index("term")
    # A: "rain rain", "rain sun" | "sun rain" (no bigram across the full stop); B: "sun rain", "rain sun".
    assert table["freq_target"].to_dict() == {"rain rain": 1, "rain sun": 1, "sun rain": 1}
    assert table["freq_reference"].to_dict() == {"rain rain": 0, "rain sun": 1, "sun rain": 1}
    # Sizes stay word tokens, whatever the n-gram length.
    assert table.attrs["c_target_words"] == 5 and table.attrs["d_reference_words"] == 3


def test_reference_frequency_list_csv_and_mapping(hand, tmp_path):
    selected = keyness(hand, target={"outlet": "A"}, reference={"outlet": "B"})
    path = tmp_path / "ref.csv"
    path.write_text("word,count\nsun,3\nWind,1\nwind,1\nfog,3\n__total__,8\n", encoding="utf-8")
    listed = keyness(hand, target={"outlet": "A"}, reference=path)
    check_hand_table(listed, reference_has_documents=False)
    cols = ["term", "freq_target", "freq_reference", "log_likelihood", "log_ratio", "p", "p_adjusted"]
    pd.testing.assert_frame_equal(listed[cols], selected[cols])
    series = keyness(hand, target={"outlet": "A"}, reference=pd.Series({"sun": 3, "wind": 2, "fog": 3}),
                     total=8)
    pd.testing.assert_frame_equal(series[cols], selected[cols])
    as_dict = keyness(hand, target={"outlet": "A"}, reference={"sun": 3, "wind": 2, "fog": 3, "__total__": 8})
    pd.testing.assert_frame_equal(as_dict[cols], selected[cols])


def test_reference_list_term_absent_from_corpus(hand):
    table = keyness(hand, target={"outlet": "A"}, reference={"hail": 2, "sun": 1}, total=10).set_index("term")
    assert table.loc["hail", "freq_target"] == 0 and table.loc["hail", "freq_reference"] == 2
    assert table.loc["hail", "range_target"] == 0


def test_reference_other_corpus_equals_selection(hand):
    other = make([("b1", "B", "2016-01-20", "sun sun wind."), ("b2", "B", "2016-02-20", "sun fog fog fog."),
                  ("b3", "B", "2016-03-20", "Wind.")])
    selected = keyness(hand, target={"outlet": "A"})
    from_corpus = keyness(hand, target={"outlet": "A"}, reference=other)
    pd.testing.assert_frame_equal(from_corpus, selected, check_dtype=True)


def test_target_selectors(hand):
    by_month = keyness(hand, target={"month": "2016-01"})
    assert by_month.attrs["documents_target"] == 2
    by_date = keyness(hand, target={"date": ("2016-01-01", "2016-01-31")})
    pd.testing.assert_frame_equal(by_month.drop(columns=[]), by_date, check_like=False)
    by_mask = keyness(hand, target=lambda docs: docs["outlet"] == "A")
    check_hand_table(by_mask)
    by_list = keyness(hand, target={"doc_id": ["a1", "a2"]})
    check_hand_table(by_list)


def test_grid_corrects_across_all_rows(hand):
    corpus = make([
        ("a1", "A", "2016-01-10", "rain rain sun."), ("a2", "A", "2016-02-10", "Rain wind, rain!"),
        ("b1", "B", "2016-01-20", "sun sun wind."), ("b2", "B", "2016-02-20", "sun fog fog fog."),
        ("c1", "C", "2016-03-01", "fog rain hail"), ("u1", "C", None, "hail hail"),
    ])
    grid = keyness_grid(corpus, by="outlet")
    assert list(grid.columns[:2]) == ["outlet", "term"]
    assert grid["outlet"].unique().tolist() == ["A", "B", "C"]
    np.testing.assert_allclose(grid["p_adjusted"], stats.adjust_p(grid["p"].to_numpy(), method="fdr_bh"))
    for outlet in "ABC":
        single = keyness(corpus, target={"outlet": outlet}, correction=None)
        part = plain(grid[grid["outlet"] == outlet].drop(columns="outlet"))
        pd.testing.assert_frame_equal(part.drop(columns="p_adjusted"), single.drop(columns="p_adjusted"),
                                      rtol=1e-12)
    # Bonferroni makes the family size visible: every row of every group counts.
    bonf = keyness_grid(corpus, by="outlet", correction="bonferroni")
    np.testing.assert_allclose(bonf["p_adjusted"], np.minimum(bonf["p"] * len(bonf), 1.0))
    # Undated documents are excluded from a period grid and counted.
    monthly = keyness_grid(corpus, by="month")
    assert monthly.attrs["documents_unlabelled"] == 1
    assert set(monthly["month"]) == {"2016-01", "2016-02", "2016-03"}
    assert "hail" in set(monthly["term"])
    hail = monthly[monthly["term"] == "hail"].set_index("month")
    # Only c1's one "hail" counts: the undated u1 ("hail hail") is in no group and in no reference.
    assert hail["freq_target"].to_dict() == {"2016-01": 0, "2016-02": 0, "2016-03": 1}
    assert hail["freq_reference"].to_dict() == {"2016-01": 1, "2016-02": 1, "2016-03": 0}


def test_grid_rest_dp_equals_direct_computation():
    # The grid computes the reference DP of "rest" by a sorted prefix-sum shortcut;
    # it must agree with the direct per-table computation on a messy random corpus.
    rng = np.random.default_rng(7)
    vocab = [f"w{i}" for i in range(40)]
    rows = []
    for i in range(60):
        n = int(rng.integers(0, 30))
        words = rng.choice(vocab, size=n, p=np.arange(40, 0, -1) / 820)
        rows.append((f"d{i}", "ABCDE"[i % 5] if i % 7 else "A", "2016-01-01", " ".join(words)))
    corpus = make(rows)
    grid = keyness_grid(corpus, by="outlet", correction=None)
    for outlet in "ABCDE":
        single = keyness(corpus, target={"outlet": outlet}, correction=None)
        part = plain(grid[grid["outlet"] == outlet].drop(columns="outlet"))
        np.testing.assert_array_equal(part["term"], single["term"])
        np.testing.assert_allclose(part["dp_reference"], single["dp_reference"], rtol=0, atol=1e-13)
        np.testing.assert_array_equal(part["range_reference"], single["range_reference"])
        np.testing.assert_array_equal(part["log_likelihood"], single["log_likelihood"])


def test_grid_previous(hand):
    grid = keyness_grid(hand, by="month", reference="previous")
    assert grid["month"].unique().tolist() == ["2016-02", "2016-03"]
    assert grid.attrs["notes"] == ["group ['2016-01'] has no previous group: skipped"]
    for month, prev in (("2016-02", "2016-01"), ("2016-03", "2016-02")):
        single = keyness(hand, target={"month": month}, reference={"month": prev}, correction=None)
        part = plain(grid[grid["month"] == month].drop(columns=["month", "p_adjusted"]))
        pd.testing.assert_frame_equal(part, single.drop(columns="p_adjusted"), rtol=1e-12)
    # Two columns: "previous" steps through months within each outlet.
    two = keyness_grid(hand, by=["outlet", "period=month"], reference="previous")
    assert list(two.columns[:3]) == ["outlet", "month", "term"]
    pairs = two[["outlet", "month"]].drop_duplicates().values.tolist()
    assert pairs == [["A", "2016-02"], ["B", "2016-02"], ["B", "2016-03"]]


def test_csv_export_identical_bytes_and_round_trip(hand, tmp_path):
    from corpus_tools.report.export import sidecar_path, to_csv

    paths = []
    for run in ("one", "two"):
        table = keyness(hand, target={"outlet": "A"})
        paths.append(to_csv(table, tmp_path / f"{run}.csv", corpus=hand))
    assert paths[0].read_bytes() == paths[1].read_bytes()
    meta = [sidecar_path(p).read_text(encoding="utf-8").replace(p.name, "X") for p in paths]
    assert meta[0] == meta[1]
    raw = paths[0].read_bytes()
    assert b"\r" not in raw and raw.startswith(b"term,freq_target,freq_reference,")
    back = pd.read_csv(paths[0], keep_default_na=True, **READ_CSV_EXACT)
    for col in ("per_million_target", "log_likelihood", "log_ratio", "p", "p_adjusted", "dp_reference"):
        np.testing.assert_array_equal(back[col].to_numpy(dtype=float), table[col].to_numpy(dtype=float))
    info = json.loads(sidecar_path(paths[0]).read_text(encoding="utf-8"))
    assert info["column_order"] == list(table.columns)
    assert set(info["columns"]) == set(table.columns)
    assert info["parameters"]["target"] == "{outlet='A'}" and info["parameters"]["correction"] == "fdr_bh"
    assert info["corpus"]["word_tokens"] == 14 and info["corpus"]["documents"] == 5
    assert len(info["corpus"]["fingerprint_sha256"]) == 64
    assert "versions" in info and "timestamp" not in json.dumps(info)


def test_every_column_is_described():
    for measure in stats.KEYNESS_MEASURES:
        assert measure in KEYNESS_COLUMNS


@pytest.mark.parametrize("kwargs, error, match", [
    ({"measures": ["ll"]}, ValueError, r"'measures' parameter of keyness\(\) must be one of .*'log_likelihood'.*Got 'll'"),
    ({"measures": []}, ValueError, r"'measures' parameter .* at least one"),
    ({"measures": ["log_ratio", "log_ratio"]}, ValueError, r"'measures' .* must not repeat"),
    ({"unit": "upper"}, ValueError, r"'unit' parameter of keyness\(\) must be one of \{'lower', 'surface'\}"),
    ({"ngram": 0}, ValueError, r"'ngram' parameter of keyness\(\) must be an int in the range \[1, 5\]"),
    ({"ngram": 1.5}, TypeError, r"'ngram' parameter of keyness\(\) must be an int"),
    ({"min_freq": -1}, ValueError, r"'min_freq' parameter of keyness\(\) must be an int in the range \[0, inf\]"),
    ({"min_range": "2"}, TypeError, r"'min_range' parameter of keyness\(\) must be an int"),
    ({"correction": "fdr"}, ValueError, r"'correction' parameter of keyness\(\) must be one of \{'fdr_bh', 'bonferroni', 'holm', None\}"),
    ({"p_measure": "g2"}, ValueError, r"'p_measure' parameter of keyness\(\) must be one of \{'log_likelihood'"),
    ({"stopwords": "the"}, TypeError, r"'stopwords' parameter of keyness\(\) must be a collection"),
    ({"target": {"outlet": "Z"}}, ValueError, r"target selection \{outlet='Z'\} matched no documents"),
    ({"reference": {"outlet": "Z"}}, ValueError, r"reference selection \{outlet='Z'\} matched no documents"),
    ({"target": {"outlet": ["A", "B"]}}, ValueError, r"reference 'rest' is empty"),
    ({"target": "outlet=A"}, TypeError, r"'target' parameter of keyness\(\) must be a dict of selectors"),
    ({"target": [True, False]}, ValueError, r"'target' parameter of keyness\(\) gave 2 booleans for 5 documents"),
    ({"total": 100}, ValueError, r"'total' parameter of keyness\(\) is only for a frequency-list reference"),
    ({"reference": {"rain": 3}}, ValueError, r"'total' parameter is required"),
    ({"reference": {"rain": 3}, "total": 2}, ValueError, r"total 2 is smaller than the sum"),
    ({"reference": {"rain": -3}, "total": 2}, ValueError, r"count of 'rain' must be a non-negative integer"),
])
def test_invalid_parameters(hand, kwargs, error, match):
    options = {"target": {"outlet": "A"}, **kwargs}
    with pytest.raises(error, match=match):
        keyness(hand, **options)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"reference": "next"}, ValueError, r"'reference' parameter of keyness_grid\(\) must be one of \{'rest', 'previous'\}"),
    ({"by": "colour"}, ValueError, r"'by' parameter must be a documents column"),
    ({"by": ["outlet", "outlet"]}, ValueError, r"names the same column twice"),
    ({"by": 3}, TypeError, r"'by' parameter of keyness_grid\(\) must be a str or a list"),
    ({"measures": "g2"}, ValueError, r"'measures' parameter of keyness_grid\(\) must be one of"),
    ({"min_documents": 0}, ValueError, r"'min_documents' parameter of keyness_grid\(\)"),
])
def test_invalid_grid_parameters(hand, kwargs, error, match):
    with pytest.raises(error, match=match):
        keyness_grid(hand, **kwargs)


def test_frequency_list_csv_errors(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("token,n\nrain,3\n", encoding="utf-8")
    with pytest.raises(ValueError, match="header 'word,count'"):
        read_frequency_list(bad, total=10)
    both = tmp_path / "both.csv"
    both.write_text("word,count\nrain,3\n__total__,10\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"'total' parameter \(11\) disagrees"):
        read_frequency_list(both, total=11)


def test_brown_reference(hand):
    if not os.environ.get("NLTK_DATA"):
        pytest.skip("needs NLTK_DATA pointing at ../shared/data/nltk_data (set in CI)")
    from corpus_tools.errors import DataMissingError

    try:
        table = keyness(hand, target={"outlet": "A"}, reference="brown")
    except DataMissingError as error:
        pytest.skip(f"NLTK's brown corpus is not installed here: {error}")
    assert table.attrs["reference"] == "brown (NLTK)" and table.attrs["documents_reference"] == 500
    from corpus_tools.analyses.keyness import _brown_corpus

    assert table.attrs["d_reference_words"] == _brown_corpus(hand).n_words > 900_000
    rain = table.set_index("term").loc["rain"]
    assert rain["freq_target"] == 4 and rain["freq_reference"] > 0


def test_overlapping_reference_whole_corpus(hand):
    # reference={} selects every document: the target is part of its reference.
    table = keyness(hand, target={"outlet": "A"}, reference={}).set_index("term")
    assert table.attrs["d_reference_words"] == 14 and table.attrs["overlap_documents"] == 2
    assert table.loc["rain", "freq_reference"] == 4 and table.loc["rain", "range_reference"] == 2
    assert table.loc["sun", "freq_target"] == 1 and table.loc["sun", "freq_reference"] == 4
    assert table.loc["rain", "log_likelihood"] == pytest.approx(g2_by_hand(4, 4, 6, 14), rel=1e-12)


# --------------------------------------------------------------------------
# fast paths: each one against the plain computation it replaces
# --------------------------------------------------------------------------

def random_corpus(seed=3, n_docs=80, n_outlets=5):
    rng = np.random.default_rng(seed)
    vocab = [f"w{i}" for i in range(60)] + [f"W{i}" for i in range(10)]
    weights = 1.0 / np.arange(1, len(vocab) + 1)
    rows = []
    for i in range(n_docs):
        words = rng.choice(vocab, size=int(rng.integers(0, 40)), p=weights / weights.sum())
        date = None if i % 11 == 0 else f"2016-0{1 + i % 3}-01"
        rows.append((f"d{i}", "ABCDEFG"[i % n_outlets], date, " ".join(words) + "."))
    return make(rows)


def exact_dp(counts, sizes):
    """Gries's DP with fractions (no rounding until the end)."""
    from fractions import Fraction

    total, f = sum(sizes), sum(counts)
    return float(Fraction(1, 2) * sum(abs(Fraction(v, f) - Fraction(z, total)) for v, z in zip(counts, sizes)))


def test_dp_is_correctly_rounded_and_order_free():
    corpus = random_corpus()
    table = keyness(corpus, target={"outlet": "A"}).set_index("term")
    matrix, terms = corpus.document_term_matrix()
    matrix = matrix.toarray()
    sizes = corpus.word_counts()
    is_a = (corpus.documents["outlet"] == "A").to_numpy()
    for column, rows in (("dp_target", is_a), ("dp_reference", ~is_a)):
        for term in table.index[:40]:
            j = int(np.flatnonzero(terms == term)[0])
            counts = matrix[rows, j]
            want = exact_dp(counts.tolist(), sizes[rows].tolist()) if counts.sum() else math.nan
            got = table.loc[term, column]
            assert (math.isnan(want) and math.isnan(got)) or got == pytest.approx(want, rel=1e-15, abs=1e-16)


def test_rest_equals_complement_selection_exactly():
    # "rest" uses the corpus-wide sorted index; a selector reference computes directly.
    corpus = random_corpus(5)
    for outlet in "ABCDE":
        rest = keyness(corpus, target={"outlet": outlet}, measures=("log_likelihood", "chi_square"))
        other = [o for o in "ABCDE" if o != outlet]
        direct = keyness(corpus, target={"outlet": outlet}, reference={"outlet": other},
                         measures=("log_likelihood", "chi_square"))
        rest.attrs, direct.attrs = {}, {}
        pd.testing.assert_frame_equal(rest, direct, check_exact=True)


def test_grid_equals_single_tables_exactly():
    corpus = random_corpus(9)
    for by, reference in (("outlet", "rest"), ("month", "rest"), ("month", "previous")):
        grid = keyness_grid(corpus, by=by, reference=reference, correction=None)
        for label in grid[by].cat.categories:
            if reference == "rest":
                ref = "rest" if by == "outlet" else {by: [x for x in grid[by].cat.categories if x != label]}
            else:
                labels = sorted(corpus.group_labels(by).dropna().unique())
                ref = {by: labels[labels.index(label) - 1]}
            single = keyness(corpus, target={by: label}, reference=ref, correction=None)
            part = plain(grid[grid[by] == label].drop(columns=by))
            pd.testing.assert_frame_equal(part, single, check_exact=True)


def test_grid_p_adjusted_equals_stats_adjust_p_exactly():
    corpus = random_corpus(11)
    for method in ("fdr_bh", "holm", "bonferroni"):
        grid = keyness_grid(corpus, by="outlet", correction=method)
        want = stats.adjust_p(grid["p"].to_numpy(), method=method)
        np.testing.assert_array_equal(grid["p_adjusted"].to_numpy(), want)


def test_adjust_tied_equals_adjust_p_on_the_expanded_family():
    from corpus_tools.analyses.keyness import _adjust_tied

    rng = np.random.default_rng(0)
    for _ in range(20):
        distinct = rng.choice([0.0, 1e-300, 0.01, 0.05, 0.05, 0.3, 1.0, np.nan], size=12)
        distinct[:4] = rng.random(4)
        counts = rng.integers(1, 5, size=len(distinct))
        expanded = np.repeat(distinct, counts)
        for method in ("fdr_bh", "holm", "bonferroni"):
            got = np.repeat(_adjust_tied(distinct, counts, method), counts)
            np.testing.assert_array_equal(got, stats.adjust_p(expanded, method=method))


def test_row_order_equals_three_key_lexsort():
    from corpus_tools.analyses.keyness import _row_order

    rng = np.random.default_rng(4)
    for _ in range(20):
        key = rng.choice([np.nan, -0.0, 0.0, 1.5, -2.0, np.inf, -np.inf, 3.25], size=15)
        inverse = rng.integers(0, len(key), size=200)
        term_rank = rng.permutation(200)
        row_key = key[inverse]
        want = np.lexsort((term_rank, -np.nan_to_num(row_key, nan=0.0), np.isnan(row_key)))
        np.testing.assert_array_equal(_row_order(key, inverse, term_rank), want)


def test_fallback_paths_give_the_same_tables(monkeypatch):
    from corpus_tools.counts import terms as K

    corpus = random_corpus(13)
    fast = keyness(corpus, target={"outlet": "B"})
    grid = keyness_grid(corpus, by="month")
    # Huge corpora: the float split of the rest index is no longer exact, and
    # float sums of integers need splitting; both fallbacks must agree.
    monkeypatch.setattr(K, "_SPLIT_EXACT", 0)
    monkeypatch.setattr(K, "_EXACT", 0)
    corpus.drop_cached()
    pd.testing.assert_frame_equal(keyness(corpus, target={"outlet": "B"}), fast, check_exact=True)
    pd.testing.assert_frame_equal(keyness_grid(corpus, by="month"), grid, check_exact=True)
    index = K.term_document_counts(corpus, "lower", 1).rest_index(None)
    assert not index.exact
