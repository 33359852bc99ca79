"""The job queue: Huey, with its SQLite storage beside the database in the embedded default,
or Redis (VIGIL_QUEUE_URL) in production.

A task carries only a row's id; the row says what is to be done (vigil.hotline.pipeline),
so a task run twice does nothing the second time, and a task lost with the broker is found
again by the sweep, which runs every few minutes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from huey import Huey, RedisHuey, SqliteHuey, crontab
from sqlalchemy.orm import Session, sessionmaker

from vigil.hotline.crawler import Crawler
from vigil.hotline.pipeline import Pipeline, Queue
from vigil.hotline.rechecks import Takedowns
from vigil.settings import Settings
from vigil.store import db

SWEEP_EVERY_MINUTES = 5
TAKEDOWNS_EVERY_MINUTES = 15
"""How often the takedowns' due work is looked for (re-checks, reminders, escalations,
takedowns a lost job left unopened); each takedown's own schedule is in its row."""


def make_huey(settings: Settings) -> Huey:
    """The queue the settings name: Redis when VIGIL_QUEUE_URL is set, else a SQLite file
    beside the database (under VIGIL_HOME)."""
    if settings.queue_url:
        # One queue per database: two installations on one Redis never take each other's tasks.
        name = "vigil-" + hashlib.sha256(settings.database_url.encode()).hexdigest()[:12]
        return RedisHuey(name, url=settings.queue_url)
    settings.home.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("vigil", filename=str(settings.home / "queue.db"))


@dataclass
class Jobs:
    """The queue and the pipeline's tasks on it. ``factory`` opens sessions on the
    database the tasks work on (made from the settings when not given)."""

    settings: Settings
    huey: Huey
    factory: sessionmaker[Session] | None = None

    def __post_init__(self) -> None:
        self.fetch_task = self.huey.task(name="hotline.fetch_url", retries=2, retry_delay=30)(
            self._fetch_url
        )
        self.media_task = self.huey.task(name="hotline.process_media", retries=2, retry_delay=30)(
            self._process_media
        )
        every = crontab(minute=f"*/{SWEEP_EVERY_MINUTES}")
        self.sweep_task = self.huey.periodic_task(every, name="hotline.sweep")(self._sweep)
        self.takedown_task = self.huey.task(
            name="hotline.open_takedown", retries=2, retry_delay=60
        )(self._open_takedown)
        self.crawl_task = self.huey.task(name="hotline.crawl", retries=2, retry_delay=60)(
            self._crawl
        )
        often = crontab(minute=f"*/{TAKEDOWNS_EVERY_MINUTES}")
        self.takedowns_task = self.huey.periodic_task(often, name="hotline.takedowns")(
            self._takedowns
        )

    @cached_property
    def pipeline(self) -> Pipeline:
        """The pipeline a worker runs (made on first use, in the worker's own process)."""
        factory = self.factory or db.session_factory(db.make_engine(self.settings.database_url))
        return Pipeline(self.settings, factory, self.queue)

    @cached_property
    def takedowns(self) -> Takedowns:
        """The takedowns a worker sends and re-checks, on the pipeline's database."""
        return Takedowns(self.settings, self.pipeline.factory, pipeline=self.pipeline)

    @cached_property
    def crawler(self) -> Crawler:
        """The crawls a worker runs, on the pipeline's database."""
        return Crawler(
            self.settings, self.pipeline.factory, self.queue, fetcher=self.pipeline.fetcher
        )

    @property
    def queue(self) -> Queue:
        """What use cases and steps hand work to: the queue's tasks."""
        return Queue(
            fetch_url=self._enqueue(self.fetch_task),
            process_media=self._enqueue(self.media_task),
            open_takedown=self._enqueue(self.takedown_task),
        )

    @staticmethod
    def _enqueue(task: Any) -> Any:
        def put(row_id: int) -> None:
            task(row_id)

        return put

    def _fetch_url(self, url_id: int) -> None:
        self.pipeline.fetch_url(url_id)

    def _process_media(self, item_id: int) -> None:
        self.pipeline.process_media(item_id)

    def _sweep(self) -> None:
        self.pipeline.sweep()

    def _open_takedown(self, item_id: int) -> None:
        self.takedowns.notifier.open(item_id)
        crawl_id = self.crawler.seed(item_id)
        if crawl_id is not None:
            self.crawl_task(crawl_id)

    def _crawl(self, crawl_id: int) -> None:
        self.crawler.crawl(crawl_id)

    def _takedowns(self) -> None:
        self.takedowns.run_due(open_item=self._open_takedown)
        for crawl_id in self.crawler.resumable():
            self.crawl_task(crawl_id)


def make_jobs(settings: Settings, factory: sessionmaker[Session] | None = None) -> Jobs:
    return Jobs(settings, make_huey(settings), factory)
