"""One's own account: language and password."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from vigil.accounts import service as accounts
from vigil.audit import log as audit
from vigil.errors import InputError, LoginFailed
from vigil.web import i18n
from vigil.web.context import Route, SignedIn, cookie_name, transaction
from vigil.web.errors import shown
from vigil.web.pages import forms
from vigil.web.pages.auth import client_of
from vigil.web.templating import render

router = APIRouter(include_in_schema=False, route_class=Route)


@router.get("/account")
def account(request: Request, actor: SignedIn) -> Response:
    return render(request, "account.html", languages=i18n.NAMES)


@router.post("/account/language")
def language(request: Request, actor: SignedIn, locale: str = Form("")) -> Response:
    with transaction(request) as s:
        user = actor.user(s)
        assert user is not None
        try:
            accounts.set_locale(s, user, locale)
        except InputError as exc:
            s.rollback()
            errors = {"locale": shown(request, exc)}
            return render(request, "account.html", 422, languages=i18n.NAMES, errors=errors)
        audit.record(s, actor.name, "account.language", f"user:{actor.name}", locale)
    return forms.see_other("/account?done=language")


@router.post("/account/password")
def password(
    request: Request, actor: SignedIn, current: str = Form(""), new: str = Form("")
) -> Response:
    """Change one's password; the other sign-ins of the account end. A wrong current
    password counts as a failed sign-in, and is kept (committed) as one."""
    failed: LoginFailed | None = None
    with transaction(request) as s:
        user = actor.user(s)
        assert user is not None
        keep = request.cookies.get(cookie_name(request))
        try:
            accounts.change_password(
                s, user, current, new, client_of(request), request.app.state.policy, keep=keep
            )
        except LoginFailed as exc:
            audit.record(s, actor.name, "login.failed", f"user:{actor.name}", "current password")
            failed = exc
        except InputError as exc:
            s.rollback()
            errors = {"current" if exc.field == "current" else "new": shown(request, exc)}
            return render(request, "account.html", 422, languages=i18n.NAMES, errors=errors)
        else:
            audit.record(s, actor.name, "account.password", f"user:{actor.name}")
            return forms.see_other("/account?done=password")
    errors = {"current": shown(request, failed)}
    return render(request, "account.html", 422, languages=i18n.NAMES, errors=errors)
