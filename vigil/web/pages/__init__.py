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
    hotline,
    intake,
    review,
    takedowns,
    users,
)

ROUTERS: list[APIRouter] = [
    intake.router,  # before cases: /cases/new is not the file "new"
    cases.router,
    casework.router,
    dashboard.router,
    auth.router,
    figures.router,
    users.router,
    audit.router,
    account.router,
    hotline.router,
    review.router,
    takedowns.router,
]
"""The most visited first: a request is matched against each route in turn."""
