"""The takedown figures of a year: notices sent, URLs removed, the median and 90th
percentile of the hours from report to removal, the share removed within three days, per
hosting country, and hosts ranked by their removal time."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.builders import CLI
from vigil.domain.contacts import ContactKind
from vigil.domain.hotline import MediaState, Source, UrlState
from vigil.domain.takedown import Removal, TakedownState
from vigil.figures.takedown import host_ranking, median, percentile, takedown_figures
from vigil.hotline.contacts import add_contact
from vigil.store.hotline import HotlineReport, MediaItem, ReportedUrl
from vigil.store.models import Contact
from vigil.store.takedown import SentNotice, Takedown

REPORTED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
_made = [0]


def make_takedown(
    session: Session,
    *,
    hours: float | None,
    country: str | None = "BE",
    asn: int | None = 64500,
    reported: datetime = REPORTED,
    notices: int = 1,
) -> Takedown:
    """A confirmed URL reported at ``reported``, removed ``hours`` later (None: online)."""
    _made[0] += 1
    n = _made[0]
    report = HotlineReport(reference=f"HL-T-{n}", source=Source.CLI, received_at=reported)
    url = ReportedUrl(url=f"https://h.example/{n}", state=UrlState.FETCHED, received_at=reported)
    item = MediaItem(url=f"https://h.example/{n}.png", state=MediaState.CONFIRMED_FROM_LIST)
    report.urls.append(url)
    url.media.append(item)
    session.add(report)
    session.flush()
    removed = reported + timedelta(hours=hours) if hours is not None else None
    takedown = Takedown(
        item_id=item.id,
        url=item.url,
        reference=report.reference,
        state=TakedownState.REMOVED if removed else TakedownState.OPEN,
        reported_at=reported,
        confirmed_at=reported,
        first_notice_at=reported,
        country=country,
        asn=asn,
        as_name=f"Host {asn}" if asn else None,
        removed_at=removed,
        removal=Removal.GONE if removed else None,
    )
    session.add(takedown)
    session.flush()
    contact = _contact(session)
    for i in range(notices):
        session.add(
            SentNotice(
                takedown_id=takedown.id,
                contact_id=contact,
                kind=ContactKind.POLICE,
                language="nl",
                round=i + 1,
                channel="email",
                message_id=f"<{n}.{i}@x>",
                at=reported + timedelta(hours=24 * i),
                result="sent",
            )
        )
    session.flush()
    return takedown


def _contact(session: Session) -> int:
    found = session.scalar(select(Contact.id))
    if found is not None:
        return found
    return add_contact(
        session,
        kind=ContactKind.POLICE,
        name="Police",
        country="BE",
        language="nl",
        email="p@police.example",
        by=CLI,
    ).id


def test_the_figures_of_a_year_say_notices_removals_and_their_hours(session: Session):
    for hours in (10, 20, 30, 80, 200):
        make_takedown(session, hours=hours)
    make_takedown(session, hours=None, country="NL", asn=64501, notices=3)
    make_takedown(session, hours=5, country=None, asn=None)
    make_takedown(session, hours=5, reported=datetime(2024, 6, 1, tzinfo=UTC))  # another year
    figures = takedown_figures(session, 2025)
    assert figures["notices_sent"] == 5 + 3 + 1
    assert figures["urls_removed"] == 6
    assert figures["removal_hours_median"] == 25.0
    assert figures["removal_hours_p90"] == pytest.approx(140.0)
    assert figures["removed_within_3_days_pct"] == round(100 * 4 / 6, 1)
    assert figures["countries"] == {
        "BE": {"confirmed_urls": 5, "removal_hours_median": 30.0},
        "NL": {"confirmed_urls": 1, "removal_hours_median": None},
        "unknown": {"confirmed_urls": 1, "removal_hours_median": 5.0},
    }
    json.dumps(figures)


def test_a_year_without_takedowns_has_zeros_and_no_medians(session: Session):
    assert takedown_figures(session, 2025) == {
        "notices_sent": 0,
        "urls_removed": 0,
        "removal_hours_median": None,
        "removal_hours_p90": None,
        "removed_within_3_days_pct": None,
        "countries": {},
    }


def test_a_removal_late_on_new_years_eve_in_brussels_counts_in_that_year(session: Session):
    late = datetime(2025, 12, 31, 22, 30, tzinfo=UTC)  # 23:30 in Brussels
    make_takedown(session, hours=0.5, reported=late - timedelta(hours=0.5))
    assert takedown_figures(session, 2025)["urls_removed"] == 1
    assert takedown_figures(session, 2026)["urls_removed"] == 0


def test_hosts_are_ranked_slowest_first_with_those_never_removing_on_top(session: Session):
    make_takedown(session, hours=5, asn=1)
    make_takedown(session, hours=100, asn=2)
    make_takedown(session, hours=None, asn=3)
    make_takedown(session, hours=50, asn=4)
    ranked = host_ranking(session, 2025, by=CLI)
    assert [r["asn"] for r in ranked] == [3, 2, 4, 1]
    assert ranked[0]["still_online"] == 1 and ranked[0]["removal_hours_median"] is None
    assert ranked[1] == {
        "asn": 2,
        "as_name": "Host 2",
        "countries": ["BE"],
        "confirmed_urls": 1,
        "removed": 1,
        "still_online": 0,
        "removal_hours_median": 100.0,
        "removal_hours_p90": 100.0,
    }


@given(st.lists(st.floats(min_value=0, max_value=10_000), min_size=1, max_size=50))
def test_the_median_lies_within_the_values_and_the_p90_above_it(values: list[float]):
    assert min(values) - 0.05 <= (median(values) or 0) <= max(values) + 0.05
    p90 = percentile(values, 90)
    assert p90 is not None and (median(values) or 0) <= p90 + 0.1


def test_the_hosts_command_ranks_hosts(vigil) -> None:  # type: ignore[no-untyped-def]
    empty = vigil("hotline", "hosts", "--year", "2025")
    assert empty.exit_code == 0, empty.output
    assert "No confirmed URLs in 2025." in empty.stdout
    assert json.loads(vigil("hotline", "hosts", "--json").stdout) == []
    future = vigil("hotline", "hosts", "--year", "9999")
    assert future.exit_code != 0 and "9999 has not begun" in future.output


def test_the_hosts_command_prints_the_ranking_and_its_json(vigil, session: Session) -> None:  # type: ignore[no-untyped-def]
    make_takedown(session, hours=30, asn=64500)
    make_takedown(session, hours=None, asn=64501)
    session.commit()
    shown = vigil("hotline", "hosts", "--year", "2025")
    assert shown.exit_code == 0, shown.output
    lines = [line for line in shown.stdout.splitlines() if "AS645" in line]
    assert "AS64501" in lines[0] and "AS64500" in lines[1]
    assert "30.0" in lines[1]
    ranked = json.loads(vigil("hotline", "hosts", "--json").stdout)
    assert [r["asn"] for r in ranked] == [64501, 64500]
    takedowns = json.loads(vigil("hotline", "takedowns", "--json").stdout)
    assert [t["hours_from_report"] for t in takedowns] == [30.0, None]
    assert takedowns[0]["removal"] == "gone" and takedowns[1]["state"] == "open"
