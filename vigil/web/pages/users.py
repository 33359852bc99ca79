"""Accounts and API tokens, for administrators."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from vigil.accounts import service as accounts
from vigil.accounts import tokens
from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission, Role
from vigil.errors import InputError
from vigil.web.context import Administrator, DbSession
from vigil.web.errors import shown
from vigil.web.pages import forms
from vigil.web.templating import render

router = APIRouter(include_in_schema=False)


def _page(
    request: Request, s: Session, actor: Actor, status: int = 200, **extra: object
) -> Response:
    return render(
        request,
        "users.html",
        status,
        users=accounts.list_accounts(s, by=actor),
        tokens=tokens.list_tokens(s, by=actor),
        roles=list(Role),
        permissions=list(Permission),
        **extra,
    )


@router.get("/users")
def user_list(request: Request, s: DbSession, actor: Administrator) -> Response:
    return _page(request, s, actor)


@router.post("/users")
def user_add(
    request: Request,
    s: DbSession,
    actor: Administrator,
    username: str = Form(""),
    display_name: str = Form(""),
    roles: list[str] = Form([]),
) -> Response:
    values = {"username": username, "display_name": display_name, "roles": roles}
    try:
        user, password = accounts.add_account(s, username.strip(), display_name, roles, by=actor)
    except InputError as exc:
        s.rollback()
        errors = {exc.field or "username": shown(request, exc)}
        return _page(request, s, actor, 422, form=values, errors=errors, failed="user")
    return _page(request, s, actor, 201, created=(user.username, password))


@router.post("/users/{username}/{change}")
def user_change(
    request: Request,
    s: DbSession,
    actor: Administrator,
    username: str,
    change: str,
    roles: list[str] = Form([]),
) -> Response:
    """Disable, enable, reset the second factor of, or set the roles of an account."""
    if change == "disable":
        accounts.disable_account(s, username, by=actor)
    elif change == "enable":
        accounts.enable_account(s, username, by=actor)
    elif change == "reset-2fa":
        accounts.reset_second_factor(s, username, by=actor)
    elif change == "roles":
        accounts.set_roles(s, username, roles, by=actor)
    else:
        raise InputError("unknown change '%(change)s'", field="change", change=change)
    return forms.see_other(f"/users?done={change}")


@router.post("/tokens")
def token_add(
    request: Request,
    s: DbSession,
    actor: Administrator,
    name: str = Form(""),
    scopes: list[str] = Form([]),
) -> Response:
    try:
        token, secret = tokens.create_token(s, name, scopes, by=actor)
    except InputError as exc:
        s.rollback()
        errors = {exc.field or "name": shown(request, exc)}
        values = {"name": name, "scopes": scopes}
        return _page(request, s, actor, 422, form=values, errors=errors, failed="token")
    return _page(request, s, actor, 201, secret=(token.name, secret))


@router.post("/tokens/{token_id}/revoke")
def token_revoke(request: Request, s: DbSession, actor: Administrator, token_id: int) -> Response:
    tokens.revoke_token(s, token_id, by=actor)
    return forms.see_other("/users?done=revoke")
