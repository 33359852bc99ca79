"""record: a file's history (closings, reopenings, reclassifications as entries), the
stretches the figures count, the figures of a year as published, links of the same child

Revision ID: record1
Revises: p1pages
Create Date: 2026-12-02 00:30:00.000000

Every existing file gets its opening entry (and its closing entry when closed) and its one
stretch, written from its columns: for them the figures stay exactly what they were.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "record1"
down_revision = "p1pages"
branch_labels = None
depends_on = None

CASES = sa.table(
    "cases",
    sa.column("id", sa.Integer),
    sa.column("type", sa.String),
    sa.column("scope", sa.String),
    sa.column("effective", sa.Boolean),
    sa.column("opened_at", sa.Date),
    sa.column("closed_at", sa.Date),
    sa.column("outcome", sa.String),
    sa.column("child_age_at_opening", sa.Integer),
)
HISTORY = sa.table(
    "case_history",
    *(sa.column(n) for n in ("case_id", "kind", "on", "recorded_at", "actor", "reason")),
    sa.column("before", sa.JSON),
    sa.column("after", sa.JSON),
)
PERIODS = sa.table(
    "case_periods",
    *(
        sa.column(n)
        for n in (
            "case_id",
            "type",
            "scope",
            "effective",
            "start",
            "end",
            "since",
            "first",
            "closed",
            "outcome",
            "next_start",
            "last_in_year",
            "age",
        )
    ),
)
BATCH = 20_000


def upgrade() -> None:
    op.create_table(
        "case_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("backdated_days", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["by_id"], ["users.id"], name=op.f("fk_case_history_by_id_users")),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_history_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_history")),
    )
    op.create_index(op.f("ix_case_history_case_id"), "case_history", ["case_id"])
    op.create_table(
        "case_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.Enum(name="case_type", native_enum=False, length=32), nullable=False),
        sa.Column("scope", sa.Enum(name="scope", native_enum=False, length=32), nullable=True),
        sa.Column("effective", sa.Boolean(), nullable=True),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("first", sa.Boolean(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.Enum(name="outcome", native_enum=False, length=32), nullable=True),
        sa.Column("next_start", sa.Date(), nullable=True),
        sa.Column("last_in_year", sa.Boolean(), nullable=False),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_periods_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_periods")),
    )
    op.create_index(op.f("ix_case_periods_case_id"), "case_periods", ["case_id"])
    op.create_table(
        "published_figures",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_published_figures")),
    )
    with op.batch_alter_table("case_links") as batch:
        batch.add_column(
            sa.Column("same_child", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    _backfill(op.get_bind())


def _backfill(connection: Any) -> None:
    """Each file's opening (and closing) entry and its one stretch, from its columns."""
    now = datetime.now(UTC)
    last = 0
    while True:
        rows = connection.execute(
            sa.select(CASES).where(CASES.c.id > last).order_by(CASES.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        entries: list[dict[str, Any]] = []
        periods: list[dict[str, Any]] = []
        for r in rows:
            kept = {"case_id": r.id, "recorded_at": now, "actor": "migration", "reason": ""}
            facts = {"type": r.type, "scope": r.scope, "effective": r.effective}
            entries.append(
                kept | {"kind": "opened", "on": r.opened_at, "before": {}, "after": facts}
            )
            closed = r.closed_at is not None and r.outcome is not None
            if closed:
                after = {"status": "closed", "outcome": r.outcome}
                entries.append(
                    kept
                    | {
                        "kind": "closed",
                        "on": r.closed_at,
                        "before": {"status": "open"},
                        "after": after,
                    }
                )
            periods.append(
                {
                    "case_id": r.id,
                    "type": r.type,
                    "scope": r.scope,
                    "effective": r.effective,
                    "start": r.opened_at,
                    "end": r.closed_at if closed else None,
                    "since": r.opened_at,
                    "first": True,
                    "closed": closed,
                    "outcome": r.outcome if closed else None,
                    "next_start": None,
                    "last_in_year": closed,
                    "age": r.child_age_at_opening,
                }
            )
        connection.execute(HISTORY.insert(), entries)
        connection.execute(PERIODS.insert(), periods)
        last = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table("case_links") as batch:
        batch.drop_column("same_child")
    op.drop_table("published_figures")
    op.drop_index(op.f("ix_case_periods_case_id"), table_name="case_periods")
    op.drop_table("case_periods")
    op.drop_index(op.f("ix_case_history_case_id"), table_name="case_history")
    op.drop_table("case_history")
