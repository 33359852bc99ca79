"""Reclassification (issue 17): a file's type, scope and effective change with a reason, as
an entry of its history, through every door; the figures count it under its type at the
time of each event."""

from datetime import date

import pytest
from sqlalchemy import select

from tests.builders import CLI, actor_of, make_case, make_user
from vigil.cases import service
from vigil.domain.case_types import CaseType, Scope
from vigil.domain.history import Classification
from vigil.domain.outcomes import Outcome
from vigil.errors import CaseRuleError, Forbidden
from vigil.figures.yearly import yearly_figures
from vigil.store.history import CaseChange

pytestmark = pytest.mark.usefixtures("frozen_today")  # today: 2024-06-15
PA, RUN, SEX = CaseType.PARENTAL_ABDUCTION, CaseType.RUNAWAY, CaseType.SEXUAL_EXPLOITATION


def cases(session, year):
    session.flush()
    return yearly_figures(session, year)["cases"]


def test_a_runaway_that_turns_out_to_be_exploitation_counts_under_each_type_in_its_time(session):
    case = make_case(session, opened_at=date(2022, 5, 1))
    service.reclassify_case(
        session,
        case.reference,
        Classification(SEX),
        reason="she is exploited by an older man",
        on=date(2023, 3, 1),
        by=CLI,
        backdate_days=100_000,
    )
    service.close_case(session, case.reference, outcome=Outcome.RESOLVED, by=CLI)
    y2022, y2023, y2024 = cases(session, 2022), cases(session, 2023), cases(session, 2024)
    assert (y2022["runaway"]["new"], y2022["runaway"]["handled"]) == (1, 1)
    assert y2022["sexual_exploitation"]["handled"] == 0
    assert (y2023["runaway"]["handled"], y2023["sexual_exploitation"]["handled"]) == (0, 1)
    assert y2023["sexual_exploitation"]["new"] == 0  # new in the year of its opening only
    assert (y2024["sexual_exploitation"]["closed"], y2024["runaway"]["closed"]) == (1, 0)


def test_the_entry_says_who_when_why_and_from_what_to_what(session):
    case = make_case(session, PA, opened_at=date(2024, 6, 1), effective=False)
    service.reclassify_case(
        session,
        case.reference,
        Classification(PA, Scope.INTERNATIONAL, True),
        reason="the father left for Morocco with her",
        by=CLI,
    )
    entry = session.scalars(select(CaseChange).where(CaseChange.kind == "reclassified")).one()
    assert entry.before == {
        "type": "parental_abduction",
        "scope": "international",
        "effective": False,
    }
    assert entry.after["effective"] is True
    assert (entry.on, entry.actor, entry.reason) == (
        date(2024, 6, 15),
        CLI.name,
        "the father left for Morocco with her",
    )
    assert (case.type, case.effective) == (PA, True)
    pa = cases(session, 2024)["parental_abduction"]
    assert (pa["new"], pa["new_effective"], pa["handled_effective"]) == (1, 0, 1)


def test_the_rules_of_the_new_type_apply_from_then_on(session):
    case = make_case(session, opened_at=date(2024, 6, 1))
    with pytest.raises(CaseRuleError, match="needs its scope"):
        service.reclassify_case(session, case.reference, Classification(PA), reason="x", by=CLI)
    service.reclassify_case(session, case.reference, Classification(SEX), reason="x", by=CLI)
    with pytest.raises(CaseRuleError, match="does not fit"):
        service.close_case(session, case.reference, outcome=Outcome.FOUND, by=CLI)


def test_a_reclassification_is_refused_without_reason_change_or_on_a_closed_file(session):
    case = make_case(session, opened_at=date(2024, 6, 1))
    with pytest.raises(CaseRuleError, match="say why"):
        service.reclassify_case(session, case.reference, Classification(SEX), reason=" ", by=CLI)
    with pytest.raises(CaseRuleError, match="already a runaway"):
        service.reclassify_case(session, case.reference, Classification(RUN), reason="x", by=CLI)
    service.close_case(session, case.reference, outcome=Outcome.FOUND, by=CLI)
    with pytest.raises(CaseRuleError, match="reopen it first"):
        service.reclassify_case(session, case.reference, Classification(SEX), reason="x", by=CLI)


def test_a_case_worker_may_not_reclassify_a_supervisor_may(session):
    case = make_case(session, opened_at=date(2024, 6, 1))
    alice = actor_of(make_user(session, "alice"), "case_worker")
    with pytest.raises(Forbidden):
        service.reclassify_case(session, case.reference, Classification(SEX), reason="x", by=alice)
    sam = actor_of(make_user(session, "sam"), "supervisor")
    service.reclassify_case(session, case.reference, Classification(SEX), reason="x", by=sam)


def test_a_parental_abduction_keeps_the_scope_and_effective_not_given():
    now = Classification(PA, Scope.NATIONAL, False)
    assert now.changed(effective=True) == Classification(PA, Scope.NATIONAL, True)
    assert now.changed(RUN) == Classification(RUN)
    assert Classification(RUN).changed(PA, Scope.INTERNATIONAL, True).scope is Scope.INTERNATIONAL


def test_the_command_line_reclassifies_a_threatened_abduction_as_effective(vigil):
    opened = vigil(
        "cases", "open", "--type", "parental_abduction", "--scope", "national", "--threatened"
    )
    reference = opened.stdout.split()[1]
    done = vigil("cases", "reclassify", reference, "--effective", "--reason", "he took her")
    assert done.exit_code == 0, done.output
    shown = vigil("cases", "show", reference)
    assert "Reclassified" in shown.stdout and "effective" in shown.stdout
    assert "reclassified by cli:" in shown.stdout and ": he took her" in shown.stdout
    refused = vigil(
        "cases", "reclassify", reference, "--type", "runaway", "--scope", "national",
        "--reason", "x",
    )  # fmt: skip
    assert refused.exit_code == 1 and "only apply to parental abductions" in refused.output
