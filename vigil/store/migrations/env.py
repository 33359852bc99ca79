"""Alembic environment: runs on the engine Vigil hands over (see store.db.alembic_config)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from vigil.store import models  # noqa: F401 (puts every table on Base)
from vigil.store.base import Base

config = context.config
engine = config.attributes.get("engine") or create_engine(
    config.get_main_option("sqlalchemy.url", "")
)

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
