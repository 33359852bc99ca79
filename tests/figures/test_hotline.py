"""The hotline's figures of a year (vigil.figures.hotline), on rows written as the pipeline
writes them, on both databases."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from tests.builders import CLI
from vigil.domain.hotline import MediaState, Source, UrlState
from vigil.figures.hotline import hotline_figures
from vigil.figures.yearly import read_figures
from vigil.store.hotline import HotlineReport, MediaItem, ReportedUrl

CONFIRMED, AWAITING, FAILED = (
    MediaState.CONFIRMED_FROM_LIST,
    MediaState.AWAITING_REVIEW,
    MediaState.FAILED,
)
_made = [0]


def _sha(content: str) -> str:
    return hashlib.sha256(content.encode()).hexdigest()


def report(
    session: Session,
    at: datetime,
    urls: dict[str, list[tuple[str | None, MediaState]]],
) -> HotlineReport:
    """A report received ``at``, naming ``urls``, each with its media as (content, state):
    items of the same content have the same SHA-256; None is an item never hashed."""
    _made[0] += 1
    made = HotlineReport(
        reference=f"HL-{at.year}-{_made[0]:06d}", received_at=at, source=Source.CLI
    )
    session.add(made)
    for url, items in urls.items():
        row = ReportedUrl(url=url, received_at=at, state=UrlState.FETCHED)
        made.urls.append(row)
        for n, (content, state) in enumerate(items):
            sha = _sha(content) if content is not None else None
            row.media.append(MediaItem(url=f"{url}{n}.jpg", state=state, sha256=sha, created_at=at))
    session.flush()
    return made


def at(year: int, month: int = 6, day: int = 1, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def test_a_year_without_reports_has_zeros_and_no_change(session):
    assert hotline_figures(session, 2023) == {
        "reports": 0,
        "reports_change_pct": None,
        "urls": 0,
        "media_analysed": 0,
        "known_matches": 0,
        "awaiting_review": 0,
        "assessed": 0,
        "confirmed_illegal": 0,
        "not_illegal": 0,
        "confirmed_from_list": 0,
        "analyst_decisions_saved": 0,
        "notices_sent": 0,
        "urls_removed": 0,
        "removal_hours_median": None,
        "removal_hours_p90": None,
        "removed_within_3_days_pct": None,
        "countries": {},
    }


def test_content_is_counted_once_wherever_it_was_seen(session):
    report(session, at(2023), {"https://a.example/": [("cat", CONFIRMED), ("dog", AWAITING)]})
    report(
        session,
        at(2023, 9),
        {
            "https://b.example/": [("cat", CONFIRMED), ("sun", AWAITING), (None, FAILED)],
            "https://a.example/": [("cat", CONFIRMED)],
        },
    )
    figures = hotline_figures(session, 2023)
    assert (figures["reports"], figures["urls"]) == (2, 2)
    assert figures["media_analysed"] == 3  # cat, dog, sun; the failed item was never hashed
    assert (figures["known_matches"], figures["awaiting_review"]) == (1, 2)


def test_the_year_is_the_foundations_and_the_change_is_against_the_year_before(session):
    # Brussels: 31 December 2022 23:30 UTC is already 2023 there; 1 January 2023 is not 2022.
    report(session, datetime(2022, 12, 31, 23, 30, tzinfo=UTC), {"https://a.example/": []})
    report(session, at(2022, 12, 31, 20), {"https://b.example/": []})
    for n in range(3):
        report(session, at(2021, 3, n + 1), {f"https://c{n}.example/": []})
    assert hotline_figures(session, 2023)["reports"] == 1
    assert hotline_figures(session, 2022)["reports"] == 1
    assert hotline_figures(session, 2022)["reports_change_pct"] == -66.7
    assert hotline_figures(session, 2021)["reports_change_pct"] is None


def test_every_door_reads_the_hotline_figures_with_the_files(session):
    report(session, at(2023), {"https://a.example/": [("cat", CONFIRMED)]})
    figures = read_figures(session, 2023, by=CLI)
    assert set(figures) == {"year", "cases", "repeat_children", "hotline"}
    assert figures["hotline"]["known_matches"] == 1
