"""The review queue's doors: the page, the previews, the API. What an analyst is shown is
made on the server, blurred, never cached and never the original bytes; no route serves
those to anyone. Pictures are generated."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import select

from tests.hotline.reviewing import intake, picture, pipeline_of
from tests.web.test_roles import _flat
from vigil import clock
from vigil.hotline import grouping
from vigil.store import db
from vigil.store.review import Decision

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture(autouse=True)
def _fresh_index():
    grouping.forget()
    yield
    grouping.forget()


@pytest.fixture
def originals(app, engine) -> dict[int, bytes]:
    """Two pictures waiting for review, by item id."""
    factory = db.session_factory(engine)
    pipeline = pipeline_of(app.state.settings, factory)
    found = {}
    with db.session_scope(factory) as s:
        for seed in (1, 2):
            data = picture(seed)
            found[intake(pipeline, s, data).id] = data
    return found


def _held(browser) -> tuple[int, list[int]]:
    given = browser.client.get("/api/v1/hotline/queue/next").json()["group"]
    return given["id"], [shown["item"] for shown in given["shown"]]


def test_the_page_shows_one_group_blurred_with_its_keys_under_a_policy_without_inline_script(
    browser_as, originals
):
    bob = browser_as("bob")
    page = bob.get("/hotline/queue")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert page.text.count("<script") == page.text.count('<script src="/static/review.js">') == 1
    assert 'data-key="b"' in page.text and 'data-key="k"' in page.text
    (item,) = [i for i in originals if f"/hotline/preview/{i}" in page.text]
    shown = bob.get(f"/hotline/preview/{item}")
    assert shown.status_code == 200 and shown.headers["content-type"] == "image/jpeg"
    assert shown.headers["cache-control"] == "no-store"
    assert shown.content != originals[item] and originals[item][100:164] not in shown.content


def test_a_preview_goes_to_the_analyst_holding_its_group_and_nobody_else(browser_as, originals):
    bob = browser_as("bob")
    _, items = _held(bob)
    for other in ("hana", "alice", "sam", "ada", "carol"):
        answer = browser_as(other).get(f"/hotline/preview/{items[0]}")
        assert answer.status_code in (403, 404), other
        assert answer.headers["content-type"] != "image/jpeg"


def test_two_analysts_decide_through_the_page_by_its_form(browser_as, engine, originals):
    for name in ("bob", "hana"):
        browser = browser_as(name)
        group, _ = _held(browser)
        answer = browser.post(
            f"/hotline/queue/{group}/decision",
            {"verdict": "baseline", "age_group": "pubescent", "sex": "unknown"},
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text
    with db.session_scope(db.session_factory(engine)) as s:
        assert [d.consensus for d in s.scalars(select(Decision).order_by(Decision.id))] == [
            False,
            True,
        ]


def test_a_decision_missing_a_field_is_refused_next_to_it(browser_as, originals):
    bob = browser_as("bob")
    group, _ = _held(bob)
    answer = bob.post(f"/hotline/queue/{group}/decision", {"verdict": "baseline", "sex": "male"})
    assert answer.status_code == 422
    assert 'id="e-age_group"' in answer.text


def test_the_api_gives_the_next_group_and_takes_a_decision(browser_as, originals):
    bob = browser_as("bob")
    group, items = _held(bob)
    assert sorted(items) == [min(originals)]
    answer = bob.client.post(
        f"/api/v1/hotline/groups/{group}/decision",
        json={"verdict": "not_illegal", "reason": "adult"},
        headers={"x-csrf-token": bob.csrf},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "group": group,
        "outcome": "pending",
        "verdict": None,
        "list_version": None,
    }
    assert _held(bob)[0] != group
    counts = bob.client.get("/api/v1/hotline/queue").json()
    assert counts["groups_assessed_not_confirmed"] == 1


def test_at_the_limit_the_page_refuses_in_the_analysts_language_and_says_when(
    app, browser_as, originals
):
    app.state.settings = replace(app.state.settings, review_daily_minutes=1)
    bob = browser_as("bob")
    assert bob.post("/account/language", {"locale": "nl"}).status_code < 400
    _, items = _held(bob)
    assert bob.get(f"/hotline/preview/{items[0]}").status_code == 200
    clock.freeze(clock.now() + timedelta(seconds=59))
    assert bob.get("/hotline/queue").status_code == 200
    clock.freeze(clock.now() + timedelta(seconds=1))
    page = bob.get("/hotline/queue")
    assert page.status_code == 429
    assert "de wachtrij gaat voor jou weer open op 2024-06-16 om 00:00" in page.text
    assert "/hotline/preview/" not in page.text
    assert bob.client.get("/api/v1/hotline/queue/next").status_code == 429


def test_no_route_serves_the_original_bytes_to_anyone(app, browser_as, originals):
    bob, hana = browser_as("bob"), browser_as("hana")
    group, items = _held(bob)
    ids = {"item_id": items[0], "group_id": group, "reference": "HL-2024-000001", "year": 2024}
    for route in _flat(app.routes):
        if not isinstance(route, APIRoute) or "GET" not in route.methods:
            continue
        path = route.path
        for name, value in ids.items():
            path = path.replace("{" + name + "}", str(value))
        for browser in (bob, hana):
            for query in ("", "?clearer=true"):
                body = browser.get(path + query).content
                for original in originals.values():
                    assert original[100:164] not in body, path


def test_a_supervisor_reads_a_groups_decisions_and_corrects_it_on_its_page(
    browser_as, engine, originals
):
    for name in ("bob", "hana"):
        browser = browser_as(name)
        group, _ = _held(browser)
        browser.post(
            f"/hotline/queue/{group}/decision",
            {"verdict": "national", "age_group": "pubescent", "sex": "both"},
        )
    hana = browser_as("hana")
    listed = hana.get("/hotline/groups")
    assert listed.status_code == 200 and f'href="/hotline/groups/{group}"' in listed.text
    page = hana.get(f"/hotline/groups/{group}")
    assert "Bob Claes" not in page.text and "bob" in page.text and "<img" not in page.text
    refused = hana.post(f"/hotline/groups/{group}/correction", {"verdict": "not_illegal"})
    assert refused.status_code == 422 and 'id="e-reason"' in refused.text
    done = hana.post(
        f"/hotline/groups/{group}/correction",
        {"verdict": "not_illegal", "reason": "adult", "note": "an adult, seen again"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    with db.session_scope(db.session_factory(engine)) as s:
        kinds = [d.kind.value for d in s.scalars(select(Decision).order_by(Decision.id))]
    assert kinds == ["analyst", "analyst", "correction"]
    assert browser_as("bob").get(f"/hotline/groups/{group}").status_code == 403


def test_the_page_and_the_api_write_the_same_entry_for_a_decision(browser_as, engine, originals):
    from vigil.store.models import AuditEntry

    bob = browser_as("bob")
    page_group, _ = _held(bob)
    bob.post(f"/hotline/queue/{page_group}/decision", {"verdict": "not_illegal", "reason": "other"})
    api_group, _ = _held(bob)
    bob.client.post(
        f"/api/v1/hotline/groups/{api_group}/decision",
        json={"verdict": "not_illegal", "reason": "other"},
        headers={"x-csrf-token": bob.csrf},
    )
    with db.session_scope(db.session_factory(engine)) as s:
        found = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "hotline.decide").order_by(AuditEntry.id)
        ).all()
        seen = [(e.actor, e.target, e.detail) for e in found]
    assert seen == [
        ("bob", f"group {page_group}", "not_illegal: pending"),
        ("bob", f"group {api_group}", "not_illegal: pending"),
    ]
