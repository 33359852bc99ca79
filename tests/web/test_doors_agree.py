"""One use case, three doors: the same call through the command line, the API and the pages
writes the same audit entry (action, file and detail), each naming its own actor.

Each door works on a file of its own, opened the same way; the entry compared is the last
one its call wrote (a page's redirect to the file is a view of its own, read apart)."""

import json
from datetime import date

import pytest
from sqlalchemy import select

from tests.builders import CLI, actor_of, make_case, make_user
from tests.web.conftest import form_token
from vigil.accounts import tokens
from vigil.cases import service
from vigil.store import db
from vigil.store.hotline import HotlineReport
from vigil.store.models import AuditEntry

pytestmark = pytest.mark.usefixtures("frozen_today")

ALL_CASE_WORK = ["case.read", "case.write", "case.manage", "figures.read"]


@pytest.fixture
def doors(engine, new_client, browser_as, vigil):
    """Three ways of doing one thing: ``doors["cli"](args)`` etc."""
    with db.session_scope(db.session_factory(engine)) as s:
        make_user(s, "tom")
        _, secret = tokens.create_token(s, "partner", ALL_CASE_WORK, by=CLI)
    api = new_client()
    api.headers["authorization"] = f"Bearer {secret}"
    return {"cli": vigil, "api": api, "page": browser_as("sam")}


def _file(engine, **overrides) -> str:
    with db.session_scope(db.session_factory(engine)) as s:
        return make_case(s, **overrides).reference


def _entries(engine, *, target: str) -> list[tuple[str, str, str]]:
    with db.session_scope(db.session_factory(engine)) as s:
        found = s.scalars(select(AuditEntry).where(AuditEntry.target == target))
        return [(e.actor, e.action, e.detail) for e in found]


def _last_change(engine, target: str) -> tuple[str, str, str]:
    """The last entry on ``target`` that is not the view of the page a form returned to."""
    changes = [e for e in _entries(engine, target=target) if e[1] != "case.view" or e[2]]
    return changes[-1]


CASES: dict[str, tuple[list[str], tuple[str, dict[str, object]], tuple[str, dict[str, str]]]] = {
    # action: (CLI args after the reference, (API path, JSON), (page path, form))
    "case.note": (
        ["note", "{ref}", "Called the school"],
        ("/notes", {"text": "Called the school"}),
        ("/note", {"text": "Called the school"}),
    ),
    "case.event": (
        ["event", "{ref}", "sighting", "Seen at the station", "--on", "2024-06-14"],
        ("/events", {"kind": "sighting", "text": "Seen at the station", "on": "2024-06-14"}),
        (
            "/event",
            {"kind": "sighting", "text": "Seen at the station", "occurred_at": "2024-06-14"},
        ),
    ),
    "case.person": (
        ["person", "{ref}", "parent", "--first-name", "Els"],
        ("/people", {"role": "parent", "first_name": "Els"}),
        ("/person", {"role": "parent", "first_name": "Els"}),
    ),
    "case.close": (
        ["close", "{ref}", "--outcome", "found"],
        ("/close", {"outcome": "found"}),
        ("/close", {"outcome": "found"}),
    ),
    "case.assign": (
        ["assign", "{ref}", "tom"],
        ("/assign", {"username": "tom"}),
        ("/assign", {"to": "tom"}),
    ),
}


@pytest.mark.parametrize("action", sorted(CASES))
def test_a_change_writes_the_same_entry_through_every_door(doors, engine, action):
    cli_args, (api_path, body), (page_path, form) = CASES[action]
    refs = {door: _file(engine) for door in ("cli", "api", "page")}

    done = doors["cli"]("cases", *[a.format(ref=refs["cli"]) for a in cli_args])
    assert done.exit_code == 0, done.output
    assert doors["api"].post(f"/api/v1/cases/{refs['api']}{api_path}", json=body).is_success
    answer = doors["page"].post(f"/cases/{refs['page']}{page_path}", form)
    assert answer.status_code == 200 and "?done=" in str(answer.url)

    seen = {door: _last_change(engine, refs[door]) for door in refs}
    assert {door: entry[1:] for door, entry in seen.items()} == {
        door: (action, seen["cli"][2]) for door in refs
    }
    assert seen["cli"][0].startswith("cli:")
    assert (seen["api"][0], seen["page"][0]) == ("token:partner", "sam")


def test_a_view_writes_the_same_entry_through_every_door(doors, engine):
    refs = {door: _file(engine) for door in ("cli", "api", "page")}
    assert doors["cli"]("cases", "show", refs["cli"]).exit_code == 0
    assert doors["api"].get(f"/api/v1/cases/{refs['api']}").is_success
    assert doors["page"].get(f"/cases/{refs['page']}").is_success
    for door, ref in refs.items():
        assert [e[1:] for e in _entries(engine, target=ref)][-1] == ("case.view", ""), door


def test_a_search_writes_the_same_entry_through_every_door_without_the_words(doors, engine):
    _file(engine, first_name="Yara", last_name="Mertens")
    assert doors["cli"]("cases", "list", "--search", "mertens").exit_code == 0
    assert doors["api"].post("/api/v1/cases/search", json={"text": "mertens"}).is_success
    assert doors["page"].post("/cases", {"q": "mertens"}).is_success
    with db.session_scope(db.session_factory(engine)) as s:
        found = s.scalars(select(AuditEntry).where(AuditEntry.action == "cases.search")).all()
    assert [e.actor.split(":")[0] for e in found] == ["cli", "token", "sam"]
    assert {e.detail for e in found} == {"from 1, 1 shown"}
    assert all("mertens" not in e.detail.lower() for e in found)


def test_the_reopening_and_the_link_are_the_same_use_case_everywhere(doors, engine):
    refs = {door: _file(engine, closed_at=date(2021, 3, 5)) for door in ("cli", "api", "page")}
    other = _file(engine, opened_at=date(2020, 1, 1))
    doors["cli"]("cases", "reopen", refs["cli"], "--reason", "new facts")
    doors["api"].post(f"/api/v1/cases/{refs['api']}/reopen", json={"reason": "new facts"})
    doors["page"].post(f"/cases/{refs['page']}/reopen", {"reason": "new facts"})
    for ref in refs.values():
        assert _last_change(engine, ref)[1:] == ("case.reopen", "")
    doors["cli"]("cases", "link", refs["cli"], other)
    doors["page"].post(f"/cases/{refs['page']}/link", {"other": other})
    for door in ("cli", "page"):
        assert _last_change(engine, refs[door])[1:] == ("case.link", other)


def test_a_restricted_file_is_not_found_by_the_command_line_either(doors, engine):
    ref = _file(engine)
    with db.session_scope(db.session_factory(engine)) as s:
        sam = make_user(s, "sam2")
        service.restrict_case(s, ref, ["sam2"], by=actor_of(sam))
    shown = doors["cli"]("cases", "show", ref)
    assert shown.exit_code == 1 and "there is no file" in shown.output
    assert doors["api"].get(f"/api/v1/cases/{ref}").status_code == 404
    assert doors["page"].get(f"/cases/{ref}").status_code == 404


def test_a_hotline_report_is_the_same_through_the_form_the_api_and_the_command_line(
    engine, new_client, vigil
):
    with db.session_scope(db.session_factory(engine)) as s:
        _, secret = tokens.create_token(s, "inhope", ["hotline.report"], by=CLI)
    urls = ["https://Example.org/a#x", "http://example.org:80/b.jpg"]
    page = new_client()
    sent = page.post(
        "/report", data={"urls": "\n".join(urls), "csrf": form_token(page.get("/report").text)}
    )
    api = new_client().post(
        "/api/v1/hotline/reports",
        json={"urls": urls},
        headers={"authorization": f"Bearer {secret}"},
    )
    cli = vigil("hotline", "report", *urls, "--json")
    assert sent.status_code == 200 and api.status_code == 201 and cli.exit_code == 0
    references = [json.loads(cli.stdout)["reference"], api.json()["reference"]]
    with db.session_scope(db.session_factory(engine)) as s:
        stored = {r.source.value: [u.url for u in r.urls] for r in s.scalars(select(HotlineReport))}
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "hotline.report")).all()
        details = {(e.actor.split(":")[0], e.detail) for e in entries}
        targets = {e.target for e in entries}
    assert stored == {
        source: ["https://example.org/a", "http://example.org/b.jpg"]
        for source in ("public", "partner", "cli")
    }
    assert details == {("public", "2 URLs"), ("token", "2 URLs"), ("cli", "2 URLs")}
    assert set(references) <= targets


def test_the_reclassification_is_the_same_use_case_everywhere(doors, engine):
    refs = {door: _file(engine, opened_at=date(2024, 6, 1)) for door in ("cli", "api", "page")}
    doors["cli"]("cases", "reclassify", refs["cli"], "--type", "sextortion", "--reason", "why")
    doors["api"].post(
        f"/api/v1/cases/{refs['api']}/reclassify", json={"type": "sextortion", "reason": "why"}
    )
    doors["page"].post(f"/cases/{refs['page']}/reclassify", {"type": "sextortion", "reason": "why"})
    for ref in refs.values():
        assert _last_change(engine, ref)[1:] == (
            "case.reclassify",
            "runaway -> sextortion",
        )


def test_a_new_disappearance_opens_a_new_linked_file_through_every_door(doors, engine):
    refs = {door: _file(engine, opened_at=date(2024, 6, 1)) for door in ("cli", "api", "page")}
    made = doors["cli"]("cases", "repeat", refs["cli"])
    assert made.exit_code == 0, made.output
    answer = doors["api"].post(f"/api/v1/cases/{refs['api']}/repeat", json={})
    assert answer.status_code == 201 and answer.json()["reference"] != refs["api"]
    page = doors["page"].post(f"/cases/{refs['page']}/repeat", {"on": ""})
    assert (
        page.url.path.startswith("/cases/RUN-2024-") and page.url.path != f"/cases/{refs['page']}"
    )
    with db.session_scope(db.session_factory(engine)) as s:
        actions = s.scalars(select(AuditEntry.detail).where(AuditEntry.action == "case.repeat"))
        assert sorted(actions) == sorted(refs.values())
