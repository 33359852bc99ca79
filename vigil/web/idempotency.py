"""Retries that do not duplicate: the API honours an ``Idempotency-Key`` header on every POST.

A client that sends a POST again after losing its answer (a time-out, a server killed
mid-burst) sends the same key; Vigil answers the first answer again and saves nothing twice.

- The key is claimed in the request's own transaction (:func:`idempotent`, a dependency of
  every API route): a row (actor, key, fingerprint of method, path and body) written with
  the change, so the two are kept together or not at all. A request that fails keeps no
  claim: sent again, it runs again.
- Once the change is committed, the answer (status, type, body) is stored on that row
  (:class:`StoreAnswers`, a middleware).
- A POST whose key has a stored answer gets that answer (header ``Idempotent-Replayed:
  true``), its use case not run. The same key with another method, path or body is refused
  (422), and so is a key whose request was saved but whose answer was not (the server
  stopped between the two): the change is there, read it.
- Two requests with one key at the same moment: the second waits for the first's unique
  key and answers 503 "try again" (vigil.web.errors), and then the stored answer.

Keys are the client's (per actor: one integration's keys never answer another's), up to
200 printable ASCII characters; they are kept ``KEPT_FOR`` (24 hours) and left out of
backups.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Annotated, Any

import anyio
from fastapi import Depends, FastAPI, Header, Request
from fastapi.responses import Response
from sqlalchemy import delete, update
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vigil import clock
from vigil.accounts.actors import Actor
from vigil.errors import InputError
from vigil.store import db
from vigil.store.models import IdempotencyKey
from vigil.web.context import BEFORE_COMMIT, DbSession, current_actor

HEADER = "Idempotency-Key"
KEPT_FOR = timedelta(hours=24)
CLAIM = "idempotency"
"""Where the request's state holds the claimed (actor, key) until its answer is stored."""


class Replay(Exception):
    """Raised by :func:`idempotent` to answer with a stored answer."""

    def __init__(self, status: int, media_type: str, body: bytes) -> None:
        super().__init__(status)
        self.status, self.media_type, self.body = status, media_type, body


def _key(raw: str) -> str:
    key = raw.strip()
    if not 0 < len(key) <= 200 or not all(" " <= c <= "~" for c in key):
        raise InputError(
            "an Idempotency-Key is 1 to 200 printable ASCII characters (a UUID is a good one)",
            field=HEADER,
        )
    return key


async def idempotent(
    request: Request,
    s: DbSession,
    actor: Annotated[Actor, Depends(current_actor)],
    key: Annotated[
        str | None,
        Header(
            alias=HEADER,
            max_length=200,
            description="A POST sent again with the same key is answered as the first "
            "time, and saves nothing twice (kept 24 hours).",
        ),
    ] = None,
) -> None:
    """Claim ``key`` for this request in its transaction, or answer a stored answer."""
    if request.method != "POST" or key is None:
        return
    key = _key(key)
    body = await request.body()
    fingerprint = hashlib.sha256(
        b"\0".join([request.method.encode(), request.url.path.encode(), body])
    ).hexdigest()
    found = await anyio.to_thread.run_sync(s.get, IdempotencyKey, (actor.name, key))
    if found is not None:
        if found.fingerprint != fingerprint:
            raise InputError(
                "this Idempotency-Key was sent before with another request; use a new key "
                "for each new request",
                field=HEADER,
            )
        if found.status is None or found.body is None:
            raise InputError(
                "the request first sent with this Idempotency-Key was saved, but its answer "
                "was not kept (the server stopped); read the file to see the change",
                field=HEADER,
            )
        raise Replay(found.status, found.media_type, found.body)
    owner = secrets.token_urlsafe(16)  # this request's claim, not a racing twin's
    claim = IdempotencyKey(
        actor=actor.name, key=key, fingerprint=fingerprint, owner=owner, media_type=""
    )

    def write_claim(session: Session) -> None:
        """Written just before the commit, in its thread: no lock is taken before the
        route runs (see vigil.web.context.get_session)."""
        old = IdempotencyKey.created_at < clock.now() - KEPT_FOR
        session.execute(delete(IdempotencyKey).where(old))
        session.add(claim)
        session.flush()

    steps = getattr(request.state, BEFORE_COMMIT, [])
    setattr(request.state, BEFORE_COMMIT, [*steps, write_claim])
    setattr(request.state, CLAIM, (actor.name, key, owner))


Idempotent = Depends(idempotent)
"""For the API's routers: ``APIRouter(dependencies=[Idempotent])``."""


async def replay(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Replay)
    headers = {"idempotent-replayed": "true"}
    return Response(exc.body, exc.status, headers=headers, media_type=exc.media_type or None)


def _store(
    factory: sessionmaker[Session], claim: tuple[str, str, str], status: int, kind: str, body: bytes
) -> None:
    actor, key, owner = claim
    mine = (IdempotencyKey.actor == actor, IdempotencyKey.key == key, IdempotencyKey.owner == owner)
    with db.session_scope(factory) as s:
        s.execute(
            update(IdempotencyKey)
            .where(*mine)
            .values(status=status, media_type=kind[:100], body=body)
        )


class StoreAnswers:
    """Store the answer of a POST that claimed an idempotency key, once it is sent (its
    change is committed by then), on this request's own claim: a request whose transaction
    was rolled back left none (a twin that lost the race stores nothing on the winner's),
    and an answer 5xx is not stored."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or not _api(scope):
            await self.app(scope, receive, send)
            return
        answer: dict[str, Any] = {"status": None, "type": "", "body": []}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
                for name, value in message.get("headers", []):
                    if name.lower() == b"content-type":
                        answer["type"] = value.decode("latin-1")
            elif message["type"] == "http.response.body":
                answer["body"].append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, capture)
        claim = scope.get("state", {}).get(CLAIM)
        if claim is not None and answer["status"] is not None and answer["status"] < 500:
            factory = scope["app"].state.factory
            body = b"".join(answer["body"])
            await anyio.to_thread.run_sync(
                _store, factory, claim, answer["status"], answer["type"], body
            )


def _api(scope: Scope) -> bool:
    return str(scope.get("path", "")).startswith("/api/")


def install(app: FastAPI) -> None:
    app.add_exception_handler(Replay, replay)
    app.add_middleware(StoreAnswers)
