"""The review queue in Chromium: decisions by key, the preview blurred and grey until the
analyst asks for it clearer, and the refusal at the day's limit. Pictures are generated;
every page visited is looked at (conftest.Visit.look)."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from PIL import Image

from tests.browser.conftest import PASSWORD, Site, Visit, _free_port
from tests.builders import CLI
from tests.hotline.reviewing import intake, picture, pipeline_of
from tests.web.conftest import fresh_code
from vigil import clock
from vigil.accounts import credentials
from vigil.accounts import service as accounts
from vigil.hotline import grouping
from vigil.settings import Settings
from vigil.store import db
from vigil.store.keys import load_secret_key
from vigil.web.app import create_app

ANALYSTS = {"bob": "Bob Claes", "erin": "Erin Smet"}


@pytest.fixture
def review_site(tmp_path: Path) -> Iterator[Site]:
    """Vigil on 127.0.0.1 with two analysts, a daily limit of one minute, and two pictures
    waiting for review."""
    grouping.forget()
    url = f"sqlite:///{tmp_path / 'vigil.db'}"
    engine = db.make_engine(url)
    db.migrate(engine)
    settings = Settings(home=tmp_path, database_url=url, review_daily_minutes=1)
    factory = db.session_factory(engine)
    secrets: dict[str, str] = {}
    with db.session_scope(factory) as s:
        for username, name in ANALYSTS.items():
            user, _ = accounts.add_account(
                s, username, name, ["analyst"], by=CLI, password=PASSWORD
            )
            secrets[username] = credentials.new_totp_secret()
            code = fresh_code(secrets[username])
            accounts.enrol_second_factor(
                s, user, secrets[username], code, load_secret_key(settings)
            )
        pipeline = pipeline_of(settings, factory)
        for seed in (1, 2):
            intake(pipeline, s, picture(seed))
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, engine), host="127.0.0.1", port=_free_port(), log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield Site(f"http://127.0.0.1:{server.config.port}", secrets)
    server.should_exit = True
    thread.join(10)
    engine.dispose()
    clock.freeze(None)
    grouping.forget()


@pytest.fixture
def analyst_visits(review_site: Site, chromium: Any) -> Iterator[tuple[Visit, Visit]]:
    contexts = [chromium.new_context(viewport={"width": 1024, "height": 900}) for _ in range(2)]
    yield Visit(contexts[0].new_page(), review_site), Visit(contexts[1].new_page(), review_site)
    for context in contexts:
        context.close()


def _shown_image(visit: Visit, selector: str) -> Image.Image:
    """The picture the page shows, as the browser received it."""
    src = visit.page.locator(selector).first.get_attribute("src")
    answer = visit.page.context.request.get(visit.site.base + src)
    assert answer.headers["cache-control"] == "no-store"
    return Image.open(io.BytesIO(answer.body()))


def test_an_analyst_decides_by_keys_sees_blurred_unless_asking_and_stops_at_the_limit(
    analyst_visits,
):
    bob, erin = analyst_visits
    bob.sign_in("bob")
    erin.sign_in("erin")
    clock.freeze(datetime.now(UTC))  # from here the server's clock moves only when told

    page = bob.go("/hotline/queue")
    preview = page.locator("img.preview").first
    preview.wait_for()
    assert preview.evaluate("img => img.complete && img.naturalWidth") > 0
    assert "clearer" not in (preview.get_attribute("class") or "")
    blurred = _shown_image(bob, "img.preview")
    assert blurred.mode == "L" and max(blurred.size) <= 320
    bob.look("30-review-blurred")

    page.keyboard.press("c")  # show clearer: a deliberate step
    page.locator("img.preview.clearer").wait_for()
    assert _shown_image(bob, "img.preview.clearer").mode == "RGB"

    page.keyboard.press("2")
    page.keyboard.press("u")
    assert page.get_by_label("Pre-pubescent").is_checked()
    page.keyboard.press("b")  # baseline: decided
    page.get_by_text("Saved. Here is the next group.").wait_for()

    page.keyboard.press("x")  # not illegal, without a reason: refused next to the field
    page.locator("#e-reason").wait_for()
    assert "say why the material is not illegal" in page.locator("#e-reason").inner_text()
    bob.look("31-review-refused")
    page.get_by_label("Note").fill("x marks nothing while typing")
    assert "/hotline/queue/" in page.url  # typing the letter x decided nothing
    page.keyboard.press("Escape")
    page.locator("body").click()
    page.keyboard.press("7")
    page.keyboard.press("x")
    page.get_by_text("Nothing waits for you in the queue.").wait_for()

    page = erin.go("/hotline/queue")  # the first group waits for a second analyst
    page.locator("img.preview").first.wait_for()
    clock.freeze(clock.now() + timedelta(seconds=61))
    page = erin.go("/hotline/queue")
    refusal = page.locator("#refused")
    refusal.wait_for()
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    assert f"opens again for you on {tomorrow} at 00:00" in refusal.inner_text()
    assert page.locator("img.preview").count() == 0
    erin.look("32-review-limit")
