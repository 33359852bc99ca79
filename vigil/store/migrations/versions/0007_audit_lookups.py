"""audit log: find a file's history and a person's actions without reading the whole log

Revision ID: a1audit
Revises: s1search
Create Date: 2026-11-28 12:40:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "a1audit"
down_revision = "s1search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Newest first within one file or one person: the audit page's filters and "who saw
    # this child's file", at the price of two index entries per audited request.
    op.create_index("ix_audit_entries_target_id", "audit_entries", ["target", "id"])
    op.create_index("ix_audit_entries_actor_id", "audit_entries", ["actor", "id"])


def downgrade() -> None:
    op.drop_index("ix_audit_entries_actor_id", table_name="audit_entries")
    op.drop_index("ix_audit_entries_target_id", table_name="audit_entries")
