"""Hash lists in the database: import, export, show, switch on and off, load to match.

Services never commit; the door owns the transaction. A list's index is saved once per
version under ``index_dir`` (``$VIGIL_HOME/hash-indexes``), so a matcher opens it
memory-mapped instead of rebuilding it. A new version of a PDQ list is saved from the
previous version's index: its additions appended, its removals marked, the unchanged
tables hard-linked; it is rebuilt only when those changes grow large.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.orm import Session

from vigil.errors import ImportFileError, InputError, NotFound
from vigil.hashing import formats
from vigil.hashing.index import DELTA_LIMIT, ExactIndex, HammingIndex, hashes_from_hex, save_array
from vigil.hashing.matching import LoadedList
from vigil.hashing.signals import Signal
from vigil.store.hash_lists import HashList, HashListEntry, HashListVersion

BATCH = 5000


@dataclass(frozen=True)
class ImportSummary:
    name: str
    version: int
    added: int
    removed: int
    total: int
    created: bool


def get_list(session: Session, name: str) -> HashList:
    """Return the list called ``name``; raise NotFound naming the lists that exist."""
    found = session.scalar(select(HashList).where(HashList.name == name))
    if found is None:
        names = ", ".join(session.scalars(select(HashList.name).order_by(HashList.name)))
        if not names:
            raise NotFound("no hash list '%(name)s'; there is none yet", name=name)
        raise NotFound("no hash list '%(name)s'; the lists are: %(names)s", name=name, names=names)
    return found


def import_list(
    session: Session,
    *,
    name: str,
    path: Path,
    signal: Signal | None = None,
    threshold: int | None = None,
    default_threshold: int = 31,
    source: str = "",
    category: str = "",
    list_format: formats.ListFormat | None = None,
) -> ImportSummary:
    """Import ``path`` as a new version of list ``name`` (created if new): record which
    hashes were added and which, missing from the file, were removed. Raise
    ImportFileError for a bad line (nothing is written) and InputError for a hash of
    another signal than the list's."""
    existing = session.scalar(select(HashList).where(HashList.name == name))
    wanted = signal or (Signal(existing.signal) if existing else None)
    entries = formats.read_list(path, wanted, list_format)
    kind = wanted or (entries[0].signal if entries else Signal.PDQ)
    _check_signals(entries, kind, path, name)
    hash_list = existing or _create(session, name, kind, threshold, default_threshold)
    if threshold is not None:
        hash_list.threshold = _checked_threshold(kind, threshold)
    hash_list.source = source or hash_list.source
    hash_list.category = category or hash_list.category
    summary = _new_version(session, hash_list, entries, path)
    return ImportSummary(name, hash_list.version, *summary, created=existing is None)


def _check_signals(
    entries: Sequence[formats.ListEntry], kind: Signal, path: Path, name: str
) -> None:
    for entry in entries:
        if entry.signal is not kind:
            raise ImportFileError(
                path,
                entry.line,
                None,
                "a %(signal)s hash cannot go into the %(kind)s list '%(name)s'",
                signal=entry.signal.value,
                kind=kind.value,
                name=name,
            )


def _checked_threshold(signal: Signal, threshold: int) -> int:
    if signal.exact and threshold != 0:
        raise InputError(
            "a %(signal)s list matches equal hashes only; its threshold is 0, not %(threshold)s",
            field="threshold",
            signal=signal.value,
            threshold=threshold,
        )
    if not 0 <= threshold <= 255:
        raise InputError(
            "a PDQ threshold is from 0 to 255 bits, not %(threshold)s",
            field="threshold",
            threshold=threshold,
        )
    return threshold


def _create(
    session: Session, name: str, signal: Signal, threshold: int | None, default: int
) -> HashList:
    if not name.strip():
        raise InputError("a hash list needs a name", field="name")
    chosen = threshold if threshold is not None else (0 if signal.exact else default)
    hash_list = HashList(
        name=name, signal=signal.value, threshold=_checked_threshold(signal, chosen)
    )
    hash_list.enabled, hash_list.version = True, 0
    session.add(hash_list)
    session.flush()
    return hash_list


def _active(session: Session, list_id: int) -> set[str]:
    query = select(HashListEntry.hash).where(
        HashListEntry.list_id == list_id, HashListEntry.removed_in.is_(None)
    )
    return set(session.scalars(query))


def _new_version(
    session: Session, hash_list: HashList, entries: Sequence[formats.ListEntry], path: Path
) -> tuple[int, int, int]:
    """Write the differences as version n+1; return (added, removed, total)."""
    number = hash_list.version + 1
    before = _active(session, hash_list.id)
    unique = {e.hash: e for e in reversed(entries)}  # the first line of a repeated hash wins
    added = [e for h, e in unique.items() if h not in before]
    removed = before - unique.keys()
    if removed:
        _mark_removed(session, hash_list.id, removed, number)
    for start in range(0, len(added), BATCH):
        rows = [_row(hash_list.id, e, path, number) for e in added[start : start + BATCH]]
        session.execute(insert(HashListEntry), rows)
    hash_list.version = number
    session.add(
        HashListVersion(
            hash_list=hash_list,
            number=number,
            file_name=str(path)[:500],
            added=len(added),
            removed=len(removed),
            total=len(unique),
        )
    )
    session.flush()
    return len(added), len(removed), len(unique)


def _row(list_id: int, entry: formats.ListEntry, path: Path, number: int) -> dict[str, object]:
    return {
        "list_id": list_id,
        "hash": entry.hash,
        "label": entry.label[:200],
        "source": entry.source[:200],
        "origin": f"{path.name}:{entry.line}"[:600],
        "added_in": number,
        "removed_in": None,
    }


def _mark_removed(session: Session, list_id: int, hashes: set[str], number: int) -> None:
    ordered = sorted(hashes)
    for start in range(0, len(ordered), BATCH):
        session.execute(
            update(HashListEntry)
            .where(
                HashListEntry.list_id == list_id,
                HashListEntry.removed_in.is_(None),
                HashListEntry.hash.in_(ordered[start : start + BATCH]),
            )
            .values(removed_in=number)
        )


@dataclass(frozen=True)
class NewEntry:
    """A hash added by a decision rather than a file: its label and provenance."""

    hash: str
    label: str
    source: str
    origin: str


def add_entries(
    session: Session,
    name: str,
    entries: Sequence[NewEntry],
    *,
    why: str,
    signal: Signal = Signal.PDQ,
    default_threshold: int = 31,
) -> int:
    """Add ``entries`` to list ``name`` (created if new) as its next version, ``why`` in
    place of a file's name; hashes already active there are left as they are. Return the
    version (the list's current one when nothing was new). Reads only the hashes given,
    never the whole list: a decision adds a few hashes to a list of millions."""
    existing = session.scalar(select(HashList).where(HashList.name == name))
    hash_list = existing or _create(session, name, signal, None, default_threshold)
    already = _active_among(session, hash_list.id, [e.hash for e in entries])
    unique = {e.hash: e for e in reversed(entries) if e.hash not in already}
    if not unique:
        return hash_list.version
    number = hash_list.version + 1
    total = _total(session, hash_list) + len(unique)
    rows = [
        {
            "list_id": hash_list.id,
            "hash": e.hash,
            "label": e.label[:200],
            "source": e.source[:200],
            "origin": e.origin[:600],
            "added_in": number,
            "removed_in": None,
        }
        for e in unique.values()
    ]
    session.execute(insert(HashListEntry), rows)
    _record_version(session, hash_list, number, why, len(unique), 0, total)
    return number


def remove_entries(session: Session, name: str, hashes: Sequence[str], *, why: str) -> int:
    """Remove ``hashes`` from list ``name`` in its next version (kept on record as removed
    in it). Return the version (the current one when none of them was active)."""
    hash_list = get_list(session, name)
    gone = _active_among(session, hash_list.id, list(hashes))
    if not gone:
        return hash_list.version
    number = hash_list.version + 1
    total = _total(session, hash_list) - len(gone)
    _mark_removed(session, hash_list.id, gone, number)
    _record_version(session, hash_list, number, why, 0, len(gone), total)
    return number


def _active_among(session: Session, list_id: int, hashes: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(hashes), BATCH):
        query = select(HashListEntry.hash).where(
            HashListEntry.list_id == list_id,
            HashListEntry.removed_in.is_(None),
            HashListEntry.hash.in_(hashes[start : start + BATCH]),
        )
        found.update(session.scalars(query))
    return found


def _total(session: Session, hash_list: HashList) -> int:
    """Active entries of the list now: its last version's total (counted when it has none)."""
    last = session.scalar(
        select(HashListVersion.total).where(
            HashListVersion.list_id == hash_list.id, HashListVersion.number == hash_list.version
        )
    )
    if last is not None:
        return int(last)
    return len(_active(session, hash_list.id))


def _record_version(
    session: Session,
    hash_list: HashList,
    number: int,
    why: str,
    added: int,
    removed: int,
    total: int,
) -> None:
    hash_list.version = number
    session.add(
        HashListVersion(
            hash_list=hash_list,
            number=number,
            file_name=why[:500],
            added=added,
            removed=removed,
            total=total,
        )
    )
    session.flush()


def set_enabled(session: Session, name: str, enabled: bool) -> HashList:
    hash_list = get_list(session, name)
    hash_list.enabled = enabled
    return hash_list


def entry_counts(session: Session) -> dict[int, int]:
    """Active entries per list id."""
    query = (
        select(HashListEntry.list_id, func.count())
        .where(HashListEntry.removed_in.is_(None))
        .group_by(HashListEntry.list_id)
    )
    return {list_id: count for list_id, count in session.execute(query)}


def all_lists(session: Session) -> list[HashList]:
    return list(session.scalars(select(HashList).order_by(HashList.name)))


def export_entries(session: Session, name: str) -> list[formats.ListEntry]:
    """The active entries of list ``name``, in the order they were added."""
    hash_list = get_list(session, name)
    query = (
        select(HashListEntry)
        .where(HashListEntry.list_id == hash_list.id, HashListEntry.removed_in.is_(None))
        .order_by(HashListEntry.id)
    )
    signal = Signal(hash_list.signal)
    return [
        formats.ListEntry(e.hash, signal, e.label, e.source or hash_list.source)
        for e in session.scalars(query)
    ]


def changes(session: Session, name: str, version: int) -> tuple[list[str], list[str]]:
    """The hashes added and removed by ``version`` of list ``name``."""
    hash_list = get_list(session, name)
    entries = select(HashListEntry.hash).where(HashListEntry.list_id == hash_list.id)
    added = session.scalars(entries.where(HashListEntry.added_in == version)).all()
    removed = session.scalars(entries.where(HashListEntry.removed_in == version)).all()
    return sorted(added), sorted(removed)


def load_lists(session: Session, index_dir: Path, names: Sequence[str] = ()) -> list[LoadedList]:
    """The enabled lists (or those named, which must be enabled), with their indexes.
    Raise NotFound for an unknown name and InputError for a disabled list."""
    chosen = (
        [get_list(session, n) for n in names]
        if names
        else [h for h in all_lists(session) if h.enabled]
    )
    disabled = [h.name for h in chosen if not h.enabled]
    if disabled:
        raise InputError(
            "hash list %(names)s is disabled; `vigil lists enable %(first)s` switches it on",
            field="list",
            names=", ".join(disabled),
            first=disabled[0],
        )
    return [_loaded(session, h, index_dir) for h in chosen]


def _loaded(session: Session, hash_list: HashList, index_dir: Path) -> LoadedList:
    folder = index_dir / f"list-{hash_list.id}-v{hash_list.version}"
    signal = Signal(hash_list.signal)
    index = _opened(folder, signal)
    if index is None:
        _write_index(session, hash_list, signal, index_dir, folder)
        index = _opened(folder, signal)
        assert index is not None
    entry_ids = np.load(folder / "entry_ids.npy", mmap_mode="r")
    engine = session.get_bind().engine

    def describe(rows: npt.NDArray[np.int64]) -> list[tuple[str, str]]:
        """The hash and label of each row: read in the loading session while it is open,
        else on a connection of its own (a worker keeps a loaded list for every item,
        long after the session it was loaded in has ended)."""
        ids = [int(i) for i in entry_ids[rows]]
        if session.in_transaction():
            return _described(session.connection(), ids)
        with engine.connect() as connection:
            return _described(connection, ids)

    return LoadedList(hash_list.name, signal, hash_list.threshold, index, describe)


def _described(connection: Connection, ids: list[int]) -> list[tuple[str, str]]:
    found: dict[int, tuple[str, str]] = {}
    for start in range(0, len(ids), BATCH):
        query = select(HashListEntry.id, HashListEntry.hash, HashListEntry.label).where(
            HashListEntry.id.in_(ids[start : start + BATCH])
        )
        found.update({i: (h, label) for i, h, label in connection.execute(query)})
    return [found[i] for i in ids]


def _opened(folder: Path, signal: Signal) -> HammingIndex | ExactIndex | None:
    """The index saved in ``folder``, or None where there is none (or one of an older
    format). ``entry_ids.npy``, the entry id of each row, is written last."""
    if not (folder / "entry_ids.npy").exists():
        return None
    try:
        return HammingIndex.load(folder) if signal is Signal.PDQ else ExactIndex.load(folder)
    except (OSError, ValueError):
        return None


def _write_index(
    session: Session, hash_list: HashList, signal: Signal, index_dir: Path, folder: Path
) -> None:
    """Save the index of the list's current version to ``folder``: from the index of an
    earlier version where one is saved and the changes since are few enough (see
    :func:`_updated`), else built from the active entries."""
    (folder / "entry_ids.npy").unlink(missing_ok=True)
    earlier = _earlier_index(index_dir, hash_list, signal)
    updated = _updated(session, hash_list, *earlier) if earlier else None
    if updated is not None:
        index, ids = updated
        index.save(folder)
    else:
        ids = _build_index(session, hash_list, signal, folder)
    save_array(folder / "entry_ids.npy", ids)


def _earlier_index(
    index_dir: Path, hash_list: HashList, signal: Signal
) -> tuple[int, HammingIndex | ExactIndex, Path] | None:
    """The newest index saved for an earlier version of the list, with its version and
    folder."""
    prefix = f"list-{hash_list.id}-v"
    versions = sorted(
        (
            int(p.name[len(prefix) :])
            for p in index_dir.glob(f"{prefix}*")
            if p.name[len(prefix) :].isdigit()
        ),
        reverse=True,
    )
    for version in (v for v in versions if v < hash_list.version):
        folder = index_dir / f"{prefix}{version}"
        index = _opened(folder, signal)
        if index is not None:
            return version, index, folder
    return None


def _updated(
    session: Session,
    hash_list: HashList,
    version: int,
    index: HammingIndex | ExactIndex,
    folder: Path,
) -> tuple[HammingIndex | ExactIndex, npt.NDArray[np.int64]] | None:
    """``index`` (of ``version``, saved in ``folder``) brought to the list's current version
    without reading the whole list again: only the entries added and removed since.

    A PDQ index puts the additions in its segment of additions and marks the removed rows;
    None when that would pass DELTA_LIMIT additions or leave more than an eighth of its
    rows removed (a rebuild is then due). An MD5/SHA index is merged anew from its sorted
    arrays, whatever the number of changes: a pass over arrays instead of a read of every
    entry from the database."""
    entry_ids = np.load(folder / "entry_ids.npy")
    entries = select(HashListEntry.id, HashListEntry.hash).where(
        HashListEntry.list_id == hash_list.id
    )
    added = session.execute(
        entries.where(
            HashListEntry.added_in > version, HashListEntry.removed_in.is_(None)
        ).order_by(HashListEntry.id)
    ).all()
    removed = session.scalars(
        select(HashListEntry.id).where(
            HashListEntry.list_id == hash_list.id,
            HashListEntry.added_in <= version,
            HashListEntry.removed_in > version,
        )
    ).all()
    gone = np.flatnonzero(np.isin(entry_ids, np.array(removed, np.int64)))
    added_ids = np.array([i for i, _ in added], np.int64)
    if isinstance(index, ExactIndex):
        changed, kept = index.changed(gone, [h for _, h in added])
        return changed, np.concatenate([entry_ids[kept], added_ids])
    if index.pending + len(added) > DELTA_LIMIT or index.removed + len(removed) > index.rows // 8:
        return None
    index.remove(gone)
    index.add(hashes_from_hex([h for _, h in added]))
    return index, np.concatenate([entry_ids, added_ids])


def _build_index(
    session: Session, hash_list: HashList, signal: Signal, folder: Path
) -> npt.NDArray[np.int64]:
    """Build and save the index of the list's active entries; return the entry id of
    each row. A PDQ index is built from the hashes in its storage order, so that it
    needs no table of row numbers: the entry ids are kept in that order instead."""
    query = (
        select(HashListEntry.id, HashListEntry.hash)
        .where(HashListEntry.list_id == hash_list.id, HashListEntry.removed_in.is_(None))
        .order_by(HashListEntry.id)
    )
    rows = session.execute(query).all()
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    hashes = [r[1] for r in rows]
    if signal is Signal.PDQ:
        words = hashes_from_hex(hashes)
        order = HammingIndex.storage_order(words)
        HammingIndex.build(words.take(order, axis=0)).save(folder)
        return ids[order]
    ExactIndex.build(hashes).save(folder)
    return ids
