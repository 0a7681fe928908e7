"""Query languages: what a user types to pick tokens, compiled to term ids.

One job: parse a query (a concordance node, a lexicon pattern) and say which
vocabulary entries each of its positions matches; matching over the token
arrays happens in ``corpus_tools.counts``. It may import
``corpus_tools.corpus`` (and what that may import) and the shared helpers;
never ``counts`` or ``stats``, the other folders of its rank, nor anything
above.
"""
