"""Build the web application: ``create_app(settings)`` is what `vigil serve` runs."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from anyio import to_thread
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from vigil import clock
from vigil.accounts.service import Policy
from vigil.accounts.sessions import Timeouts
from vigil.settings import Settings
from vigil.store import db
from vigil.store.keys import load_secret_key
from vigil.web import api, errors, pages
from vigil.web.context import check_routes
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
        lifespan=_lifespan,
    )
    app.state.settings = settings
    clock.use_zone(settings.timezone)
    app.state.engine = engine
    app.state.factory = db.session_factory(engine)
    app.state.timeouts = Timeouts.from_settings(settings)
    app.state.policy = Policy.from_settings(settings, load_secret_key(settings))
    errors.install(app)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_api_route("/api/v1/health", health, methods=["GET"], tags=["health"])
    for router in [*pages.ROUTERS, *api.ROUTERS]:  # people's pages are most of the traffic
        app.include_router(router)
    check_routes(app)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Run the routes in VIGIL_WEB_THREADS threads (anyio's default is 40): the GIL lets one
    run at a time, and threads handing it round made each request dearer and the slowest
    ones far slower (see benchmarks/README.md). The routes that take seconds have
    VIGIL_WEB_SLOW_THREADS threads of their own (see vigil.web.context.slow).

    Then set aside what start-up made (modules, templates, mapped classes) from the garbage
    collector's full passes: a page makes enough short-lived objects to start one every few
    hundred requests, and each walked every object of the process, holding up all requests
    in flight for tens of milliseconds (the file page's p99 was 3 times its median)."""
    to_thread.current_default_thread_limiter().total_tokens = web_threads(app)
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()


def web_threads(app: FastAPI) -> int:
    """VIGIL_WEB_THREADS, or for ``auto`` what served best on the database in use."""
    settings: Settings = app.state.settings
    if settings.web_threads is not None:
        return settings.web_threads
    engine: Engine = app.state.engine
    return 1 if engine.dialect.name == "sqlite" else 4


def health() -> JSONResponse:
    """Bare: answers without touching the database (the benchmarks' baseline)."""
    return JSONResponse({"status": "ok"})
