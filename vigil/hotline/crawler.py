"""The crawler, as Project Arachnid does it: from each confirmed page, the links within its
site are followed, and a site's crawl stops when it brings no more.

A crawl belongs to a *site* (``scheme://host[:port]``), seeded by the page on which a
confirmed item was found (:meth:`Crawler.seed`); one crawl per site, ever. Its frontier is
kept in the database (``hotline_frontier``), each URL once per crawl, so a restarted worker
resumes where the last one stopped and **never fetches a page twice**: an entry is marked
``fetching`` (committed) before its request, and an entry a lost worker left ``fetching``
is closed as interrupted, not fetched again.

Politeness: one worker holds a crawl (a lease in ``claimed_until``), so one request at a time
goes to a site; VIGIL_CRAWL_DELAY seconds pass between two requests of a crawl (its media
included); at most VIGIL_CRAWL_MAX_PAGES pages are read. Pages and media go through the same
safe fetcher and the same pipeline (vigil.hotline.pipeline): a page that shows media becomes
a report of source ``crawler`` (its URL fetched, its media hashed, matched, noticed or kept
for review as any other). The crawl stops after VIGIL_CRAWL_STOP_AFTER pages in a row brought
no new match (a media item confirmed that the crawl had not seen), and never follows a link
out of its site (a page that redirects out of it is not read).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from vigil import clock
from vigil.accounts.actors import Actor, job
from vigil.audit import log as audit
from vigil.domain.hotline import MediaState, UrlState
from vigil.domain.takedown import CrawlState, FrontierKind, PageState, is_confirmed
from vigil.hotline import reports
from vigil.hotline.fetching import Fetcher, FetchResult
from vigil.hotline.pages import HTML_TYPES, read_page
from vigil.hotline.pipeline import Pipeline, Queue
from vigil.settings import Settings
from vigil.store.db import session_scope
from vigil.store.hotline import MediaItem, ReportedUrl
from vigil.store.takedown import Crawl, FrontierEntry


def site_of(url: str) -> str:
    """The site a (normalised) URL belongs to: its scheme, host and port."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


class Polite(Fetcher):
    """``inner``, letting ``delay`` seconds pass between two of its requests."""

    def __init__(
        self,
        inner: Fetcher,
        delay: float,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(inner.settings, resolver=inner.resolver, ssl_context=inner.ssl_context)
        self.inner = inner
        self.delay, self.sleep, self.monotonic = delay, sleep, monotonic
        self.last: float | None = None
        self.requests = 0

    def fetch(self, url: str, *, accept: Sequence[str] | None = None) -> FetchResult:
        if self.last is not None and self.delay > 0:
            wait = self.last + self.delay - self.monotonic()
            if wait > 0:
                self.sleep(wait)
        try:
            return self.inner.fetch(url, accept=accept)
        finally:
            self.requests += 1
            self.last = self.monotonic()


def start_crawl(session: Session, seed: str, *, settings: Settings, by: Actor) -> Crawl | None:
    """The crawl of ``seed``'s site, from ``seed``; None when crawling is off
    (VIGIL_CRAWL_MAX_PAGES=0) or the site has a crawl already."""
    if settings.crawl_max_pages == 0:
        return None
    site = site_of(seed)
    if session.scalar(select(Crawl.id).where(Crawl.site == site)) is not None:
        return None
    crawl = Crawl(site=site, seed=seed, state=CrawlState.RUNNING, created_at=clock.now())
    session.add(crawl)
    session.flush()
    session.add(_entry(crawl.id, seed, FrontierKind.PAGE, 0))
    audit.record(session, by, "hotline.crawl_start", site, seed)
    return crawl


def _entry(crawl_id: int, url: str, kind: FrontierKind, depth: int) -> FrontierEntry:
    state = PageState.QUEUED if kind is FrontierKind.PAGE else PageState.DONE
    return FrontierEntry(crawl_id=crawl_id, url=url, kind=kind, depth=depth, state=state)


@dataclass
class _Visit:
    """What one page brought: the media items to process and whether it is the seed."""

    entry_id: int
    items: list[tuple[int, FetchResult | None]] = field(default_factory=list)


class Crawler:
    """The crawls of one database, run through a pipeline of their own whose fetcher is
    polite; what they confirm is handed to ``queue`` (its takedowns)."""

    def __init__(
        self,
        settings: Settings,
        factory: sessionmaker[Session],
        queue: Queue,
        *,
        fetcher: Fetcher | None = None,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings, self.factory = settings, factory
        inner = fetcher or Fetcher(settings)
        self.fetcher = Polite(inner, settings.crawl_delay, sleep, monotonic)
        self.pipeline = Pipeline(settings, factory, queue, fetcher=self.fetcher)
        self.by = job("hotline.crawl")
        self.lease = timedelta(seconds=settings.hotline_step_seconds)

    def seed(self, item_id: int) -> int | None:
        """Start the crawl of the site of the page where a confirmed item was found; return
        its id (None: no page, crawling off, or the site has its crawl). The media its
        report found are in the frontier from the start: they are not found anew."""
        with session_scope(self.factory) as s:
            item = s.get(MediaItem, item_id)
            if item is None or not is_confirmed(item.state) or not item.found_on:
                return None
            crawl = start_crawl(s, item.found_on, settings=self.settings, by=self.by)
            if crawl is None:
                return None
            seen = {m.url for m in item.reported.media} - {crawl.seed}
            s.add_all(_entry(crawl.id, u, FrontierKind.MEDIA, 0) for u in sorted(seen))
            return crawl.id

    def resumable(self) -> list[int]:
        """The running crawls no worker holds (a lost worker's, or never started)."""
        now = clock.now()
        with session_scope(self.factory) as s:
            query = select(Crawl.id).where(
                Crawl.state == CrawlState.RUNNING,
                Crawl.claimed_until.is_(None) | (Crawl.claimed_until < now),
            )
            return list(s.scalars(query.order_by(Crawl.id)))

    def crawl(self, crawl_id: int) -> CrawlState | None:
        """Crawl a site until it is done or stopped; None when another worker holds it."""
        if not self._claim(crawl_id):
            return None
        try:
            self._close_interrupted(crawl_id)
            while (entry := self._next(crawl_id)) is not None:
                self._visit(crawl_id, *entry)
        finally:
            with session_scope(self.factory) as s:
                s.execute(update(Crawl).where(Crawl.id == crawl_id).values(claimed_until=None))
        with session_scope(self.factory) as s:
            return s.get_one(Crawl, crawl_id).state

    def _claim(self, crawl_id: int) -> bool:
        now = clock.now()
        with session_scope(self.factory) as s:
            taken = s.execute(
                update(Crawl)
                .where(
                    Crawl.id == crawl_id,
                    Crawl.state == CrawlState.RUNNING,
                    Crawl.claimed_until.is_(None) | (Crawl.claimed_until < now),
                )
                .values(claimed_until=now + self.lease)
                .returning(Crawl.id)
            ).first()
        return taken is not None

    def _close_interrupted(self, crawl_id: int) -> None:
        """An entry left ``fetching`` may have been fetched: it is not fetched again."""
        with session_scope(self.factory) as s:
            s.execute(
                update(FrontierEntry)
                .where(
                    FrontierEntry.crawl_id == crawl_id,
                    FrontierEntry.state == PageState.FETCHING,
                )
                .values(state=PageState.FAILED, reason="interrupted; not fetched again")
            )

    def _next(self, crawl_id: int) -> tuple[int, str, int] | None:
        """The next page to fetch, marked ``fetching``; None when the crawl has ended (and
        then its end is recorded)."""
        with session_scope(self.factory) as s:
            crawl = s.get_one(Crawl, crawl_id, with_for_update=True)
            if crawl.state is not CrawlState.RUNNING:
                return None
            stop = self._stop_reason(crawl)
            entry = None if stop else s.scalars(_queued(crawl_id)).first()
            if entry is None:
                crawl.state = CrawlState.STOPPED if stop else CrawlState.DONE
                crawl.reason = stop or "no page of the site is left to read"
                crawl.ended_at = clock.now()
                return None
            entry.state = PageState.FETCHING
            crawl.claimed_until = clock.now() + self.lease
            return entry.id, entry.url, entry.depth

    def _stop_reason(self, crawl: Crawl) -> str | None:
        if crawl.misses >= self.settings.crawl_stop_after:
            return f"{crawl.misses} pages in a row brought no new match"
        if crawl.pages >= self.settings.crawl_max_pages:
            return f"the page budget ({self.settings.crawl_max_pages}) is spent"
        return None

    def _visit(self, crawl_id: int, entry_id: int, url: str, depth: int) -> None:
        result = self.fetcher.fetch(url)
        with session_scope(self.factory) as s:
            crawl = s.get_one(Crawl, crawl_id)
            entry = s.get_one(FrontierEntry, entry_id)
            items = self._record(s, crawl, entry, result)
        for item_id, prefetched in items:
            self.pipeline.process_media(item_id, prefetched=prefetched)
        with session_scope(self.factory) as s:
            crawl = s.get_one(Crawl, crawl_id)
            new = _confirmed(s, [item_id for item_id, _ in items])
            crawl.pages += 1
            crawl.matches += new
            if depth > 0:
                crawl.misses = 0 if new else crawl.misses + 1

    def _record(
        self, s: Session, crawl: Crawl, entry: FrontierEntry, result: FetchResult
    ) -> list[tuple[int, FetchResult | None]]:
        """Close the entry with what its fetch gave; queue its links; return the media
        items of the crawler's report of it (with the body when the page is a picture)."""
        if not result.fetched or result.body is None:
            entry.state, entry.reason = PageState.FAILED, result.reason
            return []
        entry.state = PageState.DONE
        if site_of(result.final_url) != crawl.site:
            entry.reason = f"redirected out of the site, to {result.final_url}; not read"
            return []
        if result.content_type not in HTML_TYPES:
            if entry.depth == 0:
                return []
            return self._report(s, crawl, result, [entry.url], picture=True)
        page = read_page(result.body, result.final_url, result.charset)
        known = _known(s, crawl.id, [*page.links, *page.media])
        links = [u for u in page.links if u not in known and site_of(u) == crawl.site]
        s.add_all(_entry(crawl.id, u, FrontierKind.PAGE, entry.depth + 1) for u in links)
        media = [u for u in page.media if u not in known]
        s.add_all(_entry(crawl.id, u, FrontierKind.MEDIA, entry.depth) for u in media)
        if entry.depth == 0 or not media:  # the seed's media were its report's
            return []
        return self._report(s, crawl, result, media, picture=False)

    def _report(
        self, s: Session, crawl: Crawl, result: FetchResult, media: list[str], *, picture: bool
    ) -> list[tuple[int, FetchResult | None]]:
        """A report of source ``crawler`` for the page (or picture) found, already fetched."""
        received = reports.receive_report(s, [result.url], by=self.by, settings=self.settings)
        (row,) = received.report.urls
        _record_fetch(row, result)
        found_on = None if picture else result.url
        items = [MediaItem(url=u, found_on=found_on, state=MediaState.PENDING) for u in media]
        row.media.extend(items)
        s.flush()
        return [(item.id, result if picture else None) for item in items]


def _queued(crawl_id: int) -> Any:
    return (
        select(FrontierEntry)
        .where(
            FrontierEntry.crawl_id == crawl_id,
            FrontierEntry.kind == FrontierKind.PAGE,
            FrontierEntry.state == PageState.QUEUED,
        )
        .order_by(FrontierEntry.depth, FrontierEntry.id)
        .limit(1)
    )


def _known(s: Session, crawl_id: int, urls: list[str]) -> set[str]:
    """Which of ``urls`` the crawl's frontier holds already."""
    known: set[str] = set()
    for start in range(0, len(urls), 500):
        chunk = urls[start : start + 500]
        query = select(FrontierEntry.url).where(
            FrontierEntry.crawl_id == crawl_id, FrontierEntry.url.in_(chunk)
        )
        known.update(s.scalars(query))
    return known


def _confirmed(s: Session, item_ids: list[int]) -> int:
    if not item_ids:
        return 0
    states = s.scalars(select(MediaItem.state).where(MediaItem.id.in_(item_ids)))
    return sum(is_confirmed(state) for state in states)


def _record_fetch(row: ReportedUrl, result: FetchResult) -> None:
    row.state, row.reason, row.cause = UrlState.FETCHED, None, None
    row.final_url, row.address, row.status = result.final_url, result.address, result.status
    row.content_type, row.size, row.elapsed = result.content_type, result.size, result.elapsed
    row.redirects = [r.url for r in result.redirects]
