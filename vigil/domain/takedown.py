"""Notice-and-takedown and the crawler, in words: which media items count as confirmed, what
becomes of a confirmed URL until its material is gone, and the states of a crawl.

A confirmed URL gets a *takedown*: ``open`` while the material is there (notices go out, it
is fetched again on a schedule), ``removed`` once a re-check finds it gone, saying how
(:class:`Removal`). A crawl of a site is ``running`` until its frontier is empty
(``done``), K pages in a row brought no new match or its page budget is spent
(``stopped``); each page of its frontier is ``queued``, ``fetching``, ``done`` or
``failed``.
"""

from __future__ import annotations

from enum import StrEnum

from vigil.domain.hotline import MediaState

CONFIRMED_MEDIA = frozenset({MediaState.CONFIRMED_FROM_LIST, MediaState.CONFIRMED_ILLEGAL})
"""The media states that make their URL a confirmed one, noticed until it is gone: matched
by a hash list, or confirmed illegal by the analysts' consensus (or a supervisor)."""


def is_confirmed(state: MediaState) -> bool:
    """Whether a media item in ``state`` is confirmed material."""
    return state in CONFIRMED_MEDIA


class TakedownState(StrEnum):
    OPEN = "open"
    REMOVED = "removed"


class Removal(StrEnum):
    """How a re-check knew the material was gone."""

    GONE = "gone"
    """The server answered 404 Not Found or 410 Gone."""
    NAME_GONE = "name_gone"
    """The host's name no longer resolves."""
    CONTENT_CHANGED = "content_changed"
    """Something answers, but it no longer matches the confirmed material."""


class CheckResult(StrEnum):
    """What one re-check found."""

    STILL_THERE = "still_there"
    UNREACHABLE = "unreachable"
    """Neither there nor gone: a time-out, a server error, a refusal; checked again later."""
    REMOVED = "removed"


class CrawlState(StrEnum):
    RUNNING = "running"
    DONE = "done"
    STOPPED = "stopped"


class PageState(StrEnum):
    QUEUED = "queued"
    FETCHING = "fetching"
    DONE = "done"
    FAILED = "failed"


class FrontierKind(StrEnum):
    PAGE = "page"
    MEDIA = "media"


class TaskState(StrEnum):
    OPEN = "open"
    DONE = "done"
