"""Reading a response body under a size limit that counts decompressed bytes as they appear.

The raw bytes are read from the connection and the ``Content-Encoding`` chain is undone
here, step by step: every decompression step hands on at most ``STEP`` bytes at a time,
so a nested bomb (``gzip, gzip``) is stopped at the limit, never inflated whole first.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence

import httpx

from ingest.deadline import Deadline
from ingest.errors import FetchError, PayloadTooLarge

STEP = 64 * 1024
MAX_ENCODINGS = 3
ACCEPT_ENCODING = "gzip, deflate"
_GZIP = ("gzip", "x-gzip")
_DEFLATE = ("deflate",)


class Inflater:
    """One ``gzip`` or ``deflate`` step; output comes in pieces of at most ``STEP`` bytes.

    Gzip bodies of several members (concatenated streams) are read to the end; a
    ``deflate`` body may be zlib-wrapped (as specified) or raw (as some servers send).
    """

    def __init__(self, encoding: str, what: str) -> None:
        self.encoding = encoding
        self.what = what
        self._gzip = encoding in _GZIP
        self._raw_deflate = False
        self._started = False
        self._new_stream()

    def _new_stream(self) -> None:
        if self._gzip:
            wbits = zlib.MAX_WBITS | 16
        else:
            wbits = -zlib.MAX_WBITS if self._raw_deflate else zlib.MAX_WBITS
        self._stream = zlib.decompressobj(wbits)

    def _inflate(self, data: bytes) -> bytes:
        try:
            return self._stream.decompress(data, STEP)
        except zlib.error as exc:
            if not self._gzip and not self._started and not self._raw_deflate:
                self._raw_deflate = True  # no zlib header: try raw deflate once
                self._new_stream()
                return self._inflate(data)
            raise FetchError(f"{self.what}: corrupt {self.encoding} body: {exc}") from exc

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Decompressed pieces of ``data``, each at most ``STEP`` bytes."""
        while True:
            if self._stream.eof:
                if not data:
                    return
                if not self._gzip:
                    return  # bytes after the end of a deflate stream are ignored
                self._new_stream()  # the next member of a multi-member gzip body
            out = self._inflate(data)
            self._started = True
            if out:
                yield out
            if self._stream.eof:
                data = self._stream.unused_data
                continue
            data = self._stream.unconsumed_tail
            if not data and len(out) < STEP:
                return  # all input taken and no output pending

    def finish(self) -> None:
        """Raise when the compressed body ended before its stream did."""
        if self._started and not self._stream.eof:
            raise FetchError(f"{self.what}: the {self.encoding} body ends early (truncated)")


def decoder_chain(header: str | None, what: str) -> list[Inflater]:
    """The decoders for a ``Content-Encoding`` header, the last applied coding first."""
    codings = [c.strip().lower() for c in (header or "").split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if len(codings) > MAX_ENCODINGS:
        raise FetchError(
            f"{what}: {len(codings)} content encodings stacked; at most {MAX_ENCODINGS}"
        )
    for coding in codings:
        if coding not in _GZIP + _DEFLATE:
            raise FetchError(f"{what}: unsupported Content-Encoding {coding!r}")
    return [Inflater(coding, what) for coding in reversed(codings)]


def decode_through(decoders: Sequence[Inflater], data: bytes) -> Iterator[bytes]:
    """``data`` passed through every decoder in turn, piece by piece."""
    if not decoders:
        if data:
            yield data
        return
    first, rest = decoders[0], decoders[1:]
    for piece in first.feed(data):
        yield from decode_through(rest, piece)


def read_body(
    response: httpx.Response, max_bytes: int, what: str, deadline: Deadline | None = None
) -> bytes:
    """The decoded body, refused with ``PayloadTooLarge`` once it passes ``max_bytes``.

    Both the bytes on the wire and the bytes after decompression count against the
    limit; the deadline is checked after every piece, so a body that trickles in one
    byte at a time ends with the source's deadline.
    """
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise PayloadTooLarge(f"{what}: Content-Length {declared} exceeds {max_bytes} bytes")
    decoders = decoder_chain(response.headers.get("Content-Encoding"), what)
    body = bytearray()
    wire = 0
    for chunk in response.iter_raw():  # as it arrives: a trickle is seen byte by byte
        wire += len(chunk)
        if wire > max_bytes:
            raise PayloadTooLarge(f"{what}: body exceeds {max_bytes} bytes")
        for piece in decode_through(decoders, chunk):
            if len(body) + len(piece) > max_bytes:
                raise PayloadTooLarge(
                    f"{what}: body exceeds {max_bytes} bytes once decompressed ({wire} bytes read)"
                )
            body += piece
            if deadline is not None:
                deadline.check(what)
        if deadline is not None:
            deadline.check(what)
    for decoder in decoders:
        decoder.finish()
    return bytes(body)
