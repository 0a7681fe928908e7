"""Decompressed bytes of a file, with the decompression in background threads.

zlib, lzma and bz2 release the GIL while they work, so a reader thread runs
beside the parser: a large ``.jsonl.xz`` loads in about the time of the
slower of the two instead of their sum. An ``.xz`` file of several blocks
(``xz -T0`` writes one every few tens of MB) is decompressed one block per
thread, on all cores; :func:`iter_block_chunks` hands out each block's
chunks as they come, :func:`iter_chunks` the whole file in order.
"""

from __future__ import annotations

import bz2
import lzma
import os
import queue
import struct
import threading
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ...errors import UnreadableSourceError

__all__ = ["iter_block_chunks", "iter_chunks", "xz_blocks"]

_MAGIC = ((b"\x1f\x8b", "gzip"), (b"\xfd7zXZ\x00", "xz"), (b"BZh", "bz2"))
_XZ_FOOTER_MAGIC = b"YZ"
_XZ_CHECK_SIZES = {0x00: 0, 0x01: 4, 0x04: 8, 0x0A: 32}  # none, CRC32, CRC64, SHA-256


def sniff_compression(path: Path) -> str | None:
    """Return "gzip", "xz", "bz2" from the file's magic bytes, else None."""
    with open(path, "rb") as fh:
        head = fh.read(6)
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    return None


def _new_decompressor(kind: str):
    if kind == "gzip":
        return zlib.decompressobj(wbits=31)
    if kind == "xz":
        return lzma.LZMADecompressor()
    return bz2.BZ2Decompressor()


_CORRUPT = (zlib.error, lzma.LZMAError, OSError, EOFError)


def corrupt_error(path: Path, kind: str | None, exc: BaseException, offset: int | None = None):
    """A decompression failure as an UnreadableSourceError naming the file."""
    where = f"byte offset {offset}" if offset is not None else None
    return UnreadableSourceError(f"corrupt or truncated {kind} data ({type(exc).__name__}: {exc})",
                                 source=str(path), record=where)


def _skip_padding(data: bytes, padding: int) -> tuple[bytes, int]:
    """Drop the NUL bytes that may pad between or after compressed streams."""
    stripped = data.lstrip(b"\x00")
    return stripped, padding + len(data) - len(stripped)


def _stream_chunks(path: Path, kind: str | None, size: int) -> Iterator[bytes]:
    """Decompressed chunks of a whole file, fed with large compressed chunks.

    Large chunks mean few calls (each releases the GIL). Concatenated
    streams (``cat a.gz b.gz``) are followed to the end, and so is xz
    stream padding (NUL bytes in multiples of four between or after
    streams, which the format allows). Trailing NUL bytes after gzip or
    bz2 data are accepted, as ``gzip -d`` does. Anything else that is not
    a complete stream raises :class:`~corpus_tools.errors.UnreadableSourceError`
    naming the file and the byte offset: nothing is dropped silently.
    """
    with open(path, "rb") as fh:
        if kind is None:
            while block := fh.read(size):
                yield block
            return
        dec, fed, between, padding, offset = _new_decompressor(kind), False, False, 0, 0
        while data := fh.read(size):
            start = offset
            offset += len(data)
            while data:
                if between:  # after a stream: padding, then maybe another stream
                    data, padding = _skip_padding(data, padding)
                    if not data:
                        break
                    at = offset - len(data)
                    if kind == "xz" and padding % 4:
                        raise UnreadableSourceError(
                            f"xz stream padding of {padding} bytes is not a multiple of 4",
                            source=str(path), record=f"byte offset {at}")
                    if padding and kind != "xz":
                        raise UnreadableSourceError(
                            f"{padding} NUL bytes between two {kind} streams (damaged file)",
                            source=str(path), record=f"byte offset {at - padding}")
                    magic = next(m for m, name in _MAGIC if name == kind)
                    if data[:len(magic)] != magic[:len(data)]:
                        raise UnreadableSourceError(
                            f"data after the end of the {kind} stream is not {kind} data "
                            "(trailing garbage or a damaged file)",
                            source=str(path), record=f"byte offset {at}")
                    between, padding = False, 0
                fed = True
                try:
                    out = dec.decompress(data)
                except _CORRUPT as exc:
                    raise corrupt_error(path, kind, exc, start) from None
                if out:
                    yield out
                data = dec.unused_data if dec.eof else b""
                if dec.eof:
                    tail = dec.flush() if kind == "gzip" else b""
                    if tail:
                        yield tail
                    dec, fed, between = _new_decompressor(kind), False, True
        if fed:  # a stream began and did not end: never a silent loss
            raise UnreadableSourceError(
                f"the {kind} data ends before its end-of-stream marker (a truncated or damaged file)",
                source=str(path), record=f"byte offset {offset}")
        if kind == "xz" and padding % 4:
            raise UnreadableSourceError(
                f"xz stream padding of {padding} bytes is not a multiple of 4",
                source=str(path), record=f"byte offset {offset - padding}")


# ------------------------------------------------------------ xz blocks ----
# The .xz format (tukaani.org/xz/xz-file-format.txt): a stream header of 12
# bytes, the blocks, an index of (unpadded size, uncompressed size) per
# block, and a footer of 12 bytes. Each block wrapped in a header, an index
# of one record and a footer is a valid .xz stream of its own, which
# lzma checks (block check and index) as it decompresses.


def _varint(value: int) -> bytes:
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _read_varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    for k in range(9):
        byte = data[pos + k]
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, pos + k + 1
    raise ValueError("xz index: integer longer than 9 bytes")


def xz_blocks(path: Path) -> list[tuple[int, int, int]] | None:
    """The blocks of a single-stream .xz file: ``(offset, unpadded size, uncompressed size)``.

    The unpadded size is the block's header, data and check, without the
    padding to a multiple of 4 bytes that follows the data.

    None when the file is not one stream of blocks this reader can split
    (several streams, stream padding, an index that does not add up): such
    files are decompressed in one piece, which lzma handles in every case.
    """
    size = os.path.getsize(path)
    if size < 32:
        return None
    with open(path, "rb") as fh:
        header = fh.read(12)
        fh.seek(size - 12)
        footer = fh.read(12)
        if footer[10:] != _XZ_FOOTER_MAGIC or footer[8:10] != header[6:8]:
            return None
        index_size = (struct.unpack("<I", footer[4:8])[0] + 1) * 4
        if index_size > size - 24:
            return None
        fh.seek(size - 12 - index_size)
        index = fh.read(index_size)
    check = _XZ_CHECK_SIZES.get(header[7] & 0x0F)
    if check is None or index[0] != 0 or zlib.crc32(index[:-4]) != struct.unpack("<I", index[-4:])[0]:
        return None
    try:
        count, pos = _read_varint(index, 1)
        blocks, offset = [], 12
        for _ in range(count):
            unpadded, pos = _read_varint(index, pos)
            uncompressed, pos = _read_varint(index, pos)
            blocks.append((offset, unpadded, uncompressed))
            offset += -(-unpadded // 4) * 4
    except (IndexError, ValueError):
        return None
    if offset != size - 12 - index_size:  # stream padding or a second stream
        return None
    return blocks or None


def _xz_index_and_footer(records: list[tuple[int, int]], stream_flags: bytes) -> bytes:
    """The end of an .xz stream: the index of its blocks' ``(unpadded size,
    uncompressed size)`` and the footer, with their CRC32s."""
    index = b"\x00" + _varint(len(records)) + b"".join(_varint(u) + _varint(n) for u, n in records)
    index += b"\x00" * (-len(index) % 4)
    index += struct.pack("<I", zlib.crc32(index))
    backward = struct.pack("<I", len(index) // 4 - 1) + stream_flags
    return index + struct.pack("<I", zlib.crc32(backward)) + backward + _XZ_FOOTER_MAGIC


def _xz_block_stream(header: bytes, block: bytes, unpadded: int, uncompressed: int) -> bytes:
    """One block of an .xz file (with its padding) as an .xz stream of its own."""
    return header + block + _xz_index_and_footer([(unpadded, uncompressed)], header[6:8])


def _xz_block_chunks(stream: bytes, size: int) -> Iterator[bytes]:
    dec = lzma.LZMADecompressor(format=lzma.FORMAT_XZ)
    out = dec.decompress(stream, max_length=size)
    while True:
        if out:
            yield out
        if dec.eof:
            return
        if dec.needs_input:
            raise lzma.LZMAError("xz block ends before its data does (truncated file?)")
        out = dec.decompress(b"", max_length=size)


# ----------------------------------------------------------- the reader ----


def _produce(block: int, source: Iterator[bytes], out: queue.Queue, stop: threading.Event) -> None:
    """Put ``(block, chunk)`` for each chunk of ``source`` on ``out``, then
    ``(block, None)`` (or ``(block, exception)`` if one was raised)."""
    try:
        for chunk in source:
            if stop.is_set():
                return
            out.put((block, chunk))
        out.put((block, None))
    except BaseException as exc:  # handed to the consumer, raised there
        out.put((block, exc))


def _drain(chunks: queue.Queue, done) -> None:
    """Empty a queue until every producer is done (one may wait on a full queue)."""
    while not done():
        try:
            chunks.get(timeout=0.01)
        except queue.Empty:
            pass


def iter_block_chunks(path: Path, *, chunk_size: int = 1 << 20,
                      threads: int | None = None) -> Iterator[tuple[int, bytes | None]]:
    """Yield ``(block, chunk)`` pairs of a file's decompressed bytes as they come.

    A multi-block .xz file is decompressed one block per thread, and the
    chunks of different blocks arrive interleaved; within a block they come
    in order, and ``(block, None)`` says that the block is complete. Every
    other file is one block, 0. Joined block by block, in block order, the
    chunks are the decompressed file.

    Parameters
    ----------
    path : Path
    chunk_size : int, default=1 MiB
        About how much each chunk holds.
    threads : int, optional
        At most this many blocks are decompressed at once; defaults to the
        number of CPUs.
    """
    kind = sniff_compression(path)
    blocks = xz_blocks(path) if kind == "xz" else None
    stop = threading.Event()
    if blocks is not None and len(blocks) > 1:
        # One task per block, started in file order on `threads` workers. The
        # queue is unbounded: chunks the consumer cannot use yet wait there,
        # so at most the decompressed file is held (as a whole read would).
        sources = []
        with open(path, "rb") as fh:
            header = fh.read(12)
            for offset, unpadded, uncompressed in blocks:
                fh.seek(offset)
                block = fh.read(-(-unpadded // 4) * 4)
                sources.append(_xz_block_chunks(_xz_block_stream(header, block, unpadded, uncompressed),
                                                chunk_size))
        chunks: queue.Queue = queue.Queue()
        threads = max(1, threads or os.cpu_count() or 1)
    else:
        sources = [_stream_chunks(path, kind, chunk_size)]
        chunks = queue.Queue(maxsize=16)  # a stream need not be held whole
        threads = 1
    pool = ThreadPoolExecutor(max_workers=min(threads, len(sources)), thread_name_prefix="corpus_tools-reader")
    tasks = [pool.submit(_produce, k, source, chunks, stop) for k, source in enumerate(sources)]
    try:
        for _ in range(len(sources)):
            while True:
                block, chunk = chunks.get()
                if isinstance(chunk, _CORRUPT):  # from an xz block: name the file
                    raise corrupt_error(path, kind, chunk) from chunk
                if isinstance(chunk, BaseException):
                    raise chunk
                yield block, chunk
                if chunk is None:
                    break
    finally:
        stop.set()
        for task in tasks:
            task.cancel()
        _drain(chunks, lambda: all(task.done() for task in tasks))
        pool.shutdown(wait=True)


def iter_chunks(path: Path, *, chunk_size: int = 1 << 20, threads: int | None = None) -> Iterator[bytes]:
    """Yield the decompressed bytes of a (gzip, xz, bz2 or plain) file in order.

    The parameters are those of :func:`iter_block_chunks`.

    Yields
    ------
    bytes
        Non-empty chunks; joined, they are the decompressed file.
    """
    waiting: dict[int, list] = {}
    complete: set[int] = set()
    current = 0
    for block, chunk in iter_block_chunks(path, chunk_size=chunk_size, threads=threads):
        if chunk is None:
            complete.add(block)
        elif block == current:
            yield chunk
        else:
            waiting.setdefault(block, []).append(chunk)
        while current in complete:  # the next blocks, held while they waited
            current += 1
            yield from waiting.pop(current, [])
