"""Load tables of articles: CSV, TSV, JSON and JSON Lines, plain or compressed."""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import itertools
import json
import logging
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Literal

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pajson

from ..._validation import check_option
from ...errors import InvalidRecordError, UnreadableSourceError
from ._common import (
    _AUTO, _POS, _REC, _SRC, COMPRESSION_SUFFIXES, _as_id, _missing, LoadResult, OnInvalid, Problems, RESERVED,
    arrow_blank, check_exists, columns_from_records, decode_problem, file_record, finish, is_arrow, iter_lines, rename_collisions, require_records, sniff_compression,
)
from ..._background import in_background
from ._common import NUL, as_utf8, bom_encoding, read_file_bytes, shown_path, surrogate_problem
from ._decompress import iter_block_chunks, iter_chunks, xz_blocks

__all__ = ["DEFAULT_ALIASES", "load_table"]

TableFormat = Literal["csv", "tsv", "json", "jsonl"]
_FORMATS = ("csv", "tsv", "json", "jsonl")
_EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".json": "json",
               ".jsonl": "jsonl", ".ndjson": "jsonl"}

#: Source field names tried, in order, for each documents column when
#: ``fields`` does not name one. Our own name always comes first.
DEFAULT_ALIASES: dict[str, tuple[str, ...]] = {
    "doc_id": ("doc_id", "id", "uid"),
    "outlet": ("outlet", "source", "publication", "publisher"),
    "date": ("date", "published", "publish_date", "pub_date"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content"),
}

_SURROGATE = re.compile("[\udc80-\udcff]")

logger = logging.getLogger(__name__)

# Set to "1" to skip the Arrow reader for JSON Lines (tests compare both paths).
_CAREFUL_ENV = "CORPUS_TOOLS_CAREFUL_JSONL"
# Arrow reads this much from the start to learn the fields' types, then the
# whole file in blocks of _ARROW_BLOCK bytes on all cores.
_SCHEMA_PREFIX = 1 << 20
_ARROW_BLOCK = 16 << 20
# Decompressed chunks come from the reader threads (see _decompress.py) in
# _CHUNK bytes; Arrow parses them in pieces of whole lines of about _PIECE.
_CHUNK = 4 << 20
_PIECE = 16 << 20
_BOM = b"\xef\xbb\xbf"


def table_format(path: Path) -> str | None:
    """Guess the table format from the extension before any compression suffix."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in COMPRESSION_SUFFIXES:
        suffixes = suffixes[:-1]
    return _EXTENSIONS.get(suffixes[-1]) if suffixes else None


def _stem(path: Path) -> str:
    name = path.name
    for suffix in reversed(path.suffixes):
        if suffix.lower() in COMPRESSION_SUFFIXES or suffix.lower() in _EXTENSIONS:
            name = name[: -len(suffix)]
        else:
            break
    return name or path.name


def _has_surrogate(value) -> bool:
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_surrogate(v) for v in value)
    return False


def _byte_bar(path: Path, enabled: bool):
    """A tqdm bar over a file's decompressed bytes (its size when known)."""
    from tqdm import tqdm  # plain bars: tqdm.auto warns in notebooks without ipywidgets

    total = None
    if enabled:
        kind = sniff_compression(path)
        if kind is None:
            total = path.stat().st_size
        elif kind == "xz":
            blocks = xz_blocks(path)
            total = sum(u for _o, _p, u in blocks) if blocks else None
    return tqdm(total=total, disable=not enabled, desc=f"loading {path.name}", unit="B",
                unit_scale=True, unit_divisor=1024)


class _Pairs(dict):
    """A JSON object read by :func:`_object_pairs`; ``repeated`` lists the keys
    it gave more than once (the last value is the one kept)."""

    repeated: tuple = ()


def _object_pairs(pairs: list) -> dict:
    """``object_pairs_hook`` for json.loads that remembers repeated keys.

    Python's json keeps the last of repeated keys without a word; a record
    whose fields are given twice is a bad record (which value is right?).
    """
    obj = _Pairs(pairs)
    if len(obj) != len(pairs):
        seen: set = set()
        obj.repeated = tuple(dict.fromkeys(k for k, _v in pairs if k in seen or seen.add(k)))
    return obj


def _repeated_keys(value) -> tuple:
    """The repeated keys of a parsed JSON value, nested objects included."""
    if isinstance(value, dict):
        found = getattr(value, "repeated", ())
        for v in value.values():
            found = found or _repeated_keys(v)
        return found
    if isinstance(value, list):
        for v in value:
            found = _repeated_keys(v)
            if found:
                return found
    return ()


def _object_problem(obj) -> str | None:
    """Why a parsed JSON record is bad (not an object, repeated keys, lone surrogates)."""
    if not isinstance(obj, dict):
        return f"record is not a JSON object (got {type(obj).__name__})"
    repeated = _repeated_keys(obj)
    if repeated:
        return f"duplicate key {repeated[0]!r} in the JSON object (json keeps only the last value)"
    return surrogate_problem(obj)


def _read_jsonl(path: Path, given: str, problems: Problems, encoding: str, base: int, bar=None,
                lines=None):
    records, labels, numbers = [], [], []
    loads = json.loads
    for lineno, line in enumerate(iter_lines(path) if lines is None else lines, start=1):
        if bar is not None and not bar.disable:
            bar.update(len(line) + 1)
        if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]  # a UTF-8 byte-order mark is not content
        if not line.strip():
            continue
        label = f"line {lineno}"
        try:
            obj = loads(line.decode(encoding), object_pairs_hook=_object_pairs)
        except UnicodeDecodeError:
            problems.add(base + lineno, given, label, decode_problem(line, encoding))
            continue
        except json.JSONDecodeError as exc:
            why = decode_problem(line, encoding) or f"malformed JSON: {exc.msg} at column {exc.colno}"
            problems.add(base + lineno, given, label, why)
            continue
        why = _object_problem(obj)
        if why:
            problems.add(base + lineno, given, label, why)
            continue
        records.append(obj)
        labels.append(label)
        numbers.append(lineno)
    return records, labels, numbers


class _Decline(Exception):
    """The Arrow reader cannot promise the careful reader's result for this file."""


def _record_lines(data: bytes, *, bom: bool = True) -> list[int]:
    """Line numbers (from 1) of the non-blank lines of ``data``; each must
    look like one JSON object.

    Arrow reads a stream of objects and does not care where lines end; the
    careful reader reads one object per line. Equal counts of records and
    non-blank lines, each line opening with ``{`` and closing with ``}``,
    rule out an object spread over lines or two objects on one line.
    A byte-order mark is allowed on line 1 only with ``bom``.
    """
    numbers = []
    start, lineno, size = 0, 0, len(data)
    while start < size:
        end = data.find(b"\n", start)
        if end < 0:
            end = size
        lineno += 1
        last = end - 1 if data[end - 1:end] == b"\r" else end
        # The common case, one object flush with the line ends, without a copy.
        if data[start:start + 1] == b"{" and data[last - 1:last] == b"}" and last - 1 > start:
            numbers.append(lineno)
        else:
            line = data[start:end]
            if bom and lineno == 1 and line.startswith(_BOM):
                line = line[3:]
            body = line.strip(b" \t\r")  # JSON's whitespace
            if body[:1] == b"{" and body[-1:] == b"}":
                numbers.append(lineno)
            elif body or line.strip():
                raise _Decline(f"line {lineno} is not one JSON object")
        start = end + 1
    return numbers


def _arrow_schema(buffer, options) -> tuple[pa.Schema, pa.Schema]:
    """Field types from the file's first lines, with dates kept as text.

    Arrow turns ISO date strings into timestamps; the careful reader keeps
    the text, so those fields are declared strings for the whole read.
    Fields that are all null so far are left for Arrow to infer. Returns
    the inferred schema (its field order is the order of first appearance)
    and the one to read with.
    """
    end = buffer[:_SCHEMA_PREFIX].to_pybytes().rfind(b"\n") if buffer.size > _SCHEMA_PREFIX else -1
    head = buffer if end < 0 else buffer[: end + 1]
    schema = pajson.read_json(pa.BufferReader(head), read_options=options).schema
    fields = []
    for f in schema:
        if pa.types.is_timestamp(f.type):
            fields.append(pa.field(f.name, pa.string()))
        elif not pa.types.is_null(f.type):
            fields.append(f)
    return schema, pa.schema(fields)


_LIST_ITEMS = (pa.string(), pa.large_string(), pa.int64(), pa.bool_(), pa.null())


def _plain_column(name: str, column, core_names: set[str]):
    """An Arrow column as the careful reader would hold it: strings stay Arrow,
    other simple types become the same Python values ``json.loads`` gives."""
    t = column.type
    if t in (pa.string(), pa.large_string()):
        return column
    if t in (pa.int64(), pa.bool_(), pa.null()):
        return column.to_pylist()
    if (pa.types.is_list(t) or pa.types.is_large_list(t)) and t.value_type in _LIST_ITEMS:
        return column.to_pylist()
    if t == pa.float64() and name not in core_names:
        # 2.0 and 2 both reach pandas as float64 here; only ints too large
        # for a double would read differently.
        values = column.to_pylist()
        if any(v is not None and v.is_integer() and abs(v) >= 2 ** 53 for v in values):
            raise _Decline(f"field {name!r} holds numbers too large for a double")
        return values
    raise _Decline(f"field {name!r} has Arrow type {t}")


class _BlockLines:
    """Cuts one block's decompressed bytes into pieces of whole lines.

    A block other than the first may begin inside a line: its bytes up to
    the first newline (``head``) belong to the line the previous block's
    ``tail`` began. :func:`_line_pieces` joins those once both are known.
    """

    def __init__(self, first: bool):
        self.head = b"" if first else None  # the file's first block begins a line
        self.pending: list[bytes] = []
        self.held = 0
        self.count = 0  # pieces handed out

    def add(self, chunk: bytes, at_end: bool = False) -> bytes | None:
        """Take a chunk; return a piece of whole lines once enough is held."""
        self.pending.append(chunk)
        self.held += len(chunk)
        if self.held < _PIECE and not at_end:
            return None
        data = b"".join(self.pending)
        if self.head is None:
            first = data.find(b"\n")
            if first < 0:  # no line ends here yet
                self.pending, self.held = [data], len(data)
                return None
            self.head, data = data[:first + 1], data[first + 1:]
        cut = data.rfind(b"\n") + 1
        self.pending, self.held = [data[cut:]], len(data) - cut
        return data[:cut] or None

    def finish(self) -> tuple[bytes | None, bytes]:
        """The block's last piece of whole lines (or None), and its tail."""
        piece = self.add(b"", at_end=True)
        return piece, b"".join(self.pending)


def _line_pieces(path: Path) -> Iterator[tuple[tuple[int, int], bytes]]:
    """The decompressed file in pieces of whole lines, about _PIECE bytes each.

    Pieces come as the decompressor threads deliver them, not necessarily
    in file order: each comes with a key, and the keys sort the pieces into
    file order. The pieces are cut while the file decompresses, so the
    parser works beside the decompressor.
    """
    blocks: dict[int, _BlockLines] = {}
    tails: dict[int, bytes] = {}
    for block, chunk in iter_block_chunks(path, chunk_size=_CHUNK):
        lines = blocks.setdefault(block, _BlockLines(first=block == 0))
        if chunk is None:
            piece, tails[block] = lines.finish()
        else:
            piece = lines.add(chunk)
        if piece:
            yield (block, lines.count), piece
            lines.count += 1
    # The lines that cross block bounds: a block's tail, then the next
    # blocks' heads up to the first one that ends the line. A block with no
    # line end at all is all carried over.
    carry = b""
    for block in range(len(blocks)):
        head = blocks[block].head
        if head is None:
            carry += tails[block]
            continue
        carry += head
        if carry:
            yield (block, -1), carry
        carry = tails[block]
    if carry:
        yield (len(blocks), -1), carry


def _piece_buffer(piece: bytes, first: bool):
    """A piece as an Arrow buffer, without the file's byte-order mark."""
    buffer = pa.py_buffer(piece)
    return buffer[3:] if first and piece.startswith(_BOM) else buffer


def _parse_piece(key, piece: bytes, options, parse, first: bool = False):
    """One piece of whole lines: ``(key, Arrow table, record line numbers
    counted from 1 in the piece, lines in the piece)``."""
    relative = _record_lines(piece, bom=first)
    table = pajson.read_json(pa.BufferReader(_piece_buffer(piece, first)), read_options=options,
                             parse_options=parse)
    table.validate(full=True)  # Arrow does not check UTF-8 while parsing
    lines = piece.count(b"\n") + (not piece.endswith(b"\n"))
    return key, table, relative, lines


def _read_jsonl_fast(path: Path, encoding: str, core_names: set[str], bar=None, piece_hook=None):
    """Read JSON Lines with Arrow's reader, or return None.

    Returns ``(columns, labels, numbers)`` as the careful reader would
    (string columns as Arrow arrays), or None whenever the result could
    differ in any way (bad lines, mixed types, nested objects ...): the
    caller then reads the file line by line, which names every problem.
    Pieces of the file are parsed as they come out of the decompressor.
    """
    if os.environ.get(_CAREFUL_ENV) == "1" or codecs.lookup(encoding).name != "utf-8":
        return None
    try:
        options = pajson.ReadOptions(block_size=_ARROW_BLOCK)
        parse = head_schema = None
        parsed, early = [], []
        for key, piece in _line_pieces(path):
            if bar is not None:
                bar.update(len(piece))
            if b"\x00" in piece:
                raise _Decline("NUL bytes")
            if parse is None and (key == (0, 0) or key[1] == -1):
                # the file's first piece (block 0 from its start, or the first
                # line across blocks if block 0 ends no line): its first MiB
                # gives the fields' types
                head_schema, explicit = _arrow_schema(_piece_buffer(piece, True), options)
                if any(pa.types.is_struct(f.type) for f in head_schema):
                    raise _Decline("nested objects")
                parse = pajson.ParseOptions(explicit_schema=explicit, unexpected_field_behavior="infer")
                # then the pieces of later blocks that came before it
                ready, early = [(key, piece, True)] + [(k, p, False) for k, p in early], []
            elif parse is None:
                early.append((key, piece))
                continue
            else:
                ready = [(key, piece, False)]
            for k, p, first in ready:
                parsed.append(_parse_piece(k, p, options, parse, first=first))
                if piece_hook is not None:
                    piece_hook(k, parsed[-1][1])
        if parse is None:
            return None
        parsed.sort(key=lambda item: item[0])
        # Line numbers: each piece counted its own from 1.
        numbers, line = [], 0
        for _key, _table, relative, lines in parsed:
            numbers += [line + k for k in relative]
            line += lines
        tables = [item[1] for item in parsed]
        del parsed
        # Pieces may disagree on a field first seen late (absent, or all null
        # in one piece): "permissive" fills and widens, and fails on a clash.
        table = pa.concat_tables(tables, promote_options="permissive") if len(tables) > 1 else tables[0]
        del tables
        if table.num_rows != len(numbers):
            raise _Decline(f"{table.num_rows} records on {len(numbers)} lines")
        # Fields in order of first appearance, as the careful reader lists them.
        names = [f.name for f in head_schema]
        later = [name for name in table.column_names if name not in set(names)]
        if len(later) > 1:
            raise _Decline("several fields first seen after the first block")
        columns = {name: _plain_column(name, table.column(name), core_names)
                   for name in names + later}
    except Exception as exc:  # any doubt: the careful reader decides
        logger.debug("%s: Arrow JSON Lines reader declined (%s: %s); reading line by line",
                     path, type(exc).__name__, exc)
        return None
    return columns, [f"line {k}" for k in numbers], numbers


def _read_json(data: bytes, given: str, problems: Problems, encoding: str, base: int):
    text = data.decode(encoding, errors="surrogateescape").lstrip("\ufeff")
    try:
        top = json.loads(text, object_pairs_hook=_object_pairs)
    except json.JSONDecodeError as exc:
        # One broken array makes the whole file unreadable: no record can be skipped.
        raise InvalidRecordError(f"malformed JSON: {exc.msg}", source=given,
                                 record=f"line {exc.lineno} column {exc.colno}") from None
    if isinstance(top, dict) and isinstance(top.get("articles"), list):
        items = top["articles"]
    elif isinstance(top, list):
        items = top
    else:
        raise InvalidRecordError('expected a JSON array of objects or {"articles": [...]}',
                                 source=given, record=given)
    records, labels, numbers = [], [], []
    for k, obj in enumerate(items, start=1):
        label = f"record {k}"
        why = _object_problem(obj)
        if why and _has_surrogate(obj):  # surrogateescape: bytes the encoding rejects
            why = f"undecodable bytes (not valid {encoding})"
        if why:
            problems.add(base + k, given, label, why)
        else:
            records.append(obj)
            labels.append(label)
            numbers.append(k)
    return records, labels, numbers


def _csv_header(reader, given: str, encoding: str, kind: str) -> list[str]:
    """The header row; repeated or undecodable names make the file unreadable."""
    try:
        header = next(reader)
    except StopIteration:
        return []
    except csv.Error as exc:
        raise UnreadableSourceError(f"malformed {kind} header: {exc}", source=given,
                                    record="line 1") from None
    if any(_SURROGATE.search(h) for h in header):
        raise UnreadableSourceError(f"undecodable bytes (not valid {encoding}) in the header",
                                    source=given, record="line 1")
    first: dict[str, int] = {}
    for column, name in enumerate(header, start=1):
        if name in first:
            raise UnreadableSourceError(
                f"duplicate column name {name!r} in the header (columns {first[name]} and "
                f"{column}): one column would overwrite the other", source=given, record="line 1")
        first[name] = column
    return header


def _quote_problem(exc: csv.Error, start: int, end: int) -> str:
    """An unbalanced quote as csv (strict) reports it, in our words."""
    if "unexpected end of data" in str(exc):
        return (f"malformed CSV: unbalanced quote: the quoted field opened in the record "
                f"starting on line {start} is never closed")
    return (f"malformed CSV: unbalanced quote: the record starting on line {start} has text "
            f"after a closing quote on line {end} ({exc})")


def _read_csv(data: bytes, given: str, problems: Problems, encoding: str, delimiter: str,
              base: int):
    """Records of a CSV or TSV file, every line accounted for.

    CSV is read with strict quoting: an unbalanced ``"`` (which would
    otherwise swallow every later row into one value) is a bad record named
    by its first line, and reading resumes on the next line. TSV has no
    quoting (IANA text/tab-separated-values), so its values are kept exactly
    as written, quotes included.
    """
    text = data.decode(encoding, errors="surrogateescape").lstrip("\ufeff")
    kind = "TSV" if delimiter == "\t" else "CSV"
    dialect = {"delimiter": delimiter}
    dialect.update({"quoting": csv.QUOTE_NONE} if kind == "TSV" else {"strict": True})
    lines = io.StringIO(text, newline="").readlines()  # the physical lines csv sees
    old_limit = csv.field_size_limit()
    # Article texts exceed the csv module's 128 KiB default field limit;
    # the limit is process-wide, so it is restored afterwards.
    csv.field_size_limit(1 << 30)
    records, labels, numbers = [], [], []
    try:
        head_reader = csv.reader(iter(lines), **dialect)
        header = _csv_header(head_reader, given, encoding, kind)
        if not header:
            return [], [], []
        lineno, k = head_reader.line_num + 1, 0
        while lineno <= len(lines):
            reader = csv.reader(itertools.islice(lines, lineno - 1, None), **dialect)
            start = lineno
            try:
                for row in reader:
                    label, start = f"line {start}", lineno + reader.line_num
                    if not any(cell.strip() for cell in row):
                        continue
                    k += 1
                    if len(row) > len(header):
                        problems.add(base + k, given, label,
                                     f"malformed {kind}: {len(row)} fields, the header has {len(header)}")
                    elif any(_SURROGATE.search(cell) for cell in row):
                        problems.add(base + k, given, label,
                                     f"undecodable bytes (not valid {encoding})")
                    else:
                        records.append(dict(zip(header, row)))
                        labels.append(label)
                        numbers.append(k)
                break
            except csv.Error as exc:
                k += 1
                problems.add(base + k, given, f"line {start}",
                             _quote_problem(exc, start, lineno + reader.line_num - 1))
                lineno = start + 1  # resume on the line after the bad record began
    finally:
        csv.field_size_limit(old_limit)
    return records, labels, numbers


def _head(path: Path, given: str) -> bytes:
    """The first decompressed bytes of a file (up to 8 KiB)."""
    try:
        with contextlib.closing(iter_chunks(path)) as chunks:
            return next(chunks, b"")[:8192]
    except (PermissionError, IsADirectoryError) as exc:
        raise UnreadableSourceError(f"cannot read the file ({exc.strerror or exc})",
                                    source=shown_path(given)) from None


def _check_text(head: bytes, fmt: str, given: str) -> None:
    """Refuse binary data and a JSON array saved as JSON Lines, naming them."""
    if b"\x00" in head:
        # A binary file has no records to skip: it is unreadable as a whole.
        raise UnreadableSourceError(f"binary file (NUL bytes), not {fmt} text", source=given,
                                    record=f"byte offset {head.index(NUL)}")
    if fmt == "jsonl" and head.removeprefix(_BOM).lstrip()[:1] == b"[":
        raise UnreadableSourceError(
            "the file holds a JSON array, not JSON Lines (one object per line); "
            "load it as JSON: format='json' (corpus-tools ingest --format json)",
            source=given, record="line 1")


def _read_source(path: Path, given: str, fmt: str, encoding: str):
    """The bytes to parse: ``(data, lines, encoding, declared)``.

    ``data`` is the whole decompressed file for CSV, TSV and JSON; JSON
    Lines is streamed later (``data`` empty, ``lines`` None) unless a
    UTF-16/32 byte-order mark made us re-encode it, when ``lines`` holds
    its lines. ``declared`` names the encoding a byte-order mark set.
    """
    head = _head(path, given) if fmt == "jsonl" else None
    if head is not None and bom_encoding(head) not in ("utf-16", "utf-32"):
        _check_text(head, fmt, given)
        return b"", None, encoding, None
    data, declared = as_utf8(read_file_bytes(path, given), encoding, given)
    if declared:
        encoding = "utf-8"
    _check_text(data[:8192] if fmt == "jsonl" else data, fmt, given)
    if fmt != "jsonl":
        return data, None, encoding, declared
    lines = data.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    return b"", lines, encoding, declared


def resolve_fields(columns: list[str], fields: Mapping[str, str] | None, given: str,
                   aliases: Mapping[str, tuple[str, ...]] = DEFAULT_ALIASES) -> dict[str, str]:
    """Map each documents column to the source field that feeds it.

    Returns ``{source_field: our_name}`` for the fields found. ``fields``
    entries win over aliases; an entry naming an absent field is an error.
    """
    fields = dict(fields or {})
    unknown = sorted(set(fields) - set(DEFAULT_ALIASES))
    if unknown:
        raise ValueError(f"The 'fields' parameter of load_table() maps documents columns "
                         f"{set(DEFAULT_ALIASES)} to source fields. Got unknown key(s) {unknown}.")
    present = set(columns)
    chosen: dict[str, str] = {}
    for ours, names in aliases.items():
        if ours in fields:
            if fields[ours] not in present:
                raise InvalidRecordError(
                    f"fields maps {ours!r} to {fields[ours]!r}, which no record has; "
                    f"fields present: {sorted(present)}", source=given)
            chosen[fields[ours]] = ours
            continue
        for name in names:
            if name in present and name not in chosen and name not in fields.values():
                chosen[name] = ours
                break
    return chosen


def load_table(
    path: str | Path,
    *,
    format: TableFormat | None = None,
    fields: Mapping[str, str] | None = None,
    outlet: str | None = None,
    on_invalid: OnInvalid = "raise",
    doc_id_prefix: str | None = None,
    encoding: str = "utf-8",
    progress: bool = False,
    piece_hook=None,
    dayfirst: bool | None = None,
    date_format: str | None = None,
) -> LoadResult:
    """Load articles from a CSV, TSV, JSON or JSON Lines file.

    Parameters
    ----------
    path : str or Path
        The file. ``.gz``, ``.xz`` and ``.bz2`` files are decompressed (the
        compression is recognised from the file's first bytes).
    format : {"csv", "tsv", "json", "jsonl"}, optional
        Default: from the extension before any compression suffix
        (``articles.jsonl.gz`` is JSON Lines). JSON is an array of objects
        or an object ``{"articles": [...]}``.
    fields : mapping, optional
        Our column name -> the source's field name, e.g.
        ``{"doc_id": "id", "outlet": "source"}``. Columns not given are
        looked up in :data:`DEFAULT_ALIASES` (first present wins): doc_id <-
        doc_id/id/uid, outlet <- outlet/source/publication/publisher, date <-
        date/published/publish_date/pub_date, title <- title/headline, text <-
        text/body/content.
    outlet : str, optional
        The outlet of records that give none (or of all, if the source has
        no outlet field).
    on_invalid : {"raise", "skip"}, default="raise"
        What to do with a bad record: raise
        :class:`~corpus_tools.errors.InvalidRecordError`, or leave it out and
        list it in ``LoadResult.skipped``. A record with an unparseable date
        is kept with ``date`` NaT in skip mode and listed with a reason
        starting ``"kept, date set to NaT:"``.
    doc_id_prefix : str, optional
        Put before every doc_id (useful when combining corpora).
    encoding : str, default="utf-8"
        Text encoding of the (decompressed) file.
    progress : bool, default=False
        Show a progress bar (tqdm) over the bytes of a JSON Lines file as
        they are read; other formats are read in one go.
    piece_hook : callable, optional
        Called as ``piece_hook(key, table)`` with each piece of a JSON Lines
        file that the Arrow reader parses (a :class:`pyarrow.Table` of the
        raw records), as the pieces come; sorted by key, the pieces are in
        file order. For work that can start before the whole file is read
        (:func:`~corpus_tools.corpus.build.build_corpus` normalises with it). Not
        called when the careful reader reads the file.
    dayfirst : bool, optional
        Read numeric dates (``03/02/2020``, ``04.03.2020``) day-first (True)
        or month-first (False). Default: decided once for the whole load
        from the values that can only be read one way; contradicting values
        raise :class:`~corpus_tools.errors.DateFormatError` (in both modes).
        The order used is stated in ``sources[i]["date_order"]``.
    date_format : str, optional
        A ``strptime`` format for every date (``"%d.%m.%Y"``); overrides
        ``dayfirst``. A value that does not match is an unparseable date.

    Returns
    -------
    LoadResult
        ``documents``, ``skipped`` and ``sources`` (see :class:`LoadResult`).

    Raises
    ------
    FileNotFoundError
        The file does not exist.
    EmptySourceError
        The file holds no records.
    InvalidRecordError
        A bad record in raise mode; in both modes, a file that cannot be read
        as a whole (binary data, a broken JSON array, no text field, no
        outlet field and no ``outlet=``).
    UnreadableSourceError
        In both modes: truncated or corrupt compressed data, a file that
        cannot be read, a repeated column name in a CSV/TSV header, a JSON
        array in a ``.jsonl`` file, invalid UTF-16/32 after a byte-order mark.
    DateFormatError
        In both modes: day-first and month-first dates in the same load.

    Notes
    -----
    Without a doc_id field, ``doc_id`` is ``"<file stem>:<n>"``: the file
    name without format and compression suffixes and ``n`` = the line number
    (JSON Lines), the 1-based data row (CSV/TSV, header not counted) or the
    1-based array position (JSON). A doc_id field with a missing value is a
    bad record. Source fields named like a documents column but not used as
    one (e.g. a source's own ``date_raw``) are kept as ``<name>_orig``.
    CSV/TSV values are kept as strings exactly as written: CSV quoting is
    strict (an unbalanced quote is a bad record named by the line it opens
    on, and reading resumes on the next line) and TSV has no quoting.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import corpus_tools as ct
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "news.jsonl").write_text(
    ...     '{"id": "a1", "source": "Daily Bugle", "date": "2020-03-01", "title": "Hi",'
    ...     ' "text": "Web found.", "topic": "city"}\\n', encoding="utf-8")
    >>> result = ct.load_table(folder / "news.jsonl")
    >>> result.documents.columns.tolist()
    ['doc_id', 'outlet', 'date', 'title', 'text', 'date_raw', 'topic']
    >>> result.documents.loc[0, "outlet"], str(result.documents.loc[0, "date"].date())
    ('Daily Bugle', '2020-03-01')
    """
    problems = Problems(on_invalid, "load_table")
    if format is not None:
        check_option(format, "format", _FORMATS, "load_table")
    given = str(path)
    path = check_exists(Path(path), "load_table")
    if path.is_dir():
        raise IsADirectoryError(f"load_table(): {given!r} is a folder; give one file "
                                "(or use load() to dispatch on a folder)")
    fmt = format or table_format(path)
    if fmt is None:
        raise ValueError(f"load_table(): cannot tell the format of {given!r} from its extension; "
                         f"pass format= one of {_FORMATS}")
    # hashlib releases the GIL: the file's sha256 is taken while it is read
    source_record = in_background(file_record, path, given, fmt)

    data, lines, encoding, declared = _read_source(path, given, fmt, encoding)
    fast = None
    bar = _byte_bar(path, progress and fmt == "jsonl")
    if fmt == "jsonl" and lines is None:
        core_names = set(RESERVED).union(*DEFAULT_ALIASES.values(), (fields or {}).values())
        fast = _read_jsonl_fast(path, encoding, core_names, bar, piece_hook)
    if fast is not None:
        raw, labels, numbers = fast
    else:
        if fmt == "jsonl":
            bar.reset()  # the careful reader starts again from the top
            records, labels, numbers = _read_jsonl(path, given, problems, encoding, 0, bar, lines)
        elif fmt == "json":
            records, labels, numbers = _read_json(data, given, problems, encoding, 0)
        else:
            delimiter = "\t" if fmt == "tsv" else ","
            records, labels, numbers = _read_csv(data, given, problems, encoding, delimiter, 0)
        raw = columns_from_records(records)
    bar.close()
    records = numbers  # only its length matters from here on
    require_records(len(records) + len(problems.rows), given)

    chosen = resolve_fields(list(raw), fields, given)
    if "text" not in chosen.values() and records:
        raise InvalidRecordError(
            f"no text field (looked for {', '.join(DEFAULT_ALIASES['text'])}; "
            f"fields present: {sorted(raw)}); name it with fields={{'text': ...}}",
            source=given)
    if "outlet" not in chosen.values() and outlet is None and records:
        raise InvalidRecordError(
            f"no outlet field (looked for {', '.join(DEFAULT_ALIASES['outlet'])}; "
            f"fields present: {sorted(raw)}); name it with fields={{'outlet': ...}} "
            "or give outlet= for all records", source=given)
    renames = rename_collisions(list(raw), set(chosen))
    renames.update({src: ("date_raw" if ours == "date" else ours) for src, ours in chosen.items()})
    raw = {renames.get(k, k): v for k, v in raw.items()}

    stem = _stem(path)
    prefix = doc_id_prefix or ""
    if "doc_id" in raw and is_arrow(raw["doc_id"]):
        ids = raw["doc_id"]
        if prefix:
            ids = pc.binary_join_element_wise(prefix, ids, "")
        raw["doc_id"] = pc.if_else(pa.array(arrow_blank(raw["doc_id"])), pa.scalar(None, ids.type), ids)
    elif "doc_id" in raw:
        raw["doc_id"] = [None if _missing(v) else prefix + _as_id(v) for v in raw["doc_id"]]
    raw[_SRC] = [given] * len(records)
    raw[_REC] = labels
    raw[_POS] = numbers
    raw[_AUTO] = [f"{prefix}{stem}:{k}" for k in numbers]
    record = source_record()
    if declared:
        record["encoding"] = declared
    return finish(raw, problems, what=f"load_table({given!r})", outlet=outlet, sources=[record],
                  dayfirst=dayfirst, date_format=date_format)
