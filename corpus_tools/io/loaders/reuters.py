"""Load the Reuters-21578 newswire from its original SGML files."""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import EmptySourceError
from ._common import (
    _AUTO, _DATE, _POS, _REC, _SRC, LoadResult, OnInvalid, Problems, check_exists, discover_files,
    file_record, finish, glob_regex,
)

__all__ = ["load_reuters_sgml"]

_DOC = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_OPEN = re.compile(r"<REUTERS\b")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_LIST_FIELDS = ("topics", "places", "people", "orgs", "exchanges", "companies")
# The timestamp at the start of DATE; some DATE elements carry leaked wire
# codes or a comment after it ("27-MAR-1987 00:02:59.13&#5;&#5;&#5;RM").
_STAMP = re.compile(r"\s*(\d{1,2}-[A-Za-z]{3}-\d{4} \d{1,2}:\d{2}:\d{2}(?:\.\d+)?)(?!\d)")
_ITEM = re.compile(r"<D>(.*?)</D>", re.S)
# Transmission control codes framing the text (STX, ETX, ...): not content.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SIGNOFF = re.compile(r"(?:\s*\bReuter\b)+\s*\Z", re.I)


def _element(name: str, block: str) -> str | None:
    match = re.search(rf"<{name}\b[^>]*>(.*?)</{name}>", block, re.S)
    return match.group(1) if match else None


_ENTITY = re.compile(r"&(#\d+|#[xX][0-9a-fA-F]+|lt|gt|amp|quot|apos);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _code_point(name: str) -> int | None:
    if name.startswith(("#x", "#X")):
        return int(name[2:], 16)
    return int(name[1:]) if name.startswith("#") else None


def _is_character(code: int) -> bool:
    """Whether a code point is a character text can hold (not a surrogate)."""
    return code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF


def _entity(match: re.Match) -> str:
    code = _code_point(match.group(1))
    if code is None:
        return _NAMED[match.group(1)]
    # A reference to no character stays as written (bad_reference() reports it).
    return chr(code) if _is_character(code) else match.group(0)


def bad_reference(block: str) -> str | None:
    """The first numeric reference in ``block`` that names no character
    (``&#xD800;``, a surrogate; ``&#x110000;``, beyond Unicode), or None."""
    for match in _ENTITY.finditer(block):
        code = _code_point(match.group(1))
        if code is not None and not _is_character(code):
            return match.group(0)
    return None


def unescape(value: str) -> str:
    """Decode SGML character references as SGML does (``&#5;`` is U+0005).

    ``html.unescape`` is not used: it follows HTML5, which drops or remaps
    some numeric references.
    """
    return _ENTITY.sub(_entity, value)


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    return _CONTROL.sub("", unescape(value))


def _parse_doc(attrs: str, block: str) -> dict:
    attr = dict(_ATTR.findall(attrs))
    record: dict = {
        "doc_id": attr.get("NEWID"),
        "oldid": attr.get("OLDID"),
        "has_topics": attr.get("TOPICS"),
        "lewissplit": attr.get("LEWISSPLIT"),
        "cgisplit": attr.get("CGISPLIT"),
    }
    date = _element("DATE", block)
    record["date_raw"] = date.strip() if date is not None else None
    stamp = _STAMP.match(record["date_raw"] or "")
    record[_DATE] = stamp.group(1) if stamp else record["date_raw"]
    for name in _LIST_FIELDS:
        inner = _element(name.upper(), block) or ""
        record[name] = [unescape(d).strip() for d in _ITEM.findall(inner)]
    text_match = re.search(r"<TEXT\b([^>]*)>(.*?)</TEXT>", block, re.S)
    text_attrs = dict(_ATTR.findall(text_match.group(1))) if text_match else {}
    inner = text_match.group(2) if text_match else ""
    record["text_type"] = text_attrs.get("TYPE", "NORM") if text_match else None
    title = _clean(_element("TITLE", inner))
    dateline = _clean(_element("DATELINE", inner))
    author = _clean(_element("AUTHOR", inner))
    body = _element("BODY", inner)
    if record["text_type"] == "UNPROC":
        body = inner  # unprocessed stories have no BODY: the whole TEXT is the story
    body = _CONTROL.sub("", unescape(body)) if body is not None else ""
    body = _SIGNOFF.sub("", body.rstrip()) if body.strip() else ""
    record["title"] = title.strip() if title else ""
    record["text"] = body.strip("\n").rstrip()
    record["dateline"] = dateline.strip() if dateline else None
    record["author"] = author.strip() if author else None
    mknote = _element("MKNOTE", block)
    record["mknote"] = unescape(mknote).strip() if mknote else None
    unknown = _element("UNKNOWN", block)
    record["unknown"] = _CONTROL.sub("", unescape(unknown)).strip() if unknown else None
    return record


def load_reuters_sgml(
    path: str | Path,
    *,
    on_invalid: OnInvalid = "raise",
    include_empty: bool = False,
) -> LoadResult:
    """Load Reuters-21578 stories from ``reut2-*.sgm`` files.

    Parameters
    ----------
    path : str or Path
        One ``.sgm`` file, or a folder holding ``reut2-*.sgm``.
    on_invalid : {"raise", "skip"}, default="raise"
        Raise :class:`~corpus_tools.errors.InvalidRecordError` at the first
        bad story, or skip it and list it in ``LoadResult.skipped``. A story
        whose date cannot be parsed is kept with ``date`` NaT in skip mode.
    include_empty : bool, default=False
        Keep stories without body text, with ``text == ""`` (the BRIEF
        stories are a headline only; their content is in ``title``). By
        default BRIEF stories are left out and listed in ``skipped`` with
        reason ``"empty text (BRIEF: headline only)"``; this is a documented
        choice, not an error, so it never raises. Another story with empty
        text is a bad record unless ``include_empty=True``.

    Returns
    -------
    LoadResult
        Columns ``doc_id`` (NEWID), ``outlet`` ("Reuters"), ``date``,
        ``title``, ``text``, ``date_raw`` (``"26-FEB-1987 15:01:01.79"``),
        ``oldid``, ``has_topics``, ``lewissplit``, ``cgisplit``, ``topics``,
        ``places``, ``people``, ``orgs``, ``exchanges``, ``companies``
        (``"; "``-joined), ``text_type`` (NORM, BRIEF, UNPROC), ``dateline``,
        ``author``, ``mknote``, ``unknown`` (the wire
        routing header).

    Notes
    -----
    Files are read as latin-1 and SGML entities are decoded. The text is the
    BODY (the whole TEXT for UNPROC stories) with the trailing "Reuter"
    sign-off (any case: some stories end "REUTER") and the transmission
    control characters (``&#2;``, ``&#3;``, ``&#127;`` ...: C0 controls other
    than tab and newlines, and DEL) removed; nothing else is changed. The
    date is read from the timestamp at the start of DATE, ignoring what
    follows it (328 DATE elements of the full collection carry leaked wire
    codes or a comment after the time); it keeps the day only (see
    :mod:`corpus_tools.text.dates`). The one malformed date in the collection
    (NEWID 17192, ``"31-MAR-1987 605:12:19.12"``) is an unparseable date: an
    error in raise mode, NaT plus a ``skipped`` note in skip mode.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import corpus_tools as ct
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "reut2-000.sgm"
    >>> _ = f.write_text('<REUTERS TOPICS="NO" NEWID="7"><DATE>2-MAR-1987 09:00:00.00</DATE>'
    ...     '<TEXT><TITLE>COCOA UP</TITLE><BODY>Cocoa rose &amp; fell.\\n Reuter\\n&#3;'
    ...     '</BODY></TEXT></REUTERS>', encoding="latin-1")
    >>> doc = ct.load_reuters_sgml(f).documents.iloc[0]
    >>> doc["doc_id"], str(doc["date"].date()), doc["title"], doc["text"]
    ('7', '1987-03-02', 'COCOA UP', 'Cocoa rose & fell.')
    """
    problems = Problems(on_invalid, "load_reuters_sgml")
    given = str(path)
    root = check_exists(Path(path), "load_reuters_sgml")
    if root.is_dir():
        pattern = "reut2-*.sgm" if any(glob_regex("reut2-*.sgm").match(p.name)
                                       for p in root.iterdir()) else "*.sgm"
        files, _base = discover_files(root, pattern, problems, given)
        shown = [str(Path(given) / f.name) for f in files]
    else:
        files, shown = [root], [given]
    if not files:
        raise EmptySourceError(f"{given}: no .sgm files found (expected reut2-*.sgm)")

    records, labels, sources_shown, positions = [], [], [], []
    sources = []
    for file_no, (file, name) in enumerate(zip(files, shown)):
        sources.append(file_record(file, name, "sgml"))
        content = file.read_bytes().decode("latin-1")  # latin-1 decodes any byte
        opened = len(_OPEN.findall(content))
        k = 0
        for k, match in enumerate(_DOC.finditer(content), start=1):
            record = _parse_doc(match.group(1), match.group(2))
            pos = file_no * 1_000_000 + k
            label = f"record {k} (NEWID {record['doc_id']})" if record["doc_id"] else f"record {k}"
            ref = bad_reference(match.group(2))
            if ref:
                problems.add(pos, name, label, f"character reference {ref} names no Unicode "
                             "character (a surrogate or beyond U+10FFFF)", record["doc_id"] or "")
                continue
            if not record["text"] and record["text_type"] == "BRIEF" and not include_empty:
                problems.note(pos, name, label, "empty text (BRIEF: headline only)",
                              record["doc_id"] or "")
                continue
            records.append(record)
            labels.append(label)
            sources_shown.append(name)
            positions.append(pos)
        if opened > k:
            problems.add(file_no * 1_000_000 + k + 1, name, f"record {k + 1}",
                         f"{opened - k} <REUTERS> element(s) without a closing </REUTERS>")
    if not records and not problems.rows and not problems.notes:
        raise EmptySourceError(f"{given}: no <REUTERS> stories found")

    keys = list(dict.fromkeys(["doc_id", "outlet", "date_raw", "title", "text"]
                              + [k for r in records for k in r]))
    raw = {k: [r.get(k) for r in records] for k in keys}
    raw["outlet"] = ["Reuters"] * len(records)
    raw[_SRC] = sources_shown
    raw[_REC] = labels
    raw[_POS] = positions
    raw[_AUTO] = labels
    return finish(raw, problems, what=f"load_reuters_sgml({given!r})", sources=sources,
                  allow_empty=include_empty)
