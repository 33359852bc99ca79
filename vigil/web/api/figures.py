"""/api/v1/figures: the yearly figures, counts only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from vigil.figures.yearly import read_figures
from vigil.web.api.routes import SerializedInRoute
from vigil.web.api.schemas import ErrorOut
from vigil.web.context import DbSession, Statistician

router = APIRouter(
    prefix="/api/v1",
    tags=["figures"],
    responses={c: {"model": ErrorOut} for c in (401, 403, 422)},
    route_class=SerializedInRoute,
)


@router.get("/figures/{year}")
def figures(
    s: DbSession, actor: Statistician, year: Annotated[int, Path(ge=1900, le=9999)]
) -> dict[str, Any]:
    """New, handled and closed files per type, change against the two years before, ages."""
    return read_figures(s, year, by=actor)
