"""/api/v1/tokens: API tokens for integrations, for administrators."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request

from vigil.accounts import tokens
from vigil.accounts.roles import Permission
from vigil.audit import log as audit
from vigil.store.models import ApiToken
from vigil.web.actors import Actor
from vigil.web.api.schemas import ErrorOut, NewToken, TokenIn, TokenOut
from vigil.web.context import Route, requires, transaction

router = APIRouter(
    prefix="/api/v1",
    route_class=Route,
    tags=["tokens"],
    responses={c: {"model": ErrorOut} for c in (401, 403, 404, 422)},
)
Admin = Annotated[Actor, Depends(requires(Permission.USERS_MANAGE))]


def _out(t: ApiToken) -> TokenOut:
    return TokenOut(id=t.id, name=t.name, scopes=list(t.scopes), revoked=t.revoked_at is not None)


@router.get("/tokens")
def list_tokens(request: Request, actor: Admin) -> list[TokenOut]:
    with transaction(request) as s:
        return [_out(t) for t in tokens.list_tokens(s)]


@router.post("/tokens", status_code=201)
def create_token(request: Request, actor: Admin, body: TokenIn) -> NewToken:
    """Make a token; its secret is in this answer only."""
    with transaction(request) as s:
        token, secret = tokens.create_token(s, body.name, body.scopes, by=actor)
        audit.record(s, actor.name, "token.add", f"token:{token.name}", ",".join(token.scopes))
        return NewToken(**_out(token).model_dump(), token=secret)


@router.post("/tokens/{token_id}/revoke")
def revoke_token(
    request: Request, actor: Admin, token_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> TokenOut:
    with transaction(request) as s:
        token = tokens.revoke_token(s, token_id)
        audit.record(s, actor.name, "token.revoke", f"token:{token.name}")
        return _out(token)
