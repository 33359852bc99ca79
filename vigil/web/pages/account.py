"""One's own account: language and password."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from vigil import i18n
from vigil.accounts import credentials
from vigil.accounts import service as accounts
from vigil.audit import log as audit
from vigil.errors import InputError
from vigil.web.context import Route, SignedIn, transaction
from vigil.web.errors import shown
from vigil.web.pages import forms
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
    with transaction(request) as s:
        user = actor.user(s)
        assert user is not None
        try:
            if not credentials.password_matches(user.password_hash, current):
                raise InputError("that is not your current password", field="current")
            accounts.set_password(s, user, new)
        except InputError as exc:
            s.rollback()
            errors = {exc.field or "new": shown(request, exc)}
            return render(request, "account.html", 422, languages=i18n.NAMES, errors=errors)
        audit.record(s, actor.name, "account.password", f"user:{actor.name}")
    return forms.see_other("/account?done=password")
