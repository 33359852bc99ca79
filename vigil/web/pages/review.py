"""The analyst's page (/hotline/queue): one group at a time, previews blurred by default,
a decision by one key; the previews themselves (/hotline/preview/{item_id}), made on the
server from the sealed copy and never the original bytes; and the supervisor's page of the
analysts' exposure (/hotline/exposure: times and counts, never an image).

The queue's page is the one page with a script: a small static file (/static/review.js)
that turns keys into clicks. Its Content-Security-Policy allows scripts from this site
only ('self'); still no inline script, no style attribute, no other origin.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from vigil.domain.review import AgeGroup, Classification, Reason, Sex, Verdict, classify
from vigil.errors import ExposureLimit
from vigil.hotline import exposure, review
from vigil.hotline.exposure import Rules
from vigil.web.context import Analyst, DbSession, HotlineSupervisor, settings
from vigil.web.errors import shown
from vigil.web.pages import forms
from vigil.web.security import CSP
from vigil.web.templating import render

router = APIRouter(include_in_schema=False)
Field = Annotated[str, Form()]
QUEUE_CSP = CSP.replace("default-src 'none';", "default-src 'none'; script-src 'self';")
KEYS = {
    AgeGroup.INFANT_TODDLER: "1",
    AgeGroup.PREPUBESCENT: "2",
    AgeGroup.PUBESCENT: "3",
    Sex.FEMALE: "f",
    Sex.MALE: "m",
    Sex.BOTH: "o",
    Sex.UNKNOWN: "u",
    Reason.ADULT: "7",
    Reason.NOT_SEXUAL: "8",
    Reason.AGE_NOT_DETERMINABLE: "9",
    Reason.OTHER: "0",
    Verdict.BASELINE: "b",
    Verdict.NATIONAL: "n",
    Verdict.NOT_ILLEGAL: "x",
}
SKIP_KEY, CLEARER_KEY = "k", "c"


def _rules(request: Request) -> Rules:
    return Rules.from_settings(settings(request))


def _page(
    request: Request,
    s: DbSession,
    actor: Analyst,
    *,
    status: int = 200,
    clearer: int | None = None,
    **context: object,
) -> Response:
    values: dict[str, object] = {
        "refused": "",
        "given": None,
        "clearer": clearer,
        "done": "",
        "keys": KEYS,
        "skip_key": SKIP_KEY,
        "clearer_key": CLEARER_KEY,
        "verdicts": list(Verdict),
        "age_groups": list(AgeGroup),
        "sexes": list(Sex),
        "reasons": list(Reason),
        **context,
    }
    try:
        values["given"] = review.next_group(s, by=actor, rules=_rules(request))
    except ExposureLimit as exc:
        status, values["refused"] = 429, shown(request, exc)
    answer = render(request, "review.html", status, **values)
    answer.headers["content-security-policy"] = QUEUE_CSP
    return answer


@router.get("/hotline/queue")
def queue_page(
    request: Request,
    s: DbSession,
    actor: Analyst,
    clearer: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    done: Annotated[str, Query(max_length=32)] = "",
) -> Response:
    """The group this analyst holds (or the next), its previews blurred; ``clearer`` shows
    one item of it clearer (a deliberate step, audited and counted)."""
    return _page(request, s, actor, clearer=clearer, done=done)


def _classified(
    problems: forms.Problems,
    apply: Callable[[Classification], object],
    verdict: str,
    *,
    reason: str,
    age_group: str,
    sex: str,
    note: str,
) -> None:
    """Read the classification form and hand it to ``apply`` (a decision or a correction):
    a refusal of either is shown by the verdict."""
    chosen = problems.read(
        "verdict",
        lambda: classify(
            verdict, reason=reason or None, age_group=age_group or None, sex=sex or None, note=note
        ),
    )
    if chosen is not None:
        problems.read("verdict", lambda: apply(chosen))


@router.post("/hotline/queue/{group_id}/decision")
def decision(
    request: Request,
    s: DbSession,
    actor: Analyst,
    group_id: int,
    verdict: Field = "",
    reason: Field = "",
    age_group: Field = "",
    sex: Field = "",
    note: Field = "",
) -> Response:
    problems = forms.Problems()
    _classified(
        problems,
        lambda chosen: review.decide(
            s, group_id, chosen, by=actor, rules=_rules(request), settings=settings(request)
        ),
        verdict,
        reason=reason,
        age_group=age_group,
        sex=sex,
        note=note,
    )
    if not problems:
        return forms.see_other("/hotline/queue?done=decision")
    s.rollback()
    values = {"reason": reason, "age_group": age_group, "sex": sex, "note": note}
    return _page(request, s, actor, status=422, errors=problems.shown(request), form=values)


@router.post("/hotline/queue/{group_id}/skip")
def skip(request: Request, s: DbSession, actor: Analyst, group_id: int) -> Response:
    review.skip(s, group_id, by=actor, rules=_rules(request))
    return forms.see_other("/hotline/queue?done=skip")


@router.get("/hotline/preview/{item_id}")
def preview(
    request: Request,
    s: DbSession,
    actor: Analyst,
    item_id: int,
    clearer: bool = False,
) -> Response:
    """A preview made anew from the sealed copy (never its bytes), for the analyst who holds
    the item's group only; counted toward their exposure, audited, never cached."""
    made = review.preview(
        s, item_id, by=actor, rules=_rules(request), settings=settings(request), clearer=clearer
    )
    return Response(made, media_type="image/jpeg", headers={"content-disposition": "inline"})


@router.get("/hotline/exposure")
def exposure_page(
    request: Request,
    s: DbSession,
    actor: HotlineSupervisor,
    week: bool = False,
    analyst: Annotated[str | None, Query(max_length=64, pattern=r"^[A-Za-z0-9._-]*$")] = None,
) -> Response:
    """Each analyst's exposure per day or week: minutes, previews, clearer ones."""
    rows = exposure.exposure_report(
        s, by=actor, rules=_rules(request), analyst=analyst or None, week=week
    )
    limit = _rules(request).daily_seconds
    return render(request, "exposure.html", rows=rows, week=week, analyst=analyst, limit=limit)


@router.get("/hotline/groups")
def groups_page(request: Request, s: DbSession, actor: HotlineSupervisor) -> Response:
    """The groups decided last: where a supervisor finds one to read or correct."""
    return render(request, "groups.html", groups=review.decided_groups(s, by=actor))


@router.get("/hotline/groups/{group_id}")
def group_page(
    request: Request,
    s: DbSession,
    actor: HotlineSupervisor,
    group_id: int,
    done: Annotated[str, Query(max_length=32)] = "",
) -> Response:
    """A group's decisions, who and when (never an image), and the correction form."""
    return _group(request, s, actor, group_id, done=done)


def _group(
    request: Request,
    s: DbSession,
    actor: HotlineSupervisor,
    group_id: int,
    *,
    status: int = 200,
    **context: object,
) -> Response:
    values: dict[str, object] = {
        "record": review.group_record(s, group_id, by=actor),
        "done": "",
        "verdicts": list(Verdict),
        "reasons": list(Reason),
        "age_groups": list(AgeGroup),
        "sexes": list(Sex),
        **context,
    }
    return render(request, "group.html", status, **values)


@router.post("/hotline/groups/{group_id}/correction")
def correction(
    request: Request,
    s: DbSession,
    actor: HotlineSupervisor,
    group_id: int,
    verdict: Field = "",
    reason: Field = "",
    age_group: Field = "",
    sex: Field = "",
    note: Field = "",
) -> Response:
    problems = forms.Problems()
    _classified(
        problems,
        lambda chosen: review.correct(
            s, group_id, chosen, by=actor, rules=_rules(request), settings=settings(request)
        ),
        verdict,
        reason=reason,
        age_group=age_group,
        sex=sex,
        note=note,
    )
    if not problems:
        return forms.see_other(f"/hotline/groups/{group_id}?done=correction")
    s.rollback()
    values = {
        "verdict": verdict,
        "reason": reason,
        "age_group": age_group,
        "sex": sex,
        "note": note,
    }
    return _group(
        request, s, actor, group_id, status=422, errors=problems.shown(request), form=values
    )
