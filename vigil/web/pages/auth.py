"""Signing in (password, then the second factor; enrolling it the first time) and out."""

from __future__ import annotations

from datetime import timedelta

import segno
from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from vigil.accounts import credentials, devices, sessions
from vigil.accounts import service as accounts
from vigil.errors import Forbidden, InputError, LoginFailed
from vigil.store.models import User, WebSession
from vigil.web.context import DbSession, SignedIn, cookie_name, find_actor, settings
from vigil.web.errors import shown
from vigil.web.pages.forms import see_other
from vigil.web.templating import render

router = APIRouter(include_in_schema=False)
PRE = "vigil_pre"
"""The cookie that holds the sign-in form's token before there is a session."""


def set_cookie(
    request: Request, response: Response, name: str, value: str, lasts: timedelta | None = None
) -> None:
    """A cookie for this site only, never read by scripts; ``lasts`` or the browser's
    session."""
    secure = settings(request).cookie_secure
    age = int(lasts.total_seconds()) if lasts else None
    response.set_cookie(
        name, value, max_age=age, httponly=True, secure=secure, samesite="strict", path="/"
    )


def client_of(request: Request) -> accounts.Client:
    """Where this try to sign in comes from: the address, and a known device's cookie."""
    address = request.client.host if request.client else "?"
    return accounts.Client(address, request.cookies.get(_device_cookie(request), ""))


def _device_cookie(request: Request) -> str:
    return "__Host-vigil_device" if settings(request).cookie_secure else "vigil_device"


def _policy(request: Request) -> accounts.Policy:
    policy: accounts.Policy = request.app.state.policy
    return policy


@router.get("/login")
def login_form(request: Request, s: DbSession) -> Response:
    if find_actor(request, s) is not None:
        return see_other("/")
    token = credentials.new_token()
    response = render(request, "login.html", csrf=token)
    set_cookie(request, response, PRE, token)
    return response


@router.post("/login")
def login(
    request: Request,
    s: DbSession,
    username: str = Form(""),
    password: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    sent = request.cookies.get(PRE, "")
    if not sent or not credentials.same(sent, csrf):
        raise Forbidden("the sign-in form is out of date; reload the page and try again")
    try:
        token, stage = _check_password(request, s, username, password)
    except LoginFailed as exc:  # counted and audited: kept when the page is answered
        form = {"username": username}
        errors = {exc.field or "username": shown(request, exc)}
        return render(request, "login.html", 401, csrf=csrf, form=form, errors=errors)
    response = see_other("/login/code" if stage == sessions.PASSWORD else "/login/enrol")
    set_cookie(request, response, cookie_name(request), token)
    response.delete_cookie(PRE, path="/")
    return response


def _check_password(request: Request, s: Session, username: str, password: str) -> tuple[str, str]:
    """Return the cookie token and stage of the half-open sign-in; LoginFailed otherwise.
    A failure is counted (for the account and the client) and audited: the route answers
    it with the form again, so the request's transaction keeps both."""
    user = accounts.check_password(s, username, password, client_of(request), _policy(request))
    stage = sessions.PASSWORD if user.totp_secret else sessions.ENROL
    return sessions.begin(s, user, stage), stage


def _pending(request: Request, s: Session, stage: str) -> WebSession:
    cookie = request.cookies.get(cookie_name(request), "")
    row = sessions.find(s, cookie, request.app.state.timeouts) if cookie else None
    if row is None or row.stage != stage:
        raise Forbidden("this sign-in has expired; start again from the sign-in page")
    return row


def _check_csrf(row: WebSession, csrf: str) -> None:
    if not credentials.same(row.csrf, csrf):
        raise Forbidden("this form is out of date; reload the page and try again")


@router.get("/login/code")
def code_form(request: Request, s: DbSession) -> Response:
    row = _pending(request, s, sessions.PASSWORD)
    return render(request, "login_code.html", csrf=row.csrf)


@router.post("/login/code")
def code(request: Request, s: DbSession, code: str = Form(""), csrf: str = Form("")) -> Response:
    row = _pending(request, s, sessions.PASSWORD)
    _check_csrf(row, csrf)
    try:
        accounts.check_second_factor(s, row.user, code, client_of(request), _policy(request))
    except LoginFailed as exc:  # counted and audited: kept when the page is answered
        errors = {"code": shown(request, exc)}
        return render(request, "login_code.html", 401, csrf=csrf, errors=errors)
    return _signed_in(request, s, row.user)


def _signed_in(request: Request, s: Session, user: User) -> Response:
    """Open the full sign-in with a new token (the half-open one is ended)."""
    token = accounts.sign_in(s, user, replaces=request.cookies.get(cookie_name(request), ""))
    response = see_other("/")
    set_cookie(request, response, cookie_name(request), token)
    device = devices.issue(_policy(request).key, user.username)
    set_cookie(request, response, _device_cookie(request), device, devices.LIFETIME)
    return response


def _qr(uri: str) -> str:
    """The QR code as a data URI a browser decodes: a standalone SVG document, with its
    namespace (an inline SVG has none, and shows as a broken image). The quiet zone of
    four modules stays around it, as scanners need."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, dark="#111", light="#fff")


def grouped(secret: str) -> str:
    """The key as a person types it: in groups of four (ABCD EFGH ...); authenticator
    apps ignore the spaces."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@router.get("/login/enrol")
def enrol_form(request: Request, s: DbSession) -> Response:
    row = _pending(request, s, sessions.ENROL)
    secret = accounts.pending_secret(_policy(request).key, row)
    uri = credentials.totp_uri(secret, row.user.username)
    return render(request, "enrol.html", csrf=row.csrf, secret=grouped(secret), qr=_qr(uri))


@router.post("/login/enrol")
def enrol(request: Request, s: DbSession, code: str = Form(""), csrf: str = Form("")) -> Response:
    row = _pending(request, s, sessions.ENROL)
    _check_csrf(row, csrf)
    key = _policy(request).key
    secret = accounts.pending_secret(key, row)
    try:
        codes = accounts.enrol_second_factor(s, row.user, secret, code, key)
    except InputError as exc:  # the pending secret stays, to be tried again
        uri = credentials.totp_uri(secret, row.user.username)
        errors = {"code": shown(request, exc)}
        return render(
            request,
            "enrol.html",
            422,
            csrf=csrf,
            secret=grouped(secret),
            qr=_qr(uri),
            errors=errors,
        )
    user = row.user
    redirect = _signed_in(request, s, user)
    response = render(request, "recovery_codes.html", codes=codes)
    for cookie in redirect.headers.getlist("set-cookie"):
        response.headers.append("set-cookie", cookie)
    return response


@router.post("/logout")
def logout(request: Request, s: DbSession, actor: SignedIn) -> Response:
    accounts.sign_out(s, request.cookies.get(cookie_name(request), ""), by=actor)
    response = see_other("/login")
    response.delete_cookie(cookie_name(request), path="/", secure=True, httponly=True)
    return response
