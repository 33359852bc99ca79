"""Correcting a file after intake: its summary, risk questions and the child's details."""

from __future__ import annotations

from sqlalchemy.orm import Session

from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.audit import log as audit
from vigil.cases import changes
from vigil.cases.access import visible_case
from vigil.cases.changes import Corrections
from vigil.domain import limits
from vigil.store.models import Case

__all__ = ["Corrections", "edit_case"]


def edit_case(session: Session, reference: str, corrections: Corrections, *, by: Actor) -> Case:
    """Correct the file; the timeline and the audit entry say what changed, not the values.
    Raise CaseRuleError if the child's details break a rule."""
    by.require(Permission.CASE_WRITE)
    limits.check_text(corrections.summary, "summary", limits.TEXT)
    limits.check_name(corrections.first_name, "child_first_name")
    limits.check_name(corrections.last_name, "child_last_name")
    case = visible_case(session, reference, by, for_change=True)
    changed = changes.correct(case, corrections, by=by.user(session))
    session.flush()
    audit.record(session, by, "case.edit", case.reference, ", ".join(changed))
    return case
