"""The crawler's pages per second against a local site of linked pages, as a ratio of plain
httpx fetching the same pages in the same run (issue 16, target >= 0.5x: the safety checks,
the frontier in the database and the pipeline may cost, not dominate).

The site (on 127.0.0.1, a threading HTTP server of the standard library in a process of its
own, the same for both)
has ``--pages`` pages; each links to the next pages of a tree (two children each) and back
to the first, like a gallery's navigation, and shows no media, so that what is measured is
the crawl itself: the safe fetcher (resolution, address rules, limits, its connections kept
for the site), reading each page, and the frontier kept in the database. The baseline is one
``httpx.Client`` (keep-alive) fetching the same URLs one after the other, reading nothing,
run before and after the crawl (the ratio is against the mean of the two).
No delay between requests (``VIGIL_CRAWL_DELAY=0``) for the measurement.

    python -m benchmarks.bench_crawl [--pages N] [--postgres URL]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import tempfile
import time
from ipaddress import ip_network
from pathlib import Path

import httpx
from sqlalchemy import text

from tests.hotline.servers import Handler, Site, body
from vigil.accounts.actors import job
from vigil.domain.takedown import CrawlState
from vigil.hotline.crawler import Crawler, start_crawl
from vigil.hotline.pipeline import Queue
from vigil.settings import Settings
from vigil.store import db


class Prompt(Handler):
    """The test server's handler, answering without Nagle's delay: its headers and body are
    written apart, and a keep-alive client would otherwise wait for the delayed ACK (about
    40 ms a page)."""

    disable_nagle_algorithm = True


def routes(pages: int) -> dict[str, object]:
    table: dict[str, object] = {}
    for i in range(pages):
        children = [c for c in (2 * i + 1, 2 * i + 2) if c < pages]
        links = "".join(f'<li><a href="/p{c}">page {c}</a></li>' for c in children)
        html = (
            f"<html><head><title>page {i}</title></head><body><h1>Gallery page {i}</h1>"
            f'<ul>{links}</ul><p><a href="/p0">home</a></p></body></html>'
        )
        table[f"/p{i}"] = body("text/html; charset=utf-8", html.encode())
    return table


def serve(pages: int, ports: multiprocessing.Queue[int]) -> None:
    """The site, in a process of its own (so that it does not share the measured
    process's interpreter lock), until terminated."""
    site = Site(routes(pages))  # type: ignore[arg-type]
    site.server.RequestHandlerClass = Prompt
    with site:
        ports.put(site.port)
        site.stopping.wait()


def baseline(base: str, pages: int) -> float:
    """Seconds plain httpx takes to fetch every page once, in the crawl's order."""
    started = time.perf_counter()
    with httpx.Client() as client:
        for i in range(pages):
            client.get(f"{base}/p{i}").raise_for_status()
    return time.perf_counter() - started


def crawl(settings: Settings, base: str) -> tuple[float, int]:
    """Seconds the crawler takes from its seed to the site's end, and the pages it read."""
    engine = db.make_engine(settings.database_url)
    factory = db.session_factory(engine)
    crawler = Crawler(settings, factory, Queue(lambda _: None, lambda _: None))
    started = time.perf_counter()
    with db.session_scope(factory) as s:
        made = start_crawl(s, f"{base}/p0", settings=settings, by=job("bench"))
        assert made is not None
        crawl_id = made.id
    state = crawler.crawl(crawl_id)
    elapsed = time.perf_counter() - started
    assert state is CrawlState.DONE, state
    read = crawler.fetcher.requests
    engine.dispose()
    return elapsed, read


def fresh_database(url: str | None, home: Path) -> str:
    if url is None:
        return f"sqlite:///{home / 'vigil.db'}"
    engine = db.make_engine(url)
    with engine.begin() as c:  # a database of its own: every table of every migration
        c.execute(text("DROP SCHEMA public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--postgres", help="use this PostgreSQL database (its tables are dropped!)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vigil-bench-") as tmp:
        home = Path(tmp)
        settings = Settings(
            home=home / "home",
            database_url=fresh_database(args.postgres, home),
            secret_key="b" * 40,
            fetch_allow_networks=(ip_network("127.0.0.1/32"),),
            crawl_delay=0.0,
            crawl_max_pages=args.pages,
            crawl_stop_after=args.pages + 1,
        )
        db.migrate(db.make_engine(settings.database_url))
        ports: multiprocessing.Queue[int] = multiprocessing.Queue()
        server = multiprocessing.Process(target=serve, args=(args.pages, ports), daemon=True)
        server.start()
        try:
            base = f"http://127.0.0.1:{ports.get(timeout=60)}"
            before = baseline(base, args.pages)
            crawled, read = crawl(settings, base)
            after = baseline(base, args.pages)  # the machine's load may change meanwhile
        finally:
            server.terminate()
            server.join(10)
    plain = (before + after) / 2
    print(f"{args.pages:,} pages, {os.cpu_count()} cores, {settings.database_url.split(':')[0]}")
    print(
        f"plain httpx (keep-alive)   {args.pages / plain:8.1f} pages/s (baseline; "
        f"{args.pages / before:.0f} before the crawl, {args.pages / after:.0f} after)"
    )
    ratio = plain / crawled * read / args.pages
    print(f"crawler                    {read / crawled:8.1f} pages/s  {ratio:5.2f}x baseline")
    print("target >= 0.5x:", "met" if ratio >= 0.5 else "NOT met")


if __name__ == "__main__":
    main()
