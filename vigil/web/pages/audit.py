"""The audit log, newest first, for those allowed to read it; filtered by who, what and
which file when the query asks (``/audit?who=alice&action=case.view&reference=RUN-...``).
The log names people by username and files by reference, so the filters carry no personal
data into URLs or server logs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil.audit import log
from vigil.store.models import AuditEntry, User
from vigil.web import actions
from vigil.web.context import Auditor, DbSession
from vigil.web.templating import render

router = APIRouter(include_in_schema=False)
PAGE = 100
Filter = Annotated[str, Query(max_length=200)]


@router.get("/audit")
def audit_log(
    request: Request,
    s: DbSession,
    actor: Auditor,
    before: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    who: Filter = "",
    action: Filter = "",
    reference: Filter = "",
) -> Response:
    form = {"who": who.strip(), "action": action.strip(), "reference": reference.strip()}
    entries = log.read_entries(
        s,
        by=actor,
        limit=PAGE,
        before=before,
        actor=form["who"],
        action=form["action"],
        target=form["reference"],
    )
    older = entries[-1].id if len(entries) == PAGE else None
    return render(
        request,
        "audit.html",
        entries=entries,
        form=form,
        actions=sorted(actions.ACTIONS),
        action_label=actions.english,
        about_a_file=actions.about_a_file,
        names=_names(s, entries),
        older=f"/audit?{urlencode({**_set(form), 'before': older})}" if older else None,
    )


def _names(s: Session, entries: Sequence[AuditEntry]) -> dict[str, str]:
    """The full names of the people the entries name by username (as actor, or as the
    target ``user:<username>``)."""
    named = {e.actor for e in entries if ":" not in e.actor}
    named |= {e.target.removeprefix("user:") for e in entries if e.target.startswith("user:")}
    found = s.execute(select(User.username, User.display_name).where(User.username.in_(named)))
    return {username: name for username, name in found}


def _set(form: dict[str, str]) -> dict[str, str]:
    return {key: value for key, value in form.items() if value}
