"""POS tags identical to nltk.pos_tag, universal tags, WordNet lemmas and their rules."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import numpy as np
import pytest

from corpus_tools.errors import DataMissingError
from corpus_tools.text import _perceptron
from corpus_tools.text.annotate import (
    UNIVERSAL_TAGS,
    PerceptronModel,
    TagResult,
    lemmatize,
    load_model,
    normalize_word,
    pos_tag_sentences,
    tag_sentences,
    to_universal,
)

from conftest import shared_path

# Sentences written for these tests: hyphenated words, years, numbers, clitics,
# quotes, brackets, capitals, rare words, one- and two-token sentences, and odd
# tokens (NLTK's own padding words, an empty string, non-ASCII digits).
SENTENCES = [
    "The council 's long-term plan was n't approved in 2016 , officials said .",
    "Prices rose 3.5 % to $ 1,250 on Tuesday , up from 998 a year earlier .",
    "`` We 're not going to back down , '' she told reporters at the Capitol .",
    "Can they really do it ?",
    "Yes .",
    "Stop !",
    "Mr. Smith ( D-Texas ) wo n't run again ; he 'd rather teach .",
    "I 'm sure you 've heard that they 'll vote tomorrow .",
    "Quixotic zorblaxes frobnicate underneath glimmering snarfblats .",
    "THE SENATE PASSED THE BILL 52-48 LATE ON FRIDAY",
    "In 1999 , 2,000 people -- mostly students -- marched 12 miles .",
    "-START- -END- -START2- -END2- are the padding words .",
    "Her e-mail said : read pages 10-12 and 1990s reports by 5 p.m.",
    "Results : ２０２０ and ½ and ² and ٣",
    "Running",
    "Tagged tokens",
    "It was the best of times , it was the worst of times , it was the age of wisdom , "
    "it was the age of foolishness , it was the epoch of belief , it was the epoch of incredulity .",
]


@pytest.fixture(scope="module")
def model():
    try:
        return load_model()
    except DataMissingError:
        pytest.skip("needs NLTK's averaged_perceptron_tagger_eng (../shared/data/nltk_data, "
                    "through NLTK_DATA); not found on NLTK's data path")


def _reference(sentences):
    import nltk

    return [nltk.pos_tag(list(s)) for s in sentences]


def _flat(sentences):
    tokens = [t for s in sentences for t in s]
    starts = np.cumsum([0] + [len(s) for s in sentences[:-1]])
    return tokens, starts


# ----------------------------------------------------------------------------- identity


@pytest.mark.shared_data
def test_constructed_sentences_match_nltk(model):
    sentences = [s.split(" ") for s in SENTENCES] + [["", "x", ""], ["New York", "is", "big"]]
    assert pos_tag_sentences(sentences) == _reference(sentences)
    assert pos_tag_sentences(sentences, engine="nltk") == _reference(sentences)


@pytest.mark.shared_data
def test_token_store_form_and_empty_sentences(model):
    sentences = [s.split() for s in SENTENCES[:4]]
    tokens, _ = _flat(sentences)
    vocab = sorted(set(tokens))
    ids = np.array([vocab.index(t) for t in tokens], dtype=np.int32)
    # An empty sentence (a repeated start) changes nothing.
    lengths = [len(s) for s in sentences]
    starts = [0, 0] + np.cumsum(lengths[:-1]).tolist()
    result = tag_sentences(ids, starts, vocab=vocab)
    expected = [tag for s in _reference(sentences) for _, tag in s]
    assert result.tags.dtype == np.int8
    assert result.strings().tolist() == expected
    assert tag_sentences(np.asarray(tokens, dtype=object), starts).strings().tolist() == expected
    assert tag_sentences(ids, starts, vocab=vocab, engine="nltk").strings().tolist() == expected
    assert pos_tag_sentences([[], ["Yes", "."], []]) == [[], [("Yes", "UH"), (".", ".")], []]
    empty = tag_sentences([], [])
    assert empty.tags.shape == (0,) and empty.tagset == model.tagset


@pytest.mark.shared_data
def test_exact_path_alone_matches_nltk(model, monkeypatch):
    # Every token re-scored in float64 in NLTK's order: the tie path on its own.
    tables = model._fast()
    monkeypatch.setattr(tables, "tie_margin", np.inf)
    sentences = [s.split() for s in SENTENCES]
    assert pos_tag_sentences(sentences) == _reference(sentences)


def _synthetic(seed: int):
    """A small random model with many exact ties (weights in steps of 0.5)."""
    rng = random.Random(seed)
    classes = ["DT", "JJ", "NN", "VB", "VBZ", ","]
    words = ["the", "a", "dog", "dogs", "runs", "run", "big", "red", "-", "1999", "7", "Dog"]
    states = classes + ["-START-", "-START2-"]
    norms = sorted({normalize_word(w) for w in words} | {"-START-", "-START2-", "-END-", "-END2-"})
    names = ["bias"]
    names += [f"i suffix {w[-3:]}" for w in words] + [f"i pref1 {w[0]}" for w in words]
    names += [f"i-1 tag {t}" for t in states] + [f"i-2 tag {t}" for t in states]
    names += [f"i tag+i-2 tag {a} {b}" for a in states for b in states]
    for n in norms:
        names += [f"i word {n}", f"i-1 word {n}", f"i-1 suffix {n[-3:]}", f"i-2 word {n}",
                  f"i+1 word {n}", f"i+1 suffix {n[-3:]}", f"i+2 word {n}"]
        names += [f"i-1 tag+i word {t} {n}" for t in states]
    weights = {}
    for name in dict.fromkeys(names):
        if rng.random() < 0.6:
            weights[name] = {c: rng.choice([-1.0, -0.5, 0.5, 1.0, 1.5])
                             for c in rng.sample(classes, rng.randint(1, 3))}
    tagdict = {"the": "DT", ",": ","}
    sentences = [[rng.choice(words + ["the", ","]) for _ in range(rng.randint(1, 9))]
                 for _ in range(300)]
    return weights, tagdict, classes, sentences


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_ties_broken_as_nltk_breaks_them(seed):
    # NLTK's own tagger with the same (tie-rich) weights is the reference.
    from nltk.tag.perceptron import PerceptronTagger

    weights, tagdict, classes, sentences = _synthetic(seed)
    nltk_tagger = PerceptronTagger(load=False)
    nltk_tagger.decode_json_params((weights, tagdict, classes))
    ours = PerceptronModel.from_files(weights, tagdict, classes)
    tokens, starts = _flat(sentences)
    result = tag_sentences(tokens, starts, model=ours)
    expected = [tag for s in sentences for _, tag in nltk_tagger.tag(s)]
    assert result.strings().tolist() == expected


@pytest.mark.shared_data
def test_real_news_200k_tokens_match_nltk(model):
    """Every tag of >= 200,000 tokens of real news equals nltk.pos_tag's on the same sentences."""
    import nltk

    from corpus_tools.corpus.build import build_corpus

    path = shared_path("allsides_article_bias", "sample_12outlets_2012-2020.jsonl.gz")
    corpus = build_corpus(path, fields={"outlet": "source", "doc_id": "id"})
    tokens = corpus.tokens
    # The first documents holding >= 200,000 tokens; their sentences.
    n_docs = int(np.searchsorted(tokens.offsets, 200_000))
    end = int(tokens.offsets[n_docs])
    starts = tokens.sentence_starts[tokens.sentence_starts < end]
    assert end >= 200_000
    ids = tokens.ids[:end]
    ours = tag_sentences(ids, starts, vocab=tokens.vocab).strings().tolist()
    words = tokens.vocab[ids].tolist()
    bounds = starts.tolist() + [end]
    theirs = [tag for a, b in zip(bounds[:-1], bounds[1:]) for _, tag in nltk.pos_tag(words[a:b])]
    differ = [(i, words[i], o, t) for i, (o, t) in enumerate(zip(ours, theirs)) if o != t]
    assert len(theirs) == end
    assert differ == [], f"{len(differ)} of {end} tags differ, first: {differ[:5]}"


# ----------------------------------------------------------------------------- model and data


@pytest.mark.shared_data
def test_model_arrays_and_hashes(model):
    import nltk

    location = nltk.data.find("taggers/averaged_perceptron_tagger_eng/")
    for part, name in (("weights", "weights"), ("tagdict", "tagdict"), ("classes", "classes")):
        data = Path(str(location), f"averaged_perceptron_tagger_eng.{name}.json").read_bytes()
        assert model.sha256[part] == hashlib.sha256(data).hexdigest()
    assert model.weights.dtype == np.float64
    assert model.weights.shape == (len(model.features) + 1, len(model.classes))
    assert not model.weights[model.zero_row].any()
    assert list(model.classes) == sorted(model.classes)
    row = model.features["bias"]
    assert model.weights[row, model.classes.index("NN")] == pytest.approx(3.81)
    again = load_model()  # parsed afresh (nothing is cached at module level), equal
    assert again is not model and again.sha256 == model.sha256 and again.features == model.features


def test_missing_model_names_the_download(monkeypatch, tmp_path):
    import nltk

    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])
    with pytest.raises(DataMissingError, match=r"nltk\.download\('averaged_perceptron_tagger_eng'\)"):
        load_model()
    with pytest.raises(DataMissingError, match=r"nltk\.download\('averaged_perceptron_tagger_eng'\)"):
        tag_sentences(["A", "test"], [0])
    with pytest.raises(DataMissingError, match=r"nltk\.download\('wordnet'\)"):
        lemmatize(["dogs"], ["NNS"])


def test_normalize_word_is_nltks():
    from nltk.tag.perceptron import PerceptronTagger

    nltk_tagger = PerceptronTagger(load=False)
    for word in ["long-term", "-x", "2016", "20160", "3.5", "Trump", "", "２０２０", "²", "½", "A-"]:
        assert normalize_word(word) == nltk_tagger.normalize(word)
    assert _perceptron._normalized(["long-term", "2016", "", "ABC"]) == ["!HYPHEN", "!YEAR", "", "abc"]


def test_parameter_errors():
    model = PerceptronModel.from_files({"bias": {"NN": 1.0}}, {}, ["NN"])
    with pytest.raises(ValueError, match="'engine' parameter of tag_sentences"):
        tag_sentences(["a"], [0], engine="spacy", model=model)
    with pytest.raises(ValueError, match="'sentence_starts' parameter .* must begin with 0"):
        tag_sentences(["a", "b"], [1], model=model)
    with pytest.raises(ValueError, match="'sentence_starts' parameter .* non-decreasing"):
        tag_sentences(["a", "b", "c"], [0, 2, 1], model=model)
    with pytest.raises(ValueError, match="'sentence_starts' parameter .* non-decreasing"):
        tag_sentences(["a"], [0, 5], model=model)
    with pytest.raises(TypeError, match="'sentence_starts' parameter"):
        tag_sentences(["a"], [0.0], model=model)
    with pytest.raises(TypeError, match="'tokens' parameter .* integer ids"):
        tag_sentences(["a"], [0], vocab=["a"], model=model)
    with pytest.raises(ValueError, match="'tokens' parameter .* outside"):
        tag_sentences(np.array([0, 3]), [0], vocab=["a"], model=model)
    with pytest.raises(ValueError, match="'tagset' parameter of pos_tag_sentences"):
        pos_tag_sentences([["a"]], tagset="brown")
    with pytest.raises(ValueError, match="'tags' parameter of lemmatize"):
        lemmatize(["a", "b"], ["DT"])
    assert tag_sentences(["a", "b"], [0], model=model).strings().tolist() == ["NN", "NN"]


# ----------------------------------------------------------------------------- universal tags


@pytest.mark.shared_data
def test_universal_tags_match_nltk(model):
    import nltk
    from nltk.tag.mapping import map_tag

    sentences = [s.split() for s in SENTENCES]
    expected = [nltk.pos_tag(s, tagset="universal") for s in sentences]
    assert pos_tag_sentences(sentences, tagset="universal") == expected
    every = TagResult(np.arange(len(model.tagset), dtype=np.int8), model.tagset)
    mapped = to_universal(every)
    assert mapped.tagset == UNIVERSAL_TAGS
    assert mapped.strings().tolist() == [map_tag("en-ptb", "universal", t) for t in model.tagset]


# ----------------------------------------------------------------------------- lemmas


def _wordnet_or_skip():
    import nltk

    for resource in ("corpora/wordnet.zip/wordnet/", "corpora/wordnet"):
        try:
            return nltk.data.find(resource)
        except LookupError:
            pass
    pytest.skip("needs NLTK's wordnet (../shared/data/nltk_data, through NLTK_DATA)")


@pytest.mark.shared_data
@pytest.mark.parametrize("form, tag, lemma", [
    # 1. punctuation stays
    (",", ",", ","), ("--", ":", "--"), ("``", "``", "``"), ("$", "$", "$"), ("...", ":", "..."),
    # 2. numbers stay as written
    ("2016", "CD", "2016"), ("1,250", "CD", "1,250"), ("3.5", "CD", "3.5"), ("1990s", "NNS", "1990s"),
    ("10:30", "CD", "10:30"),
    # 3. clitics
    ("n't", "RB", "not"), ("N'T", "RB", "not"), ("'s", "VBZ", "be"), ("'s", "POS", "'s"),
    ("'re", "VBP", "be"), ("'m", "VBP", "be"), ("'ve", "VBP", "have"), ("'ll", "MD", "will"),
    ("'d", "MD", "would"), ("'d", "VBD", "have"), ("ca", "MD", "can"), ("wo", "MD", "will"),
    ("'s", "PRP", "'s"),
    # 4. proper nouns keep their form and case
    ("Obama", "NNP", "Obama"), ("Democrats", "NNPS", "Democrats"), ("NATO", "NNP", "NATO"),
    # 5. WordNet by part of speech, lower-cased
    ("Dogs", "NNS", "dog"), ("women", "NNS", "woman"), ("Ran", "VBD", "run"), ("was", "VBD", "be"),
    ("taking", "VBG", "take"), ("better", "JJR", "good"), ("biggest", "JJS", "big"),
    ("quickly", "RB", "quickly"), ("The", "DT", "the"), ("Because", "IN", "because"),
    ("He", "PRP", "he"), ("Could", "MD", "could"), ("up", "RP", "up"), ("zorblaxes", "NNS", "zorblaxes"),
])
def test_lemma_rules(form, tag, lemma):
    _wordnet_or_skip()
    assert lemmatize([form], [tag]).tolist() == [lemma]


@pytest.mark.shared_data
def test_lemmatize_ids_form_once_per_pair(monkeypatch):
    _wordnet_or_skip()
    from corpus_tools.text import annotate

    calls = []
    real = annotate._lemma
    monkeypatch.setattr(annotate, "_lemma", lambda f, t, w: calls.append((f, t)) or real(f, t, w))
    vocab = ["dogs", "ran", "Dogs"]
    forms = np.array([0, 1, 0, 2, 0, 1], dtype=np.int32)
    tags = np.array([0, 1, 0, 0, 2, 1], dtype=np.int8)
    out = lemmatize(forms, tags, vocab=vocab, tagset=("NNS", "VBD", "VBZ"))
    assert out.tolist() == ["dog", "run", "dog", "dog", "dog", "run"]
    assert sorted(calls) == sorted({("dogs", "NNS"), ("ran", "VBD"), ("Dogs", "NNS"), ("dogs", "VBZ")})
    assert lemmatize([], []).tolist() == []
