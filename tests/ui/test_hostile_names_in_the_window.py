"""What the main window shows from files it did not write (issue 18.8, 18.6): a catalogue
named like markup is shown as its name, and a bad settings.json is reported once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keras  # noqa: F401  (the Runs tab's loader would import it on a worker thread)
import pytest
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QMessageBox

from reviewer.catalogue.db import Catalogue, open_catalogue
from reviewer.settings import load_settings, settings_file
from reviewer.ui.main_window import MainWindow

HOSTILE = '<img src="x" onerror="alert(1)"><b>bold</b>&amp;'


@pytest.fixture
def make_window(qtbot) -> Iterator:
    made: list[MainWindow] = []

    def make(catalogue: Catalogue) -> MainWindow:
        window = MainWindow(catalogue, load_settings(), detect_device=False)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield make
    for window in made:
        qtbot.waitUntil(lambda w=window: not w.jobs.any_running(), timeout=60_000)
        window.close()


def test_about_box_shows_a_markup_name_as_text(make_window, tmp_path: Path) -> None:
    folder = tmp_path / HOSTILE.replace("/", "_")
    cat = open_catalogue(str(folder / "catalogue.sqlite"))
    window = make_window(cat)

    doc = QTextDocument()
    doc.setHtml(window.about_text())
    shown = doc.toPlainText()
    assert f"Catalogue: {folder / 'catalogue.sqlite'}" in shown
    assert "<img" not in window.about_text().split("Catalogue:")[1]
    assert window.windowTitle().startswith(str(folder))  # a title is plain text already


def test_a_bad_settings_file_is_reported_in_the_window(
    qtbot, make_window, catalogue: Catalogue
) -> None:
    settings_file().parent.mkdir(parents=True, exist_ok=True)
    settings_file().write_text('{"curator": 123}')
    window = make_window(catalogue)

    def notice() -> QMessageBox:
        boxes = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMessageBox) and w.isVisible()]
        assert len(boxes) == 1
        return boxes[0]

    qtbot.waitUntil(lambda: notice() is not None)
    box = notice()
    assert box.windowTitle() == "Settings were reset"
    assert "was not valid" in box.text() and "the defaults are used" in box.text()
    assert window.settings.curator == ""
    assert list(settings_file().parent.glob("settings.bad-*.json"))
    box.close()
