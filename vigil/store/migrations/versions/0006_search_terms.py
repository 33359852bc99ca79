"""search index: the words each file is found by, filled from the files already there;
the file list's order as an index

Revision ID: s1search
Revises: w2web
Create Date: 2026-11-28 15:00:00.000000
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

import sqlalchemy as sa
from alembic import op

revision = "s1search"
down_revision = "w2web"
branch_labels = None
depends_on = None

# The tables as this migration knows them (later models may differ).
CASES = sa.table("cases", sa.column("id"), sa.column("reference"), sa.column("summary"))
PEOPLE = sa.table("people", sa.column("case_id"), sa.column("first_name"), sa.column("last_name"))
EVENTS = sa.table("events", sa.column("case_id"), sa.column("text"))
TERMS = sa.table("search_terms", sa.column("term"), sa.column("case_id"))
BATCH = 5000

# How a file's words were cut when this migration was written (vigil.domain.words then): a
# migration builds the schema and data as they were at its point of the chain, so it keeps
# its own copy rather than importing code that may change later.
MAX_TERM = 64
_PARTS = re.compile(r"\w+")
_EDGES = re.compile(r"^\W+|\W+$")


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def terms(texts: Iterable[str]) -> set[str]:
    """The terms a file with these texts is found by."""
    found: set[str] = set()
    for text in texts:
        for chunk in (_EDGES.sub("", c) for c in _fold(text).split()):
            if not chunk:
                continue
            chunk = chunk[:MAX_TERM]
            found.add(chunk)
            if chunk.isalnum():
                continue
            parts = _PARTS.findall(chunk)
            if len(parts) > 1 or (parts and parts[0] != chunk):
                found.update(part[:MAX_TERM] for part in parts)
    return found


def upgrade() -> None:
    op.create_table(
        "search_terms",
        sa.Column(
            "term",
            sa.String(length=64).with_variant(sa.String(length=64, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_search_terms_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("term", "case_id", name=op.f("pk_search_terms")),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f("ix_search_terms_case_id"), "search_terms", ["case_id"], unique=False)
    _backfill(op.get_bind())
    op.create_index(op.f("ix_cases_opened_at_id"), "cases", ["opened_at", "id"], unique=False)


def _backfill(connection: sa.Connection) -> None:
    """Cut the words of every file already there, BATCH files at a time."""
    last = connection.execute(sa.select(sa.func.max(CASES.c.id))).scalar() or 0
    for low in range(0, last + 1, BATCH):
        texts: dict[int, list[str]] = defaultdict(list)
        rows = [
            *connection.execute(
                sa.select(CASES.c.id, CASES.c.reference, CASES.c.summary).where(
                    CASES.c.id.between(low, low + BATCH - 1)
                )
            ),
            *connection.execute(
                sa.select(PEOPLE.c.case_id, PEOPLE.c.first_name, PEOPLE.c.last_name).where(
                    PEOPLE.c.case_id.between(low, low + BATCH - 1)
                )
            ),
        ]
        for case_id, *values in rows:
            texts[case_id] += [v or "" for v in values]
        for case_id, text in connection.execute(
            sa.select(EVENTS.c.case_id, EVENTS.c.text).where(
                EVENTS.c.case_id.between(low, low + BATCH - 1)
            )
        ):
            texts[case_id].append(text or "")
        found = [{"term": t, "case_id": i} for i, words in texts.items() for t in terms(words)]
        if found:
            connection.execute(sa.insert(TERMS), found)


def downgrade() -> None:
    op.drop_index(op.f("ix_cases_opened_at_id"), table_name="cases")
    op.drop_index(op.f("ix_search_terms_case_id"), table_name="search_terms")
    op.drop_table("search_terms")
