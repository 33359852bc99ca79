"""What the API reads and writes. Text fields refuse NUL characters, which no database
stores; dates and numbers are bounded to what the use cases can take."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from vigil.cases.queries import CaseRow
from vigil.cases.reading import FileView
from vigil.domain.case_types import CaseType, Scope
from vigil.domain.outcomes import Outcome, Status
from vigil.domain.people import Gender, RiskReason
from vigil.store.history import CaseChange
from vigil.store.models import Case, Event, Person, Task


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("text may not contain NUL characters")
    return value


Text = Annotated[str, AfterValidator(_no_nul), Field(max_length=10_000)]
Name = Annotated[str, AfterValidator(_no_nul), Field(max_length=200)]
Day = Annotated[date, Field(ge=date(1900, 1, 1), le=date(9999, 12, 31))]
REFERENCE = r"^[A-Za-z0-9-]{1,64}$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ChildIn(Strict):
    first_name: Name = ""
    last_name: Name = ""
    birth_date: Day | None = None
    estimated_age: Annotated[int, Field(ge=0, le=1000)] | None = None
    gender: Gender = Gender.UNKNOWN


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
    late_reason: Text = ""


class SearchIn(Strict):
    text: Name = ""
    type: CaseType | None = None
    status: Status | None = None
    worker: Name | None = None
    year: Annotated[int, Field(ge=1900, le=9999)] | None = None
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
            summary=c.summary,
            people=[PersonOut.of(p) for p in c.people],
            events=[EventOut.of(e) for e in c.events],
            tasks=[TaskOut.of(t) for t in c.tasks],
            linked=[x.reference for x in view.linked],
            history=[HistoryOut.of(h) for h in view.history],
        )


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
