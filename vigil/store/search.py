"""The search index: the ``search_terms`` table, kept in step with the texts it is cut from.

Every use case that changes a file's reference, people, summary or timeline calls
:func:`reindex` with the file's id after its change is flushed; the import writes the terms
of new files itself, in the same batches as the files (:func:`insert_terms`). How texts are
cut into terms, and how a search matches them, is vigil.domain.words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, and_, delete, func, insert, select

from vigil.domain.words import terms
from vigil.store.db import Executor
from vigil.store.models import Case, Event, Person, SearchTerm

_TERMS = cast(Table, SearchTerm.__table__)
Where = Callable[[Any], ColumnElement[bool]]
"""Given a column holding a file's id, the condition that picks the files to index."""


def insert_terms(db: Executor, texts: Iterable[tuple[int, Sequence[str]]]) -> None:
    """Add the terms of these files' texts (the files must have none yet)."""
    rows = [{"term": t, "case_id": case_id} for case_id, found in texts for t in terms(found)]
    if rows:
        db.execute(insert(_TERMS), rows)


def reindex(db: Executor, case_ids: Sequence[int]) -> None:
    """Cut the terms of these files again from what the database holds now."""
    if case_ids:
        ids = sorted(set(case_ids))
        _reindex(db, lambda column: column.in_(ids))


def rebuild(db: Executor, *, batch: int = 5000) -> int:
    """Cut the terms of every file again, ``batch`` files at a time; return how many files."""
    last = db.execute(select(func.max(Case.id))).scalar() or 0
    for low in range(0, last + 1, batch):
        _reindex(db, _between(low, low + batch))
    return db.execute(select(func.count(Case.id))).scalar() or 0


def _between(low: int, high: int) -> Where:
    return lambda column: and_(column >= low, column < high)


def _reindex(db: Executor, where: Where) -> None:
    texts: dict[int, list[str]] = defaultdict(list)
    for case_id, reference, summary in db.execute(
        select(Case.id, Case.reference, Case.summary).where(where(Case.id))
    ):
        texts[case_id] += [reference, summary]
    for case_id, first, last in db.execute(
        select(Person.case_id, Person.first_name, Person.last_name).where(where(Person.case_id))
    ):
        texts[case_id] += [first, last]
    for case_id, text in db.execute(select(Event.case_id, Event.text).where(where(Event.case_id))):
        texts[case_id].append(text)
    db.execute(delete(_TERMS).where(where(_TERMS.c.case_id)))
    insert_terms(db, texts.items())
