"""A file's history (issue 17): closings, reopenings and reclassifications are entries, never
overwrites, and the yearly figures read them."""

from datetime import date

import pytest
from sqlalchemy import select

from tests.builders import CLI, make_case
from tests.figures.old_reading import old_closings, old_grouped, old_series
from vigil import clock
from vigil.audit.log import AuditEntry
from vigil.cases import service
from vigil.cases.demo import load_demo
from vigil.domain.case_types import CaseType
from vigil.domain.outcomes import Outcome, Status
from vigil.errors import CaseRuleError
from vigil.figures import closings, series, yearly
from vigil.store.history import CaseChange

pytestmark = pytest.mark.usefixtures("frozen_today")  # today: 2024-06-15


def runaway(session, year):
    session.flush()
    return yearly.yearly_figures(session, year)["cases"]["runaway"]


def test_a_reopening_keeps_the_closing_as_an_entry_with_who_when_why_and_what(session):
    case = make_case(session, opened_at=date(2021, 3, 1), closed_at=date(2021, 5, 2))
    service.reopen_case(session, case.reference, reason="the child was not home after all", by=CLI)
    entries = session.scalars(
        select(CaseChange).where(CaseChange.case_id == case.id).order_by(CaseChange.id)
    ).all()
    assert [e.kind for e in entries] == ["opened", "closed", "reopened"]
    closing, reopening = entries[1], entries[2]
    assert (closing.on, closing.after["outcome"]) == (date(2021, 5, 2), "found")
    assert reopening.before == {"status": "closed", "outcome": "found", "closed_at": "2021-05-02"}
    assert (reopening.on, reopening.actor) == (clock.today(), CLI.name)
    assert reopening.reason == "the child was not home after all"
    assert case.status is Status.OPEN and case.closed_at is None


def test_a_file_closed_in_2021_and_reopened_later_stays_closed_in_2021_and_is_open_again_from_then(
    session,
):
    case = make_case(session, opened_at=date(2021, 3, 1), closed_at=date(2021, 5, 2))
    service.reopen_case(session, case.reference, reason="closed by mistake", by=CLI)  # 2024
    assert (runaway(session, 2021)["closed"], runaway(session, 2021)["handled"]) == (1, 1)
    assert runaway(session, 2022)["handled"] == 0
    assert runaway(session, 2023)["handled"] == 0
    assert runaway(session, 2024)["handled"] == 1
    assert runaway(session, 2024)["new"] == 0  # a reopened file is not a new one
    service.close_case(session, case.reference, outcome=Outcome.RETURNED, by=CLI)
    assert runaway(session, 2024)["closed"] == 1
    assert runaway(session, 2021)["closed"] == 1


def test_a_file_closed_twice_in_one_year_counts_once_with_its_last_outcome(session):
    case = make_case(session, opened_at=date(2024, 1, 10), closed_at=date(2024, 2, 1))
    service.reopen_case(session, case.reference, reason="closed by mistake", by=CLI)
    service.close_case(session, case.reference, outcome=Outcome.RETURNED, by=CLI)
    assert (runaway(session, 2024)["closed"], runaway(session, 2024)["handled"]) == (1, 1)
    outcomes = closings.closing_figures(session, 2024)["closed_outcomes"]["runaway"]
    assert (outcomes["returned"], outcomes["found"]) == (1, 0)


def test_a_closing_cannot_be_dated_before_the_files_latest_entry(session):
    case = make_case(session, opened_at=date(2024, 5, 1))
    service.add_note(session, case.reference, "Mother called: no news", by=CLI)  # today
    with pytest.raises(CaseRuleError, match="before the file's latest entry") as caught:
        service.close_case(
            session, case.reference, outcome=Outcome.FOUND, on=date(2024, 6, 1), by=CLI
        )
    assert caught.value.field == "closed_at"


def test_an_opening_dated_long_back_needs_a_reason_and_is_flagged_in_the_audit(session):
    intake = service.Intake(type=CaseType.RUNAWAY, opened_at=date(2024, 1, 2))
    with pytest.raises(CaseRuleError, match="165 days back, more than 30") as caught:
        service.open_case(session, intake, by=CLI)
    assert caught.value.field == "late_reason"
    late = service.Intake(
        type=CaseType.RUNAWAY, opened_at=date(2024, 1, 2), late_reason="found in the post"
    )
    case = service.open_case(session, late, by=CLI)
    flag = session.scalars(select(AuditEntry).where(AuditEntry.action == "case.backdated")).one()
    assert flag.target == case.reference
    assert flag.detail == "open dated 2024-01-02 (165 days back): found in the post"
    assert service.open_case(
        session, service.Intake(type=CaseType.RUNAWAY, opened_at=date(2024, 5, 20)), by=CLI
    )  # 26 days back: no reason needed


def test_a_closing_dated_long_back_needs_a_note_that_says_why(session):
    case = make_case(session, opened_at=date(2021, 3, 1))
    with pytest.raises(CaseRuleError, match="days back") as caught:
        service.close_case(
            session, case.reference, outcome=Outcome.FOUND, on=date(2021, 6, 1), by=CLI
        )
    assert caught.value.field == "note"
    service.close_case(
        session,
        case.reference,
        outcome=Outcome.FOUND,
        on=date(2021, 6, 1),
        note="The police told us only now",
        by=CLI,
    )
    entry = session.scalars(select(CaseChange).where(CaseChange.kind == "closed")).one()
    assert entry.backdated_days == (clock.today() - date(2021, 6, 1)).days


def test_the_command_line_reopening_keeps_the_year_of_the_closing(vigil):
    opened = vigil(
        "cases", "open", "--type", "runaway", "--opened-at", "2021-02-01",
        "--late-reason", "from the paper register",
    )  # fmt: skip
    reference = opened.stdout.split()[1]
    closed = vigil(
        "cases", "close", reference, "--outcome", "returned", "--on", "2021-03-01",
        "--note", "from the paper register",
    )  # fmt: skip
    assert closed.exit_code == 0, closed.output
    assert vigil("cases", "reopen", reference, "--reason", "closed by mistake").exit_code == 0
    import json

    figures = json.loads(vigil("stats", "--year", "2021", "--json").stdout)
    assert figures["cases"]["runaway"]["closed"] == 1


def test_for_data_entered_once_every_yearly_figure_comes_out_as_before(session, monkeypatch):
    """The demo data, entered once: the figures read from the history equal, for every year,
    those read from the files' own columns as before issue 17."""
    load_demo(session, seed=3, until=date(2024, 6, 14), by=CLI, size="small")
    make_case(session, CaseType.PARENTAL_ABDUCTION, opened_at=date(2022, 4, 1), effective=False)
    make_case(session, opened_at=date(2020, 12, 31), closed_at=date(2021, 1, 1))
    session.flush()
    for year in range(2016, 2025):
        now = (
            yearly.yearly_figures(session, year),
            closings.closing_figures(session, year),
            series.series_figures(session, year),
        )
        with monkeypatch.context() as m:
            m.setattr(yearly, "_grouped", old_grouped)
            m.setattr(closings, "_closings", old_closings)
            before = (
                yearly.yearly_figures(session, year),
                closings.closing_figures(session, year),
                old_series(session, year),
            )
        assert now == before, year
    assert now[0]["cases"]["runaway"]["handled"] > 0


def test_a_corrected_age_moves_the_file_to_its_age_group_in_the_figures(session):
    from vigil.cases.editing import Corrections, edit_case
    from vigil.domain.people import Gender

    case = make_case(session, opened_at=date(2024, 3, 1), estimated_age=15)
    assert runaway(session, 2024)["age_groups"]["14-17"] == 1
    corrected = Corrections(
        summary="",
        risk_reasons=frozenset(),
        first_name="Lea",
        last_name="Peeters",
        birth_date=None,
        estimated_age=11,
        gender=Gender.UNKNOWN,
    )
    edit_case(session, case.reference, corrected, by=CLI)
    ages = runaway(session, 2024)["age_groups"]
    assert (ages["14-17"], ages["0-11"]) == (0, 1)
