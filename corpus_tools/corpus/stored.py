"""Derived indices stored in the corpus folder, so a fresh process need not rebuild them.

The in-memory :class:`~corpus_tools.corpus.cache.DerivedCache` dies with its
process, and researchers call ``corpus-tools`` once per table. So the indices
that cost seconds to build (the term x document counts, the summary ``info``
prints) are also written into the folder a corpus was loaded from, in a
sub-folder of ours, :data:`INDEX_FOLDER`, on first use.

Each index is one file, written to a temporary name and moved into place with
:func:`os.replace` (a reader sees the old file or the new one, never half of
one). It is not part of the corpus's checksum list (``corpus.json``); it
carries its own check instead:

* array indices (``.npz``) record the corpus fingerprint
  (:meth:`~corpus_tools.corpus.corpus.Corpus.fingerprint`), the index's name and
  parameters, and the CRC32 of every array; anything that does not match the
  corpus in memory, or does not read, is rebuilt and rewritten, never used.
* the summary (``summary.json``) is read *without* loading the corpus, so it
  is keyed by the folder stamp (:func:`folder_stamp`: the sha256 of
  ``corpus.json`` and the size and modification time of every Parquet file),
  plus a sha256 of itself.

A corpus saved again (:meth:`Corpus.save` replaces the whole folder) starts with
no stored index. A folder that cannot be written (read-only, full disk) only
costs the rebuild: the index is logged and not stored.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import zlib
from collections.abc import Callable
from pathlib import Path

logger = logging.getLogger(__name__)

__all__ = ["INDEX_FOLDER", "INDEX_FORMAT", "folder_stamp", "index_path", "read_arrays", "read_summary",
           "stored_arrays", "write_arrays", "write_summary"]

INDEX_FOLDER = "_derived"
"""Sub-folder of a corpus folder holding the stored derived indices."""
INDEX_FORMAT = 1
"""Bumped whenever what an index holds changes: older files are then rebuilt."""
_META = "__meta__"


def index_path(folder, name: str, params: dict, suffix: str = ".npz") -> Path:
    """``folder/_derived/NAME-VALUE-VALUE.npz`` (values in the order of their names): one file per index and parameters.

    Examples
    --------
    >>> index_path("corpus", "term_document_counts", {"unit": "lower", "ngram": 1}).as_posix()
    'corpus/_derived/term_document_counts-1-lower.npz'
    """
    parts = [name, *(str(params[k]) for k in sorted(params))]
    stem = "-".join("".join(c if c.isalnum() or c in "_." else "_" for c in p) for p in parts)
    return Path(folder) / INDEX_FOLDER / f"{stem}{suffix}"


def _crc(array) -> int:
    import numpy as np

    return zlib.crc32(memoryview(np.ascontiguousarray(array)).cast("B"))


def _write_atomically(path: Path, write: Callable) -> bool:
    """Write ``path`` via :func:`~corpus_tools.io.atomic.atomic_file`; False (logged) if it cannot be."""
    from ..io.atomic import atomic_file

    try:
        path.parent.mkdir(exist_ok=True)
        with atomic_file(path) as tmp, open(tmp, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        return True
    except OSError as error:
        logger.info("derived index %s not stored: %s", path, error)
        return False


def write_arrays(path, key: dict, arrays: dict) -> bool:
    """Store numeric ``arrays`` with their ``key`` (fingerprint, name, parameters) and CRC32s.

    Returns
    -------
    bool
        Whether the file was written (False when the folder cannot be written).
    """
    import numpy as np

    meta = {"key": key, "crc32": {name: _crc(a) for name, a in arrays.items()},
            "dtypes": {name: str(a.dtype) for name, a in arrays.items()}}
    encoded = np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), dtype=np.uint8)
    return _write_atomically(Path(path), lambda fh: np.savez(fh, **{_META: encoded}, **arrays))


def read_arrays(path, key: dict) -> dict | None:
    """The arrays stored at ``path`` if their key equals ``key`` and every CRC32 matches, else None."""
    import numpy as np

    path = Path(path)
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as archive:
            meta = json.loads(bytes(archive[_META]).decode("utf-8"))
            if meta.get("key") != key:
                logger.info("derived index %s is stale (made for another corpus or settings): rebuilt", path)
                return None
            crcs = meta["crc32"]
            arrays = {name: archive[name] for name in crcs}
    except (OSError, ValueError, KeyError, TypeError, EOFError, zlib.error) as error:
        logger.info("derived index %s does not read (%s): rebuilt", path, error)
        return None
    except Exception as error:  # zipfile.BadZipFile and the like: any damage means rebuild
        logger.info("derived index %s is damaged (%s): rebuilt", path, error)
        return None
    for name, array in arrays.items():
        if _crc(array) != crcs[name] or str(array.dtype) != meta["dtypes"].get(name):
            logger.info("derived index %s: array %r fails its check: rebuilt", path, name)
            return None
    return arrays


def stored_arrays(corpus, name: str, params: dict, build: Callable[[], dict]) -> dict:
    """The arrays of a derived index: read from the corpus folder, or built (and stored there).

    Parameters
    ----------
    corpus : Corpus
        Its :attr:`~corpus_tools.corpus.corpus.Corpus.folder` (set by
        :meth:`Corpus.load`) is where the index is kept; a corpus not loaded
        from a folder (built in memory, a subset) only builds.
    name : str
        The index's name.
    params : dict
        Its parameters (str or int values), part of its key and file name.
    build : callable
        ``build() -> {name: numpy array}`` (numeric arrays only).

    Returns
    -------
    dict of numpy.ndarray
    """
    folder = getattr(corpus, "folder", None)
    if folder is None:
        return build()
    key = {"index": name, "params": {k: params[k] for k in sorted(params)}, "format": INDEX_FORMAT,
           "fingerprint": corpus.fingerprint()}
    path = index_path(folder, name, params)
    arrays = read_arrays(path, key)
    if arrays is None:
        arrays = build()
        write_arrays(path, key, arrays)
    return arrays


# ---------------------------------------------------------------------------
# the summary `corpus-tools info` prints, read without loading the corpus
# ---------------------------------------------------------------------------

def folder_stamp(folder) -> dict:
    """What identifies a saved corpus without reading it: ``corpus.json``'s sha256, each file's size and mtime.

    ``corpus.json`` holds the row counts and Parquet-footer checksums of
    every file; a folder written again gets new files (new modification
    times) as a whole (see :mod:`corpus_tools.io.atomic`).
    """
    folder = Path(folder)
    stamp = {"corpus.json": hashlib.sha256((folder / "corpus.json").read_bytes()).hexdigest()}
    for path in sorted(folder.glob("*.parquet")):
        st = path.stat()
        stamp[path.name] = [st.st_size, st.st_mtime_ns]
    return stamp


def _digest(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")).hexdigest()


def write_summary(folder, summary: dict, fingerprint: str | None = None) -> bool:
    """Store ``summary`` (``Corpus.summary()``) for :func:`read_summary`, keyed by the folder stamp."""
    body = {"format": INDEX_FORMAT, "stamp": folder_stamp(folder), "fingerprint": fingerprint, "summary": summary}
    text = json.dumps({**body, "sha256": _digest(body)}, sort_keys=True) + "\n"
    return _write_atomically(index_path(folder, "summary", {}, ".json"), lambda fh: fh.write(text.encode("utf-8")))


def read_summary(folder) -> dict | None:
    """The stored summary of the corpus in ``folder``, or None if absent, stale or damaged."""
    path = index_path(folder, "summary", {}, ".json")
    try:
        stored = json.loads(path.read_bytes().decode("utf-8"))
        body = {k: v for k, v in stored.items() if k != "sha256"}
        if stored.get("sha256") != _digest(body) or body.get("format") != INDEX_FORMAT:
            logger.info("stored summary %s fails its check: rebuilt", path)
            return None
        if body.get("stamp") != folder_stamp(folder):
            logger.info("stored summary %s is stale (the corpus changed): rebuilt", path)
            return None
        return body["summary"]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, AttributeError, KeyError) as error:
        logger.info("stored summary %s does not read (%s): rebuilt", path, error)
        return None
