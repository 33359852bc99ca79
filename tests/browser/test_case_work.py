"""A case worker's day in a real Chromium (Debian's), against a real server on 127.0.0.1.

Run on SQLite only: the pages are the same on both databases, which tests/web covers.
Screenshots go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
import uvicorn

from tests.builders import CLI, make_case
from vigil.accounts import credentials
from vigil.accounts import service as accounts
from vigil.domain.case_types import CaseType
from vigil.settings import Settings
from vigil.store import db
from vigil.store.keys import load_secret_key
from vigil.web.app import create_app

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"
PASSWORD = "correct horse battery staple"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    """Serve Vigil on 127.0.0.1 with alice (enrolled) and two files; yield the address,
    alice's TOTP secret and the unaccompanied minor's reference."""
    url = f"sqlite:///{tmp_path / 'vigil.db'}"
    engine = db.make_engine(url)
    db.migrate(engine)
    secret = credentials.new_totp_secret()
    settings = Settings(home=tmp_path, database_url=url)
    with db.session_scope(db.session_factory(engine)) as s:
        user, _ = accounts.add_account(
            s, "alice", "Alice Verbeke", ["case_worker"], by=CLI, password=PASSWORD
        )
        # the previous step's code: the current one is the one typed at sign-in (each works once)
        code = pyotp.TOTP(secret).at(time.time() - 30)
        accounts.enrol_second_factor(s, user, secret, code, load_secret_key(settings))
        uam = make_case(s, CaseType.UNACCOMPANIED_MINOR, first_name="Samir", last_name="Haddad")
        reference = uam.reference
    app = create_app(settings, engine)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    while not uv.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", secret, reference
    uv.should_exit = True
    thread.join(10)
    engine.dispose()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_a_case_worker_signs_in_opens_a_call_works_on_it_and_closes_files(server):
    base, secret, uam = server
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1024, "height": 900})

        def shot(name: str) -> None:
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

        page.goto(base + "/")
        page.get_by_label("Username").fill("alice")
        page.get_by_label("Password").fill(PASSWORD)
        shot("01-sign-in")
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("heading", name="Open files by type").wait_for()
        shot("02-dashboard")

        page.get_by_role("link", name="New call").click()
        page.get_by_label("Type of file").select_option("runaway")
        page.get_by_label("First name").first.fill("Mila")
        page.get_by_label("Last name").first.fill("Wouters")
        page.get_by_label("Or estimated age").fill("15")
        page.get_by_label("What happened").fill("Did not come home after school.")
        shot("03-intake")
        page.get_by_role("button", name="Open the file").click()
        page.get_by_text("The file is open.").wait_for()
        reference = page.locator("h1").inner_text().split()[0]

        page.get_by_role("link", name="Files", exact=True).click()
        page.get_by_label("Search").fill("wouters")
        page.get_by_role("button", name="Find").click()
        shot("04-search")
        page.get_by_role("link", name=reference).click()

        page.get_by_label("Add a note").fill("Mother called: seen at the station.")
        page.get_by_role("button", name="Add note").click()
        page.get_by_text("Note added.").wait_for()
        page.get_by_label("New task").fill("Call the school")
        page.get_by_role("button", name="Add task").click()
        page.get_by_text("Task added.").wait_for()
        shot("05-file")

        page.goto(f"{base}/cases/{uam}")
        page.get_by_role("link", name="Close the file").click()
        page.get_by_label("Outcome").select_option("transferred")
        page.get_by_role("button", name="Close the file").click()
        error = page.locator("#e-outcome")
        error.wait_for()
        assert "stays open until there is news of the child" in error.inner_text()
        assert page.get_by_label("Outcome").get_attribute("aria-invalid") == "true"
        shot("06-refused-close")

        page.goto(f"{base}/cases/{reference}/close")
        page.get_by_label("Outcome").select_option("found")
        page.get_by_role("button", name="Close the file").click()
        page.get_by_text("The file is closed.").wait_for()
        shot("07-closed")
        page.set_viewport_size({"width": 768, "height": 1024})  # a tablet held upright
        shot("08-tablet")
        page.goto(f"{base}/cases/new")
        shot("09-intake-tablet")
        page.set_viewport_size({"width": 1024, "height": 900})

        page.get_by_role("link", name="Figures").click()
        page.get_by_role("heading", name="Annual report").wait_for()
        shot("10-figures")
        page.keyboard.press("Tab")  # the first stop is the link past the menu
        assert page.evaluate("document.activeElement.textContent") == "Skip to content"

        page.goto(f"{base}/account")
        page.get_by_label("Language of the pages").select_option("nl")
        page.get_by_role("button", name="Save").click()
        page.get_by_text("Taal bewaard.").wait_for()
        page.get_by_role("link", name="Overzicht").click()
        page.get_by_role("heading", name="Open dossiers per type").wait_for()
        shot("11-dashboard-nl")
        browser.close()
