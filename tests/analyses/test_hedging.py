"""Hedge matching, rates, comparisons and validation, on hand-countable text."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from corpus_tools import stats
from corpus_tools.corpus.corpus import Corpus
from corpus_tools.analyses.hedging import (
    HIT_COLUMNS, adjusted_rates, compare_hedging, hedge_booster_ratio, hedge_counts, hedge_hits,
    hedge_rates, pattern_contributions, precision, sample_hits,
)
from corpus_tools.query.lexicon import load_lexicon

from small_corpora import make_corpus

DATA = Path(__file__).resolve().parents[1] / "data" / "hedging"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"




def spans(hits):
    return [(int(r.doc_index), int(r.start), int(r.end), str(r.match)) for r in hits.itertuples()]


# --------------------------------------------------------------------------- the seed article
SEED_HITS = [
    # (start, end, match, type, category, negated), positions counted by hand in the tokens
    (60, 61, "suggest", "hedge", "epistemic_verb", False),      # The remarks suggest that
    (130, 132, "appears to", "hedge", "epistemic_verb", False),  # "Anchorage deals" appears to relate
    (157, 159, "According to", "hedge", "attribution", False),  # According to the report
    (165, 166, "indicated", "hedge", "epistemic_verb", False),  # the Kremlin aide indicated that
    (195, 196, "suggests", "hedge", "epistemic_verb", False),   # This messaging suggests that
    (213, 214, "indicates", "hedge", "epistemic_verb", False),  # It also indicates a cautious
    (225, 226, "may", "hedge", "epistemic_modal", True),        # that may not align
    (241, 242, "often", "hedge", "approximator", False),        # officials have often emphasized
    (323, 325, "Analysts say", "hedge", "attribution", False),  # Analysts say such positioning
    (374, 375, "possible", "hedge", "adjective", False),        # references to possible deals
    (376, 378, "show that", "booster", "epistemic_verb", False),  # deals show that
    (387, 388, "appears", "hedge", "epistemic_verb", False),    # it appears secondary
]
# Words that look like hedges or boosters but must not be counted here.
SEED_NEAR_MISSES = {
    "potential",      # potential diplomatic agreements / potential agreements: an attribute
    "uncertainty",    # Diplomatic uncertainty continues: a topic, not the writer hedging
    "expected", "expectations",
    "rather",         # rather than (x3)
    "around",         # around expected diplomatic timelines: not before a number
    "some",           # some international discussions: not before a number
    "would", "can", "will",
    "confirmed",      # no confirmed breakthrough: confirm counts only in "confirm that"
    "consider", "emphasized", "emphasizing", "highlight", "reinforce", "reinforcing", "completely",
    "officials",      # Officials have repeatedly presented / Russian officials have often: no say/said
    "cited",
}


@pytest.fixture(scope="module")
def seed_corpus():
    folder = SHARED / "seeds"
    if not folder.is_dir():
        pytest.skip(f"the seed article folder {folder} is absent (it ships with ../shared)")
    from corpus_tools.corpus.build import build_corpus

    return build_corpus(folder, outlet="seed")


def test_seed_article_hits_exactly(seed_corpus):
    hits = hedge_hits(seed_corpus)
    got = [(int(r.start), int(r.end), str(r.match), str(r.type), str(r.category), bool(r.negated))
           for r in hits.itertuples()]
    assert got == SEED_HITS
    assert not hits["in_quotes"].any()  # no hedge stands inside the quoted phrases
    tokens = seed_corpus.document_tokens(0, lower=True)
    covered = {tokens[i] for s, e, *_ in SEED_HITS for i in range(s, e)}
    present = SEED_NEAR_MISSES & set(tokens)
    assert present == SEED_NEAR_MISSES  # each near miss really is in the article
    assert not (covered & SEED_NEAR_MISSES)


def test_seed_rates(seed_corpus):
    rates = hedge_rates(seed_corpus, ci="poisson")
    assert rates[["outlet", "documents", "words", "hits"]].values.tolist() == [["seed", 1, 360, 11]]
    assert rates["rate"].iloc[0] == pytest.approx(11 / 360 * 10_000)


# --------------------------------------------------------------------------- pattern language
def test_hit_table_columns_and_sorting():
    hits = hedge_hits(make_corpus("It may rain.", "Perhaps. It could."))
    assert list(hits.columns) == list(HIT_COLUMNS)
    assert spans(hits) == [(0, 1, 2, "may"), (1, 0, 1, "Perhaps"), (1, 3, 4, "could")]
    assert hits["doc_id"].tolist() == ["d0", "d1", "d1"]


def test_longest_match_first_and_no_double_count():
    hits = hedge_hits(make_corpus("It appears to rain. It appears unlikely. He appeared in court."))
    assert spans(hits) == [(0, 1, 3, "appears to"), (0, 6, 7, "appears"), (0, 7, 8, "unlikely")]


def test_overlapping_patterns_take_longest_then_lexicon_order():
    lex = load_lexicon({"one two": "x", "two three": "y", "two three four five": "z"})
    assert spans(hedge_hits(make_corpus("one two three four five."), lex)) == [
        (0, 1, 5, "two three four five")]
    assert spans(hedge_hits(make_corpus("one two three."), lex)) == [(0, 0, 2, "one two")]
    # Same length: the earlier lexicon row wins, then the leftmost match.
    lex2 = load_lexicon({"two three": "y", "one two": "x"})
    assert spans(hedge_hits(make_corpus("one two three."), lex2)) == [(0, 1, 3, "two three")]
    self_overlap = load_lexicon({"NUM NUM": "n"})
    assert spans(hedge_hits(make_corpus("1 2 3 4 5"), self_overlap)) == [(0, 0, 2, "1 2"), (0, 2, 4, "3 4")]


def test_matches_stay_within_sentences_and_documents():
    lex = load_lexicon({"may be": "x", "be so": "y"})
    hits = hedge_hits(make_corpus("It may. Be so.", "It may", "be so."), lex)
    assert spans(hits) == [(0, 3, 5, "Be so"), (2, 0, 2, "be so")]


def test_month_may_and_case():
    text = "In May 2020 the rain may fall. Theresa May said it. May 3 was dry. MAY IT?"
    hits = hedge_hits(make_corpus(text))
    assert spans(hits) == [(0, 5, 6, "may")]
    # A user lexicon can match may in any case and exclude the month and the surname instead.
    own = load_lexicon(DATA / "user_lexicon.csv")
    hits = hedge_hits(make_corpus(text), own)
    assert spans(hits) == [(0, 5, 6, "may"), (0, 18, 19, "MAY")]


def test_about_number_vs_about_topic():
    text = ("About 300 troops arrived. They talked about the war. It cost about $5 million. "
            "About half left. Around 1,250 jobs, around the city, some 40 people, some people, nearly 3.5%.")
    hits = hedge_hits(make_corpus(text))
    assert [m for *_, m in spans(hits)] == ["About 300", "about $ 5", "About half", "Around 1,250",
                                             "some 40", "nearly"]


def test_wildcards_alternatives_and_optional_tokens():
    lex = load_lexicon({"suggest*": "v", "seem|seems to": "v", "without a? doubt": "n"})
    hits = hedge_hits(make_corpus("A suggestion, suggested, seems to, seem, without doubt, without a doubt, "
                                  "sugar."), lex)
    assert [m for *_, m in spans(hits)] == ["suggestion", "suggested", "seems to", "without doubt",
                                             "without a doubt"]


def test_boosters_win_over_hedges_and_exclusions_apply():
    hits = hedge_hits(make_corpus("Without doubt, no doubt, I doubt it. It was rather good, rather than bad. "
                                  "He claimed responsibility and claimed it was fine."))
    assert [(m, t) for m, t in zip(hits["match"], hits["type"])] == [
        ("Without doubt", "booster"), ("no doubt", "booster"), ("doubt", "hedge"), ("rather", "hedge"),
        ("claimed", "hedge")]


def test_case_sensitive_pattern():
    lex = load_lexicon([{"pattern": "US", "category": "x", "case_sensitive": "true"}])
    assert spans(hedge_hits(make_corpus("The US and us."), lex)) == [(0, 1, 2, "US")]


def test_in_quotes_and_negation():
    hits = hedge_hits(make_corpus('He said "it may rain" and it may not. They couldn\'t say.'))
    assert hits[["match", "in_quotes", "negated"]].values.tolist() == [
        ["may", True, False], ["may", False, True], ["could", False, True]]
    # A quote reopened at a new paragraph resets the count (news style).
    hits = hedge_hits(make_corpus('"It may rain.\n\n"It could snow," she said. Perhaps.'))
    assert hits[["match", "in_quotes"]].values.tolist() == [["may", True], ["could", True], ["Perhaps", False]]


def test_kind_selects_lexicon_part():
    corpus = make_corpus("It may clearly rain.")
    assert hedge_hits(corpus, kind="booster")["match"].tolist() == ["clearly"]
    with pytest.raises(ValueError, match="'kind' parameter of hedge_hits"):
        hedge_hits(corpus, kind="boost")


def test_empty_results_keep_columns():
    hits = hedge_hits(make_corpus("Nothing here."))
    assert len(hits) == 0 and list(hits.columns) == list(HIT_COLUMNS)
    rates = hedge_rates(make_corpus("Nothing here."), ci="poisson")
    assert rates["hits"].tolist() == [0] and rates["ci_low"].tolist() == [0.0]


# --------------------------------------------------------------------------- counts and rates
@pytest.fixture(scope="module")
def small():
    # X: 3 + 4 words, 1 hedge; Y: 5 words, 3 hedges (perhaps, may, possibly) and 1 booster.
    return make_corpus("It may rain.", "Dry and sunny today.", "Perhaps it may possibly rain, clearly.",
                       outlets=["X", "X", "Y"], dates=["2020-01-10", "2020-02-03", "2020-02-20"])


def test_counts_per_document(small):
    counts = hedge_counts(small, level="type")
    assert counts[["doc_id", "words", "type", "hits"]].values.tolist() == [
        ["d0", 3, "booster", 0], ["d0", 3, "hedge", 1], ["d1", 4, "booster", 0], ["d1", 4, "hedge", 0],
        ["d2", 6, "booster", 1], ["d2", 6, "hedge", 3]]
    by_cat = hedge_counts(small, level="category", kind="hedge")
    assert by_cat.loc[by_cat["doc_id"] == "d2", ["category", "hits"]].values.tolist() == [
        ["adverb", 2], ["epistemic_modal", 1]]


def test_rates_poisson_by_hand(small):
    rates = hedge_rates(small, ci="poisson")
    assert rates[["outlet", "documents", "words", "hits"]].values.tolist() == [["X", 2, 7, 1], ["Y", 1, 6, 3]]
    x = rates.iloc[0]
    assert x["rate"] == pytest.approx(1e4 / 7)
    # Pearson X2 = (1 - 3/7)^2 / (3/7) + (4/7)^2 / (4/7) = 4/3 on 1 df; phi = 4/3; Var(log r) = phi / 1.
    z = sps.norm.ppf(0.975)
    assert x["ci_low"] == pytest.approx(1e4 / 7 * math.exp(-z * math.sqrt(4 / 3)))
    assert x["ci_high"] == pytest.approx(1e4 / 7 * math.exp(z * math.sqrt(4 / 3)))
    y = rates.iloc[1]  # one document: phi cannot be estimated and is taken as 1
    assert y["ci_low"] == pytest.approx(5000 * math.exp(-z / math.sqrt(3)))
    assert rates["method"].tolist() == ["poisson", "poisson"]


def test_rates_bootstrap_by_hand(small):
    rates = hedge_rates(small, ci="bootstrap", n_boot=2000, seed=3)
    x, y = rates.iloc[0], rates.iloc[1]
    # X resamples {d0,d0} (rate 1/3, p=1/4), {d0,d1} (1/7, p=1/2), {d1,d1} (0, p=1/4):
    # the 2.5% and 97.5% percentiles fall inside the point masses at 0 and 1/3.
    assert (x["ci_low"], x["ci_high"]) == (0.0, pytest.approx(1e4 / 3))
    # Y has one document: resampling it cannot show variation between articles, so no interval.
    assert y["documents"] == 1 and np.isnan(y["ci_low"]) and np.isnan(y["ci_high"])
    again = hedge_rates(small, ci="bootstrap", n_boot=2000, seed=3)
    pd.testing.assert_frame_equal(rates, again)


def test_rates_by_outlet_and_month_and_levels(small):
    rates = hedge_rates(small, by=["outlet", "period=month"], ci="poisson")
    assert rates[["outlet", "month", "hits", "words"]].astype(str).values.tolist() == [
        ["X", "2020-01", "1", "3"], ["X", "2020-02", "0", "4"], ["Y", "2020-02", "3", "6"]]
    by_pattern = hedge_rates(small, level="pattern", ci="poisson")
    y = by_pattern.loc[by_pattern["outlet"] == "Y"]
    assert y[["category", "pattern", "hits"]].values.tolist() == [
        ["adverb", "perhaps", 1], ["adverb", "possibly", 1], ["epistemic_modal", "may", 1]]


def test_rates_leave_out_unlabelled_documents(small, caplog):
    docs = small.documents.copy()
    docs.loc[1, "date"] = pd.NaT
    corpus = Corpus(docs, small.tokens, small.provenance)
    rates = hedge_rates(corpus, by="month", ci="poisson")
    assert rates["documents"].sum() == 2 and rates.attrs["documents_without_label"] == 1


def test_rate_options_are_checked(small):
    with pytest.raises(ValueError, match="'ci' parameter of hedge_rates"):
        hedge_rates(small, ci="wald")
    with pytest.raises(ValueError, match="'n_boot' parameter of hedge_rates"):
        hedge_rates(small, n_boot=0)
    with pytest.raises(ValueError, match="'quotes' parameter of hedge_rates"):
        hedge_rates(small, quotes="none")


def test_quotes_and_negated_filters():
    corpus = make_corpus('"It may rain," he said. It may not.')
    assert hedge_rates(corpus, quotes="exclude", ci="poisson")["hits"].tolist() == [1]
    assert hedge_rates(corpus, quotes="only", ci="poisson")["hits"].tolist() == [1]
    assert hedge_rates(corpus, negated="exclude", ci="poisson")["hits"].tolist() == [1]


# --------------------------------------------------------------------------- comparisons
def test_compare_poisson_by_hand(small):
    row = compare_hedging(small, "Y", "X", method="poisson").iloc[0]
    assert (row["hits_a"], row["hits_b"], row["words_a"], row["words_b"]) == (3, 1, 6, 7)
    assert row["rate_ratio"] == pytest.approx((3 / 6) / (1 / 7))
    # mu: d2 = 3 (residual 0), d0 = 3/7, d1 = 4/7: X2 = 4/3 on 3 - 2 = 1 df; Var = phi (1/3 + 1/1) = 16/9.
    b, se, q = math.log(3.5), 4 / 3, sps.t.ppf(0.975, 1)
    assert row["ci_low"] == pytest.approx(math.exp(b - q * se))
    assert row["ci_high"] == pytest.approx(math.exp(b + q * se))
    assert row["p_value"] == pytest.approx(2 * sps.t.sf(b / se, 1))
    assert row["log_likelihood"] == pytest.approx(float(stats.log_likelihood(3, 1, 6, 7)))
    assert row["log_ratio"] == pytest.approx(float(stats.log_ratio(3, 1, 6, 7)))


def test_compare_permutation_by_hand(small):
    row = compare_hedging(small, "Y", "X", n_boot=4000, seed=1).iloc[0]
    # One of the three documents goes to A: d2 (observed, |3/6 - 1/7| = 0.357), d1 (|0/4 - 4/9| =
    # 0.444) or d0 (|1/3 - 3/10| = 0.033): two of three reach the observed difference, so p -> 2/3.
    assert row["p_value"] == pytest.approx(2 / 3, abs=0.03)
    assert row["test"] == "permutation over documents"
    # Group A ("Y") is one document: no bootstrap interval for the ratio.
    assert np.isnan(row["ci_low"]) and np.isnan(row["ci_high"])


def test_compare_errors(small):
    with pytest.raises(ValueError, match="'group_a' parameter of compare_hedging.* matches no document"):
        compare_hedging(small, "Z", "X")
    with pytest.raises(ValueError, match="in both group_a and group_b"):
        compare_hedging(small, ["X", "Y"], "X")


def test_hedge_booster_ratio(small):
    table = hedge_booster_ratio(small, n_boot=200)
    assert table[["outlet", "hedges", "boosters"]].values.tolist() == [["X", 1, 0], ["Y", 3, 1]]
    assert table["ratio"].tolist() == [np.inf, 3.0]


def test_pattern_contributions(small):
    table = pattern_contributions(small, "Y", "X")
    assert table[["pattern", "hits_a", "hits_b"]].values.tolist() == [
        ["perhaps", 1, 0], ["possibly", 1, 0], ["may", 1, 1]]
    assert table["difference"].tolist() == pytest.approx([1e4 / 6, 1e4 / 6, 1e4 / 6 - 1e4 / 7])
    assert table["share"].sum() == pytest.approx(1.0)


# --------------------------------------------------------------------------- validation
def test_annotation_round_trip(tmp_path):
    from corpus_tools.analyses.concordance import read_annotation_csv, to_annotation_csv

    corpus = make_corpus("It may rain. It may snow. Perhaps.", "It may hail, perhaps.",
                         outlets=["X", "Y"], dates=["2020-01-01", "2020-01-02"])
    hits = hedge_hits(corpus)
    sample = sample_hits(hits, corpus, per_pattern=2, seed=0, width=3)
    assert sample.groupby("pattern").size().to_dict() == {"may": 2, "perhaps": 2}
    assert set(sample["node"].str.lower()) == {"may", "perhaps"}
    path = to_annotation_csv(sample, tmp_path / "sample.csv")
    text = path.read_text(encoding="utf-8").splitlines()
    judged = [text[0]] + [line + ("y" if i != 1 else "n") for i, line in enumerate(text[1:])]
    path.write_text("\n".join(judged) + "\n", encoding="utf-8")
    annotated = read_annotation_csv(path)
    table = precision(annotated)
    assert table[["pattern", "judged", "correct"]].values.tolist() == [["may", 2, 1], ["perhaps", 2, 2]]
    rates = hedge_rates(corpus, level="pattern", ci="poisson")
    adjusted = adjusted_rates(rates, table)
    x_may = adjusted.loc[(adjusted["outlet"] == "X") & (adjusted["pattern"] == "may")].iloc[0]
    assert x_may["adjusted_hits"] == pytest.approx(1.0) and x_may["precision"] == 0.5
    totals = adjusted_rates(rates, table, total=True)
    assert totals[["outlet", "hits", "adjusted_hits"]].values.tolist() == [["X", 3, 2.0], ["Y", 2, 1.5]]


def test_precision_wilson_interval():
    annotated = pd.DataFrame({"pattern": ["p"] * 10, "judgement": ["y"] * 8 + ["n", "?"]})
    row = precision(annotated).iloc[0]
    n, k, z = 9, 8, sps.norm.ppf(0.975)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    assert (row["judged"], row["correct"], row["unsure"]) == (9, 8, 1)
    assert row["ci_low"] == pytest.approx(centre - half) and row["ci_high"] == pytest.approx(centre + half)
    # Independent check: scipy's binomtest gives the same Wilson interval.
    ci = sps.binomtest(k, n).proportion_ci(method="wilson")
    assert (row["ci_low"], row["ci_high"]) == (pytest.approx(ci.low), pytest.approx(ci.high))
    with pytest.raises(ValueError, match="row 0 has the judgement 'maybe'"):
        precision(pd.DataFrame({"pattern": ["p"], "judgement": ["maybe"]}))


# --------------------------------------------------------------------------- demo corpus
def test_demo_corpus_harbour_ledger_hedges_most():
    from corpus_tools.corpus.build import build_corpus

    demo = Path(__file__).resolve().parents[2] / "corpora" / "demo" / "articles.jsonl"
    corpus = build_corpus(demo)
    rates = hedge_rates(corpus, ci="poisson").set_index("outlet")["rate"]
    assert rates.idxmax() == "The Harbour Ledger"
    assert rates["The Harbour Ledger"] > 5 * rates["Northgate Daily"]
    hits = hedge_hits(corpus)
    # The demo's only capitalised May is the month (cw-04, twice): never a hit.
    assert not hits["match"].str.contains("May").any()
    # Its 22 lower-case modal may in the texts (all in HL) and 3 in HL titles are all found.
    assert (hits["match"] == "may").sum() == 25
    assert set(hits.loc[hits["match"] == "may", "doc_id"].str[:3]) == {"hl-"}
    boosters = hedge_rates(corpus, kind="booster", ci="poisson").set_index("outlet")["rate"]
    assert boosters.idxmax() == "Northgate Daily"
