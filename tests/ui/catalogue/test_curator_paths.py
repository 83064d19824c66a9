"""Smaller paths a curator takes: undo says what came back and selects it; a search
with no match says so and offers the way back; the mouse can relabel (context menu
"Label as ▸") and open an image large (double-click)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from reviewer.ui.catalogue.catalogue_view import CatalogueView
from tests.ui.helpers import db_labels, select_rows


def test_undo_names_the_restored_category_and_selects_it(qtbot, view: CatalogueView) -> None:
    messages: list[str] = []
    view.statusMessage.connect(messages.append)
    select_rows(view, [5])  # a jacket
    image_id = view.model.row_at(5).id
    assert db_labels(view.catalogue)[image_id] == ("jacket", False)
    qtbot.keyClick(view.grid, Qt.Key.Key_4)  # → trouser, and the grid moves on
    assert view.grid.currentIndex().row() == 6
    select_rows(view, [12])
    view.undo()
    assert messages[-1] == "Undone: 1 image back to jacket. Ctrl+Shift+Z redoes it."
    assert db_labels(view.catalogue)[image_id] == ("jacket", False)
    assert view.grid.currentIndex().row() == 5, "the selection moves to what changed"
    assert [i.row() for i in view.grid.selectionModel().selectedIndexes()] == [5]
    view.redo()
    assert messages[-1] == "Redone: 1 image → trouser."


def test_undo_of_unsure_says_sure_again(qtbot, view: CatalogueView) -> None:
    messages: list[str] = []
    view.statusMessage.connect(messages.append)
    select_rows(view, [0, 1])
    qtbot.keyClick(view.grid, Qt.Key.Key_U)
    view.undo()
    assert messages[-1] == "Undone: 2 images back to sure. Ctrl+Shift+Z redoes it."
    assert sorted(i.row() for i in view.grid.selectionModel().selectedIndexes()) == [0, 1]


def test_a_search_with_no_match_offers_to_clear(qtbot, view: CatalogueView) -> None:
    bar = view.filter_bar
    bar.search_edit.setText("zebra")
    bar.search_edit.returnPressed.emit()
    assert view.model.rowCount() == 0
    assert view.grid_stack.currentWidget() is view.no_match
    assert view.no_match.message.text() == "No match"
    assert "zebra" in view.no_match.detail.text()
    qtbot.mouseClick(view.no_match.clear_button, Qt.MouseButton.LeftButton)
    assert bar.search_edit.text() == ""
    assert view.model.rowCount() == 16
    assert view.grid_stack.currentWidget() is view.grid


def test_context_menu_labels_the_image_under_the_mouse(qtbot, view: CatalogueView) -> None:
    select_rows(view, [0])
    target = view.model.index(6)
    image_id = view.model.row_at(6).id
    menu = view.grid_menu(view.grid.visualRect(target).center())
    assert menu is not None
    assert view.grid.currentIndex().row() == 6, "a right-click selects the image under it"
    label_as = next(a for a in menu.actions() if a.menu() is not None)
    assert label_as.text() == "Label as"
    entries = {a.text().split("\t")[0]: a for a in label_as.menu().actions() if a.text()}
    assert set(entries) >= {"hat", "jacket", "shoes", "trouser", "No category"}
    assert entries["shoes"].text() == "shoes\t3", "the entry shows its key"
    entries["shoes"].trigger()
    assert db_labels(view.catalogue)[image_id] == ("shoes", False)
    menu.close()


def test_context_menu_over_a_selection_names_how_many(qtbot, view: CatalogueView) -> None:
    select_rows(view, [0, 1, 2])
    menu = view.grid_menu(view.grid.visualRect(view.model.index(1)).center())
    assert menu is not None
    label_as = next(a for a in menu.actions() if a.menu() is not None)
    assert label_as.text() == "Label 3 images as"
    none = next(a for a in label_as.menu().actions() if a.text() == "No category")
    none.trigger()
    ids = [view.model.row_at(r).id for r in range(3)]
    assert all(db_labels(view.catalogue)[i] == (None, False) for i in ids)
    menu.close()


def test_double_click_opens_the_image_large(qtbot, view: CatalogueView) -> None:
    index = view.model.index(3)
    image_id = view.model.row_at(3).id
    centre = view.grid.visualRect(index).center()
    qtbot.mouseClick(view.grid.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(view.grid.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    viewer = view.last_viewer
    assert viewer is not None and viewer.isVisible()
    assert viewer.image_id == image_id
    qtbot.waitUntil(viewer.canvas.has_image, timeout=5000)
    assert viewer.windowTitle() == view.model.row_at(3).file_name
    viewer.close()
