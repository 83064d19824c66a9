"""The main window: empty state, menus, status bar, remembered state, no thread
left behind."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from reviewer.catalogue.db import Catalogue, open_catalogue
from reviewer.settings import Settings, load_settings
from reviewer.ui.common.device_probe import DETECTING, DeviceProbe
from reviewer.ui.main_window import MainWindow, format_totals


@pytest.fixture
def window_for(qtbot, monkeypatch: pytest.MonkeyPatch) -> Iterator:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: "")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    made: list[MainWindow] = []

    def make(catalogue: Catalogue) -> MainWindow:
        window = MainWindow(catalogue, Settings(curator="alice"), detect_device=False)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()
        assert window.catalogue_view is not None
        assert not window.catalogue_view.loader.is_running()
        assert not window.jobs.any_running()


def test_empty_catalogue_shows_the_empty_state(qtbot, window_for, catalogue: Catalogue) -> None:
    window = window_for(catalogue)
    view = window.catalogue_view
    assert view.is_empty_state()
    assert view.empty_state.isVisible()
    assert view.empty_state.message.text() == "No images yet — Import a folder…"
    assert window.totals_label.text().startswith("0 images")
    assert window.tabs.tabText(0) == "Catalogue"
    view.empty_state.import_button.click()
    assert window.import_dialog is not None and window.import_dialog.isVisible()
    window.import_dialog.close()


def test_import_from_the_empty_state_fills_the_grid(qtbot, window_for, catalogue: Catalogue,
                                                    category_folder: Path) -> None:
    window = window_for(catalogue)
    dialog = window.import_folder()
    dialog.set_source(str(category_folder))
    dialog.start()
    with qtbot.waitSignal(dialog.imported, timeout=60_000):
        pass
    view = window.catalogue_view
    assert not view.is_empty_state()
    assert view.model.rowCount() == 16
    assert window.totals_label.text().startswith("16 images · 16 labelled")


def test_menus_follow_the_conventions(window_for, labelled_catalogue: Catalogue) -> None:
    window = window_for(labelled_catalogue)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Help"]
    file_items = [a.text() for a in window.menuBar().actions()[0].menu().actions() if a.text()]
    assert file_items == ["&New catalogue…", "&Open catalogue…", "Open &Recent",
                          "&Import folder…", "Import &CSV…", "&Export…", "&Settings…", "&Quit"]
    assert QKeySequence("Ctrl+Z") in window.undo_action.shortcuts()
    assert QKeySequence("Ctrl+Shift+Z") in window.redo_action.shortcuts()
    assert window.open_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Open)


def test_undo_through_the_edit_menu(qtbot, window_for, labelled_catalogue: Catalogue) -> None:
    from tests.ui.helpers import db_labels, select_rows

    window = window_for(labelled_catalogue)
    view = window.catalogue_view
    select_rows(view, [0])
    view.label_with_slot(2)  # shoes
    assert db_labels(labelled_catalogue)[1] == ("shoes", False)
    window.undo_action.trigger()
    assert db_labels(labelled_catalogue)[1] == ("hat", False)
    window.redo_action.trigger()
    assert db_labels(labelled_catalogue)[1] == ("shoes", False)
    assert "Redone" in window.statusBar().currentMessage()


def test_select_all_loads_every_page(window_for, labelled_catalogue: Catalogue,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import reviewer.ui.grid.image_grid_model as grid_model

    monkeypatch.setattr(grid_model, "PAGE_SIZE", 5)
    window = window_for(labelled_catalogue)
    window.reload()
    window.select_all_action.trigger()
    assert len(window.catalogue_view.grid.selectionModel().selectedIndexes()) == 16


def test_recent_catalogues_and_state_are_remembered(qtbot, window_for, tmp_path: Path,
                                                    labelled_catalogue: Catalogue) -> None:
    window = window_for(labelled_catalogue)
    other = tmp_path / "other.sqlite"
    assert window.open_catalogue_url(str(other))
    assert window.catalogue.display_name == str(other)
    recent = load_settings().recent_catalogues
    assert recent[0].endswith("other.sqlite") and recent[1] == labelled_catalogue.url
    window.recent_menu.aboutToShow.emit()
    assert any("catalogue.sqlite" in a.text() for a in window.recent_menu.actions())
    window.catalogue_view.splitter.setSizes([700, 300])
    window.close()
    assert QSettings().value("mainWindow/geometry") is not None
    assert QSettings().value("catalogue/splitter") is not None


def _notices() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()]


def test_a_catalogue_that_cannot_be_opened_is_a_message(window_for, catalogue: Catalogue,
                                                        tmp_path: Path) -> None:
    window = window_for(catalogue)
    blocked = tmp_path / "file"
    blocked.write_text("x")
    assert not window.open_catalogue_url(str(blocked / "sub" / "cat.sqlite"))
    assert window.catalogue is catalogue
    notices = _notices()
    assert len(notices) == 1 and "Cannot create the folder" in notices[0].text()
    assert not notices[0].isModal()
    notices[0].close()

    junk = tmp_path / "not-a-catalogue.sqlite"
    junk.write_bytes(b"this is not a database" * 100)
    assert not window.open_catalogue_url(str(junk))
    assert window.catalogue is catalogue
    assert any("not a database" in n.text() for n in _notices())
    for notice in _notices():
        notice.close()


def test_format_totals() -> None:
    text = format_totals({"images": 3068, "labelled": 3000, "unsure": 2, "train": 1963,
                          "validation": 491, "test": 614, "unsplit": 0})
    assert text == ("3,068 images · 3,000 labelled · 2 unsure · "
                    "train 1,963 · validation 491 · test 614")


def test_device_probe_reports_without_tensorflow_in_the_app(qtbot) -> None:
    probe = DeviceProbe([sys.executable, "-c", "print('GPU: Fake Card')"])
    with qtbot.waitSignal(probe.found, timeout=20_000) as blocker:
        probe.start()
    assert blocker.args == ["GPU: Fake Card"]
    failing = DeviceProbe([sys.executable, "-c", "import sys; sys.exit(3)"])
    with qtbot.waitSignal(failing.found, timeout=20_000) as blocker:
        failing.start()
    assert blocker.args[0].startswith("CPU only")
    assert DETECTING == "detecting…"


def test_opening_the_window_does_not_import_tensorflow(window_for, catalogue: Catalogue) -> None:
    before = "tensorflow" in sys.modules
    window_for(catalogue)
    assert ("tensorflow" in sys.modules) == before


def test_default_catalogue_opens(window_for) -> None:
    catalogue = open_catalogue(None)
    window = window_for(catalogue)
    assert window.catalogue_view.is_empty_state()
