"""The whole catalogue within reach: End, Page Down and a drag of the scroll bar reach
the last image of 3,409 at once; rows are read for what is on screen, and the sparse
model gives the same rows as reading the result front to back, in every order."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.queries import ImageFilter, page_images
from reviewer.ui.catalogue.catalogue_view import CatalogueView
from reviewer.ui.grid.image_grid_model import PAGE_SIZE, ImageGridModel
from tests.ui.conftest import LONG_ROWS


def in_view(view: CatalogueView, row: int) -> bool:
    grid = view.grid
    return grid.viewport().rect().contains(grid.visualRect(view.model.index(row)))


def test_end_reaches_the_last_image(qtbot, long_view: CatalogueView) -> None:
    view, grid = long_view, long_view.grid
    assert view.model.rowCount() == LONG_ROWS
    reads = view.model.pages_read
    qtbot.keyClick(grid, Qt.Key.Key_End)
    assert grid.currentIndex().row() == LONG_ROWS - 1
    assert view.model.row_at(LONG_ROWS - 1).id == LONG_ROWS
    assert in_view(view, LONG_ROWS - 1)
    assert grid.verticalScrollBar().value() == grid.verticalScrollBar().maximum()
    assert grid.selectionModel().isSelected(grid.currentIndex())
    assert view.model.pages_read - reads <= 3, "the end is read directly, not page by page"
    qtbot.keyClick(grid, Qt.Key.Key_Home)
    assert grid.currentIndex().row() == 0 and in_view(view, 0)


def test_page_down_goes_past_the_rows_read(qtbot, long_view: CatalogueView) -> None:
    view, grid = long_view, long_view.grid
    per_page = grid.rows_per_page() * grid.columns()
    presses = (PAGE_SIZE * 2) // per_page + 2
    for _ in range(presses):
        qtbot.keyClick(grid, Qt.Key.Key_PageDown)
    row = grid.currentIndex().row()
    assert row == presses * per_page
    assert row > 2 * PAGE_SIZE and in_view(view, row)
    assert view.model.row_at(row).id == row + 1
    for _ in range(3):
        qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert grid.currentIndex().row() == row + 3 * grid.columns()


def test_dragging_the_scroll_bar_to_the_bottom_shows_the_last_row(
        qtbot, long_view: CatalogueView) -> None:
    view, grid = long_view, long_view.grid
    bar = grid.verticalScrollBar()
    bar.setSliderDown(True)
    for value in (bar.maximum() // 3, bar.maximum() // 2, bar.maximum()):
        bar.setSliderPosition(value)
    bar.setSliderDown(False)
    assert bar.value() == bar.maximum(), "the handle stays at the bottom"
    image = grid.viewport().grab().toImage()
    assert not image.isNull()
    assert in_view(view, LONG_ROWS - 1)
    assert view.model.is_loaded(LONG_ROWS - 1)
    qtbot.waitUntil(lambda: in_view(view, grid.currentIndex().row()), timeout=3000)
    qtbot.wait(50)
    assert bar.value() == bar.maximum()
    assert grid.selectionModel().isSelected(grid.currentIndex())


@pytest.mark.parametrize(("sort", "descending"), [("id", False), ("file_name", False),
                                                  ("imported_at", True), ("file_name", True)])
def test_pages_read_out_of_order_match_the_result(long_catalogue: Catalogue, sort: str,
                                                  descending: bool) -> None:
    flt = ImageFilter(split="train")
    with long_catalogue.read() as session:
        expected = page_images(session, flt, limit=LONG_ROWS, sort=sort, descending=descending)
    model = ImageGridModel(long_catalogue)
    model.set_query(flt, sort, descending)
    count = model.rowCount()
    assert count == len(expected)
    # the end first (read from the end), then the middle (by offset), then neighbours
    # (by keyset forwards and backwards)
    order = [count - 1, count // 2, count // 2 + PAGE_SIZE, count // 2 - PAGE_SIZE, 0,
             *range(count)]
    for row in order:
        assert model.row_at(row).id == expected[row].id, row


def test_select_all_is_one_range_and_labels_after_asking(qtbot, long_view: CatalogueView) -> None:
    view = long_view
    asked: list[tuple[int, str]] = []

    def confirm(_parent: object, count: int, what: str) -> bool:
        asked.append((count, what))
        return True

    view.confirm_bulk = confirm
    view.select_all()
    assert view.selected_count() == LONG_ROWS
    assert len(view.grid.selectionModel().selection()) == 1
    qtbot.keyClick(view.grid, Qt.Key.Key_3)  # shoes
    assert asked == [(LONG_ROWS, "label as shoes")]
    with view.catalogue.read() as session:
        shoes = page_images(session, ImageFilter(category_ids=(3,)), limit=LONG_ROWS + 1)
    assert len(shoes) == LONG_ROWS
    view.grid.selectionModel().setCurrentIndex(view.model.index(5),
                                               QItemSelectionModel.SelectionFlag.ClearAndSelect)
    messages: list[str] = []
    view.statusMessage.connect(messages.append)
    view.undo()
    # the 852 shoes did not change; the others go back where they were
    assert messages[-1].startswith("Undone: 2,557 images back to outwear (853), hat (852), "
                                   "longsleeve (852)."), messages
    assert view.selected_count() > 1, "the selection moves to what the undo changed"
    assert view.grid.currentIndex().row() == 0


def test_the_long_model_passes_the_model_tester(qtmodeltester, long_catalogue: Catalogue) -> None:
    model = ImageGridModel(long_catalogue)
    model.set_query(ImageFilter(), "file_name", True)
    model.row_at(LONG_ROWS - 1)  # a page from the end, one from the start: a sparse cache
    qtmodeltester.check(model)
    model.set_query(ImageFilter(category_ids=(2,)), "imported_at")
    qtmodeltester.check(model)
