"""The pages people use. Each module is one area; ROUTERS is the order they are mounted in."""

from __future__ import annotations

from fastapi import APIRouter

from vigil.web.pages import (
    account,
    audit,
    auth,
    cases,
    casework,
    dashboard,
    figures,
    intake,
    users,
)

ROUTERS: list[APIRouter] = [
    auth.router,
    dashboard.router,
    intake.router,
    casework.router,
    cases.router,
    figures.router,
    users.router,
    audit.router,
    account.router,
]
