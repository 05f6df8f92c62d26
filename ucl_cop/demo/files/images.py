"""PNG and JPEG images, written byte by byte: no imaging library is needed."""

import struct
import zlib
from collections.abc import Sequence

NAVY, BLUE, PALE, WHITE = (8, 34, 68), (11, 90, 176), (214, 226, 240), (255, 255, 255)


def bar_picture(values: Sequence[int], *, width: int = 160, height: int = 96):
    """Rows of RGB pixels: a small bar chart of `values` (0 to 10), navy bars on pale blue."""
    slot = width // max(len(values), 1)
    picture = []
    for y in range(height):
        row = []
        for x in range(width):
            index, offset = divmod(x, slot)
            bar_top = height - 8 - (height - 16) * values[index % len(values)] // 10
            inside = slot // 5 <= offset < slot - slot // 5 and bar_top <= y < height - 8
            row.append(NAVY if inside else BLUE if y == height - 8 else PALE)
        picture.append(row)
    return picture


def png(picture: Sequence[Sequence[tuple[int, int, int]]]) -> bytes:
    """A truecolour PNG of `picture` (rows of RGB pixels)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    height, width = len(picture), len(picture[0])
    raw = b"".join(b"\x00" + bytes(value for pixel in row for value in pixel) for row in picture)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def jpeg(blocks: Sequence[Sequence[int]]) -> bytes:
    """A baseline greyscale JPEG in which each 8×8 block is one shade (0 black to 255 white),
    `blocks` giving the rows of blocks: like a photo of a whiteboard seen from far away.

    Flat blocks need only the DC coefficient of each block's DCT, so the coding is small: a
    quantisation table of ones, the standard DC Huffman table, and an AC table holding only
    "end of block".
    """
    rows, columns = len(blocks), len(blocks[0])
    # Standard luminance DC table (ITU T.81, Annex K.3): code lengths, then the categories.
    dc_bits = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    dc_codes = _huffman_codes(dc_bits, list(range(12)))
    bits = _BitWriter()
    previous = 0
    for row in blocks:
        for shade in row:
            dc = 8 * (shade - 128)  # The DC coefficient of a flat block.
            diff, previous = dc - previous, dc
            category = abs(diff).bit_length()
            bits.write(*dc_codes[category])
            if category:
                bits.write(diff if diff > 0 else diff + (1 << category) - 1, category)
            bits.write(0b0, 1)  # End of block: the AC table's one code.
    return b"".join(
        [
            b"\xff\xd8",
            _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"),
            _segment(0xDB, b"\x00" + b"\x01" * 64),
            _segment(0xC0, struct.pack(">BHHB", 8, rows * 8, columns * 8, 1) + b"\x01\x11\x00"),
            _segment(0xC4, b"\x00" + bytes(dc_bits) + bytes(range(12))),
            _segment(0xC4, b"\x10" + bytes([1] + [0] * 15) + b"\x00"),
            _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00"),
            bits.flush(),
            b"\xff\xd9",
        ]
    )


def _segment(marker: int, data: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(data) + 2) + data


def _huffman_codes(bits: list[int], values: list[int]) -> dict[int, tuple[int, int]]:
    """Canonical Huffman codes (code, length) for `values`, from the counts per length."""
    codes, code, position = {}, 0, 0
    for length, count in enumerate(bits, start=1):
        for _ in range(count):
            codes[values[position]] = (code, length)
            code += 1
            position += 1
        code <<= 1
    return codes


class _BitWriter:
    def __init__(self):
        self.out = bytearray()
        self.buffer = self.count = 0

    def write(self, value: int, length: int) -> None:
        for shift in range(length - 1, -1, -1):
            self.buffer = (self.buffer << 1) | ((value >> shift) & 1)
            self.count += 1
            if self.count == 8:
                self.out.append(self.buffer)
                if self.buffer == 0xFF:
                    self.out.append(0)  # Byte stuffing: 0xFF in the data is followed by 0.
                self.buffer = self.count = 0

    def flush(self) -> bytes:
        if self.count:
            self.write((1 << (8 - self.count)) - 1, 8 - self.count)  # Pad with ones.
        return bytes(self.out)
