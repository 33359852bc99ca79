"""The match index: every stored hash within a distance of a query, never one less.

:class:`HammingIndex` answers radius searches over 256-bit hashes (PDQ) exactly, with
multi-index hashing (see ``_mih.c``): 16 keys of 16 bits under 4M hashes, 10 keys of up to
20 bits from there (see ``native.key_lengths``). The hashes are stored sorted by the first
key, so that table needs no ids; every other table is a counting sort of the positions
(3 bytes each up to 16.7M hashes). Rows are numbered in the order the hashes were given;
hashes given in :meth:`HammingIndex.storage_order` need no table from positions to row
numbers (63.2 bytes a hash at 10M, 66.2 with the table).

* It **persists** as plain ``.npy`` files that load memory-mapped: a matcher starts in
  milliseconds, without rebuilding, and several processes share the pages.
* It **takes additions and removals** without a rebuild: new hashes go to a small segment
  searched by brute force; removed rows are marked in a bitmap checked on each match.
  :meth:`HammingIndex.compact` folds the additions into the tables and drops the removed
  rows (automatically when the additions outgrow ``DELTA_LIMIT``); rows keep their numbers.

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
FORMAT = 2
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
        lengths: list[int],
        tables: native.Tables,
        delta: U64 | None = None,
        rows: int | None = None,
        deleted: npt.NDArray[np.uint8] | None = None,
    ) -> None:
        self._tables, self._lengths = tables, lengths
        self._layout = native.layout_for(lengths, tables.order.shape[1])
        self._delta = delta if delta is not None else np.empty((0, 4), np.uint64)
        self._rows = rows if rows is not None else tables.main.shape[0] + self._delta.shape[0]
        self._deleted = deleted
        self._saved: Path | None = None

    @classmethod
    def build(
        cls, hashes: npt.NDArray[np.uint8] | U64, lengths: list[int] | None = None
    ) -> HammingIndex:
        """Index ``hashes`` ((n, 32) bytes or (n, 4) uint64), rows numbered from 0.
        ``lengths`` (key lengths, at most 256 bits in all) overrides the layout for n."""
        words = as_words(hashes)
        if words.shape[0] >= 2**32:
            raise ValueError("an index holds at most 4,294,967,295 hashes")
        lengths = lengths or native.key_lengths(words.shape[0])
        layout = native.layout_for(lengths, native.width_for(words.shape[0]))
        return cls(lengths, native.build_tables(words, layout))

    @staticmethod
    def storage_order(
        hashes: npt.NDArray[np.uint8] | U64, lengths: list[int] | None = None
    ) -> npt.NDArray[np.int64]:
        """The order in which an index of ``hashes`` stores them. Built from hashes put in
        this order, an index numbers its rows as they were given and needs no table from
        its positions to row numbers (``w`` bytes a hash fewer): ``build(h[order])``, with
        the caller's own data about each row put in the same order."""
        words = as_words(hashes)
        lengths = lengths or native.key_lengths(words.shape[0])
        layout = native.layout_for(lengths, native.width_for(words.shape[0]))
        return native.storage_order(words, layout)

    def __len__(self) -> int:
        """The hashes held (added and not removed)."""
        return self._stored() - self.removed

    @property
    def rows(self) -> int:
        """Row numbers given so far: the next addition is numbered ``rows``."""
        return self._rows

    @property
    def removed(self) -> int:
        """Rows removed but still stored, until :meth:`compact` drops them."""
        return 0 if self._deleted is None else int(np.bitwise_count(self._deleted).sum())

    @property
    def nbytes(self) -> int:
        """Bytes held by the index's arrays."""
        extra = (self._delta, self._deleted if self._deleted is not None else self._delta[:0])
        return self._tables.nbytes + int(sum(a.nbytes for a in extra))

    @property
    def pending(self) -> int:
        """Hashes added since the tables were built (searched by brute force)."""
        return int(self._delta.shape[0])

    @property
    def saved_in(self) -> Path | None:
        """The folder the tables were last saved to or loaded from."""
        return self._saved

    def _stored(self) -> int:
        return int(self._tables.main.shape[0] + self._delta.shape[0])

    def _main_rows(self) -> npt.NDArray[np.int64]:
        return self._tables.rows(np.arange(self._tables.main.shape[0]))

    def _delta_rows(self) -> npt.NDArray[np.int64]:
        return np.arange(self._rows - self._delta.shape[0], self._rows, dtype=np.int64)

    def hashes(self, rows: npt.NDArray[np.int64]) -> U64:
        """The stored hashes of ``rows`` (a scan of the row numbers: for a few look-ups)."""
        rows = np.asarray(rows, np.int64)
        numbers = np.concatenate([self._main_rows(), self._delta_rows()])
        stored = np.concatenate([self._tables.main, self._delta])
        sorter = np.argsort(numbers, kind="stable")
        at = np.minimum(np.searchsorted(numbers, rows, sorter=sorter), numbers.size - 1)
        found = sorter[at] if numbers.size else at
        if rows.size and (not numbers.size or np.any(numbers[found] != rows)):
            raise KeyError("some of these rows are not in the index")
        return stored[found]

    def add(self, hashes: npt.NDArray[np.uint8] | U64) -> None:
        """Append hashes (rows numbered after the existing ones); no rebuild until the
        recent additions outgrow DELTA_LIMIT."""
        words = as_words(hashes)
        self._delta = np.concatenate([self._delta, words])
        self._rows += words.shape[0]
        if self._deleted is not None:
            self._deleted = _grown(self._deleted, self._rows)
        if self._delta.shape[0] > DELTA_LIMIT:
            self.compact()

    def remove(self, rows: npt.NDArray[np.int64] | Sequence[int]) -> None:
        """Stop reporting ``rows``: they are marked in a bitmap (an eighth of a byte a row)
        checked on each match, and dropped from the tables by the next :meth:`compact`."""
        rows = np.asarray(rows, np.int64)
        if rows.size and (rows.min() < 0 or rows.max() >= self._rows):
            raise ValueError(f"row numbers go from 0 to {self._rows - 1}")
        if self._stored() < self._rows:  # compact() dropped rows: those stay dropped
            stored = np.zeros(self._rows, bool)
            stored[self._main_rows()] = True
            stored[self._rows - self._delta.shape[0] :] = True
            rows = rows[stored[rows]]
        dead = np.zeros(self._rows, bool)
        if self._deleted is not None:
            dead |= np.unpackbits(self._deleted, count=self._rows, bitorder="little").astype(bool)
        dead[rows] = True
        self._deleted = np.packbits(dead, bitorder="little")

    def compact(self) -> None:
        """Fold the recent additions into the tables and drop the removed rows (a rebuild;
        rows keep their numbers)."""
        if not self._delta.size and self._deleted is None:
            return
        numbers = np.concatenate([self._main_rows(), self._delta_rows()])
        stored = np.concatenate([self._tables.main, self._delta])
        if self._deleted is not None:
            dead = np.unpackbits(self._deleted, count=self._rows, bitorder="little")
            live = dead[numbers] == 0
            numbers, stored = numbers[live], stored[live]
        lengths = native.key_lengths(numbers.size)
        layout = native.layout_for(lengths, native.width_for(self._rows))
        tables = native.build_tables(stored, layout)
        numbers = numbers[tables.rows(np.arange(numbers.size))]
        in_order = np.array_equal(numbers, np.arange(numbers.size))
        order = native.pack(numbers[:0] if in_order else numbers, layout.width).copy()
        self._tables = native.Tables(tables.main, order, tables.offsets, tables.ids)
        self._lengths, self._layout = lengths, layout
        self._delta = np.empty((0, 4), np.uint64)
        self._deleted = None
        self._saved = None

    def search(self, queries: npt.NDArray[np.uint8] | U64, radius: int) -> Matches:
        """Every (query, row, distance) with distance <= radius; recall is exact."""
        if not 0 <= radius <= 255:
            raise ValueError(f"a radius is from 0 to 255 bits, not {radius}")
        words = as_words(queries)
        q, r, d = native.mih_search(self._layout, self._tables, words, radius)
        if self._delta.size:
            dq, dr, dd = native.flat_search(self._delta, words, radius)
            q, r, d = _merge((q, r, d), (dq, dr + self._rows - self._delta.shape[0], dd))
        if self._deleted is not None and r.size:
            live = (self._deleted[r >> 3] >> (r & 7).astype(np.uint8)) & 1 == 0
            q, r, d = q[live], r[live], d[live]
        return Matches(q, r, d)

    def save(self, folder: Path) -> None:
        """Write the index to ``folder`` as .npy files. The tables are written only if
        they changed since last saved; saved elsewhere, they are hard-linked from there
        (copied where links cannot be made): files are replaced, never changed in place."""
        folder.mkdir(parents=True, exist_ok=True)
        target = folder.resolve()
        if self._saved != target:
            arrays = self._tables.__dict__.items()
            for name, array in arrays:
                if self._saved is not None and _linked(self._saved / f"{name}.npy", folder):
                    continue
                save_array(folder / f"{name}.npy", array)
        save_array(folder / "delta.npy", self._delta)
        deleted = self._deleted if self._deleted is not None else np.empty(0, np.uint8)
        save_array(folder / "deleted.npy", deleted)
        meta = {"format": FORMAT, "kind": "hamming", "rows": self._rows, "keys": self._lengths}
        (folder / "index.json").write_text(json.dumps(meta), encoding="utf-8")
        self._saved = target

    @classmethod
    def load(cls, folder: Path) -> HammingIndex:
        """Open a saved index memory-mapped (nothing is rebuilt or read up front)."""
        meta = _read_meta(folder, "hamming")
        names = ("main", "order", "offsets", "ids")
        tables = native.Tables(*(np.load(folder / f"{n}.npy", mmap_mode="r") for n in names))
        delta = np.load(folder / "delta.npy")
        deleted = np.load(folder / "deleted.npy")
        rows = int(meta["rows"])
        index = cls(list(meta["keys"]), tables, delta, rows, deleted if deleted.size else None)
        index._saved = folder.resolve()
        return index


def _grown(bitmap: npt.NDArray[np.uint8], rows: int) -> npt.NDArray[np.uint8]:
    grown = np.zeros(-(-rows // 8), np.uint8)
    grown[: bitmap.size] = bitmap
    return grown


def _linked(source: Path, folder: Path) -> bool:
    """Hard-link ``source`` into ``folder``; False where that cannot be done."""
    partial = folder / f"{source.stem}.partial.npy"
    try:
        partial.unlink(missing_ok=True)
        os.link(source, partial)
        os.replace(partial, folder / source.name)
    except OSError:
        return False
    return True


def _merge(a: native.Found, b: native.Found) -> native.Found:
    query = np.concatenate([a[0], b[0]])
    order = np.argsort(query, kind="stable")
    return query[order], np.concatenate([a[1], b[1]])[order], np.concatenate([a[2], b[2]])[order]


def save_array(path: Path, array: npt.NDArray[np.generic]) -> None:
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

    def changed(
        self, removed: npt.NDArray[np.int64], added: Sequence[str]
    ) -> tuple[ExactIndex, npt.NDArray[np.int64]]:
        """A new index: this one without the rows ``removed`` and with the hashes ``added``.
        The rows kept are numbered first, in their order, then those added, in theirs.
        Also return the number each kept row had here (for the caller's own data)."""
        gone = np.zeros(self._order.size, bool)
        gone[np.asarray(removed, np.int64)] = True
        kept = np.flatnonzero(~gone)
        renumbered = np.cumsum(~gone) - 1  # an old row's new number (for the rows kept)
        stays = ~gone[self._order]
        values, order = self._values[stays], renumbered[self._order[stays]]
        if added:
            new = np.array([bytes.fromhex(h) for h in added], dtype=values.dtype)
            by_value = np.argsort(new, kind="stable")
            at = np.searchsorted(values, new[by_value], side="right")  # after equal ones
            values = np.insert(values, at, new[by_value])
            order = np.insert(order, at, kept.size + by_value)
        return ExactIndex(values, order.astype(np.int64)), kept

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        save_array(folder / "values.npy", self._values)
        save_array(folder / "order.npy", self._order)
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
