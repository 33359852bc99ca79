"""Accounts and API tokens, for administrators."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from vigil.accounts import service as accounts
from vigil.accounts import tokens
from vigil.accounts.roles import Permission, Role
from vigil.audit import log as audit
from vigil.errors import InputError
from vigil.web.actors import Actor
from vigil.web.context import Route, requires, transaction
from vigil.web.errors import shown
from vigil.web.pages import forms
from vigil.web.templating import render

router = APIRouter(include_in_schema=False, route_class=Route)
Admin = Annotated[Actor, Depends(requires(Permission.USERS_MANAGE))]


def _page(request: Request, s: Session, status: int = 200, **extra: object) -> Response:
    return render(
        request,
        "users.html",
        status,
        users=accounts.list_accounts(s),
        tokens=tokens.list_tokens(s),
        roles=list(Role),
        permissions=list(Permission),
        **extra,
    )


@router.get("/users")
def user_list(request: Request, actor: Admin) -> Response:
    with transaction(request) as s:
        return _page(request, s)


@router.post("/users")
def user_add(
    request: Request,
    actor: Admin,
    username: str = Form(""),
    display_name: str = Form(""),
    roles: list[str] = Form([]),
) -> Response:
    values = {"username": username, "display_name": display_name, "roles": roles}
    with transaction(request) as s:
        try:
            user, password = accounts.add_account(
                s, username.strip(), display_name, roles, by=actor
            )
        except InputError as exc:
            s.rollback()
            errors = {exc.field or "username": shown(request, exc)}
            return _page(request, s, 422, form=values, errors=errors, failed="user")
        audit.record(s, actor.name, "user.add", f"user:{user.username}", ",".join(user.roles))
        return _page(request, s, 201, created=(user.username, password))


@router.post("/users/{username}/{change}")
def user_change(
    request: Request, actor: Admin, username: str, change: str, roles: list[str] = Form([])
) -> Response:
    """Disable, enable, reset the second factor of, or set the roles of an account."""
    with transaction(request) as s:
        user = accounts.get_account(s, username)
        if change == "disable":
            accounts.disable_account(s, user)
        elif change == "enable":
            accounts.enable_account(s, user)
        elif change == "reset-2fa":
            accounts.reset_second_factor(s, user)
        elif change == "roles":
            accounts.set_roles(s, user, roles, by=actor)
        else:
            raise InputError("unknown change '%(change)s'", field="change", change=change)
        audit.record(s, actor.name, f"user.{change}", f"user:{user.username}")
    return forms.see_other("/users")


@router.post("/tokens")
def token_add(
    request: Request, actor: Admin, name: str = Form(""), scopes: list[str] = Form([])
) -> Response:
    with transaction(request) as s:
        try:
            token, secret = tokens.create_token(s, name, scopes, by=actor)
        except InputError as exc:
            s.rollback()
            errors = {exc.field or "name": shown(request, exc)}
            values = {"name": name, "scopes": scopes}
            return _page(request, s, 422, form=values, errors=errors, failed="token")
        audit.record(s, actor.name, "token.add", f"token:{token.name}", ",".join(token.scopes))
        return _page(request, s, 201, secret=(token.name, secret))


@router.post("/tokens/{token_id}/revoke")
def token_revoke(request: Request, actor: Admin, token_id: int) -> Response:
    with transaction(request) as s:
        token = tokens.revoke_token(s, token_id)
        audit.record(s, actor.name, "token.revoke", f"token:{token.name}")
    return forms.see_other("/users")
