"""One permission policy (issue 18.8): the catalogue file, its -wal/-shm, the image store,
exports and reports get 0666 less the umask, whatever writes them; settings stay 0600."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer.catalogue.db import open_catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.file_modes import current_umask
from reviewer.settings import Settings, default_data_dir, save_settings, settings_file
from reviewer.training.report import history_to_csv


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o002, 0o027, 0o077], ids=["umask002", "umask027", "umask077"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    before = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(before)


def test_umask_is_read_without_changing_it(umask: int) -> None:
    assert current_umask() == umask
    assert current_umask() == umask


def test_catalogue_store_and_reports_follow_the_umask(
    umask: int, tmp_path: Path, category_folder: Path
) -> None:
    want = 0o666 & ~umask
    cat = open_catalogue(str(tmp_path / "shared" / "team.sqlite"))
    try:
        run_import(cat, category_folder, ImportOptions(actor="t", workers=1))
        db = tmp_path / "shared" / "team.sqlite"
        written = [db, *db.parent.glob("team.sqlite-*")]
        written += [p for p in cat.store.root.rglob("*") if p.is_file()]
        assert len(written) > 16
        report = history_to_csv([{"epoch": 1, "loss": 0.5}], tmp_path / "out" / "history.csv")
        written.append(report)
        modes = {str(p): oct(_mode(p)) for p in written}  # -wal/-shm go when it closes
    finally:
        cat.close()
    assert any(name.endswith("-wal") for name in modes)
    assert modes == {str(p): oct(want) for p in written}
    folders = [p for p in cat.store.root.rglob("*") if p.is_dir()]
    assert folders and all(_mode(p) == 0o777 & ~umask for p in folders)

    save_settings(Settings(curator="ana"))
    assert _mode(settings_file()) == 0o600  # the one exception: personal settings


def test_the_default_data_folder_is_private(umask: int) -> None:
    cat = open_catalogue()
    cat.close()
    assert _mode(default_data_dir()) == 0o700 & ~umask
