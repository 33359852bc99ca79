"""Finding 3: every view is audited. A form sent with an error (an empty note) answered 422
with the whole file shown, and no `case.view` entry. Now each refused form on a file shows
the whole file (or its close, edit or manage page) with the errors, writes one `case.view`
entry for it, and keeps nothing of the refused change; on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.builders import CLI, make_case
from vigil.cases import service
from vigil.domain.case_types import CaseType
from vigil.store import db
from vigil.store.models import AuditEntry, Event, Person, Task

pytestmark = pytest.mark.usefixtures("frozen_today", "secrets")

REFUSED = [
    ("alice", "note", {"text": "   "}),
    ("alice", "event", {"kind": "call", "text": "x", "occurred_at": "2001-01-01"}),
    ("alice", "task", {"title": ""}),
    ("alice", "person", {"role": "parent"}),
    ("alice", "link", {"other": "RUN-1999-99999"}),
    ("alice", "close", {"outcome": "transferred"}),
    ("alice", "edit", {"first_name": "Lena", "age": "45"}),
    ("sam", "assign", {"to": ""}),
    ("sam", "reopen", {"reason": "again"}),
    ("sam", "restrict", {"workers": ["alice"]}),
]


def _counts(engine, reference: str) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    with db.session_scope(db.session_factory(engine)) as s:
        views = s.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "case.view", AuditEntry.target == reference)
        )
        changes = s.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action != "case.view", AuditEntry.target == reference)
        )
        events = s.scalar(select(func.count()).select_from(Event))
        others = s.scalar(select(func.count()).select_from(Person)) + s.scalar(
            select(func.count()).select_from(Task)
        )
    return views or 0, changes or 0, events or 0, others


@pytest.mark.parametrize(("who", "form", "data"), REFUSED, ids=[r[1] for r in REFUSED])
def test_a_refused_form_shows_the_file_and_is_audited_as_a_view(
    browser_as, engine, who, form, data
):
    with db.session_scope(db.session_factory(engine)) as s:
        reference = make_case(
            s, CaseType.UNACCOMPANIED_MINOR, first_name="Mila", last_name="Wouters"
        ).reference
        service.add_note(s, reference, "Called the shelter.", by=CLI)
    browser = browser_as(who)
    views, changes, events, others = _counts(engine, reference)
    answer = browser.post(f"/cases/{reference}/{form}", data)
    assert answer.status_code == 422, answer.text[:500]
    assert reference in answer.text
    if form not in ("close", "edit", "assign", "reopen", "restrict"):
        assert "Mila Wouters" in answer.text and "Called the shelter." in answer.text
    assert _counts(engine, reference) == (views + 1, changes, events, others)
