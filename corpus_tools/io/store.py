"""The corpus folder on disk: Parquet files plus ``corpus.json``.

One job: write and read the files of a saved corpus, as Arrow tables and
numpy arrays; it knows nothing of the :class:`~corpus_tools.corpus.corpus.Corpus`
object built from them. Files: ``documents.parquet``, ``tokens.parquet``
(every token id, one flat ``int32`` column), ``offsets.parquet`` (each
document's first token, plus the total), ``sentences.parquet``,
``vocab.parquet`` (form, lower_id, is_word), ``lower_vocab.parquet`` and
``corpus.json`` (format version, provenance, row counts, each file's size and
Parquet-footer sha256, and its own sha256), written last because it is the
file that makes a folder a corpus. The same corpus always gives the same bytes.

Integrity: every Parquet page carries a CRC32 (``write_page_checksum``), checked
on read; the footers, sizes and row counts are checked against ``corpus.json``;
the token-store invariants by :func:`check_arrays`. Together they cost a few
tens of milliseconds for 42M tokens, and a damaged byte anywhere gives a
:class:`~corpus_tools.errors.CorpusFolderError` naming the file. Folders are
written atomically (:func:`corpus_folder`, :mod:`corpus_tools.io.atomic`).
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .atomic import atomic_folder, has_marker
from ..errors import CorpusFolderError, CorpusToolsError, DataMissingError

__all__ = ["FORMAT_VERSION", "TABLES", "check_arrays", "corpus_folder", "documents_table", "is_corpus_folder",
           "meta_digest", "read_corpus_folder", "read_document_columns", "store_counts", "store_tables",
           "write_tables", "write_meta"]

FORMAT_VERSION = 2
TABLES = ("documents", "tokens", "offsets", "sentences", "vocab", "lower_vocab")
"""The Parquet files of a corpus folder (``NAME.parquet``), besides ``corpus.json``."""

# numpy, pandas and the Arrow helpers are imported inside the functions that use them,
# so that `corpus-tools info` can check corpus.json without them.

# Corpus.save in parts, so that build_corpus(out=...) can write the documents
# table while the texts are being tokenised.

# LZ4: a third of the raw size, and it reads back at memory speed.
# Page checksums (CRC32) let a reader find a damaged page; corpus.json covers the footers.
_PARQUET = dict(compression="lz4", write_statistics=False, write_page_checksum=True)


def documents_table(documents):
    """``(Arrow table, write options)`` of ``documents.parquet``."""
    import pyarrow as pa

    # Row groups of 4096 documents let the reader decompress texts in parallel.
    return pa.Table.from_pandas(documents, preserve_index=False), dict(row_group_size=4096)


def store_tables(t) -> dict:
    """``{file name: (Arrow table, write options)}`` of a token store's files (any object with its arrays)."""
    import pyarrow as pa

    return {
        # Token ids as one flat int32 column in row groups of 4M tokens (read in
        # parallel), plus each document's offsets: the list<int32> layout, split.
        # Not compressed: LZ4 saves a third of the bytes but costs more time
        # to write (0.7 s against 0.25 s for 42M ids) than it saves on reading.
        "tokens": (pa.table({"id": pa.array(t.ids, type=pa.int32())}),
                   dict(use_dictionary=False, row_group_size=1 << 22, compression="none")),
        "offsets": (pa.table({"offset": pa.array(t.offsets, type=pa.int64())}),
                    dict(use_dictionary=False)),
        "sentences": (pa.table({"start": pa.array(t.sentence_starts)}), {}),
        "vocab": (pa.table({"form": pa.array(t.vocab.tolist(), pa.string()),
                            "lower_id": pa.array(t.lower), "is_word": pa.array(t.is_word)}), {}),
        "lower_vocab": (pa.table({"form": pa.array(t.lower_vocab.tolist(), pa.string())}), {}),
    }


def write_tables(folder: Path, tables: dict) -> None:
    """Write ``{name: (table, options)}`` as ``folder/name.parquet``."""
    import pyarrow.parquet as pq

    if len(tables) == 1:
        (name, (table, extra)), = tables.items()
        pq.write_table(table, folder / f"{name}.parquet", **{**_PARQUET, **extra})
        return
    # Arrow compresses and writes without the GIL: the files go out in parallel.
    with ThreadPoolExecutor(max_workers=min(4, len(tables))) as pool:
        done = [pool.submit(pq.write_table, table, folder / f"{name}.parquet", **{**_PARQUET, **extra})
                for name, (table, extra) in tables.items()]
        for future in done:
            future.result()


def store_counts(n_documents: int, t) -> dict:
    """The row count of every table, recorded in ``corpus.json`` and checked on load."""
    return {"documents": int(n_documents), "tokens": int(len(t.ids)), "offsets": int(len(t.offsets)),
            "sentences": int(len(t.sentence_starts)), "vocab": int(len(t.vocab)),
            "lower_vocab": int(len(t.lower_vocab))}


def _footer(path: Path) -> bytes:
    """The Parquet footer (file metadata, its length, ``PAR1``): what page checksums do not cover."""
    with open(path, "rb") as fh:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        if size < 12:
            return b""
        fh.seek(size - 8)
        tail = fh.read(8)
        length = int.from_bytes(tail[:4], "little")
        if tail[4:] != b"PAR1" or length > size - 12:
            return tail
        fh.seek(size - 8 - length)
        return fh.read(length) + tail


def _file_record(path: Path) -> dict:
    return {"bytes": path.stat().st_size, "footer_sha256": hashlib.sha256(_footer(path)).hexdigest(),
            "crc32": _file_crc(path)}


def _file_crc(path: Path) -> int:
    """CRC32 of a whole file: checks columns a load leaves unread (see ``defer``) without decoding them."""
    crc = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 24):
            crc = zlib.crc32(chunk, crc)
    return crc


def _meta_digest(meta: dict) -> str:
    """sha256 of ``corpus.json`` without its own digest, in canonical JSON."""
    body = {k: v for k, v in meta.items() if k != "meta_sha256"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")).hexdigest()


def write_meta(folder: Path, provenance: dict, counts: dict) -> None:
    """Write ``corpus.json``: the file that makes a folder a corpus, so it goes last.

    Besides the provenance it records each table's row count, each file's
    size and the sha256 of its Parquet footer (the pages carry CRC32
    checksums of their own), and a sha256 of itself, so that
    :func:`read_corpus_folder` finds any damaged byte.
    """
    files = {f"{name}.parquet": _file_record(folder / f"{name}.parquet") for name in TABLES}
    meta = {"format": "corpus_tools corpus", "format_version": FORMAT_VERSION, "provenance": provenance,
            "counts": counts, "files": files}
    # Through JSON once, so that the digest is over exactly what a reader parses.
    meta = json.loads(json.dumps(meta, default=str))
    meta["meta_sha256"] = _meta_digest(meta)
    text = json.dumps(meta, indent=2, sort_keys=True) + "\n"
    (folder / "corpus.json").write_text(text, encoding="utf-8")


def _damaged(path: Path, problem: str) -> CorpusFolderError:
    return CorpusFolderError(f"{path}: {problem}; the corpus folder is damaged (rebuild it, or restore a copy)")


def _read_meta(folder: Path) -> dict:
    """``corpus.json``, checked: JSON object, format, version, its own digest."""
    meta_path = folder / "corpus.json"
    if not meta_path.is_file():
        raise DataMissingError(f"{folder}: no corpus.json here; is this a saved corpus folder?")
    try:
        meta = json.loads(meta_path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise _damaged(meta_path, f"not valid JSON ({error})") from None
    if not isinstance(meta, dict):
        raise _damaged(meta_path, f"holds a JSON {type(meta).__name__}, not an object")
    version = meta.get("format_version")
    if version == 1 and "meta_sha256" not in meta:
        return meta  # written before checksums: the invariants are still checked
    if version != FORMAT_VERSION:
        raise CorpusToolsError(
            f"{meta_path}: corpus format version {version!r} is not "
            f"{FORMAT_VERSION}; rebuild the corpus with this version of corpus_tools"
        )
    if meta.get("meta_sha256") != _meta_digest(meta):
        raise _damaged(meta_path, "its content does not match its checksum (meta_sha256)")
    for key, kind in (("provenance", dict), ("counts", dict), ("files", dict)):
        if not isinstance(meta.get(key), kind):
            raise _damaged(meta_path, f"{key!r} is not a JSON object")
    return meta


def _read_table(path: Path, record: dict | None, skip: tuple = ()):
    """A Parquet file (without the columns in ``skip``), its size, footer and page checksums checked."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not path.is_file():
        raise DataMissingError(f"{path.parent}: {path.name} is missing")
    if record is not None:
        if path.stat().st_size != record.get("bytes"):
            raise _damaged(path, f"{path.stat().st_size} bytes, corpus.json says {record.get('bytes')}")
        if hashlib.sha256(_footer(path)).hexdigest() != record.get("footer_sha256"):
            raise _damaged(path, "its Parquet footer does not match the checksum in corpus.json")
    try:
        columns = None
        if skip:
            columns = [name for name in pq.read_schema(path).names if name not in skip]
        return pq.read_table(path, columns=columns, page_checksum_verification=record is not None)
    except (OSError, pa.ArrowException, ValueError) as error:
        raise _damaged(path, f"does not read as Parquet ({str(error).splitlines()[0] if str(error) else error})") \
            from None


def _column(table, path: Path, name: str, kinds: tuple):
    """A column as numpy, of one of the Arrow types ``kinds`` (names such as ``"int32"``)."""
    if name not in table.column_names:
        raise _damaged(path, f"no column {name!r}")
    column = table.column(name)
    if str(column.type) not in kinds:
        raise _damaged(path, f"column {name!r} is {column.type}, not {' or '.join(kinds)}")
    if column.null_count:
        raise _damaged(path, f"column {name!r} has missing values")
    return column


def read_corpus_folder(path, *, defer: tuple = ()):
    """Read a folder written by ``Corpus.save``: the documents, the token-store arrays, the provenance.

    ``defer`` names documents columns (``("text",)``) left out, for
    :func:`read_document_columns` to read when they are first needed: most
    analyses need the token store and the metadata, not the texts, which are
    most of the bytes. The whole file is still checked, against the CRC32
    ``corpus.json`` records (a folder written before that record existed
    has every column read).

    Every file is checked (sizes, Parquet footers and page checksums against
    ``corpus.json``), and so is every invariant of the token store (see
    :func:`check_arrays`); a damaged folder raises one error naming the file.

    Returns
    -------
    documents : pandas.DataFrame
        Without the ``defer`` columns, when they could be deferred.
    arrays : dict
        ``ids, offsets, vocab, lower, lower_vocab, is_word, sentence_starts``
        (the fields of :class:`~corpus_tools.corpus.corpus.TokenStore`).
    provenance : dict

    Raises
    ------
    DataMissingError
        When the folder or one of its files is absent.
    CorpusFolderError
        When a file is damaged or the arrays break an invariant.
    CorpusToolsError
        When ``corpus.json`` is not a corpus of a known format version.
    """
    import numpy as np

    from .._compat import str_types_mapper

    folder = Path(path)
    meta = _read_meta(folder)
    files = meta.get("files")
    for name in TABLES:
        if not (folder / f"{name}.parquet").is_file():
            raise DataMissingError(f"{folder}: {name}.parquet is missing")
    if files is not None:
        for name in TABLES:
            if not isinstance(files.get(f"{name}.parquet"), dict):
                raise _damaged(folder / "corpus.json", f"no checksum of {name}.parquet")
    paths = {name: folder / f"{name}.parquet" for name in TABLES}
    crc = None if files is None else files["documents.parquet"].get("crc32")
    if crc is None:
        defer = ()  # written before whole-file checksums: read (and check) every column now
    elif defer and _file_crc(paths["documents"]) != crc:
        raise _damaged(paths["documents"], "its content does not match the checksum in corpus.json (crc32)")
    # Arrow reads (and verifies) without the GIL: the files in parallel.
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {name: pool.submit(_read_table, paths[name], None if files is None else files[f"{name}.parquet"],
                                     defer if name == "documents" else ())
                   for name in TABLES}
        tables = {name: future.result() for name, future in futures.items()}
    try:
        documents = tables["documents"].to_pandas(types_mapper=str_types_mapper)
    except (ValueError, TypeError) as error:  # pragma: no cover - a table pyarrow read but cannot convert
        raise _damaged(paths["documents"], f"does not convert to a table ({error})") from None
    vocab = tables["vocab"]
    p = paths
    arrays = dict(
        ids=_column(tables["tokens"], p["tokens"], "id", ("int32",)).to_numpy(),
        offsets=_column(tables["offsets"], p["offsets"], "offset", ("int64",)).to_numpy(),
        vocab=np.asarray(_column(vocab, p["vocab"], "form", ("string", "large_string")).to_pylist(), dtype=object),
        lower=_column(vocab, p["vocab"], "lower_id", ("int32",)).to_numpy(),
        lower_vocab=np.asarray(_column(tables["lower_vocab"], p["lower_vocab"], "form",
                                       ("string", "large_string")).to_pylist(), dtype=object),
        is_word=_column(vocab, p["vocab"], "is_word", ("bool",)).to_numpy(),
        sentence_starts=_column(tables["sentences"], p["sentences"], "start", ("int64",)).to_numpy(),
    )
    check_arrays(arrays, len(documents), folder)
    counts = meta.get("counts")
    if counts is not None:
        found = store_counts(len(documents), _Arrays(arrays))
        for name, n in found.items():
            if counts.get(name) != n:
                raise _damaged(paths.get(name, folder / "corpus.json"),
                               f"{n} rows, corpus.json says {counts.get(name)}")
    provenance = meta.get("provenance", {})
    if not isinstance(provenance, dict):
        raise _damaged(folder / "corpus.json", "'provenance' is not a JSON object")
    return documents, arrays, provenance


def meta_digest(path) -> str | None:
    """The ``meta_sha256`` of a corpus folder's ``corpus.json`` (what :func:`read_document_columns` expects)."""
    return _read_meta(Path(path)).get("meta_sha256")


def read_document_columns(path, names, *, expect: str | None = None) -> "pd.DataFrame":
    """Columns of a corpus folder's ``documents.parquet`` (one row per document), checked like the rest.

    The file is checked against ``corpus.json`` again (size, footer) and its
    pages against their checksums; with ``expect`` (a :func:`meta_digest`
    taken at load time), a folder saved again since then is refused.
    """
    from .._compat import str_types_mapper

    folder = Path(path)
    meta = _read_meta(folder)
    if expect is not None and meta.get("meta_sha256") != expect:
        raise CorpusFolderError(f"{folder / 'corpus.json'}: the corpus was saved again since it was loaded; "
                                "load it again")
    files = meta.get("files")
    record = None if files is None else files.get("documents.parquet")
    import pyarrow.parquet as pq

    doc_path = folder / "documents.parquet"
    try:
        others = tuple(name for name in pq.read_schema(doc_path).names if name not in names)
    except OSError:
        others = ()  # _read_table names the problem
    table = _read_table(doc_path, record, others)
    missing = [name for name in names if name not in table.column_names]
    if missing:
        raise _damaged(folder / "documents.parquet", f"no column(s) {missing}")
    return table.select(list(names)).to_pandas(types_mapper=str_types_mapper)


class _Arrays:
    def __init__(self, arrays):
        self.__dict__.update(arrays)


def check_arrays(a: dict, n_documents: int, folder) -> None:
    """Raise :class:`CorpusFolderError` unless the token-store arrays are consistent.

    Checked: ids inside the vocabulary; offsets start at 0, never decrease
    and end at the token count, one per document plus one; sentence starts
    ascending, inside the token array, and every non-empty document begins
    one; lower ids inside the lower vocabulary, one per form, as the word
    flags are. numpy over the arrays: a few tens of ms for 40M tokens.

    Examples
    --------
    >>> import numpy as np
    >>> arrays = dict(ids=np.array([0, 2], np.int32), offsets=np.array([0, 2]), vocab=np.array(["a", "b"]),
    ...               lower=np.array([0, 1], np.int32), lower_vocab=np.array(["a", "b"]),
    ...               is_word=np.array([True, True]), sentence_starts=np.array([0]))
    >>> check_arrays(arrays, 1, "c")
    Traceback (most recent call last):
    ...
    corpus_tools.errors.CorpusFolderError: c/tokens.parquet: token id 2 is outside the vocabulary of 2 forms; ...
    """
    import numpy as np

    folder = Path(folder)
    ids, offsets, starts = a["ids"], a["offsets"], a["sentence_starts"]
    n_vocab = len(a["vocab"])

    def fail(name, problem):
        raise _damaged(folder / f"{name}.parquet", problem)

    # As unsigned, a negative id is huge: one pass finds both kinds of bad id.
    if len(ids) and ids.view(np.uint32).max() >= n_vocab:
        bad = ids.min() if ids.min() < 0 else ids.max()
        fail("tokens", f"token id {bad} is outside the vocabulary of {n_vocab} forms")
    if len(offsets) != n_documents + 1:
        fail("offsets", f"{len(offsets)} offsets for {n_documents} documents (want one more)")
    if offsets[0] != 0 or offsets[-1] != len(ids):
        fail("offsets", f"offsets run from {offsets[0]} to {offsets[-1]}, not from 0 to the {len(ids)} tokens")
    lengths = np.diff(offsets)
    if (lengths < 0).any():
        fail("offsets", f"offsets decrease at document {int(np.argmax(lengths < 0))}")
    if len(starts) and (starts[0] < 0 or starts[-1] >= len(ids) or (np.diff(starts) <= 0).any()):
        fail("sentences", "sentence starts are not ascending positions inside the token array")
    firsts = offsets[:-1][lengths > 0]
    # Both ascending: where each document's first token would go among the starts.
    at = np.minimum(np.searchsorted(starts, firsts), max(len(starts) - 1, 0))
    if len(firsts) and (len(starts) == 0 or (starts[at] != firsts).any()):
        fail("sentences", "a document does not begin with a sentence")
    if len(a["lower"]) != n_vocab or len(a["is_word"]) != n_vocab:
        fail("vocab", "the lower ids and word flags are not one per form")
    lower = a["lower"]
    if n_vocab and (lower.min() < 0 or lower.max() >= len(a["lower_vocab"])):
        fail("vocab", f"a lower id is outside the lower vocabulary of {len(a['lower_vocab'])} forms")


def is_corpus_folder(folder) -> bool:
    """Does ``folder`` hold a corpus of ours (a ``corpus.json`` of format ``"corpus_tools corpus"``)?"""
    return has_marker(Path(folder), "corpus.json", "corpus_tools corpus")


def corpus_folder(folder, *, overwrite: bool = False,
                  force_hint: str = "pass overwrite=True (--force on the command line)"):
    """:func:`~corpus_tools.io.atomic.atomic_folder` for a corpus: yields the temporary folder to write."""
    return atomic_folder(folder, overwrite=overwrite, is_ours=is_corpus_folder, what="corpus",
                         force_hint=force_hint)
