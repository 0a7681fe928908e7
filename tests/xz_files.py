"""Build .xz files of several blocks for the tests (Python's lzma writes one block).

Each part is compressed on its own; the blocks are then put in one stream
under one index, as ``xz -T0`` or ``xz --block-size`` would write them.
``lzma.decompress`` checks the result (block checks, index and footer CRCs).
"""

from __future__ import annotations

import lzma
import struct
import zlib

from corpus_tools.loaders._decompress import _varint  # lzma.decompress checks what it writes


def _varints(data: bytes, pos: int, count: int) -> tuple[list[int], int]:
    values = []
    for _ in range(count):
        value = shift = 0
        while True:
            byte = data[pos]
            pos += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        values.append(value)
    return values, pos


def multi_block_xz(parts: list[bytes], check: int = lzma.CHECK_CRC64) -> bytes:
    """One .xz stream with one block per part."""
    header, blocks, records = b"", [], []
    for part in parts:
        stream = lzma.compress(part, format=lzma.FORMAT_XZ, check=check)
        header = stream[:12]
        index_size = (struct.unpack("<I", stream[-8:-4])[0] + 1) * 4
        index = stream[-12 - index_size:-12]
        (count, unpadded, uncompressed), _pos = _varints(index, 1, 3)
        assert count == 1
        blocks.append(stream[12:-12 - index_size])
        records.append(_varint(unpadded) + _varint(uncompressed))
    index = b"\x00" + _varint(len(parts)) + b"".join(records)
    index += b"\x00" * (-len(index) % 4)
    index += struct.pack("<I", zlib.crc32(index))
    backward = struct.pack("<I", len(index) // 4 - 1) + header[6:8]
    footer = struct.pack("<I", zlib.crc32(backward)) + backward + b"YZ"
    data = header + b"".join(blocks) + index + footer
    assert lzma.decompress(data) == b"".join(parts)
    return data
