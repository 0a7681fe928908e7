"""Scale-out: the same per-part counts on a Dask cluster, merged (to come).

One job: run the counting of ``corpus_tools.counts`` per shard elsewhere and
merge the results. It may import ``analyses`` and everything below it, never
``report`` or ``cli``.
"""
