"""The hotline's demo: generated pictures served on 127.0.0.1, worked by the real pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from tests.builders import CLI
from vigil.domain.hotline import MediaState, UrlState
from vigil.hotline import demo
from vigil.hotline.reports import show_report
from vigil.settings import Settings
from vigil.store import db
from vigil.store.hotline import Evidence, HotlineReport, MediaItem, ReportedUrl


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(home=tmp_path / "home", database_url=database_url, secret_key="a demo key")


def test_the_demo_shows_known_pictures_confirmed_and_others_awaiting_review(
    engine: Engine, settings: Settings
) -> None:
    factory = db.session_factory(engine)
    made = demo.fill_hotline(factory, settings, by=CLI, seed=1)
    assert made == demo.HotlineDemo(reports=6, confirmed=demo.KNOWN, awaiting_review=10)
    with db.session_scope(factory) as s:
        states = dict(s.execute(select(ReportedUrl.url, ReportedUrl.state)).all())
        sealed = s.scalar(select(func.count()).select_from(Evidence))
        waiting = s.scalar(
            select(func.count()).where(MediaItem.state == MediaState.AWAITING_REVIEW)
        )
        first = s.scalar(select(HotlineReport.reference).order_by(HotlineReport.id))
        shown = show_report(s, first, by=CLI)
    assert sealed == waiting == 10  # only what awaits review is kept, sealed
    assert states["http://169.254.169.254/latest/meta-data/"] is UrlState.REFUSED
    assert sum(s is UrlState.FAILED for s in states.values()) == 1  # the page that is gone
    assert all(
        m["matches"][0]["list"] == demo.LIST_NAME and m["matches"][0]["distance"] > 0
        for m in shown["urls"][0]["media"]
    )  # re-encoded and smaller: matched by the perceptual hash, not by the bytes


def test_the_demo_resolves_its_own_host_only() -> None:
    site = demo._Site(port=1, listed=[])
    assert site.resolve(demo.HOST, 80) == ["127.0.0.1"]
    with pytest.raises(OSError, match="resolves pictures.demo.example only"):
        site.resolve("example.org", 80)


def test_the_demo_pictures_are_generated_the_same_for_a_seed() -> None:
    assert demo.picture(3).tobytes() == demo.picture(3).tobytes()
    assert demo.picture(3).tobytes() != demo.picture(4).tobytes()
