"""The walk of one reported URL: its pages read for media, then each media item fetched.

1. The reported URL is fetched. Refused or failed: the walk ends there, with that result.
   A picture or a video (any accepted type that is not HTML): it is the one media item.
2. An HTML page is read for media and links (:mod:`vigil.hotline.pages`). Links within the
   reported site (the host of the reported URL, or of where it redirected) are followed,
   breadth first, up to ``VIGIL_FETCH_LINK_DEPTH`` links deep and ``VIGIL_FETCH_MAX_PAGES``
   pages in all; a followed link that answers with a picture is a media item found there.
3. Each media URL found is fetched through the same fetcher, accepting only the configured
   types that are not HTML.

Every step ends in a recorded result (``FetchResult``: fetched, refused or failed, with a
reason) and the walk goes on: nothing a site sends makes it raise. Pages keep no body;
only media results do, in memory. :func:`explore` does steps 1 and 2 and leaves the media
unfetched, so that a pipeline may store each item before fetching it
(:func:`fetch_media`, or its own job per item with :meth:`Fetcher.fetch` and
:func:`media_types`); :func:`walk` does all three.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from vigil.hotline.fetching import Fetcher, FetchResult
from vigil.hotline.pages import HTML_TYPES, Skipped, read_page


@dataclass(frozen=True)
class PageVisit:
    """One page fetched: its fetch (without the body), what it held, how deep it lies."""

    url: str
    depth: int
    result: FetchResult
    media: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()


@dataclass(frozen=True)
class MediaVisit:
    """One media URL: the page it was first found on (None: it is the reported URL itself)
    and its fetch, None until fetched."""

    url: str
    found_on: str | None
    result: FetchResult | None = None


@dataclass(frozen=True)
class Walk:
    """What became of one reported URL. ``result`` is the reported URL's own fetch (also in
    ``pages[0]`` when it is a page, or ``media[0]`` when it is a media item)."""

    url: str
    result: FetchResult
    pages: tuple[PageVisit, ...] = ()
    media: tuple[MediaVisit, ...] = ()


def media_types(accepted: Sequence[str]) -> tuple[str, ...]:
    """The accepted media types a media item may have: all but HTML."""
    return tuple(kind for kind in accepted if kind not in HTML_TYPES)


def walk(url: str, fetcher: Fetcher) -> Walk:
    """Explore ``url`` and fetch every media item found (module docstring)."""
    explored = explore(url, fetcher)
    return dataclasses.replace(explored, media=tuple(fetch_media(explored, fetcher)))


def fetch_media(explored: Walk, fetcher: Fetcher) -> Iterator[MediaVisit]:
    """Yield each media item of ``explored`` with its fetch, one at a time (one body in
    memory at a time when the caller keeps none)."""
    accept = media_types(fetcher.settings.fetch_content_types)
    for item in explored.media:
        if item.result is None:
            item = dataclasses.replace(item, result=fetcher.fetch(item.url, accept=accept))
        yield item


def explore(
    url: str, fetcher: Fetcher, *, depth: int | None = None, max_pages: int | None = None
) -> Walk:
    """Fetch ``url`` and the pages of its site within the bounds (default: the settings);
    return them with the media URLs found, not yet fetched."""
    depth = fetcher.settings.fetch_link_depth if depth is None else depth
    max_pages = fetcher.settings.fetch_max_pages if max_pages is None else max_pages
    first = fetcher.fetch(url)
    if not first.fetched:
        return Walk(first.url, first)
    if first.content_type not in HTML_TYPES:
        return Walk(first.url, first, media=(MediaVisit(first.url, None, first),))
    return _Explorer(fetcher, first, depth, max_pages).run()


class _Explorer:
    """The breadth-first walk of a site's pages from its reported page."""

    def __init__(self, fetcher: Fetcher, first: FetchResult, depth: int, max_pages: int) -> None:
        self.fetcher, self.first, self.depth, self.max_pages = fetcher, first, depth, max_pages
        self.hosts = {urlsplit(first.url).hostname, urlsplit(first.final_url).hostname}
        self.seen = {first.url, first.final_url}
        self.fetches = 1
        self.pages: list[PageVisit] = []
        self.media: dict[str, MediaVisit] = {}

    def run(self) -> Walk:
        """Visit the pages, each link once, until the bounds; return the walk."""
        self._visit(self.first.url, 0, self.first, None)
        queue = deque((link, 1, self.first.url) for link in self._follow(self.pages[0], 0))
        while queue and self.fetches < self.max_pages:
            url, depth, parent = queue.popleft()
            self.fetches += 1
            page = self._visit(url, depth, self.fetcher.fetch(url), parent)
            if page is not None:
                queue.extend((link, depth + 1, url) for link in self._follow(page, depth))
        first = dataclasses.replace(self.first, body=None)
        return Walk(self.first.url, first, tuple(self.pages), tuple(self.media.values()))

    def _follow(self, page: PageVisit, depth: int) -> list[str]:
        """The links of ``page`` to visit next: within the site, not seen, not too deep."""
        if depth >= self.depth:
            return []
        links = [u for u in page.links if u not in self.seen and urlsplit(u).hostname in self.hosts]
        self.seen.update(links)
        return links

    def _visit(
        self, url: str, depth: int, result: FetchResult, parent: str | None
    ) -> PageVisit | None:
        """Record what ``url`` answered; return the page when it holds links to follow."""
        self.seen.add(result.final_url)
        if result.fetched and result.content_type not in HTML_TYPES:
            known = self.media.get(url)
            self.media[url] = MediaVisit(url, known.found_on if known else parent, result)
            return None
        if not result.fetched or result.body is None:
            self.pages.append(PageVisit(url, depth, result))
            return None
        found = read_page(result.body, result.final_url, result.charset)
        kept = dataclasses.replace(result, body=None)
        page = PageVisit(url, depth, kept, found.media, found.links, found.skipped)
        self.pages.append(page)
        for media_url in page.media:
            self.media.setdefault(media_url, MediaVisit(media_url, url))
        return page
