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
  a table without a text field) raises in both modes. Among these,
  :class:`~corpus_tools.errors.UnreadableSourceError` (an InvalidRecordError)
  names truncated or corrupt ``.gz``/``.xz``/``.bz2`` data, files that cannot
  be read, a table header with a repeated column name, a JSON array saved as
  ``.jsonl`` and UTF-16/32 text that is not valid in the encoding its
  byte-order mark declares. Every stream of a compressed file is read to the
  end (xz stream padding included).
- Strict records: an unbalanced CSV quote, a JSON object with a repeated
  key, a lone surrogate (``"\\ud800"``, ``&#xD800;``) and a file name that
  is not UTF-8 are bad records. TSV has no quoting: values are kept as
  written. A UTF-16/32 byte-order mark sets the encoding (stated in
  ``sources[i]["encoding"]``).
- Folders are searched ignoring case (``.TXT`` is a ``.txt``), and every
  file below the folder is either loaded or listed in ``skipped``: another
  kind of file with a reason starting ``"not loaded:"`` (a note, never an
  error); a dangling link or an unreadable file as a bad record.
- Numeric day/month dates are read in one order for the whole load, decided
  by the values that can only be read one way and stated in
  ``sources[i]["date_order"]``; contradicting values raise
  :class:`~corpus_tools.errors.DateFormatError` in both modes. ``dayfirst=``
  and ``date_format=`` (on :func:`load_table` and :func:`load_txt_folder`)
  override.
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
