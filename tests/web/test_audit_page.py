"""The audit page as its reader sees it: actions named in the reader's language, files
linked whatever their reference looks like, and filters by who, what and which file."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from vigil.audit import log
from vigil.store import db
from vigil.web import actions

VIGIL = Path(__file__).parents[2] / "vigil"


def _record(engine, *entries: tuple[str, str, str]) -> None:
    with db.session_scope(db.session_factory(engine)) as s:
        for actor, action, target in entries:
            log.record(s, actor, action, target)


def _rows(html: str) -> list[str]:
    return html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]


# -- every action recorded in the code has a label ------------------------------------------


def _calls_of(tree: ast.AST, name: str) -> list[ast.Call]:
    return [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name
    ]


def _argument(call: ast.Call, position: int, name: str) -> ast.expr | None:
    if len(call.args) > position:
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == name), None)


def _values(node: ast.expr | None, function: ast.FunctionDef, module: ast.Module) -> set[str]:
    """The strings ``node`` can hold, as far as the code says plainly: a literal, one of two
    literals, an f-string ``"case.{name}"``, or a name that is assigned, compared with or
    passed (as the enclosing function's argument) literals."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _values(node.body, function, module) | _values(node.orelse, function, module)
    if isinstance(node, ast.JoinedStr) and len(node.values) == 2:
        prefix, hole = node.values
        if isinstance(prefix, ast.Constant) and isinstance(hole, ast.FormattedValue):
            return {f"{prefix.value}{v}" for v in _values(hole.value, function, module)}
    if isinstance(node, ast.Name):
        return _name_values(node.id, function, module)
    return set()


def _name_values(name: str, function: ast.FunctionDef, module: ast.Module) -> set[str]:
    found: set[str] = set()
    for n in ast.walk(function):
        if isinstance(n, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in n.targets
        ):
            found |= _values(n.value, function, module)
        if isinstance(n, ast.Compare) and isinstance(n.left, ast.Name) and n.left.id == name:
            found |= {c.value for c in n.comparators if isinstance(c, ast.Constant)}
    parameters = [a.arg for a in function.args.args]
    if name in parameters:
        for call in _calls_of(module, function.name):
            argument = _argument(call, parameters.index(name), name)
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found.add(argument.value)
    return found


def recorded_actions() -> dict[str, str]:
    """Every action code passed to ``audit.record`` / ``log.record`` in vigil/, with where."""
    found: dict[str, str] = {}
    for path in sorted(VIGIL.rglob("*.py")):
        module = ast.parse(path.read_text(encoding="utf-8"))
        for function in [n for n in ast.walk(module) if isinstance(n, ast.FunctionDef)]:
            for call in ast.walk(function):
                if not (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "record"
                    and isinstance(call.func.value, ast.Name)
                    and call.func.value.id in {"audit", "log"}
                ):
                    continue
                where = f"{path.relative_to(VIGIL.parent)}:{call.lineno}"
                codes = _values(_argument(call, 2, "action"), function, module)
                assert codes, f"{where}: write the action code so this test can read it"
                found.update(dict.fromkeys(codes, where))
    return found


def test_every_action_recorded_anywhere_in_the_code_has_a_label():
    recorded = recorded_actions()
    assert {"case.view", "case.task_done", "user.reset-2fa", "login", "cases.search"} <= set(
        recorded
    )
    missing = [
        f"{code} ({where})" for code, where in recorded.items() if code not in actions.ACTIONS
    ]
    assert not missing, "add a label to vigil/web/actions.py for: " + ", ".join(missing)


# -- the page -----------------------------------------------------------------------------

SEEN = {
    "en": ("Viewed a file", "Added an account", "Audit log"),
    "nl": ("Dossier bekeken", "Account toegevoegd", "Auditlog"),
}


@pytest.mark.parametrize("locale", sorted(SEEN))
def test_the_audit_page_names_each_action_in_the_readers_language(locale, browser_as, engine):
    _record(engine, ("alice", "case.view", "RUN-2024-00001"), ("ada", "user.add", "user:bob"))
    sam = browser_as("sam")
    sam.post("/account/language", {"locale": locale})
    page = sam.get("/audit").text
    viewed, added, heading = SEEN[locale]
    assert heading in page
    rows = _rows(page)
    assert any(viewed in row and "RUN-2024-00001" in row for row in rows)
    assert any(added in row and "Bob" in row and "user:bob" not in row for row in rows)
    assert any("Alice Verbeke" in row for row in rows)  # a person by name, not by id
    assert ">case.view<" not in page and ">user.add<" not in page


def test_a_file_is_linked_by_its_action_whatever_its_reference_looks_like(browser_as, engine):
    _record(
        engine,
        ("alice", "case.view", "ACME-7/2019"),
        ("alice", "case.close", "DOS.2020.12"),
        ("ada", "report.export", "RUN-2021-00001"),
        ("ada", "user.add", "user:bob"),
    )
    page = browser_as("sam").get("/audit").text
    assert '<a href="/cases/ACME-7/2019">ACME-7/2019</a>' in page
    assert '<a href="/cases/DOS.2020.12">DOS.2020.12</a>' in page
    assert 'href="/cases/RUN-2021-00001"' not in page and 'href="/cases/user:bob"' not in page


def test_an_action_unknown_to_this_version_shows_as_its_code(browser_as, engine):
    _record(engine, ("alice", "hotline.triage", "report:12"))
    row = next(r for r in _rows(browser_as("sam").get("/audit").text) if "report:12" in r)
    assert "hotline.triage" in row


def test_the_audit_log_filters_by_who_by_action_and_by_file(browser_as, engine):
    _record(
        engine,
        ("alice", "case.view", "RUN-2024-00001"),
        ("alice", "case.view", "RUN-2024-00002"),
        ("alice", "case.note", "RUN-2024-00001"),
        ("bob", "case.view", "RUN-2024-00001"),
    )
    sam = browser_as("sam")
    query = "/audit?who=alice&action=case.view&reference=RUN-2024-00001"
    rows = _rows(sam.get(query).text)
    assert len(rows) == 1 and "alice" in rows[0] and "Viewed a file" in rows[0]
    by_bob = _rows(sam.get("/audit?who=bob&action=case.view").text)
    assert len(by_bob) == 1 and "RUN-2024-00001" in by_bob[0]
    assert len(_rows(sam.get("/audit?reference=RUN-2024-00002").text)) == 1
    page = sam.get("/audit?action=case.note").text
    assert '<option value="case.note" selected>' in page
    assert "No entries match." in sam.get("/audit?who=nobody").text


def test_the_older_entries_link_keeps_the_filters(browser_as, engine):
    _record(engine, *[("alice", "case.view", f"RUN-2024-{i:05d}") for i in range(101)])
    page = browser_as("sam").get("/audit?who=alice").text
    assert 'href="/audit?who=alice&amp;before=' in page


def test_only_those_who_may_read_the_audit_log_see_it(browser_as):
    assert browser_as("alice").get("/audit").status_code == 403
