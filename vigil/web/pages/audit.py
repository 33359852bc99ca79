"""The audit log, newest first, for those allowed to read it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from vigil.accounts.roles import Permission
from vigil.audit import log
from vigil.web.actors import Actor
from vigil.web.context import requires, transaction
from vigil.web.templating import render

router = APIRouter(include_in_schema=False)
Auditor = Annotated[Actor, Depends(requires(Permission.AUDIT_READ))]
PAGE = 100


@router.get("/audit")
def audit_log(
    request: Request, actor: Auditor, before: Annotated[int | None, Query(ge=1)] = None
) -> Response:
    with transaction(request) as s:
        log.record(s, actor.name, "audit.view")
        entries = log.entries(s, limit=PAGE, before=before)
        older = entries[-1].id if len(entries) == PAGE else None
        return render(request, "audit.html", entries=entries, older=older)
