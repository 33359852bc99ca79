"""A real Vigil on 127.0.0.1 and Debian's Chromium driven by Playwright.

Every page a browser test visits is looked at by :meth:`Visit.look`: no id is used twice,
axe-core (from npm, `npm ci`) finds no accessibility violation, and at 320 CSS pixels wide
the page does not scroll sideways (WCAG 1.4.10). Run on SQLite only: the pages are the same
on both databases, which tests/web covers. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sqlalchemy import select

from tests.builders import CLI, actor_of, make_case
from tests.web.conftest import fresh_code
from vigil import clock
from vigil.accounts import credentials
from vigil.accounts import service as accounts
from vigil.cases import service
from vigil.domain.case_types import CaseType
from vigil.settings import Settings
from vigil.store import db
from vigil.store.keys import load_secret_key
from vigil.store.models import User
from vigil.web.app import create_app

playwright = pytest.importorskip("playwright.sync_api")
ROOT = Path(__file__).parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
PASSWORD = "correct horse battery staple"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PEOPLE = {
    "alice": ("Alice Verbeke", ["case_worker"]),
    "sam": ("Sam Janssens", ["supervisor"]),
    "ada": ("Ada Lambert", ["admin"]),
}
NARROW = 320
"""The width at which no page may scroll sideways (WCAG 1.4.10: 1280 px at 400%)."""

STICKING_OUT = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 321 && !e.closest('.scroll'))
  .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right)"""
"""The elements that stick out of a narrow page (those of a table's scrolling box may)."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Site:
    """The server's address, each person's TOTP secret and the files made for the tests."""

    base: str
    secrets: dict[str, str]
    files: dict[str, str] = field(default_factory=dict)


def _seed(s: Any, key: Any) -> tuple[dict[str, str], dict[str, str]]:
    secrets: dict[str, str] = {}
    for username, (name, roles) in PEOPLE.items():
        user, _ = accounts.add_account(s, username, name, roles, by=CLI, password=PASSWORD)
        secrets[username] = credentials.new_totp_secret()
        code = fresh_code(secrets[username])
        accounts.enrol_second_factor(s, user, secrets[username], code, key)
    accounts.add_account(s, "nina", "Nina Claes", ["case_worker"], by=CLI, password=PASSWORD)
    alice = actor_named(s, "alice")
    today = clock.today()
    uam = make_case(s, CaseType.UNACCOMPANIED_MINOR, first_name="Samir", last_name="Haddad")
    opened = today - timedelta(days=40)
    runaway = make_case(s, opened_at=opened, first_name="Mila", last_name="Wouters")
    service.assign_case(s, runaway.reference, "alice", by=CLI)
    service.add_task(
        s, runaway.reference, "Call the school", by=alice, due_on=today - timedelta(days=3)
    )
    service.add_task(s, runaway.reference, "Call the mother", by=alice, due_on=today + timedelta(5))
    for n in range(60):  # more than a page of the list
        make_case(s, CaseType.SEXTING, first_name="Lena", last_name=f"Peeters{n}")
    files = {"uam": uam.reference, "runaway": runaway.reference}
    return secrets, files


def actor_named(s: Any, username: str) -> Any:
    user = s.scalar(select(User).where(User.username == username))
    return actor_of(user, *user.roles)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """Vigil served on 127.0.0.1: alice (case worker), sam (supervisor) and ada (admin)
    with their second factor, nina who has not set hers up yet, and some files."""
    url = f"sqlite:///{tmp_path / 'vigil.db'}"
    engine = db.make_engine(url)
    db.migrate(engine)
    settings = Settings(home=tmp_path, database_url=url)
    with db.session_scope(db.session_factory(engine)) as s:
        secrets, files = _seed(s, load_secret_key(settings))
    app = create_app(settings, engine)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield Site(f"http://127.0.0.1:{port}", secrets, files)
    server.should_exit = True
    thread.join(10)
    engine.dispose()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make test does) to install it")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@dataclass
class Visit:
    """One person's browser tab, and the checks every page it shows must pass."""

    page: Any
    site: Site
    looked: list[str] = field(default_factory=list)

    def go(self, path: str) -> Any:
        self.page.goto(self.site.base + path)
        return self.page

    def look(self, name: str = "") -> None:
        """Check the page shown now: unique ids, no axe-core violation, no sideways scroll
        at 320 px; keep a screenshot when ``name`` is given."""
        page = self.page
        where = page.url
        twice = page.evaluate(
            "() => { const seen = {}; for (const e of document.querySelectorAll('[id]'))"
            " seen[e.id] = (seen[e.id] || 0) + 1;"
            " return Object.keys(seen).filter(k => seen[k] > 1); }"
        )
        assert not twice, f"{where}: ids used twice: {twice}"
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.evaluate(AXE.read_text())
        found = page.evaluate(
            "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map("
            "v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.html.slice(0, 200))})))"
        )
        assert not found, f"{where}: axe-core found: {json.dumps(found, indent=1)}"
        size = page.viewport_size
        page.set_viewport_size({"width": NARROW, "height": 800})
        wide = page.evaluate("document.documentElement.scrollWidth")
        out = page.evaluate(STICKING_OUT) if wide > NARROW else []
        if name:
            self.shot(f"{name}-320")
        page.set_viewport_size(size)
        assert wide <= NARROW, f"{where}: {wide} px wide at {NARROW} px, because of {out}"
        if name:
            self.shot(name)
        self.looked.append(where)

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def sign_in(self, username: str) -> None:
        page = self.go("/login")
        self.look()
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("Code").fill(fresh_code(self.site.secrets[username]))
        self.look()
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("heading", level=1).wait_for()


@pytest.fixture
def visit(site: Site, chromium: Any) -> Iterator[Visit]:
    context = chromium.new_context(viewport={"width": 1024, "height": 900})
    yield Visit(context.new_page(), site)
    context.close()


@pytest.fixture
def other_visit(site: Site, chromium: Any) -> Iterator[Visit]:
    """A second person, in a browser of their own."""
    context = chromium.new_context(viewport={"width": 1024, "height": 900})
    yield Visit(context.new_page(), site)
    context.close()


def today() -> date:
    return clock.today()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test here drives a real Chromium: marked so (`make quick` leaves them out), and
    skipped, saying why, where Debian's chromium is missing."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(pytest.mark.skip(reason="Debian's chromium is missing"))
