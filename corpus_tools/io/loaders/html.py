"""Load saved web pages: main text and metadata extracted with trafilatura."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from ...errors import EmptySourceError
from ._common import (
    _AUTO, _POS, _REC, _SRC, LoadResult, OnInvalid, Problems, check_exists, discover_files,
    file_record, finish, name_problem, read_article, shown_path,
)

__all__ = ["load_html"]

# trafilatura metadata kept as columns (besides title, date, sitename -> outlet).
_META = ("url", "hostname", "sitename", "author", "description", "categories", "tags",
         "language")


# <meta> names under which pages declare their publication date.
_DATE_META = frozenset({"article:published_time", "og:published_time", "datepublished", "date",
                        "pubdate", "publishdate", "publish-date", "dc.date", "dcterms.date",
                        "dc.date.issued", "sailthru.date", "parsely-pub-date"})
_META_TAG = re.compile(rb"<meta\b[^>]*>", re.I)
_TIME_TAG = re.compile(rb"<time\b[^>]*\bdatetime\s*=\s*[\"']([^\"']*)[\"']", re.I)
_ATTR = re.compile(rb"([\w:.-]+)\s*=\s*(\"[^\"]*\"|'[^']*')")


def declared_date(data: bytes) -> tuple[str, str] | None:
    """The publication date a page declares in its markup: ``(value, where)``.

    Looks at ``<meta>`` tags named like :data:`_DATE_META` (by ``property``,
    ``name`` or ``itemprop``), then at the first ``<time datetime=...>``.
    Used when trafilatura returns no date although the page gives one
    (it rejects dates outside its plausible window, such as before 1995 or
    in the future, and invalid ones), so that such a date is parsed by our
    rules or reported instead of becoming NaT.
    """
    for tag in _META_TAG.findall(data):
        attrs = {k.lower(): v[1:-1] for k, v in _ATTR.findall(tag)}
        for key in (b"property", b"name", b"itemprop"):
            name = attrs.get(key, b"").decode("latin-1").lower()
            if name in _DATE_META and attrs.get(b"content", b"").strip():
                value = attrs[b"content"].decode("utf-8", "replace").strip()
                return value, f'<meta {key.decode()}="{name}">'
    match = _TIME_TAG.search(data)
    if match and match.group(1).strip():
        return match.group(1).decode("utf-8", "replace").strip(), "<time datetime>"
    return None


def _trafilatura():
    """Import trafilatura lazily: it is an optional extra."""
    try:
        return importlib.import_module("trafilatura")
    except ImportError as exc:
        raise ImportError('load_html() needs trafilatura: pip install "corpus_tools[html]"'
                          ) from exc


def load_html(
    path: str | Path,
    *,
    outlet: str | None = None,
    on_invalid: OnInvalid = "raise",
    pattern: str = "**/*.htm*",
    favor_precision: bool = False,
) -> LoadResult:
    """Load one ``.html`` file or a folder of them, extracting the main text.

    Parameters
    ----------
    path : str or Path
        A file, or a folder searched with ``pattern``.
    outlet : str, optional
        The outlet of every page. It takes precedence over the site name
        trafilatura finds (a guess from the page), which is kept in the
        ``sitename`` column either way; without it, the site name is the outlet.
    on_invalid : {"raise", "skip"}, default="raise"
        Raise :class:`~corpus_tools.errors.InvalidRecordError` at the first
        bad page (binary, no main text, bad date), or skip it and list it in
        ``LoadResult.skipped``.
    pattern : str, default="**/*.htm*"
        Glob selecting the pages in a folder.
    favor_precision : bool, default=False
        Passed to trafilatura: leave out more boilerplate at the risk of
        losing some text.

    Returns
    -------
    LoadResult
        ``doc_id`` = path relative to the folder without extension (file
        stem for a single file); ``title`` and ``date`` from the page's
        metadata (``date_raw`` is trafilatura's ISO date); ``text`` the main
        text; columns ``url``, ``hostname``, ``sitename``, ``author``,
        ``description``, ``categories``, ``tags``, ``language``.

    Notes
    -----
    trafilatura decodes the bytes itself (declared charset, else detection).
    Its date comes from the page's metadata only (``extensive_search`` off),
    so a date is never guessed from the copyright line or the text.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import corpus_tools as ct
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "web.html"
    >>> body = "<p>" + "A web was found in the city hall on Monday morning. " * 5 + "</p>"
    >>> _ = f.write_text("<html><head><title>Web found</title></head><body><article>"
    ...                  + body + "</article></body></html>", encoding="utf-8")
    >>> doc = ct.load_html(f, outlet="Daily Bugle").documents.iloc[0]
    >>> doc["doc_id"], doc["outlet"], doc["title"], doc["text"][:17]
    ('web', 'Daily Bugle', 'Web found', 'A web was found i')
    """
    trafilatura = _trafilatura()
    problems = Problems(on_invalid, "load_html")
    given = str(path)
    root = check_exists(Path(path), "load_html")
    files, base = discover_files(root, pattern, problems, given)
    if not files:
        raise EmptySourceError(f"{given}: no files matching {pattern!r} (no pages to load)")

    raw: dict[str, list] = {k: [] for k in ("doc_id", "outlet", "title", "text", "date_raw",
                                            *_META, _SRC, _REC, _POS, _AUTO)}
    sources = []
    for k, file in enumerate(files, start=1):
        shown = shown_path(given if root.is_file() else Path(given) / file.relative_to(base))
        doc_id = file.relative_to(base).with_suffix("").as_posix()
        why = name_problem(doc_id)
        if why:
            problems.add(k, shown, shown_path(file.name), why)
            continue
        data = read_article(file, shown, problems, k, doc_id)
        if data is None:
            continue
        sources.append(file_record(file, shown, "html"))
        if b"\x00" in data:
            problems.add(k, shown, file.name, "binary file (NUL bytes), not HTML", doc_id)
            continue
        extracted = trafilatura.bare_extraction(
            data, with_metadata=True, favor_precision=favor_precision,
            date_extraction_params={"extensive_search": False, "original_date": True})
        if extracted is None:
            problems.add(k, shown, file.name, "no main text extracted", doc_id)
            continue
        meta = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
        raw["doc_id"].append(doc_id)
        raw["outlet"].append(outlet or meta.get("sitename"))
        raw["title"].append(meta.get("title") or "")
        raw["text"].append(meta.get("text") or "")
        date = meta.get("date")
        if not date and (found := declared_date(data)):
            date = found[0]  # parsed by our rules below; a bad one is a bad record
            problems.note(k, shown, file.name, f"kept, date {date!r} read from the page's "
                          f"{found[1]} (trafilatura rejected it)", doc_id)
        raw["date_raw"].append(date)
        for name in _META:
            raw[name].append(meta.get(name))
        raw[_SRC].append(shown)
        raw[_REC].append(file.name)
        raw[_POS].append(k)
        raw[_AUTO].append(doc_id)
    return finish(raw, problems, what=f"load_html({given!r})", outlet=None, sources=sources)
