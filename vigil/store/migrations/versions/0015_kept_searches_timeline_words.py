"""pages: searches kept for their person, the timeline's entries as codes, the list by change

Revision ID: p1pages
Revises: h1hotline
Create Date: 2026-12-10 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "p1pages"
down_revision = "h1hotline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kept_searches",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_kept_searches_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kept_searches")),
    )
    op.create_index(op.f("ix_kept_searches_user_id"), "kept_searches", ["user_id"])
    op.create_index(op.f("ix_kept_searches_created_at"), "kept_searches", ["created_at"])
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("what", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("facts", sa.JSON(), server_default="{}", nullable=False))
    op.create_index(op.f("ix_cases_updated_at_id"), "cases", ["updated_at", "id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_cases_updated_at_id"), table_name="cases")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("facts")
        batch.drop_column("what")
    op.drop_index(op.f("ix_kept_searches_created_at"), table_name="kept_searches")
    op.drop_index(op.f("ix_kept_searches_user_id"), table_name="kept_searches")
    op.drop_table("kept_searches")
