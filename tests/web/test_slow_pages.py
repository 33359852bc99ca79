"""The pages that take seconds run in threads of their own: while one is being made, the
file pages still answer from the one thread of case work (VIGIL_WEB_THREADS=1)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from tests.builders import make_case
from tests.web.conftest import sign_in
from vigil.store import db
from vigil.web.app import create_app, web_threads
from vigil.web.pages import figures as figures_page


@pytest.mark.usefixtures("frozen_today")
def test_a_slow_page_does_not_hold_up_the_file_pages(settings, engine, secrets, monkeypatch):
    app = create_app(replace(settings, web_threads=1), engine)
    with db.session_scope(db.session_factory(engine)) as s:
        reference = make_case(s).reference
    started, release = threading.Event(), threading.Event()
    make_page = figures_page._page

    def held(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.set()
        release.wait(20)
        return make_page(*args, **kwargs)

    monkeypatch.setattr(figures_page, "_page", held)
    with TestClient(app, base_url="https://testserver") as alice, ThreadPoolExecutor(1) as pool:
        sign_in(alice, "alice", secrets["alice"])
        figures = pool.submit(alice.get, "/figures")
        assert started.wait(20), "the figures page did not start"
        page = alice.get(f"/cases/{reference}")
        assert page.status_code == 200
        assert not figures.done(), "the file page waited for the figures page"
        release.set()
        assert figures.result(20).status_code == 200


def test_the_threads_are_chosen_for_the_database_unless_set(settings, engine):
    chosen = web_threads(create_app(settings, engine))
    assert chosen == (1 if engine.dialect.name == "sqlite" else 4)
    assert web_threads(create_app(replace(settings, web_threads=3), engine)) == 3
