"""A portable backup: every table's rows as gzip-compressed JSON Lines.

The same file restores on SQLite or PostgreSQL, whichever it came from, so it also moves a
SQLite trial installation to PostgreSQL. The first line names the schema's migration; a
restore goes into an empty database brought to that migration, table by table in the order
of their foreign keys, sets PostgreSQL's id sequences past the restored ids, and then runs
the migrations that came after the backup.

A backup holds no live sign-in: the sessions and the failed sign-ins counted by the brakes
are left out (and left out of a restore of an older backup that has them), so that a stolen
backup opens no one's session. The file is made 0600 before anything is written to it. The
second-factor secrets in it are sealed: they open only with the key they were sealed with
(VIGIL_SECRET_KEY, see vigil.store.keys).
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from alembic import command
from alembic.runtime.migration import MigrationContext
from sqlalchemy import (
    Connection,
    Date,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    Table,
    func,
    inspect,
    select,
    text,
)

import vigil.store.models  # noqa: F401 (puts every table on Base)
from vigil.errors import InputError
from vigil.store import db, files
from vigil.store.base import Base

FORMAT = "vigil-backup/1"
BATCH = 2000
LEFT_OUT = frozenset(
    {"web_sessions", "sign_in_failures", "kept_searches", "hotline_submissions", "idempotency_keys"}
)
"""Live sign-ins, the brakes' counts (of sign-ins and of the public report form), the
searches kept for a while and the API's idempotency keys: of this moment, not of the
record."""


@dataclass(frozen=True)
class Summary:
    revision: str
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):  # the sealed evidence copies: still sealed, as base64
        return base64.b64encode(value).decode("ascii")
    return value


def _decode(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for column in table.columns:
        value = out.get(column.name)
        if value is None:
            continue
        if isinstance(column.type, DateTime):
            out[column.name] = datetime.fromisoformat(value)
        elif isinstance(column.type, Date):
            out[column.name] = date.fromisoformat(value)
        elif isinstance(column.type, LargeBinary):
            out[column.name] = base64.b64decode(value)
    return out


def _revision(connection: Connection) -> str:
    revision = MigrationContext.configure(connection).get_current_revision()
    if revision is None:
        raise InputError("the database is empty; there is nothing to back up")
    return revision


def backup(engine: Engine, path: Path) -> Summary:
    """Write every row to ``path`` in one consistent read (a single transaction)."""
    rows: dict[str, int] = {}
    with (
        engine.connect() as c,
        files.open_private(path) as raw,
        gzip.open(raw, "wt", encoding="utf-8") as out,
        c.begin(),
    ):
        revision = _revision(c)
        out.write(json.dumps({"format": FORMAT, "revision": revision}) + "\n")
        for table in Base.metadata.sorted_tables:
            if table.name not in LEFT_OUT:
                rows[table.name] = _dump_table(c, table, out)
    return Summary(revision, rows)


def _dump_table(c: Connection, table: Table, out: IO[str]) -> int:
    count = 0
    key = list(table.primary_key.columns)
    result = c.execution_options(yield_per=BATCH).execute(select(table).order_by(*key))
    for row in result.mappings():
        record = {k: _encode(v) for k, v in row.items()}
        out.write(json.dumps({"t": table.name, "r": record}, ensure_ascii=False) + "\n")
        count += 1
    return count


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def restore(engine: Engine, path: Path, *, secret_key: db.KeySource | None = None) -> Summary:
    """Restore a backup into an empty database. Raise InputError if it is not a Vigil
    backup or the database already holds data. The migrations that come after the backup's
    run then; one that seals second-factor secrets takes the key from ``secret_key``."""
    lines = _lines(path)
    try:
        header = next(lines)
    except (OSError, ValueError, StopIteration) as exc:
        raise InputError(
            "%(path)s is not a Vigil backup (%(why)s)", field="path", path=path, why=str(exc)
        ) from None
    if header.get("format") != FORMAT:
        raise InputError(
            "%(path)s is not a Vigil backup (no %(format)s header)",
            field="path",
            path=path,
            format=FORMAT,
        )
    command.upgrade(db.alembic_config(engine), header["revision"])
    rows: dict[str, int] = {}
    tables = Base.metadata.tables
    with engine.begin() as c:
        _refuse_unless_empty(c)
        batch: list[dict[str, Any]] = []
        current: Table | None = None
        for line in lines:
            if line["t"] in LEFT_OUT:
                continue
            table = tables[line["t"]]
            if table is not current and batch and current is not None:
                c.execute(current.insert(), batch)
                batch = []
            current = table
            batch.append(_decode(table, line["r"]))
            rows[table.name] = rows.get(table.name, 0) + 1
            if len(batch) >= BATCH:
                c.execute(table.insert(), batch)
                batch = []
        if batch and current is not None:
            c.execute(current.insert(), batch)
        _reset_sequences(c)
    db.migrate(engine, secret_key=secret_key)  # a backup of an older version: its later ones
    return Summary(header["revision"], rows)


def _refuse_unless_empty(c: Connection) -> None:
    """Only tables that a migration fills itself (the audit chain's head) may hold rows:
    they are emptied, to take the backup's."""
    present = set(inspect(c).get_table_names())
    for table in Base.metadata.sorted_tables:
        if table.name not in present:
            continue
        if table.name == "audit_head":
            c.execute(table.delete())
            continue
        if c.scalar(select(func.count()).select_from(table)):
            raise InputError(
                "the database already holds data (table %(table)s); restore into a new, "
                "empty database",
                field="database",
                table=table.name,
            )


def _reset_sequences(c: Connection) -> None:
    if c.dialect.name != "postgresql":
        return
    present = set(inspect(c).get_table_names())
    for table in Base.metadata.sorted_tables:
        key = list(table.primary_key.columns)
        if table.name not in present:
            continue
        if len(key) != 1 or not isinstance(key[0].type, Integer):
            continue
        sequence = c.scalar(
            text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": key[0].name}
        )
        if sequence:
            top = c.scalar(select(func.max(key[0])))
            c.execute(
                text("SELECT setval(:s, :v, :called)"),
                {"s": sequence, "v": top or 1, "called": top is not None},
            )
