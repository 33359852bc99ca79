"""Builders for the analysts' review: media items brought to the end of the pipeline (hashed,
sealed, placed in their group) without a network, and analysts to review them.

Personas: bob and erin the analysts, hana the hotline supervisor. Pictures are generated
(tests.hashing.pictures)."""

from __future__ import annotations

import itertools
from pathlib import Path

from PIL import Image
from sqlalchemy.orm import Session

from tests.builders import actor_of, make_user
from tests.hashing.pictures import encode, scene
from vigil.accounts.actors import Actor
from vigil.domain.hotline import MediaState, Source, UrlState
from vigil.hashing.signals import hash_bytes
from vigil.hotline.exposure import Rules
from vigil.hotline.pipeline import Pipeline, Queue
from vigil.settings import Settings
from vigil.store import db
from vigil.store.hotline import HotlineReport, MediaItem, ReportedUrl

KEY = bytes(range(32))
_numbers = itertools.count(1)


def review_settings(home: Path, database_url: str, **overrides: object) -> Settings:
    return Settings(home=home, database_url=database_url, evidence_key=KEY, **overrides)


def pipeline_of(settings: Settings, factory: db.sessionmaker[Session]) -> Pipeline:
    return Pipeline(settings, factory, Queue(lambda _: None, lambda _: None))


def picture(seed: int, *, turned: bool = False, fmt: str = "PNG") -> bytes:
    image: Image.Image = scene(320, 240, seed=seed)
    if turned:
        image = image.rotate(90, expand=True)
    return encode(image, fmt, **({"quality": 80} if fmt == "JPEG" else {}))


def intake(pipeline: Pipeline, session: Session, data: bytes) -> MediaItem:
    """A media item found at a new report's URL, decided by the pipeline's own last step
    (matched against the lists, else sealed and placed in its group)."""
    n = next(_numbers)
    report = HotlineReport(reference=f"HL-T-{n:08d}", source=Source.CLI)
    url = ReportedUrl(report=report, url=f"https://example.org/{n}", state=UrlState.FETCHED)
    item = MediaItem(
        reported=url,
        url=f"https://example.org/{n}.png",
        state=MediaState.PROCESSING,
        content_type="image/png",
    )
    session.add(item)
    session.flush()
    pipeline._decide(session, item, hash_bytes(data, item.url, pipeline.options), data)
    session.flush()
    return item


def analyst(session: Session, name: str = "bob", *roles: str) -> Actor:
    return actor_of(make_user(session, name), *(roles or ("analyst",)))


def supervisor(session: Session, name: str = "hana") -> Actor:
    return actor_of(make_user(session, name), "hotline_supervisor")


def rules_of(settings: Settings) -> Rules:
    return Rules.from_settings(settings)
