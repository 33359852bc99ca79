"""/api/v1/figures: the yearly figures, counts only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request

from vigil.accounts.roles import Permission
from vigil.figures.yearly import yearly_figures
from vigil.web.actors import Actor
from vigil.web.api.schemas import ErrorOut
from vigil.web.context import Route, requires, slow, transaction

router = APIRouter(
    prefix="/api/v1",
    route_class=Route,
    tags=["figures"],
    responses={c: {"model": ErrorOut} for c in (401, 403, 422)},
)
Statistician = Annotated[Actor, Depends(requires(Permission.FIGURES_READ))]


@router.get("/figures/{year}")
@slow
def figures(
    request: Request, actor: Statistician, year: Annotated[int, Path(ge=1900, le=9999)]
) -> dict[str, Any]:
    """New, handled and closed files per type, change against the two years before, ages."""
    with transaction(request) as s:
        return yearly_figures(s, year)
