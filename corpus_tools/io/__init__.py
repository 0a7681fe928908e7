"""Sources in: every loader that turns files into document records.

One job: read a source (folders of ``.txt``, CSV/TSV, JSON/JSONL, HTML,
Reuters SGML, NLTK corpora) into the one record schema. It may import
``corpus_tools.text`` (dates) and the shared helpers (``_compat``,
``_validation``, ``errors``, ``_background``, ``_version``), nothing above.
"""
