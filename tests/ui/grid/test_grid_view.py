"""The grid as the user meets it: pages load on scroll, cells paint in every
state, filters hand the keyboard back to the grid."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from reviewer.catalogue import labels
from reviewer.ui.catalogue.catalogue_view import CatalogueView
from tests.ui.helpers import select_rows


def test_scrolling_to_the_bottom_fetches_the_next_page(qtbot, view: CatalogueView,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import reviewer.ui.grid.image_grid_model as grid_model

    monkeypatch.setattr(grid_model, "PAGE_SIZE", 4)
    view.resize(500, 400)
    view.apply_filter()
    assert view.model.total == 16
    bar = view.grid.verticalScrollBar()
    for _ in range(10):
        if not view.model.canFetchMore():
            break
        qtbot.wait(10)
        bar.setValue(bar.maximum())
    assert view.model.rowCount() == 16
    assert not view.model.canFetchMore()


def test_cells_paint_in_every_state(qtbot, view: CatalogueView) -> None:
    with view.catalogue.write() as session:
        labels.set_unsure(session, [2], True, actor="alice")
        labels.relabel(session, [3], None, actor="alice")
    view.refresh()
    select_rows(view, [0, 1])
    qtbot.waitUntil(lambda: view.loader.is_idle() and len(view.loader.cache) >= 4, timeout=5000)
    image = view.grid.grab().toImage()
    assert not image.isNull() and image.width() > 300
    assert view.model.index(1).data(Qt.ItemDataRole.ToolTipRole).count("unsure") == 1


def test_choosing_a_filter_returns_the_keyboard_to_the_grid(qtbot, view: CatalogueView) -> None:
    combo = view.filter_bar.split_combo
    combo.setFocus()
    combo.activated.emit(1)
    assert view.grid.hasFocus() or view.grid is view.focusWidget()


def test_detail_shows_the_selected_image(qtbot, view: CatalogueView) -> None:
    select_rows(view, [4])
    image_id = view.model.row_at(4).id
    with qtbot.waitSignal(view.detail.imageShown, timeout=5000) as blocker:
        pass
    assert blocker.args == [image_id]
    assert view.detail.canvas.has_image()
    assert view.detail.history_tree.topLevelItemCount() == 1
    assert view.detail.history_tree.topLevelItem(0).text(3) == "import"
    select_rows(view, [0, 1, 2])
    qtbot.waitUntil(lambda: not view.detail.info.isVisibleTo(view.detail), timeout=2000)
    assert not view.detail.canvas.has_image()
