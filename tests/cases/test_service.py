from datetime import date

import pytest

from tests.builders import CLI, make_case, make_user
from vigil.cases import queries, service
from vigil.cases.reading import view_case
from vigil.domain.case_types import CaseType, Scope
from vigil.domain.events import EventKind
from vigil.domain.outcomes import Outcome, Status
from vigil.domain.people import RiskReason, Role
from vigil.errors import CaseRuleError, NotFound

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_opening_a_file_hands_out_the_next_reference_of_its_type_and_year(session):
    first = make_case(session, CaseType.RUNAWAY, opened_at=date(2021, 1, 5))
    second = make_case(session, CaseType.RUNAWAY, opened_at=date(2021, 7, 1))
    other = make_case(session, CaseType.GROOMING, opened_at=date(2021, 7, 1))
    assert (first.reference, second.reference) == ("RUN-2021-00001", "RUN-2021-00002")
    assert other.reference == "GRM-2021-00001"


def test_a_child_under_13_makes_the_disappearance_worrying(session):
    case = make_case(session, birth_date=date(2010, 1, 1), opened_at=date(2021, 3, 1))
    assert case.worrying
    assert case.risk_reasons == [RiskReason.UNDER_13.value]
    assert case.child_age_at_opening == 11


def test_risk_reasons_given_at_intake_are_kept(session):
    case = make_case(session, estimated_age=15, risk_reasons=frozenset({RiskReason.MEDICATION}))
    assert case.worrying and case.risk_reasons == ["medication"]


def test_a_closed_file_has_its_outcome_and_an_entry_on_its_timeline(session):
    case = make_case(session, closed_at=date(2021, 3, 4), outcome=Outcome.RETURNED)
    assert (case.status, case.outcome, case.closed_at) == (
        Status.CLOSED,
        Outcome.RETURNED,
        date(2021, 3, 4),
    )
    assert [e.kind for e in case.events] == [EventKind.OUTCOME]


def test_it_refuses_to_close_an_unaccompanied_minor_file_without_news(session):
    case = make_case(session, CaseType.UNACCOMPANIED_MINOR, estimated_age=16)
    with pytest.raises(CaseRuleError, match="news of the child"):
        service.close_case(session, case.reference, outcome=Outcome.TRANSFERRED, by=CLI)
    assert case.status is Status.OPEN


def test_a_reopened_file_can_be_closed_again(session):
    case = make_case(session, closed_at=date(2021, 3, 4))
    service.reopen_case(session, case.reference, reason="ran away again the next day", by=CLI)
    assert case.status is Status.OPEN and case.outcome is None
    service.close_case(session, case.reference, outcome=Outcome.FOUND, by=CLI)
    assert case.closed_at == date(2024, 6, 15)


def test_notes_and_events_land_on_the_timeline_in_date_order(session):
    case = make_case(session)
    service.add_note(session, case.reference, "Mother called back.", by=CLI)
    service.record_event(
        session,
        case.reference,
        EventKind.SIGHTING,
        "Seen at Gent station",
        by=CLI,
        on=date(2021, 3, 2),
    )
    session.refresh(case)
    assert [e.kind for e in case.events] == [EventKind.SIGHTING, EventKind.NOTE]


def test_an_empty_note_is_refused(session):
    with pytest.raises(CaseRuleError, match="empty"):
        service.add_note(session, make_case(session).reference, "   ", by=CLI)


def test_tasks_are_assigned_to_the_files_worker_and_can_be_done(session):
    alice = make_user(session, "alice")
    case = make_case(session)
    service.assign_case(session, case.reference, "alice", by=CLI)
    task = service.add_task(
        session, case.reference, "Call the school", by=CLI, due_on=date(2024, 6, 1)
    )
    assert task.assigned_to is alice
    assert queries.overdue_tasks(session, by=CLI, worker="alice") == [task]
    service.complete_task(session, case.reference, task.id, by=CLI)
    assert queries.overdue_tasks(session, by=CLI) == []
    with pytest.raises(CaseRuleError, match="already done"):
        service.complete_task(session, case.reference, task.id, by=CLI)


def test_people_other_than_the_child_can_be_added(session):
    case = make_case(session)
    service.add_person(
        session, case.reference, Role.PARENT, by=CLI, first_name="Marc", contact="0470 00 00 00"
    )
    assert [p.role for p in case.people] == [Role.CHILD, Role.PARENT]
    with pytest.raises(CaseRuleError, match="one child"):
        service.add_person(session, case.reference, Role.CHILD, by=CLI, first_name="Tom")


def test_files_of_the_same_child_are_linked_once(session):
    first, second = make_case(session), make_case(session, opened_at=date(2021, 5, 1))
    service.link_cases(session, first.reference, second.reference, by=CLI)
    service.link_cases(session, second.reference, first.reference, by=CLI)
    assert view_case(session, first.reference, by=CLI).linked == [second]
    assert view_case(session, second.reference, by=CLI).linked == [first]
    with pytest.raises(CaseRuleError, match="itself"):
        service.link_cases(session, first.reference, first.reference, by=CLI)


def test_an_unknown_reference_is_not_found_with_an_example(session):
    with pytest.raises(NotFound, match="RUN-2021-00123"):
        service.add_note(session, "NOPE-1", "a note", by=CLI)


def test_the_list_filters_by_type_status_worker_year_risk_and_text(session):
    make_user(session, "alice")
    lea = make_case(session, first_name="Lea", last_name="Janssens")
    service.assign_case(session, lea.reference, "alice", by=CLI)
    make_case(session, CaseType.PARENTAL_ABDUCTION, scope=Scope.NATIONAL, effective=False)
    old = make_case(session, opened_at=date(2019, 2, 2), closed_at=date(2019, 2, 3))
    service.add_note(session, old.reference, "Found at the seaside in Oostende", by=CLI)

    def refs(**kwargs):
        found = queries.list_rows(session, queries.CaseFilter(**kwargs), by=CLI)
        return [c.reference for c in found]

    assert refs(type=CaseType.PARENTAL_ABDUCTION) == ["PAR-2021-00001"]
    assert refs(status=Status.CLOSED) == [old.reference]
    assert refs(worker="alice") == [lea.reference]
    assert refs(year=2019) == [old.reference]
    assert refs(text="janssens") == [lea.reference]
    assert refs(text="OOSTENDE") == [old.reference]
    assert refs(worrying=True) == []
    assert queries.count_cases(session, queries.CaseFilter(), by=CLI) == 3


def test_references_continue_after_those_an_import_brought_in(session, tmp_path):
    from vigil.cases.importing import import_cases

    path = tmp_path / "old.csv"
    path.write_text("reference,type,opened_at\nRUN-2021-00041,runaway,2021-01-01\n")
    import_cases(session, path, by=CLI)
    assert make_case(session, opened_at=date(2021, 2, 1)).reference == "RUN-2021-00042"


def test_two_workers_opening_a_years_first_files_at_once_get_different_references(engine):
    import threading

    from vigil.store import db

    factory = db.session_factory(engine)
    barrier = threading.Barrier(2)
    references: list[str] = []

    def open_one() -> None:
        with db.session_scope(factory) as s:
            barrier.wait()
            references.append(make_case(s, opened_at=date(2022, 4, 1)).reference)

    threads = [threading.Thread(target=open_one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(references) == ["RUN-2022-00001", "RUN-2022-00002"]
