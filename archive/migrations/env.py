"""Alembic environment: migrations run on the connection the store hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from archive.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)

with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        # Several app replicas may start at once: only one migrates at a time.
        connection.execute(text("SELECT pg_advisory_xact_lock(727200)"))
    context.run_migrations()
