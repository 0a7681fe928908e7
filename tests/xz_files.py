"""Build .xz files of several blocks for the tests (Python's lzma writes one block).

Each part is compressed on its own; the blocks are then put in one stream
under one index, as ``xz -T0`` or ``xz --block-size`` would write them.
``lzma.decompress`` checks the result (block checks, index and footer CRCs).
"""

from __future__ import annotations

import lzma
import struct

from corpus_tools.io.loaders._decompress import _read_varint, _xz_index_and_footer  # lzma.decompress checks the result


def multi_block_xz(parts: list[bytes], check: int = lzma.CHECK_CRC64) -> bytes:
    """One .xz stream with one block per part."""
    header, blocks, records = b"", [], []
    for part in parts:
        stream = lzma.compress(part, format=lzma.FORMAT_XZ, check=check)
        header = stream[:12]
        index_size = (struct.unpack("<I", stream[-8:-4])[0] + 1) * 4
        index = stream[-12 - index_size:-12]
        count, pos = _read_varint(index, 1)
        assert count == 1
        unpadded, pos = _read_varint(index, pos)
        uncompressed, _pos = _read_varint(index, pos)
        blocks.append(stream[12:-12 - index_size])
        records.append((unpadded, uncompressed))
    data = header + b"".join(blocks) + _xz_index_and_footer(records, header[6:8])
    assert lzma.decompress(data) == b"".join(parts)
    return data
