"""audit log: the chain is kept by the code alone; the trigger of a2audit goes

``vigil.audit.log.record`` computes each entry's hash and moves the head row itself, with
the head row locked, in one place: a second copy of the rule in SQL (a trigger, and a
statement building the hash in the database) made the chain harder to follow and to check.

Revision ID: a3audit
Revises: k2keys
Create Date: 2026-12-01 09:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "a3audit"
down_revision = "k2keys"
branch_labels = None
depends_on = None

DROP = {
    "sqlite": ["DROP TRIGGER IF EXISTS audit_head_follows"],
    "postgresql": [
        "DROP TRIGGER IF EXISTS audit_head_follows ON audit_entries",
        "DROP FUNCTION IF EXISTS audit_head_follows()",
    ],
}
CREATE = {
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


def upgrade() -> None:
    for statement in DROP[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    for statement in CREATE[op.get_bind().dialect.name]:
        op.execute(statement)
