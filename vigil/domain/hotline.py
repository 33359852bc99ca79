"""The hotline's words: the states a reported URL and a media item go through, and what the
person who reported is told of them.

A reported URL is ``received`` (stored, waiting for the fetcher), ``fetching`` (a worker has
it), then ``fetched``, ``refused`` (a rule said no: a forbidden address, a limit, a content
type) or ``failed`` (the network or the server did: a time-out, an error status). A media
item is ``pending`` (found, waiting to be fetched and hashed), ``processing`` (a worker has
it), then ``confirmed_from_list`` (a known hash decided it, and nobody saw it),
``awaiting_review`` (kept encrypted for an analyst) or ``failed``. Reviewed, it is
``confirmed_illegal`` or ``not_illegal`` once its group's decision is confirmed (by
analysts who agree, a supervisor, or the decision of an item it matched: see
vigil.domain.review).
"""

from __future__ import annotations

from enum import StrEnum


class UrlState(StrEnum):
    RECEIVED = "received"
    FETCHING = "fetching"
    FETCHED = "fetched"
    REFUSED = "refused"
    FAILED = "failed"


class MediaState(StrEnum):
    PENDING = "pending"
    PROCESSING = "processing"
    CONFIRMED_FROM_LIST = "confirmed_from_list"
    AWAITING_REVIEW = "awaiting_review"
    FAILED = "failed"
    CONFIRMED_ILLEGAL = "confirmed_illegal"
    NOT_ILLEGAL = "not_illegal"


class Source(StrEnum):
    """Where a report came from: the public form, a partner's API token, the command line
    or a file imported there, or the proactive crawler."""

    PUBLIC = "public"
    PARTNER = "partner"
    CLI = "cli"
    IMPORT = "import"
    CRAWLER = "crawler"


class Progress(StrEnum):
    """What the person who reported is told at /report/status, and nothing more."""

    RECEIVED = "received"
    BEING_LOOKED_AT = "being_looked_at"
    ACTED_ON = "acted_on"
    NO_ACTION = "no_action"


URL_DONE = frozenset({UrlState.FETCHED, UrlState.REFUSED, UrlState.FAILED})
MEDIA_DONE = frozenset(
    {
        MediaState.CONFIRMED_FROM_LIST,
        MediaState.AWAITING_REVIEW,
        MediaState.FAILED,
        MediaState.CONFIRMED_ILLEGAL,
        MediaState.NOT_ILLEGAL,
    }
)
KNOWN_ILLEGAL = frozenset({MediaState.CONFIRMED_FROM_LIST, MediaState.CONFIRMED_ILLEGAL})


def progress(url_states: list[UrlState], media_states: list[MediaState]) -> Progress:
    """What a report's states amount to for its reporter: acted on once any item is known
    material, no action once everything is done without any, else received (nothing
    fetched yet) or being looked at."""
    if KNOWN_ILLEGAL.intersection(media_states):
        return Progress.ACTED_ON
    urls_done = all(s in URL_DONE for s in url_states)
    media_done = all(s in MEDIA_DONE for s in media_states)
    if urls_done and media_done and MediaState.AWAITING_REVIEW not in media_states:
        return Progress.NO_ACTION
    if all(s is UrlState.RECEIVED for s in url_states):
        return Progress.RECEIVED
    return Progress.BEING_LOOKED_AT
