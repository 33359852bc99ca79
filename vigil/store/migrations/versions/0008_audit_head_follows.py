"""audit log: the head row takes each new entry's hash in the database itself

A trigger copies the hash of each appended entry into ``audit_head``, where the code used
to do it with a statement of its own: one statement fewer on every audited request (a round
trip to PostgreSQL on every view of a file), and no way left to append an entry without
moving the head.

Revision ID: a2audit
Revises: a1audit
Create Date: 2026-11-28 13:25:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "a2audit"
down_revision = "a1audit"
branch_labels = None
depends_on = None

HEAD_FOLLOWS = {
    "sqlite": [
        "CREATE TRIGGER audit_head_follows AFTER INSERT ON audit_entries "
        "BEGIN UPDATE audit_head SET last_hash = NEW.hash WHERE id = 1; END",
    ],
    "postgresql": [
        "CREATE FUNCTION audit_head_follows() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN UPDATE audit_head SET last_hash = NEW.hash WHERE id = 1; RETURN NULL; END $$",
        "CREATE TRIGGER audit_head_follows AFTER INSERT ON audit_entries "
        "FOR EACH ROW EXECUTE FUNCTION audit_head_follows()",
    ],
}
UNDO = {
    "sqlite": ["DROP TRIGGER IF EXISTS audit_head_follows"],
    "postgresql": [
        "DROP TRIGGER IF EXISTS audit_head_follows ON audit_entries",
        "DROP FUNCTION IF EXISTS audit_head_follows()",
    ],
}


def upgrade() -> None:
    for statement in HEAD_FOLLOWS[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    for statement in UNDO[op.get_bind().dialect.name]:
        op.execute(statement)
