"""search index: the words each file is found by, filled from the files already there;
the file list's order as an index

Revision ID: s1search
Revises: w2web
Create Date: 2026-11-28 15:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from vigil.store import search

revision = "s1search"
down_revision = "w2web"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_terms",
        sa.Column(
            "term",
            sa.String(length=64).with_variant(sa.String(length=64, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_search_terms_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("term", "case_id", name=op.f("pk_search_terms")),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f("ix_search_terms_case_id"), "search_terms", ["case_id"], unique=False)
    search.rebuild(op.get_bind())
    op.create_index(op.f("ix_cases_opened_at_id"), "cases", ["opened_at", "id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_cases_opened_at_id"), table_name="cases")
    op.drop_index(op.f("ix_search_terms_case_id"), table_name="search_terms")
    op.drop_table("search_terms")
