"""One takedown as a supervisor reads it (vigil.hotline.takedowns.view_takedown): its
notices with their recipients' names, and its tasks; for hotline.supervise only."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.builders import actor_of, make_user
from tests.figures.test_takedown import make_takedown
from vigil.errors import Forbidden, NotFound
from vigil.hotline import tasks
from vigil.hotline.takedowns import view_takedown


def test_a_takedown_is_read_with_its_notices_recipients_and_tasks(session: Session):
    hana = actor_of(make_user(session, "hana"), "hotline_supervisor")
    takedown = make_takedown(session, hours=None, notices=2)
    task = tasks.open_task(session, takedown, "no_host_contact", "no abuse contact for AS64500")
    view = view_takedown(session, takedown.id, by=hana)
    assert [n.round for n in view.takedown.notices] == [1, 2]
    assert {view.recipients[n.contact_id] for n in view.takedown.notices} == {"Police"}
    assert [t.id for t in view.tasks] == [task.id]


def test_an_unknown_takedown_is_not_found_and_an_analyst_may_not_read_one(session: Session):
    hana = actor_of(make_user(session, "hana"), "hotline_supervisor")
    bob = actor_of(make_user(session, "bob"), "analyst")
    takedown = make_takedown(session, hours=5)
    with pytest.raises(NotFound):
        view_takedown(session, takedown.id + 1000, by=hana)
    with pytest.raises(Forbidden):
        view_takedown(session, takedown.id, by=bob)
