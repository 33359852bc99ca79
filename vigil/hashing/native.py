"""The compiled search kernels (``_mih.c``), loaded with ctypes, and their numpy stand-ins.

``pip install`` compiles ``_mih.c`` next to this module. Where it could not be compiled,
:data:`kernels` is None and the index searches with numpy: the same results, slower.
"""

from __future__ import annotations

import ctypes
import importlib.machinery
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

MAX_TABLES = 32

U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]
Found = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int32]]

_P = ctypes.c_void_p
_I64 = ctypes.c_int64


class Layout(ctypes.Structure):
    """How a hash is cut into keys: table t's key is bits start[t] .. start[t]+bits[t]-1
    of the hash seen as 4 native 64-bit words; its offsets start at base[t]."""

    _fields_ = (
        ("m", ctypes.c_int32),
        ("start", ctypes.c_int32 * MAX_TABLES),
        ("bits", ctypes.c_int32 * MAX_TABLES),
        ("base", ctypes.c_int64 * MAX_TABLES),
    )


def layout_for(lengths: list[int]) -> Layout:
    layout = Layout()
    layout.m = len(lengths)
    start = base = 0
    for t, bits in enumerate(lengths):
        layout.start[t], layout.bits[t], layout.base[t] = start, bits, base
        start += bits
        base += (1 << bits) + 1
    assert start == 256, lengths
    return layout


def key_lengths(n: int) -> list[int]:
    """Key lengths for n hashes. Longer keys mean fewer wasted candidates but more probes
    and a larger directory (4 bytes x 2^bits per table): 16 keys of 16 bits under 512K
    hashes, then 13 keys of 19-20 bits (a 52 MiB directory: ~5 bytes a hash at 10M,
    1.3x the queries/s of 16 keys at 1M and 2x at 10M, measured)."""
    if n < 1 << 19:
        return [16] * 16
    return [20] * 9 + [19] * 4


def offsets_size(layout: Layout) -> int:
    return sum((1 << layout.bits[t]) + 1 for t in range(layout.m))


def _load() -> ctypes.CDLL | None:
    here = Path(__file__).parent
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        path = here / f"_mih{suffix}"
        if path.exists():
            library = ctypes.CDLL(str(path))
            library.mih_build.argtypes = [_P, _I64, _P, _P, _P]
            library.mih_build.restype = None
            search: list[Any] = [_P, _I64, _P, _P, _P, _P, _I64, ctypes.c_int, _P, _P, _P, _I64, _P]
            library.mih_search.argtypes = search
            library.mih_search.restype = _I64
            library.flat_search.argtypes = [_P, _I64, _P, _I64, ctypes.c_int, _P, _P, _P, _I64, _P]
            library.flat_search.restype = _I64
            return library
    return None


kernels = _load()


def _ptr(array: npt.NDArray[Any]) -> int:
    assert array.flags.c_contiguous
    return int(array.ctypes.data)


def build_tables(hashes: U64, layout: Layout) -> tuple[U32, U32]:
    """Return (offsets, ids): for each key of the layout, the rows counting-sorted by it."""
    n = hashes.shape[0]
    offsets = np.empty(offsets_size(layout), np.uint32)
    ids = np.empty((layout.m, n), np.uint32)
    if kernels is not None:
        kernels.mih_build(_ptr(hashes), n, ctypes.byref(layout), _ptr(offsets), _ptr(ids))
        return offsets, ids
    for t in range(layout.m):
        keys = _keys(hashes, layout.start[t], layout.bits[t])
        ids[t] = np.argsort(keys, kind="stable")
        counts = np.bincount(keys, minlength=1 << layout.bits[t])
        base = layout.base[t]
        offsets[base] = 0
        offsets[base + 1 : base + 2 + counts.size - 1] = np.cumsum(counts)
    return offsets, ids


def _keys(hashes: U64, start: int, bits: int) -> npt.NDArray[np.int64]:
    """Bits start .. start+bits-1 of each hash, as _mih.c's key() reads them."""
    word, shift = divmod(start, 64)
    value = hashes[:, word] >> np.uint64(shift)
    if shift + bits > 64:
        value |= hashes[:, word + 1] << np.uint64(64 - shift)
    return (value & np.uint64((1 << bits) - 1)).astype(np.int64)


def _collect(call: Any, nq: int, capacity: int) -> Found:
    """Run a kernel until every query is answered, growing the buffers when one query's
    results do not fit."""
    parts: list[Found] = []
    start = 0
    while start < nq:
        query = np.empty(capacity, np.int64)
        row = np.empty(capacity, np.int64)
        dist = np.empty(capacity, np.int32)
        done = ctypes.c_int64(0)
        count = call(start, query, row, dist, capacity, ctypes.byref(done))
        parts.append((query[:count] + start, row[:count], dist[:count]))
        if done.value == 0:
            capacity *= 4
        start += done.value
    if not parts:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.int32)
    return (
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
    )


def mih_search(
    hashes: U64, layout: Layout, offsets: U32, ids: U32, queries: U64, radius: int
) -> Found:
    """Every (query, row, distance) with distance <= radius, in query order."""
    if kernels is None:
        return flat_search(hashes, queries, radius)
    library = kernels
    n, nq = hashes.shape[0], queries.shape[0]

    def call(start: int, q: Any, r: Any, d: Any, capacity: int, done: Any) -> int:
        return int(
            library.mih_search(
                _ptr(hashes),
                n,
                ctypes.byref(layout),
                _ptr(offsets),
                _ptr(ids),
                _ptr(queries[start:]),
                nq - start,
                radius,
                _ptr(q),
                _ptr(r),
                _ptr(d),
                capacity,
                done,
            )
        )

    return _collect(call, nq, max(1 << 16, 8 * nq))


def flat_search(hashes: U64, queries: U64, radius: int) -> Found:
    """Brute force: compare every query with every hash."""
    n, nq = hashes.shape[0], queries.shape[0]
    if kernels is not None and n:
        library = kernels

        def call(start: int, q: Any, r: Any, d: Any, capacity: int, done: Any) -> int:
            return int(
                library.flat_search(
                    _ptr(hashes),
                    n,
                    _ptr(queries[start:]),
                    nq - start,
                    radius,
                    _ptr(q),
                    _ptr(r),
                    _ptr(d),
                    capacity,
                    done,
                )
            )

        return _collect(call, nq, max(1 << 16, n))
    return _numpy_flat(hashes, queries, radius)


def _numpy_flat(hashes: U64, queries: U64, radius: int) -> Found:
    found: list[Found] = []
    for qi in range(queries.shape[0]):
        dist = np.bitwise_count(hashes ^ queries[qi]).sum(axis=1, dtype=np.int32)
        rows = np.flatnonzero(dist <= radius)
        found.append((np.full(rows.size, qi, np.int64), rows.astype(np.int64), dist[rows]))
    if not found:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.int32)
    return tuple(np.concatenate(parts) for parts in zip(*found, strict=True))  # type: ignore[return-value]
