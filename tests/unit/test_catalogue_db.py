"""Opening catalogues: defaults, WAL, newer schemas refused untouched, read-only files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import text

from reviewer.catalogue import labels
from reviewer.catalogue.db import default_catalogue_url, open_catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.catalogue.migrate import current_revision, head_revision
from reviewer.errors import CatalogueUnavailableError


def test_default_catalogue_lives_in_the_data_dir(tmp_path: Path) -> None:
    assert default_catalogue_url() == f"sqlite:///{tmp_path / 'data' / 'catalogue.sqlite'}"
    cat = open_catalogue()
    assert (tmp_path / "data" / "catalogue.sqlite").exists()
    with cat.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert current_revision(cat.engine) == head_revision()
    cat.close()


def test_environment_variable_chooses_the_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVIEWER_CATALOGUE", str(tmp_path / "other.sqlite"))
    cat = open_catalogue()
    assert cat.display_name == str(tmp_path / "other.sqlite")
    cat.close()


def test_newer_schema_is_refused_and_nothing_is_touched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    cat = open_catalogue(str(path))
    with cat.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    cat.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(CatalogueUnavailableError, match="newer version.*Nothing was changed"):
        open_catalogue(str(path))
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_missing_catalogue_without_create(tmp_path: Path) -> None:
    with pytest.raises(CatalogueUnavailableError, match="no catalogue"):
        open_catalogue(str(tmp_path / "nope.sqlite"), create=False)


def test_read_only_catalogue_refuses_writes_clearly(tmp_path: Path, category_folder: Path) -> None:
    path = tmp_path / "ro.sqlite"
    cat = open_catalogue(str(path))
    run_import(cat, category_folder, ImportOptions(actor="t", workers=1))
    with cat.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    cat.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    ro = open_catalogue(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert ro.read_only
    with pytest.raises(CatalogueUnavailableError, match="read-only"), ro.write() as s:
        labels.relabel(s, [1], "shoes", actor="a")
    with ro.read() as s:  # reading still works
        assert len(labels.history(s)) == 16
    ro.close()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_locked_catalogue_is_a_clear_message(tmp_path: Path, category_folder: Path) -> None:
    path = tmp_path / "locked.sqlite"
    cat = open_catalogue(str(path))
    run_import(cat, category_folder, ImportOptions(actor="t", workers=1))
    import sqlite3

    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    cat.engine.dispose()
    from sqlalchemy import event

    @event.listens_for(cat.engine, "connect")
    def _short_timeout(dbapi_conn, _rec) -> None:  # type: ignore[no-untyped-def]
        dbapi_conn.execute("PRAGMA busy_timeout = 100")

    try:
        with pytest.raises(CatalogueUnavailableError, match="busy"), cat.write() as s:
            labels.relabel(s, [1], "shoes", actor="a")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
        cat.close()


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(CatalogueUnavailableError, match="not a Product Image Reviewer catalogue"):
        open_catalogue(str(path))
    assert path.read_text().startswith("these are my notes")
