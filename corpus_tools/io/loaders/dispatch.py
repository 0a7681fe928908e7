"""Pick the right loader for a source by format name or by looking at the path."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Literal

from ..._validation import check_option
from ._common import LoadResult, check_exists
from .html import load_html
from .nltk_corpora import load_nltk
from .reuters import load_reuters_sgml
from .table import load_table, table_format
from .txt import load_txt_folder

__all__ = ["load"]

Format = Literal["txt", "html", "sgml", "csv", "tsv", "json", "jsonl", "nltk"]
_FORMATS = ("txt", "html", "sgml", "csv", "tsv", "json", "jsonl", "nltk")


def _sniff(path: Path) -> str:
    if path.is_file():
        suffix = path.suffix.lower()
        if suffix in (".html", ".htm"):
            return "html"
        if suffix == ".sgm":
            return "sgml"
        if suffix == ".txt":
            return "txt"
        fmt = table_format(path)
        if fmt:
            return fmt
        raise ValueError(f"load(): cannot tell the format of {str(path)!r}; pass format=")
    kinds = {p.suffix.lower() for p in path.rglob("*") if p.is_file()}
    found = [fmt for fmt, exts in (("sgml", {".sgm"}), ("html", {".html", ".htm"}),
                                   ("txt", {".txt"})) if kinds & exts]
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValueError(f"load(): {str(path)!r} holds no .txt, .html or .sgm files; "
                         "give a table file, or pass format=")
    raise ValueError(f"load(): {str(path)!r} holds several kinds of articles ({found}); "
                     "pass format= to choose one")


def load(source: str | Path, *, format: Format | None = None, progress: bool = False,
         piece_hook=None, **options) -> LoadResult:
    """Load any supported source, choosing the loader by ``format`` or by sniffing.

    Parameters
    ----------
    source : str or Path
        A file, a folder, or ``"nltk:<corpus>"`` (e.g. ``"nltk:brown"``).
    format : {"txt", "html", "sgml", "csv", "tsv", "json", "jsonl", "nltk"}, optional
        Default: ``nltk:`` prefix -> :func:`load_nltk`; a file by its
        extension (``.txt``, ``.html``/``.htm``, ``.sgm``, table extensions,
        also under ``.gz``/``.xz``/``.bz2``); a folder by the one kind of
        article file it holds (``.sgm``, ``.html``, ``.txt``).
    progress : bool, default=False
        A progress bar over the bytes read, for JSON Lines files (see
        :func:`load_table`).
    piece_hook : callable, optional
        For JSON Lines files, see :func:`load_table`; other loaders ignore it.
    **options
        Passed on to the chosen loader (``on_invalid=``, ``outlet=`` ...).

    Returns
    -------
    LoadResult

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import corpus_tools as ct
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "news.csv"
    >>> _ = f.write_text("id,outlet,text\\n1,Bugle,Web found.\\n", encoding="utf-8")
    >>> ct.load(f).documents[["doc_id", "outlet", "text"]].values.tolist()
    [['1', 'Bugle', 'Web found.']]
    """
    if format is not None:
        check_option(format, "format", _FORMATS, "load")
    text = str(source)
    if format == "nltk" or (format is None and text.startswith("nltk:")):
        options = _check_options(load_nltk, "nltk", text, options)
        return load_nltk(text.removeprefix("nltk:") or "brown", **options)
    path = check_exists(Path(source), "load")
    fmt = format or _sniff(path)
    if fmt == "txt":
        return load_txt_folder(source, **_check_options(load_txt_folder, fmt, text, options))
    if fmt == "html":
        return load_html(source, **_check_options(load_html, fmt, text, options))
    if fmt == "sgml":
        return load_reuters_sgml(source, **_check_options(load_reuters_sgml, fmt, text, options))
    return load_table(source, format=fmt, progress=progress, piece_hook=piece_hook,
                      **_check_options(load_table, fmt, text, options))


def _check_options(loader, fmt: str, source: str, options: dict) -> dict:
    """The options, or a ValueError naming those the chosen loader does not take.

    Without this a misplaced option (``metadata=`` for a CSV file) would be
    a TypeError from deep inside, naming neither the source nor the fix.
    """
    accepted = inspect.signature(loader).parameters
    unknown = [name for name in options if name not in accepted]
    if unknown:
        usable = sorted(k for k, p in accepted.items() if p.kind is p.KEYWORD_ONLY)
        raise ValueError(f"load(): {source!r} is read as {fmt} by {loader.__name__}(), which does not "
                         f"take {', '.join(map(repr, unknown))} (it takes {', '.join(usable)})")
    return options
