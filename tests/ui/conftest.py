"""UI fixtures: QSettings in tmp_path, a small labelled catalogue, and a catalogue
view whose background threads are joined at the end of every test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.ui.catalogue.catalogue_view import CatalogueView

CURATOR = "alice"


@pytest.fixture(autouse=True)
def _fresh_qsettings(tmp_path: Path) -> Iterator[None]:
    QCoreApplication.setOrganizationName("Product Image Reviewer Tests")
    QCoreApplication.setApplicationName("Product Image Reviewer Tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "qsettings"))
    yield
    QSettings().clear()


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
