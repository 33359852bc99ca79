"""Match hashed files against loaded lists. No database: a list can come from a file
(:meth:`LoadedList.from_file`) or from the store (:func:`vigil.hashing.service.load_lists`).

A PDQ hash under the minimum quality is not matched (flat pictures hash alike); its
exact hashes still are. With dihedral variants (on by default in ``vigil match``) a
rotated or mirrored copy of a listed picture is found too, and marked with the variant.
A file's hash as a person sees it (:class:`vigil.hashing.signals.AsSeen`, where it
differs from the partners' ``pdq``) is matched as well, with its own dihedral variants
and quality, and a match through it is marked ``as_seen``. Where several variants of a
file reach the same listed hash, the closest is kept, and at equal distance the
partners' hash before the as-seen one, the picture as it is before a turned one.
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
    "rotate270" means the file, turned 270 degrees counter-clockwise, is the listed one.
    ``as_seen`` is True when the file matched through its hash as a person sees it
    (transparency on white, 16-bit greyscale scaled), not the partners' ``pdq``."""

    list: str
    hash: str
    distance: int
    label: str
    variant: str | None = None
    as_seen: bool = False

    def as_record(self) -> dict[str, Any]:
        return {
            "list": self.list,
            "hash": self.hash,
            "distance": self.distance,
            "label": self.label,
            "dihedral": self.variant,
            "as_seen": self.as_seen,
        }


@dataclass(frozen=True)
class _Query:
    """Where a PDQ query comes from: its file, dihedral variant and pixels."""

    file: int
    variant: str | None
    as_seen: bool


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


def _pdq_queries(files: Sequence[FileHashes], min_quality: int) -> tuple[list[str], list[_Query]]:
    """Every hash to look up, and where it comes from."""
    queries: list[str] = []
    origins: list[_Query] = []
    for i, f in enumerate(files):
        for variants, as_seen in _looked_up(f, min_quality):
            queries.extend(variants)
            origins.extend(_Query(i, _variant(k), as_seen) for k in range(len(variants)))
    return queries, origins


def _looked_up(f: FileHashes, min_quality: int) -> list[tuple[tuple[str, ...], bool]]:
    """The partners' hash with its variants (original first), then the hash as seen with
    its variants, each only when its quality reaches ``min_quality``."""
    found: list[tuple[tuple[str, ...], bool]] = []
    if f.pdq is not None and not f.low_quality(min_quality):
        found.append((f.dihedral or (f.pdq,), False))
    if f.as_seen is not None and f.as_seen.quality >= min_quality:
        found.append((f.as_seen.dihedral or (f.as_seen.pdq,), True))
    return found


def _variant(position: int) -> str | None:
    return DIHEDRAL_NAMES[position] if position else None


def _match_pdq(
    files: Sequence[FileHashes], loaded: LoadedList, min_quality: int, found: list[list[Match]]
) -> None:
    queries, origins = _pdq_queries(files, min_quality)
    if not queries or not isinstance(loaded.index, HammingIndex):
        return
    result = loaded.index.search(hashes_from_hex(queries), loaded.threshold)
    best: dict[tuple[int, int], tuple[int, int]] = {}  # (file, row) -> (distance, query)
    for q, row, d in zip(
        result.query.tolist(), result.row.tolist(), result.distance.tolist(), strict=True
    ):
        key = (origins[q].file, row)
        if key not in best or (d, q) < best[key]:
            best[key] = (d, q)
    keys = list(best)
    described = loaded.describe(np.array([row for _, row in keys], dtype=np.int64))
    for key, (hash_, label) in zip(keys, described, strict=True):
        distance, q = best[key]
        origin = origins[q]
        match = Match(loaded.name, hash_, distance, label, origin.variant, origin.as_seen)
        found[origin.file].append(match)


def _match_exact(files: Sequence[FileHashes], loaded: LoadedList, found: list[list[Match]]) -> None:
    pairs = [(i, getattr(f, loaded.signal.value)) for i, f in enumerate(files)]
    pairs = [(i, h) for i, h in pairs if h]
    if not pairs or not isinstance(loaded.index, ExactIndex):
        return
    result = loaded.index.search([h for _, h in pairs])
    described = loaded.describe(result.row)
    for q, (hash_, label) in zip(result.query.tolist(), described, strict=True):
        found[pairs[q][0]].append(Match(loaded.name, hash_, 0, label))
