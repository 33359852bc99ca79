"""Build the web application: ``create_app(settings)`` is what `vigil serve` runs."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from vigil import clock
from vigil.accounts import credentials
from vigil.accounts.service import Policy
from vigil.accounts.sessions import Timeouts
from vigil.settings import Settings
from vigil.store import db
from vigil.store.keys import load_secret_key
from vigil.web import api, errors, idempotency, pages
from vigil.web.security import SecurityHeaders

STATIC = Path(__file__).parent / "static"


def create_app(settings: Settings, engine: Engine | None = None) -> FastAPI:
    """The application on ``engine`` (made from the settings when not given)."""
    engine = engine or db.make_engine(settings.database_url)
    app = FastAPI(
        title="Vigil",
        version="1",
        summary="Case work for child protection foundations",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # the documentation pages load scripts from a CDN: not with this CSP
        redoc_url=None,
    )
    app.state.settings = settings
    clock.use_zone(settings.timezone)
    app.state.engine = engine
    app.state.factory = db.session_factory(engine)
    app.state.timeouts = Timeouts.from_settings(settings)
    app.state.policy = Policy.from_settings(settings, load_secret_key(settings))
    credentials.use_pool(settings.password_hashing_threads, settings.password_hashing_queue)
    errors.install(app)
    idempotency.install(app)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_api_route("/api/v1/health", health, methods=["GET"], tags=["health"])
    for router in [*pages.ROUTERS, *api.ROUTERS]:
        app.include_router(router)
    return app


def health() -> JSONResponse:
    """Bare: answers without touching the database (the benchmarks' baseline)."""
    return JSONResponse({"status": "ok"})
