"""Part-of-speech tags and lemmas in bulk: NLTK's averaged perceptron over arrays.

The tags are exactly those of ``nltk.pos_tag`` run on each sentence (NLTK's
``averaged_perceptron_tagger_eng`` model, read through ``NLTK_DATA``). The
``"fast"`` engine gets them from arrays (2.6-3.0M tokens/s on the 42M-token
AllSides corpus, one core of a shared 2-core machine; ``nltk.pos_tag``:
17-35k tokens/s; ``benchmarks/bench_annotate.py``):

1. Each token is tagged from 14 features (NLTK's ``_get_features``): a bias,
   its own suffix, first letter and normalised form, the normalised words
   and suffixes around it (two each side, with ``-START-``/``-END-`` padding),
   and four features of the two previous *tags*. The ten word features are
   looked up once per distinct form of the vocabulary and summed into five
   small tables, so a token's word part is five row gathers.
2. Tags feed the next token's features, so tagging is sequential inside a
   sentence; it runs across sentences instead: step ``k`` tags the ``k``-th
   token of every sentence at once (sentences sorted by length, so the
   sentences still going at step ``k`` are a prefix). Tokens in the model's
   tag dictionary are never scored, as in NLTK.
3. Scores are summed in float32. Where the best and second-best scores lie
   within the float32 rounding bound of each other (near-ties: under ten per
   million tokens of news), the token is scored again in float64, feature by
   feature in NLTK's order, and the tie is broken as NLTK breaks it (the
   larger label wins): the result is NLTK's bit for bit, not just close.

Where the time goes (full AllSides corpus, 43% of tokens scored): gathering
and adding the 45-class score rows, 45%; laying the tokens out step by step
and finding their neighbours, 22%; the argmax with its near-tie check, 18%;
the per-step bookkeeping, 6%; the pass over the 235k distinct forms, 7%.

``engine="nltk"`` runs ``nltk.pos_tag`` on each sentence (the reference).
Lemmas come from WordNet (:func:`lemmatize`), once per distinct (form, tag).
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, Sequence

import numpy as np

from .._validation import check_option
from ..errors import DataMissingError
from ._perceptron import ModelTables, normalize_word, tag_fast

__all__ = [
    "PerceptronModel",
    "TagResult",
    "UNIVERSAL_TAGS",
    "lemmatize",
    "load_model",
    "normalize_word",
    "pos_tag_sentences",
    "tag_sentences",
    "to_universal",
]

_MODEL_RESOURCE = "taggers/averaged_perceptron_tagger_eng/"
_MODEL_FILES = {
    "weights": "averaged_perceptron_tagger_eng.weights.json",
    "tagdict": "averaged_perceptron_tagger_eng.tagdict.json",
    "classes": "averaged_perceptron_tagger_eng.classes.json",
}

#: The universal tagset of Petrov et al. (2012), as NLTK's mapping returns it.
UNIVERSAL_TAGS = ("ADJ", "ADP", "ADV", "CONJ", "DET", "NOUN", "NUM", "PRON", "PRT", "VERB", ".", "X")


def _missing(resource: str, package: str) -> DataMissingError:
    import nltk

    searched = "\n  ".join(str(p) for p in nltk.data.path)
    return DataMissingError(
        f"NLTK data {resource!r} is not installed. Install it once with\n"
        f'  python -c "import nltk; nltk.download(\'{package}\')"\n'
        f"or point the NLTK_DATA environment variable at a folder that has it. Searched:\n  {searched}")


# ----------------------------------------------------------------------------- the model


@dataclass(frozen=True, eq=False)
class PerceptronModel:
    """NLTK's averaged perceptron POS model as arrays.

    Attributes
    ----------
    features : dict of str to int
        Feature string (as NLTK builds it, e.g. ``"i suffix ing"``) -> row of
        ``weights``.
    weights : numpy.ndarray of float64, shape (n_features + 1, n_classes)
        The averaged weights; the last row is zeros and stands for a feature
        the model does not know.
    classes : tuple of str
        The model's tags in sorted order: the columns of ``weights``.
    tagdict : dict of str to str
        Words whose tag is fixed (looked up before any scoring, as in NLTK).
    tagset : tuple of str
        The tag vocabulary that tag ids index (the classes, plus any tag the
        dictionary has beyond them).
    sha256 : dict of str to str
        For each data file (``weights``, ``tagdict``, ``classes``), the
        sha256 of its bytes.
    location : str
        Where NLTK found the model.

    Examples
    --------
    >>> model = load_model()
    >>> len(model.classes), model.classes[:3], model.tagdict["the"]
    (45, ('#', '$', "''"), 'DT')
    """

    features: dict
    weights: np.ndarray
    classes: tuple
    tagdict: dict
    tagset: tuple
    sha256: dict
    location: str
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def zero_row(self) -> int:
        """The all-zero row of ``weights`` (a feature the model does not know)."""
        return len(self.weights) - 1

    @classmethod
    def from_files(cls, weights: dict, tagdict: dict, classes: list, *, sha256=None,
                   location: str = "") -> PerceptronModel:
        """Build the arrays from NLTK's three decoded JSON objects.

        Examples
        --------
        >>> m = PerceptronModel.from_files({"bias": {"NN": 1.0, "DT": -1.0}}, {"the": "DT"}, ["NN", "DT"])
        >>> m.classes, m.weights.tolist()
        (('DT', 'NN'), [[-1.0, 1.0], [0.0, 0.0]])
        """
        ordered = tuple(sorted(set(classes)))
        column = {c: j for j, c in enumerate(ordered)}
        features = {name: row for row, name in enumerate(weights)}
        matrix = np.zeros((len(features) + 1, len(ordered)), dtype=np.float64)
        for row, per_class in enumerate(weights.values()):
            for label, w in per_class.items():
                matrix[row, column[label]] = w
        tagset = ordered + tuple(sorted(set(tagdict.values()) - set(ordered)))
        return cls(features, matrix, ordered, dict(tagdict), tagset, dict(sha256 or {}), location)

    @classmethod
    def load(cls) -> PerceptronModel:
        """Read NLTK's ``averaged_perceptron_tagger_eng`` through ``nltk.data``.

        Raises
        ------
        DataMissingError
            When NLTK's data path has no such model; never downloads.

        Examples
        --------
        >>> PerceptronModel.load().sha256.keys()
        dict_keys(['weights', 'tagdict', 'classes'])
        """
        import nltk

        try:
            location = nltk.data.find(_MODEL_RESOURCE)
        except LookupError:
            raise _missing(_MODEL_RESOURCE, "averaged_perceptron_tagger_eng") from None
        return _load_at(location)

    # -- tables of the fast engine, built once per model

    def _fast(self) -> ModelTables:
        if "fast" not in self._cache:
            self._cache["fast"] = ModelTables(self)
        return self._cache["fast"]


def _load_at(location) -> PerceptronModel:
    key = str(location)
    parts, digests = {}, {}
    for part, name in _MODEL_FILES.items():
        with location.join(name).open() as handle:
            raw = handle.read()
        raw = raw.encode("utf-8") if isinstance(raw, str) else raw
        digests[part] = hashlib.sha256(raw).hexdigest()
        parts[part] = json.loads(raw)
    model = PerceptronModel.from_files(parts["weights"], parts["tagdict"], parts["classes"],
                                       sha256=digests, location=key)
    return model


def load_model() -> PerceptronModel:
    """The model ``nltk.pos_tag`` uses, found through NLTK's data path.

    Raises
    ------
    DataMissingError
        When the model is not installed (names the ``nltk.download`` to run).

    Notes
    -----
    Each call parses the model's JSON again (about 2 s): nothing is kept at
    module level, so load it once and pass it as ``model=`` to
    :func:`tag_sentences` when tagging in several calls.

    Examples
    --------
    >>> model = load_model()
    >>> model.classes[:3], len(model.sha256)
    (('#', '$', "''"), 3)
    """
    return PerceptronModel.load()


# ----------------------------------------------------------------------------- tagging


class TagResult(NamedTuple):
    """Tag ids (int8, one per token) and the tag vocabulary they index."""

    tags: np.ndarray
    tagset: tuple

    def strings(self) -> np.ndarray:
        """The tags as strings (object array).

        Examples
        --------
        >>> TagResult(np.array([1, 0], dtype=np.int8), ("DT", "NN")).strings().tolist()
        ['NN', 'DT']
        """
        return np.asarray(self.tagset, dtype=object)[self.tags]


def _check_starts(sentence_starts, n_tokens: int) -> np.ndarray:
    starts = np.asarray(sentence_starts)
    if starts.ndim != 1 or (starts.size and not np.issubdtype(starts.dtype, np.integer)):
        raise TypeError("The 'sentence_starts' parameter of tag_sentences() must be a 1-d sequence "
                        f"of integers. Got {starts.dtype} with shape {starts.shape} instead.")
    starts = starts.astype(np.int64)
    if n_tokens and (starts.size == 0 or starts[0] != 0):
        raise ValueError("The 'sentence_starts' parameter of tag_sentences() must begin with 0 "
                         f"(the first sentence's first token). Got {starts[:1].tolist()} instead.")
    if starts.size and (np.any(np.diff(starts) < 0) or starts[-1] > n_tokens or starts[0] < 0):
        raise ValueError("The 'sentence_starts' parameter of tag_sentences() must be non-decreasing "
                         f"indices in [0, {n_tokens}].")
    return starts


def tag_sentences(tokens, sentence_starts, *, vocab=None,
                  engine: Literal["fast", "nltk"] = "fast",
                  model: PerceptronModel | None = None) -> TagResult:
    """Penn Treebank tags of many sentences laid end to end, as ``nltk.pos_tag`` gives them.

    Parameters
    ----------
    tokens : sequence of str, or array of int
        The tokens of all sentences in order. With ``vocab``, integer ids
        into it (the token store's form, e.g. ``corpus.tokens.ids``).
    sentence_starts : sequence of int
        Index of each sentence's first token; starts at 0, non-decreasing
        (an empty sentence is allowed).
    vocab : sequence of str, optional
        The forms that integer ``tokens`` index.
    engine : {"fast", "nltk"}, default="fast"
        ``"nltk"`` runs ``nltk.pos_tag`` on each sentence (the reference;
        it always uses NLTK's installed model).
    model : PerceptronModel, optional
        The fast engine's model; defaults to :func:`load_model`.

    Returns
    -------
    TagResult
        ``tags`` (int8, one per token) indexing ``tagset``.

    Raises
    ------
    DataMissingError
        When NLTK's tagger model is not installed.

    Examples
    --------
    >>> words = "The cat sat . It was happy .".split()
    >>> result = tag_sentences(words, [0, 4])
    >>> result.strings().tolist()
    ['DT', 'NN', 'VBD', '.', 'PRP', 'VBD', 'JJ', '.']
    >>> tag_sentences(np.array([0, 1, 2, 3]), [0], vocab=["The", "cat", "sat", "."]).strings().tolist()
    ['DT', 'NN', 'VBD', '.']
    """
    check_option(engine, "engine", ("fast", "nltk"), "tag_sentences")
    if vocab is None:
        ids, forms = _factorize(tokens)
    else:
        ids = np.asarray(tokens)
        if ids.size and not np.issubdtype(ids.dtype, np.integer):
            raise TypeError("The 'tokens' parameter of tag_sentences() must be integer ids when "
                            f"'vocab' is given. Got {ids.dtype} instead.")
        forms = list(vocab)
        if ids.size and (ids.min() < 0 or ids.max() >= len(forms)):
            raise ValueError("The 'tokens' parameter of tag_sentences() has ids outside "
                             f"[0, {len(forms)}) of 'vocab'.")
    starts = _check_starts(sentence_starts, len(ids))
    model = load_model() if model is None else model
    if engine == "nltk":
        return TagResult(_tag_nltk(ids, forms, starts, model), model.tagset)
    return TagResult(tag_fast(ids, forms, starts, model._fast()), model.tagset)


def _factorize(tokens) -> tuple[np.ndarray, list]:
    """Token strings -> ids and the distinct forms in first-seen order."""
    index: dict = {}
    ids = np.fromiter((index.setdefault(t, len(index)) for t in tokens), dtype=np.int64,
                      count=len(tokens))
    return ids, list(index)


def _tag_nltk(ids, forms, starts, model) -> np.ndarray:
    import nltk

    try:
        nltk.pos_tag(["."])  # loads NLTK's model once, or says it is missing
    except LookupError:
        raise _missing(_MODEL_RESOURCE, "averaged_perceptron_tagger_eng") from None
    index = {t: i for i, t in enumerate(model.tagset)}
    strings = np.asarray(forms, dtype=object)[ids].tolist() if len(ids) else []
    bounds = np.append(starts, len(ids)).tolist()
    out = np.empty(len(ids), dtype=np.int8)
    for a, b in zip(bounds[:-1], bounds[1:]):
        if b > a:
            out[a:b] = [index[tag] for _, tag in nltk.pos_tag(strings[a:b])]
    return out


def pos_tag_sentences(sentences: Sequence[Sequence[str]], *,
                      tagset: Literal["penn", "universal"] = "penn",
                      engine: Literal["fast", "nltk"] = "fast") -> list:
    """Tag a list of token lists; the result is ``nltk.pos_tag_sents``'s.

    Parameters
    ----------
    sentences : sequence of sequence of str
    tagset : {"penn", "universal"}, default="penn"
        ``"universal"`` maps the tags as ``nltk.pos_tag(..., tagset="universal")``.
    engine : {"fast", "nltk"}, default="fast"

    Returns
    -------
    list of list of (str, str)

    Examples
    --------
    >>> pos_tag_sentences([["John", "'s", "idea", "is", "n't", "bad", "."], ["Yes", "."]])
    [[('John', 'NNP'), ("'s", 'POS'), ('idea', 'NN'), ('is', 'VBZ'), ("n't", 'RB'), ('bad', 'JJ'), ('.', '.')], [('Yes', 'UH'), ('.', '.')]]
    >>> pos_tag_sentences([["They", "run", "."]], tagset="universal")
    [[('They', 'PRON'), ('run', 'VERB'), ('.', '.')]]
    """
    check_option(tagset, "tagset", ("penn", "universal"), "pos_tag_sentences")
    lengths = [len(s) for s in sentences]
    flat = [t for s in sentences for t in s]
    starts = np.concatenate([[0], np.cumsum(lengths[:-1], dtype=np.int64)]) if lengths else []
    result = tag_sentences(flat, starts, engine=engine)
    if tagset == "universal":
        result = to_universal(result)
    names = result.strings().tolist()
    out, at = [], 0
    for sentence, n in zip(sentences, lengths):
        out.append(list(zip(sentence, names[at:at + n])))
        at += n
    return out


def to_universal(result: TagResult) -> TagResult:
    """Map Penn tag ids to the universal tagset with NLTK's ``en-ptb`` mapping.

    Parameters
    ----------
    result : TagResult
        Penn tags, as :func:`tag_sentences` returns them.

    Returns
    -------
    TagResult
        Ids into :data:`UNIVERSAL_TAGS`.

    Raises
    ------
    DataMissingError
        When NLTK's ``universal_tagset`` data is not installed.

    Examples
    --------
    >>> to_universal(TagResult(np.array([0, 1], dtype=np.int8), ("NNS", "VBD"))).strings().tolist()
    ['NOUN', 'VERB']
    """
    from nltk.tag.mapping import map_tag

    try:
        mapped = [map_tag("en-ptb", "universal", tag) for tag in result.tagset]
    except LookupError:
        raise _missing("taggers/universal_tagset/", "universal_tagset") from None
    index = {t: i for i, t in enumerate(UNIVERSAL_TAGS)}
    table = np.array([index[m] for m in mapped], dtype=np.int8)
    return TagResult(table[result.tags], UNIVERSAL_TAGS)


# ----------------------------------------------------------------------------- lemmas

_WORDNET_POS = {"NN": "n", "NNS": "n", "JJ": "a", "JJR": "a", "JJS": "a", "RB": "r", "RBR": "r",
                "RBS": "r", "VB": "v", "VBD": "v", "VBG": "v", "VBN": "v", "VBP": "v", "VBZ": "v"}
_PUNCT_TAGS = frozenset({".", ",", ":", "``", "''", "(", ")", "#", "$", "SYM", "-LRB-", "-RRB-"})
# Clitics the tokeniser splits off: (form, tag or None for any tag) -> lemma.
_CLITICS = {("n't", None): "not", ("'s", "VBZ"): "be", ("'s", "POS"): "'s", ("'re", None): "be",
            ("'m", None): "be", ("'ve", None): "have", ("'ll", None): "will",
            ("'d", "MD"): "would", ("'d", "VBD"): "have",
            ("ca", "MD"): "can", ("wo", "MD"): "will", ("sha", "MD"): "shall"}


def _lemma(form: str, tag: str, wordnet) -> str:
    """One (form, tag) pair's lemma by the rules of :func:`lemmatize`."""
    if not any(c.isalnum() for c in form) or tag in _PUNCT_TAGS:
        return form
    if any(c.isdigit() for c in form):
        return form
    lower = form.lower()
    clitic = _CLITICS.get((lower, tag), _CLITICS.get((lower, None)))
    if clitic is not None:
        return clitic
    if tag in ("NNP", "NNPS"):
        return form
    pos = _WORDNET_POS.get(tag)
    return wordnet.lemmatize(lower, pos) if pos else lower


def lemmatize(forms, tags, *, vocab=None, tagset=None) -> np.ndarray:
    """WordNet lemmas of tagged tokens, computed once per distinct (form, tag).

    Rules, in order (the first that applies decides):

    1. Punctuation stays: a form with no letter or digit, or a punctuation
       tag (``. , : `` '' ( ) # $ SYM``).
    2. Numbers stay as written: any form with a digit (``2016``, ``3.5``,
       ``1990s``, ``10:30``).
    3. Clitics (case-insensitive): ``n't`` -> ``not``; ``'s`` -> ``be`` when
       tagged VBZ, ``'s`` tagged POS stays ``'s``; ``'re``, ``'m`` -> ``be``;
       ``'ve`` -> ``have``; ``'ll`` -> ``will``; ``'d`` -> ``would`` (MD) or
       ``have`` (VBD); the stems of ``can't``, ``won't``, ``shan't`` tagged MD:
       ``ca`` -> ``can``, ``wo`` -> ``will``, ``sha`` -> ``shall``. A clitic
       with any other tag is lower-cased (rule 5).
    4. Proper nouns (NNP, NNPS) stay as written, case kept.
    5. Otherwise the lower-cased form, lemmatised by
       ``nltk.stem.WordNetLemmatizer`` where the tag has a WordNet part of
       speech: NN, NNS -> n; VB* -> v; JJ, JJR, JJS -> a; RB, RBR, RBS -> r.
       Other tags (DT, IN, PRP, MD, CC, RP, WDT, ...) give the lower-cased
       form.

    Parameters
    ----------
    forms : sequence of str, or array of int
        The tokens; with ``vocab``, integer ids into it.
    tags : sequence of str, or array of int
        Their Penn tags; with ``tagset``, integer ids into it (a
        :class:`TagResult`'s ``tags`` and ``tagset``).
    vocab, tagset : sequence of str, optional

    Returns
    -------
    numpy.ndarray of object (str)

    Raises
    ------
    DataMissingError
        When NLTK's ``wordnet`` data is not installed.

    Examples
    --------
    >>> lemmatize(["The", "dogs", "were", "n't", "barking", "at", "Smiths", "2,000"],
    ...           ["DT", "NNS", "VBD", "RB", "VBG", "IN", "NNPS", "CD"]).tolist()
    ['the', 'dog', 'be', 'not', 'bark', 'at', 'Smiths', '2,000']
    """
    form_ids, form_names = _codes(forms, vocab, "forms")
    tag_ids, tag_names = _codes(tags, tagset, "tags")
    if len(form_ids) != len(tag_ids):
        raise ValueError(f"The 'tags' parameter of lemmatize() must have one tag per form: "
                         f"{len(tag_ids)} tags for {len(form_ids)} forms.")
    pairs, inverse = np.unique(form_ids * max(len(tag_names), 1) + tag_ids, return_inverse=True)
    wordnet = _wordnet()
    n_tags = max(len(tag_names), 1)
    lemmas = [_lemma(form_names[p // n_tags], tag_names[p % n_tags], wordnet) for p in pairs.tolist()]
    table = np.empty(len(lemmas), dtype=object)
    table[:] = lemmas
    return table[inverse.reshape(-1)]


def _codes(values, names, parameter: str):
    if names is None:
        ids, names = _factorize(values)
        return ids, names
    ids = np.asarray(values)
    if ids.size and not np.issubdtype(ids.dtype, np.integer):
        raise TypeError(f"The {parameter!r} parameter of lemmatize() must be integer ids when its "
                        f"vocabulary is given. Got {ids.dtype} instead.")
    return ids.astype(np.int64), list(names)


@functools.lru_cache(maxsize=1)
def _lemmatizer():
    from nltk.stem import WordNetLemmatizer

    return WordNetLemmatizer()


def _wordnet():
    import nltk

    # Where nltk.corpus.wordnet looks: the zip first, then a folder.
    for resource in ("corpora/wordnet.zip/wordnet/", "corpora/wordnet"):
        try:
            nltk.data.find(resource)
            return _lemmatizer()
        except LookupError:
            continue
    raise _missing("corpora/wordnet", "wordnet")
