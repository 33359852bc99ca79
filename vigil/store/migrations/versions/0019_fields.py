"""fields (issue 17): a disputed age, an abduction's country, the disappearance

Revision ID: fields1
Revises: analysts1
Create Date: 2026-12-02 00:00:00.000000
"""

from __future__ import annotations

import re

import jellyfish
import sqlalchemy as sa
from alembic import op
from anyascii import anyascii

revision = "fields1"
down_revision = "analysts1"
branch_labels = None
depends_on = None


KEY_LENGTH = 32
_NOT_LETTERS = re.compile(r"[^a-z]+")


def _key(name: str | None) -> str:
    """How a name sounds, as vigil.domain.names computed it when this migration was written
    (a migration does not import live code)."""
    letters = _NOT_LETTERS.sub("", anyascii(name or "").lower())
    return str(jellyfish.metaphone(letters))[:KEY_LENGTH] if letters else ""


def _sound_of_names(batch: int = 5000) -> None:
    """Fill the keys of the people already there, ``batch`` at a time."""
    people = sa.table(
        "people",
        sa.column("id", sa.Integer),
        sa.column("first_name", sa.String),
        sa.column("last_name", sa.String),
        sa.column("first_key", sa.String),
        sa.column("last_key", sa.String),
    )
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(
            sa.select(people.c.id, people.c.first_name, people.c.last_name)
            .where(people.c.id > last)
            .order_by(people.c.id)
            .limit(batch)
        ).all()
        if not rows:
            return
        connection.execute(
            people.update()
            .where(people.c.id == sa.bindparam("pid"))
            .values(first_key=sa.bindparam("fk"), last_key=sa.bindparam("lk")),
            [{"pid": i, "fk": _key(f), "lk": _key(n)} for i, f, n in rows],
        )
        last = rows[-1][0]


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
        batch.add_column(
            sa.Column("first_key", sa.String(length=32), server_default="", nullable=False)
        )
        batch.add_column(
            sa.Column("last_key", sa.String(length=32), server_default="", nullable=False)
        )
    _sound_of_names()
    op.create_index(op.f("ix_people_first_key_last_key"), "people", ["first_key", "last_key"])
    op.create_index(op.f("ix_people_first_key_birth_date"), "people", ["first_key", "birth_date"])


def downgrade() -> None:
    op.drop_table("disappearances")
    # never recreate cases on SQLite: dropping the old table would delete its people,
    # timelines and search words through their foreign keys (ALTER TABLE DROP COLUMN, 3.35+)
    with op.batch_alter_table("cases", recreate="never") as batch:
        batch.drop_column("authority_reference")
        batch.drop_column("direction")
        batch.drop_column("country")
    op.drop_index(op.f("ix_people_first_key_birth_date"), table_name="people")
    op.drop_index(op.f("ix_people_first_key_last_key"), table_name="people")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("last_key")
        batch.drop_column("first_key")
        batch.drop_column("age_disputed")
