"""The tables of case work.

``cases.child_age_at_opening`` is derived from the child's birth date or estimate
(see domain.ages) and kept by the use cases that change either: the yearly figures
group hundreds of thousands of files by it with one SQL aggregate, which a birth
date alone would make dialect-specific and slow.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
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
from vigil.domain.case_types import CaseType, Scope
from vigil.domain.events import EventKind
from vigil.domain.outcomes import Outcome, Status
from vigil.domain.people import Gender, Role
from vigil.store.base import Base, stored_enum


class User(Base):
    """A member of staff, and how they sign in (see vigil.accounts).

    ``totp_secret`` is None until the second factor is enrolled; ``recovery_codes`` holds
    the SHA-256 of each unused recovery code; ``roles`` the role codes of vigil.accounts.roles.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    # -- web application (issue 5) --
    password_hash: Mapped[str] = mapped_column(String(200), default="", server_default="")
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    recovery_codes: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    roles: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    locale: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    """The 30-second time step of the last TOTP code accepted: no code is accepted twice."""


class Case(Base):
    """A file: one situation, one child."""

    __tablename__ = "cases"
    __table_args__ = (
        Index(None, "opened_at", "closed_at"),
        Index(None, "status", "type"),
        Index(None, "opened_at", "id"),  # the file list's order: a page is read, not sorted
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(64), unique=True)
    type: Mapped[CaseType] = mapped_column(stored_enum(CaseType, "case_type"))
    scope: Mapped[Scope | None] = mapped_column(stored_enum(Scope, "scope"))
    effective: Mapped[bool | None] = mapped_column(Boolean)
    status: Mapped[Status] = mapped_column(stored_enum(Status, "status"), default=Status.OPEN)
    opened_at: Mapped[date] = mapped_column(Date)
    closed_at: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[Outcome | None] = mapped_column(stored_enum(Outcome, "outcome"))
    summary: Mapped[str] = mapped_column(Text, default="")
    worrying: Mapped[bool] = mapped_column(Boolean, default=False)
    risk_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    child_age_at_opening: Mapped[int | None] = mapped_column(Integer)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, onupdate=clock.now
    )

    assigned_to: Mapped[User | None] = relationship()
    people: Mapped[list[Person]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Person.id"
    )
    events: Mapped[list[Event]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Event.occurred_at, Event.id"
    )
    tasks: Mapped[list[Task]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Task.due_on, Task.id"
    )

    @property
    def child(self) -> Person | None:
        return next((p for p in self.people if p.role is Role.CHILD), None)


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(stored_enum(Role, "role"))
    first_name: Mapped[str] = mapped_column(String(200), default="")
    last_name: Mapped[str] = mapped_column(String(200), default="")
    birth_date: Mapped[date | None] = mapped_column(Date)
    estimated_age: Mapped[int | None] = mapped_column(Integer)
    estimated_on: Mapped[date | None] = mapped_column(Date)
    gender: Mapped[Gender] = mapped_column(stored_enum(Gender, "gender"), default=Gender.UNKNOWN)
    contact: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="people")

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or "(no name)"


class Event(Base):
    """One entry of a file's timeline."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[EventKind] = mapped_column(stored_enum(EventKind, "event_kind"))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    text: Mapped[str] = mapped_column(Text, default="")
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    case: Mapped[Case] = relationship(back_populates="events")
    by: Mapped[User | None] = relationship()


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    due_on: Mapped[date | None] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    case: Mapped[Case] = relationship(back_populates="tasks")
    assigned_to: Mapped[User | None] = relationship()


class CaseLink(Base):
    """Two files about the same child (a repeat runaway, a sibling abduction). Stored once,
    smaller id first."""

    __tablename__ = "case_links"
    __table_args__ = (UniqueConstraint("case_id", "other_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(200), default="same child")


class ReferenceCounter(Base):
    """The last number handed out per prefix and year, so references never repeat."""

    __tablename__ = "reference_counters"

    prefix: Mapped[str] = mapped_column(String(8), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class SearchTerm(Base):
    """One word a file is found by (see vigil.domain.words and vigil.store.search).

    The primary key's B-tree on ``term`` answers a word or a word's beginning with a range
    (``term >= 'jans' AND term < 'jant'``); ``term`` compares byte by byte on both databases
    (PostgreSQL's "C" collation, SQLite's default), so that range holds exactly the words
    that begin with it.
    """

    __tablename__ = "search_terms"
    __table_args__ = ({"sqlite_with_rowid": False},)

    term: Mapped[str] = mapped_column(
        String(64).with_variant(String(64, collation="C"), "postgresql"), primary_key=True
    )
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True, index=True
    )


# ---------------------------------------------------------------------------------------------
# The web application (issue 5): sign-in sessions, API tokens, restricted files, the audit log.
# ---------------------------------------------------------------------------------------------


class WebSession(Base):
    """A browser's sign-in. The cookie holds a random token; only its SHA-256 is stored here.

    ``stage`` is ``password`` after the password, ``enrol`` while a new second factor is being
    set up, and ``full`` once the second factor is given: only ``full`` opens the application.
    """

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(16))
    csrf: Mapped[str] = mapped_column(String(64))
    pending_secret: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    user: Mapped[User] = relationship()


class SignInFailure(Base):
    """A failed sign-in (password or code) from one client, counted by the sign-in throttle
    in the database so that every worker process sees the same count. ``client`` is the
    SHA-256 of the client's address, not the address; rows older than the throttle's window
    are deleted as new ones come."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (Index(None, "client", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class ApiToken(Base):
    """A token one integration uses on /api/v1: scoped to some permissions, revocable."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CaseAccess(Base):
    """A worker allowed to see a restricted file. A file with any row here is restricted:
    only the workers named see it (e.g. a file about a staff member's own child)."""

    __tablename__ = "case_access"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class AuditEntry(Base):
    """One line of the append-only audit log. ``hash`` covers the line and the previous
    line's hash, so editing or deleting a line breaks the chain (see vigil.audit.log)."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_target_id", "target", "id"),  # a file's history
        Index("ix_audit_entries_actor_id", "actor", "id"),  # what one person did
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The one row that says where the audit chain ends. Appending updates it first, which
    serialises writers so the chain never forks."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_id: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))


# ---------------------------------------------------------------------------------------------
# The yearly report (issue 4): figures recorded by hand (see vigil.figures.manual).
# ---------------------------------------------------------------------------------------------


class ManualFigure(Base):
    """A figure of a year that no file records: calls received, trainings given, videos made.

    ``label`` names it in any language; ``labels`` may name it per report language
    (``{"nl": "...", "fr": "..."}``), which the report prefers.
    """

    __tablename__ = "manual_figures"
    __table_args__ = (UniqueConstraint("year", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(64))
    value: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(200))
    labels: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    recorded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, onupdate=clock.now
    )


# ---------------------------------------------------------------------------------------
# Hash lists (vigil.hashing): the tables live in store/hash_lists.py; importing them here
# registers them on Base, so that migrations and `alembic check` see them.
from vigil.store import hash_lists as hash_lists  # noqa: E402
