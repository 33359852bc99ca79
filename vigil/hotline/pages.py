"""Reading an HTML page for the media it shows and the links it holds (selectolax, Lexbor).

Media are found in:

- ``img`` (``src``, ``srcset``, and the lazy-loading ``data-src``, ``data-srcset``);
- ``picture``/``video``/``audio`` ``source`` (``src``, ``srcset``), ``video`` (``src``,
  ``poster``);
- ``meta`` ``og:image``, ``og:image:url``, ``og:image:secure_url``, ``og:video`` (and its
  ``:url``, ``:secure_url``), ``twitter:image``; ``link rel=image_src``;
- ``url(...)`` in ``style`` attributes and ``<style>`` elements (background images);
- links (``a href``) whose path ends in a picture or video file name extension.

Other links (``a href``) are the page's links, for the walk to follow. Every URL is
resolved against the page's ``<base href>`` (itself against the page URL), then
normalised (:func:`vigil.hotline.urls.normalise`); duplicates are dropped (the first
kept). A media source that is no web address (``data:``, ``javascript:``, a malformed URL)
is recorded as skipped, with the reason; a link that is none is left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from vigil.errors import InputError
from vigil.hotline.urls import normalise

MEDIA_EXTENSIONS = frozenset(
    [
        ".jpg",
        ".jpeg",
        ".jpe",
        ".jfif",
        ".png",
        ".gif",
        ".webp",
        ".bmp",
        ".tif",
        ".tiff",
        ".avif",
        ".heic",
        ".heif",
        ".mp4",
        ".m4v",
        ".webm",
        ".mov",
        ".avi",
        ".mkv",
        ".wmv",
        ".flv",
        ".mpg",
        ".mpeg",
        ".3gp",
    ]
)
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_SOURCES = (
    ("img", ("src", "data-src"), ("srcset", "data-srcset")),
    ("source", ("src",), ("srcset",)),
    ("video", ("src", "poster"), ()),
    ('meta[property^="og:image"], meta[property^="og:video"]', ("content",), ()),
    ('meta[name="twitter:image"], meta[name="twitter:image:src"]', ("content",), ()),
    ('link[rel~="image_src"]', ("href",), ()),
)
_OPEN_GRAPH = re.compile(r"og:(image|video)(:url|:secure_url)?", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.IGNORECASE)
_WHITESPACE = " \t\n\r\f"


@dataclass(frozen=True)
class Skipped:
    """A media source that was not taken, and why."""

    value: str
    reason: str


@dataclass(frozen=True)
class Page:
    """What a page holds: media URLs, links to follow, skipped media sources."""

    media: tuple[str, ...]
    links: tuple[str, ...]
    skipped: tuple[Skipped, ...]


def read_page(html: bytes, url: str, charset: str | None = None) -> Page:
    """Return the media and links of the page ``html`` found at ``url`` (its final URL).

    ``charset`` comes from the Content-Type header (default UTF-8; an unknown one is read as
    UTF-8); undecodable bytes are replaced. Never raises for what the page holds."""
    tree = LexborHTMLParser(_text(html, charset))
    base = _base(tree, url)
    media: dict[str, None] = {}
    links: dict[str, None] = {}
    skipped: list[Skipped] = []
    for value in _media_values(tree):
        _take(value, base, media, skipped)
    for anchor in tree.css("a[href]"):
        href = _clean(anchor.attributes.get("href"))
        if href and is_media_file(_resolve(base, href) or ""):
            _take(href, base, media, skipped)
        elif href and (link := _resolve(base, href)) is not None:
            links[link] = None
    return Page(tuple(media), tuple(u for u in links if u not in media), tuple(skipped))


def is_media_file(url: str) -> bool:
    """Whether the path of ``url`` ends in a picture or video file name extension."""
    path = urlsplit(url).path.lower()
    return any(path.endswith(extension) for extension in MEDIA_EXTENSIONS)


def _text(html: bytes, charset: str | None) -> str:
    """The page as text; a charset Python lacks, or one that is no text encoding ('hex',
    'rot13'), is read as UTF-8."""
    try:
        return html.decode(charset or "utf-8", "replace")
    except (LookupError, UnicodeError, TypeError):
        return html.decode("utf-8", "replace")


def _base(tree: LexborHTMLParser, url: str) -> str:
    node = tree.css_first("base[href]")
    href = _clean(node.attributes.get("href")) if node is not None else None
    return (_resolve(url, href) or url) if href else url


def _media_values(tree: LexborHTMLParser) -> Iterator[str]:
    for selector, single, sets in _SOURCES:
        for node in tree.css(selector):
            if node.tag == "meta" and not _is_open_graph_or_twitter(node):
                continue
            yield from _values(node, single)
            for name in sets:
                yield from srcset_urls(node.attributes.get(name) or "")
    for node in tree.css("[style]"):
        yield from css_urls(node.attributes.get("style") or "")
    for node in tree.css("style"):
        yield from css_urls(node.text(deep=True))


def _is_open_graph_or_twitter(node: LexborNode) -> bool:
    prop = node.attributes.get("property") or ""
    return bool(_OPEN_GRAPH.fullmatch(prop)) or node.attributes.get("name") is not None


def _values(node: LexborNode, names: Iterable[str]) -> Iterator[str]:
    for name in names:
        value = _clean(node.attributes.get(name))
        if value:
            yield value


def css_urls(css: str) -> list[str]:
    """The URLs of ``url(...)`` in a piece of CSS, quoted or not."""
    return [next(g for g in m.groups() if g is not None) for m in _CSS_URL.finditer(css)]


def srcset_urls(srcset: str) -> list[str]:
    """The URLs of a ``srcset`` ("a.jpg 1x, b.jpg 2x"), as the HTML standard splits it:
    a URL runs to the next whitespace (a trailing comma ends it), its descriptors to the
    next comma outside parentheses."""
    urls: list[str] = []
    index, end = 0, len(srcset)
    while index < end:
        while index < end and (srcset[index] in _WHITESPACE or srcset[index] == ","):
            index += 1
        start = index
        while index < end and srcset[index] not in _WHITESPACE:
            index += 1
        url = srcset[start:index]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            index = _descriptors_end(srcset, index)
        if url:
            urls.append(url)
    return urls


def _descriptors_end(srcset: str, index: int) -> int:
    depth = 0
    while index < len(srcset) and (srcset[index] != "," or depth > 0):
        depth += {"(": 1, ")": -1}.get(srcset[index], 0)
        index += 1
    return index


def _clean(value: str | None) -> str:
    """An attribute's URL as the HTML standard reads it: outer whitespace stripped."""
    return (value or "").strip(_WHITESPACE)


def _resolve(base: str, value: str) -> str | None:
    try:
        return normalise(urljoin(base, value))
    except (InputError, ValueError):
        return None


def _take(value: str, base: str, media: dict[str, None], skipped: list[Skipped]) -> None:
    if value.lower().startswith("data:"):
        skipped.append(Skipped(value[:80], "an inline data: URL (the picture is in the page)"))
        return
    try:
        media[normalise(urljoin(base, value))] = None
    except InputError as exc:
        skipped.append(Skipped(value[:200], exc.message))
    except ValueError:
        skipped.append(Skipped(value[:200], f"'{value[:200]}' is not a valid URL"))
