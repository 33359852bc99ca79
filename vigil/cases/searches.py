"""Searches kept for the person who made them, for a while.

A search by a child's name must not put the name in an address (a browser's history, a
proxy's log), yet its result needs an address of its own, so that Back, paging and sorting
work. So the words are posted once, kept here under a random id for the person who searched,
and the list's address names only that id: ``/cases?search=<id>``. Another person's id, or
one older than ``KEPT_FOR``, finds nothing.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from vigil import clock
from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.domain import limits
from vigil.errors import InputError
from vigil.store.models import KeptSearch

KEPT_FOR = timedelta(hours=12)
"""As long as a sign-in lasts at most (VIGIL_SESSION_MAX_HOURS' default)."""


def keep_search(session: Session, text: str, *, by: Actor) -> str:
    """Keep ``text`` for ``by``; return the id its result page is found by. Searches older
    than ``KEPT_FOR`` are forgotten, everyone's, as new ones come."""
    by.require(Permission.CASE_READ)
    limits.check_name(text, "q")
    if by.user_id is None:
        raise InputError("only a person signed in to the pages keeps a search", field="q")
    now = clock.now()
    session.execute(delete(KeptSearch).where(KeptSearch.created_at < now - KEPT_FOR))
    kept = KeptSearch(id=secrets.token_urlsafe(16), user_id=by.user_id, text=text, created_at=now)
    session.add(kept)
    session.flush()
    return kept.id


def kept_search(session: Session, search_id: str, *, by: Actor) -> str | None:
    """The words ``by`` searched for under ``search_id``; None when that search is not
    theirs or was forgotten."""
    if by.user_id is None:
        return None
    return session.scalar(
        select(KeptSearch.text).where(
            KeptSearch.id == search_id,
            KeptSearch.user_id == by.user_id,
            KeptSearch.created_at >= clock.now() - KEPT_FOR,
        )
    )
