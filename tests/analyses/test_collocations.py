"""Collocates: window counting by hand, measures against stats, wildcard/regex nodes, errors."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from corpus_tools import stats
from corpus_tools.analyses.collocations import collocates, compare_collocates
from corpus_tools.corpus.corpus import Corpus

# Two documents. Tokens of doc a, with sentence breaks after "beta ." :
#   Alpha node beta . | Gamma delta node , eps node zeta .
# doc b:  Node theta iota .
TEXTS = ["Alpha node beta. Gamma delta node, eps node zeta.", "Node theta iota."]


@pytest.fixture(scope="module")
def hand():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
                         "date": pd.to_datetime(["2020-01-01", "2020-02-01"]),
                         "title": ["", ""], "text": TEXTS})
    return Corpus.from_documents(docs)


def _o11(table):
    return dict(zip(table["collocate"], table["o11"]))


# Every pair, listed by hand. Nodes n1..n4 in order of occurrence.
CASES = {
    # window 2/2, sentences respected, punctuation skipped:
    #   n1: alpha, beta   n2: gamma, delta, eps, n3   n3: n2, eps, zeta   n4: theta, iota
    #   eps is in the windows of n2 and n3 and counts once.
    "both_sides": (dict(window=2), {"alpha": 1, "beta": 1, "gamma": 1, "delta": 1, "eps": 1,
                                    "node": 2, "zeta": 1, "theta": 1, "iota": 1}, 10),
    # right 2 only, sentences respected:
    #   n1: beta (gamma is in the next sentence)   n2: eps, n3   n3: zeta (next doc cut)   n4: theta, iota
    "right_sentence": (dict(window=(0, 2)), {"beta": 1, "eps": 1, "node": 1, "zeta": 1, "theta": 1,
                                             "iota": 1}, 6),
    # the same across sentences: n1 also reaches gamma; n3 still stops at the document edge
    "right_cross": (dict(window=(0, 2), sentence_bounded=False),
                    {"beta": 1, "gamma": 1, "eps": 1, "node": 1, "zeta": 1, "theta": 1, "iota": 1}, 7),
    # punctuation takes places: n1: beta, "."   n2: ",", eps   n3: zeta, "."   n4: theta, iota
    "right_punct_counted": (dict(window=(0, 2), skip_punctuation=False),
                            {"beta": 1, "eps": 1, "zeta": 1, "theta": 1, "iota": 1}, 5),
    # left 1 only: n1: alpha  n2: delta  n3: eps  n4: nothing (document start)
    "left_one": (dict(window=(1, 0)), {"alpha": 1, "delta": 1, "eps": 1}, 3),
    # right 1: n1: beta  n2: eps (the comma is skipped)  n3: zeta  n4: theta
    "right_one": (dict(window=(0, 1)), {"beta": 1, "eps": 1, "zeta": 1, "theta": 1}, 4),
    # right 1 with punctuation in place: n2's right neighbour is "," -> nothing
    "right_one_punct": (dict(window=(0, 1), skip_punctuation=False), {"beta": 1, "zeta": 1, "theta": 1}, 3),
}


@pytest.mark.parametrize("name", list(CASES))
def test_collocates_window_counts_by_hand(hand, name):
    options, expected, window_tokens = CASES[name]
    table = collocates(hand, "node", **options)
    assert _o11(table) == expected
    assert set(table["window_tokens"]) == {window_tokens}
    assert set(table["f_node"]) == {4}
    assert set(table["n"]) == {12}  # word tokens, punctuation not counted


def test_collocates_measures_equal_stats_and_hand_values(hand):
    measures = tuple(stats.ASSOCIATION_MEASURES)
    table = collocates(hand, "node", window=2, measures=measures).set_index("collocate")
    o11 = table["o11"].to_numpy(float)
    f_c = table["f_collocate"].to_numpy(float)
    r1, f_node, n = 10.0, 4.0, 12.0
    # stats functions on our counts
    for name in measures:
        func = stats.ASSOCIATION_MEASURES[name]
        if name in ("dice", "log_dice"):
            want = func(o11, f_node, f_c)
        else:
            want = func(o11, r1, f_c, n)
        assert_allclose(table[name].to_numpy(), want, rtol=1e-12, err_msg=name)
    # hand values: eps occurs once, inside the windows once
    eps = table.loc["eps"]
    assert eps["f_collocate"] == 1 and eps["expected"] == pytest.approx(10 / 12)
    assert eps["mi"] == pytest.approx(np.log2(1 / (10 / 12)))
    assert eps["t_score"] == pytest.approx((1 - 10 / 12) / 1.0)
    assert eps["z_score"] == pytest.approx((1 - 10 / 12) / np.sqrt(10 / 12))
    assert eps["log_dice"] == pytest.approx(14 + np.log2(2 * 1 / (4 + 1)))
    # the node itself: 2 of its 4 tokens lie in other nodes' windows
    node = table.loc["node"]
    assert node["mi"] == pytest.approx(np.log2(2 / (10 * 4 / 12)))
    assert node["log_dice"] == pytest.approx(13.0)
    # G2 by hand from the 2x2 table [[1, 9], [0, 2]] for eps
    cells = np.array([1, 9, 0, 2], float)
    exp = np.array([10 * 1 / 12, 10 * 11 / 12, 2 * 1 / 12, 2 * 11 / 12])
    g2 = 2 * sum(o * np.log(o / e) for o, e in zip(cells, exp) if o > 0)
    assert eps["log_likelihood"] == pytest.approx(g2)


def test_collocates_nominal_expected(hand):
    table = collocates(hand, "node", window=2, expected="nominal", measures=("mi",)).set_index("collocate")
    assert table.loc["eps", "expected"] == pytest.approx(4 * 4 * 1 / 12)
    assert table.loc["eps", "mi"] == pytest.approx(np.log2(1 / (16 / 12)))


def test_collocates_sorted_by_first_measure_then_term(hand):
    table = collocates(hand, "node", window=2, measures=("t_score", "mi"))
    keys = list(zip(-table["t_score"], table["collocate"]))
    assert keys == sorted(keys)


@pytest.mark.parametrize("node", ["nod*", "*ode", "n?de", "re:^no(de)?$", "NODE"])
def test_collocates_wildcard_and_regex_nodes(hand, node):
    assert _o11(collocates(hand, node, window=2)) == CASES["both_sides"][1]


def test_collocates_phrase_node_excludes_its_own_tokens(hand):
    # "delta node" once: left of delta = gamma (one word), right of node = eps
    table = collocates(hand, "delta node", window=1)
    assert _o11(table) == {"gamma": 1, "eps": 1}
    assert set(table["f_node"]) == {1}


def test_collocates_by_selects_documents(hand):
    table = collocates(hand, "node", window=2, select={"outlet": "Y"})
    assert _o11(table) == {"theta": 1, "iota": 1}
    assert set(table["n"]) == {3} and set(table["f_node"]) == {1}


def test_collocates_match_nltk_bigram_window_counts():
    """NLTK's window finder on one document's words, sentences ignored, equals our R1..R(w-1)."""
    from nltk.collocations import BigramCollocationFinder

    text = ("The harbour master said the harbour will open. The harbour master and the mayor "
            "met, and the harbour authority agreed with the master plan for the harbour.")
    docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "date": [pd.NaT], "title": [""], "text": [text]})
    corpus = Corpus.from_documents(docs)
    words = [w.lower() for w in corpus.document_tokens(0) if re.search(r"\w", w)]
    for size in (2, 3):
        finder = BigramCollocationFinder.from_words(words, window_size=size)
        # NLTK counts each (node, later word) pair per window; with no repeated
        # collocate inside one window this equals our union count.
        want = {w2: c for (w1, w2), c in finder.ngram_fd.items() if w1 == "harbour"}
        got = _o11(collocates(corpus, "harbour", window=(0, size - 1), sentence_bounded=False))
        assert got == want


def _brute_force(corpus, node, left, right, sentence_bounded):
    """Independent per-token implementation for the cross-check below."""
    t = corpus.tokens
    words = [(i, t.lower_vocab[t.lower[t.ids[i]]]) for i in range(len(t.ids)) if t.is_word[t.ids[i]]]
    doc_of = {}
    for d in range(len(corpus)):
        for i in range(t.offsets[d], t.offsets[d + 1]):
            doc_of[i] = d
    starts = set(t.sentence_starts.tolist())
    sent, s = {}, -1
    for i in range(len(t.ids)):
        s += i in starts
        sent[i] = s
    seen = set()
    for k, (pos, w) in enumerate(words):
        if w != node:
            continue
        for j in list(range(k - left, k)) + list(range(k + 1, k + right + 1)):
            if 0 <= j < len(words):
                other = words[j][0]
                if doc_of[other] == doc_of[pos] and (not sentence_bounded or sent[other] == sent[pos]):
                    seen.add(j)
    return Counter(words[j][1] for j in seen), len(seen)


@pytest.mark.parametrize("left,right,bounded", [(5, 5, True), (3, 0, False), (0, 4, True), (2, 7, False)])
def test_collocates_demo_equals_brute_force(demo_corpus, left, right, bounded):
    want, size = _brute_force(demo_corpus, "harbour", left, right, bounded)
    table = collocates(demo_corpus, "harbour", window=(left, right), sentence_bounded=bounded)
    assert _o11(table) == dict(want)
    assert set(table["window_tokens"]) == {size}


def test_collocates_demo_harbour_right_neighbours(demo_corpus):
    """The README's deliberate R1 collocates, counted independently with a regex."""
    docs = demo_corpus.documents
    for outlet, words in {"The Harbour Ledger": ["dredging", "master", "pilots"],
                          "Northgate Daily": ["jobs", "fiasco"], "Civic Wire": ["authority"]}.items():
        text = "\n".join((docs.loc[docs["outlet"] == outlet, "title"] + "\n\n"
                          + docs.loc[docs["outlet"] == outlet, "text"]).str.lower())
        table = collocates(demo_corpus, "harbour", window=(0, 1), select={"outlet": outlet})
        got = _o11(table)
        for w in words:
            assert got[w] == len(re.findall(rf"\bharbour\s+{w}\b", text)) >= 2


def test_compare_collocates_table_and_test(demo_corpus):
    a, b = "The Harbour Ledger", "Civic Wire"
    table = compare_collocates(demo_corpus, "harbour", groups=("outlet", a, b), window=(0, 1))
    ta = collocates(demo_corpus, "harbour", window=(0, 1), select={"outlet": a}).set_index("collocate")
    tb = collocates(demo_corpus, "harbour", window=(0, 1), select={"outlet": b}).set_index("collocate")
    row = table.set_index("collocate").loc["authority"]
    assert row["o11_a"] == ta["o11"].get("authority", 0)
    assert row["o11_b"] == tb.loc["authority", "o11"]
    assert row["log_dice_b"] == pytest.approx(tb.loc["authority", "log_dice"])
    wa, wb = ta["window_tokens"].iloc[0], tb["window_tokens"].iloc[0]
    want = stats.log_likelihood(row["o11_a"], row["o11_b"], wa, wb)
    assert row["log_likelihood"] == pytest.approx(float(want))
    assert row["log_likelihood"] < 0  # authority belongs to Civic Wire (group B)
    assert row["p"] == pytest.approx(float(stats.p_value_chi2(want)))
    master = table.set_index("collocate").loc["master"]
    assert master["log_likelihood"] > 0 and master["o11_b"] == 0
    assert np.isneginf(master["log_dice_b"])
    # two selector dicts give the same table
    same = compare_collocates(demo_corpus, "harbour", groups=({"outlet": a}, {"outlet": b}), window=(0, 1))
    pd.testing.assert_frame_equal(table, same)


@pytest.mark.parametrize("window", [-1, 2.5, (0, 0), 0, (1,), "5", (1, -2), True])
def test_collocates_bad_window(hand, window):
    with pytest.raises(ValueError,
                       match=r"The 'window' parameter of collocates\(\) must be .* Got .* instead"):
        collocates(hand, "node", window=window)


@pytest.mark.parametrize("node,message", [
    ("", "The 'query' parameter of collocates"),
    ("*", "besides wildcards"),
    ("re:(", "invalid regular expression"),
    ("re:", "empty regular expression"),
    (",", "The 'node' parameter of collocates\\(\\) matches only punctuation"),
])
def test_collocates_bad_node(hand, node, message):
    with pytest.raises(ValueError, match=message):
        collocates(hand, node)


def test_collocates_bad_options(hand):
    with pytest.raises(ValueError, match="The 'measures' parameter of collocates\\(\\) must be one of"):
        collocates(hand, "node", measures=("pmi",))
    with pytest.raises(ValueError, match="The 'expected' parameter"):
        collocates(hand, "node", expected="exact")
    with pytest.raises(ValueError, match="The 'groups' parameter of compare_collocates"):
        compare_collocates(hand, "node", groups=("outlet", "X"))
    with pytest.raises(ValueError, match="matches no documents"):
        compare_collocates(hand, "node", groups=("outlet", "X", "Q"))


def test_collocates_absent_node_gives_empty_table(hand):
    table = collocates(hand, "harbour")
    assert len(table) == 0
    assert list(table.columns[:7]) == ["collocate", "o11", "expected", "f_collocate", "f_node",
                                       "window_tokens", "n"]


def test_collocates_left_and_right_counts_by_hand(hand):
    # left windows (2): n1 alpha | n2 gamma delta | n3 node(n2) eps | n4 none
    # right windows (2): n1 beta | n2 eps node(n3) | n3 zeta | n4 theta iota
    table = collocates(hand, "node", window=2).set_index("collocate")
    assert table["left"].to_dict() == {"alpha": 1, "beta": 0, "delta": 1, "eps": 1, "gamma": 1,
                                       "iota": 0, "node": 1, "theta": 0, "zeta": 0} | {
        k: table["left"][k] for k in table.index if k not in
        {"alpha", "beta", "delta", "eps", "gamma", "iota", "node", "theta", "zeta"}}
    assert table.loc["eps", ["o11", "left", "right"]].tolist() == [1, 1, 1]  # between two nodes
    assert table.loc["node", ["o11", "left", "right"]].tolist() == [2, 1, 1]
    assert table.loc["iota", ["left", "right"]].tolist() == [0, 1]


def test_collocates_by_group_gives_group_columns(hand):
    table = collocates(hand, "node", window=2, by="outlet")
    assert list(table.columns[:2]) == ["outlet", "collocate"]
    per_group = table.groupby("outlet")[["f_node", "n"]].first()
    assert per_group.to_dict("index") == {"X": {"f_node": 3, "n": 9}, "Y": {"f_node": 1, "n": 3}}
    assert dict(zip(table[table["outlet"] == "Y"]["collocate"], table[table["outlet"] == "Y"]["o11"])) == {
        "theta": 1, "iota": 1}
    with pytest.raises(ValueError, match="'by' parameter of collocates"):
        collocates(hand, "node", by=3)


# --- the fast paths give the same tables as the general ones ----------------------------------

@pytest.mark.parametrize("node", ["harbour", "HARBOUR", "the", "harb*", "re:^port", "re:^.$", ",",
                                  "*", "absent", "harbour master"])
@pytest.mark.parametrize("options", [dict(window=5), dict(window=(0, 3), skip_punctuation=False),
                                     dict(window=(2, 0), sentence_bounded=False),
                                     dict(window=3, case_sensitive=True)])
def test_collocates_one_word_fast_path_equals_find_query(demo_corpus, monkeypatch, node, options):
    import corpus_tools.analyses.collocations as module

    def run():
        try:
            return collocates(demo_corpus, node, **options)
        except ValueError as error:
            return str(error)

    fast = run()
    monkeypatch.setattr(module, "_one_word_spans", lambda *args, **kwargs: None)
    slow = run()
    if isinstance(slow, str):
        assert fast == slow
    else:
        pd.testing.assert_frame_equal(fast, slow, check_exact=True)
        assert fast.attrs == slow.attrs


@pytest.mark.parametrize("outlet", ["The Harbour Ledger", "Civic Wire"])
def test_collocates_select_equals_subset_corpus(demo_corpus, outlet):
    chosen = collocates(demo_corpus, "harbour", window=(3, 2), select={"outlet": outlet})
    alone = collocates(demo_corpus.subset(outlet=outlet), "harbour", window=(3, 2))
    cols = ["collocate", "o11", "f_collocate", "f_node", "window_tokens", "n", "left", "right",
            "log_dice", "mi", "t_score", "log_likelihood"]
    pd.testing.assert_frame_equal(chosen[cols], alone[cols], check_exact=True)


def test_collocates_left_right_equal_one_sided_windows(demo_corpus):
    both = collocates(demo_corpus, "harbour", window=(4, 2)).set_index("collocate")
    left = _o11(collocates(demo_corpus, "harbour", window=(4, 0)))
    right = _o11(collocates(demo_corpus, "harbour", window=(0, 2)))
    assert both["left"].to_dict() == {w: left.get(w, 0) for w in both.index}
    assert both["right"].to_dict() == {w: right.get(w, 0) for w in both.index}
    assert (both["left"] + both["right"] >= both["o11"]).all()
