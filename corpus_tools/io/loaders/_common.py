"""What every loader shares: the result type, problem bookkeeping, and the
step that turns a loader's raw records into the one documents schema."""

from __future__ import annotations

import codecs
import hashlib
import json
import logging
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Iterator
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa

from ..._compat import STR_DTYPE
from ..._validation import check_option
from ...text.dates import infer_dayfirst, parse_dates
from ...errors import EmptySourceError, InvalidRecordError, UnreadableSourceError
from ._decompress import iter_chunks, sniff_compression  # noqa: F401 (re-exported)

logger = logging.getLogger("corpus_tools.io.loaders")

CORE_COLUMNS = ("doc_id", "outlet", "date", "title", "text")
SKIPPED_COLUMNS = ("source", "record", "doc_id", "reason")
# Names a source field may not keep, because the documents table uses them.
RESERVED = frozenset(CORE_COLUMNS) | {"date_raw"}
KEPT_PREFIX = "kept, date set to NaT:"
NUL = b"\x00"

# Internal bookkeeping columns of a raw frame (never reach the user).
_SRC, _REC, _POS, _AUTO, _DATE = "__source", "__record", "__pos", "__auto_id", "__date"
_INTERNAL = (_SRC, _REC, _POS, _AUTO, _DATE)

OnInvalid = Literal["raise", "skip"]
# The kind of a problem for the summary: its leading words ("empty text").
_KIND = re.compile(r"[A-Za-z ,_-]*")


@dataclass
class LoadResult:
    """Documents loaded from one or more sources, with what was skipped and why.

    Attributes
    ----------
    documents : pandas.DataFrame
        One row per document. Columns, in this order: ``doc_id`` (str,
        unique), ``outlet`` (str), ``date`` (datetime64[ns], the calendar
        date at midnight, UTC for zone-aware sources, NaT when unknown),
        ``title`` (str, ``""`` if none), ``text`` (str, raw), ``date_raw``
        (the date as written in the source, missing if none), then every
        other source field as its own column (lists joined with ``"; "``).
    skipped : pandas.DataFrame
        Columns ``source``, ``record``, ``doc_id``, ``reason`` (all str):
        every record left out, and every record kept with a problem (reason
        starts with ``"kept, "``). Empty, with these columns, when clean.
    sources : list of dict
        One per file read: ``{"path", "sha256", "bytes", "format"}``.
    """

    documents: pd.DataFrame
    skipped: pd.DataFrame
    sources: list[dict] = field(default_factory=list)


def empty_skipped() -> pd.DataFrame:
    """Return the empty ``skipped`` table with its four string columns."""
    return pd.DataFrame({c: pd.Series([], dtype=STR_DTYPE) for c in SKIPPED_COLUMNS})


class Problems:
    """Collects record problems; raises the earliest one in ``"raise"`` mode.

    Problems are gathered (not raised at once) so that the error names the
    first bad record of the source in reading order, whatever check found it.
    """

    def __init__(self, on_invalid: str, caller: str):
        self.on_invalid = check_option(on_invalid, "on_invalid", ("raise", "skip"), caller)
        self.rows: list[tuple[int, str, str, str, str]] = []
        self.notes: list[tuple[int, str, str, str, str]] = []

    def add(self, pos: int, source: str, record: str, reason: str, doc_id: str = "") -> None:
        """Record an invalid record (skipped in skip mode, raised in raise mode)."""
        self.rows.append((pos, source, record, doc_id or "", reason))

    def note(self, pos: int, source: str, record: str, reason: str, doc_id: str = "") -> None:
        """Record a documented, expected exclusion that is never an error."""
        self.notes.append((pos, source, record, doc_id or "", reason))

    def raise_first(self) -> None:
        """In raise mode, raise InvalidRecordError for the earliest problem."""
        if self.on_invalid == "raise" and self.rows:
            pos, source, record, _doc_id, reason = min(self.rows, key=lambda r: r[0])
            more = len(self.rows) - 1
            suffix = f" ({more} more problem{'s' if more != 1 else ''} in this load)" if more else ""
            raise InvalidRecordError(reason + suffix, source=source, record=record)

    def table(self) -> pd.DataFrame:
        """The ``skipped`` DataFrame, in reading order."""
        rows = sorted(self.rows + self.notes, key=lambda r: r[0])
        if not rows:
            return empty_skipped()
        return pd.DataFrame([r[1:] for r in rows], columns=list(SKIPPED_COLUMNS)).astype(STR_DTYPE)

    def summarise(self, what: str, n_docs: int) -> None:
        """Log one warning that counts what was skipped or kept with a problem."""
        rows = self.rows + self.notes
        if not rows:
            return
        kinds = Counter(_KIND.match(r[4]).group(0).strip() or r[4] for r in rows)
        detail = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())
        logger.warning("%s: loaded %d documents; %d records skipped or flagged (%s); "
                       "see LoadResult.skipped", what, n_docs, len(rows), detail)


# ---------------------------------------------------------------- files ----

COMPRESSION_SUFFIXES = {".gz": "gzip", ".xz": "xz", ".bz2": "bz2"}


def check_exists(path: Path, caller: str) -> Path:
    """Raise FileNotFoundError with a clear message if ``path`` does not exist."""
    if not path.exists():
        raise FileNotFoundError(f"{caller}(): no such file or directory: {str(path)!r}")
    return path


def file_record(path: Path, given: str, fmt: str) -> dict:
    """The ``sources`` entry of one file: path as given, sha256, size, format."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return {"path": given, "sha256": digest.hexdigest(), "bytes": size, "format": fmt}


def iter_lines(path: Path, *, chunk_size: int = 1 << 20) -> Iterator[bytes]:
    """Yield the lines (without ``\\n``) of a possibly compressed file.

    Decompression runs in background threads (see :func:`iter_chunks`), so a
    large ``.jsonl.xz`` loads in about the time of the slower of
    decompression and parsing instead of their sum.
    """
    tail = b""
    for block in iter_chunks(path, chunk_size=chunk_size):
        lines = (tail + block).split(b"\n")
        tail = lines.pop()
        yield from lines
    if tail:
        yield tail


def decode_problem(data: bytes, encoding: str) -> str | None:
    """Why ``data`` is not text in ``encoding`` (NUL bytes, bad bytes), or None."""
    if b"\x00" in data and not encoding.lower().replace("-", "").startswith("utf16"):
        return f"binary data (NUL byte at byte offset {data.index(NUL)})"
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        return (f"undecodable bytes (not valid {encoding}) at byte offset {exc.start}: "
                f"{data[exc.start:exc.start + 4]!r}")
    return None


# ------------------------------------------------------------- finishing ----

def join_value(value):
    """Lists become a "; "-joined string, dicts JSON; anything else unchanged."""
    if isinstance(value, (list, tuple)):
        return "; ".join("" if v is None else str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _as_id(value) -> str:
    # JSON numbers like 17.0 are ids 17 in practice; keep other floats as written.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def str_series(values: list) -> pd.Series:
    """A pandas ``str`` Series from Python str/None values, built in one pass.

    Polars builds the Arrow array from Python strings several times faster
    than ``pa.array`` or ``pd.Series(values, dtype=STR_DTYPE)`` on long article
    texts; the Arrow buffers then pass to pandas without a copy.
    """
    import polars as pl

    array = pl.Series(values, dtype=pl.String).to_arrow(compat_level=pl.CompatLevel.oldest())
    return array.to_pandas(types_mapper=lambda _t: pd.StringDtype("pyarrow", na_value=np.nan))


def _meta_series(values: list) -> pd.Series:
    values = [join_value(v) for v in values]
    if all(isinstance(v, str) or v is None for v in values):
        return str_series(values)
    return pd.Series(values, dtype=object).infer_objects()


# Python's str.isspace() characters: what ``str.strip()`` removes. Written out
# (tests check it against Python) so that Arrow's RE2 agrees with _missing().
_SPACE_CLASS = (r"\t-\r\x{1c}-\x{20}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}"
                r"\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}")
_BLANK_RE = f"^[{_SPACE_CLASS}]*$"


def is_arrow(values) -> bool:
    """Whether a raw column is an Arrow (chunked) array rather than a list."""
    return isinstance(values, (pa.Array, pa.ChunkedArray))


def arrow_blank(values) -> np.ndarray:
    """Bool mask of an Arrow string column: null, or whitespace only (as str.strip sees it)."""
    import pyarrow.compute as pc

    blank = pc.match_substring_regex(values, _BLANK_RE).fill_null(True)
    return np.asarray(blank, dtype=bool) if len(values) else np.zeros(0, dtype=bool)


def _split_column(values, n: int):
    """One core column as ``(strings, others)``, converting a list once.

    ``strings`` is an Arrow string array with null wherever the value is not
    a str; ``others`` maps the index of every non-str value that is not
    missing (a number, a list ...) to that value.
    """
    if values is None:
        return pa.nulls(n, pa.large_string()), {}
    if is_arrow(values):
        return values, {}
    others = {i: v for i, v in enumerate(values) if not isinstance(v, str) and not _missing(v)}
    strings = [v if isinstance(v, str) else None for v in values]
    return _arrow_strings(strings), others


def _arrow_strings(values: list):
    import polars as pl

    return pl.Series(values, dtype=pl.String).to_arrow(compat_level=pl.CompatLevel.oldest())


def _to_str_series(values) -> pd.Series:
    """An Arrow string column as a pandas ``str`` Series, without a copy."""
    if isinstance(values, pa.ChunkedArray) and values.num_chunks == 0:
        values = pa.array([], pa.large_string())
    if not pa.types.is_large_string(values.type):
        values = values.cast(pa.large_string())
    series = values.to_pandas(types_mapper=lambda _t: pd.StringDtype("pyarrow", na_value=np.nan))
    return series.reset_index(drop=True)


def _take(values, rows: np.ndarray, n: int):
    if len(rows) == n and (n == 0 or (rows[0] == 0 and np.all(np.diff(rows) == 1))):
        return values
    return values.take(pa.array(rows, pa.int64()))


def finish(raw: dict, problems: Problems, *, what: str,
           outlet: str | None = None, sources: list[dict] | None = None,
           allow_empty: bool = False, dayfirst: bool | None = None,
           date_format: str | None = None) -> LoadResult:
    """Validate a loader's raw columns and build the :class:`LoadResult`.

    ``raw`` maps column names to equal-length columns, each a list or an
    Arrow string array (``pyarrow.Array`` / ``ChunkedArray``): our names
    where known (``doc_id``, ``outlet``, ``date_raw``, ``title``, ``text``;
    all optional but ``text``), metadata columns in source order, and the
    internal columns ``__source``, ``__record``, ``__pos`` (reading order)
    and ``__auto_id`` (the id used when there is no ``doc_id`` column), which
    are lists. ``outlet`` is the constant used where a record gives none;
    ``allow_empty`` accepts empty texts. ``dayfirst`` and ``date_format``
    are those of :func:`~corpus_tools.text.dates.parse_dates`; without them
    the day/month order is decided once for the whole load and stated in
    every ``sources`` entry as ``"date_order"``.

    The checks run over whole columns: a list is turned into an Arrow array
    once, and text never becomes Python strings when it arrives as Arrow.
    """
    import pyarrow.compute as pc

    n = len(raw[_SRC]) if _SRC in raw else 0
    src = raw.get(_SRC, [])
    rec = raw.get(_REC, [])
    pos = np.asarray(raw.get(_POS, []), dtype=np.int64)
    reason = np.full(n, None, dtype=object)

    def flag(mask: np.ndarray, message) -> None:
        """Give ``message`` to the records in ``mask`` that have no reason yet."""
        free = mask & np.equal(reason, None)
        reason[free] = message

    # doc_id: given, or generated by the loader.
    if "doc_id" in raw:
        id_strs, id_others = _split_column(raw["doc_id"], n)
        id_missing = arrow_blank(id_strs)
        for i in id_others:
            id_missing[i] = False
        flag(id_missing, "missing doc_id")
        if id_others:
            id_strs = pc.if_else(_mask(n, id_others), _arrow_strings(
                [_as_id(id_others[i]) if i in id_others else None for i in range(n)]), id_strs)
        id_strs = pc.if_else(pa.array(id_missing), "", id_strs)
    else:
        id_strs = _arrow_strings([str(v) for v in raw.get(_AUTO, [])])

    # text: required, a non-empty string.
    text_strs, text_others = _split_column(raw.get("text"), n)
    text_null = np.asarray(text_strs.is_null(), dtype=bool) if n else np.zeros(0, dtype=bool)
    for i, t in sorted(text_others.items()):
        if reason[i] is None:
            reason[i] = f"text is not a string (got {type(t).__name__})"
    text_null[list(text_others)] = False
    flag(text_null, "missing text")
    if not allow_empty:
        flag(arrow_blank(text_strs) & ~text_null, "empty text")

    # outlet: from the record, else the constant, else a problem.
    out_strs, out_others = _split_column(raw.get("outlet"), n)
    out_missing = arrow_blank(out_strs)
    out_missing[list(out_others)] = False
    if out_others:
        out_strs = pc.if_else(_mask(n, out_others), _arrow_strings(
            [str(out_others[i]) if i in out_others else None for i in range(n)]), out_strs)
    if outlet is None:
        flag(out_missing, "missing outlet (set one for all records with --outlet NAME, or outlet= in Python)")
    out_strs = pc.if_else(pa.array(out_missing), outlet if outlet is not None else "", out_strs)

    # Duplicates among records that are otherwise valid: the later one is the problem.
    ok = np.flatnonzero(np.equal(reason, None))
    ok = ok[np.argsort(pos[ok], kind="stable")]
    ok_ids = _to_str_series(_take(id_strs, ok, n))
    dup = ok_ids.duplicated(keep="first").to_numpy()
    if dup.any():
        first_seen = dict(zip(ok_ids[~dup].tolist(), ok[~dup].tolist()))
        for i, doc_id in zip(ok[dup].tolist(), ok_ids[dup].tolist()):
            j = first_seen[doc_id]
            reason[i] = f"duplicate doc_id {doc_id!r} (first at {src[j]}, {rec[j]})"

    bad_rows = np.flatnonzero(np.not_equal(reason, None))
    if len(bad_rows):
        bad_ids = _take(id_strs, bad_rows, n).to_pylist()
        for i, doc_id in zip(bad_rows.tolist(), bad_ids):
            problems.add(int(pos[i]), src[i], rec[i], reason[i], doc_id)

    # Dates: a bad date is an error in raise mode, a kept record with NaT in skip mode.
    date_raw = raw.get("date_raw", [None] * n)
    # A loader may hand over a cleaned date string to parse (``__date``)
    # while ``date_raw`` keeps the source's text.
    to_parse = raw.get(_DATE, date_raw)
    to_parse = to_parse.to_pylist() if is_arrow(to_parse) else to_parse
    order = _date_order(to_parse, src, rec, dayfirst, date_format)
    if order is not None:
        dayfirst = order[0]
        for entry in sources or []:
            entry["date_order"] = order[1]
    dates, bad = parse_dates(to_parse, on_invalid="skip", dayfirst=dayfirst,
                             date_format=date_format)
    for i in bad:
        if reason[i] is not None:
            continue
        value = date_raw[i].as_py() if is_arrow(date_raw) else date_raw[i]
        msg = f"unparseable date {value!r}"  # the source's text, not the cleaned one
        doc_id = id_strs[i].as_py()
        if problems.on_invalid == "raise":
            problems.add(int(pos[i]), src[i], rec[i], msg, doc_id)
        else:
            problems.note(int(pos[i]), src[i], rec[i], f"{KEPT_PREFIX} {msg}", doc_id)
    problems.raise_first()

    keep = np.flatnonzero(np.equal(reason, None))
    rows = keep[np.argsort(pos[keep], kind="stable")]

    def col(values):
        return [values[i] for i in rows]

    title = raw.get("title")
    if title is None:
        title_strs = pa.array([""] * len(rows), pa.large_string())
    elif is_arrow(title):
        title_strs = _take(title, rows, n).fill_null("")
    else:
        title_strs = _arrow_strings([t if isinstance(t, str) else ("" if _missing(t) else str(t))
                                     for t in col(title)])
    if is_arrow(date_raw):
        date_strs = _take(date_raw, rows, n)
    else:
        date_strs = _arrow_strings([d if isinstance(d, str) else (None if _missing(d) else str(d))
                                    for d in col(date_raw)])
    docs = {
        "doc_id": _to_str_series(_take(id_strs, rows, n)),
        "outlet": _to_str_series(_take(out_strs, rows, n)),
        "date": pd.Series(dates.to_numpy()[rows], dtype="datetime64[ns]"),
        "title": _to_str_series(title_strs),
        "text": _to_str_series(_take(text_strs, rows, n)),
        "date_raw": _to_str_series(date_strs),
    }
    for name, values in raw.items():
        if name in RESERVED or name in _INTERNAL:
            continue
        docs[name] = _to_str_series(_take(values, rows, n)) if is_arrow(values) \
            else _meta_series(col(values))
    documents = pd.DataFrame(docs)
    result = LoadResult(documents=documents, skipped=problems.table(), sources=sources or [])
    problems.summarise(what, len(documents))
    if n and documents.empty:
        logger.warning("%s: every record was skipped; see LoadResult.skipped", what)
    return result


def _date_order(values: list, src: list, rec: list, dayfirst: bool | None,
                date_format: str | None) -> tuple[bool | None, str] | None:
    """``(dayfirst, statement)`` for the load's provenance, or None if no
    numeric day/month date needs an order."""
    if date_format is not None:
        return None, f"format {date_format!r} (given)"
    if dayfirst is not None:
        return dayfirst, f"{'day' if dayfirst else 'month'}-first (given)"
    first = src[0] if len(src) else None
    found, statement = infer_dayfirst(values, source=first,
                                      describe=lambda i: f"{src[i]}, {rec[i]}")
    return None if statement is None else (found, statement)


def _mask(n: int, indices) -> pa.Array:
    mask = np.zeros(n, dtype=bool)
    mask[list(indices)] = True
    return pa.array(mask)


def columns_from_records(records: list[dict]) -> dict[str, list]:
    """Turn a list of dicts into columns (union of keys, in first-seen order)."""
    names: dict[str, None] = {}
    for r in records:
        if len(r) != len(names) or any(k not in names for k in r):
            names.update(dict.fromkeys(r))
    return {k: [r.get(k) for r in records] for k in names}


def rename_collisions(columns: list[str], used: set[str]) -> dict[str, str]:
    """Map source fields whose names we use for something else to ``<name>_orig``.

    ``used`` are the source fields consumed as core columns; any other field
    named like a documents column (``date_raw``, ``title`` ...) is kept under
    ``<name>_orig`` so that nothing is lost or overwritten.
    """
    taken = set(columns)
    mapping = {}
    for name in columns:
        if name in RESERVED and name not in used:
            new = f"{name}_orig"
            while new in taken:
                new += "_"
            mapping[name] = new
            taken.add(new)
    return mapping


def require_records(n_found: int, path: str, what: str = "records") -> None:
    """Raise EmptySourceError if a source held nothing to load."""
    if n_found == 0:
        raise EmptySourceError(f"{path}: no {what} found")


# ------------------------------------------------------ strict reading ----

# Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_SURROGATES = re.compile("[\ud800-\udfff]")


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``data`` declares, or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def as_utf8(data: bytes, encoding: str, given: str) -> tuple[bytes, str | None]:
    """Bytes in UTF-8, and the encoding a byte-order mark declared (or None).

    A UTF-16 or UTF-32 byte-order mark decides the encoding (those files are
    otherwise full of NUL bytes and would be called binary); the text is then
    re-encoded as UTF-8 without the mark. Other data is returned unchanged.

    Raises
    ------
    UnreadableSourceError
        The file starts with a UTF-16/32 mark but is not valid in that
        encoding.
    """
    declared = bom_encoding(data)
    if declared not in ("utf-16", "utf-32"):
        return data, None
    try:
        text = data.decode(declared)  # the codec reads and drops the mark
    except UnicodeDecodeError as exc:
        raise UnreadableSourceError(
            f"starts with a {declared.upper()} byte-order mark but is not valid {declared.upper()}",
            source=given, record=f"byte offset {exc.start}") from None
    bad = _SURROGATES.search(text)
    if bad:
        raise UnreadableSourceError(f"lone surrogate {bad.group(0)!r} in {declared.upper()} text",
                                    source=given, record=f"character {bad.start()}")
    return text.encode("utf-8"), f"{declared} (byte-order mark)"


def surrogate_problem(value) -> str | None:
    """Why a decoded value cannot be stored as text (a lone surrogate), or None.

    Lone surrogates come from JSON escapes such as ``"\\ud800"`` or SGML
    references such as ``&#xD800;``; Arrow and Parquet cannot hold them.
    Searches strings inside lists and dicts too (keys included).
    """
    if isinstance(value, str):
        bad = _SURROGATES.search(value)
        return f"lone surrogate {bad.group(0)!r} (not valid Unicode text)" if bad else None
    if isinstance(value, dict):
        for k, v in value.items():
            why = surrogate_problem(k) or surrogate_problem(v)
            if why:
                return why
    elif isinstance(value, (list, tuple)):
        for v in value:
            why = surrogate_problem(v)
            if why:
                return why
    return None


def shown_path(path: Path | str) -> str:
    """A path as printable text: bytes that are not UTF-8 as ``\\xNN`` escapes."""
    return os.fsencode(str(path)).decode("utf-8", errors="backslashreplace")


def read_file_bytes(path: Path, given: str) -> bytes:
    """All (decompressed) bytes of a file, or an UnreadableSourceError naming it."""
    try:
        return b"".join(iter_chunks(path))
    except (PermissionError, IsADirectoryError) as exc:
        raise UnreadableSourceError(f"cannot read the file ({exc.strerror or exc})",
                                    source=shown_path(given)) from None


# ------------------------------------------------------ folder listing ----

# Positions of notes about files not loaded: after every record of the load.
_UNLISTED_POS = 10 ** 12


def glob_regex(pattern: str) -> re.Pattern:
    """A case-insensitive regex for a glob over ``/``-separated relative paths.

    ``**/`` matches any number of folders (none included), ``*`` and ``?``
    stay within one path part, ``[...]`` is a character class. File
    systems differ in case sensitivity; extensions such as ``.TXT`` and
    ``.Html`` are the same kind of file, so case is ignored.
    """
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2:]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1:end]
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z", re.IGNORECASE | re.DOTALL)


def discover_files(root: Path, pattern: str, problems: Problems, given: str, *,
                   known: frozenset = frozenset()) -> tuple[list[Path], Path]:
    """The files a folder loader reads, with every other file accounted for.

    Every file below ``root`` either matches ``pattern`` (ignoring case) and
    is returned, or is listed in ``problems``: a dangling symbolic link or a
    file that is not a regular file with a matching name is a bad record
    (its article is lost); a file with another name is noted as
    ``"not loaded: ..."`` (never an error). ``known`` are files the loader
    reads for another purpose (a metadata sidecar), which are not listed.

    Returns
    -------
    files : list of Path
        Sorted, so that loads are reproducible.
    base : Path
        The folder their names are relative to (``root``, or its parent
        when ``root`` is a file).
    """
    if root.is_file():
        return [root], root.parent
    match = glob_regex(pattern).match
    files, extra = [], 0
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        shown = shown_path(Path(given) / rel)
        if path.is_dir() or path in known:
            continue
        matched = match(rel) is not None
        if matched and path.is_file():
            files.append(path)
            continue
        extra += 1
        if path.is_symlink() and not path.exists():
            why = f"dangling symbolic link (its target {shown_path(os.readlink(path))!r} does not exist)"
        elif not path.is_file():
            why = "not a regular file"
        else:
            why = f"not loaded: its name does not match {pattern!r} (another kind of file)"
        (problems.add if matched else problems.note)(
            _UNLISTED_POS + extra, shown, shown_path(path.name),
            why if matched or why.startswith("not loaded") else f"not loaded: {why}")
    return files, root


def read_article(path: Path, shown: str, problems: Problems, pos: int, doc_id: str) -> bytes | None:
    """A file's bytes, or None after recording why it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        problems.add(pos, shown, shown_path(path.name),
                     f"unreadable file ({exc.strerror or type(exc).__name__})", doc_id)
        return None


def name_problem(rel: str) -> str | None:
    """Why a file's relative path cannot name a document (not UTF-8), or None."""
    if _SURROGATES.search(rel):
        return f"file name '{shown_path(rel)}' is not valid UTF-8 (rename the file)"
    return None
