"""Alembic environment: the engine comes from the caller (reviewer.catalogue.migrate)."""

from alembic import context

from reviewer.catalogue.migrate import include_name
from reviewer.catalogue.schema import Base

target_metadata = Base.metadata
engine = context.config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_name=include_name,
    )
    context.run_migrations()
