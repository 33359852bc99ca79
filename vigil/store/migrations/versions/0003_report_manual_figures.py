"""manual figures: the figures of a year recorded by hand, for the yearly report

Revision ID: r1report
Revises: w1web
Create Date: 2026-11-28 10:05:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "r1report"
down_revision = "w1web"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "manual_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("labels", sa.JSON(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_manual_figures")),
        sa.UniqueConstraint("year", "key", name=op.f("uq_manual_figures_year_key")),
    )


def downgrade() -> None:
    op.drop_table("manual_figures")
