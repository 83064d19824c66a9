"""The catalogue screen on a 1024×700 window: the window fits, the detail pane's
text scrolls instead of being squeezed or cut, and the label history shows every
column whole ("curator", not "curato")."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QScrollArea

from reviewer.catalogue.db import Catalogue
from reviewer.settings import Settings
from reviewer.ui.main_window import MainWindow
from tests.ui.helpers import select_rows


@pytest.fixture
def small_window(qtbot, labelled_catalogue: Catalogue) -> Iterator[MainWindow]:
    window = MainWindow(labelled_catalogue, Settings(curator="alice"), detect_device=False)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def test_the_window_fits_1024_by_700(small_window: MainWindow) -> None:
    hint = small_window.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 700
    assert (small_window.width(), small_window.height()) == (1024, 700)
    view = small_window.catalogue_view
    assert view.detail.isVisible() and view.detail.width() >= 200
    right = view.detail.mapTo(small_window, view.detail.rect().topRight()).x()
    assert right < small_window.width()  # the pane is on screen, not cut off


def test_the_detail_text_scrolls_instead_of_being_cut(qtbot, small_window: MainWindow) -> None:
    view = small_window.catalogue_view
    select_rows(view, [0])
    view.label_with_slot(2)  # a curator event for the history
    select_rows(view, [0])
    tree = view.detail.history_tree
    qtbot.waitUntil(lambda: view.detail.image_id == 1 and tree.topLevelItemCount() == 2)
    scroll = view.detail.findChild(QScrollArea)
    info = scroll.widget()
    qtbot.waitUntil(lambda: info.height() >= info.minimumSizeHint().height())
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0  # more than fits: it scrolls
    scroll.ensureWidgetVisible(tree)
    assert bar.value() > 0
    top = tree.mapTo(scroll.viewport(), tree.rect().topLeft()).y()
    assert 0 <= top < scroll.viewport().height()


def test_the_history_columns_are_never_cut(qtbot, small_window: MainWindow) -> None:
    view = small_window.catalogue_view
    select_rows(view, [0])
    view.label_with_slot(2)
    select_rows(view, [0])
    tree = view.detail.history_tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 2)
    newest = tree.topLevelItem(0)
    assert (newest.text(2), newest.text(3)) == ("alice", "curator")
    assert newest.text(1).replace("\n", " ") == "hat → shoes"
    metrics = tree.fontMetrics()
    header = tree.header()
    for item in (tree.topLevelItem(i) for i in range(tree.topLevelItemCount())):
        for column in range(4):
            widest = max(metrics.horizontalAdvance(line)
                         for line in item.text(column).split("\n"))
            assert header.sectionSize(column) >= widest, (column, item.text(column))
    # ... and all four fit the pane beside a 1024-pixel window: no sideways scrolling.
    assert sum(header.sectionSize(c) for c in range(4)) <= tree.viewport().width()
