"""Export files in the import format, so that export -> import round-trips."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.audit import log as audit
from vigil.cases.access import visible_to
from vigil.cases.importing import file_format
from vigil.cases.rows import COLUMNS, format_row
from vigil.domain import cells
from vigil.domain.disappearance import NAMES as DISAPPEARANCE_NAMES
from vigil.domain.people import Role
from vigil.store.models import Case, CaseDisappearance, Person


def case_rows(session: Session, *, by: Actor, chunk: int = 5000) -> Iterator[dict[str, str]]:
    """Yield every file ``by`` may see as a row of text, oldest first, streamed from the
    database."""
    child = aliased(Person)
    query = (
        select(
            Case.reference,
            Case.type,
            Case.scope,
            Case.effective,
            Case.country,
            Case.direction,
            Case.authority_reference,
            Case.opened_at,
            Case.closed_at,
            Case.outcome,
            child.birth_date.label("child_birth_date"),
            child.estimated_age.label("child_age"),
            child.estimated_on.label("child_age_estimated_on"),
            child.age_disputed.label("child_age_disputed"),
            child.gender.label("child_gender"),
            child.first_name.label("child_first_name"),
            child.last_name.label("child_last_name"),
            Case.worrying,
            Case.risk_reasons,
            Case.summary,
            *(getattr(CaseDisappearance, name) for name in DISAPPEARANCE_NAMES),
        )
        .outerjoin(child, (child.case_id == Case.id) & (child.role == Role.CHILD))
        .outerjoin(CaseDisappearance, CaseDisappearance.case_id == Case.id)
        .where(visible_to(by))
        .order_by(Case.opened_at, Case.id)
        .execution_options(yield_per=chunk)
    )
    for record in session.execute(query).mappings():
        yield format_row(_values(record))


def _values(record: Any) -> dict[str, object]:
    """The row of one file: the estimate with the day it was made (child_age_estimated_on),
    empty when that is the opening day, as the import reads it."""
    values = dict(record)
    if values["child_age_estimated_on"] == values["opened_at"]:
        values["child_age_estimated_on"] = None
    values["child_age_disputed"] = values["child_age_disputed"] or None
    return values


def export_cases(session: Session, path: Path, *, by: Actor) -> int:
    """Write every file ``by`` may see to ``path`` (.csv or .jsonl), audited as an export
    of every child's data. Return how many were written. A CSV cell that a spreadsheet
    would run as a formula is written inert (see domain.cells); the import reads it back
    unchanged."""
    by.require(Permission.CASE_READ)
    fmt = file_format(path)
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        if fmt == "csv":
            writer = csv.DictWriter(handle, fieldnames=COLUMNS)
            writer.writeheader()
            for row in case_rows(session, by=by):
                writer.writerow({k: cells.neutralise(v) for k, v in row.items()})
                count += 1
        else:
            for row in case_rows(session, by=by):
                handle.write(json.dumps({k: v for k, v in row.items() if v}) + "\n")
                count += 1
    audit.record(session, by, "cases.export", detail=f"{count} files, {fmt}")
    return count
