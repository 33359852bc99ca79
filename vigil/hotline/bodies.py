"""Reading a response body within a byte limit, before and after decompression.

httpx would decompress a whole network chunk at once: 64 KB of gzip can hold 64 MB. Here the
raw bytes are counted as they arrive and each chunk is inflated with zlib's ``max_length``,
so no more than the limit (plus one byte) is ever held, whatever the compression ratio.
Only ``gzip`` and ``deflate`` (the encodings the fetcher asks for) and none are read.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass

ENCODINGS = {"identity": 0, "gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16}
ACCEPT_ENCODING = "gzip, deflate"


class BodyError(Exception):
    """The body cannot be read: ``cause`` (a short code) and ``reason`` in plain words."""

    def __init__(self, cause: str, reason: str) -> None:
        super().__init__(reason)
        self.cause = cause
        self.reason = reason


class Inflater:
    """Undo one content encoding, never giving more than asked for per chunk."""

    def __init__(self, encoding: str) -> None:
        """``encoding`` is the Content-Encoding header ('' for none). Raise BodyError for an
        encoding the fetcher did not ask for ('br', 'zstd', or a chain 'gzip, gzip')."""
        name = encoding.strip().lower()
        if name not in ENCODINGS and name != "deflate" and name != "":
            raise BodyError(
                "content_encoding",
                f"the server encoded the body as '{encoding}', which the fetcher does not read "
                f"(it asks for {ACCEPT_ENCODING} or none)",
            )
        self._name = name or "identity"
        self._zlib: zlib._Decompress | None = None

    def inflate(self, data: bytes, most: int) -> bytes:
        """Return the bytes ``data`` decodes to, at most ``most`` (more than 0) of them."""
        if self._name == "identity":
            return data[:most]
        if self._zlib is None:
            self._zlib = zlib.decompressobj(ENCODINGS.get(self._name) or _deflate_wbits(data))
        try:
            return self._zlib.decompress(data, most)
        except zlib.error as exc:
            raise BodyError("corrupt", f"the {self._name} body is corrupt ({exc})") from None

    def flush(self) -> bytes:
        """Return what the decoder still holds (a window at most: 32 KB). Raise BodyError
        'corrupt' when the compressed stream has not ended."""
        if self._name == "identity":
            return b""
        if self._zlib is None:
            raise BodyError("corrupt", f"the {self._name} body is empty")
        try:
            rest = self._zlib.flush()
        except zlib.error as exc:
            raise BodyError("corrupt", f"the {self._name} body is corrupt ({exc})") from None
        if not self._zlib.eof:
            raise BodyError("corrupt", f"the {self._name} body ends before its compressed end")
        return rest


def _deflate_wbits(first: bytes) -> int:
    """'deflate' is meant as zlib-wrapped, but some servers send raw deflate."""
    if len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] << 8 | first[1]) % 31 == 0:
        return zlib.MAX_WBITS
    return -zlib.MAX_WBITS


@dataclass
class Counter:
    """Bytes received and bytes decoded so far."""

    received: int = 0
    decoded: int = 0


def read_within(chunks: Iterable[bytes], encoding: str, limit: int, counter: Counter) -> bytes:
    """Return the decoded body of ``chunks`` (raw bytes as they arrive).

    Raise BodyError 'too_large' as soon as more than ``limit`` bytes have arrived or been
    decoded, 'content_encoding' for an encoding the fetcher does not read, 'corrupt' for a
    body that does not decompress. ``counter`` holds the counts when it stops."""
    inflater = Inflater(encoding)
    parts: list[bytes] = []
    for raw in chunks:
        counter.received += len(raw)
        _check(counter.received, limit, "arrived")
        parts.append(inflater.inflate(raw, limit - counter.decoded + 1))
        counter.decoded += len(parts[-1])
        _check(counter.decoded, limit, "came out of decompression")
    parts.append(inflater.flush())
    counter.decoded += len(parts[-1])
    _check(counter.decoded, limit, "came out of decompression")
    return b"".join(parts)


def _check(count: int, limit: int, how: str) -> None:
    if count > limit:
        raise BodyError("too_large", f"more than {limit} bytes {how}, the limit of one response")
