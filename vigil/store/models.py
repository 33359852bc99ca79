"""The tables of case work.

``cases.child_age_at_opening`` is derived from the child's birth date or estimate
(see domain.ages) and kept by the use cases that change either: the yearly figures
group hundreds of thousands of files by it with one SQL aggregate, which a birth
date alone would make dialect-specific and slow.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vigil import clock
from vigil.domain.case_types import CaseType, Scope
from vigil.domain.contacts import ContactKind
from vigil.domain.countries import Direction
from vigil.domain.events import EventKind
from vigil.domain.names import name_key
from vigil.domain.outcomes import Outcome, Status
from vigil.domain.people import Gender, Role
from vigil.store.base import Base, stored_enum


class User(Base):
    """A member of staff, and how they sign in (see vigil.accounts).

    ``totp_secret`` is None until the second factor is enrolled, then sealed with the
    instance's secret key (vigil.store.keys); ``recovery_codes`` holds the SHA-256 of each
    unused recovery code; ``roles`` the role codes of vigil.accounts.roles. Failed sign-ins
    are counted in ``sign_in_failures``, not here.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    # -- web application (issue 5) --
    password_hash: Mapped[str] = mapped_column(String(200), default="", server_default="")
    totp_secret: Mapped[str | None] = mapped_column(String(200))
    recovery_codes: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    roles: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    locale: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    """The 30-second time step of the last TOTP code accepted: no code is accepted twice."""


class Case(Base):
    """A file: one situation, one child."""

    __tablename__ = "cases"
    __table_args__ = (
        Index(None, "opened_at", "closed_at"),
        Index(None, "status", "type"),
        Index(None, "opened_at", "id"),  # the file list's order: a page is read, not sorted
        Index(None, "updated_at", "id"),  # the list sorted by last change, the dashboard's
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
    # -- an international parental abduction (issue 17): where, which way, the authority --
    country: Mapped[str | None] = mapped_column(String(2))
    """ISO 3166-1 alpha-2: the destination, or the origin of a child brought here."""
    direction: Mapped[Direction | None] = mapped_column(stored_enum(Direction, "direction"))
    authority_reference: Mapped[str] = mapped_column(String(64), default="", server_default="")
    """The central authority's reference of the return request."""
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
    disappearance: Mapped[CaseDisappearance | None] = relationship(
        back_populates="case", cascade="all, delete-orphan"
    )

    @property
    def child(self) -> Person | None:
        return next((p for p in self.people if p.role is Role.CHILD), None)


class CaseDisappearance(Base):
    """The disappearance of a missing child's file (vigil.domain.disappearance), one row at
    most per file, apart from ``cases`` so that the yearly figures' scans stay narrow."""

    __tablename__ = "disappearances"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    disappeared_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reported_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_seen_place: Mapped[str] = mapped_column(String(500), default="")
    last_seen_municipality: Mapped[str] = mapped_column(String(100), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    clothing: Mapped[str] = mapped_column(Text, default="")
    police_report_number: Mapped[str] = mapped_column(String(64), default="")
    police_zone: Mapped[str] = mapped_column(String(100), default="")
    magistrate_office: Mapped[str] = mapped_column(String(100), default="")
    nationality: Mapped[str | None] = mapped_column(String(2))
    aliases: Mapped[str] = mapped_column(String(500), default="")
    reception_centre: Mapped[str] = mapped_column(String(200), default="")

    case: Mapped[Case] = relationship(back_populates="disappearance")


class Person(Base):
    """Someone on a file. ``first_key`` and ``last_key`` are how the names sound
    (vigil.domain.names), kept by the ORM event below and by the import's bulk insert: the
    intake's search for earlier files of the same child compares them."""

    __tablename__ = "people"
    __table_args__ = (
        Index(None, "first_key", "last_key"),
        Index(None, "first_key", "birth_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(stored_enum(Role, "role"))
    first_name: Mapped[str] = mapped_column(String(200), default="")
    last_name: Mapped[str] = mapped_column(String(200), default="")
    birth_date: Mapped[date | None] = mapped_column(Date)
    estimated_age: Mapped[int | None] = mapped_column(Integer)
    estimated_on: Mapped[date | None] = mapped_column(Date)
    """The day the age was estimated: the estimate grows by the whole years since."""
    age_disputed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """An unaccompanied minor whose age the authorities dispute (see domain.rules)."""
    first_key: Mapped[str] = mapped_column(String(32), default="", server_default="")
    last_key: Mapped[str] = mapped_column(String(32), default="", server_default="")
    gender: Mapped[Gender] = mapped_column(stored_enum(Gender, "gender"), default=Gender.UNKNOWN)
    contact: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="people")

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or "(no name)"


@event.listens_for(Person, "before_insert")
@event.listens_for(Person, "before_update")
def _sound_of_names(_mapper: Any, _connection: Any, person: Person) -> None:
    person.first_key = name_key(person.first_name or "")
    person.last_key = name_key(person.last_name or "")


class Event(Base):
    """One entry of a file's timeline."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[EventKind] = mapped_column(stored_enum(EventKind, "event_kind"))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    text: Mapped[str] = mapped_column(Text, default="")
    """What a person wrote (a note, a closing note, a reason); an entry Vigil writes itself
    says what happened in ``what`` and ``facts`` instead, and the pages put it in words in
    the reader's language (vigil.cases.timeline). Entries written before that hold their
    English sentence here ("closed: found"), shown as it is."""
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    what: Mapped[str | None] = mapped_column(String(32))
    """closed, reopened, assigned, edited (vigil.cases.timeline.WORDS); None: a person's entry."""
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")
    """The values of ``what``, as codes: {"outcome": "found"}, {"worker": "alice"}, ..."""

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
    same_child: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    """False for files of two children (siblings): only links of the same child make a
    repeat disappearance (vigil.figures.repeats)."""


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
    pending_secret: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    user: Mapped[User] = relationship()


class SignInFailure(Base):
    """A failed sign-in (a password or code, also for a name without an account), counted
    by the brakes on guessing (vigil.accounts.throttle) in the database, so that every
    worker process sees the same counts. Only digests: of the name typed (``account``), of
    the client's address (``client``) and of a device that signed in as that name before
    (``device``, "" for any other). Rows older than a day are deleted as new ones come."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (Index(None, "client", "at"), Index(None, "account", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    client: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    account: Mapped[str] = mapped_column(String(64), default="", server_default="")
    device: Mapped[str] = mapped_column(String(64), default="", server_default="")


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


class KeptSearch(Base):
    """A search by name or words, kept for the person who made it for a while (see
    vigil.cases.searches), so that its result has an address that holds no name: the list
    page shows ``/cases?search=<id>``, and Back and paging work."""

    __tablename__ = "kept_searches"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, index=True
    )


class IdempotencyKey(Base):
    """An API request sent with an ``Idempotency-Key`` header, and the answer it got (see
    vigil.web.idempotency): written in the request's own transaction, so that a change and
    its key are kept together or not at all, and a retry is answered from here."""

    __tablename__ = "idempotency_keys"

    actor: Mapped[str] = mapped_column(String(200), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    """SHA-256 of the method, the path and the body: a key sent again with another request
    is refused."""
    owner: Mapped[str] = mapped_column(String(32))
    """A random token of the request that claimed the key: only its answer is stored here."""
    status: Mapped[int | None] = mapped_column(Integer)
    """The answer's status code; None until the answer is stored (just after the commit)."""
    media_type: Mapped[str] = mapped_column(String(100), default="")
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, index=True
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
# The yearly report (issue 4): figures recorded by hand (see vigil.figures.manual), and the
# editor's words of each year's release (issue 12, see vigil.reports.editions).
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


# ---------------------------------------------------------------------------------------------
# The hotline's routing (issue 16): where an address is hosted, and whom to write to about it.
# ---------------------------------------------------------------------------------------------

ADDRESS_KEY = String(32).with_variant(String(32, collation="C"), "postgresql")
"""An IP address as 32 lowercase hex digits of its 128 bits, IPv4 mapped into ::ffff:0:0/96
(see vigil.hotline.networks.address_key): ordered as the numbers are, byte by byte on both
databases (PostgreSQL's "C" collation, SQLite's default)."""


class NetworkRange(Base):
    """A block of addresses and the country its registry delegated it to, from the Regional
    Internet Registries' statistics files. Ranges do not overlap, so an address is in the
    range with the greatest ``first`` not above it, if that range's ``last`` is not below it.
    """

    __tablename__ = "network_ranges"

    id: Mapped[int] = mapped_column(primary_key=True)
    first: Mapped[str] = mapped_column(ADDRESS_KEY, index=True)
    last: Mapped[str] = mapped_column(ADDRESS_KEY)
    country: Mapped[str] = mapped_column(String(2))
    rir: Mapped[str] = mapped_column(String(16))
    """The registry that delegated the block: afrinic, apnic, arin, lacnic or ripencc."""


class NetworkOperator(Base):
    """A block of addresses and the autonomous system that announces it (its operator), from
    a MaxMind-format database. Ranges do not overlap (see NetworkRange)."""

    __tablename__ = "network_operators"

    id: Mapped[int] = mapped_column(primary_key=True)
    first: Mapped[str] = mapped_column(ADDRESS_KEY, index=True)
    last: Mapped[str] = mapped_column(ADDRESS_KEY)
    asn: Mapped[int] = mapped_column(BigInteger)  # AS numbers go up to 2**32 - 1
    name: Mapped[str] = mapped_column(String(300), default="")


class Contact(Base):
    """Someone the hotline writes to about a confirmed URL (see vigil.hotline.routing).

    A host's abuse desk is found by the operator's AS number (``asn``); the police and a
    partner hotline by ``country``. Each contact is written to in its ``language``, by e-mail
    or by a webhook whose requests are signed with ``webhook_secret`` (kept here, as the
    signature needs it). Only contacts not removed are written to.
    """

    __tablename__ = "hotline_contacts"
    __table_args__ = (Index(None, "kind", "country"), Index(None, "kind", "asn"))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ContactKind] = mapped_column(stored_enum(ContactKind, "contact_kind"))
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(2))
    asn: Mapped[int | None] = mapped_column(BigInteger)
    email: Mapped[str | None] = mapped_column(String(320))
    webhook_url: Mapped[str | None] = mapped_column(String(2000))
    webhook_secret: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    """Set when the contact is removed: the row stays, so notices once sent keep naming it."""


class ReportEdition(Base):
    """The editor's choices for the release of a year, in every language (see
    vigil.reports.editions): its publication date, the year its figures are compared with
    (None: the year before), the order of its paragraphs and who is quoted."""

    __tablename__ = "report_editions"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    published_on: Mapped[date | None] = mapped_column(Date)
    compare_with: Mapped[int | None] = mapped_column(Integer)
    paragraph_order: Mapped[list[str]] = mapped_column(JSON, default=list)
    quote_by: Mapped[str] = mapped_column(String(200), default="")
    changed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, onupdate=clock.now
    )


class ReportText(Base):
    """The editor's own words for the release of a year in one language: what the figures
    cannot say. Empty text is text not given; the release is complete without any.
    ``sentences`` maps a figure's key to the sentence that tells it (``{value}``,
    ``{comparison}``, ... see vigil.reports.told)."""

    __tablename__ = "report_texts"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    lang: Mapped[str] = mapped_column(String(8), primary_key=True)
    quote: Mapped[str] = mapped_column(Text, default="")
    quote_role: Mapped[str] = mapped_column(String(200), default="")
    context: Mapped[str] = mapped_column(Text, default="")
    prevention: Mapped[str] = mapped_column(Text, default="")
    contacts: Mapped[str] = mapped_column(Text, default="")
    boilerplate: Mapped[str] = mapped_column(Text, default="")
    sentences: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    changed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, onupdate=clock.now
    )


# ---------------------------------------------------------------------------------------
# Hash lists (vigil.hashing): the tables live in store/hash_lists.py; importing them here
# registers them on Base, so that migrations and `alembic check` see them.
from vigil.store import hash_lists as hash_lists  # noqa: E402
from vigil.store import history as history  # noqa: E402  (a file's history, issue 17)
from vigil.store import hotline as hotline  # noqa: E402  (the hotline's pipeline)
from vigil.store import review as review  # noqa: E402  (the analysts' review)
from vigil.store import takedown as takedown  # noqa: E402  (notice-and-takedown, the crawler)
