"""corpus_tools: corpus-linguistic analysis of news text.

The public verbs, one import away::

    import corpus_tools as ct

    corpus = ct.build_corpus("corpora/demo/articles.jsonl")
    table = ct.keyness(corpus, target={"outlet": "Civic Wire"})
    ct.to_csv(table, "out/keyness.csv", corpus=corpus)

By stage of the data flow:

- sources in: :func:`load` (any source by its path or ``"nltk:<name>"``),
  :func:`load_txt_folder`, :func:`load_table`, :func:`load_html`,
  :func:`load_reuters_sgml`, :func:`load_nltk`;
- text: :func:`normalize_documents`, :func:`normalize_text`,
  :class:`NormalizationSettings`, :class:`TokenizerSettings`, :func:`parse_dates`;
- the corpus: :func:`build_corpus`, :class:`Corpus`, :func:`load_corpus`
  (a saved corpus folder), :func:`find_duplicates`, :func:`drop_duplicates`,
  :func:`period_labels`, :func:`period_ranges`, :func:`event_split`,
  :func:`parse_period_spec`;
- lexicons: :func:`default_lexicon`, :func:`load_lexicon`, :func:`combine_lexicons`;
- analyses: :func:`keyness`, :func:`keyness_grid`, :func:`read_frequency_list`,
  :func:`collocates`, :func:`compare_collocates`, :func:`ngrams`,
  :func:`ngram_association`, :func:`concordance`, :func:`kwic_lines`,
  :func:`find_query`, :func:`to_annotation_csv`, :func:`read_annotation_csv`,
  :func:`hedge_hits`, :func:`hedge_counts`, :func:`hedge_rates`,
  :func:`compare_hedging`, :func:`hedge_booster_ratio`,
  :func:`pattern_contributions`, :func:`sample_hits`, :func:`precision`,
  :func:`adjusted_rates`;
- results out: :func:`to_csv`, :func:`sidecar_path`, :func:`column_descriptions`,
  :func:`paper_table`, and the figures of ``ct.plot``;
- a whole analysis from a TOML file: :func:`run_pipeline`;
- every formula: ``ct.stats`` (``corpus_tools.stats.<name>``).

Each name is imported on first use (PEP 562), so ``import corpus_tools``
loads no pandas, numpy or matplotlib; the first ``ct.keyness`` pays for
what keyness needs. Each name is the very object of its home module
(``ct.keyness is corpus_tools.analyses.keyness.keyness``).

Examples
--------
>>> import corpus_tools as ct
>>> ct.keyness.__module__
'corpus_tools.analyses.keyness'
>>> "build_corpus" in dir(ct)
True
"""

from __future__ import annotations

from importlib import import_module as _import_module

# typing.TYPE_CHECKING without importing typing (about 10 ms of a cold start);
# mypy and pyright treat a module-level TYPE_CHECKING = False the same way.
TYPE_CHECKING = False

# Public name -> "module:attribute" (the entry-point syntax), or "module" when
# the name is a module itself. Relative to this package. The one list of the API:
# __all__, __getattr__ and __dir__ all read it.
_EXPORTS: dict[str, str] = {
    # sources in
    "load": ".io.loaders:load",
    "load_txt_folder": ".io.loaders:load_txt_folder",
    "load_table": ".io.loaders:load_table",
    "load_html": ".io.loaders:load_html",
    "load_reuters_sgml": ".io.loaders:load_reuters_sgml",
    "load_nltk": ".io.loaders:load_nltk",
    # text
    "normalize_documents": ".text.normalize:normalize_documents",
    "normalize_text": ".text.normalize:normalize_text",
    "NormalizationSettings": ".text.normalize:NormalizationSettings",
    "TokenizerSettings": ".text.tokenize:TokenizerSettings",
    "parse_dates": ".text.dates:parse_dates",
    # the corpus
    "build_corpus": ".corpus.build:build_corpus",
    "Corpus": ".corpus.corpus:Corpus",
    "load_corpus": ".corpus.corpus:Corpus.load",
    "find_duplicates": ".corpus.duplicates:find_duplicates",
    "drop_duplicates": ".corpus.duplicates:drop_duplicates",
    "period_labels": ".corpus.periods:period_labels",
    "period_ranges": ".corpus.periods:period_ranges",
    "event_split": ".corpus.periods:event_split",
    "parse_period_spec": ".corpus.periods:parse_period_spec",
    # lexicons
    "default_lexicon": ".query.lexicon:default_lexicon",
    "load_lexicon": ".query.lexicon:load_lexicon",
    "combine_lexicons": ".query.lexicon:combine_lexicons",
    # analyses
    "keyness": ".analyses.keyness:keyness",
    "keyness_grid": ".analyses.keyness:keyness_grid",
    "read_frequency_list": ".analyses.keyness:read_frequency_list",
    "collocates": ".analyses.collocations:collocates",
    "compare_collocates": ".analyses.collocations:compare_collocates",
    "ngrams": ".analyses.ngrams:ngrams",
    "ngram_association": ".analyses.ngrams:ngram_association",
    "concordance": ".analyses.concordance:concordance",
    "kwic_lines": ".analyses.concordance:kwic_lines",
    "find_query": ".analyses.concordance:find_query",
    "to_annotation_csv": ".analyses.concordance:to_annotation_csv",
    "read_annotation_csv": ".analyses.concordance:read_annotation_csv",
    "hedge_hits": ".analyses.hedging:hedge_hits",
    "hedge_counts": ".analyses.hedging:hedge_counts",
    "hedge_rates": ".analyses.hedging:hedge_rates",
    "compare_hedging": ".analyses.hedging:compare_hedging",
    "hedge_booster_ratio": ".analyses.hedging:hedge_booster_ratio",
    "pattern_contributions": ".analyses.hedging:pattern_contributions",
    "sample_hits": ".analyses.hedging:sample_hits",
    "precision": ".analyses.hedging:precision",
    "adjusted_rates": ".analyses.hedging:adjusted_rates",
    # results out
    "to_csv": ".report.export:to_csv",
    "sidecar_path": ".report.export:sidecar_path",
    "column_descriptions": ".report.export:column_descriptions",
    "paper_table": ".report.tables:paper_table",
    # a whole analysis from a TOML file
    "run_pipeline": ".cli.pipeline:run_pipeline",
    # modules
    "stats": ".stats",
    "plot": ".report.plot",
    # not in __all__ (a dunder), but lazy too: importlib.metadata costs tens of ms
    "__version__": "._version:__version__",
}

__all__ = [name for name in _EXPORTS if not name.startswith("__")]


def __getattr__(name: str):
    """Import a public name on first use and keep it in the module namespace."""
    try:
        target = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}", name=name) from None
    module_name, _, qualname = target.partition(":")
    value = _import_module(module_name, __name__)
    for part in qualname.split(".") if qualname else ():
        value = getattr(value, part)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:  # what editors and type checkers see; mirrors _EXPORTS (tests/test_api.py checks)
    from . import stats as stats
    from ._version import __version__ as __version__
    from .analyses.collocations import collocates as collocates
    from .analyses.collocations import compare_collocates as compare_collocates
    from .analyses.concordance import concordance as concordance
    from .analyses.concordance import find_query as find_query
    from .analyses.concordance import kwic_lines as kwic_lines
    from .analyses.concordance import read_annotation_csv as read_annotation_csv
    from .analyses.concordance import to_annotation_csv as to_annotation_csv
    from .analyses.hedging import adjusted_rates as adjusted_rates
    from .analyses.hedging import compare_hedging as compare_hedging
    from .analyses.hedging import hedge_booster_ratio as hedge_booster_ratio
    from .analyses.hedging import hedge_counts as hedge_counts
    from .analyses.hedging import hedge_hits as hedge_hits
    from .analyses.hedging import hedge_rates as hedge_rates
    from .analyses.hedging import pattern_contributions as pattern_contributions
    from .analyses.hedging import precision as precision
    from .analyses.hedging import sample_hits as sample_hits
    from .analyses.keyness import keyness as keyness
    from .analyses.keyness import keyness_grid as keyness_grid
    from .analyses.keyness import read_frequency_list as read_frequency_list
    from .analyses.ngrams import ngram_association as ngram_association
    from .analyses.ngrams import ngrams as ngrams
    from .cli.pipeline import run_pipeline as run_pipeline
    from .corpus.build import build_corpus as build_corpus
    from .corpus.corpus import Corpus as Corpus
    from .corpus.duplicates import drop_duplicates as drop_duplicates
    from .corpus.duplicates import find_duplicates as find_duplicates
    from .corpus.periods import event_split as event_split
    from .corpus.periods import parse_period_spec as parse_period_spec
    from .corpus.periods import period_labels as period_labels
    from .corpus.periods import period_ranges as period_ranges
    from .io.loaders import load as load
    from .io.loaders import load_html as load_html
    from .io.loaders import load_nltk as load_nltk
    from .io.loaders import load_reuters_sgml as load_reuters_sgml
    from .io.loaders import load_table as load_table
    from .io.loaders import load_txt_folder as load_txt_folder
    from .query.lexicon import combine_lexicons as combine_lexicons
    from .query.lexicon import default_lexicon as default_lexicon
    from .query.lexicon import load_lexicon as load_lexicon
    from .report import plot as plot
    from .report.export import column_descriptions as column_descriptions
    from .report.export import sidecar_path as sidecar_path
    from .report.export import to_csv as to_csv
    from .report.tables import paper_table as paper_table
    from .text.dates import parse_dates as parse_dates
    from .text.normalize import NormalizationSettings as NormalizationSettings
    from .text.normalize import normalize_documents as normalize_documents
    from .text.normalize import normalize_text as normalize_text
    from .text.tokenize import TokenizerSettings as TokenizerSettings

    load_corpus = Corpus.load
