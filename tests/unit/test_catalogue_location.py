"""Where a catalogue would be created: a SQLite file that is not there yet, never a
server database; the default catalogue is recognised."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.catalogue.db import open_catalogue
from reviewer.catalogue.location import is_default_catalogue, missing_catalogue_file, sqlite_file


def test_a_path_with_nothing_there_is_missing(tmp_path: Path) -> None:
    typo = tmp_path / "catalouge" / "catalogue.sqlite"
    assert missing_catalogue_file(str(typo)) == typo
    assert missing_catalogue_file(f"sqlite:///{typo}") == typo
    assert not typo.parent.exists()  # asking creates nothing


def test_an_existing_catalogue_is_not_missing(tmp_path: Path) -> None:
    path = tmp_path / "real.sqlite"
    open_catalogue(str(path)).close()
    assert missing_catalogue_file(str(path)) is None
    assert missing_catalogue_file(f"sqlite:///file:{path}?mode=ro&uri=true") is None


@pytest.mark.parametrize("url", ["postgresql+psycopg://u:p@127.0.0.1:5432/nowhere",
                                 "sqlite://", "sqlite:///:memory:"])
def test_server_and_memory_databases_are_never_missing_files(url: str) -> None:
    assert missing_catalogue_file(url) is None
    assert sqlite_file(url) is None


def test_the_default_catalogue_is_recognised(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    data = Path(str(tmp_path / "data"))  # REVIEWER_DATA_DIR in tests/conftest.py
    assert is_default_catalogue(None)
    assert is_default_catalogue(str(data / "catalogue.sqlite"))
    assert not is_default_catalogue(str(data / "other.sqlite"))
    monkeypatch.setenv("REVIEWER_CATALOGUE", str(tmp_path / "team.sqlite"))
    assert is_default_catalogue(str(tmp_path / "team.sqlite"))
    assert not is_default_catalogue(str(data / "catalogue.sqlite"))
