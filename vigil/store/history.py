"""The tables of a file's history (issue 17): the entries of its closings, reopenings and
reclassifications (``case_history``), the stretches of its life they make, which the yearly
figures count (``case_periods``, see vigil.domain.history), and the figures of a year as
published (``published_figures``).

``case_periods`` is derived: vigil.cases.history writes it again from the entries whenever
they change, and keeps its ``age`` equal to ``cases.child_age_at_opening``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vigil import clock
from vigil.domain.case_types import CaseType, Scope
from vigil.domain.outcomes import Outcome
from vigil.store.base import Base, stored_enum


class CaseChange(Base):
    """One entry of a file's history: who, when (``on``: the day it takes effect;
    ``recorded_at``: when it was written), why, and from what to what (codes)."""

    __tablename__ = "case_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    backdated_days: Mapped[int | None] = mapped_column(Integer)
    """Set when the entry is dated further back than VIGIL_BACKDATE_DAYS: how many days."""


class CasePeriod(Base):
    """A stretch of a file's life under one classification (vigil.domain.history.Stretch)."""

    __tablename__ = "case_periods"
    # No index on the dates, on purpose: a year's figures read most stretches (those opened
    # before its end), and on SQLite an index on ``start`` made them look each row up in
    # the table in the index's order, a random read per stretch once the table outgrows the
    # page cache (what made `vigil stats` 2.5 times slower on a million files when `cases`
    # grew wider). A scan of this narrow table reads it in order (benchmarks/README.md).

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    type: Mapped[CaseType] = mapped_column(stored_enum(CaseType, "case_type"))
    scope: Mapped[Scope | None] = mapped_column(stored_enum(Scope, "scope"))
    effective: Mapped[bool | None] = mapped_column(Boolean)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    since: Mapped[date] = mapped_column(Date)
    first: Mapped[bool] = mapped_column(Boolean)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[Outcome | None] = mapped_column(stored_enum(Outcome, "outcome"))
    next_start: Mapped[date | None] = mapped_column(Date)
    last_in_year: Mapped[bool] = mapped_column(Boolean, default=False)
    age: Mapped[int | None] = mapped_column(Integer)
    """The child's age at opening (cases.child_age_at_opening), on the first stretch only."""


class PublishedFigures(Base):
    """The figures of a year as published (`vigil figures publish`): the report of a
    published year is written from ``figures``, and the live figures are compared with them.
    ``files`` holds, per file counted in the year, what it counted for then."""

    __tablename__ = "published_figures"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
    files: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    actor: Mapped[str] = mapped_column(String(200), default="")
