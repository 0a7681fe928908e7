"""From source files to a saved-ready Corpus: load, normalise, de-duplicate, tokenise.

Each step is its own module; this one only chains them and writes down in
the provenance what each did.
"""

from __future__ import annotations

import contextlib
import logging
import platform
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from typing import Literal

import pandas as pd

from .._validation import check_option
from ..io.store import corpus_folder, documents_table, store_counts, store_tables, write_meta, write_tables
from .corpus import Corpus
from .._background import in_background

logger = logging.getLogger(__name__)

DEDUPE_MODES = ("none", "exact", "near")


def library_versions() -> dict:
    """Versions of Python and of the libraries that shape the results."""
    found = {"python": platform.python_version()}
    for name in ("corpus_tools", "numpy", "pandas", "polars", "pyarrow", "scipy", "nltk", "ftfy"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found


def build_corpus(
    source,
    *,
    format: str | None = None,
    fields: Mapping[str, str] | None = None,
    outlet: str | None = None,
    on_invalid: Literal["raise", "skip"] = "raise",
    normalize: bool = True,
    normalization=None,
    dedupe: Literal["none", "exact", "near"] = "none",
    tokenizer=None,
    progress: bool = False,
    out=None,
    overwrite: bool = False,
    **loader_options,
) -> Corpus:
    r"""Load a source and turn it into a :class:`~corpus_tools.corpus.corpus.Corpus`.

    Parameters
    ----------
    source : str or Path
        A file or folder, or ``"nltk:brown"``; see :func:`corpus_tools.io.loaders.load`.
    format : str, optional
        The loader's format name; sniffed from the path when omitted.
    fields : mapping, optional
        Our field name -> the source's (``{"outlet": "source"}``).
    outlet : str, optional
        A constant outlet for sources that name none.
    on_invalid : {"raise", "skip"}, default="raise"
        What to do with a bad record: raise an error naming it, or skip it
        and record it (``corpus.skipped``, ``corpus.provenance["skipped"]``).
    normalize : bool, default=True
        Apply :func:`corpus_tools.text.normalize.normalize_documents`.
    normalization : NormalizationSettings, optional
        Its settings; defaults to ``NormalizationSettings()``.
    dedupe : {"none", "exact", "near"}, default="none"
        Keep one document per cluster of exact (or also near) duplicates;
        the removed ones are listed in ``provenance["duplicates_removed"]``.
    tokenizer : TokenizerSettings, optional
    progress : bool, default=False
        Progress bars on the long steps.
    out : str or Path, optional
        Also save the corpus to this folder, as :meth:`Corpus.save
        <corpus_tools.corpus.corpus.Corpus.save>` does (the same files, the same
        bytes). The documents table is written while the texts are being
        tokenised, which is faster than building first and saving after.
        Written atomically, as :meth:`Corpus.save` writes: into a temporary
        sibling folder, moved into place when complete, so a build that
        fails (or is killed) leaves the folder as it was. The folder is
        checked (and locked) before anything is loaded.
    overwrite : bool, default=False
        Replace a corpus already saved at ``out``.
    **loader_options
        Passed to the loader (e.g. ``metadata=`` for a text folder).

    Returns
    -------
    Corpus

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> import corpus_tools as ct
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "news.jsonl"
    >>> record = {"id": "a1", "source": "Daily Bugle", "date": "2020-03-01", "title": "Hi",
    ...           "text": "It\u2019s raining.\n\nComments are closed."}
    >>> _ = path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    >>> corpus = ct.build_corpus(path)
    >>> corpus.documents.loc[0, "text"]
    "It's raining."
    >>> corpus.n_words  # Hi | It 's raining .
    4
    """
    check_option(on_invalid, "on_invalid", ("raise", "skip"), "build_corpus")
    check_option(dedupe, "dedupe", DEDUPE_MODES, "build_corpus")
    with contextlib.ExitStack() as stack:
        # Refused or locked before the long steps; moved into place on success.
        folder = None if out is None else stack.enter_context(
            corpus_folder(out, overwrite=overwrite))
        return _build(source, format=format, fields=fields, outlet=outlet, on_invalid=on_invalid,
                      normalize=normalize, normalization=normalization, dedupe=dedupe, tokenizer=tokenizer,
                      progress=progress, folder=folder, loader_options=loader_options)


def _build(source, *, format, fields, outlet, on_invalid, normalize, normalization, dedupe, tokenizer,
           progress, folder, loader_options) -> Corpus:
    """build_corpus after its checks; writes into ``folder`` (a temporary one) when given."""
    from ..io.loaders import load

    options = dict(loader_options)
    if format is not None:
        options["format"] = format
    if fields:
        options["fields"] = dict(fields)
    if outlet is not None:
        options["outlet"] = outlet
    # One bar over the steps (the long steps add bars of their own); tqdm
    # also honours TQDM_DISABLE=1 for logs and CI.
    steps = _Steps(progress)
    steps.start("loading")
    pieces = None
    if normalize:
        from ._piece_normalize import PieceNormalizer
        from ..text.normalize import NormalizationSettings

        settings = normalization or NormalizationSettings()
        if isinstance(settings, NormalizationSettings):  # else normalize_documents says what is wrong
            # While one core decompresses, the other normalises what has arrived.
            pieces = PieceNormalizer(settings, fields)
    try:
        loaded = load(source, on_invalid=on_invalid, progress=progress, piece_hook=pieces, **options)
    except BaseException:
        if pieces is not None:
            pieces.close()
        raise
    documents, skipped, sources = loaded.documents, loaded.skipped, loaded.sources
    del loaded  # the raw texts go as soon as the normalised ones exist: a lower peak
    logger.info("loaded %d documents (%d records skipped) from %s", len(documents), len(skipped), source)
    provenance = {
        "versions": library_versions(),
        "sources": sources,
        "loader": {"source": str(source), "on_invalid": on_invalid,
                   **{k: (str(v) if not isinstance(v, (int, float, bool, dict, list, type(None))) else v)
                      for k, v in options.items()}},
    }
    if normalize:
        from ..text.normalize import normalize_documents

        steps.start("normalising")
        result = normalize_documents(documents, settings, progress=progress, pieces=pieces)
        del pieces
        documents = result.documents
        provenance["normalization"] = {"settings": settings.to_dict(), "report": result.report}
    else:
        provenance["normalization"] = None
    if dedupe != "none":
        steps.start("finding duplicates")
        documents, removed = _dedupe(documents, dedupe)
        provenance["duplicates_removed"] = _records(removed)
    provenance["skipped"] = _records(skipped)
    writing = None
    if folder is not None:
        # Arrow encodes and compresses without the GIL: the documents table is
        # written on the core the tokeniser leaves free now and then.
        writing = in_background(write_tables, folder, {"documents": documents_table(documents)})
    steps.start("tokenising")
    try:
        corpus = Corpus.from_documents(documents, tokenizer=tokenizer, provenance=provenance, progress=progress)
        if writing is not None:
            steps.start("saving")
            writing, wait = None, writing
            wait()
            write_tables(folder, store_tables(corpus.tokens))
            write_meta(folder, corpus.provenance, store_counts(len(corpus.documents), corpus.tokens))
        return corpus
    finally:
        if writing is not None:  # a failed build: the writer finishes before the error goes up
            with contextlib.suppress(Exception):
                writing()
        steps.close()


class _Steps:
    """A progress bar whose description names the step under way."""

    def __init__(self, enabled: bool):
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=None, desc="corpus", unit="step", bar_format="{desc}{elapsed}")

    def start(self, name: str) -> None:
        if self.bar is not None:
            self.bar.set_description(f"corpus: {name}")
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.set_description("corpus: done")
            self.bar.close()


def _dedupe(documents: pd.DataFrame, mode: str):
    from .duplicates import drop_duplicates

    if mode == "exact":
        # Exact copies only (text compared lower-cased, whitespace folded).
        return drop_duplicates(documents, near=False)
    return drop_duplicates(documents)


def _records(table: pd.DataFrame) -> list:
    """A DataFrame as JSON-ready records (str for everything but numbers)."""
    if table is None or len(table) == 0:
        return []
    out = []
    for row in table.to_dict(orient="records"):
        out.append({k: (v if isinstance(v, (int, float, bool)) or v is None else str(v)) for k, v in row.items()})
    return out
