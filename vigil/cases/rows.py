"""The exchange format of files: one row per file, the same for import and export.

See docs/import.md for the columns. A row is parsed into an :class:`ImportedCase`
or refused with the column and what is wrong; rule checks come from domain.rules,
so an imported file obeys the same rules as one opened by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from vigil import clock
from vigil.domain import limits, risk, rules
from vigil.domain.ages import age_on
from vigil.domain.case_types import CaseType, Scope, parse_case_type, parse_scope
from vigil.domain.countries import Abroad, Direction, parse_country, parse_direction
from vigil.domain.disappearance import NAMES as DISAPPEARANCE_NAMES
from vigil.domain.disappearance import Disappearance, check_disappearance
from vigil.domain.outcomes import Outcome, Status, parse_outcome
from vigil.domain.parsing import (
    parse_age,
    parse_bool,
    parse_date,
    parse_moment,
    parse_risk_reasons,
)
from vigil.domain.people import Gender, parse_gender
from vigil.domain.references import check_reference
from vigil.errors import CaseRuleError, InputError

REQUIRED = ("reference", "type", "opened_at")
COLUMNS = (
    "reference",
    "type",
    "scope",
    "effective",
    "country",
    "direction",
    "authority_reference",
    "opened_at",
    "closed_at",
    "outcome",
    "child_birth_date",
    "child_age",
    "child_age_estimated_on",
    "child_age_disputed",
    "child_gender",
    "child_first_name",
    "child_last_name",
    "worrying",
    "risk_reasons",
    "summary",
    *DISAPPEARANCE_NAMES,
)


@dataclass(frozen=True, slots=True)
class ImportedCase:
    reference: str
    type: CaseType
    scope: Scope | None
    effective: bool | None
    opened_at: date
    closed_at: date | None
    outcome: Outcome | None
    child_birth_date: date | None
    child_age: int | None
    child_gender: Gender
    child_first_name: str
    child_last_name: str
    worrying: bool | None
    """As the source system says; None: not said. Vigil derives it (vigil.domain.risk),
    and refuses a row whose value the rule would not give."""
    risk_reasons: tuple[str, ...]
    summary: str
    child_age_estimated_on: date | None = None
    """The day ``child_age`` was estimated; None: the opening day."""
    child_age_disputed: bool = False
    country: str | None = None
    direction: Direction | None = None
    authority_reference: str = ""
    disappearance: Disappearance = Disappearance()
    line: int = 0
    """Where the row was read (0: not read from a file), for the errors of writing it."""

    @property
    def status(self) -> Status:
        return Status.CLOSED if self.closed_at else Status.OPEN

    @property
    def age_at_opening(self) -> int | None:
        return age_on(
            self.opened_at,
            birth_date=self.child_birth_date,
            estimated_age=self.child_age,
            estimated_on=self.estimated_on,
        )

    @property
    def abroad(self) -> Abroad:
        return Abroad(self.country, self.direction, self.authority_reference)

    @property
    def estimated_on(self) -> date | None:
        """The day the estimate was made, as stored (None without an estimate)."""
        if self.child_age is None:
            return None
        return self.child_age_estimated_on or self.opened_at


def _optional(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    return lambda raw: parse(raw) if raw.strip() else None


_PARSERS: dict[str, Callable[[str], Any]] = {
    "reference": check_reference,
    "type": parse_case_type,
    "scope": _optional(parse_scope),
    "effective": parse_bool,
    "country": _optional(parse_country),
    "direction": _optional(parse_direction),
    "authority_reference": str.strip,
    "opened_at": parse_date,
    "closed_at": parse_date,
    "outcome": _optional(parse_outcome),
    "child_birth_date": parse_date,
    "child_age": parse_age,
    "child_age_estimated_on": parse_date,
    "child_age_disputed": lambda raw: parse_bool(raw) or False,
    "child_gender": parse_gender,
    "child_first_name": str.strip,
    "child_last_name": str.strip,
    "worrying": parse_bool,
    "risk_reasons": parse_risk_reasons,
    "summary": str.strip,
}


def _moment(raw: str) -> datetime | None:
    wall = parse_moment(raw)
    return None if wall is None else clock.from_local(wall)


_DISAPPEARANCE_PARSERS: dict[str, Callable[[str], Any]] = {
    name: str.strip for name in DISAPPEARANCE_NAMES
} | {
    "disappeared_at": _moment,
    "reported_at": _moment,
    "nationality": _optional(parse_country),
}


def check_header(columns: list[str]) -> None:
    """Refuse a header that lacks a required column or names one this format does not know."""
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise InputError("the header lacks the column(s) %(columns)s", columns=", ".join(missing))
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise InputError(
            "unknown column '%(column)s'; the columns are %(columns)s",
            field=unknown[0],
            column=unknown[0],
            columns=", ".join(COLUMNS),
        )
    seen: set[str] = set()
    for c in columns:
        if c in seen:
            raise InputError(
                "the column '%(column)s' appears twice in the header", field=c, column=c
            )
        seen.add(c)


def parse_row(
    raw: Mapping[str, str | None],
    *,
    today: date,
    line: int = 0,
    disputed_age_limit: int = rules.DISPUTED_AGE_LIMIT,
) -> ImportedCase:
    """Parse and check one row. Raise InputError whose ``field`` names the column at fault."""
    values: dict[str, Any] = {}
    gone: dict[str, Any] = {}
    for parsers, into in ((_PARSERS, values), (_DISAPPEARANCE_PARSERS, gone)):
        for column, parse in parsers.items():
            text = raw.get(column)
            if text:  # one set of limits: those of the pages and the API (vigil.domain.limits)
                free = column == "summary" or column in _DISAPPEARANCE_PARSERS
                most = limits.TEXT if free else limits.NAME
                limits.check_text(text, column, most)
            try:
                into[column] = parse("" if text is None else text)
            except InputError as exc:
                exc.field = column
                raise
    if values["opened_at"] is None:
        raise InputError("the opening date is empty; every file has one", field="opened_at")
    row = ImportedCase(**values, disappearance=Disappearance(**gone), line=line)
    _check_rules(row, today, disputed_age_limit)
    return row


def _check_rules(row: ImportedCase, today: date, disputed_age_limit: int) -> None:
    rules.check_opening(
        row.type, opened_at=row.opened_at, today=today, scope=row.scope, effective=row.effective
    )
    rules.check_abroad(row.type, scope=row.scope, abroad=row.abroad)
    check_disappearance(row.type, row.disappearance, now=clock.now())
    if row.child_age_estimated_on is not None and row.child_age is None:
        raise CaseRuleError(
            "child_age_estimated_on is given without child_age; give the estimated age "
            "or leave the day empty",
            field="child_age_estimated_on",
        )
    rules.check_child(
        case_type=row.type,
        opened_at=row.opened_at,
        birth_date=row.child_birth_date,
        estimated_age=row.child_age,
        estimated_on=row.estimated_on,
        age_disputed=row.child_age_disputed,
        disputed_age_limit=disputed_age_limit,
        today=today,
    )
    if row.worrying is None:
        risk.assess(row.type, row.age_at_opening, row.risk_reasons)
    else:
        risk.check_stated(row.type, row.age_at_opening, row.risk_reasons, row.worrying)
    if row.closed_at is not None:
        rules.check_closing_values(
            row.type,
            row.outcome,
            opened_at=row.opened_at,
            on=row.closed_at,
            today=today,
            effective=row.effective,
        )
    elif row.outcome is not None:
        raise CaseRuleError(
            "an outcome is given but closed_at is empty; give the closing date "
            "or leave the outcome empty",
            field="closed_at",
        )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return clock.local(value).strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    return str(getattr(value, "value", value))


def format_row(values: Mapping[str, object]) -> dict[str, str]:
    """Write one file's values as the text of a row (the inverse of parse_row); times in
    the foundation's zone, to the minute."""
    return {c: _text(values.get(c)) for c in COLUMNS}
