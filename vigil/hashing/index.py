"""The match index: every stored hash within a distance of a query, never one less.

:class:`HammingIndex` answers radius searches over 256-bit hashes (PDQ) exactly, with
multi-index hashing (see ``_mih.c``): 16 tables of 16-bit keys, each a counting sort of
the row numbers. Rows are numbered in the order the hashes were added.

* It **persists** as plain ``.npy`` files that load memory-mapped: a matcher starts in
  milliseconds, without rebuilding, and several processes share the pages.
* It **takes additions** without a rebuild: new hashes go to a small segment searched by
  brute force, folded into the tables by :meth:`HammingIndex.compact` (automatically when
  it outgrows ``DELTA_LIMIT``).

:class:`ExactIndex` does the same for MD5, SHA-1 and SHA-256: a sorted array and binary
search.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from vigil.hashing import native

DELTA_LIMIT = 1 << 16
FORMAT = 1
U64 = npt.NDArray[np.uint64]


def hashes_from_hex(values: Iterable[str], nbytes: int = 32) -> npt.NDArray[np.uint8]:
    """Hex strings (already checked, see signals.check_hash) as an (n, nbytes) byte array."""
    joined = bytes.fromhex("".join(values))
    return np.frombuffer(joined, np.uint8).reshape(-1, nbytes)


def hex_of(rows: npt.NDArray[np.uint8] | U64) -> list[str]:
    raw = np.ascontiguousarray(rows).view(np.uint8)
    width = raw.shape[1]
    blob = raw.tobytes().hex()
    return [blob[i : i + 2 * width] for i in range(0, len(blob), 2 * width)]


def as_words(hashes: npt.NDArray[np.uint8] | U64) -> U64:
    """256-bit hashes as contiguous (n, 4) uint64 rows (a copy only when needed)."""
    words = np.ascontiguousarray(hashes).view(np.uint64).reshape(-1, 4)
    return words


@dataclass(frozen=True)
class Matches:
    """Parallel arrays: query ``query[i]`` is ``distance[i]`` bits from row ``row[i]``."""

    query: npt.NDArray[np.int64]
    row: npt.NDArray[np.int64]
    distance: npt.NDArray[np.int32]

    def __len__(self) -> int:
        return int(self.query.size)


class HammingIndex:
    """Exact radius search over 256-bit hashes; see the module docstring."""

    def __init__(
        self,
        main: U64,
        lengths: list[int],
        offsets: native.U32,
        ids: native.U32,
        delta: U64 | None = None,
    ) -> None:
        self._main, self._offsets, self._ids = main, offsets, ids
        self._lengths = lengths
        self._layout = native.layout_for(lengths)
        self._delta = delta if delta is not None else np.empty((0, 4), np.uint64)
        self._saved_main: Path | None = None

    @classmethod
    def build(
        cls, hashes: npt.NDArray[np.uint8] | U64, lengths: list[int] | None = None
    ) -> HammingIndex:
        """Index ``hashes`` ((n, 32) bytes or (n, 4) uint64), rows numbered from 0.
        ``lengths`` (key lengths adding up to 256) overrides the layout chosen for n."""
        main = np.array(as_words(hashes), copy=True)
        if main.shape[0] >= 2**32:
            raise ValueError("an index holds at most 4,294,967,295 hashes")
        lengths = lengths or native.key_lengths(main.shape[0])
        offsets, ids = native.build_tables(main, native.layout_for(lengths))
        return cls(main, lengths, offsets, ids)

    def __len__(self) -> int:
        return int(self._main.shape[0] + self._delta.shape[0])

    @property
    def nbytes(self) -> int:
        """Bytes held by the index's arrays."""
        arrays = (self._main, self._offsets, self._ids, self._delta)
        return int(sum(a.nbytes for a in arrays))

    def hashes(self, rows: npt.NDArray[np.int64]) -> U64:
        """The stored hashes of ``rows``."""
        split = self._main.shape[0]
        found = np.empty((rows.size, 4), np.uint64)
        old = rows < split
        found[old] = self._main[rows[old]]
        found[~old] = self._delta[rows[~old] - split]
        return found

    def add(self, hashes: npt.NDArray[np.uint8] | U64) -> None:
        """Append hashes (rows numbered after the existing ones); no rebuild until the
        recent additions outgrow DELTA_LIMIT."""
        self._delta = np.concatenate([self._delta, as_words(hashes)])
        if self._delta.shape[0] > DELTA_LIMIT:
            self.compact()

    def compact(self) -> None:
        """Fold the recent additions into the tables (a rebuild; rows keep their numbers)."""
        if not self._delta.size:
            return
        merged = np.concatenate([self._main, self._delta])
        rebuilt = HammingIndex.build(merged)
        self._main, self._offsets, self._ids = rebuilt._main, rebuilt._offsets, rebuilt._ids
        self._lengths, self._layout = rebuilt._lengths, rebuilt._layout
        self._delta = np.empty((0, 4), np.uint64)
        self._saved_main = None

    def search(self, queries: npt.NDArray[np.uint8] | U64, radius: int) -> Matches:
        """Every (query, row, distance) with distance <= radius; recall is exact."""
        if not 0 <= radius <= 255:
            raise ValueError(f"a radius is from 0 to 255 bits, not {radius}")
        words = as_words(queries)
        q, r, d = native.mih_search(
            self._main, self._layout, self._offsets, self._ids, words, radius
        )
        if self._delta.size:
            dq, dr, dd = native.flat_search(self._delta, words, radius)
            q, r, d = _merge((q, r, d), (dq, dr + self._main.shape[0], dd))
        return Matches(q, r, d)

    def save(self, folder: Path) -> None:
        """Write the index to ``folder`` as .npy files; the tables are rewritten only if
        they changed since they were last saved there."""
        folder.mkdir(parents=True, exist_ok=True)
        if self._saved_main != folder.resolve():
            for name, array in (("main", self._main), ("offsets", self._offsets)):
                _save(folder / f"{name}.npy", array)
            _save(folder / "ids.npy", self._ids)
        _save(folder / "delta.npy", self._delta)
        meta = {"format": FORMAT, "kind": "hamming", "rows": len(self), "keys": self._lengths}
        (folder / "index.json").write_text(json.dumps(meta), encoding="utf-8")
        self._saved_main = folder.resolve()

    @classmethod
    def load(cls, folder: Path) -> HammingIndex:
        """Open a saved index memory-mapped (nothing is rebuilt or read up front)."""
        meta = _read_meta(folder, "hamming")
        arrays = [np.load(folder / f"{n}.npy", mmap_mode="r") for n in ("main", "offsets", "ids")]
        delta = np.load(folder / "delta.npy")
        index = cls(arrays[0], list(meta["keys"]), arrays[1], arrays[2], delta)
        index._saved_main = folder.resolve()
        return index


def _merge(a: native.Found, b: native.Found) -> native.Found:
    query = np.concatenate([a[0], b[0]])
    order = np.argsort(query, kind="stable")
    return query[order], np.concatenate([a[1], b[1]])[order], np.concatenate([a[2], b[2]])[order]


def _save(path: Path, array: npt.NDArray[np.generic]) -> None:
    """Write through a temporary file, so a reader never sees half an array."""
    partial = path.with_suffix(".partial.npy")
    np.save(partial, array)
    os.replace(partial, path)


def _read_meta(folder: Path, kind: str) -> dict[str, Any]:
    try:
        meta: dict[str, Any] = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FileNotFoundError(f"{folder} holds no Vigil index: {exc}") from None
    if meta.get("format") != FORMAT or meta.get("kind") != kind:
        raise ValueError(
            f"{folder} holds a {meta.get('kind')} index of format "
            f"{meta.get('format')}; rebuild it with this version of Vigil"
        )
    return meta


class ExactIndex:
    """Equality look-up of MD5, SHA-1 or SHA-256 hashes: a sorted array, binary search."""

    def __init__(self, values: npt.NDArray[np.bytes_], order: npt.NDArray[np.int64]) -> None:
        self._values, self._order = values, order

    @classmethod
    def build(cls, hexes: Sequence[str]) -> ExactIndex:
        width = len(hexes[0]) // 2 if hexes else 32
        raw = np.array([bytes.fromhex(h) for h in hexes], dtype=f"S{width}")
        order = np.argsort(raw, kind="stable").astype(np.int64)
        return cls(raw[order], order)

    def __len__(self) -> int:
        return int(self._values.size)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        _save(folder / "values.npy", self._values)
        _save(folder / "order.npy", self._order)
        meta = {"format": FORMAT, "kind": "exact", "rows": len(self)}
        (folder / "index.json").write_text(json.dumps(meta), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> ExactIndex:
        _read_meta(folder, "exact")
        values = np.load(folder / "values.npy", mmap_mode="r")
        return cls(values, np.load(folder / "order.npy", mmap_mode="r"))

    def search(self, hexes: Sequence[str]) -> Matches:
        """Every (query, row) where the query equals the stored hash (distance 0)."""
        width = self._values.dtype.itemsize
        wanted = np.array([bytes.fromhex(h) for h in hexes], dtype=f"S{width}")
        low = np.searchsorted(self._values, wanted, side="left")
        high = np.searchsorted(self._values, wanted, side="right")
        counts = high - low
        query = np.repeat(np.arange(len(hexes), dtype=np.int64), counts)
        starts = np.repeat(low - np.cumsum(counts) + counts, counts)
        positions = starts + np.arange(query.size)
        rows = self._order[positions]
        return Matches(query, rows, np.zeros(query.size, np.int32))
