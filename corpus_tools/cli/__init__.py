"""The command line: ``corpus-tools`` and ``corpus-tools run analysis.toml``.

One job: parse arguments and call the library. The top of the package: it
may import every other stage; nothing imports it.
"""
