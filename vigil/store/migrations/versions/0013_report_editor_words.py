"""report editions and texts: the editor's own words of each year's press release

Revision ID: r2report
Revises: n1notices
Create Date: 2026-12-01 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "r2report"
down_revision = "n1notices"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_editions",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("compare_with", sa.Integer(), nullable=True),
        sa.Column("paragraph_order", sa.JSON(), nullable=False),
        sa.Column("quote_by", sa.String(length=200), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_report_editions")),
    )
    op.create_table(
        "report_texts",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("quote_role", sa.String(length=200), nullable=False),
        sa.Column("context", sa.Text(), nullable=False),
        sa.Column("prevention", sa.Text(), nullable=False),
        sa.Column("contacts", sa.Text(), nullable=False),
        sa.Column("boilerplate", sa.Text(), nullable=False),
        sa.Column("sentences", sa.JSON(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("year", "lang", name=op.f("pk_report_texts")),
    )


def downgrade() -> None:
    op.drop_table("report_texts")
    op.drop_table("report_editions")
