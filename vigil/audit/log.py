"""Record to and verify the hash-chained audit log.

Each entry's hash is the SHA-256 of the previous entry's hash and the entry's own fields,
so changing or deleting an entry (or the order of entries) breaks every hash after it.
Appending first updates the single ``audit_head`` row: the row lock (PostgreSQL) or the
write lock (SQLite) makes concurrent writers take turns, so the chain never forks. A
trigger (migration ``a2audit``) then copies each appended entry's hash into the head.

Entries name people by username and files by reference: never a child's name, so the
log itself holds no personal data about the children.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import Table, Text, bindparam, func, insert, literal, select, update
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session

from vigil import clock
from vigil.store.db import Executor, connection_of
from vigil.store.models import AuditEntry, AuditHead
from vigil.store.prepared import Prepared

GENESIS = "0" * 64
_ENTRIES = cast(Table, AuditEntry.__table__)
_HEAD = cast(Table, AuditHead.__table__)


def _canonical_time(at: datetime) -> str:
    """The time as hashed: UTC, microseconds, no zone (SQLite hands back naive times)."""
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds")


def entry_hash(
    prev_hash: str, id: int, at: datetime, actor: str, action: str, target: str, detail: str
) -> str:
    """The SHA-256 of the entry as canonical JSON: ``[prev_hash, id, at, actor, action,
    target, detail]`` without spaces, UTF-8 (``_APPEND_HERE`` builds the same in SQL)."""
    encoded = (_head_of(prev_hash, id) + _rest_of(at, actor, action, target, detail)).encode()
    return hashlib.sha256(encoded).hexdigest()


def _head_of(prev_hash: str, id: int) -> str:
    """The canonical JSON up to the entry's own fields: what only the head row knows."""
    return f'["{prev_hash}",{id},'  # a hexadecimal hash and a number: nothing to escape


def _rest_of(at: datetime, actor: str, action: str, target: str, detail: str) -> str:
    fields = [_canonical_time(at), actor, action, target, detail]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))[1:]


def record(session: Executor, actor: str, action: str, target: str = "", detail: str = "") -> int:
    """Append an entry in the caller's transaction (so it is kept exactly when the change
    it records is kept); return its number.

    The head row stays locked until the transaction ends: write the entry as late as the
    door can (after the page is rendered, just before the commit), so that others wait the
    least for their turn.
    """
    connection = connection_of(session)  # prepared statements on it: no ORM work per entry
    if connection.dialect.name == "postgresql":  # one round trip instead of two
        at = clock.now()
        rest = _rest_of(at, actor, action, target, detail)
        values = {"at": at, "actor": actor, "action": action, "target": target}
        return int(_APPEND_HERE.first(connection, {**values, "detail": detail, "rest": rest}).id)
    head = _ADVANCE.first(connection, {})  # the migration writes the head row
    number, prev_hash = int(head.last_id), str(head.last_hash)
    at = clock.now()
    digest = entry_hash(prev_hash, number, at, actor, action, target, detail)
    entry = {"id": number, "at": at, "actor": actor, "action": action, "target": target}
    _APPEND.run(connection, {**entry, "detail": detail, "prev_hash": prev_hash, "hash": digest})
    return number  # the head took the entry's hash: trigger audit_head_follows


# Built once: these run on every audited request.
_ADVANCE = Prepared(
    update(_HEAD)
    .where(_HEAD.c.id == 1)
    .values(last_id=_HEAD.c.last_id + 1)
    .returning(_HEAD.c.last_id, _HEAD.c.last_hash)
)
"""Take the next entry number, locking the head until the transaction ends."""
_APPEND = Prepared(
    insert(_ENTRIES).values(
        {column.key: bindparam(column.key) for column in _ENTRIES.c}  # all, given each time
    )
)


def _append_here() -> Prepared:
    """On PostgreSQL, advancing the head and appending the entry in one statement: the head's
    UPDATE ... RETURNING as a CTE, and the entry's hash computed by the database from the
    same canonical JSON as ``entry_hash`` (the head's part, then ``rest`` made in Python)."""
    head = _ADVANCE.statement.cte("head")  # type: ignore[attr-defined]
    canonical = (
        literal('["') + head.c.last_hash + literal('",') + sql_cast(head.c.last_id, Text)
    ).concat(literal(",")) + bindparam("rest", type_=Text)
    digest = func.encode(func.sha256(func.convert_to(canonical, "UTF8")), "hex")
    chosen = select(
        head.c.last_id,
        bindparam("at", type_=_ENTRIES.c.at.type),
        bindparam("actor", type_=Text),
        bindparam("action", type_=Text),
        bindparam("target", type_=Text),
        bindparam("detail", type_=Text),
        head.c.last_hash,
        digest,
    )
    columns = ["id", "at", "actor", "action", "target", "detail", "prev_hash", "hash"]
    return Prepared(insert(_ENTRIES).from_select(columns, chosen).returning(_ENTRIES.c.id))


_APPEND_HERE = _append_here()


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


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEntry)) or 0
