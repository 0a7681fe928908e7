"""The seed article, end to end: load, normalise, tokenise, count by hand."""

from __future__ import annotations

import pytest

from corpus_tools.corpus.build import build_corpus

from conftest import SEEDS

# Word tokens counted by hand, sentence by sentence (see the token-count
# convention in the README: clitics such as "'s" are words, punctuation is not).
HAND_COUNT = {
    "title": 16,
    "A Kremlin aide ... P1": 34 + 17,
    "The statement reflects ... P2": 26 + 19,
    "The reference to ... P3": 23,
    "subheading 1": 7,
    "According to the report ... P4": 19 + 13,
    "This messaging suggests ... P5": 17 + 22,
    "In past statements ... P6": 36,
    "subheading 2": 7,
    "The latest remarks ... P7": 13 + 25,
    "Analysts say ... P8": 19 + 20,
    "At the same time ... P9": 27,
}
HAND_SENTENCES = 18  # title, 2+2+1, subheading, 2+2+1, subheading, 2+2+1


@pytest.fixture(scope="module")
def seed():
    if not SEEDS.is_dir():
        pytest.skip("needs ../shared/seeds (present in CI)")
    return build_corpus(SEEDS, outlet="seed")


def test_seed_title_normalised(seed):
    title = seed.documents.loc[0, "title"]
    assert title == ('Russia signals it is not waiting for Anchorage deal outcome, '
                     'says it is focused on "victory"')


def test_seed_body_kept_and_footer_removed(seed):
    text = seed.documents.loc[0, "text"]
    assert not text.rstrip().endswith("Comments are closed.")
    assert "Comments are closed." not in text
    assert "appears to relate" in text and "Analysts say" in text and "may not align" in text
    assert "\u201c" not in text and "\u2019" not in text
    assert text.count("\n\n") == 10  # 11 paragraphs: 9 body paragraphs and 2 subheadings
    assert seed.documents.loc[0, "subheadings"].split("\n") == [
        "Russia signals reduced focus on negotiation timelines",
        "Diplomatic uncertainty continues as conflict narrative hardens",
    ]


def test_seed_word_count_matches_hand_count(seed):
    assert seed.n_words == sum(HAND_COUNT.values()) == 360
    assert len(seed.tokens.sentence_starts) == HAND_SENTENCES


def test_seed_provenance_records_what_was_removed(seed):
    report = seed.provenance["normalization"]["report"]
    assert "Comments are closed." in str(report)
    assert seed.provenance["sources"][0]["sha256"]
