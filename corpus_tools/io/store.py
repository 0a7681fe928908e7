"""The corpus folder on disk: Parquet files plus ``corpus.json``.

One job: write and read the files of a saved corpus, as Arrow tables and
numpy arrays; it knows nothing of the :class:`~corpus_tools.corpus.corpus.Corpus`
object built from them. Files: ``documents.parquet``, ``tokens.parquet``
(every token id, one flat ``int32`` column), ``offsets.parquet`` (each
document's first token, plus the total), ``sentences.parquet``,
``vocab.parquet`` (form, lower_id, is_word), ``lower_vocab.parquet`` and
``corpus.json`` (format version, provenance), written last because it is the
file that makes a folder a corpus. The same corpus always gives the same bytes.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from .._compat import str_types_mapper
from ..errors import CorpusToolsError, DataMissingError

__all__ = ["FORMAT_VERSION", "TABLES", "documents_table", "store_tables", "write_tables", "write_meta",
           "read_corpus_folder"]

FORMAT_VERSION = 1
TABLES = ("documents", "tokens", "offsets", "sentences", "vocab", "lower_vocab")
"""The Parquet files of a corpus folder (``NAME.parquet``), besides ``corpus.json``."""

# Corpus.save in parts, so that build_corpus(out=...) can write the documents
# table while the texts are being tokenised.

# LZ4: a third of the raw size, and it reads back at memory speed.
_PARQUET = dict(compression="lz4", write_statistics=False)


def documents_table(documents: pd.DataFrame):
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


def write_meta(folder: Path, provenance: dict) -> None:
    """Write ``corpus.json``: the file that makes a folder a corpus, so it goes last."""
    meta = {"format": "corpus_tools corpus", "format_version": FORMAT_VERSION, "provenance": provenance}
    (folder / "corpus.json").write_text(json.dumps(meta, indent=2, sort_keys=True, default=str) + "\n",
                                        encoding="utf-8")


def read_corpus_folder(path):
    """Read a folder written by ``Corpus.save``: the documents, the token-store arrays, the provenance.

    Returns
    -------
    documents : pandas.DataFrame
    arrays : dict
        ``ids, offsets, vocab, lower, lower_vocab, is_word, sentence_starts``
        (the fields of :class:`~corpus_tools.corpus.corpus.TokenStore`).
    provenance : dict

    Raises
    ------
    DataMissingError
        When the folder or one of its files is absent.
    CorpusToolsError
        When ``corpus.json`` is not a corpus of a known format version.
    """
    import pyarrow.parquet as pq

    folder = Path(path)
    meta_path = folder / "corpus.json"
    if not meta_path.is_file():
        raise DataMissingError(f"{folder}: no corpus.json here; is this a saved corpus folder?")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("format_version") != FORMAT_VERSION:
        raise CorpusToolsError(
            f"{meta_path}: corpus format version {meta.get('format_version')!r} is not "
            f"{FORMAT_VERSION}; rebuild the corpus with this version of corpus_tools"
        )
    for name in TABLES:
        if not (folder / f"{name}.parquet").is_file():
            raise DataMissingError(f"{folder}: {name}.parquet is missing")
    documents = pq.read_table(folder / "documents.parquet").to_pandas(types_mapper=str_types_mapper)
    vocab_table = pq.read_table(folder / "vocab.parquet")
    arrays = dict(
        ids=pq.read_table(folder / "tokens.parquet").column("id").to_numpy().astype(np.int32, copy=False),
        offsets=pq.read_table(folder / "offsets.parquet").column("offset").to_numpy()
        .astype(np.int64, copy=False),
        vocab=np.asarray(vocab_table.column("form").to_pylist(), dtype=object),
        lower=vocab_table.column("lower_id").to_numpy().astype(np.int32, copy=False),
        lower_vocab=np.asarray(pq.read_table(folder / "lower_vocab.parquet").column("form").to_pylist(),
                               dtype=object),
        is_word=vocab_table.column("is_word").to_numpy(zero_copy_only=False).astype(bool, copy=False),
        sentence_starts=pq.read_table(folder / "sentences.parquet").column("start").to_numpy()
        .astype(np.int64, copy=False),
    )
    return documents, arrays, meta.get("provenance", {})
