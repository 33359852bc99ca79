"""The compiled search kernels (``_mih.c``), loaded with ctypes, and their numpy stand-ins.

``pip install`` compiles ``_mih.c`` next to this module. Where it could not be compiled,
:data:`kernels` is None and the index searches with numpy: the same results, slower.
"""

from __future__ import annotations

import ctypes
import importlib.machinery
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

MAX_TABLES = 32
MAX_PROBES = 8192  # as in _mih.c

U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]
U8 = npt.NDArray[np.uint8]
Found = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int32]]

_P = ctypes.c_void_p
_I64 = ctypes.c_int64


class Layout(ctypes.Structure):
    """How a hash is cut into keys: table t's key is bits start[t] .. start[t]+bits[t]-1
    of the hash seen as 4 native 64-bit words; its offsets start at base[t]. A stored
    position takes ``width`` bytes."""

    _fields_ = (
        ("m", ctypes.c_int32),
        ("width", ctypes.c_int32),
        ("start", ctypes.c_int32 * MAX_TABLES),
        ("bits", ctypes.c_int32 * MAX_TABLES),
        ("base", ctypes.c_int64 * MAX_TABLES),
    )

    @property
    def lengths(self) -> list[int]:
        return [int(self.bits[t]) for t in range(self.m)]


def layout_for(lengths: list[int], width: int) -> Layout:
    """The layout of keys of these lengths, positions stored in ``width`` bytes. Keys
    that do not cover the 256 bits are spread evenly over them (the pigeonhole bound
    holds for any disjoint keys)."""
    if not 1 <= len(lengths) <= MAX_TABLES or sum(lengths) > 256 or max(lengths) > 30:
        raise ValueError(f"key lengths {lengths}: 1 to 32 keys of at most 30 bits, 256 in all")
    layout = Layout()
    layout.m, layout.width = len(lengths), width
    gap, start, base = 256 - sum(lengths), 0, 0
    for t, bits in enumerate(lengths):
        layout.start[t] = start + (t * gap) // len(lengths)
        layout.bits[t], layout.base[t] = bits, base
        start += bits
        base += (1 << bits) + 1
    return layout


def width_for(n: int) -> int:
    """Bytes of a stored position: 3 while they fit (up to 16,777,216 hashes), else 4."""
    return 3 if n <= 1 << 24 else 4


def key_lengths(n: int) -> list[int]:
    """Key lengths for n hashes. Each table but the first costs a position per hash (3
    bytes) and every table a directory of 4 bytes x 2^bits; more tables mean a smaller
    probe radius each (fewer probes), longer keys fewer wasted candidates. Under 4M hashes
    (an index of at most ~320 MB) 16 keys of 16 bits, the fastest measured (~10x 10 keys
    at 1M); from 4M, 10 keys whose directories stay under ~4.5 bytes a hash, so that an
    index holds at most 64 bytes a hash (63.2 at 10M: 32 + 9 x 3 + 10 x 0.42)."""
    if n < 1 << 22:
        return [16] * 16
    return [min(20, int(np.log2(n * 4.5 / 40)))] * 10


def probe_count(layout: Layout, radius: int) -> int:
    """Keys probed per query for ``radius`` (see table_radii in _mih.c)."""
    a, b = divmod(radius, layout.m)
    total = 0
    for t in range(layout.m):
        flips = a if t <= b else a - 1
        total += sum(math.comb(layout.bits[t], i) for i in range(flips + 1))
    return total


def offsets_size(layout: Layout) -> int:
    return sum((1 << layout.bits[t]) + 1 for t in range(layout.m))


def _load() -> ctypes.CDLL | None:
    here = Path(__file__).parent
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        path = here / f"_mih{suffix}"
        if path.exists():
            library = ctypes.CDLL(str(path))
            library.mih_build.argtypes = [_P, _I64, _P, _P, _P, _P, _P]
            library.mih_build.restype = ctypes.c_int
            library.mih_order.argtypes = [_P, _I64, _P, _P]
            library.mih_order.restype = ctypes.c_int
            search: list[Any] = [_P, _I64, _P, _P, _P, _P, _P, _I64, ctypes.c_int]
            library.mih_search.argtypes = [*search, _P, _P, _P, _I64, _P]
            library.mih_search.restype = _I64
            library.flat_search.argtypes = [_P, _I64, _P, _I64, ctypes.c_int, _P, _P, _P, _I64, _P]
            library.flat_search.restype = _I64
            return library
    return None


kernels = _load()


def _ptr(array: npt.NDArray[Any]) -> int:
    assert array.flags.c_contiguous
    return int(array.ctypes.data)


@dataclass(frozen=True)
class Tables:
    """An index's arrays: ``main`` the hashes sorted by key 0, ``order`` the row number
    each position holds, ``offsets`` every table's bucket bounds, ``ids`` the positions of
    tables 1..m-1 counting-sorted by their key (``order`` and ``ids`` as little-endian
    numbers of the layout's width in bytes). ``order`` is empty when the hashes were
    added already sorted: row numbers are then the positions."""

    main: U64
    order: U8
    offsets: U32
    ids: U8

    @property
    def nbytes(self) -> int:
        return int(sum(a.nbytes for a in (self.main, self.order, self.offsets, self.ids)))

    def rows(self, positions: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The row numbers at ``positions`` (``order`` empty: the positions themselves)."""
        return unpack(self.order, positions) if self.order.size else positions


def build_tables(hashes: U64, layout: Layout) -> Tables:
    """Sort ``hashes`` by key 0 and counting-sort the positions by every other key.
    Hashes given in that order already need no ``order`` (it comes back empty)."""
    n, w = hashes.shape[0], layout.width
    offsets = np.empty(offsets_size(layout), np.uint32)
    ids = np.empty((layout.m - 1, n * w), np.uint8)
    main = np.empty((n, 4), np.uint64)
    keys = _keys(hashes, layout.start[0], layout.bits[0])
    in_order = not np.any(keys[1:] < keys[:-1])
    order = np.empty((0 if in_order else n, w), np.uint8)
    del keys
    if kernels is not None:
        args = (_ptr(hashes), n, ctypes.byref(layout), _ptr(offsets), _ptr(ids), _ptr(main))
        if kernels.mih_build(*args, None if in_order else _ptr(order)) != 0:
            raise MemoryError("not enough memory to build the index")
        return Tables(main, order, offsets, ids)
    rows = _counting_sort(hashes, layout, 0, offsets)
    main[:] = hashes[rows]
    if not in_order:
        order[:] = pack(rows, w)
    for t in range(1, layout.m):
        ids[t - 1] = pack(_counting_sort(main, layout, t, offsets), w).reshape(-1)
    return Tables(main, order, offsets, ids)


def storage_order(hashes: U64, layout: Layout) -> npt.NDArray[np.int64]:
    """The rows of ``hashes`` in the order an index of this layout stores them."""
    if kernels is None:
        return np.argsort(_keys(hashes, layout.start[0], layout.bits[0]), kind="stable")
    rows = np.empty(hashes.shape[0], np.int64)
    if kernels.mih_order(_ptr(hashes), hashes.shape[0], ctypes.byref(layout), _ptr(rows)):
        raise MemoryError("not enough memory to sort the hashes")
    return rows


def _counting_sort(hashes: U64, layout: Layout, t: int, offsets: U32) -> npt.NDArray[np.int64]:
    """Rows sorted (stably) by key t; fill table t's offsets."""
    keys = _keys(hashes, layout.start[t], layout.bits[t])
    counts = np.bincount(keys, minlength=1 << layout.bits[t])
    base = layout.base[t]
    offsets[base] = 0
    offsets[base + 1 : base + 1 + counts.size] = np.cumsum(counts)
    return np.argsort(keys, kind="stable")


def pack(values: npt.NDArray[np.int64], width: int) -> U8:
    """Unsigned numbers as ``width`` little-endian bytes each: an (n, width) array."""
    return values.astype("<u4").view(np.uint8).reshape(-1, 4)[:, :width]


def unpack(packed: U8, positions: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The numbers at ``positions`` of an (n, width) array written by :func:`pack`."""
    found = packed[positions].astype(np.int64)
    shifted = found << (8 * np.arange(packed.shape[1], dtype=np.int64))
    numbers: npt.NDArray[np.int64] = shifted.sum(axis=1, dtype=np.int64)
    return numbers


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
        if count < 0:
            raise MemoryError("not enough memory to search the index")
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


def mih_search(layout: Layout, tables: Tables, queries: U64, radius: int) -> Found:
    """Every (query, row, distance) with distance <= radius, in query order. Where the
    radius would need more probes than comparing every hash costs, compare every hash."""
    n, nq = tables.main.shape[0], queries.shape[0]
    if kernels is None or probe_count(layout, radius) > min(MAX_PROBES, n // 4 + 64):
        q, positions, d = flat_search(tables.main, queries, radius)
        return q, tables.rows(positions), d
    library = kernels

    def call(start: int, q: Any, r: Any, d: Any, capacity: int, done: Any) -> int:
        return int(
            library.mih_search(
                _ptr(tables.main),
                n,
                ctypes.byref(layout),
                _ptr(tables.offsets),
                _ptr(tables.ids),
                _ptr(tables.order) if tables.order.size else None,
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
