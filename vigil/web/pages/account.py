"""One's own account: language and password."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from vigil import i18n
from vigil.accounts import service as accounts
from vigil.errors import InputError, LoginFailed
from vigil.web.context import DbSession, SignedIn, cookie_name
from vigil.web.errors import shown
from vigil.web.pages import forms
from vigil.web.pages.auth import client_of
from vigil.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/account")
def account(request: Request, actor: SignedIn) -> Response:
    return render(request, "account.html", languages=i18n.NAMES)


@router.post("/account/language")
def language(request: Request, s: DbSession, actor: SignedIn, locale: str = Form("")) -> Response:
    try:
        accounts.set_locale(s, locale, by=actor)
    except InputError as exc:
        s.rollback()
        errors = {"locale": shown(request, exc)}
        return render(request, "account.html", 422, languages=i18n.NAMES, errors=errors)
    return forms.see_other("/account?done=language")


@router.post("/account/password")
def password(
    request: Request, s: DbSession, actor: SignedIn, current: str = Form(""), new: str = Form("")
) -> Response:
    """Change one's password; the other sign-ins of the account end. A wrong current
    password counts as a failed sign-in, and is kept (committed) as one."""
    keep = request.cookies.get(cookie_name(request))
    policy = request.app.state.policy
    try:
        accounts.change_password(s, current, new, client_of(request), policy, by=actor, keep=keep)
    except LoginFailed as exc:  # counted and audited: kept when the page is answered
        errors = {"current": shown(request, exc)}
        return render(request, "account.html", 422, languages=i18n.NAMES, errors=errors)
    except InputError as exc:
        s.rollback()
        errors = {"current" if exc.field == "current" else "new": shown(request, exc)}
        return render(request, "account.html", 422, languages=i18n.NAMES, errors=errors)
    return forms.see_other("/account?done=password")
