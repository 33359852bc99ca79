"""A refused form on a page with several forms shows its message next to its own field only."""

from __future__ import annotations

from tests.builders import make_case
from vigil.store import db


def test_a_refused_note_is_marked_in_the_note_form_and_not_in_the_event_form(browser_as, engine):
    with db.session_scope(db.session_factory(engine)) as s:
        reference = make_case(s).reference
    alice = browser_as("alice")
    page = alice.post(f"/cases/{reference}/note", {"text": "   "})
    assert page.status_code == 422
    assert page.text.count('id="e-note-text"') == 1  # the event form has a "text" field too
    note_form = page.text.split(f'action="/cases/{reference}/note"')[1].split("</form>")[0]
    assert 'id="e-note-text"' in note_form and 'id="e-event-text"' not in page.text


def test_what_was_typed_in_a_refused_form_stays_in_that_form_only(browser_as, engine):
    with db.session_scope(db.session_factory(engine)) as s:
        reference = make_case(s).reference
    alice = browser_as("alice")
    page = alice.post(f"/cases/{reference}/task", {"title": "Call the school", "due_on": "soon"})
    assert page.status_code == 422
    task_form = page.text.split(f'action="/cases/{reference}/task"')[1].split("</form>")[0]
    assert 'value="Call the school"' in task_form and 'id="e-task-due_on"' in task_form
    assert page.text.count('value="Call the school"') == 1
