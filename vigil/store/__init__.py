"""Storage: SQLAlchemy engine and sessions, the models, and the Alembic migrations
shipped inside the package."""
