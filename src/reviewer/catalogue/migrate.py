"""Alembic, driven from code: upgrade on open, refuse a newer schema untouched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from reviewer.catalogue.schema import POSTGRES_ONLY_TABLES
from reviewer.errors import CatalogueUnavailableError

MIGRATIONS = Path(__file__).with_name("migrations")


def include_name(name: Any, type_: str, _parent: Any) -> bool:
    """Autogenerate's filter: the PostgreSQL-only log behind ``image_counts`` has no
    model (migration 0002 creates it), so it is left out of the comparison."""
    return not (type_ == "table" and name in POSTGRES_ONLY_TABLES)


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def ensure_schema(engine: Engine) -> None:
    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(engine)
    head = script.get_current_head()
    if current == head:
        return
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise CatalogueUnavailableError(
            f"This catalogue was written by a newer version of Product Image Reviewer "
            f"(schema {current}; this version knows up to {head}). Nothing was changed.",
            hint="Update Product Image Reviewer to open it.",
        )
    command.upgrade(alembic_config(engine), "head")
