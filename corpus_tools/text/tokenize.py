"""Sentence and word tokenisation into integer token ids, in bulk.

The fast engine applies NLTK's conventions with a compiled regular expression
run over whole documents by Polars (Rust, all cores), then makes every
further decision over arrays or over the vocabulary, never per token in
Python:

1. A regular expression cuts each text into coarse tokens: URLs, e-mail
   addresses, domain names (``HealthCare.gov``, ``FoxNews.com``,
   ``bbc.co.uk/news``), party-state labels (``D-N.Y.``, ``R-S.C.``,
   ``D-Calif.``, ``I-Vt.``) and state abbreviations in datelines (``Ore.``),
   abbreviations with their period (Punkt's English list, titles after a
   prefix such as ``then-Sen.``, letter-period chains such as ``U.S.``,
   ``a.m.`` and ``N.V``, with a hyphenated compound or a possessive:
   ``U.S.-led``, ``F.B.I.'s``), initials (``J.`` in ``Donald J. Trump``;
   not ``I.``, more often the pronoun), tickers (``HAL.N``), numbers with
   separators (``1,250``, ``3.5``, ``10:30``, ``3-1/2``, ``2,500-calorie``,
   ``.300``), words with inner hyphens and apostrophes (``long-term``,
   ``don't``), a clitic after a space (``Iran 's``), ellipses, and any other
   single non-space character as punctuation. A blank line (paragraph
   break) is a marker that ends a sentence and is then dropped.
2. Clitics are split off at the vocabulary level, as the Penn Treebank and
   NLTK's ``word_tokenize`` do: ``don't`` -> ``do n't``, ``Russia's`` ->
   ``Russia 's``, ``they're`` -> ``they 're``, ``can't`` -> ``ca n't``,
   ``F.B.I.'s`` -> ``F.B.I. 's``.
3. Sentence boundaries are decided over the token arrays with Punkt's
   parameters: a sentence ends after ``.``, ``?``, ``!`` or an ellipsis
   (with any closing quotes or brackets that follow), except a period
   followed by a word that starts in lower case; after an abbreviation only
   when the next word is capitalised and is one of Punkt's sentence
   starters; and always at a paragraph break and a document's end. Every
   token that ends in a period counts as an abbreviation here, so party
   labels and initials follow Punkt's abbreviation rule: ``(D-Va.).`` ends
   at the final period, ``R-Va. He added`` ends after the label (``He`` is a
   sentence starter), ``R-Va. Smith added`` and ``J. Trump`` do not. A
   domain name keeps no period, so the period after it is a full stop.

Token-count convention (it decides every normalised frequency): a *word
token* is a token that contains at least one letter or digit. Punctuation
tokens are stored but not counted. Clitics split off as above count as word
tokens, so "don't" is two words, as in NLTK and the Penn Treebank.

Agreement with NLTK (``benchmarks/align_tokenizer.py``: 1,000 articles each,
normalised as ``build_corpus`` does, tokens aligned per document with
``difflib``; identical = same token at the aligned place). Share of NLTK's
tokens that are identical, over all tokens / once the intended classes
below are set aside:

- AllSides sample (1,056,185 tokens): 97.54% / 99.990%
- BBC News (432,720 tokens): 97.72% / 99.999%
- Reuters-21578 (142,077 tokens): 98.87% / 99.971%

Every class of difference seen 3 times or more is intended, for the reason
given (the benchmark prints each with counts and examples, and
``tests/text/test_tokenize_news.py`` holds each one):

- quote glyph: NLTK rewrites ``"`` as ````` `` or ``''``; the normalised
  glyph is kept, so the token says what the text says.
- abbreviation period at sentence end: NLTK cuts the period off the last
  token of its sentence (``U.S`` ``.``); the abbreviation keeps its period,
  so ``U.S.`` is one type wherever it stands (the sentence still ends).
- abbreviation before clitic: NLTK gives ``F.B.I`` ``.`` ``'s``; here
  ``F.B.I.`` ``'s``, the abbreviation whole.
- period NLTK leaves on a word: where Punkt finds no sentence end (before an
  opening quote, after ``OK.``), NLTK leaves ``said.`` whole; the period is
  split as a full stop.
- period without space: NLTK keeps ``ended.Next`` whole; it is split at
  the period (capitals joined by a period, tickers such as ``HAL.N``, stay
  whole, as in NLTK).
- ``cannot``, ``gonna``, ``wanna``, ``gotta``: NLTK splits them (``can not``,
  ``gon na``); each is one orthographic word, and ``gon`` is not a word.
- slash: a slash between words separates two words (``and / or``,
  ``Getty / AFP``) so each counts; ``9/11`` and ``3-1/2`` stay whole.
- currency sign: NLTK splits ``$`` off a number but not ``£`` or ``€``;
  every currency sign is split (``£ 9m`` like ``$ 9m``).
- ellipsis glyph: NLTK splits ``...`` off a word but not ``…``; both are split.
- hyphen at a word's edge: a leading or trailing hyphen (``pre- and
  post-war``, ``-which``) is its own token, so the word keeps its type;
  a run of three or more hyphens is one dash token (NLTK cuts it after two).
- URL and e-mail address: one token each (NLTK splits ``https : //...`` and
  ``name @ host``).
- plus, caret, colon before a number, equals sign: their own tokens
  (``Disney +``, Reuters' ``REUTER ^ M``, ``NOTE : 1987``, markup's ``=``);
  NLTK leaves them inside the word.

The ``"nltk"`` engine runs NLTK's own ``sent_tokenize`` and
``word_tokenize`` for users who need their exact output; it is 20-50 times
slower.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Literal

import numpy as np

from .._validation import check_option

logger = logging.getLogger(__name__)

# Used only when NLTK's punkt_tab data cannot be found: the commonest English
# news abbreviations, so that "Mr." and "U.S." still do not end sentences.
FALLBACK_ABBREVIATIONS = frozenset(
    "mr mrs ms dr jr sr st prof gen sen rep gov lt col maj capt sgt inc ltd corp co bros vs "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu fri sat".split()
)
FALLBACK_SENTENCE_STARTERS = frozenset(
    "the he she it they this these there but so thus in if when while however "
    "meanwhile according i we".split()
)
# Added to Punkt's list: titles frequent in news that Punkt's training text lacked.
EXTRA_ABBREVIATIONS = frozenset("gov sgt capt rev sens reps".split())
# Removed from Punkt's list: ordinary words that end sentences far more often
# than they abbreviate ("He fell ill.", "iron ore.").
AMBIGUOUS_ABBREVIATIONS = frozenset("ill wash ore cos ok ala".split())

# Party-state labels and datelines: the AP's state abbreviations that take a
# period (Texas, Ohio, Iowa, ... take none), case-sensitive. Mass. and Miss.
# are left out of datelines ("attended Mass."), not out of labels.
STATE_ABBREVIATIONS = frozenset(
    "Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo "
    "Mont Neb Nev Okla Ore Pa Tenn Vt Va Wash Wis Wyo N.H N.J N.M N.Y N.C N.D R.I S.C S.D W.Va "
    "D.C P.R".split()
)
DATELINE_STATES = STATE_ABBREVIATIONS - {"Mass", "Miss"}
# Titles that keep their period after a hyphenated prefix (then-Sen., ex-Gov.).
HYPHEN_TITLES = frozenset("sen sens rep reps gov govs gen lt col maj capt sgt adm dr pres sec atty rev".split())
# Top-level domains that end a domain name; lower case only, so that a
# missing space after a period ("ended.In") is not taken for a domain.
TOP_LEVEL_DOMAINS = ("com", "org", "net", "gov", "edu", "mil", "int", "info", "biz", "io", "co", "uk",
                     "ca", "au", "ly", "tv", "news", "eu", "ch", "fr", "de", "jp", "nz", "ie")

SENTENCE_END = frozenset({".", "?", "!", "...", "\u2026"})
# Tokens that may follow a sentence-final mark and still belong to the sentence.
SENTENCE_TRAILERS = frozenset({'"', "'", ")", "]", "}", "\u201d", "\u2019", "\u00bb"})
# A blank line, possibly holding spaces or tabs: a paragraph break.
PARAGRAPH_BREAK = r"\n[ \t]*\n\s*"

_CLITIC = re.compile(r"^(.+?)(n't|'s|'re|'ve|'ll|'d|'m|'S|'RE|'VE|'LL|'D|'M|N'T)$")
_ALNUM = re.compile(r"[^\W_]")
_ABBREVIATION_SHAPE = re.compile(r"^[a-z]+(?:\.[a-z]+)*$")


@dataclass(frozen=True)
class PunktParameters:
    """The parts of Punkt's trained model that the fast engine uses.

    Attributes
    ----------
    abbreviations : frozenset of str
        Lower-case abbreviations without their final period (``"mr"``, ``"u.s"``).
    sentence_starters : frozenset of str
        Lower-case words that, capitalised after an abbreviation, start a sentence.
    source : str
        Where they came from: ``"nltk punkt_tab/english"`` or ``"builtin fallback"``.
    """

    abbreviations: frozenset
    sentence_starters: frozenset
    source: str


def load_punkt_parameters(language: str = "english") -> PunktParameters:
    """Read Punkt's abbreviations and sentence starters from NLTK's punkt_tab.

    The data is looked up through NLTK's own search path (``NLTK_DATA``).
    When it is absent, a small built-in English list is used instead and a
    warning is logged; the choice is recorded as ``source``.

    Parameters
    ----------
    language : str, default="english"
        The punkt_tab language folder.

    Returns
    -------
    PunktParameters

    Examples
    --------
    >>> params = load_punkt_parameters()
    >>> "mr" in params.abbreviations
    True
    """
    found = find_nltk_resource(f"tokenizers/punkt_tab/{language}")
    if found is None:
        logger.warning(
            "NLTK's punkt_tab data for %r was not found; using corpus_tools' built-in "
            "abbreviation list. Run nltk.download('punkt_tab') for Punkt's parameters.",
            language,
        )
        return PunktParameters(FALLBACK_ABBREVIATIONS, FALLBACK_SENTENCE_STARTERS, "builtin fallback")
    abbrevs = frozenset(_read_resource_lines(found, "abbrev_types.txt"))
    starters = frozenset(_read_resource_lines(found, "sent_starters.txt"))
    source = f"nltk punkt_tab/{language}"
    # Keep entries that look like abbreviations (punkt_tab also lists ". .").
    abbrevs = {a for a in abbrevs if _ABBREVIATION_SHAPE.match(a)}
    abbrevs = (abbrevs | EXTRA_ABBREVIATIONS) - AMBIGUOUS_ABBREVIATIONS
    return PunktParameters(frozenset(abbrevs), frozenset(starters), source)


def nltk_data_paths() -> list:
    """NLTK's data search path, without importing NLTK (which takes a second).

    The order is NLTK's own: the ``NLTK_DATA`` folders, then the user's home,
    then the interpreter's and the system's standard places.
    """
    from pathlib import Path

    paths = [Path(p) for p in os.environ.get("NLTK_DATA", "").split(os.pathsep) if p]
    paths.append(Path.home() / "nltk_data")
    for prefix in (sys.prefix, sys.exec_prefix):
        paths += [Path(prefix) / "nltk_data", Path(prefix) / "share" / "nltk_data",
                  Path(prefix) / "lib" / "nltk_data"]
    paths += [Path(p) for p in ("/usr/share/nltk_data", "/usr/local/share/nltk_data",
                                "/usr/lib/nltk_data", "/usr/local/lib/nltk_data")]
    return paths


def find_nltk_resource(name: str):
    """Locate an NLTK data folder, unpacked or inside its package's zip.

    Parameters
    ----------
    name : str
        A resource path such as ``"tokenizers/punkt_tab/english"``.

    Returns
    -------
    tuple of (pathlib.Path, str) or None
        ``(folder, "")`` for an unpacked folder, ``(zip file, member prefix)``
        for a zipped package, or None when it is nowhere on the search path.
    """
    category, package, *rest = name.split("/")
    for base in nltk_data_paths():
        folder = base.joinpath(category, package, *rest)
        if folder.is_dir():
            return folder, ""
        archive = base / category / f"{package}.zip"
        if archive.is_file():
            prefix = "/".join([package, *rest]) + "/"
            try:
                with zipfile.ZipFile(archive) as zf:
                    if any(n.startswith(prefix) for n in zf.namelist()):
                        return archive, prefix
            except zipfile.BadZipFile:
                continue
    return None


def _read_resource_lines(found, filename: str) -> list:
    path, prefix = found
    if prefix:
        with zipfile.ZipFile(path) as zf:
            text = zf.read(prefix + filename).decode("utf-8")
    else:
        text = (path / filename).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def token_pattern(abbreviations: frozenset) -> str:
    """Build the tokenising regular expression (Rust regex syntax).

    Alternatives are tried left to right at each position, so the order
    below is the order of precedence. Polars runs the pattern with Rust's
    ``regex`` crate, which has no look-around and no back-references; the
    only assertion used is the ASCII word boundary ``(?-u:\b)``, which
    keeps the engine on its fast (DFA) path where a Unicode ``\b`` would not.

    Parameters
    ----------
    abbreviations : frozenset of str
        Lower-case abbreviations without their final period.

    Returns
    -------
    str

    Examples
    --------
    >>> import polars as pl
    >>> pattern = token_pattern(frozenset({"sen"}))
    >>> pl.Series(["Sen. Tim Kaine (D-Va.) on HealthCare.gov"]).str.extract_all(pattern).to_list()
    [['Sen.', 'Tim', 'Kaine', '(', 'D-Va.', ')', 'on', 'HealthCare.gov']]
    """
    return "|".join(_pattern_parts(abbreviations))


def _pattern_parts(abbreviations: frozenset) -> list:
    """The alternatives of :func:`token_pattern`, in order of precedence."""
    single = sorted((a for a in abbreviations if "." not in a and a.isalpha()), key=lambda a: (-len(a), a))
    dotted = sorted((a for a in abbreviations if "." in a), key=lambda a: (-len(a), a))
    # A hyphenated compound or a possessive may follow a dotted abbreviation
    # (U.S.-led, F.B.I.'s); the possessive is split off with the other clitics.
    after_dotted = r"(?:-[\p{L}\p{N}\p{M}_]+)*(?:['\u2019][sS])?"
    states = "|".join(sorted(DATELINE_STATES, key=lambda a: (-len(a), a))).replace(".", r"\.")
    in_labels_only = "|".join(sorted(STATE_ABBREVIATIONS - DATELINE_STATES))
    parts = [
        r"(?:https?://|www\.)[^\s<>\"]*[^\s<>\"'.,;:!?)\]]",  # URL, without trailing punctuation
        r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # e-mail
        # Domain names (HealthCare.gov, FoxNews.com, bbc.co.uk/news), with a
        # path and a possessive; the top-level domain must end the word.
        r"[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.(?:" + "|".join(TOP_LEVEL_DOMAINS)
        + r")(?-u:\b)(?:/[^\s<>\"]*[^\s<>\"'.,;:!?)\]])?(?:['\u2019][sS])?",
        # Party-state labels, D-N.Y., R-Va., I-Vt. (D-Texas is an ordinary
        # word), and states in datelines, Portland, Ore. (capitalised only:
        # "ore." and "ill." are words; "Mass." and "Miss." only in labels).
        r"(?:[DRI]-(?:" + in_labels_only + r")|(?:[DRI]-)?(?:" + states + r"))\.",
        # A title or a letter chain after a hyphenated prefix: then-Sen.,
        # ex-Gov., non-U.S., China-U.S.
        r"[A-Za-z]+(?:-[A-Za-z]+)*-(?:(?i:" + "|".join(sorted(HYPHEN_TITLES, key=lambda a: (-len(a), a)))
        + r")\.|(?:\p{L}\.){2,})",
    ]
    if dotted:
        parts.append(r"(?i:" + "|".join(re.escape(a) for a in dotted) + r")\." + after_dotted)
    # Letter-period chains: U.S., a.m., e.g.; N.V without its last period.
    parts.append(r"(?:[A-Za-z]\.)+[A-Za-z](?:\." + after_dotted + r"|(?-u:\b))")
    # Stock tickers and capitals joined by a period: SLB.N, FOXA.O, W.GERMAN.
    parts.append(r"[A-Z]+(?:\.[A-Z]+)+(?-u:\b)")
    if single:
        # No \b: every match begins where the previous token ended, which is a
        # word start, and \b would push the regex engine off its fast path.
        parts.append(r"(?i:" + "|".join(single) + r")\.")
    parts += [
        r"[A-HJ-Z]\.",  # an initial: Donald J. Trump ("I." is more often the pronoun)
        # 1,250  3.5bn  10:30  2/3  3-1/2  1.5-2.0  2,500-calorie  .300
        r"\p{N}+(?:[-.,:/]\p{N}+)+\p{L}*(?:-[A-Za-z0-9]+)*|\.[0-9]+[A-Za-z]*",
        r"[\p{L}\p{N}\p{M}_]+(?:[-'\u2019][\p{L}\p{N}\p{M}_]+)*",  # words, long-term, don't
        # A clitic after a space (Iran 's, rock 'n' roll), as NLTK keeps it.
        r"['\u2019](?:s|S|re|ve|ll|d|m|n)(?-u:\b)",
        r"''",  # two apostrophes as a closing double quote, as NLTK's ''
        r"\.\.\.+|--+",
        r"\S",  # any other mark
    ]
    return parts


@dataclass
class TokenStream:
    """Token ids of many documents, in one flat array.

    Attributes
    ----------
    ids : numpy.ndarray of int32
        Token ids into ``vocab``, all documents one after another.
    offsets : numpy.ndarray of int64
        ``ids[offsets[i]:offsets[i + 1]]`` are document ``i``'s tokens
        (length = number of documents + 1).
    vocab : list of str
        Surface forms, sorted by code point, so the same text gives the same ids.
    sentence_starts : numpy.ndarray of int64
        Positions in ``ids`` where a sentence begins (each non-empty
        document's first token included), ascending.
    """

    ids: np.ndarray
    offsets: np.ndarray
    vocab: list
    sentence_starts: np.ndarray


@dataclass(frozen=True)
class TokenizerSettings:
    """How texts are tokenised; stored in the corpus provenance.

    Parameters
    ----------
    engine : {"fast", "nltk"}, default="fast"
        ``"fast"``: the bulk engine described in this module. ``"nltk"``:
        NLTK's ``sent_tokenize`` and ``word_tokenize`` per document.
    language : str, default="english"
        Punkt's language.
    split_clitics : bool, default=True
        Split ``n't``, ``'s``, ``'re``, ``'ve``, ``'ll``, ``'d``, ``'m`` off
        their word (fast engine; NLTK always does).
    chunk_docs : int, default=2000
        Documents tokenised per batch (bounds memory; progress steps).
    threads : int, default=min(4, number of CPUs)
        Batches tokenised at once. The result does not depend on it.
    """

    engine: Literal["fast", "nltk"] = "fast"
    language: str = "english"
    split_clitics: bool = True
    chunk_docs: int = 2000
    threads: int = field(default_factory=lambda: min(4, os.cpu_count() or 1), compare=False)

    def to_dict(self) -> dict:
        """Return the settings that decide the output, as a JSON-serialisable dict."""
        settings = asdict(self)
        del settings["threads"]  # changes speed, never the result
        return settings


class _VocabBuilder:
    """Assigns provisional ids to surface forms across batches."""

    def __init__(self):
        self.index: dict[str, int] = {}
        self.forms: list[str] = []

    def encode(self, uniques: list[str]) -> np.ndarray:
        index = self.index
        out = np.empty(len(uniques), dtype=np.int32)
        for i, form in enumerate(uniques):  # once per distinct form per batch, not per token
            got = index.get(form)
            if got is None:
                got = index[form] = len(self.forms)
                self.forms.append(form)
            out[i] = got
        return out


def tokenize_texts(
    texts: Sequence[str],
    *,
    titles: Sequence[str] | None = None,
    settings: TokenizerSettings | None = None,
    punkt: PunktParameters | None = None,
    progress: bool = False,
) -> TokenStream:
    """Tokenise many texts into a :class:`TokenStream`.

    Parameters
    ----------
    texts : sequence of str, or a Polars string Series
        One text per document. A Polars Series (or a pandas ``str`` column
        backed by Arrow, converted with ``polars.from_arrow``) is tokenised
        without creating Python strings.
    titles : sequence of str, or a Polars string Series, optional
        One title per document (missing or empty: none), tokenised as if
        it stood before the text with a blank line between: its own
        paragraph, so a sentence always starts after it. Same types as
        ``texts``.
    settings : TokenizerSettings, optional
        Defaults to ``TokenizerSettings()``.
    punkt : PunktParameters, optional
        Defaults to :func:`load_punkt_parameters` for ``settings.language``.
    progress : bool, default=False
        Show a progress bar (tqdm) over batches.

    Returns
    -------
    TokenStream

    Examples
    --------
    >>> stream = tokenize_texts(["Mr. Smith didn't go to the U.S. He stayed home."])
    >>> [stream.vocab[i] for i in stream.ids]
    ['Mr.', 'Smith', 'did', "n't", 'go', 'to', 'the', 'U.S.', 'He', 'stayed', 'home', '.']
    >>> stream.sentence_starts.tolist()
    [0, 8]
    """
    settings = settings or TokenizerSettings()
    check_option(settings.engine, "engine", ("fast", "nltk"), "tokenize_texts")
    punkt = punkt or load_punkt_parameters(settings.language)
    if titles is not None and len(titles) != len(texts):
        raise ValueError(f"tokenize_texts(): {len(titles)} titles for {len(texts)} texts")
    if settings.engine == "nltk":
        texts = list(texts)
        if titles is not None:
            texts = [f"{title}\n\n{text or ''}" if title else (text or "")
                     for title, text in zip(list(titles), texts)]
        return _tokenize_nltk(texts, settings, progress)
    batches, forms = _coarse_tokens(texts, titles, punkt, settings, progress)
    return _finish(batches, forms, punkt, settings.split_clitics, settings.threads)


def _as_series(values):
    import polars as pl

    return values if isinstance(values, pl.Series) else pl.Series("text", values, dtype=pl.String)


def _paragraphs(texts):
    """Each text's paragraphs (split at blank lines), as a Polars list column."""
    return texts.fill_null("").str.replace_all(PARAGRAPH_BREAK, "\n\n").str.split("\n\n")


def _tokenize_batch(batch, pattern, categories):
    """Cut one batch of texts (or of ``(titles, texts)``) into tokens.

    Returns tokens per document, tokens per paragraph and provisional ids.
    Paragraphs (split at blank lines) are cut apart before tokenising, so a
    paragraph break needs no marker token. A title's paragraphs come first,
    as lists of views into the same buffers: no text is copied to join them.
    """
    import polars as pl

    titles, texts = batch if isinstance(batch, tuple) else (None, batch)
    paragraphs = _paragraphs(_as_series(texts))
    if titles is not None:
        titles = _as_series(titles)
        before = pl.select(pl.when(titles.str.len_bytes() > 0).then(_paragraphs(titles))
                           .otherwise(pl.lit([], dtype=pl.List(pl.String)))).to_series()
        paragraphs = pl.select(pl.concat_list(before, paragraphs)).to_series()
    per_doc = paragraphs.list.len().to_numpy().astype(np.int64)
    lists = paragraphs.explode().str.extract_all(pattern)
    para_lengths = lists.list.len().fill_null(0).to_numpy().astype(np.int64)
    flat = lists.explode().drop_nulls()
    # A shared Polars category mapping gives every distinct form one id across
    # batches and threads without a Python-level dictionary; the ids depend
    # on thread timing, so _finish re-numbers them by sorted form.
    ids = flat.cast(pl.Categorical(categories)).to_physical().to_numpy()
    return per_doc, para_lengths, ids.astype(np.int32, copy=False)


def _coarse_tokens(texts, titles, punkt, settings, progress):
    """Tokens of all texts, batch by batch, and the distinct forms.

    Returns a list with, per batch, the paragraphs per document, the tokens
    per paragraph and the provisional ids (indices into the forms).
    """
    from concurrent.futures import ThreadPoolExecutor

    import polars as pl
    from tqdm import tqdm  # plain bars: tqdm.auto warns in notebooks without ipywidgets

    pattern = token_pattern(punkt.abbreviations)
    categories = pl.Categories.random()
    # Polars frees a category mapping that no column uses; this empty column
    # keeps it alive between batches, so ids stay stable across them.
    anchor = pl.Series("anchor", [], dtype=pl.Categorical(categories))
    n = len(texts)
    size = settings.chunk_docs
    def cut(values):
        if isinstance(values, pl.Series):
            return [values.slice(i, size) for i in range(0, n, size)]  # zero-copy slices
        return [list(values[i:i + size]) for i in range(0, n, size)]

    batches = cut(texts) if titles is None else list(zip(cut(titles), cut(texts)))
    # Polars releases the GIL, so threads keep every core busy.
    with ThreadPoolExecutor(max_workers=settings.threads) as pool:
        results = pool.map(_tokenize_batch, batches, itertools.repeat(pattern),
                           itertools.repeat(categories))
        results = list(tqdm(results, total=-(-n // size), disable=not progress,
                            desc="tokenising", unit="batch"))
    forms = categories.to_series().to_list() if results else []
    del anchor
    if any(len(ids) and int(ids.max()) >= len(forms) for _d, _p, ids in results) or None in forms:
        raise RuntimeError("token ids and vocabulary disagree; please report this as a bug")
    return results, forms


_END, _TRAILER, _ABBREV, _STARTER, _LOWER, _PERIOD, _SPLIT = (1 << k for k in range(7))


def _form_table(forms, punkt, split_clitics):
    """Per distinct form: its parts after clitic splitting and its boundary flags.

    Vectorised with Polars string functions; only forms with an apostrophe
    pass through Python.
    """
    import polars as pl

    series = pl.Series("form", forms, dtype=pl.String)
    firsts, seconds = list(forms), [None] * len(forms)
    if split_clitics:
        for i in np.flatnonzero(series.str.contains("['\u2019]").to_numpy()):
            match = _CLITIC.match(forms[i].replace("\u2019", "'"))
            if match and _ALNUM.search(match.group(1)):
                firsts[i], seconds[i] = match.group(1), match.group(2)
    head = pl.Series("first", firsts, dtype=pl.String)
    frame = pl.DataFrame({"form": series, "first": head}).select(
        end=pl.col("form").is_in(sorted(SENTENCE_END)),
        period=pl.col("form") == ".",
        trailer=pl.col("form").is_in(sorted(SENTENCE_TRAILERS)),
        abbrev=(pl.col("form").str.len_chars() > 1) & pl.col("form").str.ends_with("."),
        lower=pl.col("first").str.contains(r"^\p{Ll}"),
        starter=pl.col("first").str.contains(r"^\p{Lu}")
        & pl.col("first").str.to_lowercase().is_in(sorted(punkt.sentence_starters)),
    )
    flags = np.zeros(len(forms), dtype=np.uint8)
    for name, bit in (("end", _END), ("period", _PERIOD), ("trailer", _TRAILER),
                      ("abbrev", _ABBREV & ~0), ("lower", _LOWER), ("starter", _STARTER)):
        column = frame[name].to_numpy()
        if name == "abbrev":
            column = column & ~frame["end"].to_numpy()  # "..." is an end mark, not an abbreviation
        flags |= np.where(column, bit, 0).astype(np.uint8)
    return firsts, seconds, flags


def _finish(batches, forms, punkt, split_clitics=True, threads=1) -> TokenStream:
    """Split clitics, decide sentence starts, sort the vocabulary.

    Every step is an array operation over the distinct forms, or over one
    batch's tokens; the batches are done on ``threads`` threads (numpy
    releases the GIL) and joined once at the end.
    """
    from concurrent.futures import ThreadPoolExecutor

    import polars as pl

    firsts, seconds, form_flags = _form_table(forms, punkt, split_clitics)
    # The final vocabulary: every part of every form, sorted by code point
    # (UTF-8 byte order is code point order) so ids do not depend on threads.
    parts = pl.Series("part", firsts + [x for x in seconds if x], dtype=pl.String)
    vocab_series = parts.unique().sort()
    vocab = vocab_series.to_list()
    enum = pl.Enum(vocab_series)
    first_id = pl.Series(firsts, dtype=pl.String).cast(enum).to_physical().to_numpy().astype(np.int32)
    second_id = (pl.Series([x or vocab[0] for x in seconds], dtype=pl.String).cast(enum)
                 .to_physical().to_numpy().astype(np.int32))
    has_second = np.array([x is not None for x in seconds], dtype=bool)
    form_flags[has_second] |= _SPLIT

    def plan(batch):
        return _finish_batch(*batch, form_flags)

    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        done = list(pool.map(plan, batches))
        if not done:
            return TokenStream(np.empty(0, np.int32), np.zeros(1, np.int64), vocab, np.empty(0, np.int64))
        sizes = np.array([len(batch[2]) + len(splits) for batch, (splits, _o, _s) in zip(batches, done)],
                         dtype=np.int64)
        bases = np.concatenate(([0], np.cumsum(sizes)))
        # One array for all ids, filled batch by batch on all threads (a join
        # of the batches' arrays afterwards would copy every id once more).
        ids = np.empty(int(bases[-1]), dtype=np.int32)

        def fill(k):
            _write_ids(ids[bases[k]:bases[k + 1]], batches[k][2], done[k][0], first_id, second_id)

        list(pool.map(fill, range(len(batches))))
    offsets = np.concatenate([o[:-1] + base for (_p, o, _s), base in zip(done, bases)] + [bases[-1:]])
    starts = np.concatenate([s + base for (_p, _o, s), base in zip(done, bases)])
    return TokenStream(ids, offsets, vocab, starts)


def _write_ids(out, coarse, splits, first_id, second_id):
    """Final ids of one batch into ``out``: each token's first part, and the
    split-off second part (a clitic) right after it."""
    if not len(splits):
        np.take(first_id, coarse, out=out, mode="clip")  # ids are checked; "raise" would buffer
        return
    inserted = splits + 1 + np.arange(len(splits))
    kept = np.ones(len(out), dtype=bool)
    kept[inserted] = False
    out[kept] = first_id[coarse]
    out[inserted] = second_id[coarse[splits]]


def _finish_batch(per_doc, para_lengths, ids, form_flags):
    """One batch's split positions, document offsets and sentence starts.

    ``splits`` are the positions in ``ids`` of the tokens that split in two;
    offsets and starts are batch-local positions after the split.
    """
    n = len(ids)
    para_bounds = np.zeros(len(para_lengths) + 1, dtype=np.int64)
    np.cumsum(para_lengths, out=para_bounds[1:])
    doc_first_para = np.zeros(len(per_doc) + 1, dtype=np.int64)
    np.cumsum(per_doc, out=doc_first_para[1:])
    offsets = para_bounds[doc_first_para]
    paragraph_starts = para_bounds[:-1]

    # Sentence boundaries, decided at the candidate positions only. A batch
    # ends with a document, and a start at a document's end is no start, so
    # batches are independent.
    flags = form_flags[ids]
    cand = np.flatnonzero(flags & (_END | _ABBREV))
    here = flags[cand]
    nxt = np.zeros(len(cand), dtype=np.uint8)
    inside = cand + 1 < n
    nxt[inside] = flags[cand[inside] + 1]
    # A period followed by a lower-case word is not a boundary (Punkt's
    # orthographic heuristic); an abbreviation ends a sentence only before a
    # capitalised sentence starter.
    is_boundary = np.where(
        (here & _END) != 0,
        ~(((here & _PERIOD) != 0) & ((nxt & _LOWER) != 0)),
        (nxt & _STARTER) != 0,
    )
    boundary = cand[is_boundary]
    starts = boundary + 1
    # Carry each start past closing quotes and brackets (and repeated marks).
    carried = (flags & (_TRAILER | _END)) != 0
    carried[paragraph_starts[paragraph_starts < n]] = False  # never into the next paragraph
    while True:
        inside = starts < n
        move = np.zeros(len(starts), dtype=bool)
        move[inside] = carried[starts[inside]]
        if not move.any():
            break
        starts[move] += 1
    # A start at or past the end of its document is no start.
    doc_of = np.searchsorted(offsets, boundary, side="right") - 1
    starts = starts[starts < offsets[doc_of + 1]]
    # Paragraphs (and so titles and documents) always start sentences.
    starts = np.concatenate((starts, paragraph_starts))

    # Add the split-off clitics: a few percent of tokens, so positions move
    # by counts found with searchsorted.
    splits = np.flatnonzero(flags & _SPLIT)
    if len(splits):
        offsets = offsets + np.searchsorted(splits, offsets, side="left")
        starts = starts + np.searchsorted(splits, starts, side="left")
    starts = np.sort(starts)
    if len(starts):
        starts = starts[np.concatenate(([True], np.diff(starts) > 0))]
    return splits, offsets, starts[starts < n + len(splits)]


def _tokenize_nltk(texts, settings, progress) -> TokenStream:
    import nltk
    from tqdm import tqdm  # plain bars: tqdm.auto warns in notebooks without ipywidgets

    builder = _VocabBuilder()
    ids, lengths, starts = [], [], []
    position = 0
    for text in tqdm(texts, disable=not progress, desc="tokenising (nltk)", unit="doc"):
        count = 0
        for paragraph in re.split(r"\n[ \t]*\n", text):
            for sentence in nltk.sent_tokenize(paragraph, language=settings.language):
                words = nltk.word_tokenize(sentence, language=settings.language, preserve_line=True)
                if not words:
                    continue
                starts.append(position + count)
                ids.append(builder.encode(words))
                count += len(words)
        lengths.append(count)
        position += count
    flat = np.concatenate(ids) if ids else np.empty(0, dtype=np.int32)
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    forms = builder.forms
    order = sorted(range(len(forms)), key=forms.__getitem__)
    remap = np.empty(len(forms), dtype=np.int32)
    remap[order] = np.arange(len(forms), dtype=np.int32)
    return TokenStream(remap[flat] if len(flat) else flat, offsets, [forms[i] for i in order],
                       np.asarray(starts, dtype=np.int64))


def word_mask(vocab: Sequence[str]) -> np.ndarray:
    """Return a boolean array: which vocabulary entries are word tokens.

    A word token contains at least one letter or digit (``str.isalnum``);
    everything else is punctuation and is not counted toward corpus size.

    Examples
    --------
    >>> word_mask(["the", ",", "n't", "1,250", "--", "—", "café", "²"]).tolist()
    [True, False, True, True, False, False, True, True]
    """
    import polars as pl

    forms = pl.Series("form", list(vocab), dtype=pl.String)
    # ASCII forms in Rust (there [^\W_] is [A-Za-z0-9]); the others with
    # Python's own regex, so Unicode's letters and digits are Python's.
    out = forms.str.contains("[A-Za-z0-9]").fill_null(False).to_numpy().copy()
    for i in _non_ascii_rows(forms):
        out[i] = _ALNUM.search(vocab[i]) is not None
    return out


def lower_map(vocab: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """Each form's lower-case form, as ids into the sorted lower-case vocabulary.

    Lower-casing is Python's ``str.lower``.

    Returns
    -------
    lower : numpy.ndarray of int32
        ``lower_vocab[lower[i]] == vocab[i].lower()``.
    lower_vocab : list of str
        The distinct lower-case forms, sorted by code point.

    Examples
    --------
    >>> lower_map(["Apple", "The", "apple", "ÉTÉ"])
    (array([0, 1, 0, 2], dtype=int32), ['apple', 'the', 'été'])
    """
    import polars as pl

    forms = pl.Series("form", list(vocab), dtype=pl.String)
    lowered = forms.str.to_lowercase()  # exactly str.lower on ASCII forms
    rows = _non_ascii_rows(forms)
    if len(rows):
        lowered = lowered.scatter(rows, [vocab[i].lower() for i in rows])
    lower_vocab = lowered.unique().sort()  # UTF-8 byte order is code point order
    if not len(lower_vocab):
        return np.empty(0, dtype=np.int32), []
    lower = lowered.cast(pl.Enum(lower_vocab)).to_physical().to_numpy().astype(np.int32)
    return lower, lower_vocab.to_list()


def _non_ascii_rows(forms) -> np.ndarray:
    """Rows of a Polars string Series that hold a non-ASCII character."""
    return np.flatnonzero((forms.str.len_bytes() != forms.str.len_chars()).fill_null(False).to_numpy())
