"""Undoing a response's Content-Encoding layer by layer, never holding more than a chunk.

A decompression bomb is small on the wire and huge decoded, and nesting layers
(``Content-Encoding: gzip, gzip``) multiplies the ratio. Decoding here is streamed through
every layer with a bound on each step's output, so the caller can count decoded bytes and stop
at its size limit while memory stays at a few chunks.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

_STEP = 64 * 1024  # most bytes one layer hands on at a time
MAX_LAYERS = 3  # more content codings than this is an attack, not a server setting
ACCEPT_ENCODING = "gzip, deflate"


class UnsupportedCodingError(ValueError):
    """A Content-Encoding newsprism does not decode (or too many of them)."""


class _Layer:
    """One content coding being undone (a plain class: it holds a zlib stream's state)."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self._stream: zlib._Decompress | None = None
        if coding in ("gzip", "x-gzip"):
            self._stream = zlib.decompressobj(16 + zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        """The decoded bytes of ``data``, in pieces of at most ``_STEP`` bytes."""
        if self._stream is None:  # deflate: zlib-wrapped or raw, told by the first byte
            raw = bool(data) and (data[0] & 0x0F) != 8
            self._stream = zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
        stream = self._stream
        while data and not stream.eof:
            out = stream.decompress(data, _STEP)
            data = stream.unconsumed_tail
            if out:
                yield out

    def finish(self) -> Iterator[bytes]:
        """The bytes still held when the input ends."""
        if self._stream is not None and not self._stream.eof:
            while True:
                out = self._stream.decompress(b"", _STEP)
                if not out:
                    break
                yield out


def decoded_chunks(raw: Iterable[bytes], content_encoding: str) -> Iterator[bytes]:
    """The body ``raw`` decoded through every coding of the Content-Encoding header.

    Each piece yielded is at most 64 KiB; raises UnsupportedCodingError for a coding other than
    gzip, deflate or identity, or more than three of them, and zlib.error for corrupt data.
    """
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if len(codings) > MAX_LAYERS:
        raise UnsupportedCodingError(f"{len(codings)} content encodings ({content_encoding})")
    for coding in codings:
        if coding not in ("gzip", "x-gzip", "deflate"):
            raise UnsupportedCodingError(f"the content encoding {coding!r} is not supported")
    # Codings are listed in the order they were applied: undo the last one first.
    layers = [_Layer(c) for c in reversed(codings)]

    def through(index: int, data: bytes) -> Iterator[bytes]:
        if index == len(layers):
            yield data
            return
        for piece in layers[index].feed(data):
            yield from through(index + 1, piece)

    def finish(index: int) -> Iterator[bytes]:
        if index == len(layers):
            return
        for piece in layers[index].finish():
            yield from through(index + 1, piece)
        yield from finish(index + 1)

    for chunk in raw:
        yield from through(0, chunk)
    yield from finish(0)
