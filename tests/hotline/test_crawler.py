"""The crawler against local sites of linked pages: deep where matches are, stopping where
none are, never out of the site, polite, its finds reports of source "crawler", and a crawl
killed mid-way resumed without fetching a page twice. The pictures are generated."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from tests.hotline.servers import Site, body, png, redirect
from tests.hotline.takedown_world import KNOWN, World, world
from vigil.domain.hotline import MediaState, Source
from vigil.domain.takedown import CrawlState, PageState
from vigil.hotline.crawler import Crawler, site_of
from vigil.hotline.fetching import Fetcher, FetchResult
from vigil.hotline.urls import normalise
from vigil.store import db
from vigil.store.hotline import HotlineReport, MediaItem
from vigil.store.takedown import Crawl, FrontierEntry

PAGES = 12


def _chain(matching: bool, pages: int = PAGES, outside: str | None = None) -> dict:
    """Pages /p0 ... /pN, each linking to the next and to /p0, each showing its own picture:
    the known one (re-served under a new name) or a new benign one."""
    routes = {}
    for i in range(pages):
        link = f'<a href="/p{i + 1}">next</a>' if i + 1 < pages else ""
        away = f'<a href="{outside}">away</a>' if outside else ""
        html = f'<html><body><img src="/m{i}.png">{link}<a href="/p0">home</a>{away}</body></html>'
        routes[f"/p{i}"] = body("text/html; charset=utf-8", html.encode())
        picture = KNOWN if matching or i == 0 else png(seed=100 + i)
        routes[f"/m{i}.png"] = body("image/png", picture)
    return routes


@pytest.fixture
def w(tmp_path: Path, database_url: str, engine: Engine) -> Iterator[World]:
    bounds = {"crawl_delay": 0.0, "crawl_stop_after": 4, "crawl_max_pages": 100}
    with world(tmp_path, database_url, engine, fetch_link_depth=0, **bounds) as made:
        yield made


def _crawler(w: World, fetcher: Fetcher | None = None, **kw) -> Crawler:  # type: ignore[no-untyped-def]
    return Crawler(
        w.settings, w.factory, w.pipeline.queue, fetcher=fetcher or w.pipeline.fetcher, **kw
    )


def _seeded(w: World, site: Site, crawler: Crawler) -> int:
    w.report(site.url("/p0"))
    with db.session_scope(w.factory) as s:
        item_id = s.scalar(select(MediaItem.id).where(MediaItem.url.endswith("/m0.png")))
    crawl_id = crawler.seed(item_id)
    assert crawl_id is not None
    return crawl_id


def _pages_fetched(site: Site) -> Counter[str]:
    return Counter(seen.path for seen in site.seen if seen.path.startswith("/p"))


def test_a_site_full_of_matches_is_crawled_to_its_end(w: World):
    with Site(_chain(matching=True)) as site:
        crawler = _crawler(w)
        state = crawler.crawl(_seeded(w, site, crawler))
        fetched = _pages_fetched(site)
    assert state is CrawlState.DONE
    assert set(fetched) == {f"/p{i}" for i in range(PAGES)}
    with db.session_scope(w.factory) as s:
        crawl = s.scalars(select(Crawl)).one()
        assert crawl.matches == PAGES - 1 and crawl.misses == 0
        assert crawl.pages == PAGES


def test_a_site_without_matches_stops_after_k_pages_in_a_row(w: World):
    with Site(_chain(matching=False)) as site:
        crawler = _crawler(w)
        state = crawler.crawl(_seeded(w, site, crawler))
        fetched = _pages_fetched(site)
    assert state is CrawlState.STOPPED
    # the seed (reported, then crawled) and the four pages without a new match
    assert set(fetched) == {"/p0", "/p1", "/p2", "/p3", "/p4"}
    with db.session_scope(w.factory) as s:
        crawl = s.scalars(select(Crawl)).one()
        assert "4 pages in a row" in (crawl.reason or "")
        states = {i.url.rsplit("/", 1)[1]: i.state for i in s.scalars(select(MediaItem))}
        assert states["m2.png"] is MediaState.AWAITING_REVIEW


def test_a_crawl_reads_its_site_over_one_kept_connection(w: World):
    with Site(_chain(matching=True)) as site:
        crawler = _crawler(w)
        crawl_id = _seeded(w, site, crawler)
        before = len(site.seen)
        crawler.crawl(crawl_id)
        during = site.seen[before:]
    assert len(during) >= 2 * PAGES - 1  # its pages and their pictures
    assert len({seen.peer for seen in during}) == 1


def test_the_crawlers_finds_are_reports_of_source_crawler(w: World):
    with Site(_chain(matching=True, pages=4)) as site:
        crawler = _crawler(w)
        crawler.crawl(_seeded(w, site, crawler))
    with db.session_scope(w.factory) as s:
        sources = Counter(r.source for r in s.scalars(select(HotlineReport)))
        assert sources == {Source.CLI: 1, Source.CRAWLER: 3}
        confirmed = s.scalars(
            select(MediaItem).where(MediaItem.state == MediaState.CONFIRMED_FROM_LIST)
        ).all()
        assert len(confirmed) == 4


def test_the_crawl_never_leaves_its_site(w: World):
    with Site(_chain(matching=False, pages=1)) as elsewhere:
        away = elsewhere.url("/p0", host="elsewhere.test")
        with Site(_chain(matching=True, pages=4, outside=away)) as site:
            crawler = _crawler(w)
            crawler.crawl(_seeded(w, site, crawler))
            assert len(_pages_fetched(site)) == 4
        assert elsewhere.seen == []


def test_the_page_budget_ends_a_crawl(w: World):
    import dataclasses

    w.settings = dataclasses.replace(w.settings, crawl_max_pages=3)
    with Site(_chain(matching=True)) as site:
        crawler = _crawler(w)
        assert crawler.crawl(_seeded(w, site, crawler)) is CrawlState.STOPPED
        assert len(_pages_fetched(site)) == 3  # the seed and two more pages
    with db.session_scope(w.factory) as s:
        assert "budget" in (s.scalars(select(Crawl)).one().reason or "")


def test_requests_to_a_site_are_spaced_by_the_delay(w: World):
    import dataclasses

    w.settings = dataclasses.replace(w.settings, crawl_delay=0.25)
    pauses: list[float] = []
    with Site(_chain(matching=True, pages=3)) as site:
        crawler = _crawler(w, sleep=pauses.append, monotonic=lambda: 100.0)  # time stands still
        crawler.crawl(_seeded(w, site, crawler))
    assert crawler.fetcher.requests == 5  # three pages, two new pictures
    assert pauses == [0.25] * 4


class Killed(Exception):
    """The worker dies."""


class DiesAfter(Fetcher):
    """A fetcher whose worker is killed right after its ``n``-th request came back, before
    anything of it was recorded."""

    def __init__(self, inner: Fetcher, n: int) -> None:
        super().__init__(inner.settings, resolver=inner.resolver, ssl_context=inner.ssl_context)
        self.n = n

    def fetch(self, url: str, *, accept=None) -> FetchResult:  # type: ignore[no-untyped-def]
        result = super().fetch(url, accept=accept)
        self.n -= 1
        if self.n == 0:
            raise Killed(url)
        return result


def test_a_crawl_killed_mid_way_resumes_without_fetching_a_page_twice(w: World):
    import dataclasses

    w.settings = dataclasses.replace(w.settings, hotline_step_seconds=1)
    with Site(_chain(matching=True)) as site:
        dying = _crawler(w, fetcher=DiesAfter(w.pipeline.fetcher, 6))
        crawl_id = _seeded(w, site, dying)
        with pytest.raises(Killed):
            dying.crawl(crawl_id)
        with db.session_scope(w.factory) as s:  # the lease of the lost worker runs out
            s.get_one(Crawl, crawl_id).claimed_until = None
        again = _crawler(w)
        assert again.resumable() == [crawl_id]
        assert again.crawl(crawl_id) is CrawlState.DONE
        fetched = _pages_fetched(site)
    crawled = fetched - Counter({"/p0": 1})  # the reported seed was fetched by its report
    assert max(crawled.values()) == 1
    with db.session_scope(w.factory) as s:
        interrupted = s.scalars(
            select(FrontierEntry).where(FrontierEntry.state == PageState.FAILED)
        ).all()
        assert [e.reason for e in interrupted] == ["interrupted; not fetched again"]


def test_a_page_that_redirects_out_of_the_site_is_not_read(w: World):
    with Site(_chain(matching=True, pages=1)) as elsewhere:
        routes = _chain(matching=True, pages=3)
        routes["/p1"] = redirect(elsewhere.url("/p0", host="elsewhere.test"))
        with Site(routes) as site:
            crawler = _crawler(w)
            assert crawler.crawl(_seeded(w, site, crawler)) is CrawlState.DONE
        assert [seen.path for seen in elsewhere.seen] == ["/p0"]  # fetched, not read
    with db.session_scope(w.factory) as s:
        entry = s.scalars(select(FrontierEntry).where(FrontierEntry.url.endswith("/p1"))).one()
        assert "redirected out of the site" in (entry.reason or "")
        urls = set(s.scalars(select(FrontierEntry.url)))
        assert not any("elsewhere" in u for u in urls)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["http", "https"]),
            st.sampled_from(["127.0.0.1", "site.test", "other.test", "SITE.test"]),
            st.sampled_from(["", ":8080", ":80"]),
            st.sampled_from(["/a", "/b/c", "/"]),
        ),
        max_size=20,
    )
)
def test_a_link_is_of_the_site_exactly_when_its_scheme_host_and_port_are(
    links: list[tuple[str, str, str, str]],
):
    site = site_of(normalise("http://site.test/"))
    for scheme, host, port, path in links:
        url = normalise(f"{scheme}://{host}{port}{path}")
        same = scheme == "http" and host.lower() == "site.test" and port in ("", ":80")
        assert (site_of(url) == site) == same, url
