"""Roles and the permission matrix: the one place that says who may do what.

A route, page or command names the permission it needs; a role is a set of permissions.
docs/roles.md shows this matrix, and tests/web/test_roles.py calls every route as every
role and checks the answer against it.
"""

from __future__ import annotations

from enum import StrEnum

from vigil.domain.codes import parse_code
from vigil.errors import N_


class Permission(StrEnum):
    CASE_READ = "case.read"
    """See files, with the names and details of the people on them."""
    CASE_WRITE = "case.write"
    """Open files, write notes and events, add people and tasks, close files."""
    CASE_MANAGE = "case.manage"
    """Assign and reopen files, restrict a file to named workers."""
    FIGURES_READ = "figures.read"
    """See the yearly figures and make the annual report (shown or downloaded, audited as an
    export): counts only, never a name."""
    HOTLINE_REPORT = "hotline.report"
    """Send reports of URLs to the hotline (a partner's API token)."""
    REPORT_EDIT = "report.edit"
    """Give the annual report's press release the editor's own words: its date, comparison
    year, order, quote, context, prevention news, contacts and boilerplate."""
    HOTLINE_REVIEW = "hotline.review"
    """Review reported material that no hash list decided: see it blurred, decide it."""
    HOTLINE_SUPERVISE = "hotline.supervise"
    """Decide where analysts disagree, correct a decision, see the analysts' exposure, keep
    the hotline's contacts and networks database."""
    USERS_MANAGE = "users.manage"
    """Add, disable and change accounts, reset a second factor, manage API tokens."""
    AUDIT_READ = "audit.read"
    """Read the audit log."""


class Role(StrEnum):
    ADMIN = "admin"
    SUPERVISOR = "supervisor"
    CASE_WORKER = "case_worker"
    ANALYST = "analyst"
    HOTLINE_SUPERVISOR = "hotline_supervisor"
    STATISTICIAN = "statistician"


P = Permission
PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset({P.USERS_MANAGE, P.AUDIT_READ, P.FIGURES_READ}),
    Role.SUPERVISOR: frozenset(
        {P.CASE_READ, P.CASE_WRITE, P.CASE_MANAGE, P.FIGURES_READ, P.REPORT_EDIT, P.AUDIT_READ}
    ),
    Role.CASE_WORKER: frozenset({P.CASE_READ, P.CASE_WRITE, P.FIGURES_READ}),
    Role.ANALYST: frozenset({P.HOTLINE_REVIEW}),
    Role.HOTLINE_SUPERVISOR: frozenset(
        {P.HOTLINE_REVIEW, P.HOTLINE_SUPERVISE, P.FIGURES_READ, P.AUDIT_READ}
    ),
    Role.STATISTICIAN: frozenset({P.FIGURES_READ}),
}
"""An admin manages accounts but does not read files: case work is for those who do it."""

LABELS: dict[Role, str] = {
    Role.ADMIN: "Administrator",
    Role.SUPERVISOR: "Supervisor",
    Role.CASE_WORKER: "Case worker",
    Role.ANALYST: "Hotline analyst",
    Role.HOTLINE_SUPERVISOR: "Hotline supervisor",
    Role.STATISTICIAN: "Statistician",
}


def permissions_of(roles: list[str] | frozenset[str]) -> frozenset[Permission]:
    """Return the union of the permissions of these role codes (unknown codes give none)."""
    known = {r.value: r for r in Role}
    return frozenset().union(*(PERMISSIONS[known[r]] for r in roles if r in known))


def parse_role(raw: str) -> Role:
    return parse_code(Role, raw, N_("role"))
