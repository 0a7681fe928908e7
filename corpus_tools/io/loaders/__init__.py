"""Loaders: every source into one documents table, with nothing dropped silently.

Each ``load_*`` function returns a :class:`LoadResult` whose ``documents``
table has the columns ``doc_id, outlet, date, title, text, date_raw`` and then
the source's other fields; ``skipped`` lists every record left out (or kept
with a problem) and why; ``sources`` lists the files read with their sha256.

Conventions shared by all loaders:

- ``on_invalid="raise"`` (default) raises
  :class:`~corpus_tools.errors.InvalidRecordError` naming the file, the record
  and the problem (the first bad record in reading order). ``"skip"`` leaves
  bad records out, lists them in ``skipped`` and logs one warning with counts.
- A record with an unparseable date is an error in raise mode; in skip mode it
  is *kept* with ``date`` NaT and listed in ``skipped`` with a reason starting
  ``"kept, date set to NaT:"`` (:data:`KEPT_PREFIX`), so no text is lost.
- Required: a non-empty ``text`` and an ``outlet`` (from the record or the
  ``outlet=`` constant). Duplicate doc_ids: the later record is the bad one.
- A source that cannot be read as a whole (a missing file: FileNotFoundError;
  nothing to load: EmptySourceError; a binary table file, a broken JSON array,
  a table without a text field) raises in both modes.
"""

from ._common import KEPT_PREFIX, LoadResult
from .dispatch import load
from .html import load_html
from .nltk_corpora import NLTK_CORPORA, load_nltk
from .reuters import load_reuters_sgml
from .table import DEFAULT_ALIASES, load_table
from .txt import load_txt_folder, split_title

__all__ = [
    "DEFAULT_ALIASES", "KEPT_PREFIX", "NLTK_CORPORA", "LoadResult", "load", "load_html",
    "load_nltk", "load_reuters_sgml", "load_table", "load_txt_folder", "split_title",
]
