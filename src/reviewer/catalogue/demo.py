"""The demo catalogue: the photos in ``resources/demo/`` imported into ``demo.sqlite``
in the data folder, split, ready to label, train on and evaluate.

:func:`build_demo_catalogue` is a long job (``on_progress`` / ``should_stop``). It
builds into a ``.partial`` file and renames it at the end, so a cancelled or failed
build leaves no half-made demo catalogue behind and the next try starts afresh.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from reviewer.catalogue.db import open_catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.catalogue.splits import SplitConfig, make_splits
from reviewer.errors import CancelledError, UserError
from reviewer.progress import ProgressFn, StopFn
from reviewer.shipped_resources import resource_path

# resources/demo in a checkout, reviewer/resources/demo in a wheel or the bundle.
DEMO_PHOTOS = resource_path("demo")
DEMO_FILE_NAME = "demo.sqlite"
DEMO_ACTOR = "demo"
DEMO_SPLITS = SplitConfig(seed=0, test_fraction=0.2, validation_fraction=0.2)


def demo_catalogue_path(data_dir: Path) -> Path:
    return data_dir / DEMO_FILE_NAME


def files_dir(db: Path) -> Path:
    """The folder beside a SQLite catalogue that holds its originals (``Catalogue.directory``)."""
    return db.with_name(db.stem + "-files")


def demo_photos(folder: Path = DEMO_PHOTOS) -> Path:
    """The demo photo folder, or a UserError saying it is not installed."""
    if not folder.is_dir() or not any(p.is_dir() for p in folder.iterdir()):
        raise UserError(
            f"The demo photos are not installed (looked in {folder}).",
            hint="Run the app from a checkout of the project, or import your own folder.",
        )
    return folder


def _remove(db: Path) -> None:
    for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        path.unlink(missing_ok=True)
    shutil.rmtree(files_dir(db), ignore_errors=True)


def build_demo_catalogue(
    target: Path,
    *,
    photos: Path = DEMO_PHOTOS,
    on_progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> Path:
    """Import the demo photos into a new catalogue at ``target`` and split them
    (train / validation / test, seeded); returns ``target``. An existing ``target``
    is kept as it is (the curator may have worked in it)."""
    if target.exists():
        return target
    folder = demo_photos(photos)
    partial = target.with_name(target.stem + ".partial" + target.suffix)
    _remove(partial)  # what a cancelled or failed earlier build left
    try:
        catalogue = open_catalogue(str(partial))
        try:
            # One process: 400 small JPEGs take about a second, less than starting
            # a pool of worker processes would.
            report = run_import(catalogue, folder, ImportOptions(actor=DEMO_ACTOR, workers=1),
                                on_progress=on_progress, should_stop=should_stop)
            if report.cancelled:
                raise CancelledError("The demo catalogue was not made.")
            if report.added == 0:
                raise UserError(f"No photos could be imported from {folder}.")
            make_splits(catalogue, DEMO_SPLITS)
        finally:
            catalogue.close()
        _remove(target)
        for suffix in ("", "-wal", "-shm"):  # the journal goes with it, if one is left
            source = partial.with_name(partial.name + suffix)
            if source.exists():
                source.rename(target.with_name(target.name + suffix))
        if files_dir(partial).exists():
            files_dir(partial).rename(files_dir(target))
    except BaseException:
        _remove(partial)
        raise
    return target
