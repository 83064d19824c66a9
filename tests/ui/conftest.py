"""UI fixtures: QSettings in tmp_path, a small labelled catalogue, a long one (3,409
rows written straight into the tables, no files), and catalogue views whose
background threads are joined at the end of every test."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert

from reviewer.catalogue.categories import ensure_categories
from reviewer.catalogue.db import Catalogue, open_catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.catalogue.schema import Image
from reviewer.ui.catalogue.catalogue_view import CatalogueView
from tests.qt_sandbox import _fresh_qsettings, gui_thread_gc  # noqa: F401  (autouse)
from tests.ui.trained_run import trained_template  # noqa: F401  (a session fixture)

CURATOR = "alice"


@pytest.fixture
def labelled_catalogue(catalogue: Catalogue, category_folder: Path) -> Catalogue:
    """16 images: 4 each of hat, jacket, shoes, trouser (ids 1–4 are the hats)."""
    report = run_import(catalogue, category_folder, ImportOptions(actor="importer", workers=1))
    assert report.added == 16
    return catalogue


@pytest.fixture
def view(qtbot, labelled_catalogue: Catalogue) -> Iterator[CatalogueView]:
    widget = CatalogueView(labelled_catalogue, lambda: CURATOR)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()
    assert not widget.loader.is_running()


LONG_ROWS = 3409
CATEGORIES = ("longsleeve", "outwear", "shoes", "hat")


@pytest.fixture
def long_catalogue(tmp_path: Path) -> Iterator[Catalogue]:
    """3,409 images in four categories; file names run backwards to the ids."""
    cat = open_catalogue(str(tmp_path / "long.sqlite"))
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with cat.write() as session:
        ids = ensure_categories(session, list(CATEGORIES))
        session.execute(insert(Image), [
            {"sha256": f"{n:064x}", "file_name": f"photo_{LONG_ROWS - n:05d}.jpg",
             "width": 400, "height": 533, "format": "JPEG", "bytes": 10_000,
             "imported_at": start + timedelta(seconds=n), "source": "folder",
             "category_id": ids[CATEGORIES[n % len(CATEGORIES)]],
             "split": ("train", "validation", "test")[n % 3], "unsure": False,
             "flagged": False, "version": 1}
            for n in range(1, LONG_ROWS + 1)
        ])
    yield cat
    cat.close()


@pytest.fixture
def long_view(qtbot, long_catalogue: Catalogue) -> Iterator[CatalogueView]:
    widget = CatalogueView(long_catalogue, lambda: CURATOR)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()
