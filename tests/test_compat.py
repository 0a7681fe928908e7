"""pandas 2.3 and 3 give the same tables: text columns in the same string dtype."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from corpus_tools.analyses import collocations
from corpus_tools.analyses import concordance
from corpus_tools.corpus import duplicates
from corpus_tools.analyses import hedging
from corpus_tools.analyses import keyness
from corpus_tools.analyses import ngrams
from corpus_tools._compat import PANDAS_3, STR_DTYPE, infer_str

HARBOUR = "The Harbour Ledger"
WIRE = "Civic Wire"


def test_str_dtype_is_pandas_3_default():
    assert STR_DTYPE == "str"  # on pandas 2.3 too: the alias compares equal
    assert STR_DTYPE.storage == "pyarrow" and np.isnan(STR_DTYPE.na_value)


def test_infer_str_follows_pandas_3_rule():
    frame = pd.DataFrame({
        "text": np.array(["a", None], dtype=object),
        "mixed": np.array(["a", 1], dtype=object),
        "none": np.array([None, None], dtype=object),
        "kept": np.array(["x", "y"], dtype=object),
        "n": [1, 2],
    })
    out = infer_str(frame, columns=["text", "mixed", "none", "n"])
    assert out["text"].dtype == STR_DTYPE and pd.isna(out["text"].iloc[1])
    assert out["mixed"].dtype == object and out["none"].dtype == object and out["n"].dtype == np.int64
    assert out["kept"].dtype == (STR_DTYPE if PANDAS_3 else object)  # not asked for
    assert frame["text"].dtype == (STR_DTYPE if PANDAS_3 else object)  # input unchanged


def _tables(corpus):
    hits = hedging.hedge_hits(corpus)
    return {
        "documents": corpus.documents,
        "keyness": keyness.keyness(corpus, target={"outlet": WIRE}),
        "keyness_grid": keyness.keyness_grid(corpus, by="month"),
        "collocates": collocations.collocates(corpus, "harbour", by="outlet"),
        "compare_collocates": collocations.compare_collocates(corpus, "harbour", groups=["outlet", HARBOUR, WIRE]),
        "ngrams": ngrams.ngrams(corpus, n=2, by="outlet"),
        "ngram_association": ngrams.ngram_association(corpus, n=2),
        "concordance": concordance.concordance(corpus, "appears to", sort="R1"),
        "hits": hits,
        "hedge_counts": hedging.hedge_counts(corpus, hits=hits, level="pattern"),
        "hedge_rates": hedging.hedge_rates(corpus, by=["outlet", "month"], hits=hits, ci="poisson"),
        "compare_hedging": hedging.compare_hedging(corpus, HARBOUR, WIRE, hits=hits, method="poisson"),
        "hedge_booster_ratio": hedging.hedge_booster_ratio(corpus, hits=hits, n_boot=20),
        "pattern_contributions": hedging.pattern_contributions(corpus, HARBOUR, WIRE, hits=hits),
        "sample_hits": hedging.sample_hits(hits, corpus, per_pattern=2),
        "duplicates": duplicates.find_duplicates(corpus.documents),
        "token_frame": corpus.token_frame(),
    }


def test_no_text_column_is_object(demo_corpus):
    for name, table in _tables(demo_corpus).items():
        assert len(table), name
        for col, dtype in table.dtypes.items():
            assert dtype != object, f"{name}.{col} is object"
            if isinstance(dtype, pd.CategoricalDtype):
                assert dtype.categories.dtype == STR_DTYPE, f"{name}.{col} categories"


@pytest.mark.parametrize("column", ["doc_id", "outlet", "title", "text"])
def test_corpus_from_python_strings_has_str_columns(column):
    from corpus_tools.corpus.corpus import Corpus

    docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "date": [pd.NaT] * 2,
                         "title": ["", "T"], "text": ["It may rain.", "Sun."]})
    assert Corpus.from_documents(docs).documents[column].dtype == STR_DTYPE
