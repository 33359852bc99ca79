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
    ├── TooMany                too many requests from one client (the public report form)
    │   └── ExposureLimit      an analyst reached the day's limit of previews: back tomorrow
    ├── Busy                   the server is busy with this kind of work: try again shortly
    ├── Conflict               someone else got there first (a group given to another analyst)
    ├── DatabaseNotReady       the database is missing or not migrated: run `vigil init`
    └── EvidenceError          a sealed evidence copy does not open: another key or item,
                               or its bytes were altered

Each error carries a message that says what is wrong and what to do about it, and,
where it is about one input, the ``field`` it is about.

The message is written as an English template with named placeholders and its values::

    raise CaseRuleError("file %(reference)s is already open", field="status", reference=ref)

``message`` is the English text filled in (what the logs show); a door translates
``template`` with the reader's catalogue and fills in the same ``values``
(vigil.i18n.error_message). `make messages` extracts the templates of every room: babel.cfg
names these classes as keywords. A template kept in a constant is marked with ``N_``, and so
is a word given as a value (``what=N_("type")``), which is then translated too; a value that
is itself an error is shown in the reader's language as well. tests/test_i18n.py fails when
an error is raised with anything but a literal template (an f-string cannot be translated).
"""

from __future__ import annotations

from pathlib import Path


class Text(str):
    """English text marked with ``N_``: translated where it is shown, also as an error's value."""

    __slots__ = ()


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
    """Mark text kept in a constant (an error's template, a label), so that `make messages`
    extracts it; it is translated where it is shown."""
    return Text(message)


def Nn_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - as N_, for ngettext
    """Mark a plural pair kept in a constant; vigil.i18n.Words.plural says it for a count."""
    return (singular, plural)


class SettingsError(VigilError):
    code = "settings"


class NotFound(VigilError):
    code = "not_found"


class NotSignedIn(VigilError):
    code = "unauthenticated"


class Forbidden(VigilError):
    code = "forbidden"


class InputError(VigilError, ValueError):
    """Also a ValueError, so that a parser of input raises it with its template and a caller
    that knows the field sets ``field`` (``except InputError as exc: exc.field = "type"``)."""

    code = "invalid"


class LoginFailed(InputError):
    """The message never says which of username, password or code was wrong."""

    code = "login_failed"


class CaseRuleError(InputError):
    code = "case_rule"


class ImportFileError(InputError):
    """A row of an imported file is wrong. Nothing of the file was written.

    ``problem`` is the template of what is wrong, filled in with ``values``; :meth:`of` names
    the error that refused the row instead. The message puts the file, line and column first
    (``vigil/cases/x.csv, line 3, column opened_at: ...``); line 0 is the file as a whole.
    """

    code = "import_file"

    def __init__(
        self, path: Path | str, line: int, column: str | None, problem: str, **values: object
    ) -> None:
        self._init(path, line, column, InputError(problem, field=column, **values))

    @classmethod
    def of(cls, path: Path | str, line: int, error: InputError) -> ImportFileError:
        """The file's error for a row that ``error`` refused, at the column it names."""
        found = cls.__new__(cls)
        found._init(path, line, error.field, error)
        return found

    def _init(self, path: Path | str, line: int, column: str | None, error: InputError) -> None:
        where = _AT_COLUMN if column else _AT_LINE if line else _IN_FILE
        super().__init__(
            where, field=column, path=str(path), line=line, column=column, problem=error
        )
        self.path = str(path)
        self.line = line
        self.column = column
        self.problem = error


_IN_FILE = N_("%(path)s: %(problem)s")
_AT_LINE = N_("%(path)s, line %(line)s: %(problem)s")
_AT_COLUMN = N_("%(path)s, line %(line)s, column %(column)s: %(problem)s")


class TooMany(VigilError):
    """Too many requests of one kind from one client: wait, then try again."""

    code = "too_many"


class Busy(VigilError):
    """The server has no room for this kind of work now (password hashing's pool is full):
    nothing was done; try again in ``retry_after`` seconds."""

    code = "busy"
    retry_after = 2


class ExposureLimit(TooMany):
    """An analyst has been shown previews for the day's limit (VIGIL_REVIEW_DAILY_MINUTES)."""

    code = "exposure_limit"


class Conflict(VigilError):
    """The thing asked for was taken or changed by someone else meanwhile."""

    code = "conflict"


class DatabaseNotReady(VigilError):
    code = "database_not_ready"


class EvidenceError(VigilError):
    """A sealed evidence copy cannot be opened; no byte of it is returned."""

    code = "evidence"
