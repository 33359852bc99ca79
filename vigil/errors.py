"""The one tree of Vigil's errors. Every door (page, API, CLI, job) catches VigilError.

::

    VigilError                 base; ``code`` names it in the JSON error body
    ├── SettingsError          a VIGIL_* variable has a bad value (start-up)
    ├── NotFound               no such file, user, task, list, ...
    ├── NotSignedIn            no valid session or API token: sign in, or send a token
    ├── Forbidden              signed in, but the role (or a restricted file) does not allow it
    ├── InputError             a value given by a person or program is not acceptable
    │   ├── CaseRuleError      the rules of case work forbid it (closing without news, ...)
    │   ├── LoginFailed        wrong username, password or code, or the account is locked
    │   └── ImportFileError    a row of an imported file is wrong: file, line and column named
    ├── DatabaseNotReady       the database is missing or not migrated: run `vigil init`
    └── EvidenceError          a sealed evidence copy does not open: another key or item,
                               or its bytes were altered

Each error carries a message that says what is wrong and what to do about it, and,
where it is about one input, the ``field`` it is about.

The message is written as an English template with named placeholders and its values::

    raise CaseRuleError("file %(reference)s is already open", field="status", reference=ref)

``message`` is the English text filled in (what the CLI and the logs show); the web
translates ``template`` with the reader's catalogue and fills in the same ``values``
(vigil.web.i18n.error_message). `make messages` extracts the templates: babel.cfg names
these classes as keywords. A template kept in a constant is marked with ``N_``.
"""

from __future__ import annotations

from pathlib import Path


class VigilError(Exception):
    """Base of every error Vigil reports to a person."""

    code = "error"

    def __init__(self, message: str, *, field: str | None = None, **values: object) -> None:
        """``message`` is the English template; with ``values`` its ``%(name)s`` are filled."""
        text = message % values if values else message
        super().__init__(text)
        self.message = text
        self.template = message
        self.values = values
        self.field = field


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark, translate later"
    """Mark an error's template kept in a constant, so that `make messages` extracts it."""
    return message


class SettingsError(VigilError):
    code = "settings"


class NotFound(VigilError):
    code = "not_found"


class NotSignedIn(VigilError):
    code = "unauthenticated"


class Forbidden(VigilError):
    code = "forbidden"


class InputError(VigilError):
    code = "invalid"


class LoginFailed(InputError):
    """The message never says which of username, password or code was wrong."""

    code = "login_failed"


class CaseRuleError(InputError):
    code = "case_rule"


class ImportFileError(InputError):
    """A row of an imported file is wrong. Nothing of the file was written."""

    code = "import_file"

    def __init__(self, path: Path | str, line: int, column: str | None, problem: str) -> None:
        where = f"{path}, line {line}" + (f", column {column}" if column else "")
        super().__init__(f"{where}: {problem}", field=column)
        self.path = str(path)
        self.line = line
        self.column = column
        self.problem = problem


class DatabaseNotReady(VigilError):
    code = "database_not_ready"


class EvidenceError(VigilError):
    """A sealed evidence copy cannot be opened; no byte of it is returned."""

    code = "evidence"
