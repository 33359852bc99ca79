"""The yearly figures: counts only, never a name (what the statistician sees)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from vigil import clock
from vigil.accounts.roles import Permission
from vigil.domain.ages import AGE_GROUPS, UNKNOWN_AGE
from vigil.domain.case_types import CaseType
from vigil.figures.yearly import yearly_figures, years_with_files
from vigil.web.actors import Actor
from vigil.web.context import requires, transaction
from vigil.web.templating import render

router = APIRouter(include_in_schema=False)
Statistician = Annotated[Actor, Depends(requires(Permission.FIGURES_READ))]


@router.get("/figures")
def figures(
    request: Request, actor: Statistician, year: Annotated[int | None, Query()] = None
) -> Response:
    with transaction(request) as s:
        span = years_with_files(s)
        last = span[1] if span else clock.today().year
        year = year if year is not None and 1900 <= year <= clock.today().year else last
        return render(
            request,
            "figures.html",
            figures=yearly_figures(s, year),
            year=year,
            years=list(range(span[0], span[1] + 1)) if span else [year],
            types=list(CaseType),
            age_groups=[label for label, _, _ in AGE_GROUPS] + [UNKNOWN_AGE],
        )
