"""What every table module of the store builds on: the declarative base, whose metadata
names constraints and indexes the same way on every database, and the stored enum type.

Each table module (models.py, hash_lists.py, ...) imports this one and none imports another
to get its base, so the table modules never import each other in a circle.
"""

from __future__ import annotations

from sqlalchemy import Enum, MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def stored_enum(cls: type, name: str) -> Enum:
    """Store an enum by its value in a plain string column (no native type to migrate)."""
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda e: [m.value for m in e],
    )
