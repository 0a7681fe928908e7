"""Tokeniser: NLTK's conventions applied in bulk, sentence starts, invariance."""

from __future__ import annotations

import gzip
import json

import numpy as np
import pytest

from corpus_tools.text.tokenize import (
    TokenizerSettings,
    load_punkt_parameters,
    tokenize_texts,
    word_mask,
)

from conftest import shared_path


def tokens_of(text: str, **settings) -> list[str]:
    stream = tokenize_texts([text], settings=TokenizerSettings(**settings))
    return [stream.vocab[i] for i in stream.ids]


def sentences_of(text: str) -> list[str]:
    stream = tokenize_texts([text])
    bounds = list(stream.sentence_starts) + [len(stream.ids)]
    return [" ".join(stream.vocab[i] for i in stream.ids[a:b]) for a, b in zip(bounds, bounds[1:])]


@pytest.mark.parametrize("text, expected", [
    ("don't", ["do", "n't"]),
    ("Russia's army", ["Russia", "'s", "army"]),
    ("they're here", ["they", "'re", "here"]),
    ("I'm sure we'll", ["I", "'m", "sure", "we", "'ll"]),
    ("can't", ["ca", "n't"]),  # the Penn Treebank's split, as NLTK does
    ("long-term deals", ["long-term", "deals"]),
    ("1,250 troops", ["1,250", "troops"]),
    ("3.5% growth", ["3.5", "%", "growth"]),
    ("at 10:30 today", ["at", "10:30", "today"]),
    ("the U.S. and U.K. governments", ["the", "U.S.", "and", "U.K.", "governments"]),
    ("Mr. Smith and Dr. Jones", ["Mr.", "Smith", "and", "Dr.", "Jones"]),
    ("see https://example.org/a?b=1.", ["see", "https://example.org/a?b=1", "."]),
    ("write to desk@example.org now", ["write", "to", "desk@example.org", "now"]),
    ("wait... what", ["wait", "...", "what"]),
    ("O'Sullivan said", ["O'Sullivan", "said"]),
    ("the countries' leaders", ["the", "countries", "'", "leaders"]),
    ("\u201cvictory\u201d", ["\u201c", "victory", "\u201d"]),
    ("café au lait", ["café", "au", "lait"]),
])
def test_tokenize_conventions(text, expected):
    assert tokens_of(text) == expected


def test_tokenize_clitics_can_stay_joined():
    assert tokens_of("don't", split_clitics=False) == ["don't"]


@pytest.mark.parametrize("text, expected", [
    ("It rained. Then it stopped.", ["It rained .", "Then it stopped ."]),
    ("Is it? Yes! Fine.", ["Is it ?", "Yes !", "Fine ."]),
    ('He said "no." Then he left.', ['He said " no . "', "Then he left ."]),
    ("Talks in the U.S. resumed today.", ["Talks in the U.S. resumed today ."]),
    ("They moved to the U.S. The talks resumed.", ["They moved to the U.S.", "The talks resumed ."]),
    ("Mr. Smith spoke.", ["Mr. Smith spoke ."]),
    ("Costs rose approx. five percent.", ["Costs rose approx . five percent ."]),
    ("A headline without a stop\n\nThe body starts here.", ["A headline without a stop", "The body starts here ."]),
    ("Wait... Then go.", ["Wait ...", "Then go ."]),
    ("(It ended.) Next one.", ["( It ended . )", "Next one ."]),
])
def test_tokenize_sentences(text, expected):
    assert sentences_of(text) == expected


def test_tokenize_offsets_and_empty_documents():
    stream = tokenize_texts(["", "One two.", "", "\n\n", "Three.", ""])
    assert stream.offsets.tolist() == [0, 0, 3, 3, 3, 5, 5]
    # Every non-empty document starts a sentence; nothing starts in an empty one.
    assert stream.sentence_starts.tolist() == [0, 3]


def test_tokenize_no_sentence_crosses_documents():
    stream = tokenize_texts(["no stop at the end", "next doc", "and another"])
    assert set(stream.offsets[:-1].tolist()) <= set(stream.sentence_starts.tolist())


def test_tokenize_result_independent_of_batches_and_threads():
    rng = np.random.default_rng(7)
    words = ["the", "U.S.", "don't", "Russia's", "1,250", ".", "?", "May", "may", "long-term", "\n\n", '"']
    texts = [" ".join(rng.choice(words, size=rng.integers(0, 40))) for _ in range(300)]
    one = tokenize_texts(texts, settings=TokenizerSettings(chunk_docs=1000, threads=1))
    many = tokenize_texts(texts, settings=TokenizerSettings(chunk_docs=7, threads=4))
    assert one.vocab == many.vocab
    np.testing.assert_array_equal(one.ids, many.ids)
    np.testing.assert_array_equal(one.offsets, many.offsets)
    np.testing.assert_array_equal(one.sentence_starts, many.sentence_starts)


def test_tokenize_vocab_sorted_and_complete():
    stream = tokenize_texts(["b a c", "a d"])
    assert stream.vocab == sorted(stream.vocab)
    assert [stream.vocab[i] for i in stream.ids] == ["b", "a", "c", "a", "d"]


def test_word_mask_counts_clitics_not_punctuation():
    assert word_mask(["n't", "'s", ",", '"', "...", "1,250", "%"]).tolist() == [
        True, True, False, False, False, True, False]


def test_punkt_parameters_from_nltk_data():
    params = load_punkt_parameters()
    assert params.source == "nltk punkt_tab/english", "set NLTK_DATA=../shared/data/nltk_data"
    assert {"mr", "u.s", "jan"} <= params.abbreviations
    assert "ill" not in params.abbreviations  # a word far more often than an abbreviation
    assert "the" in params.sentence_starters


def test_punkt_fallback_when_data_absent(monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("NLTK_DATA", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr("corpus_tools.text.tokenize.nltk_data_paths", lambda: [tmp_path])
    params = load_punkt_parameters()
    assert params.source == "builtin fallback"
    assert "nltk.download('punkt_tab')" in caplog.text
    assert tokens_of("Mr. Smith") == ["Mr.", "Smith"]


def test_tokenize_rejects_unknown_engine():
    with pytest.raises(ValueError, match="'engine' parameter of tokenize_texts"):
        tokenize_texts(["x"], settings=TokenizerSettings(engine="spacy"))


def test_nltk_engine_gives_nltks_own_tokens():
    import nltk

    text = "Mr. Smith didn't go. He said: \"It's 3.5% more.\""
    stream = tokenize_texts([text], settings=TokenizerSettings(engine="nltk"))
    expected = [w for s in nltk.sent_tokenize(text) for w in nltk.word_tokenize(s, preserve_line=True)]
    assert [stream.vocab[i] for i in stream.ids] == expected
    assert len(stream.sentence_starts) == len(nltk.sent_tokenize(text))


def test_fast_engine_agrees_with_nltk_on_real_news():
    """On real articles the fast engine's word tokens match NLTK's closely.

    Differences come from NLTK's quote rewriting (`` and ''), which the fast
    engine does not do, and a few abbreviation decisions.
    """
    import nltk

    path = shared_path("allsides_article_bias", "sample_12outlets_2012-2020.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for _, line in zip(range(40), handle)]
    fast = tokenize_texts(texts)
    slow = tokenize_texts(texts, settings=TokenizerSettings(engine="nltk"))

    def words(stream):
        keep = word_mask(stream.vocab)
        return [stream.vocab[i] for i in stream.ids if keep[i]]

    fast_words, slow_words = words(fast), words(slow)
    assert abs(len(fast_words) - len(slow_words)) / len(slow_words) < 0.01
    from collections import Counter

    overlap = sum((Counter(fast_words) & Counter(slow_words)).values())
    assert overlap / len(slow_words) > 0.98
    # Sentence counts within 5% of Punkt's.
    assert abs(len(fast.sentence_starts) - len(slow.sentence_starts)) / len(slow.sentence_starts) < 0.05


def test_word_mask_and_lower_map_are_pythons_on_every_code_point():
    # Both run in Rust for ASCII forms and in Python for the rest: the result
    # must be exactly Python's [^\W_] search and str.lower.
    import re

    from corpus_tools.text.tokenize import lower_map, word_mask

    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    forms = chars + [c + "A" for c in chars[::5]] + ["\u039f\u0394\u039f\u03a3", "\u0130stanbul", "", "_", "a_"]
    alnum = re.compile(r"[^\W_]")
    assert word_mask(forms).tolist() == [alnum.search(f) is not None for f in forms]
    lower, lower_vocab = lower_map(forms)
    assert lower_vocab == sorted({f.lower() for f in forms})
    assert [lower_vocab[i] for i in lower] == [f.lower() for f in forms]


@pytest.mark.parametrize("engine", ["fast", "nltk"])
def test_titles_tokenise_as_a_paragraph_before_the_text(engine):
    import polars as pl

    titles = ["Storm hits U.S. coast", "", None, "Two\n\nparts", "Ends here.\n", "T", "Quote: \"Yes\""]
    texts = ["It may rain. Officials said so.", "No title here.", "None either", "Body one.",
             "\n\n  starts with blanks", "", "\u201cHe said,\u201d she said."]
    joined = [f"{t}\n\n{x}" if t else x for t, x in zip(titles, texts)]
    settings = TokenizerSettings(engine=engine)
    want = tokenize_texts(joined, settings=settings)
    for given_titles, given_texts in ((titles, texts), (pl.Series(titles, dtype=pl.String), pl.Series(texts))):
        got = tokenize_texts(given_texts, titles=given_titles, settings=settings)
        assert got.vocab == want.vocab
        assert got.ids.tolist() == want.ids.tolist()
        assert got.offsets.tolist() == want.offsets.tolist()
        assert got.sentence_starts.tolist() == want.sentence_starts.tolist()


def test_titles_must_match_texts():
    with pytest.raises(ValueError, match="2 titles for 1 texts"):
        tokenize_texts(["a"], titles=["x", "y"])
