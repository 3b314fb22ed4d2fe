"""Reading a PNG's pixels with the standard library and NumPy (Pillow is not a dependency)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}  # colour type → samples per pixel (8-bit, no palette)


def _paeth_row(line: np.ndarray, previous: np.ndarray, channels: int) -> np.ndarray:
    filtered, above = line.tolist(), previous.tolist()  # plain ints: numpy scalars are slow one by one
    out = [0] * len(filtered)
    for i, value in enumerate(filtered):
        a = out[i - channels] if i >= channels else 0
        b = above[i]
        c = above[i - channels] if i >= channels else 0
        pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
        out[i] = (value + (a if pa <= pb and pa <= pc else (b if pb <= pc else c))) & 0xFF
    return np.array(out, dtype=np.uint8)


def _average_row(line: np.ndarray, previous: np.ndarray, channels: int) -> np.ndarray:
    filtered, above = line.tolist(), previous.tolist()
    out = [0] * len(filtered)
    for i, value in enumerate(filtered):
        left = out[i - channels] if i >= channels else 0
        out[i] = (value + (left + above[i]) // 2) & 0xFF
    return np.array(out, dtype=np.uint8)


def read_png(path: Path) -> np.ndarray:
    """The image as a (height, width, channels) uint8 array. Handles 8-bit grey, RGB and RGBA, not interlaced."""
    data = path.read_bytes()
    assert data[:8] == SIGNATURE, f"{path} is not a PNG"
    position, compressed = 8, bytearray()
    header: tuple[int, ...] = ()
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            compressed += body
    width, height, depth, colour, _, _, interlace = header
    assert (depth, interlace) == (8, 0), f"unsupported PNG layout {header}"
    assert colour in CHANNELS, f"unsupported PNG colour type {colour}"
    channels = CHANNELS[colour]
    stride = width * channels
    raw = np.frombuffer(zlib.decompress(bytes(compressed)), dtype=np.uint8).reshape(height, stride + 1)
    pixels = np.zeros((height, stride), dtype=np.uint8)
    previous = np.zeros(stride, dtype=np.uint8)
    for y in range(height):
        kind, line = raw[y, 0], raw[y, 1:]
        if kind == 0:
            row = line.copy()
        elif kind == 1:  # Sub: a running sum per channel
            row = (
                (line.reshape(width, channels).astype(np.uint64).cumsum(axis=0) % 256)
                .astype(np.uint8)
                .ravel()
            )
        elif kind == 2:  # Up
            row = ((line.astype(np.uint16) + previous) % 256).astype(np.uint8)
        elif kind == 3:
            row = _average_row(line, previous, channels)
        else:
            row = _paeth_row(line, previous, channels)
        pixels[y] = row
        previous = row
    return pixels.reshape(height, width, channels)
