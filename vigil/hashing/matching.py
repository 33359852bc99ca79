"""Match hashed files against loaded lists. No database: a list can come from a file
(:meth:`LoadedList.from_file`) or from the store (:func:`vigil.hashing.service.load_lists`).

A PDQ hash under the minimum quality is not matched (flat pictures hash alike); its
exact hashes still are. With dihedral variants (on by default in ``vigil match``) a
rotated or mirrored copy of a listed picture is found too, and marked with the variant.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from vigil.hashing import formats
from vigil.hashing.index import ExactIndex, HammingIndex, hashes_from_hex
from vigil.hashing.pdq import DIHEDRAL_NAMES
from vigil.hashing.signals import FileHashes, Signal

Describe = Callable[[npt.NDArray[np.int64]], list[tuple[str, str]]]


@dataclass(frozen=True)
class LoadedList:
    """A list ready to match: its index, and how to describe a row (hash and label)."""

    name: str
    signal: Signal
    threshold: int
    index: HammingIndex | ExactIndex
    describe: Describe

    @classmethod
    def from_entries(
        cls, name: str, signal: Signal, threshold: int, entries: Sequence[formats.ListEntry]
    ) -> LoadedList:
        hashes = [e.hash for e in entries]
        labels = [e.label for e in entries]
        index: HammingIndex | ExactIndex
        if signal is Signal.PDQ:
            index = HammingIndex.build(hashes_from_hex(hashes))
        else:
            index = ExactIndex.build(hashes)

        def describe(rows: npt.NDArray[np.int64]) -> list[tuple[str, str]]:
            return [(hashes[r], labels[r]) for r in rows.tolist()]

        return cls(name, signal, threshold, index, describe)

    @classmethod
    def from_file(
        cls, path: Path, *, signal: Signal | None = None, threshold: int | None = None
    ) -> LoadedList:
        """Load a list file (any format of :mod:`vigil.hashing.formats`), named after it.
        Raise ImportFileError for a bad line."""
        entries = formats.read_list(path, signal)
        kind = signal or (entries[0].signal if entries else Signal.PDQ)
        default = 31 if kind is Signal.PDQ else 0
        return cls.from_entries(
            path.stem, kind, default if threshold is None else threshold, entries
        )


@dataclass(frozen=True)
class Match:
    """A listed hash found for a file. ``variant`` is None when the picture matched as
    it is, else the dihedral variant of the file (see pdq.DIHEDRAL_NAMES) that matched:
    "rotate270" means the file, turned 270 degrees counter-clockwise, is the listed one."""

    list: str
    hash: str
    distance: int
    label: str
    variant: str | None = None

    def as_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "list": self.list,
            "hash": self.hash,
            "distance": self.distance,
            "label": self.label,
        }
        record["dihedral"] = self.variant
        return record


def match_files(
    files: Sequence[FileHashes], lists: Sequence[LoadedList], min_quality: int
) -> list[list[Match]]:
    """The matches of each file (in the order of ``files``), best first."""
    found: list[list[Match]] = [[] for _ in files]
    for loaded in lists:
        if loaded.signal is Signal.PDQ:
            _match_pdq(files, loaded, min_quality, found)
        else:
            _match_exact(files, loaded, found)
    for matches in found:
        matches.sort(key=lambda m: (m.distance, m.list, m.hash))
    return found


def _pdq_queries(files: Sequence[FileHashes], min_quality: int) -> tuple[list[str], list[int]]:
    """Every hash to look up (the variants of each file, original first) and its file."""
    queries: list[str] = []
    owners: list[int] = []
    for i, f in enumerate(files):
        if f.pdq is None or f.low_quality(min_quality):
            continue
        variants = f.dihedral or (f.pdq,)
        queries.extend(variants)
        owners.extend([i] * len(variants))
    return queries, owners


def _match_pdq(
    files: Sequence[FileHashes], loaded: LoadedList, min_quality: int, found: list[list[Match]]
) -> None:
    queries, owners = _pdq_queries(files, min_quality)
    if not queries or not isinstance(loaded.index, HammingIndex):
        return
    result = loaded.index.search(hashes_from_hex(queries), loaded.threshold)
    best: dict[tuple[int, int], tuple[int, int]] = {}  # (file, row) -> (distance, query)
    for q, row, d in zip(
        result.query.tolist(), result.row.tolist(), result.distance.tolist(), strict=True
    ):
        key = (owners[q], row)
        if key not in best or (d, q) < best[key]:
            best[key] = (d, q)
    _record(best, loaded, queries, owners, found)


def _record(
    best: dict[tuple[int, int], tuple[int, int]],
    loaded: LoadedList,
    queries: list[str],
    owners: list[int],
    found: list[list[Match]],
) -> None:
    first: dict[int, int] = {}
    for position, owner in enumerate(owners):
        first.setdefault(owner, position)
    keys = list(best)
    described = loaded.describe(np.array([row for _, row in keys], dtype=np.int64))
    for (file, _row), (hash_, label) in zip(keys, described, strict=True):
        distance, q = best[(file, _row)]
        position = q - first[file]
        variant = DIHEDRAL_NAMES[position] if position else None
        found[file].append(Match(loaded.name, hash_, distance, label, variant))


def _match_exact(files: Sequence[FileHashes], loaded: LoadedList, found: list[list[Match]]) -> None:
    pairs = [(i, getattr(f, loaded.signal.value)) for i, f in enumerate(files)]
    pairs = [(i, h) for i, h in pairs if h]
    if not pairs or not isinstance(loaded.index, ExactIndex):
        return
    result = loaded.index.search([h for _, h in pairs])
    described = loaded.describe(result.row)
    for q, (hash_, label) in zip(result.query.tolist(), described, strict=True):
        found[pairs[q][0]].append(Match(loaded.name, hash_, 0, label))
