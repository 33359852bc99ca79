"""Statements of the hottest path, run straight on the driver's cursor.

Every visit of a file's page checks the sign-in, reads the file and appends to the audit
log: five statements. SQLAlchemy spends about 13 us of Python on each execution of a
statement it has already compiled (an execution context, the parameters, the result's
metadata), where the driver itself takes 3-5 us for an indexed row of SQLite; on the file
page that and the ORM session's own work were a quarter of its time. ``Prepared`` keeps
what SQLAlchemy does once (compiling the Core statement for the dialect, the types'
conversions of values and rows) and leaves out what it does on every execution.

Only public SQLAlchemy API is used: ``compile``, ``SQLCompiler.binds``/``positiontup``,
``TypeEngine.dialect_impl`` and its bind and result processors. The statement runs in the
SQLAlchemy ``Connection``'s own transaction (begun here if it was not), so it commits and
rolls back with everything else on that connection. Use it for a statement that runs on
every request; anything else is clearer as a plain ``connection.execute``.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, exc
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

Processor = Callable[[Any], Any]
_POSITIONAL = {"qmark", "format", "numeric", "numeric_dollar"}


@dataclass
class _Compiled:
    """One statement as one dialect runs it."""

    sql: str
    order: tuple[str, ...] | None
    """The parameters' names in the order a positional paramstyle takes them (None: named)."""
    fixed: dict[str, Any]
    """Values given in the statement itself (``literal``), already converted."""
    convert: dict[str, Processor]
    """Bind processors of the parameters given at run time that have one."""
    row: Any
    """The row type, a named tuple (None: the statement returns no rows)."""
    types: list[Any]
    """The result columns' types as the dialect stores them."""
    results: list[Processor | None] | None = None
    """The result columns' processors, made from the first result's description."""


class Prepared:
    """A Core statement compiled once per dialect, run on the DB-API cursor of the
    connection it is given. Parameters are given by the names of its ``bindparam``s."""

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._compiled: WeakKeyDictionary[Dialect, _Compiled] = WeakKeyDictionary()

    def all(self, connection: Connection, values: Mapping[str, Any]) -> list[Any]:
        """Every row, as named tuples of converted values."""
        compiled, cursor = self._execute(connection, values, rows=True)
        try:
            return _rows(compiled, cursor.fetchall())
        finally:
            cursor.close()

    def first(self, connection: Connection, values: Mapping[str, Any]) -> Any:
        """The first row, or None."""
        compiled, cursor = self._execute(connection, values, rows=True)
        try:
            found = cursor.fetchone()
            return None if found is None else _rows(compiled, [found])[0]
        finally:
            cursor.close()

    def run(self, connection: Connection, values: Mapping[str, Any]) -> None:
        """Run a statement that returns no rows."""
        self._execute(connection, values, rows=False)[1].close()

    def _execute(
        self, connection: Connection, values: Mapping[str, Any], *, rows: bool
    ) -> tuple[_Compiled, Any]:
        dialect = connection.dialect
        compiled = self._compiled.get(dialect)
        if compiled is None:
            compiled = self._compiled[dialect] = _compile(self.statement, dialect)
        if rows and compiled.row is None:
            raise TypeError("this statement returns no rows: use run()")
        given = dict(compiled.fixed)
        for name, value in values.items():
            convert = compiled.convert.get(name)
            given[name] = convert(value) if convert is not None and value is not None else value
        parameters: Sequence[Any] | dict[str, Any] = (
            given if compiled.order is None else [given[name] for name in compiled.order]
        )
        if not connection.in_transaction():
            connection.begin()
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(compiled.sql, parameters)
        except dialect.loaded_dbapi.Error as error:
            cursor.close()
            raise exc.DBAPIError.instance(
                compiled.sql,
                parameters,
                error,
                dialect.loaded_dbapi.Error,
                hide_parameters=connection.engine.hide_parameters,
                dialect=dialect,
            ) from error
        if compiled.results is None and compiled.row is not None:
            # the driver's type codes (which some processors need) come with the first result
            described = zip(compiled.types, cursor.description, strict=True)
            compiled.results = [kind.result_processor(dialect, d[1]) for kind, d in described]
        return compiled, cursor


def _compile(statement: ClauseElement, dialect: Dialect) -> _Compiled:
    compiled = statement.compile(dialect=dialect)
    assert isinstance(compiled, SQLCompiler)
    if compiled.escaped_bind_names:
        raise ValueError("name the statement's parameters with letters, digits and _")
    fixed: dict[str, Any] = {}
    convert: dict[str, Processor] = {}
    for name, parameter in compiled.binds.items():
        process = parameter.type.dialect_impl(dialect).bind_processor(dialect)
        if parameter.required:
            if process is not None:
                convert[name] = process
            continue
        value = parameter.effective_value
        fixed[name] = process(value) if process is not None and value is not None else value
    columns = list(getattr(statement, "exported_columns", ()))
    returns = bool(compiled.returning) or bool(getattr(statement, "is_select", False))
    row = _row_type([column.key for column in columns]) if returns and columns else None
    types = [column.type.dialect_impl(dialect) for column in columns]
    order = tuple(compiled.positiontup or ()) if dialect.paramstyle in _POSITIONAL else None
    return _Compiled(compiled.string, order, fixed, convert, row, types)


def _row_type(keys: list[str]) -> Any:
    """Rows read by name like SQLAlchemy's (``row.reference``), as cheap as tuples."""
    return namedtuple("Row", keys, rename=True)


def _rows(compiled: _Compiled, found: list[Any]) -> list[Any]:
    processors = compiled.results or []
    make = compiled.row._make
    if not any(processors):
        return [make(values) for values in found]
    return [
        make([v if p is None or v is None else p(v) for p, v in zip(processors, row, strict=True)])
        for row in found
    ]
