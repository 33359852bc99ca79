"""Finding a file as an actor: the restricted-file rule (vigil.domain.access) applied to the
store, for one file and for a list.

Every use case that reads or changes a file starts here, so that no door can skip it: a
file the actor may not see answers exactly as a file that does not exist.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session

from vigil.accounts.actors import Actor
from vigil.domain import limits
from vigil.domain.access import may_see
from vigil.errors import NotFound
from vigil.store.models import Case, CaseAccess


def no_such_file(reference: str) -> NotFound:
    return NotFound(
        "there is no file '%(reference)s'; check the reference (e.g. RUN-2021-00123)",
        reference=reference,
    )


def visible_case(session: Session, reference: str, by: Actor, *, for_change: bool = False) -> Case:
    """The file with this reference, if ``by`` may see it. Raise NotFound otherwise.

    ``for_change`` locks the file's row until the transaction ends (PostgreSQL; SQLite's
    writers take turns anyway), so that two changes to one file take turns too."""
    if not limits.lookup(reference.strip()):
        raise no_such_file(reference.strip())
    query = select(Case).where(Case.reference == reference.strip())
    if for_change:
        query = query.with_for_update()
    case = session.scalar(query)
    if case is None or not may_see(named_workers(session, case.id), by.user_id):
        raise no_such_file(reference.strip())
    return case


def named_workers(session: Session, case_id: int) -> set[int]:
    """The ids of the workers a file is restricted to (none: it is not restricted)."""
    found = session.scalars(select(CaseAccess.user_id).where(CaseAccess.case_id == case_id))
    return set(found)


def visible_to(by: Actor) -> ColumnElement[bool]:
    """The rule as a condition on Case, for lists and searches: not restricted, or
    restricted and naming this actor."""
    restricted = exists().where(CaseAccess.case_id == Case.id)
    if by.user_id is None:
        return ~restricted
    named = exists().where(CaseAccess.case_id == Case.id, CaseAccess.user_id == by.user_id)
    return ~restricted | named
