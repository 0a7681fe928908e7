"""The background decompression reader: same bytes as a plain read, in order, for every format."""

from __future__ import annotations

import bz2
import gzip
import lzma
import os
import threading

import pytest

from corpus_tools.errors import UnreadableSourceError
from corpus_tools.io.loaders._decompress import iter_chunks, xz_blocks
from xz_files import multi_block_xz

PARTS = [os.urandom(3000) + bytes(range(256)) * k for k in (1, 40, 3, 0, 7)]
WHOLE = b"".join(PARTS)


def read_all(path, **options) -> bytes:
    chunks = list(iter_chunks(path, **options))
    assert all(chunks)  # no empty chunks
    return b"".join(chunks)


@pytest.mark.parametrize("threads", [1, 2, 8])
@pytest.mark.parametrize("chunk_size", [1, 1000, 1 << 20])
def test_multi_block_xz_in_order(tmp_path, threads, chunk_size):
    path = tmp_path / "parts.xz"
    path.write_bytes(multi_block_xz(PARTS))
    blocks = xz_blocks(path)
    assert [u for _o, _p, u in blocks] == [len(p) for p in PARTS]
    assert blocks[0][0] == 12
    assert read_all(path, threads=threads, chunk_size=chunk_size) == WHOLE


@pytest.mark.parametrize("check", [lzma.CHECK_NONE, lzma.CHECK_CRC32, lzma.CHECK_CRC64, lzma.CHECK_SHA256])
def test_multi_block_xz_every_check(tmp_path, check):
    path = tmp_path / "parts.xz"
    path.write_bytes(multi_block_xz(PARTS, check=check))
    assert len(xz_blocks(path)) == len(PARTS)
    assert read_all(path) == WHOLE


@pytest.mark.parametrize("make, splittable", [
    (lambda: lzma.compress(WHOLE), False),  # one block: nothing to split
    (lambda: lzma.compress(PARTS[0]) + lzma.compress(PARTS[1]), False),  # two streams
    (lambda: multi_block_xz(PARTS) + multi_block_xz(PARTS[:2]), False),
    (lambda: multi_block_xz(PARTS), True),
])
def test_xz_files_that_cannot_be_split_read_whole(tmp_path, make, splittable):
    data = make()
    path = tmp_path / "f.xz"
    path.write_bytes(data)
    blocks = xz_blocks(path)
    assert (blocks is not None and len(blocks) > 1) == splittable
    assert read_all(path) == lzma.decompress(data)


@pytest.mark.parametrize("compress", [gzip.compress, bz2.compress, lambda b: b])
def test_other_formats(tmp_path, compress):
    path = tmp_path / "f.bin"
    path.write_bytes(compress(WHOLE) + compress(PARTS[1]))  # concatenated streams are followed
    assert read_all(path, chunk_size=999) == WHOLE + PARTS[1]


def test_corrupt_block_raises(tmp_path):
    data = bytearray(multi_block_xz(PARTS))
    data[12 + 40] ^= 0xFF  # inside the first block's compressed data
    path = tmp_path / "bad.xz"
    path.write_bytes(bytes(data))
    with pytest.raises(UnreadableSourceError, match=r"bad\.xz: corrupt or truncated xz data"):
        read_all(path)


def test_truncated_file_raises(tmp_path):
    path = tmp_path / "cut.xz"
    path.write_bytes(multi_block_xz(PARTS)[:-200])
    with pytest.raises(UnreadableSourceError, match=r"cut\.xz.*(corrupt or )?truncated"):
        read_all(path)


def test_stopping_early_leaves_no_thread_behind(tmp_path):
    path = tmp_path / "parts.xz"
    path.write_bytes(multi_block_xz(PARTS * 4))
    before = threading.active_count()
    reader = iter_chunks(path, chunk_size=100, threads=2)
    next(reader)
    reader.close()
    assert threading.active_count() == before
