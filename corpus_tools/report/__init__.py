"""Results out: CSV with a provenance sidecar, paper tables and figures.

One job: present the tables the analyses made (``export``, ``tables``,
``plot``). It sits just above ``corpus_tools.analyses`` (it reads their
column descriptions and, for a dispersion plot, their queries) and may
import everything below that, ``scale`` included; never ``cli``.
"""
