"""Repeat disappearances (issue 17): a new disappearance is a new file, linked to the
earlier ones of the same child; the yearly figures count the children with more than one
disappearance in the year, per type."""

from datetime import date

import pytest
from sqlalchemy import select

from tests.builders import CLI, make_case
from vigil.cases import service
from vigil.domain.case_types import CaseType
from vigil.figures.repeats import repeat_children
from vigil.figures.yearly import yearly_figures
from vigil.store.models import CaseLink

pytestmark = pytest.mark.usefixtures("frozen_today")  # today: 2024-06-15


def repeat(session, reference, on):
    return service.open_repeat(session, reference, on=on, by=CLI, backdate_days=100_000)


def test_a_new_disappearance_is_a_new_file_of_the_same_child_linked_to_the_earlier(session):
    first = make_case(
        session, opened_at=date(2024, 1, 5), closed_at=date(2024, 1, 7), first_name="Noor"
    )
    again = service.open_repeat(session, first.reference, summary="Gone again", by=CLI)
    assert again.reference != first.reference and again.opened_at == date(2024, 6, 15)
    assert (again.type, again.child.first_name, again.summary) == (
        CaseType.RUNAWAY,
        "Noor",
        "Gone again",
    )
    link = session.scalars(select(CaseLink)).one()
    assert {link.case_id, link.other_id} == {first.id, again.id} and link.same_child
    assert first.status.value == "closed"  # the earlier file stays closed
    assert first.events[-1].facts == {"reference": again.reference}


def test_an_estimated_age_grows_into_the_new_file(session):
    first = make_case(session, opened_at=date(2022, 6, 1), estimated_age=14)
    again = repeat(session, first.reference, date(2024, 6, 1))
    assert again.child.estimated_age == 16 and again.child_age_at_opening == 16


def test_the_yearly_figures_count_children_with_more_than_one_disappearance_per_type(session):
    noor = make_case(session, opened_at=date(2023, 12, 20))
    second = repeat(session, noor.reference, date(2024, 2, 1))
    repeat(session, second.reference, date(2024, 5, 1))  # linked through the second
    lea = make_case(session, opened_at=date(2024, 3, 1))
    repeat(session, lea.reference, date(2024, 4, 1))
    once = make_case(session, opened_at=date(2024, 3, 1))
    sibling = make_case(session, opened_at=date(2024, 3, 1))
    service.link_cases(session, once.reference, sibling.reference, by=CLI, same_child=False)
    session.flush()
    assert repeat_children(session, 2024)["runaway"] == 2
    assert repeat_children(session, 2023)["runaway"] == 0
    assert yearly_figures(session, 2024)["repeat_children"]["runaway"] == 2
    assert "sexting" not in repeat_children(session, 2024)  # not a disappearance


def test_the_command_line_opens_a_repeat_and_prints_both_references(vigil):
    opened = vigil("cases", "open", "--type", "runaway", "--first-name", "Lea")
    reference = opened.stdout.split()[1]
    again = vigil("cases", "repeat", reference, "--summary", "ran away again")
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("Opened RUN-") and f"linked to {reference}" in again.stdout
    stats = vigil("stats", "--year", "2024")
    assert "more than one disappearance in the year: runaway 1" in stats.stdout
