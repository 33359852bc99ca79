"""Record to and verify the hash-chained audit log.

Each entry's hash is the SHA-256 of the previous entry's hash and the entry's own fields,
so changing or deleting an entry (or the order of entries) breaks every hash after it.
Appending locks the single ``audit_head`` row first (``UPDATE ... RETURNING``: a row lock
on PostgreSQL, the write lock on SQLite), so concurrent writers take turns and the chain
never forks; the hash is computed here, in Python, and the head moved to it.

Every use case writes its own entries (who, what, on which file); the doors write none.
Entries name people by username and files by reference: never a child's name, so the
log itself holds no personal data about the children.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from vigil import clock
from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.domain import limits
from vigil.store.models import AuditEntry, AuditHead

GENESIS = "0" * 64


def _canonical_time(at: datetime) -> str:
    """The time as hashed: UTC, microseconds, no zone (SQLite hands back naive times)."""
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds")


def entry_hash(
    prev_hash: str, id: int, at: datetime, actor: str, action: str, target: str, detail: str
) -> str:
    """The SHA-256 of the entry as canonical JSON: ``[prev_hash, id, at, actor, action,
    target, detail]`` without spaces, UTF-8."""
    fields = [prev_hash, id, _canonical_time(at), actor, action, target, detail]
    encoded = json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()


_ADVANCE = (
    update(AuditHead)
    .where(AuditHead.id == 1)
    .values(last_id=AuditHead.last_id + 1)
    .returning(AuditHead.last_id, AuditHead.last_hash)
)


def record(
    session: Session, by: Actor | str, action: str, target: str = "", detail: str = ""
) -> int:
    """Append an entry in the caller's transaction (so it is kept exactly when the change
    it records is kept); return its number. ``by`` is the actor, or the name the log gives
    someone not signed in yet (``anonymous`` at a failed sign-in).

    The head row stays locked until the transaction ends, so a use case writes its entry
    last, after its checks and its change."""
    actor = by if isinstance(by, str) else by.name
    number, prev_hash = session.execute(_ADVANCE).one()  # the migration writes the head row
    at = clock.now()
    digest = entry_hash(prev_hash, number, at, actor, action, target, detail)
    entry = {"id": number, "at": at, "actor": actor, "action": action, "target": target}
    session.execute(
        insert(AuditEntry), [{**entry, "detail": detail, "prev_hash": prev_hash, "hash": digest}]
    )
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(last_hash=digest))
    return int(number)


@dataclass(frozen=True)
class Verdict:
    checked: int
    broken_at: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify(session: Session, *, batch: int = 10_000) -> Verdict:
    """Walk the chain from the first entry; return the first broken entry and what is wrong."""
    expected_id, prev = 1, GENESIS
    last = 0
    while True:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.id > last).order_by(AuditEntry.id).limit(batch)
        ).all()
        for e in rows:
            problem = _problem(e, expected_id, prev)
            if problem:
                return Verdict(expected_id - 1, e.id, problem)
            expected_id, prev, last = e.id + 1, e.hash, e.id
        if len(rows) < batch:
            return _check_head(session, expected_id - 1, prev)


def _problem(e: AuditEntry, expected_id: int, prev: str) -> str:
    if e.id != expected_id:
        return f"entries {expected_id} to {e.id - 1} are missing (deleted)"
    if e.prev_hash != prev:
        return "its link to the entry before does not match (an entry before it was changed)"
    if e.hash != entry_hash(prev, e.id, e.at, e.actor, e.action, e.target, e.detail):
        return "its content does not match its hash (it was changed)"
    return ""


def _check_head(session: Session, count: int, last_hash: str) -> Verdict:
    """The chain must end where its head row says. The migrations write the head, so a
    missing one was deleted, and an empty log whose head counts entries was emptied:
    both are failures, never an intact log of no entries."""
    head = session.get(AuditHead, 1)
    if head is None:
        problem = "the chain's head row is missing (deleted): entries may have been cut off"
        return Verdict(count, count + 1, problem)
    if count == 0 and head.last_id > 0:
        problem = f"the log is empty, but its head says it held {head.last_id} entries: emptied"
        return Verdict(0, 1, problem)
    if head.last_id != count or head.last_hash != last_hash:
        return Verdict(count, count + 1, f"the last {head.last_id - count} entries are missing")
    return Verdict(count)


def entries(
    session: Session,
    *,
    limit: int = 100,
    before: int | None = None,
    target: str = "",
    actor: str = "",
    action: str = "",
) -> Sequence[AuditEntry]:
    """The newest entries first (those before entry ``before``, when given), limited to
    those on ``target``, by ``actor`` and of ``action`` when given."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if before is not None:
        query = query.where(AuditEntry.id < before)
    wanted = ((AuditEntry.target, target), (AuditEntry.actor, actor), (AuditEntry.action, action))
    for column, value in wanted:
        if value:
            query = query.where(column == value)
    return session.scalars(query).all()


def read_entries(
    session: Session,
    *,
    by: Actor,
    limit: int = 100,
    before: int | None = None,
    target: str = "",
    actor: str = "",
    action: str = "",
) -> Sequence[AuditEntry]:
    """The use case of reading the log (the audit page, `vigil audit show`): ``by`` must
    hold audit.read; the reading is itself an entry, naming the filters used."""
    by.require(Permission.AUDIT_READ)
    for field, value in (("reference", target), ("who", actor), ("action", action)):
        limits.check_name(value, field)
    found = entries(session, limit=limit, before=before, target=target, actor=actor, action=action)
    wanted = {"before": before, "file": target, "actor": actor, "action": action}
    detail = ", ".join(f"{key} {value}" for key, value in wanted.items() if value)
    record(session, by, "audit.view", detail=detail)
    return found


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEntry)) or 0
