"""Analyses: tidy tables from counts and statistics.

One job: turn the counts of ``corpus_tools.counts`` and the formulas of
``corpus_tools.stats`` into documented tables (keyness, collocations,
n-grams, concordances, hedging). An analysis builds no count structure of
its own. It may import ``scale`` (the counts per shard, for
``engine="dask"``), ``counts``, ``query``, ``stats``, ``corpus``, ``io``,
``text``, ``lexicons`` and the shared helpers; never ``report``, which
presents its tables and so sits above it, nor ``cli``.
"""
