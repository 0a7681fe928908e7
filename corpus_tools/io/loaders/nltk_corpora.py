"""Load corpora that ship as NLTK data (brown, reuters, inaugural, state_union, gutenberg)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from ..._validation import check_option
from ...errors import DataMissingError
from ._common import _AUTO, _POS, _REC, _SRC, LoadResult, OnInvalid, Problems, finish

__all__ = ["NLTK_CORPORA", "load_nltk"]

#: Corpora this loader knows, with how their text is rebuilt.
NLTK_CORPORA = ("brown", "reuters", "inaugural", "state_union", "gutenberg")


def _find(name: str):
    """Return NLTK's reader for ``name``, or raise DataMissingError. Never downloads."""
    import nltk

    location = None
    for resource in (f"corpora/{name}", f"corpora/{name}.zip/{name}/"):
        try:
            location = nltk.data.find(resource)
            break
        except LookupError:
            continue
    if location is None:
        searched = "\n  ".join(str(p) for p in nltk.data.path)
        raise DataMissingError(
            f"NLTK corpus {name!r} is not installed. Install it once with\n"
            f'  python -c "import nltk; nltk.download(\'{name}\')"\n'
            f"or point the NLTK_DATA environment variable at a folder that has "
            f"corpora/{name}. Searched:\n  {searched}")
    return getattr(nltk.corpus, name), location


def _location_record(name: str, location) -> dict:
    """The ``sources`` entry: the zip file, or a hash over the folder's files."""
    path = getattr(location, "zipfile", None)
    path = Path(path.filename) if path is not None else Path(str(location))
    digest, size = hashlib.sha256(), 0
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    for f in files:
        data = f.read_bytes()
        if not path.is_file():
            digest.update(f.relative_to(path).as_posix().encode() + b"\0")
        digest.update(data)
        size += len(data)
    return {"path": str(path), "sha256": digest.hexdigest(), "bytes": size,
            "format": f"nltk:{name}"}


def _paras_text(paras) -> str:
    """Words joined by spaces, sentences by newlines, paragraphs by blank lines."""
    return "\n\n".join("\n".join(" ".join(sent) for sent in para) for para in paras)


def load_nltk(
    name: str = "brown",
    *,
    categories: str | Sequence[str] | None = None,
    outlet: str | None = None,
    on_invalid: OnInvalid = "raise",
) -> LoadResult:
    """Load an NLTK corpus, one document per file id, through NLTK's readers.

    Parameters
    ----------
    name : {"brown", "reuters", "inaugural", "state_union", "gutenberg"}, default="brown"
        The corpus, found through NLTK's data path (``NLTK_DATA``).
    categories : str or sequence of str, optional
        Only file ids in these categories (brown, reuters).
    outlet : str, optional
        The outlet of every document. Default: the corpus name.
    on_invalid : {"raise", "skip"}, default="raise"
        What to do with a document with no text.

    Returns
    -------
    LoadResult
        ``doc_id`` = the NLTK file id; ``date`` is NaT (these corpora carry
        no per-document dates; inaugural and state_union have a ``year``
        column and a ``speaker`` column from the file id instead);
        ``category`` (brown, reuters: ``"; "``-joined) where the corpus has
        categories.

    Raises
    ------
    DataMissingError
        The corpus is not installed; the message says which
        ``nltk.download(...)`` to run. Nothing is downloaded.

    Notes
    -----
    brown is stored tokenised and tagged, so its text is rebuilt from NLTK's
    ``paras()``: words joined with single spaces (no detokenisation:
    ``"the jury said , `` it ''"``), sentences with newlines, paragraphs
    with a blank line. reuters (ApteMod; first line = title), inaugural,
    state_union and gutenberg are read with ``raw()`` and kept as written.

    Examples
    --------
    >>> import corpus_tools as ct
    >>> "brown" in NLTK_CORPORA
    True
    >>> result = ct.load_nltk("brown", categories="humor")  # doctest: +SKIP
    >>> len(result.documents), result.documents["category"].unique().tolist()  # doctest: +SKIP
    (9, ['humor'])
    """
    check_option(name, "name", NLTK_CORPORA, "load_nltk")
    problems = Problems(on_invalid, "load_nltk")
    reader, location = _find(name)
    cats = [categories] if isinstance(categories, str) else categories
    if cats is not None and name not in ("brown", "reuters"):
        raise ValueError(f"The 'categories' parameter of load_nltk() applies to brown and "
                         f"reuters only. Got {categories!r} for {name!r}.")
    fileids = reader.fileids(categories=cats) if cats is not None else reader.fileids()
    given = f"nltk:{name}"
    raw: dict[str, list] = {k: [] for k in ("doc_id", "title", "text", _SRC, _REC, _POS, _AUTO)}
    extra: dict[str, list] = {}
    for k, fid in enumerate(fileids, start=1):
        title = ""
        if name == "brown":
            text = _paras_text(reader.paras(fid))
        else:
            text = reader.raw(fid)
            if name == "reuters":
                first, _, rest = text.lstrip("\n").partition("\n")
                title, text = first.strip(), rest.strip("\n").rstrip()
        if name in ("brown", "reuters"):
            extra.setdefault("category", []).append("; ".join(reader.categories(fid)))
        if name in ("inaugural", "state_union"):
            stem = fid.rsplit(".", 1)[0]
            year, _, speaker = stem.partition("-")
            extra.setdefault("year", []).append(int(year) if year.isdigit() else None)
            extra.setdefault("speaker", []).append(speaker or None)
        raw["doc_id"].append(fid)
        raw["title"].append(title)
        raw["text"].append(text)
        raw[_SRC].append(given)
        raw[_REC].append(fid)
        raw[_POS].append(k)
        raw[_AUTO].append(fid)
    raw.update(extra)
    return finish(raw, problems, what=f"load_nltk({name!r})", outlet=outlet or name,
                  sources=[_location_record(name, location)])
