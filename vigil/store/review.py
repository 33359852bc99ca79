"""The tables of the analysts' review: groups of media items decided once, the decisions
(who, when, what, on which items) and each analyst's exposure to previews.

A group's lease (``lease_user_id`` until ``lease_expires``) is how two analysts never get
the same group: it is taken by one conditional UPDATE, held in the database so that every
web process sees it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vigil import clock
from vigil.domain.review import AgeGroup, DecisionKind, GroupState, Reason, Sex, Verdict
from vigil.store.base import Base, stored_enum


class ReviewGroup(Base):
    """Media items that are one picture (the same SHA-256, or PDQ hashes within the
    threshold, turned or mirrored included), decided once for all of them."""

    __tablename__ = "hotline_groups"
    __table_args__ = (Index(None, "state", "id"), Index(None, "lease_user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[GroupState] = mapped_column(stored_enum(GroupState, "group_state"))
    verdict: Mapped[Verdict | None] = mapped_column(stored_enum(Verdict, "verdict"))
    """The verdict once confirmed (by consensus, a supervisor or a correction)."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    lease_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lease_expires: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Decision(Base):
    """One person's decision on a group, with the items it covered. Never changed: a
    correction is a decision of its own."""

    __tablename__ = "hotline_decisions"
    __table_args__ = (Index(None, "group_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("hotline_groups.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    kind: Mapped[DecisionKind] = mapped_column(stored_enum(DecisionKind, "decision_kind"))
    verdict: Mapped[Verdict | None] = mapped_column(stored_enum(Verdict, "verdict"))
    reason: Mapped[Reason | None] = mapped_column(stored_enum(Reason, "not_illegal_reason"))
    age_group: Mapped[AgeGroup | None] = mapped_column(stored_enum(AgeGroup, "age_group"))
    sex: Mapped[Sex | None] = mapped_column(stored_enum(Sex, "sex"))
    note: Mapped[str] = mapped_column(Text, default="")
    items: Mapped[list[int]] = mapped_column(JSON, default=list)
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    consensus: Mapped[bool] = mapped_column(Boolean, default=False)
    """True on the decision that confirmed the group (the last of those that agreed, a
    supervisor's, a correction)."""


class Exposure(Base):
    """One preview served to one analyst: from ``served_at`` to ``ended_at`` (the group's
    decision or skip; open while None), counted as ``seconds`` (capped) on ``day``, the
    foundation's date of the serving."""

    __tablename__ = "hotline_exposure"
    __table_args__ = (Index(None, "user_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    item_id: Mapped[int] = mapped_column(
        ForeignKey("hotline_media.id", ondelete="CASCADE"), index=True
    )
    group_id: Mapped[int] = mapped_column(ForeignKey("hotline_groups.id", ondelete="CASCADE"))
    clearer: Mapped[bool] = mapped_column(Boolean, default=False)
    day: Mapped[date] = mapped_column(Date)
    served_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    seconds: Mapped[int | None] = mapped_column(Integer)
