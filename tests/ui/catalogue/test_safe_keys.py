"""Keys that cannot surprise: a bulk key over the threshold asks first (and Enter
cancels); after Tab the number keys still label (or, in the search box, type); a
key says why it did nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from reviewer.ui.catalogue.catalogue_view import CatalogueView
from tests.ui.helpers import db_labels, select_rows

KEY_SHOES = Qt.Key.Key_3  # categories: hat, jacket, shoes, trouser


def _answer_dialog(qtbot, press: Qt.Key | None, seen: list[str]) -> None:
    """When the confirmation opens, note its text, then press ``press`` in it (or
    click its "Label" button when None)."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        if press is None:
            box.findChild(QPushButton, "bulkConfirmButton").click()
        else:
            qtbot.keyClick(box, press)

    QTimer.singleShot(0, answer)


def test_bulk_key_over_the_threshold_asks_and_enter_cancels(qtbot, view: CatalogueView) -> None:
    view.bulk_threshold = 5
    select_rows(view, list(range(8)))
    before = db_labels(view.catalogue)
    messages: list[str] = []
    view.statusMessage.connect(messages.append)
    seen: list[str] = []

    _answer_dialog(qtbot, Qt.Key.Key_Return, seen)
    qtbot.keyClick(view.grid, KEY_SHOES)
    assert seen == ["Label as shoes: 8 images?"]
    assert db_labels(view.catalogue) == before, "Enter cancels: nothing changed"
    assert messages[-1] == "Nothing changed (8 images selected)."

    _answer_dialog(qtbot, None, seen)
    qtbot.keyClick(view.grid, KEY_SHOES)
    ids = [view.model.row_at(r).id for r in range(8)]
    assert all(db_labels(view.catalogue)[i] == ("shoes", False) for i in ids)
    assert len(seen) == 2


def test_a_few_images_change_without_asking(qtbot, view: CatalogueView) -> None:
    view.bulk_threshold = 5
    select_rows(view, [0, 1, 2])
    qtbot.keyClick(view.grid, KEY_SHOES)  # a dialog would block here: none opens
    ids = [view.model.row_at(r).id for r in range(3)]
    assert all(db_labels(view.catalogue)[i] == ("shoes", False) for i in ids)


def test_after_tab_number_keys_still_label(qtbot, view: CatalogueView) -> None:
    view.activateWindow()
    select_rows(view, [2])
    image_id = view.model.row_at(2).id
    view.grid.setFocus()
    qtbot.keyClick(view.grid, Qt.Key.Key_Tab)
    focus = QApplication.focusWidget()
    assert focus is not None and focus is not view.grid and view.isAncestorOf(focus)
    qtbot.keyClick(focus, KEY_SHOES)
    assert db_labels(view.catalogue)[image_id] == ("shoes", False)
    assert view.grid.currentIndex().row() == 3, "and moves on to the next image"
    for combo in (view.filter_bar.split_combo, view.filter_bar.sort_combo):
        select_rows(view, [3])
        qtbot.keyClick(combo, Qt.Key.Key_2)  # jacket, from a filter's combo box
        assert db_labels(view.catalogue)[view.model.row_at(3).id] == ("jacket", False)


def test_in_the_search_box_digits_type(qtbot, view: CatalogueView) -> None:
    select_rows(view, [0])
    before = db_labels(view.catalogue)
    qtbot.keyClick(view.filter_bar.search_edit, KEY_SHOES)
    assert view.filter_bar.search_edit.text() == "3"
    assert db_labels(view.catalogue) == before


def test_a_key_with_nothing_to_label_says_why(qtbot, view: CatalogueView) -> None:
    messages: list[str] = []
    view.statusMessage.connect(messages.append)
    view.filter_bar.search_edit.setText("no such file anywhere")
    view.apply_filter()
    qtbot.keyClick(view.filter_bar.clear_button, KEY_SHOES)
    assert messages[-1] == "No image to label here."
