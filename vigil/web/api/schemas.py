"""What the API reads and writes. Text fields refuse NUL characters and lone surrogates,
which no database stores; lengths and dates are bounded by vigil.domain.limits, the limits
the use cases enforce for every door."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from vigil.cases.duplicates import Match, Strength
from vigil.cases.queries import CaseRow
from vigil.cases.reading import FileView
from vigil.domain import limits
from vigil.domain.case_types import CaseType, Scope
from vigil.domain.countries import Direction, Framework, framework
from vigil.domain.outcomes import Outcome, Status
from vigil.domain.people import Gender, RiskReason
from vigil.store.history import CaseChange
from vigil.store.models import Case, Event, Person, Task


def _storable(value: str) -> str:
    if not limits.storable(value):
        raise ValueError("text may not hold a NUL character or a lone surrogate")
    return value


Text = Annotated[str, AfterValidator(_storable), Field(max_length=limits.TEXT)]
Name = Annotated[str, AfterValidator(_storable), Field(max_length=limits.NAME)]
Day = Annotated[date, Field(ge=limits.EARLIEST, le=date(limits.LATEST_YEAR, 12, 31))]
REFERENCE = r"^[A-Za-z0-9-]{1,64}$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ChildIn(Strict):
    first_name: Name = ""
    last_name: Name = ""
    birth_date: Day | None = None
    estimated_age: Annotated[int, Field(ge=0, le=1000)] | None = None
    gender: Gender = Gender.UNKNOWN
    estimated_on: Day | None = None
    age_disputed: bool = False


Moment = Annotated[
    datetime, Field(description="ISO 8601; without an offset, the foundation's time")
]


class DisappearanceIn(Strict):
    """When, where and how the child went missing; the last three for an unaccompanied minor
    only. Texts as long as docs/import.md says."""

    disappeared_at: Moment | None = None
    reported_at: Moment | None = None
    last_seen_place: Annotated[str, AfterValidator(_storable), Field(max_length=500)] = ""
    last_seen_municipality: Name = ""
    description: Text = ""
    clothing: Text = ""
    police_report_number: Annotated[str, AfterValidator(_storable), Field(max_length=64)] = ""
    police_zone: Name = ""
    magistrate_office: Name = ""
    nationality: Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")] | None = None
    aliases: Annotated[str, AfterValidator(_storable), Field(max_length=500)] = ""
    reception_centre: Name = ""


class DisappearanceOut(BaseModel):
    disappeared_at: datetime | None
    reported_at: datetime | None
    last_seen_place: str
    last_seen_municipality: str
    description: str
    clothing: str
    police_report_number: str
    police_zone: str
    magistrate_office: str
    nationality: str | None
    aliases: str
    reception_centre: str


class IntakeIn(Strict):
    type: CaseType
    child: ChildIn = ChildIn()
    opened_at: Day | None = None
    scope: Scope | None = None
    effective: bool | None = None
    summary: Text = ""
    risk_reasons: list[RiskReason] = []
    reporter_name: Name = ""
    reporter_contact: Name = ""
    country: Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")] | None = None
    """ISO 3166-1 alpha-2: where an international parental abduction took the child (or,
    with ``direction`` incoming, where the child was brought from)."""
    direction: Direction | None = None
    authority_reference: Annotated[str, AfterValidator(_storable), Field(max_length=64)] = ""
    disappearance: DisappearanceIn = DisappearanceIn()
    late_reason: Text = ""


class SearchIn(Strict):
    text: Name = ""
    type: CaseType | None = None
    status: Status | None = None
    worker: Name | None = None
    year: Annotated[int, Field(ge=limits.EARLIEST.year, le=limits.LATEST_YEAR)] | None = None
    worrying: bool | None = None
    limit: Annotated[int, Field(ge=1, le=500)] = 50
    offset: Annotated[int, Field(ge=0, le=10_000_000)] = 0


class NoteIn(Strict):
    text: Text


class EventIn(Strict):
    kind: Name
    text: Text
    on: Day | None = None


class TaskIn(Strict):
    title: Name
    due_on: Day | None = None
    worker: Name | None = None


class CloseIn(Strict):
    outcome: Outcome | None = None
    on: Day | None = None
    note: Text = ""


class ReopenIn(Strict):
    reason: Text


class RepeatIn(Strict):
    """A new disappearance of the file's child: the new file's opening."""

    on: Day | None = None
    summary: Text = ""
    late_reason: Text = ""


class ReclassifyIn(Strict):
    """What changes; what is not given is kept (a parental abduction's scope and effective
    too)."""

    reason: Text
    type: CaseType | None = None
    scope: Scope | None = None
    effective: bool | None = None
    on: Day | None = None


class AssignIn(Strict):
    username: Name


class PersonIn(Strict):
    role: Name
    first_name: Name = ""
    last_name: Name = ""
    contact: Name = ""


class TokenIn(Strict):
    name: Name
    scopes: list[Name]


class CaseOut(BaseModel):
    reference: str
    type: CaseType
    status: Status
    opened_at: date
    closed_at: date | None
    outcome: Outcome | None
    worrying: bool
    risk_reasons: list[str]
    child_age_at_opening: int | None
    assigned_to: str | None

    @classmethod
    def of(cls, c: Case | CaseRow) -> CaseOut:
        return cls(
            reference=c.reference,
            type=c.type,
            status=c.status,
            opened_at=c.opened_at,
            closed_at=c.closed_at,
            outcome=c.outcome,
            worrying=c.worrying,
            risk_reasons=list(c.risk_reasons),
            child_age_at_opening=c.child_age_at_opening,
            assigned_to=c.assigned_to.username if c.assigned_to else None,
        )


class CaseList(BaseModel):
    total: int = Field(description="The files found, counted up to 1,000 beyond this page's offset")
    more: bool = Field(False, description="True when more files than ``total`` were found")
    items: list[CaseOut]


class PersonOut(BaseModel):
    role: str
    first_name: str
    last_name: str
    birth_date: date | None
    estimated_age: int | None
    estimated_on: date | None
    age_disputed: bool
    gender: str
    contact: str

    @classmethod
    def of(cls, p: Person) -> PersonOut:
        return cls(
            role=p.role.value,
            first_name=p.first_name,
            last_name=p.last_name,
            birth_date=p.birth_date,
            estimated_age=p.estimated_age,
            estimated_on=p.estimated_on,
            age_disputed=bool(p.age_disputed),
            gender=p.gender.value,
            contact=p.contact,
        )


class EventOut(BaseModel):
    kind: str
    occurred_at: datetime
    text: str
    """What a person wrote (a note, a closing note, a reason)."""
    by: str | None
    what: str | None = None
    """For an entry Vigil wrote itself: closed, reopened, assigned or edited."""
    facts: dict[str, Any] = {}
    """The values of ``what``, as codes: {"outcome": "found"}, {"worker": "alice", ...}."""

    @classmethod
    def of(cls, e: Event) -> EventOut:
        by = e.by.username if e.by else None
        return cls(
            kind=e.kind.value,
            occurred_at=e.occurred_at,
            text=e.text,
            by=by,
            what=e.what,
            facts=dict(e.facts or {}),
        )


class HistoryOut(BaseModel):
    """One entry of the file's history: its opening, a closing, reopening or
    reclassification."""

    kind: str
    on: date
    """The day it takes effect."""
    recorded_at: datetime
    actor: str
    reason: str
    before: dict[str, Any]
    after: dict[str, Any]
    backdated_days: int | None
    """Set when dated further back than VIGIL_BACKDATE_DAYS (flagged in the audit log)."""

    @classmethod
    def of(cls, h: CaseChange) -> HistoryOut:
        return cls(
            kind=h.kind,
            on=h.on,
            recorded_at=h.recorded_at,
            actor=h.actor,
            reason=h.reason,
            before=dict(h.before or {}),
            after=dict(h.after or {}),
            backdated_days=h.backdated_days,
        )


class TaskOut(BaseModel):
    id: int
    title: str
    due_on: date | None
    done_at: datetime | None
    assigned_to: str | None

    @classmethod
    def of(cls, t: Task) -> TaskOut:
        who = t.assigned_to.username if t.assigned_to else None
        return cls(id=t.id, title=t.title, due_on=t.due_on, done_at=t.done_at, assigned_to=who)


class CaseDetail(CaseOut):
    scope: Scope | None
    effective: bool | None
    country: str | None
    direction: Direction | None
    framework: Framework | None
    """What governs the child's return from ``country``: brussels_iib, hague_1980 or none."""
    authority_reference: str
    disappearance: DisappearanceOut | None
    """None for a file whose disappearance is not recorded."""
    summary: str
    people: list[PersonOut]
    events: list[EventOut]
    tasks: list[TaskOut]
    linked: list[str]
    history: list[HistoryOut] = []

    @classmethod
    def of_file(cls, view: FileView) -> CaseDetail:
        c = view.case
        return cls(
            **CaseOut.of(c).model_dump(),
            scope=c.scope,
            effective=c.effective,
            country=c.country,
            direction=c.direction,
            framework=framework(c.country) if c.country else None,
            authority_reference=c.authority_reference or "",
            disappearance=_disappearance(c),
            summary=c.summary,
            people=[PersonOut.of(p) for p in c.people],
            events=[EventOut.of(e) for e in c.events],
            tasks=[TaskOut.of(t) for t in c.tasks],
            linked=[x.reference for x in view.linked],
            history=[HistoryOut.of(h) for h in view.history],
        )


def _disappearance(c: Case) -> DisappearanceOut | None:
    row = c.disappearance
    if row is None:
        return None
    values = {name: getattr(row, name) for name in DisappearanceOut.model_fields}
    for name in ("disappeared_at", "reported_at"):
        if values[name] is not None and values[name].tzinfo is None:  # SQLite gives UTC bare
            values[name] = values[name].replace(tzinfo=UTC)
    return DisappearanceOut(**values)


class DuplicateOut(BaseModel):
    """An earlier file that may be the same child's; ``type``, ``status`` and ``opened_at``
    are null for a file the caller may not see (its reference and strength only)."""

    reference: str
    strength: Strength
    type: CaseType | None = None
    status: Status | None = None
    opened_at: date | None = None

    @classmethod
    def of(cls, m: Match) -> DuplicateOut:
        c = m.case
        if c is None:
            return cls(reference=m.reference, strength=m.strength)
        return cls(
            reference=m.reference,
            strength=m.strength,
            type=c.type,
            status=c.status,
            opened_at=c.opened_at,
        )


class OpenedCase(CaseDetail):
    possible_duplicates: list[DuplicateOut] = []
    """The earlier files that may be this child's, found before it was opened: link the
    new file to them (on its page, or `vigil cases link`), or ignore them when it is
    another child."""


class ErrorDetail(BaseModel):
    code: str
    message: str
    field: str | None


class ErrorOut(BaseModel):
    """The one error body of the API."""

    error: ErrorDetail


class TokenOut(BaseModel):
    id: int
    name: str
    scopes: list[str]
    revoked: bool


class NewToken(TokenOut):
    token: str


class HotlineReportIn(Strict):
    """A partner's report: the URLs where material was seen, what was seen, and the
    partner's own source and id of the report (sent again with the same ``source`` and
    ``external_id``, it is the same report)."""

    urls: Annotated[list[Annotated[str, Field(max_length=8_000)]], Field(min_length=1)]
    description: Annotated[str, AfterValidator(_storable), Field(max_length=20_000)] = ""
    source: Annotated[str, AfterValidator(_storable), Field(max_length=80)] = ""
    external_id: (
        Annotated[str, AfterValidator(_storable), Field(min_length=1, max_length=200)] | None
    ) = None


class HotlineReportOut(BaseModel):
    """The report as stored; ``repeated`` is true when it was sent before (nothing added)."""

    reference: str = Field(examples=["HL-2026-000123"])
    received_at: datetime
    urls: int
    repeated: bool
