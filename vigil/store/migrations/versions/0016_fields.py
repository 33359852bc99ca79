"""fields (issue 17): a disputed age, an abduction's country, the disappearance

Revision ID: fields1
Revises: p1pages
Create Date: 2026-12-02 00:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "fields1"
down_revision = "p1pages"
branch_labels = None
depends_on = None


EXPLOITATION = ("sexual_exploitation", "sexting", "sextortion", "grooming")


def upgrade() -> None:
    op.create_table(
        "disappearances",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("disappeared_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_seen_place", sa.String(length=500), nullable=False),
        sa.Column("last_seen_municipality", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("clothing", sa.Text(), nullable=False),
        sa.Column("police_report_number", sa.String(length=64), nullable=False),
        sa.Column("police_zone", sa.String(length=100), nullable=False),
        sa.Column("magistrate_office", sa.String(length=100), nullable=False),
        sa.Column("nationality", sa.String(length=2), nullable=True),
        sa.Column("aliases", sa.String(length=500), nullable=False),
        sa.Column("reception_centre", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_disappearances_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_disappearances")),
    )
    # "worrying" is a missing child's flag (issue 17): files of exploitation lose it
    cases = sa.table(
        "cases",
        sa.column("type", sa.String),
        sa.column("worrying", sa.Boolean),
        sa.column("risk_reasons", sa.JSON),
    )
    op.execute(
        cases.update().where(cases.c.type.in_(EXPLOITATION)).values(worrying=False, risk_reasons=[])
    )
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("country", sa.String(length=2), nullable=True))
        batch.add_column(sa.Column("direction", sa.String(length=32), nullable=True))
        batch.add_column(
            sa.Column(
                "authority_reference", sa.String(length=64), server_default="", nullable=False
            )
        )
    with op.batch_alter_table("people") as batch:
        batch.add_column(
            sa.Column("age_disputed", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    op.drop_table("disappearances")
    # never recreate cases on SQLite: dropping the old table would delete its people,
    # timelines and search words through their foreign keys (ALTER TABLE DROP COLUMN, 3.35+)
    with op.batch_alter_table("cases", recreate="never") as batch:
        batch.drop_column("authority_reference")
        batch.drop_column("direction")
        batch.drop_column("country")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("age_disputed")
