"""Hand-countable corpora built from texts in the test itself (no data files)."""

from __future__ import annotations

import pandas as pd

from corpus_tools.corpus.corpus import Corpus


def make_corpus(*texts, outlets=None, dates=None) -> Corpus:
    """One document per text: doc_ids d0, d1, ...; outlet "X" unless given; dates NaT unless given."""
    n = len(texts)
    docs = pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(n)],
        "outlet": outlets or ["X"] * n,
        "date": pd.to_datetime(dates) if dates else [pd.NaT] * n,
        "title": [""] * n,
        "text": list(texts),
    })
    return Corpus.from_documents(docs)
