"""/api/v1/hotline: reports of URLs from partners (an API token holding hotline.report)."""

from __future__ import annotations

from datetime import UTC

from fastapi import APIRouter, Request, Response

from vigil.hotline import reports
from vigil.web.api.schemas import ErrorOut, HotlineReportIn, HotlineReportOut
from vigil.web.context import DbSession, HotlineReporter, queue_fetches, settings

router = APIRouter(
    prefix="/api/v1/hotline",
    tags=["hotline"],
    responses={c: {"model": ErrorOut} for c in (401, 403, 422, 429)},
)


@router.post(
    "/reports",
    status_code=201,
    responses={200: {"model": HotlineReportOut, "description": "Sent before: the same report"}},
)
def report(
    request: Request,
    response: Response,
    s: DbSession,
    actor: HotlineReporter,
    body: HotlineReportIn,
) -> HotlineReportOut:
    """Report URLs to the hotline. The report is stored at once (201), and its URLs are
    fetched in the background. Sent again with the same ``source`` and ``external_id``, it
    is the report already there (200), and nothing is added. A URL that is malformed, not
    http(s) or holding a user name or password refuses the whole report (422), naming it."""
    received = reports.receive_report(
        s,
        body.urls,
        by=actor,
        settings=settings(request),
        description=body.description,
        source=body.source,
        external_id=body.external_id,
    )
    report = received.report
    out = HotlineReportOut(
        reference=report.reference,
        received_at=report.received_at
        if report.received_at.tzinfo
        else report.received_at.replace(tzinfo=UTC),
        urls=len(report.urls),
        repeated=received.repeated,
    )
    s.commit()  # stored before anything is queued
    queue_fetches(request, received.to_fetch)
    if received.repeated:
        response.status_code = 200
    return out
