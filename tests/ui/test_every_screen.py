"""The whole window as a curator on a small laptop, with a screen reader or only a
keyboard would meet it: at 1024×600 every action button of every tab is inside the
window; every focusable widget has an accessible name; a grid item's accessible text
says its split, unsure and flagged state; "U" is a window shortcut that does not
fire while typing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

from reviewer.catalogue.labels import set_unsure
from reviewer.settings import Settings
from reviewer.ui.main_window import MainWindow
from tests.ui.runs.test_runs_view import TrainedRun, trained  # noqa: F401  (a fixture)

SMALL = (1024, 600)


@pytest.fixture
def window(qtbot: QtBot, trained: TrainedRun) -> Iterator[MainWindow]:  # noqa: F811
    win = MainWindow(trained.catalogue, Settings(curator="carol"), detect_device=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.shutdown()


def _show_every_tab(qtbot: QtBot, window: MainWindow, run: TrainedRun) -> Iterator[str]:
    """Each tab in turn, made current and laid out (the run selected in Runs)."""
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        page = window.tabs.currentWidget()
        if page is window.runs_view:
            qtbot.waitUntil(lambda: window.runs_view.comparison_model.rowCount() > 0)
            window.runs_view.select_run(run.run_id)
            window.runs_view.split.setCurrentText("test")
        QApplication.processEvents()
        yield window.tabs.tabText(i)


def _in_window(window: MainWindow, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _scroll_to(widget: QWidget) -> None:
    """Scroll every pane that holds ``widget`` until it shows (a user's scrolling)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget)
        parent = parent.parentWidget()
    QApplication.processEvents()


def test_every_action_button_is_inside_the_window_at_1024x600(
        qtbot: QtBot, window: MainWindow, trained: TrainedRun) -> None:  # noqa: F811
    assert window.minimumSizeHint().width() <= SMALL[0]
    assert window.minimumSizeHint().height() <= SMALL[1]
    window.resize(*SMALL)
    qtbot.waitUntil(lambda: window.size().width() == SMALL[0])
    seen = 0
    for tab in _show_every_tab(qtbot, window, trained):
        page = window.tabs.currentWidget()
        buttons = [b for b in page.findChildren(QAbstractButton) if b.isVisible()]
        assert buttons or page is window.moderation_view, tab  # no listings: no buttons
        for button in buttons:
            _scroll_to(button)  # a control in a scrolling pane counts once scrolled to
            rect = _in_window(window, button)
            assert window.rect().contains(rect), (tab, button.text(), rect)
            assert not button.visibleRegion().isEmpty(), (tab, button.text())
            seen += 1
    assert seen > 15
    # The Catalogue tab's sort control and Clear, and the Runs tab's Reload and Retrain.
    bar = window.catalogue_view.filter_bar
    window.tabs.setCurrentWidget(window.catalogue_view)
    QApplication.processEvents()
    for widget in (bar.sort_combo, bar.descending_button, bar.clear_button, bar.search_edit):
        assert widget.isVisible() and window.rect().contains(_in_window(window, widget))
    window.tabs.setCurrentWidget(window.runs_view)
    QApplication.processEvents()
    for widget in (window.runs_view.refresh_button, window.runs_view.retrain_button):
        assert window.rect().contains(_in_window(window, widget))
    # The matrix's corner label has room for "predicted →" (it read "›redicted →").
    corner = window.runs_view.confusion.corner
    assert corner.isVisible()
    assert corner.width() >= corner.sizeHint().width(), (corner.width(), corner.sizeHint())
    assert corner.height() >= corner.sizeHint().height()
    # Every row of the confusion matrix can be seen (the matrix pane scrolls to it),
    # and the runs table leaves the matrix room for several rows at once.
    table = window.runs_view.confusion.table
    n = table.model().rowCount()
    whole = [r for r in range(n)
             if table.viewport().rect().contains(table.visualRect(table.model().index(r, 0)))]
    assert len(whole) >= min(4, n), whole
    for row in range(table.model().rowCount()):
        table.scrollTo(table.model().index(row, 0))
        QApplication.processEvents()
        assert table.viewport().rect().intersects(table.visualRect(table.model().index(row, 0)))


def _accessible_name(widget: QWidget) -> str:
    face = QAccessible.queryAccessibleInterface(widget)
    return face.text(QAccessible.Text.Name) if face is not None else ""


def test_every_focusable_widget_has_an_accessible_name(
        qtbot: QtBot, window: MainWindow, trained: TrainedRun) -> None:  # noqa: F811
    window.resize(1400, 900)
    missing: list[str] = []
    checked = 0
    for tab in _show_every_tab(qtbot, window, trained):
        for widget in window.findChildren(QWidget):
            if not widget.isVisible() or not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                continue
            if isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox):
                continue  # the spin box's own line edit: the spin box carries the name
            checked += 1
            # A combo box's or line edit's name must not be its current value.
            own = isinstance(widget, QComboBox | QLineEdit)
            name = widget.accessibleName() if own else _accessible_name(widget)
            if not name.strip():
                missing.append(f"{tab}: {type(widget).__name__} {widget.objectName()!r} "
                               f"in {type(widget.parentWidget()).__name__} {widget.toolTip()!r}")
    assert checked > 30
    assert missing == [], "\n".join(missing)
    bar = window.catalogue_view.filter_bar
    assert bar.split_combo.accessibleName() == "Split filter"
    assert window.catalogue_view.detail.accessibleName()


def test_a_grid_item_says_its_split_unsure_and_flagged_state(
        qtbot: QtBot, window: MainWindow, trained: TrainedRun) -> None:  # noqa: F811
    view = window.catalogue_view
    model = view.model
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    first = model.row_at(0)
    with trained.catalogue.write() as session:
        set_unsure(session, [first.id], True, actor="carol")
    model.refresh_rows([first.id])
    text = model.index(0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert first.file_name in text
    assert f"split {first.split}" in text
    assert "unsure" in text and "not flagged" in text
    sure = model.index(1).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "sure" in sure and "unsure" not in sure
    with trained.catalogue.write() as session:
        set_unsure(session, [first.id], False, actor="carol")


def test_u_is_a_window_shortcut_that_does_not_fire_while_typing(
        qtbot: QtBot, window: MainWindow, trained: TrainedRun) -> None:  # noqa: F811
    assert window.unsure_action.shortcut() == QKeySequence("U")
    view = window.catalogue_view
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    view.select_row(0)
    image_id = view.model.row_at(0).id
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    def unsure() -> bool:
        with trained.catalogue.read() as session:
            from reviewer.catalogue.schema import Image
            return bool(session.get(Image, image_id).unsure)

    before = unsure()
    combo = view.filter_bar.split_combo  # the focus on the filter bar, not the grid
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    qtbot.keyClick(combo, Qt.Key.Key_U)
    qtbot.waitUntil(lambda: unsure() != before)
    search = view.filter_bar.search_edit
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    qtbot.keyClick(search, Qt.Key.Key_U)
    assert search.text() == "u"  # typed, not a shortcut
    assert unsure() != before
    qtbot.keyClick(view.grid, Qt.Key.Key_U)  # the grid still toggles, once per key
    qtbot.waitUntil(lambda: unsure() == before)
    search.clear()
