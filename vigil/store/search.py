"""The search index: the ``search_terms`` table, kept in step with the texts it is cut from
by one mechanism, an ORM event on every flush (:func:`keep_in_step`).

- a new file: its terms are cut from what the database holds;
- a new person or timeline entry: its own terms are added (INSERT ... ON CONFLICT DO
  NOTHING), so a note costs the same on a file with 5 entries or 5,000, and two writers
  adding the same word to a file never collide;
- a changed reference, summary or name, or a removed person or entry: the file's terms
  are cut again.

How texts are cut into terms, and how a search matches them, is vigil.domain.words.
:func:`rebuild` cuts every file's terms again (after a backup is restored, or by hand).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, and_, delete, event, func, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker

from vigil.domain.words import terms
from vigil.store.models import Case, CaseDisappearance, Event, Person, SearchTerm

_TERMS = cast(Table, SearchTerm.__table__)
Where = Callable[[Any], ColumnElement[bool]]
"""Given a column holding a file's id, the condition that picks the files to index."""
_CUT_FROM = {
    Case: ("reference", "summary"),
    Person: ("first_name", "last_name"),
    CaseDisappearance: ("aliases",),  # an unaccompanied minor's other names
}


def keep_in_step(factory: sessionmaker[Session]) -> None:
    """Index what every session made by ``factory`` flushes (vigil.store.db does this)."""
    event.listen(factory, "after_flush", _after_flush)


def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    again: set[int] = set()
    added: list[tuple[int, Sequence[str]]] = []
    for obj in session.new:
        if isinstance(obj, Case):
            again.add(obj.id)
        elif isinstance(obj, Person):
            added.append((obj.case_id, (obj.first_name, obj.last_name)))
        elif isinstance(obj, Event):
            added.append((obj.case_id, (obj.text,)))
        elif isinstance(obj, CaseDisappearance):
            added.append((obj.case_id, (obj.aliases,)))
    for obj in session.dirty:
        watched = _CUT_FROM.get(type(obj), ())
        state = inspect(obj)
        if any(state.attrs[name].history.has_changes() for name in watched):
            again.add(obj.id if isinstance(obj, Case) else obj.case_id)
    for obj in session.deleted:
        if isinstance(obj, Person | Event):
            again.add(obj.case_id)
    if again:
        reindex(session, sorted(again))
    insert_terms(session, [(case_id, texts) for case_id, texts in added if case_id not in again])


def insert_terms(db: Session, texts: Iterable[tuple[int, Sequence[str]]]) -> None:
    """Add the terms of these texts to their files (those already there are kept)."""
    rows = {(t, case_id) for case_id, found in texts for t in terms(found)}
    if not rows:
        return
    dialect = postgresql if db.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(_TERMS).on_conflict_do_nothing()
    db.connection().execute(statement, [{"term": t, "case_id": i} for t, i in rows])


def reindex(db: Session, case_ids: Sequence[int]) -> None:
    """Cut the terms of these files again from what the database holds now."""
    if case_ids:
        ids = sorted(set(case_ids))
        _reindex(db, lambda column: column.in_(ids))


def rebuild(db: Session, *, batch: int = 5000) -> int:
    """Cut the terms of every file again, ``batch`` files at a time; return how many files."""
    last = db.execute(select(func.max(Case.id))).scalar() or 0
    for low in range(0, last + 1, batch):
        _reindex(db, _between(low, low + batch))
    return db.execute(select(func.count(Case.id))).scalar() or 0


def _between(low: int, high: int) -> Where:
    return lambda column: and_(column >= low, column < high)


def _reindex(db: Session, where: Where) -> None:
    connection = db.connection()
    texts: dict[int, list[str]] = defaultdict(list)
    for case_id, reference, summary in connection.execute(
        select(Case.id, Case.reference, Case.summary).where(where(Case.id))
    ):
        texts[case_id] += [reference, summary]
    for case_id, first, last in connection.execute(
        select(Person.case_id, Person.first_name, Person.last_name).where(where(Person.case_id))
    ):
        texts[case_id] += [first, last]
    for case_id, text in connection.execute(
        select(Event.case_id, Event.text).where(where(Event.case_id))
    ):
        texts[case_id].append(text)
    for case_id, aliases in connection.execute(
        select(CaseDisappearance.case_id, CaseDisappearance.aliases).where(
            where(CaseDisappearance.case_id)
        )
    ):
        texts[case_id].append(aliases)
    connection.execute(delete(_TERMS).where(where(_TERMS.c.case_id)))
    insert_terms(db, texts.items())
