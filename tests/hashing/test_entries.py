"""Hashes added and removed by a decision instead of a file: each change a version of its
own, with its provenance, on top of what files imported; only the hashes named are read."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil.hashing import service
from vigil.store.hash_lists import HashListEntry, HashListVersion

A, B, C = ("a" * 64, "b" * 64, "c" * 64)


def _entry(value: str) -> service.NewEntry:
    return service.NewEntry(value, "baseline", "review", f"decision for {value[:4]}")


def test_a_decision_adds_a_version_with_provenance_and_a_list_is_made_for_the_first(
    session: Session,
) -> None:
    assert service.add_entries(session, "own", [_entry(A), _entry(B)], why="decision 1") == 1
    assert service.add_entries(session, "own", [_entry(B), _entry(C)], why="decision 2") == 2
    assert service.add_entries(session, "own", [_entry(C)], why="decision 3") == 2  # nothing new
    assert service.changes(session, "own", 2) == ([C], [])
    versions = session.scalars(select(HashListVersion).order_by(HashListVersion.number)).all()
    assert [(v.file_name, v.added, v.total) for v in versions] == [
        ("decision 1", 2, 2),
        ("decision 2", 1, 3),
    ]
    origins = session.scalars(select(HashListEntry.origin).order_by(HashListEntry.hash)).all()
    assert origins == ["decision for aaaa", "decision for bbbb", "decision for cccc"]


def test_a_correction_removes_in_a_new_version_and_keeps_the_entry_on_record(
    session: Session, tmp_path: Path
) -> None:
    listed = tmp_path / "own.txt"
    listed.write_text(f"{A}\n{B}\n", encoding="utf-8")
    service.import_list(session, name="own", path=listed)
    assert service.remove_entries(session, "own", [A, C], why="correction 9") == 2
    assert service.remove_entries(session, "own", [A], why="correction 10") == 2  # gone already
    assert service.changes(session, "own", 2) == ([], [A])
    assert [e.hash for e in service.export_entries(session, "own")] == [B]
    last = session.scalar(select(HashListVersion).where(HashListVersion.number == 2))
    assert last is not None and (last.removed, last.total) == (1, 1)
