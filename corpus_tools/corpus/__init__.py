"""The corpus: documents table, token store, provenance, and how one is built.

One job: own the data every analysis reads (:class:`~corpus_tools.corpus.corpus.Corpus`
and its derived-index cache), build it from a source (``build``), label its
periods and find its duplicates. It may import ``corpus_tools.io``,
``corpus_tools.text`` and the shared helpers, nothing above.
"""
