"""The crawler, as Project Arachnid does it: from each confirmed page, the links within its
site are followed, and a site's crawl stops when it brings no more.

A crawl belongs to a *site* (``scheme://host[:port]``), seeded by the page on which a
confirmed item was found (:meth:`Crawler.seed`); one crawl per site, ever. Its frontier is
kept in the database (``hotline_frontier``), each URL once per crawl, so a restarted worker
resumes where the last one stopped and **never fetches a page twice**: entries are taken (at
most BATCH_PAGES at once) and marked ``fetching`` (committed) before their requests, what
they gave is written at least every FLUSH_SECONDS, and an entry a lost worker left
``fetching`` is closed as interrupted, not fetched again.

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
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, cast
from urllib.parse import urlsplit

from sqlalchemy import Table, bindparam, insert, select, update
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

BATCH_PAGES = 64
"""Most pages taken at once from the frontier (marked ``fetching`` in one transaction).
64, not 32: a transaction per batch on PostgreSQL cost the crawl 0.47-0.52x of plain httpx
with 32, 0.51-0.70x with 64 (benchmarks/bench_crawl.py)."""
FLUSH_SECONDS = 0.5
"""What was visited is written at least this often: a worker lost loses at most this much
of its crawl's links (the pages it had taken are closed as interrupted, never fetched again)."""


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

    @contextmanager
    def keeping_connections(self) -> Iterator[None]:
        with self.inner.keeping_connections():
            yield

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
class _Run:
    """A crawl as the worker that holds it keeps it in memory between its transactions."""

    crawl_id: int
    site: str
    pages: int
    matches: int
    misses: int
    known: set[str]
    """Every URL of the frontier (pages and media)."""
    queue: deque[tuple[str, int]]
    """The pages still to fetch, in the frontier's order (depth, then id), with their depth."""
    claimed: deque[tuple[str, int]] = field(default_factory=deque)
    """The pages taken (marked ``fetching``) and not yet visited."""
    visited: list[_Visited] = field(default_factory=list)
    """The pages visited since the last flush, not yet recorded."""
    flushed: float = 0.0

    def flush_due(self, seconds: float) -> bool:
        return time.monotonic() - self.flushed >= seconds


@dataclass(frozen=True)
class _Visited:
    """What one page gave: its end, the new links and media it brought, and for each media
    item reported whether it was confirmed."""

    url: str
    depth: int
    state: PageState
    reason: str | None
    links: list[str] = field(default_factory=list)
    media: list[str] = field(default_factory=list)
    new: list[bool] = field(default_factory=list)


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
            run = self._load(crawl_id)
            self._flush(run)
            with self.fetcher.keeping_connections():  # one site: its connections kept alive
                self._pages(run)
        finally:
            with session_scope(self.factory) as s:
                s.execute(update(Crawl).where(Crawl.id == crawl_id).values(claimed_until=None))
        with session_scope(self.factory) as s:
            return s.get_one(Crawl, crawl_id).state

    def _pages(self, run: _Run) -> None:
        """Visit the taken pages one after the other, taking more as they run out, until
        the frontier is empty or the crawl stops."""
        while run.claimed:
            url, depth = run.claimed.popleft()
            run.visited.append(self._visit(run, url, depth))
            stop = self._stop_reason(run) if run.queue or run.claimed else None
            if stop is not None or not run.claimed or run.flush_due(FLUSH_SECONDS):
                self._flush(run, stop)

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

    def _load(self, crawl_id: int) -> _Run:
        """The crawl as this worker resumes it: an entry left ``fetching`` may have been
        fetched, so it is closed as interrupted, not fetched again; the URLs the frontier
        holds and the pages still queued (in their order) are read into memory."""
        with session_scope(self.factory) as s:
            s.execute(
                update(FrontierEntry)
                .where(
                    FrontierEntry.crawl_id == crawl_id,
                    FrontierEntry.state == PageState.FETCHING,
                )
                .values(state=PageState.FAILED, reason="interrupted; not fetched again")
            )
            crawl = s.get_one(Crawl, crawl_id)
            known = set(
                s.scalars(select(FrontierEntry.url).where(FrontierEntry.crawl_id == crawl_id))
            )
            queued = s.execute(
                select(FrontierEntry.url, FrontierEntry.depth)
                .where(
                    FrontierEntry.crawl_id == crawl_id,
                    FrontierEntry.kind == FrontierKind.PAGE,
                    FrontierEntry.state == PageState.QUEUED,
                )
                .order_by(FrontierEntry.depth, FrontierEntry.id)
            ).all()
            return _Run(
                crawl_id,
                crawl.site,
                crawl.pages,
                crawl.matches,
                crawl.misses,
                known,
                deque((url, depth) for url, depth in queued),
            )

    def _flush(self, run: _Run, stop: str | None = None) -> None:
        """In one transaction: record the pages visited since the last flush (their end,
        the links and media they brought, the crawl's counts); then, when the pages taken
        are all visited, take the next ones (marked ``fetching``, at most BATCH_PAGES and
        what the budget leaves), or end the crawl: stopped by ``stop``, or done."""
        now = clock.now()
        with session_scope(self.factory) as s:
            _record_visits(s, run.crawl_id, run.visited)
            run.visited.clear()
            values: dict[str, Any] = {
                "pages": run.pages,
                "matches": run.matches,
                "misses": run.misses,
                "claimed_until": now + self.lease,
            }
            if stop is None and not run.claimed:
                stop = self._stop_reason(run) if run.queue else None
                take = min(BATCH_PAGES, self.settings.crawl_max_pages - run.pages)
                while run.queue and len(run.claimed) < take and stop is None:
                    run.claimed.append(run.queue.popleft())
                _set_entries(s, run.crawl_id, [u for u, _ in run.claimed], PageState.FETCHING)
            if stop is not None:
                # taken but not fetched: back in the queue
                _set_entries(s, run.crawl_id, [u for u, _ in run.claimed], PageState.QUEUED)
                run.claimed.clear()
            if not run.claimed:
                values["state"] = CrawlState.STOPPED if stop else CrawlState.DONE
                values["reason"] = stop or "no page of the site is left to read"
                values["ended_at"] = now
            s.execute(update(Crawl).where(Crawl.id == run.crawl_id).values(**values))
        run.flushed = time.monotonic()

    def _stop_reason(self, run: _Run) -> str | None:
        if run.misses >= self.settings.crawl_stop_after:
            return f"{run.misses} pages in a row brought no new match"
        if run.pages >= self.settings.crawl_max_pages:
            return f"the page budget ({self.settings.crawl_max_pages}) is spent"
        return None

    def _visit(self, run: _Run, url: str, depth: int) -> _Visited:
        """Fetch a page and read it, and count it."""
        visited = self._read(run, url, depth)
        new = sum(visited.new)
        run.pages += 1
        run.matches += new
        if depth > 0:
            run.misses = 0 if new else run.misses + 1
        return visited

    def _read(self, run: _Run, url: str, depth: int) -> _Visited:
        """Fetch a page and read it; a page (or a picture) with media the crawl has not
        seen becomes a report of source crawler, its media run through the pipeline."""
        result = self.fetcher.fetch(url)
        if not result.fetched or result.body is None:
            return _Visited(url, depth, PageState.FAILED, result.reason)
        if site_of(result.final_url) != run.site:
            reason = f"redirected out of the site, to {result.final_url}; not read"
            return _Visited(url, depth, PageState.DONE, reason)
        if result.content_type not in HTML_TYPES:
            found = [] if depth == 0 else self._media(result, [url], picture=True)
            return _Visited(url, depth, PageState.DONE, None, new=found)
        page = read_page(result.body, result.final_url, result.charset)
        links = [u for u in page.links if u not in run.known and site_of(u) == run.site]
        media = [u for u in page.media if u not in run.known]
        run.known.update(links)
        run.known.update(media)
        run.queue.extend((u, depth + 1) for u in links)
        found = [] if depth == 0 or not media else self._media(result, media, picture=False)
        return _Visited(url, depth, PageState.DONE, None, links, media, found)

    def _media(self, result: FetchResult, media: list[str], *, picture: bool) -> list[bool]:
        """Report the page, run its media through the pipeline; whether each is confirmed."""
        with session_scope(self.factory) as s:
            items = self._report(s, result, media, picture=picture)
        for item_id, prefetched in items:
            self.pipeline.process_media(item_id, prefetched=prefetched)
        with session_scope(self.factory) as s:
            ids = [item_id for item_id, _ in items]
            states = s.scalars(select(MediaItem.state).where(MediaItem.id.in_(ids)))
            return [is_confirmed(state) for state in states]

    def _report(
        self, s: Session, result: FetchResult, media: list[str], *, picture: bool
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


_FRONTIER = cast(Table, FrontierEntry.__table__)
_END_ENTRY = (
    update(_FRONTIER)
    .where(_FRONTIER.c.crawl_id == bindparam("cid"), _FRONTIER.c.url == bindparam("entry"))
    .values(state=bindparam("end"), reason=bindparam("why"))
)


def _record_visits(s: Session, crawl_id: int, visits: list[_Visited]) -> None:
    """The pages' ends and the entries they brought, in two statements run many times
    (Core, not the ORM: this is the crawl's hot path)."""
    if not visits:
        return
    connection = s.connection()
    ends = [{"cid": crawl_id, "entry": v.url, "end": v.state, "why": v.reason} for v in visits]
    connection.execute(_END_ENTRY, ends)
    rows = [
        {"crawl_id": crawl_id, "url": u, "kind": kind, "depth": depth, "state": state}
        for v in visits
        for urls, kind, depth, state in (
            (v.links, FrontierKind.PAGE, v.depth + 1, PageState.QUEUED),
            (v.media, FrontierKind.MEDIA, v.depth, PageState.DONE),
        )
        for u in urls
    ]
    if rows:
        connection.execute(insert(_FRONTIER), rows)


def _set_entries(s: Session, crawl_id: int, urls: list[str], state: PageState) -> None:
    for start in range(0, len(urls), 500):
        s.connection().execute(
            update(_FRONTIER)
            .where(_FRONTIER.c.crawl_id == crawl_id, _FRONTIER.c.url.in_(urls[start : start + 500]))
            .values(state=state, reason=None)
        )


def _record_fetch(row: ReportedUrl, result: FetchResult) -> None:
    row.state, row.reason, row.cause = UrlState.FETCHED, None, None
    row.final_url, row.address, row.status = result.final_url, result.address, result.status
    row.content_type, row.size, row.elapsed = result.content_type, result.size, result.elapsed
    row.redirects = [r.url for r in result.redirects]
