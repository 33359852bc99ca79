"""Published figures (issue 17): recorded once, the report of a published year is written
from them, and the live figures say how and by which files they differ."""

from datetime import date

import pytest

from tests.builders import CLI, actor_of, make_case, make_user
from vigil.cases import service
from vigil.errors import Forbidden, InputError
from vigil.figures.published import compare_published, publish_figures, published_figures
from vigil.reports.service import build_report

pytestmark = pytest.mark.usefixtures("frozen_today")  # today: 2024-06-15


def test_a_published_year_keeps_its_report_and_the_live_figures_name_what_changed(session):
    kept = make_case(session, opened_at=date(2021, 3, 1), closed_at=date(2021, 5, 1))
    make_case(session, opened_at=date(2021, 4, 1))
    publish_figures(session, 2021, by=CLI)
    assert compare_published(session, 2021, by=CLI).differences == []
    late = make_case(session, opened_at=date(2021, 6, 1), closed_at=date(2021, 7, 1))
    service.reopen_case(session, kept.reference, reason="closed by mistake", by=CLI)
    compared = compare_published(session, 2021, by=CLI)
    changed = {d.key: (d.published, d.live, d.change) for d in compared.differences}
    assert changed["cases.runaway.new"] == (2, 3, 1)
    assert changed["cases.runaway.closed"] == (1, 2, 1)  # the reopening changes nothing of 2021
    assert compared.files == [late.reference]
    report = build_report(session, 2021, "en", today=date(2024, 6, 15))
    assert report.figures["cases"]["runaway"]["new"] == 2  # told as published
    assert published_figures(session, 2021)["cases"]["runaway"]["new"] == 2


def test_only_a_supervisor_publishes_and_only_a_year_that_is_over(session):
    make_case(session, opened_at=date(2023, 3, 1))
    alice = actor_of(make_user(session, "alice"), "case_worker")
    with pytest.raises(Forbidden):
        publish_figures(session, 2023, by=alice)
    with pytest.raises(InputError, match="not over"):
        publish_figures(session, 2024, by=CLI)
    sam = actor_of(make_user(session, "sam"), "supervisor")
    assert publish_figures(session, 2023, by=sam).actor == "sam"
    assert compare_published(session, 2022, by=sam) is None


def test_vigil_stats_says_how_the_live_figures_differ_from_the_published(vigil):
    vigil(
        "cases", "open", "--type", "runaway", "--opened-at", "2023-02-01",
        "--late-reason", "paper register",
    )  # fmt: skip
    published = vigil("figures", "publish", "2023")
    assert published.exit_code == 0, published.output
    assert "1 new" in published.stdout
    assert "still hold" in vigil("stats", "--year", "2023").stdout
    opened = vigil(
        "cases", "open", "--type", "runaway", "--opened-at", "2023-03-01",
        "--late-reason", "paper register",
    )  # fmt: skip
    reference = opened.stdout.split()[1]
    stats = vigil("stats", "--year", "2023").stdout
    assert "cases.runaway.new: published 1, now 2 (+1)" in stats
    assert f"Files that changed them: {reference}" in stats
