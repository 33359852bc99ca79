"""Every route, called as every role, answers as the permission matrix says.

ROUTES below is this test's own statement of what each route needs; a route the
application has and this table lacks fails the test, so no route ships unchecked.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from starlette.routing import Route

from tests.builders import make_case
from tests.web.conftest import ROLES
from vigil.accounts.roles import PERMISSIONS, Permission, Role, permissions_of
from vigil.store import db

P = Permission
PUBLIC, SIGNED_IN = "public", "signed in"
ROUTES: dict[tuple[str, str], Permission | str] = {
    ("GET", "/api/v1/health"): PUBLIC,
    ("GET", "/api/v1/openapi.json"): PUBLIC,
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("GET", "/login/code"): PUBLIC,
    ("POST", "/login/code"): PUBLIC,
    ("GET", "/login/enrol"): PUBLIC,
    ("POST", "/login/enrol"): PUBLIC,
    ("GET", "/report"): PUBLIC,
    ("POST", "/report"): PUBLIC,
    ("GET", "/report/status"): PUBLIC,
    ("POST", "/report/status"): PUBLIC,
    ("POST", "/logout"): SIGNED_IN,
    ("GET", "/"): SIGNED_IN,
    ("GET", "/team"): P.CASE_MANAGE,
    ("GET", "/account"): SIGNED_IN,
    ("POST", "/account/language"): SIGNED_IN,
    ("POST", "/account/password"): SIGNED_IN,
    ("GET", "/cases"): P.CASE_READ,
    ("POST", "/cases"): P.CASE_READ,
    ("GET", "/cases/{reference}"): P.CASE_READ,
    ("GET", "/cases/new"): P.CASE_WRITE,
    ("POST", "/cases/new"): P.CASE_WRITE,
    ("POST", "/cases/{reference}/note"): P.CASE_WRITE,
    ("POST", "/cases/{reference}/event"): P.CASE_WRITE,
    ("POST", "/cases/{reference}/task"): P.CASE_WRITE,
    ("POST", "/cases/{reference}/tasks/{task_id}/done"): P.CASE_WRITE,
    ("POST", "/cases/{reference}/person"): P.CASE_WRITE,
    ("POST", "/cases/{reference}/link"): P.CASE_WRITE,
    ("GET", "/cases/{reference}/close"): P.CASE_WRITE,
    ("POST", "/cases/{reference}/close"): P.CASE_WRITE,
    ("GET", "/cases/{reference}/edit"): P.CASE_WRITE,
    ("POST", "/cases/{reference}/edit"): P.CASE_WRITE,
    ("GET", "/cases/{reference}/manage"): P.CASE_MANAGE,
    ("POST", "/cases/{reference}/assign"): P.CASE_MANAGE,
    ("POST", "/cases/{reference}/reopen"): P.CASE_MANAGE,
    ("POST", "/cases/{reference}/reclassify"): P.CASE_MANAGE,
    ("POST", "/cases/{reference}/repeat"): P.CASE_WRITE,
    ("POST", "/cases/{reference}/restrict"): P.CASE_MANAGE,
    ("GET", "/figures"): P.FIGURES_READ,
    ("GET", "/figures/report"): P.FIGURES_READ,
    ("POST", "/figures/report/words"): P.REPORT_EDIT,
    ("POST", "/figures/publish"): P.REPORT_EDIT,
    ("GET", "/users"): P.USERS_MANAGE,
    ("POST", "/users"): P.USERS_MANAGE,
    ("POST", "/users/{username}/{change}"): P.USERS_MANAGE,
    ("POST", "/tokens"): P.USERS_MANAGE,
    ("POST", "/tokens/{token_id}/revoke"): P.USERS_MANAGE,
    ("GET", "/audit"): P.AUDIT_READ,
    ("GET", "/api/v1/cases"): P.CASE_READ,
    ("POST", "/api/v1/cases/search"): P.CASE_READ,
    ("POST", "/api/v1/cases/duplicates"): P.CASE_READ,
    ("POST", "/api/v1/cases"): P.CASE_WRITE,
    ("GET", "/api/v1/cases/{reference}"): P.CASE_READ,
    ("POST", "/api/v1/cases/{reference}/notes"): P.CASE_WRITE,
    ("POST", "/api/v1/cases/{reference}/events"): P.CASE_WRITE,
    ("POST", "/api/v1/cases/{reference}/tasks"): P.CASE_WRITE,
    ("POST", "/api/v1/cases/{reference}/tasks/{task_id}/done"): P.CASE_WRITE,
    ("POST", "/api/v1/cases/{reference}/people"): P.CASE_WRITE,
    ("POST", "/api/v1/cases/{reference}/close"): P.CASE_WRITE,
    ("POST", "/api/v1/cases/{reference}/reopen"): P.CASE_MANAGE,
    ("POST", "/api/v1/cases/{reference}/reclassify"): P.CASE_MANAGE,
    ("POST", "/api/v1/cases/{reference}/repeat"): P.CASE_WRITE,
    ("POST", "/api/v1/cases/{reference}/assign"): P.CASE_MANAGE,
    ("GET", "/api/v1/figures/{year}"): P.FIGURES_READ,
    ("GET", "/api/v1/tokens"): P.USERS_MANAGE,
    ("POST", "/api/v1/tokens"): P.USERS_MANAGE,
    ("POST", "/api/v1/tokens/{token_id}/revoke"): P.USERS_MANAGE,
    ("POST", "/api/v1/hotline/reports"): P.HOTLINE_REPORT,
    ("GET", "/hotline/queue"): P.HOTLINE_REVIEW,
    ("POST", "/hotline/queue/{group_id}/decision"): P.HOTLINE_REVIEW,
    ("POST", "/hotline/queue/{group_id}/skip"): P.HOTLINE_REVIEW,
    ("GET", "/hotline/preview/{item_id}"): P.HOTLINE_REVIEW,
    ("GET", "/hotline/exposure"): P.HOTLINE_SUPERVISE,
    ("GET", "/hotline/groups"): P.HOTLINE_SUPERVISE,
    ("GET", "/hotline/groups/{group_id}"): P.HOTLINE_SUPERVISE,
    ("POST", "/hotline/groups/{group_id}/correction"): P.HOTLINE_SUPERVISE,
    ("GET", "/hotline/takedowns"): P.HOTLINE_SUPERVISE,
    ("GET", "/hotline/takedowns/{takedown_id}"): P.HOTLINE_SUPERVISE,
    ("GET", "/hotline/tasks"): P.HOTLINE_SUPERVISE,
    ("POST", "/hotline/tasks/{task_id}/done"): P.HOTLINE_SUPERVISE,
    ("GET", "/hotline/hosts"): P.FIGURES_READ,
    ("GET", "/api/v1/hotline/queue/next"): P.HOTLINE_REVIEW,
    ("GET", "/api/v1/hotline/queue"): P.HOTLINE_REVIEW,
    ("GET", "/api/v1/hotline/exposure"): P.HOTLINE_REVIEW,
    ("POST", "/api/v1/hotline/groups/{group_id}/decision"): P.HOTLINE_REVIEW,
    ("POST", "/api/v1/hotline/groups/{group_id}/skip"): P.HOTLINE_REVIEW,
    ("POST", "/api/v1/hotline/groups/{group_id}/correction"): P.HOTLINE_SUPERVISE,
}


def _flat(routes):
    """The routes, with those of included routers (kept apart by newer FastAPI) spread out."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _flat(included.routes)
        else:
            yield route


def _routes(app) -> dict[tuple[str, str], object]:
    found = {}
    for route in _flat(app.routes):
        if isinstance(route, APIRoute):
            needs = _declared(route)
            for method in route.methods:
                found[(method, route.path)] = needs
        elif isinstance(route, Route):
            for method in route.methods or ():
                if method != "HEAD":
                    found[(method, route.path)] = PUBLIC
    return found


def _declared(route: APIRoute) -> object:
    for dependency in route.dependant.dependencies:
        if hasattr(dependency.call, "permission"):
            return dependency.call.permission or SIGNED_IN
    return PUBLIC


def test_every_route_is_in_the_table_with_the_permission_it_declares(app):
    declared = _routes(app)
    missing = sorted(set(declared) - set(ROUTES))
    assert not missing, f"routes without an entry in ROUTES: {missing}"
    assert not sorted(set(ROUTES) - set(declared)), "ROUTES names routes the app lacks"
    assert declared == ROUTES


def _url(path: str, reference: str) -> str:
    return (
        path.replace("{reference}", reference)
        .replace("{task_id}", "1")
        .replace("{username}", "zed")
        .replace("{change}", "enable")
        .replace("{token_id}", "1")
        .replace("{year}", "2021")
        .replace("{group_id}", "1")
        .replace("{item_id}", "1")
        .replace("{takedown_id}", "1")
    )


@pytest.mark.usefixtures("frozen_today")
def test_every_role_is_allowed_exactly_what_the_matrix_gives_it(app, engine, browser_as):
    with db.session_scope(db.session_factory(engine)) as s:
        reference = make_case(s).reference
        from tests.builders import CLI
        from tests.web.conftest import PASSWORD
        from vigil.accounts import service as accounts

        accounts.add_account(s, "zed", "Zed", [], by=CLI, password=PASSWORD)
    guarded = sorted(((m, p), need) for (m, p), need in ROUTES.items() if need != PUBLIC)
    guarded.sort(key=lambda item: item[0][1] == "/logout")  # signing out last
    for username, roles in ROLES.items():
        holds = permissions_of(roles)
        browser = browser_as(username)
        for (method, path), need in guarded:
            url = _url(path, reference)
            if method == "GET":
                answer = browser.get(url, follow_redirects=False)
            elif path.startswith("/api/"):
                answer = browser.client.post(
                    url, json={}, headers={"x-csrf-token": browser.csrf}, follow_redirects=False
                )
            else:
                answer = browser.post(url, follow_redirects=False)
            allowed = need == SIGNED_IN or need in holds
            where = f"{username} {method} {path}: {answer.status_code}"
            assert answer.status_code < 500, where
            if allowed:
                assert answer.status_code not in (401, 403), where
            else:
                assert answer.status_code == 403, where


def test_without_signing_in_every_guarded_route_says_to_sign_in(app, new_client):
    client = new_client()
    for (method, path), need in ROUTES.items():
        if need == PUBLIC:
            continue
        answer = client.request(method, _url(path, "RUN-2021-00001"), follow_redirects=False)
        if path.startswith("/api/"):
            assert answer.status_code == 401
            assert answer.json()["error"]["code"] == "unauthenticated"
        else:
            assert answer.status_code == 303 and answer.headers["location"] == "/login"


def test_docs_roles_shows_the_matrix_in_code():
    text = (Path(__file__).parents[2] / "docs" / "roles.md").read_text(encoding="utf-8")
    for role in Role:
        row = next(line for line in text.splitlines() if line.startswith(f"| `{role.value}`"))
        for permission in Permission:
            marked = f"`{permission.value}`" in row
            assert marked == (permission in PERMISSIONS[role]), f"{role.value}: {permission.value}"
