"""The command line: ``corpus-tools`` and ``corpus-tools run analysis.toml``.

One job: parse arguments and call the library. The top of the package: it
may import every other stage; no stage imports it (only the root facade,
which offers ``ct.run_pipeline`` from :mod:`corpus_tools.cli.pipeline`).
"""
