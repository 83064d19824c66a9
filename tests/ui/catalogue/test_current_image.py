"""The current image is always selected and on screen: at start-up, after a filter
change, and after the wheel (or the scroll bar) moved the grid away from it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from reviewer.catalogue.db import Catalogue
from reviewer.ui.catalogue.catalogue_view import CatalogueView
from tests.ui.conftest import CURATOR
from tests.ui.helpers import db_labels


def current_is_shown(view: CatalogueView) -> bool:
    grid = view.grid
    index = grid.currentIndex()
    return (index.isValid() and grid.selectionModel().isSelected(index)
            and grid.viewport().rect().contains(grid.visualRect(index)))


def test_selected_and_visible_at_start(qtbot, long_catalogue: Catalogue) -> None:
    view = CatalogueView(long_catalogue, lambda: CURATOR)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    try:
        assert view.grid.currentIndex().row() == 0
        assert current_is_shown(view)
        assert view.grid.hasFocus() or view.focusWidget() is view.grid
    finally:
        view.shutdown()


def test_selected_and_visible_after_a_filter_change(qtbot, long_view: CatalogueView) -> None:
    view = long_view
    qtbot.keyClick(view.grid, Qt.Key.Key_End)
    bar = view.filter_bar
    bar.set_combo_value(bar.split_combo, "validation")
    assert view.model.rowCount() < 3409
    assert view.grid.currentIndex().row() == 0
    assert current_is_shown(view)
    bar.set_combo_value(bar.sort_combo, "file_name")
    assert current_is_shown(view)


def test_the_wheel_brings_the_current_image_along(qtbot, long_view: CatalogueView) -> None:
    view, grid = long_view, long_view.grid
    assert current_is_shown(view)
    viewport = grid.viewport()
    centre = QPointF(viewport.rect().center())
    for _ in range(6):
        wheel = QWheelEvent(centre, QPointF(viewport.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                            QPoint(0, -120), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(viewport, wheel)
    assert grid.verticalScrollBar().value() > grid.gridSize().height(), "the wheel scrolled"
    qtbot.waitUntil(lambda: current_is_shown(view), timeout=3000)
    row = grid.currentIndex().row()
    assert row > 0
    assert len(grid.selectionModel().selectedIndexes()) == 1
    image_id = view.model.row_at(row).id
    qtbot.keyClick(grid, Qt.Key.Key_1)  # labels the image in view
    assert db_labels(view.catalogue)[image_id][0] == "longsleeve"


def test_a_key_right_after_scrolling_labels_what_is_in_view(qtbot, long_view: CatalogueView) -> None:
    view, grid = long_view, long_view.grid
    bar = grid.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    first, last = grid.fully_visible_range()
    before = db_labels(view.catalogue)
    qtbot.keyClick(grid, Qt.Key.Key_3)  # at once, before the grid has settled: shoes
    after = db_labels(view.catalogue)
    changed = [i for i in after if after[i] != before[i]]
    in_view = {view.model.row_at(r).id for r in range(first, last + 1)}
    if not changed:  # it was shoes already; the key still acted on an image in view
        assert grid.currentIndex().row() - 1 in range(first, last + 1)
    else:
        assert changed[0] in in_view, "the key labelled an image on screen"
    assert 1 not in changed, "not the image scrolled away"
