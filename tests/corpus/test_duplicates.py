"""Tests for corpus_tools.corpus.duplicates."""

from __future__ import annotations

import itertools
import random
import re

import numpy as np
import pandas as pd
import pytest

from corpus_tools.corpus.duplicates import drop_duplicates, find_duplicates

# A wire story written for these tests.
WIRE = (
    "The city council voted on Tuesday to expand the night bus network after a year of complaints "
    "from shift workers who said the last services left the centre too early. Under the plan, six "
    "routes will run until two in the morning from next spring, and two new routes will link the "
    "hospital district with the eastern suburbs. The transport department estimated the extra cost "
    "at four million a year, to be paid from parking revenue rather than higher fares. Council "
    "members from the opposition said the money would be better spent on repairing the tram line, "
    "which has been closed for repairs twice since the summer. A spokeswoman for the bus operators "
    "said drivers had been consulted and that recruitment of forty additional staff would begin in "
    "January. Unions welcomed the decision but warned that drivers on late shifts needed safer rest "
    "areas at the terminal stops. Residents in the eastern suburbs have campaigned for a direct "
    "link for almost a decade, collecting more than twelve thousand signatures last autumn. The "
    "mayor said the vote showed that the council listened to people who keep the city running at "
    "night. A review of passenger numbers is planned after the first six months of the new timetable."
)
# the same story with one sentence edited (as a regional paper might)
WIRE_EDITED = WIRE.replace(
    "The transport department estimated the extra cost at four million a year",
    "Officials put the additional cost at roughly four million a year",
)
# another story on the same topic, written independently
SAME_TOPIC = (
    "Night buses will run later across the city from next spring, the council decided on Tuesday. "
    "Shift workers had complained for months that services ended too early, and the new timetable "
    "keeps six routes open until two in the morning. The hospital district gets two routes to the "
    "eastern suburbs. Opposition members argued that the tram line needed the money more. The "
    "operators plan to hire forty drivers in January, and unions asked for better rest areas. The "
    "cost, about four million a year, will come from parking charges. Passenger numbers will be "
    "reviewed after six months."
)


def shingle_set(text: str, k: int = 5) -> set:
    """Independent reference: word 5-shingles of the lower-cased text."""
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + k]) for i in range(len(words) - k + 1)}


def jaccard(a: str, b: str) -> float:
    sa, sb = shingle_set(a), shingle_set(b)
    return len(sa & sb) / len(sa | sb)


def random_article(rng: random.Random, vocabulary: list[str], n_words: int = 200) -> str:
    return " ".join(rng.choice(vocabulary) for _ in range(n_words)) + "."


@pytest.fixture
def docs() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["wire", "reprint", "copy", "other", "empty"],
        "outlet": ["AP", "Local", "Blog", "Local", "Blog"],
        "date": pd.to_datetime(["2020-03-02", "2020-03-03", "2020-03-01", "2020-03-02", None]),
        "title": ["Council expands night buses", "Night buses to run later", "AP story", "Buses", ""],
        "text": [WIRE, WIRE_EDITED, "  " + WIRE.upper().replace(". ", ".\n\n"), SAME_TOPIC, ""],
    })


def test_find_duplicates_exact_and_near(docs):
    assert 0.8 <= jaccard(WIRE, WIRE_EDITED) < 0.95  # the fixture is a real near duplicate
    assert jaccard(WIRE, SAME_TOPIC) < 0.1
    clusters = find_duplicates(docs)
    assert list(clusters.columns) == ["cluster_id", "doc_id", "kind", "representative", "similarity"]
    assert clusters[["cluster_id", "doc_id", "kind", "representative"]].values.tolist() == [
        [0, "copy", "exact", "copy"],  # earliest date
        [0, "reprint", "near", "copy"],
        [0, "wire", "exact", "copy"],
    ]
    sim = clusters.set_index("doc_id")["similarity"]
    assert sim["copy"] == 1.0 and sim["wire"] == 1.0
    assert sim["reprint"] == pytest.approx(jaccard(WIRE, WIRE_EDITED), abs=1e-12)
    assert clusters.dtypes.astype(str).tolist() == ["int64", "str", "str", "str", "float64"]


def test_find_duplicates_exact_only(docs):
    clusters = find_duplicates(docs, near=False)
    assert clusters[["doc_id", "kind", "representative"]].values.tolist() == [
        ["copy", "exact", "copy"], ["wire", "exact", "copy"]]
    with pytest.raises(TypeError, match="'near' parameter of find_duplicates"):
        find_duplicates(docs, near="no")


def test_find_duplicates_threshold_above_similarity_keeps_near_apart(docs):
    clusters = find_duplicates(docs, threshold=0.95)
    assert sorted(clusters["doc_id"]) == ["copy", "wire"]
    assert set(clusters["kind"]) == {"exact"}


def test_representative_tie_breaks_on_doc_id_and_missing_dates_last():
    docs = pd.DataFrame({
        "doc_id": ["b", "a", "c"],
        "date": pd.to_datetime(["2020-01-01", "2020-01-01", None]),
        "text": [WIRE, WIRE, WIRE],
    })
    assert set(find_duplicates(docs)["representative"]) == {"a"}
    docs["date"] = pd.to_datetime([None, None, "2021-01-01"])
    assert set(find_duplicates(docs)["representative"]) == {"c"}


def test_distinct_articles_on_one_topic_not_merged():
    rng = random.Random(7)
    vocabulary = ("election vote senate bill tax budget president campaign poll voters "
                  "party leader debate policy reform state federal court ruling law").split()
    texts = [random_article(rng, vocabulary) for _ in range(40)]
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(40)],
                         "date": pd.to_datetime(["2020-01-01"] * 40), "text": texts})
    assert len(find_duplicates(docs)) == 0


def test_find_duplicates_matches_brute_force():
    # 30 base stories, each reprinted with 0-30 % of its words replaced: every
    # pair at Jaccard >= 0.8 must be found and no pair below it merged.
    rng = random.Random(3)
    vocabulary = [f"w{i}" for i in range(3000)]
    texts = []
    for _ in range(30):
        base = [rng.choice(vocabulary) for _ in range(300)]
        texts.append(" ".join(base))
        for share in (0.005, 0.02, 0.05):
            copy = list(base)
            for pos in rng.sample(range(300), int(share * 300)):
                copy[pos] = rng.choice(vocabulary)
            texts.append(" ".join(copy))
    docs = pd.DataFrame({"doc_id": [f"d{i:03d}" for i in range(len(texts))],
                         "date": pd.to_datetime(["2020-01-01"] * len(texts)), "text": texts})
    clusters = find_duplicates(docs, threshold=0.8)
    found = {}
    for _, group in clusters.groupby("cluster_id"):
        for a, b in itertools.combinations(sorted(group["doc_id"]), 2):
            found[(a, b)] = True
    expected = {
        (docs.doc_id[i], docs.doc_id[j])
        for i, j in itertools.combinations(range(len(texts)), 2)
        if jaccard(texts[i], texts[j]) >= 0.8
    }
    assert expected  # the fixture has near duplicates
    assert expected <= set(found)
    # nothing merged across base stories
    assert clusters.groupby("cluster_id")["doc_id"].apply(
        lambda ids: len({int(i[1:]) // 4 for i in ids})).max() == 1
    for _, row in clusters.iterrows():
        rep = docs.set_index("doc_id").text[row.representative]
        own = docs.set_index("doc_id").text[row.doc_id]
        assert row.similarity == pytest.approx(jaccard(own, rep), abs=1e-12)


def test_find_duplicates_is_deterministic(docs):
    first = find_duplicates(docs)
    pd.testing.assert_frame_equal(first, find_duplicates(docs))
    shuffled = docs.sample(frac=1, random_state=4).reset_index(drop=True)
    pd.testing.assert_frame_equal(first, find_duplicates(shuffled))


@pytest.mark.parametrize("n", [0, 1])
def test_find_duplicates_empty_input(n):
    docs = pd.DataFrame({"doc_id": ["a"][:n], "date": pd.to_datetime(["2020-01-01"][:n]),
                         "text": [WIRE][:n]})
    clusters = find_duplicates(docs)
    assert len(clusters) == 0
    assert list(clusters.columns) == ["cluster_id", "doc_id", "kind", "representative", "similarity"]
    kept, removed = drop_duplicates(docs)
    assert len(kept) == n and len(removed) == 0


def test_missing_and_wordless_texts_are_not_clustered():
    docs = pd.DataFrame({"doc_id": list("abcd"), "date": pd.to_datetime(["2020-01-01"] * 4),
                         "text": ["", "   ", None, "Short text."]})
    assert len(find_duplicates(docs)) == 0


def test_short_texts_are_one_shingle():
    docs = pd.DataFrame({"doc_id": list("abc"), "date": pd.to_datetime(["2020-01-01"] * 3),
                         "text": ["Breaking news now", "Breaking news, now!", "Breaking news later"]})
    clusters = find_duplicates(docs)
    assert clusters[["doc_id", "kind"]].values.tolist() == [["a", "near"], ["b", "near"]]


def test_drop_duplicates(docs):
    kept, removed = drop_duplicates(docs)
    assert kept["doc_id"].tolist() == ["copy", "other", "empty"]
    assert list(kept.columns) == list(docs.columns)
    assert removed.columns.tolist() == ["doc_id", "cluster_id", "representative", "reason"]
    assert removed["doc_id"].tolist() == ["reprint", "wire"]
    assert removed["reason"].iloc[1] == "exact duplicate of copy"
    assert re.fullmatch(r"near duplicate of copy \(Jaccard 0\.\d{3}\)", removed["reason"].iloc[0])
    # precomputed clusters give the same result
    kept2, removed2 = drop_duplicates(docs, find_duplicates(docs))
    pd.testing.assert_frame_equal(kept, kept2)
    pd.testing.assert_frame_equal(removed, removed2)


@pytest.mark.parametrize("options, error, message", [
    ({"threshold": 0}, ValueError, r"'threshold' parameter of find_duplicates\(\) must be a number in the range \(0, 1\]"),
    ({"threshold": 1.5}, ValueError, r"'threshold' parameter of find_duplicates\(\)"),
    ({"shingle_size": 0}, ValueError, r"'shingle_size' parameter"),
    ({"num_perm": 2.5}, TypeError, r"'num_perm' parameter of find_duplicates\(\) must be an int"),
    ({"seed": -1}, ValueError, r"'seed' parameter of find_duplicates\(\)"),
])
def test_find_duplicates_rejects_bad_options(docs, options, error, message):
    with pytest.raises(error, match=message):
        find_duplicates(docs, **options)


def test_find_duplicates_rejects_bad_documents(docs):
    with pytest.raises(ValueError, match="unique doc_id"):
        find_duplicates(pd.concat([docs, docs]))
    with pytest.raises(ValueError, match=r"Missing: \['date'\]"):
        find_duplicates(docs.drop(columns="date"))
    with pytest.raises(TypeError, match="only without .clusters."):
        drop_duplicates(docs, find_duplicates(docs), threshold=0.9)


def test_shingle_hashes_do_not_depend_on_batching(monkeypatch, docs):
    import corpus_tools.corpus.duplicates as module

    expected = find_duplicates(docs)
    monkeypatch.setattr(module, "_BATCH_BYTES", 64)  # one text per batch
    pd.testing.assert_frame_equal(expected, find_duplicates(docs))
    assert np.isfinite(expected["similarity"]).all()
