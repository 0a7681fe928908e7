"""Text in, text out: normalisation, tokenisation and date parsing.

One job: turn strings into cleaner strings, token ids and dates. The lowest
stage: it imports only the shared helpers (``_compat``, ``_validation``,
``errors``, ``_background``, ``_version``), never another stage of the package.
"""
