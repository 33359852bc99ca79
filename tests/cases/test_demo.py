"""Issue 17, item 10: a demo that looks like a foundation's year."""

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select

from tests.builders import CLI
from vigil.cases.demo import TASKS, demo_files, load_demo
from vigil.domain.case_types import CaseType
from vigil.domain.countries import region
from vigil.domain.outcomes import Outcome
from vigil.store.models import Case, CaseLink, Person, Task

pytestmark = pytest.mark.usefixtures("frozen_today")
UNTIL = date(2024, 6, 15)


@pytest.fixture(scope="module")
def demo():
    return demo_files(3, UNTIL)


def test_a_death_is_a_rare_event_and_most_runaways_come_back(demo):
    rows, _ = demo
    ended = Counter(r.outcome for r in rows if r.type is CaseType.RUNAWAY and r.outcome)
    total = sum(ended.values())
    assert ended[Outcome.FOUND_DECEASED] / total < 0.005
    assert ended[Outcome.RETURNED] / total > 0.6


def test_a_threatened_abduction_is_never_found_and_the_international_ones_have_countries(demo):
    rows, _ = demo
    abductions = [r for r in rows if r.type is CaseType.PARENTAL_ABDUCTION]
    assert not [r for r in abductions if r.effective is False and r.outcome is Outcome.FOUND]
    international = [r for r in abductions if r.country]
    assert len({region(r.country) for r in international}) >= 5


def test_repeat_runaway_links_join_files_of_the_same_child_only(demo):
    rows, links = demo
    by_reference = {r.reference: r for r in rows}
    assert len(links) > 100

    def child(reference):
        r = by_reference[reference]
        return (r.child_first_name, r.child_last_name, r.child_birth_date)

    for earlier, later in links:
        assert child(earlier) == child(later)
        first, second = by_reference[earlier], by_reference[later]
        assert first.closed_at is not None and first.closed_at < second.opened_at


def test_unaccompanied_minors_have_names_and_nationalities_of_their_countries(demo):
    rows, _ = demo
    minors = [r for r in rows if r.type is CaseType.UNACCOMPANIED_MINOR]
    nationalities = Counter(r.disappearance.nationality for r in minors)
    assert nationalities.most_common(1)[0][0] == "AF" and len(nationalities) >= 6
    assert sum(r.child_age is None for r in minors) > len(minors) * 0.05  # some ages unknown
    assert any(r.child_age_disputed for r in minors)
    assert {r.child_last_name for r in minors} & {"Ahmadi", "Tesfamariam", "Diallo"}


def test_the_small_demo_loads_with_tasks_that_fit_each_type(session):
    load_demo(session, seed=5, until=UNTIL, by=CLI, size="small")
    tasks = session.execute(select(Task.title, Case.type).join(Case, Case.id == Task.case_id))
    for title, case_type in tasks:
        assert title in TASKS[case_type]
    pairs = session.execute(select(CaseLink.case_id, CaseLink.other_id)).all()
    names = {
        p.case_id: (p.first_name, p.last_name, p.birth_date)
        for p in session.scalars(select(Person).where(Person.role == "child"))
    }
    assert all(names[a] == names[b] for a, b in pairs)
