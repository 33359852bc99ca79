"""Warning at intake that the same child may already have an open file."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, func, intersect, or_, select
from sqlalchemy.orm import Session

from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.audit import log as audit
from vigil.cases.access import visible_to
from vigil.cases.service import ChildDetails
from vigil.domain import limits
from vigil.domain.outcomes import Status
from vigil.domain.people import Role
from vigil.domain.words import query_words
from vigil.store.models import Case, Person, SearchTerm


def possible_duplicates(
    session: Session, child: ChildDetails, *, by: Actor, limit: int = 5
) -> Sequence[Case]:
    """Open files whose child has the same first and last name, or the same first name and
    birth date (case and surrounding spaces ignored), among those ``by`` may see; audited
    when any is shown. Nothing is returned for a child given without a first name."""
    by.require(Permission.CASE_READ)
    limits.check_name(child.first_name, "child_first_name")
    limits.check_name(child.last_name, "child_last_name")
    found = _same_child(session, child, by, limit)
    if found:
        shown = ",".join(c.reference for c in found)
        audit.record(session, by, "intake.duplicates", detail=shown)
    return found


def _same_child(session: Session, child: ChildDetails, by: Actor, limit: int) -> Sequence[Case]:
    first, last = child.first_name.strip().lower(), child.last_name.strip().lower()
    names = query_words(first)
    if not names:
        return []
    same = [and_(func.lower(Person.last_name) == last)] if last else []
    if child.birth_date is not None:
        same.append(Person.birth_date == child.birth_date)
    if not same:
        return []
    people = select(Person.case_id).where(
        _named(names),
        Person.role == Role.CHILD,
        func.lower(Person.first_name) == first,
        or_(*same),
    )
    query = (
        select(Case)
        .where(Case.id.in_(people), Case.status == Status.OPEN, visible_to(by))
        .order_by(Case.opened_at.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def _named(words: list[str]) -> ColumnElement[bool]:
    """The files whose words hold all these words (vigil.store.search): the few thousand
    the comparison above then reads, instead of every child of a million files."""
    found = [select(SearchTerm.case_id).where(SearchTerm.term == w) for w in words]
    return Person.case_id.in_(found[0] if len(found) == 1 else intersect(*found))
