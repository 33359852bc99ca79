"""The tables of notice-and-takedown and of the crawler (issue 16).

``hotline_takedowns``: one row per confirmed URL, from its confirmation until its material
is gone: where it is hosted, when notices went out, when it was checked, escalated,
removed. ``hotline_notices``: every notice sent, with its message id, time and result.
``hotline_tasks``: what a supervisor must do (a recipient nobody knows, a URL still online
after the escalation delay). ``hotline_crawls`` and ``hotline_frontier``: a crawl per site
and its frontier, kept here so that a restarted worker resumes it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vigil import clock
from vigil.domain.contacts import ContactKind
from vigil.domain.takedown import (
    CheckResult,
    CrawlState,
    FrontierKind,
    PageState,
    Removal,
    TakedownState,
    TaskState,
)
from vigil.store.base import Base, stored_enum


class Takedown(Base):
    """A confirmed URL until its material is gone. ``item_id`` is the media item whose
    confirmation opened it (one takedown per item; one open takedown per URL)."""

    __tablename__ = "hotline_takedowns"
    __table_args__ = (Index(None, "state", "next_check_at"), Index(None, "url"))

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("hotline_media.id", ondelete="CASCADE"), unique=True
    )
    url: Mapped[str] = mapped_column(Text)
    reference: Mapped[str] = mapped_column(String(32))
    classification: Mapped[str] = mapped_column(String(16), default="baseline")
    state: Mapped[TakedownState] = mapped_column(stored_enum(TakedownState, "takedown_state"))
    reported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    confirmed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    address: Mapped[str | None] = mapped_column(String(64))
    reverse_dns: Mapped[str | None] = mapped_column(String(255))
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    asn: Mapped[int | None] = mapped_column(BigInteger)
    as_name: Mapped[str | None] = mapped_column(String(300))
    rounds: Mapped[int] = mapped_column(Integer, default=0)
    """Rounds of notices sent so far (1: the first notice; more: reminders)."""
    first_notice_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_notice_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    next_notice_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    next_check_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    checks: Mapped[int] = mapped_column(Integer, default=0)
    last_check: Mapped[CheckResult | None] = mapped_column(stored_enum(CheckResult, "check_result"))
    last_check_reason: Mapped[str | None] = mapped_column(Text)
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    removal: Mapped[Removal | None] = mapped_column(stored_enum(Removal, "removal"))
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    notices: Mapped[list[SentNotice]] = relationship(
        back_populates="takedown", order_by="SentNotice.id"
    )

    def hours_to_removal(self, since: datetime | None) -> float | None:
        """Hours from ``since`` (the report, the first notice) to the removal, or None."""
        if self.removed_at is None or since is None:
            return None
        return (_aware(self.removed_at) - _aware(since)).total_seconds() / 3600


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


class SentNotice(Base):
    """One notice sent about a takedown: to whom, which round (1: the first notice, 2 and
    more: reminders), whether it escalated, and what became of it."""

    __tablename__ = "hotline_notices"
    __table_args__ = (Index(None, "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    takedown_id: Mapped[int] = mapped_column(
        ForeignKey("hotline_takedowns.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int] = mapped_column(ForeignKey("hotline_contacts.id"))
    kind: Mapped[ContactKind] = mapped_column(stored_enum(ContactKind, "contact_kind"))
    language: Mapped[str] = mapped_column(String(2))
    round: Mapped[int] = mapped_column(Integer)
    escalation: Mapped[bool] = mapped_column(Boolean, default=False)
    channel: Mapped[str] = mapped_column(String(16))
    message_id: Mapped[str] = mapped_column(String(300))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    result: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=1)

    takedown: Mapped[Takedown] = relationship(back_populates="notices")


class HotlineTask(Base):
    """Something a supervisor must do about a takedown: ``reason`` is a routing gap
    (vigil.hotline.routing.Gap) or ``escalation``; ``message`` says what to do."""

    __tablename__ = "hotline_tasks"
    __table_args__ = (Index(None, "state", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    takedown_id: Mapped[int | None] = mapped_column(
        ForeignKey("hotline_takedowns.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(String(32))
    kind: Mapped[ContactKind | None] = mapped_column(stored_enum(ContactKind, "contact_kind"))
    country: Mapped[str | None] = mapped_column(String(2))
    asn: Mapped[int | None] = mapped_column(BigInteger)
    message: Mapped[str] = mapped_column(Text)
    state: Mapped[TaskState] = mapped_column(stored_enum(TaskState, "task_state"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    done_by: Mapped[str | None] = mapped_column(String(200))


class Crawl(Base):
    """The crawl of one site (``scheme://host[:port]``) from a confirmed page. ``misses``
    counts the pages in a row that brought no new match; ``claimed_until`` is the lease of
    the one worker that crawls it (one request at a time per site)."""

    __tablename__ = "hotline_crawls"

    id: Mapped[int] = mapped_column(primary_key=True)
    site: Mapped[str] = mapped_column(String(300), unique=True)
    seed: Mapped[str] = mapped_column(Text)
    state: Mapped[CrawlState] = mapped_column(stored_enum(CrawlState, "crawl_state"))
    pages: Mapped[int] = mapped_column(Integer, default=0)
    matches: Mapped[int] = mapped_column(Integer, default=0)
    misses: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str | None] = mapped_column(Text)
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class FrontierEntry(Base):
    """A page or media URL of a crawl: each is fetched at most once per crawl."""

    __tablename__ = "hotline_frontier"
    __table_args__ = (
        UniqueConstraint("crawl_id", "url"),
        Index(None, "crawl_id", "kind", "state", "depth", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    crawl_id: Mapped[int] = mapped_column(ForeignKey("hotline_crawls.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[FrontierKind] = mapped_column(stored_enum(FrontierKind, "frontier_kind"))
    depth: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[PageState] = mapped_column(stored_enum(PageState, "page_state"))
    reason: Mapped[str | None] = mapped_column(Text)
    url_id: Mapped[int | None] = mapped_column(ForeignKey("hotline_urls.id", ondelete="SET NULL"))
