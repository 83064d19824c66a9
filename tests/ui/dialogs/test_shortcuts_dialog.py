"""F1 lists every key: each window action that has a shortcut (read from the actions,
so a new one appears by itself), the labelling keys, and the grid's movement keys,
each of which is pressed here to prove it still does what the list says."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from reviewer.catalogue.db import Catalogue
from reviewer.settings import Settings
from reviewer.ui.catalogue.catalogue_view import CatalogueView
from reviewer.ui.dialogs.shortcuts_dialog import (
    COMMANDS,
    GRID_KEYS,
    LABELLING,
    MOVING,
    ShortcutsDialog,
    action_keys,
)
from reviewer.ui.main_window import MainWindow
from tests.ui.helpers import when_shown


@pytest.fixture
def window(qtbot, labelled_catalogue: Catalogue) -> Iterator[MainWindow]:
    win = MainWindow(labelled_catalogue, Settings(curator="alice"), detect_device=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def _f1_rows(window: MainWindow) -> list:  # type: ignore[type-arg]
    rows: list = []  # type: ignore[type-arg]

    def read(dialog: QWidget) -> None:
        assert isinstance(dialog, ShortcutsDialog)
        rows.extend(dialog.rows)
        dialog.accept()

    shown = when_shown("shortcuts", read)
    window.shortcuts_action.trigger()  # what F1 does
    assert shown
    return rows


def test_f1_lists_every_action_that_has_a_shortcut(window: MainWindow) -> None:
    rows = _f1_rows(window)
    listed = {r.keys for r in rows if r.section == COMMANDS}
    with_keys = [a for a in window.actions() if a.shortcuts()]
    assert len(with_keys) >= 15
    for action in with_keys:
        assert action_keys(action) in listed, action.text()
    names = {r.what for r in rows if r.section == COMMANDS}
    assert {"Undo", "Redo", "Open catalogue", "Import folder", "Find", "Keyboard shortcuts",
            "Categories", "Detail pane", "Quit"} <= names


def test_a_new_action_appears_by_itself(window: MainWindow) -> None:
    action = QAction("&Zoom in", window)
    action.setShortcut(QKeySequence("Ctrl+Shift+="))
    window.addAction(action)
    rows = _f1_rows(window)
    assert any(r.what == "Zoom in" and r.keys == action_keys(action) for r in rows)


def test_f1_lists_the_labelling_and_movement_keys(window: MainWindow) -> None:
    rows = _f1_rows(window)
    labelling = [(r.keys, r.what) for r in rows if r.section == LABELLING]
    assert labelling[:4] == [("1", "Label as hat"), ("2", "Label as jacket"),
                             ("3", "Label as shoes"), ("4", "Label as trouser")]
    assert ("U", "Mark the selected images unsure (again: sure)") in labelling
    moving = " ".join(r.keys for r in rows if r.section == MOVING)
    for key in ("PgUp", "PgDown", "Home", "End", "Left", "Right", "Up", "Down"):
        assert key in moving, key


def test_every_listed_grid_key_moves_in_the_grid(qtbot, view: CatalogueView) -> None:
    grid, model = view.grid, view.model
    qtbot.waitUntil(lambda: model.rowCount() == 16)
    view.resize(1200, 700)  # three of four rows on screen: Page Up/Down have somewhere to go
    qtbot.waitUntil(lambda: grid.viewport().height() < 700)
    grid.setFocus()
    for keys, what in GRID_KEYS:
        for key in keys:
            grid.selectionModel().setCurrentIndex(
                model.index(8), QItemSelectionModel.SelectionFlag.ClearAndSelect)
            grid.scrollTo(model.index(8))
            qtbot.keyClick(grid, key)
            row = grid.selectionModel().currentIndex().row()
            assert row != 8, f"{QKeySequence(key).toString()} ({what}) did not move"


def test_the_dialog_shows_the_rows(qtbot, window: MainWindow) -> None:
    dialog = ShortcutsDialog(window.catalogue_view.labeller.key_categories, window.actions(),
                             window)
    qtbot.addWidget(dialog)
    tree = dialog.tree
    assert [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())] == [
        LABELLING, MOVING, COMMANDS]
    shown = sum(tree.topLevelItem(i).childCount() for i in range(tree.topLevelItemCount()))
    assert shown == len(dialog.rows)
