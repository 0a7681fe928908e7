"""Keyness tables a researcher can publish: sign-consistent effect sizes, default filters, top-N grids.

The corpora are made up here: random words of an invented vocabulary, with
the target and the reference of very different sizes, so that zero cells and
their substitutions occur in every table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from corpus_tools import stats
from corpus_tools.analyses.keyness import (
    DEFAULT_MIN_FREQ,
    DEFAULT_MIN_RANGE,
    SIGNED_EFFECTS,
    SIGNED_STATISTICS,
    keyness,
    keyness_grid,
)
from corpus_tools.corpus.corpus import Corpus
from small_corpora import make_corpus

SIGNED = [*SIGNED_STATISTICS, *SIGNED_EFFECTS]
DIRECTION_SIGN = {"target": 1, "reference": -1, "equal": 0}


def random_corpus(seed: int, sizes: dict, words_per_doc: int = 20, vocabulary: int = 400) -> Corpus:
    """Documents of Zipf-distributed invented words; ``sizes`` maps outlet -> documents."""
    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, vocabulary + 1)
    weights /= weights.sum()
    texts, outlets, dates = [], [], []
    for outlet, n_docs in sizes.items():
        for i in range(n_docs):
            words = rng.choice(vocabulary, size=words_per_doc, p=weights)
            texts.append(" ".join(f"w{w}" for w in words))
            outlets.append(outlet)
            dates.append(f"2020-{1 + i % 6:02d}-15")
    return make_corpus(*texts, outlets=outlets, dates=dates)


@pytest.fixture(scope="module")
def lopsided():
    # 5 target documents (100 words) against 500 reference documents (10,000 words)
    return random_corpus(7, {"T": 5, "R": 500})


def assert_signs_follow_direction(table: pd.DataFrame, measures) -> int:
    """Every signed measure agrees with ``direction`` (NaN allowed); returns the NaN count."""
    want = table["direction"].astype(str).map(DIRECTION_SIGN).to_numpy()
    missing = 0
    for name in measures:
        values = table[name].to_numpy(dtype=float)
        neutral = SIGNED_EFFECTS.get(name, 0.0)
        shown = ~np.isnan(values)
        sign = np.sign(values[shown] - neutral)
        if name in SIGNED_STATISTICS:
            assert (sign == want[shown]).all(), name
        else:
            # a positive keyword may have a neutral effect (e.g. CLR 0: its interval spans 0)
            assert not (sign == -want[shown])[want[shown] != 0].any(), name
            assert (sign[want[shown] == 0] == 0).all(), name
        missing += int((~shown).sum())
    return missing


def test_no_signed_measure_contradicts_direction_with_100_fold_sizes(lopsided):
    table = keyness(lopsided, target={"outlet": "T"}, measures=SIGNED, min_freq=0, min_range=0)
    c, d = table.attrs["c_target_words"], table.attrs["d_reference_words"]
    assert d == 100 * c
    assert_signs_follow_direction(table, SIGNED)
    # The raw measures do contradict on this corpus: the rule is what removes it.
    raw = np.asarray(stats.log_ratio(table["freq_target"], table["freq_reference"], c, d))
    raw_sign = np.sign(raw)
    want = table["direction"].astype(str).map(DIRECTION_SIGN).to_numpy()
    contradicting = (raw_sign == -want) & (want != 0)
    assert contradicting.sum() > 10
    assert np.isnan(table["log_ratio"].to_numpy()[contradicting]).all()
    # The values that agree are the formula's values, unchanged.
    agree = ~contradicting
    np.testing.assert_array_equal(table["log_ratio"].to_numpy()[agree], raw[agree])


def test_sign_rule_holds_the_other_way_and_in_grids(lopsided):
    other = keyness(lopsided, target={"outlet": "R"}, measures=SIGNED, min_freq=0, min_range=0)
    assert_signs_follow_direction(other, SIGNED)
    grid = keyness_grid(lopsided, by=["outlet", "month"], measures=SIGNED, min_freq=0, min_range=0)
    assert_signs_follow_direction(grid, SIGNED)


def test_statistics_keep_their_size():
    # G2 is never set to NaN by the rule: only its sign comes from direction.
    corpus = random_corpus(3, {"T": 4, "R": 400})
    table = keyness(corpus, target={"outlet": "T"}, measures=["log_likelihood", "chi_square"],
                    min_freq=0, min_range=0)
    c, d = table.attrs["c_target_words"], table.attrs["d_reference_words"]
    g2 = np.asarray(stats.log_likelihood(table["freq_target"], table["freq_reference"], c, d))
    np.testing.assert_allclose(np.abs(table["log_likelihood"]), np.abs(g2), rtol=0, atol=0)
    assert not table["log_likelihood"].isna().any()


def burst_corpus() -> Corpus:
    """Outlet V: one article repeats 'burst' 40 times; 'steady' is in four V articles.

    The rest (outlet O) uses 'burst' once in each of three articles, so the
    term's range is 3 on the reference side but 1 on the target's, the side it
    is key for. 'rare' occurs once (a hapax); 'avoided' is common in O only.
    """
    filler = "one two three four five six seven eight nine ten"
    texts = [" ".join(["burst"] * 40) + " " + filler]
    texts += [f"steady steady {filler} rare" if i == 1 else f"steady steady {filler}" for i in range(1, 5)]
    texts += [f"{filler} avoided avoided" + (" burst" if i < 3 else "") for i in range(30)]
    return make_corpus(*texts, outlets=["V"] * 5 + ["O"] * 30, dates=["2020-01-01"] * 35)


def test_default_filters_drop_hapaxes_and_one_article_bursts():
    corpus = burst_corpus()
    assert (DEFAULT_MIN_FREQ, DEFAULT_MIN_RANGE) == (5, 3)
    table = keyness(corpus, target={"outlet": "V"}).set_index("term")
    assert "burst" not in table.index  # 40 uses, but in one V article
    assert "rare" not in table.index  # a hapax
    assert table.loc["steady", "direction"] == "target"  # 8 uses in 4 articles
    assert table.loc["avoided", "direction"] == "reference"  # negative keywords survive
    assert table.attrs["min_freq"] == 5 and table.attrs["min_range"] == 3
    everything = keyness(corpus, target={"outlet": "V"}, min_freq=0, min_range=0).set_index("term")
    assert {"burst", "rare", "steady", "avoided"} <= set(everything.index)
    assert everything.loc["burst", "range_target"] == 1
    assert everything.loc["burst", "range_reference"] == 3
    # The old rule (either side) would have kept it: the reference side has range 3.
    assert everything.loc["burst", "range_reference"] >= DEFAULT_MIN_RANGE


def test_filters_apply_to_the_side_a_term_is_key_for():
    corpus = burst_corpus()
    table = keyness(corpus, target={"outlet": "V"}, min_freq=0, min_range=2).set_index("term")
    full = keyness(corpus, target={"outlet": "V"}, min_freq=0, min_range=0).set_index("term")
    side_range = np.where(full["direction"] == "target", full["range_target"], full["range_reference"])
    expected = set(full.index[np.asarray(side_range) >= 2])
    assert set(table.index) == expected
    table = keyness(corpus, target={"outlet": "V"}, min_freq=8, min_range=0).set_index("term")
    side_freq = np.where(full["direction"] == "target", full["freq_target"], full["freq_reference"])
    assert set(table.index) == set(full.index[np.asarray(side_freq) >= 8])


def test_frequency_list_reference_keeps_negative_keywords_without_a_range():
    corpus = burst_corpus()
    listed = keyness(corpus, target={"outlet": "V"}, reference={"avoided": 500, "steady": 1, "__total__": 1000})
    assert "avoided" in set(listed["term"])  # range unknown on a list: not filtered by range


def test_grid_top_keeps_the_strongest_rows_per_group_and_direction(lopsided):
    full = keyness_grid(lopsided, by="month", min_freq=0, min_range=0)
    cut = keyness_grid(lopsided, by="month", min_freq=0, min_range=0, top=5)
    assert cut.attrs["rows_tested"] == len(full) == full.attrs["rows"]
    assert cut.attrs["rows"] == len(cut) < len(full)
    for month, rows in full.groupby("month", observed=True, sort=True):
        rows = rows[rows["log_likelihood"].notna()]
        want = pd.concat([rows[rows["direction"] == "target"].head(5),
                          rows[rows["direction"] == "reference"].tail(5)]).sort_index()
        got = cut[cut["month"] == month]
        # same rows, same order, same adjusted p (corrected over the whole grid before the cut)
        pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True))


def test_single_table_top(lopsided):
    full = keyness(lopsided, target={"outlet": "T"}, min_freq=0, min_range=0)
    cut = keyness(lopsided, target={"outlet": "T"}, min_freq=0, min_range=0, top=3)
    assert cut["direction"].tolist() == ["target"] * 3 + ["reference"] * 3
    assert cut["term"].tolist()[:3] == full[full["direction"] == "target"]["term"].tolist()[:3]
    assert cut["term"].tolist()[3:] == full[full["direction"] == "reference"]["term"].tolist()[-3:]
    np.testing.assert_array_equal(cut["p_adjusted"].to_numpy()[:3],
                                  full[full["direction"] == "target"]["p_adjusted"].to_numpy()[:3])


@pytest.mark.parametrize("kwargs, fragment", [
    (dict(top=0), "'top'"),
    (dict(test="t-test"), "'test'"),
    (dict(n_boot=0), "'n_boot'"),
])
def test_invalid_new_options_name_themselves(lopsided, kwargs, fragment):
    with pytest.raises(ValueError, match=fragment):
        keyness(lopsided, target={"outlet": "T"}, **kwargs)


@pytest.mark.parametrize("test", ["welch", "wilcoxon"])
def test_document_test_columns_equal_scipy_on_the_documents(lopsided, test):
    from scipy import stats as sps

    corpus = random_corpus(11, {"T": 30, "R": 60})
    table = keyness(corpus, target={"outlet": "T"}, test=test, min_freq=0, min_range=0)
    assert table.columns[-6:].tolist() == ["mean_pm_target", "mean_pm_reference", "test_statistic",
                                           "p", "p_adjusted", "direction"]
    assert table.attrs["test"] == test and table.attrs["p_measure"] is None
    docs = corpus.documents
    words = {doc: text.split() for doc, text in zip(docs["doc_id"], docs["text"])}
    outlet = dict(zip(docs["doc_id"], docs["outlet"]))
    for term in table["term"].iloc[::25]:
        rates = {side: [ws.count(term) / len(ws) for doc, ws in words.items() if outlet[doc] == side]
                 for side in ("T", "R")}
        row = table.set_index("term").loc[term]
        if test == "welch":
            want = sps.ttest_ind(rates["T"], rates["R"], equal_var=False)
        else:
            want = sps.mannwhitneyu(rates["T"], rates["R"], method="asymptotic")
        np.testing.assert_allclose(row["p"], want.pvalue, rtol=1e-9)
        np.testing.assert_allclose(row["mean_pm_target"], np.mean(rates["T"]) * 1e6, rtol=1e-12)
    np.testing.assert_allclose(table["p_adjusted"], stats.adjust_p(table["p"], method="fdr_bh"))
    grid = keyness_grid(corpus, by="outlet", test=test, min_freq=0, min_range=0)
    single = grid[grid["outlet"] == "T"].reset_index(drop=True)
    assert single["term"].astype(str).tolist() == table["term"].astype(str).tolist()
    # the grid's rest comes from stats.DocumentPool: Welch's moments to 1e-11, ranks exactly
    if test == "welch":
        np.testing.assert_allclose(single["p"].to_numpy(), table["p"].to_numpy(), rtol=1e-11)
    else:
        np.testing.assert_array_equal(single["p"].to_numpy(), table["p"].to_numpy())


def test_document_test_needs_documents_on_both_sides(lopsided):
    small = keyness(lopsided, target={"outlet": "T"}, test="bootstrap", n_boot=50, seed=3)
    assert small.attrs["n_boot"] == 50 and small["p"].between(0, 1).all()
    again = keyness(lopsided, target={"outlet": "T"}, test="bootstrap", n_boot=50, seed=3)
    np.testing.assert_array_equal(small["p"].to_numpy(), again["p"].to_numpy())  # seeded
    with pytest.raises(ValueError, match="frequency-list reference has no documents"):
        keyness(lopsided, target={"outlet": "T"}, reference={"w1": 5, "__total__": 100}, test="welch")
