"""Every count structure, each mergeable across parts of a corpus.

One job: count. Term x document matrices, group sums, word streams,
window co-occurrences, n-gram codes and lexicon hits, all as arrays; the
counts of two disjoint parts of a corpus merge into the counts of the whole.
It knows nothing of statistics: it may import ``corpus_tools.corpus`` (and
what that may import) and the shared helpers, never ``stats``, ``query`` or
``analyses``.

Modules, by job:

* ``streams``: word streams, term positions, sentence and document edges.
* ``terms``: :class:`~corpus_tools.counts.terms.TermDocumentCounts` (keyness, dispersion).
* ``windows``: :class:`~corpus_tools.counts.windows.WindowCounts` (collocates).
* ``ngrams``: :class:`~corpus_tools.counts.ngrams.NgramCounts` (n-gram lists and association).
* ``matches``: :class:`~corpus_tools.counts.matches.LexiconMatches` and
  :class:`~corpus_tools.counts.matches.LexiconHits` (hedging).
"""
