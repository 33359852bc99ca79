"""Who may see a file: restricted files are seen only by the workers named on them.

A file is restricted as soon as one worker is named (e.g. a file about a staff member's
own child is restricted to two colleagues). An API token never sees a restricted file.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import NoReturn

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from vigil.cases import service
from vigil.errors import Forbidden, InputError
from vigil.store.models import Case, CaseAccess, User

_ALLOWED = select(CaseAccess.user_id).where(CaseAccess.case_id == bindparam("case_id"))


def check_can_see(session: Session, case: Case, user_id: int | None) -> None:
    """Raise Forbidden if the file is restricted to workers other than this one."""
    ensure_named(case.reference, set(session.scalars(_ALLOWED, {"case_id": case.id})), user_id)


def ensure_named(reference: str, allowed: Collection[int], user_id: int | None) -> None:
    """The rule itself, for a file whose named workers are already read: none named, or
    ``user_id`` among them (an API token, None, is never among them)."""
    if allowed and user_id not in allowed:
        _refuse(reference)


def _refuse(reference: str) -> NoReturn:
    raise Forbidden(
        "file %(reference)s is restricted to named workers; ask one of them or a "
        "supervisor who is named on it",
        reference=reference,
    )


def viewable_case(session: Session, reference: str, user_id: int | None) -> Case:
    """Return the file if this user may see it. Raise NotFound or Forbidden otherwise."""
    case = service.get_case(session, reference)
    check_can_see(session, case, user_id)
    return case


def restrict_case(session: Session, case: Case, usernames: Sequence[str], *, by: User) -> None:
    """Restrict the file to these workers (none: lift the restriction). The worker who
    restricts it must stay on the list, so no file is locked away from everyone by mistake."""
    names = {n.strip() for n in usernames if n.strip()}
    if names and by.username not in names:
        raise InputError(
            "keep yourself on the list of workers, or ask one of them to restrict it",
            field="workers",
        )
    users = [service.get_user(session, n) for n in sorted(names)]
    for row in session.scalars(select(CaseAccess).where(CaseAccess.case_id == case.id)):
        session.delete(row)
    session.flush()
    session.add_all(CaseAccess(case_id=case.id, user_id=u.id) for u in users)
    session.flush()
