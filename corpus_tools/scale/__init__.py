"""Scale-out: the same per-part counts on a Dask cluster, merged (to come).

One job: run the counting of ``corpus_tools.counts`` per shard elsewhere and
merge the results, so that an analysis called with ``engine="dask"`` gets the
counts it would have made in one process. It sits just above ``counts``,
``query`` and ``stats`` (rank 5) and below ``analyses``, which call it: it may
import those and everything below them, never ``analyses``, ``report`` or
``cli``.
"""
