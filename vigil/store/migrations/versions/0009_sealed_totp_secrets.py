"""secrets at rest: second-factor (TOTP) secrets sealed with the instance's secret key

The secrets were stored in clear: a copy of the database or of a backup handed over every
account's second factor. They are sealed with AES-256-GCM under VIGIL_SECRET_KEY (see
vigil.store.keys), each bound to its account (``totp:<user id>``); the columns grow to hold
the sealed text. The half-open enrolments' secrets (web_sessions.pending_secret) too.

Sealing needs the key: ``vigil init`` and ``vigil restore`` hand it over (db.migrate's
``secret_key``); a database with no secret to seal needs none.

Revision ID: k1keys
Revises: a2audit
Create Date: 2026-12-01 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import context, op

from vigil.errors import DatabaseNotReady

revision = "k1keys"
down_revision = "a2audit"
branch_labels = None
depends_on = None

COLUMNS = (("users", "totp_secret", "id"), ("web_sessions", "pending_secret", "user_id"))


SEALED = "v1."
"""How a sealed value starts (as vigil.store.keys wrote them when this migration was
written): a TOTP secret's own text, base32, has no dot."""


def is_sealed(value: str) -> bool:
    return value.startswith(SEALED)


def _key() -> Any:
    """The key object ``db.migrate`` was given (its ``seal`` and ``open``)."""
    provide = context.config.attributes.get("secret_key")
    if provide is None:
        raise DatabaseNotReady(
            "this database holds second-factor secrets to seal with the secret key; run "
            "`vigil init` (with VIGIL_SECRET_KEY set, on PostgreSQL) to upgrade it"
        )
    return provide()


Found = list[tuple[sa.TableClause, str, int, str, int]]
"""(table, column, row id, value, owner's user id) of each secret to change."""


def _find(wanted: Callable[[str], bool]) -> Found:
    bind = op.get_bind()
    found: Found = []
    for table_name, column, owner in COLUMNS:
        table = sa.table(table_name, sa.column("id"), sa.column(column), sa.column(owner))
        query = sa.select(table.c.id, table.c[column], table.c[owner])
        for row_id, value, owner_id in bind.execute(query.where(table.c[column].is_not(None))):
            if wanted(value):
                found.append((table, column, row_id, value, owner_id))
    return found


def _change(found: Found, change: Callable[[str, str], str]) -> None:
    """Store ``change(value, bound_to)`` instead of each value found."""
    bind = op.get_bind()
    for table, column, row_id, value, owner_id in found:
        new = change(value, f"totp:{owner_id}")
        bind.execute(sa.update(table).where(table.c.id == row_id).values({column: new}))


def _resize(before: int, after: int) -> None:
    for table_name, column, _owner in COLUMNS:
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            batch_op.alter_column(
                column, existing_type=sa.String(length=before), type_=sa.String(length=after)
            )


def upgrade() -> None:
    found = _find(lambda value: not is_sealed(value))
    key = _key() if found else None  # before any change: SQLite's DDL is not rolled back
    _resize(64, 200)
    if key is not None:
        _change(found, lambda value, bound: key.seal(value, bound_to=bound))


def downgrade() -> None:
    found = _find(is_sealed)
    if found:
        key = _key()
        _change(found, lambda value, bound: key.open(value, bound_to=bound))
    _resize(200, 64)
