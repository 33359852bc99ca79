"""The JSON API under /api/v1, for integrations: the same use cases as the pages."""

from __future__ import annotations

from fastapi import APIRouter

from vigil.web.api import admin, cases, figures, hotline, review

ROUTERS: list[APIRouter] = [
    cases.router,
    figures.router,
    admin.router,
    hotline.router,
    review.router,
]
