"""record: a file's history (closings, reopenings, reclassifications as entries), the
stretches the figures count, the figures of a year as published, links of the same child

Revision ID: record1
Revises: fields1
Create Date: 2026-12-02 00:30:00.000000

Every existing file gets its opening entry (and its closing entry when closed) and its one
stretch, written from its columns: for them the figures stay exactly what they were. A file
reopened before this migration lost its closing from its columns, not from its timeline:
its closings and reopenings are written again from the timeline's entries, so that the
years it was closed in count it again.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "record1"
down_revision = "fields1"
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
EVENTS = sa.table(
    "events",
    sa.column("id", sa.Integer),
    sa.column("case_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("occurred_at", sa.DateTime),
    sa.column("text", sa.Text),
    sa.column("what", sa.String),
    sa.column("facts", sa.JSON),
)
BATCH = 20_000
OLD_CLOSING = re.compile(r"^closed: (\w+)")


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
    _reopened_from_timeline(op.get_bind())


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


def _reopened_from_timeline(connection: Any) -> None:
    """The files reopened before: their history and stretches from their timeline."""
    reopening = sa.and_(
        EVENTS.c.kind == "status_change",
        sa.or_(EVENTS.c.what == "reopened", EVENTS.c.text.like("reopened%")),
    )
    ids = sorted(
        connection.execute(sa.select(EVENTS.c.case_id).where(reopening).distinct()).scalars()
    )
    for start in range(0, len(ids), 500):
        _rewrite(connection, ids[start : start + 500], reopening)


def _rewrite(connection: Any, ids: list[int], reopening: Any) -> None:
    closing = sa.or_(EVENTS.c.what == "closed", EVENTS.c.text.like("closed: %"))
    steps: dict[int, list[tuple[str, date, str | None]]] = {i: [] for i in ids}
    query = (
        sa.select(EVENTS.c.case_id, EVENTS.c.occurred_at, EVENTS.c.text, EVENTS.c.facts, reopening)
        .where(
            EVENTS.c.case_id.in_(ids),
            sa.or_(reopening, sa.and_(EVENTS.c.kind == "outcome", closing)),
        )
        .order_by(EVENTS.c.case_id, EVENTS.c.id)
    )
    for case_id, at, text, facts, is_reopening in connection.execute(query):
        day = at.date() if isinstance(at, datetime) else date.fromisoformat(str(at)[:10])
        if is_reopening:
            steps[case_id].append(("reopened", day, None))
            continue
        old = OLD_CLOSING.match(text or "")
        outcome = (facts or {}).get("outcome") or (old.group(1) if old else None)
        if outcome:
            steps[case_id].append(("closed", day, outcome))
    now = datetime.now(UTC)
    connection.execute(HISTORY.delete().where(HISTORY.c.case_id.in_(ids)))
    connection.execute(PERIODS.delete().where(PERIODS.c.case_id.in_(ids)))
    entries: list[dict[str, Any]] = []
    periods: list[dict[str, Any]] = []
    for r in connection.execute(sa.select(CASES).where(CASES.c.id.in_(ids))):
        kept = {"case_id": r.id, "recorded_at": now, "actor": "migration", "reason": ""}
        facts = {"type": r.type, "scope": r.scope, "effective": r.effective}
        entries.append(kept | {"kind": "opened", "on": r.opened_at, "before": {}, "after": facts})
        stretch: dict[str, Any] | None = _stretch(r, r.opened_at, True)
        done: list[dict[str, Any]] = []
        for kind, day, outcome in steps[r.id]:
            if kind == "closed" and stretch is not None:
                after = {"status": "closed", "outcome": outcome}
                entries.append(
                    kept
                    | {"kind": "closed", "on": day, "before": {"status": "open"}, "after": after}
                )
                done.append(stretch | {"end": day, "closed": True, "outcome": outcome})
                stretch = None
            elif kind == "reopened" and stretch is None:
                entries.append(
                    kept
                    | {
                        "kind": "reopened",
                        "on": day,
                        "before": {"status": "closed"},
                        "after": {"status": "open"},
                    }
                )
                stretch = _stretch(r, day, False)
        done += [stretch] if stretch is not None else []
        if done and done[-1]["closed"] and r.closed_at is not None:  # the columns are exact
            done[-1]["end"] = r.closed_at
        years = [p["end"].year if p["closed"] else None for p in done]
        for i, p in enumerate(done):
            p["next_start"] = done[i + 1]["start"] if i + 1 < len(done) else None
            p["last_in_year"] = years[i] is not None and years[i] not in years[i + 1 :]
        periods += done
    if entries:
        connection.execute(HISTORY.insert(), entries)
    if periods:
        connection.execute(PERIODS.insert(), periods)


def _stretch(r: Any, start: date, first: bool) -> dict[str, Any]:
    return {
        "case_id": r.id,
        "type": r.type,
        "scope": r.scope,
        "effective": r.effective,
        "start": start,
        "end": None,
        "since": start,
        "first": first,
        "closed": False,
        "outcome": None,
        "next_start": None,
        "last_in_year": False,
        "age": r.child_age_at_opening if first else None,
    }


def downgrade() -> None:
    with op.batch_alter_table("case_links") as batch:
        batch.drop_column("same_child")
    op.drop_table("published_figures")
    op.drop_index(op.f("ix_case_periods_case_id"), table_name="case_periods")
    op.drop_table("case_periods")
    op.drop_index(op.f("ix_case_history_case_id"), table_name="case_history")
    op.drop_table("case_history")
