"""/api/v1/tokens: API tokens for integrations, for administrators."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from vigil.accounts import tokens
from vigil.store.models import ApiToken
from vigil.web.api.routes import SerializedInRoute
from vigil.web.api.schemas import ErrorOut, NewToken, TokenIn, TokenOut
from vigil.web.context import Administrator, DbSession
from vigil.web.idempotency import Idempotent

router = APIRouter(
    prefix="/api/v1",
    tags=["tokens"],
    responses={c: {"model": ErrorOut} for c in (401, 403, 404, 422)},
    dependencies=[Idempotent],
    route_class=SerializedInRoute,
)


def _out(t: ApiToken) -> TokenOut:
    return TokenOut(id=t.id, name=t.name, scopes=list(t.scopes), revoked=t.revoked_at is not None)


@router.get("/tokens")
def list_tokens(s: DbSession, actor: Administrator) -> list[TokenOut]:
    return [_out(t) for t in tokens.list_tokens(s, by=actor)]


@router.post("/tokens", status_code=201)
def create_token(s: DbSession, actor: Administrator, body: TokenIn) -> NewToken:
    """Make a token; its secret is in this answer only."""
    token, secret = tokens.create_token(s, body.name, body.scopes, by=actor)
    return NewToken(**_out(token).model_dump(), token=secret)


@router.post("/tokens/{token_id}/revoke")
def revoke_token(
    s: DbSession, actor: Administrator, token_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> TokenOut:
    token = tokens.revoke_token(s, token_id, by=actor)
    return _out(token)
