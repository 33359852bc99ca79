"""Re-checks until gone, with the clock moved: a local site whose picture disappears after N
requests is found removed (404/410, a name that no longer resolves, other content), noticed
again every 24 hours while it stays, and escalated after the delay; the hours to removal
are recorded per URL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from tests.hotline.servers import Site, body
from tests.hotline.takedown_world import OTHER, World, picture_until, place, world
from vigil import clock
from vigil.domain.takedown import CheckResult, Removal, TakedownState
from vigil.store import db
from vigil.store.models import NetworkRange
from vigil.store.takedown import HotlineTask

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def w(tmp_path: Path, database_url: str, engine: Engine) -> Iterator[World]:
    clock.freeze(T0)
    try:
        with world(tmp_path, database_url, engine) as made:
            place(made.factory, "BE")
            yield made
    finally:
        clock.freeze(None)


def _at(hours: float) -> None:
    clock.freeze(T0 + timedelta(hours=hours))


def _rounds(w: World) -> list[tuple[int, str, bool]]:
    return sorted((n.round, n.kind.value, n.escalation) for n in w.only_takedown().notices)


def test_a_picture_that_disappears_is_found_removed_with_its_hours_recorded(w: World):
    with Site({"/p.png": picture_until(2, then=404)}) as site:
        w.report(site.url("/p.png"))  # request 1: confirmed, noticed
        _at(23)
        assert w.takedowns.run_due().checked == 0  # not due yet
        _at(25)
        done = w.takedowns.run_due()  # request 2: still there, noticed again
        assert (done.checked, done.removed, done.noticed) == (1, 0, 1)
        _at(50)
        done = w.takedowns.run_due()  # request 3: 404
        assert (done.checked, done.removed, done.noticed) == (1, 1, 0)
        _at(100)
        assert w.takedowns.run_due().checked == 0  # removed: never fetched again
        assert len(site.seen) == 3
    takedown = w.only_takedown()
    assert takedown.state is TakedownState.REMOVED and takedown.removal is Removal.GONE
    assert takedown.hours_to_removal(takedown.reported_at) == pytest.approx(50)
    assert takedown.hours_to_removal(takedown.first_notice_at) == pytest.approx(50)
    assert _rounds(w) == [(1, "host_abuse", False), (1, "police", False), (2, "host_abuse", False)]


def test_a_reminder_says_when_the_first_notice_went_out(w: World):
    with Site({"/p.png": picture_until(5)}) as site:
        w.report(site.url("/p.png"))
        _at(25)
        w.takedowns.run_due()
    first, _police, reminder = (m.content for m in w.mailbox.messages)
    assert b"2026-03-02 09:00 UTC" in reminder
    assert len(reminder) > len(first)


def test_410_gone_is_removed_too(w: World):
    with Site({"/p.png": picture_until(1, then=410)}) as site:
        w.report(site.url("/p.png"))
        _at(25)
        w.takedowns.run_due()
    assert w.only_takedown().removal is Removal.GONE


def test_a_host_whose_name_no_longer_resolves_is_removed(w: World):
    with Site({"/p.png": body("image/png", OTHER)}) as site:
        site.routes["/p.png"] = picture_until(10)
        w.report(site.url("/p.png", host="files.test"))
        w.names.gone.add("files.test")
        _at(25)
        w.takedowns.run_due()
    takedown = w.only_takedown()
    assert takedown.removal is Removal.NAME_GONE and "files.test" in takedown.last_check_reason


def test_other_content_at_the_url_is_removed_but_the_same_picture_reencoded_is_not(w: World):
    with Site({"/p.png": picture_until(1, replacement=OTHER)}) as site:
        w.report(site.url("/p.png"))
        _at(25)
        w.takedowns.run_due()
    takedown = w.only_takedown()
    assert takedown.removal is Removal.CONTENT_CHANGED


def test_a_server_error_is_neither_there_nor_gone_and_is_checked_again(w: World):
    with Site({"/p.png": picture_until(1, then=503)}) as site:
        w.report(site.url("/p.png"))
        _at(25)
        w.takedowns.run_due()
        takedown = w.only_takedown()
        assert takedown.state is TakedownState.OPEN
        assert takedown.last_check is CheckResult.UNREACHABLE
        _at(49)
        w.takedowns.run_due()
        assert w.only_takedown().checks == 2


def test_a_url_still_online_after_the_delay_is_escalated_to_the_police_and_a_supervisor(
    w: World,
):
    with Site({"/p.png": picture_until(100)}) as site:
        w.report(site.url("/p.png"))
        for day in range(1, 6):
            _at(24 * day + 1)
            w.takedowns.run_due()
    takedown = w.only_takedown()
    assert takedown.state is TakedownState.OPEN
    assert _aware(takedown.escalated_at) == T0 + timedelta(hours=73)
    assert [r for r in _rounds(w) if r[2]] == [(3, "police", True)]
    reminders = [r for r in _rounds(w) if r[1] == "host_abuse"]
    assert len(reminders) == 6  # the first notice and one a day for five days
    with db.session_scope(w.factory) as s:
        (task,) = s.scalars(select(HotlineTask).where(HotlineTask.reason == "escalation")).all()
        assert "still online" in task.message


def test_a_url_abroad_escalates_to_its_partner_hotline(w: World):
    place_abroad(w)
    with Site({"/p.png": picture_until(100)}) as site:
        w.report(site.url("/p.png"))
        _at(24 * 3 + 1)
        w.takedowns.run_due()
    kinds = [(r[1], r[2]) for r in _rounds(w)]
    assert ("partner_hotline", True) in kinds
    assert all(k == "partner_hotline" for k, _ in kinds)


def place_abroad(w: World) -> None:
    with db.session_scope(w.factory) as s:
        for row in s.scalars(select(NetworkRange)):
            row.country = "DE"


def _aware(at: datetime | None) -> datetime | None:
    return at.replace(tzinfo=UTC) if at is not None and at.tzinfo is None else at


def test_the_commands_show_the_takedowns_and_tasks_and_run_what_is_due(vigil) -> None:  # type: ignore[no-untyped-def]
    done = vigil("hotline", "recheck")
    assert done.exit_code == 0, done.output
    assert "Opened 0 takedowns; re-checked 0 URLs" in done.stdout
    listed = vigil("hotline", "takedowns", "--json")
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.stdout) == []
    tasks = vigil("hotline", "tasks")
    assert tasks.exit_code == 0 and "No open tasks." in tasks.stdout
    assert json.loads(vigil("hotline", "tasks", "--json").stdout) == []
    missing = vigil("hotline", "tasks", "done", "7")
    assert missing.exit_code == 1 and "no open task 7" in missing.stderr
