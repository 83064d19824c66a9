"""The thumbnail grid: fixed-size cells in reading order, laid out by arithmetic.

``QListView`` lays out every row of its model (in icon mode it keeps an item and a
tree node per row): 13–36 s and as long again at every reset for a million rows. Here
row ``r`` sits at column ``r % columns`` of grid row ``r // columns``, so geometry,
hit tests and painting cost the same for ten rows or ten million, and only the
visible cells are asked for their data. Selection, the keyboard (arrows, Page Up /
Down, Home / End with Shift and Ctrl), the mouse and the rubber band come from
``QAbstractItemView``; the selection model keeps ranges, so "select all" over a
million rows is one range.
"""

from __future__ import annotations

import time

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QPainter, QPaintEvent, QRegion, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyleOptionViewItem, QWidget

AnyIndex = QModelIndex | QPersistentModelIndex
MAX_SCROLL = 2**31 - 1


class ImageGridView(QAbstractItemView):
    """A uniform grid over a flat list model; the delegate paints each cell."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._min_cell = QSize(120, 120)
        self._cell = QSize(120, 120)
        self._columns = 1
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # steady columns
        self.setAutoScroll(True)

    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802
        old = self.model()
        if old is not None:
            for signal in (old.rowsInserted, old.rowsRemoved, old.modelReset, old.layoutChanged):
                signal.disconnect(self._on_rows)
        super().setModel(model)
        if model is not None:
            for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset,
                           model.layoutChanged):
                signal.connect(self._on_rows)
        self.updateGeometries()

    def _on_rows(self, *_args: object) -> None:
        self.updateGeometries()
        self.viewport().update()

    def keyboardSearch(self, search: str) -> None:  # noqa: N802
        """Typing does not jump to a file name (number keys label; it would also read
        every row)."""
        return

    # --- geometry -----------------------------------------------------------------------

    def set_cell(self, cell: QSize) -> None:
        """The smallest cell (item plus spacing); columns stretch to fill the width."""
        self._min_cell = QSize(cell)
        self._fit_columns()

    def gridSize(self) -> QSize:  # noqa: N802 (QListView's name, for callers of either)
        return QSize(self._cell)

    def columns(self) -> int:
        return self._columns

    def _count(self) -> int:
        model = self.model()
        return model.rowCount() if model is not None else 0

    def _grid_rows(self) -> int:
        return -(-self._count() // self._columns)

    def _fit_columns(self) -> None:
        width = max(1, self.viewport().width() - 1)
        columns = max(1, width // max(1, self._min_cell.width()))
        cell = QSize(max(width // columns, self._min_cell.width()), self._min_cell.height())
        if columns != self._columns or cell != self._cell:
            current = self.currentIndex()
            self._columns, self._cell = columns, cell
            self.updateGeometries()
            if current.isValid():
                self.scrollTo(current)
            self.viewport().update()

    def rows_per_page(self) -> int:
        return max(1, self.viewport().height() // max(1, self._cell.height()))

    def _content_rect(self, row: int) -> QRect:
        line, column = divmod(row, self._columns)
        return QRect(column * self._cell.width(), line * self._cell.height(),
                     self._cell.width(), self._cell.height())

    def updateGeometries(self) -> None:  # noqa: N802
        bar = self.verticalScrollBar()
        height = self.viewport().height()
        content = self._grid_rows() * self._cell.height()
        bar.setRange(0, min(MAX_SCROLL, max(0, content - height)))
        bar.setPageStep(max(1, height))
        bar.setSingleStep(max(1, self._cell.height() // 4))
        super().updateGeometries()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_columns()
        self.updateGeometries()

    def visible_range(self, area: QRect | None = None) -> tuple[int, int]:
        """First and last row with a cell in ``area`` (the viewport by default);
        (0, -1) when none."""
        area = area if area is not None else self.viewport().rect()
        count = self._count()
        if count == 0 or area.isEmpty():
            return 0, -1
        top = area.top() + self.verticalOffset()
        bottom = area.bottom() + self.verticalOffset()
        first = max(0, top // self._cell.height()) * self._columns
        last = min(count - 1, (bottom // self._cell.height() + 1) * self._columns - 1)
        return first, last

    def fully_visible_range(self) -> tuple[int, int]:
        """First and last row whose whole cell is inside the viewport."""
        count = self._count()
        if count == 0:
            return 0, -1
        height = self._cell.height()
        top = self.verticalOffset()
        first_line = -(-top // height)
        last_line = (top + self.viewport().height()) // height - 1
        if last_line < first_line:  # a viewport lower than a cell: the top one
            last_line = first_line = top // height
        first = first_line * self._columns
        last = min(count - 1, (last_line + 1) * self._columns - 1)
        return (first, last) if first <= last else (0, -1)

    # --- QAbstractItemView ------------------------------------------------------------------

    def visualRect(self, index: AnyIndex) -> QRect:  # noqa: N802
        if not index.isValid() or index.row() >= self._count():
            return QRect()
        return self._content_rect(index.row()).translated(0, -self.verticalOffset())

    def indexAt(self, point: QPoint) -> QModelIndex:  # noqa: N802
        model = self.model()
        if model is None or point.x() < 0 or point.y() < 0:
            return QModelIndex()
        column = point.x() // self._cell.width()
        line = (point.y() + self.verticalOffset()) // self._cell.height()
        row = line * self._columns + column
        if column >= self._columns or row >= self._count():
            return QModelIndex()
        return model.index(row, 0, self.rootIndex())

    def scrollTo(self, index: AnyIndex,  # noqa: N802
                 hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible
                 ) -> None:
        if not index.isValid():
            return
        rect = self._content_rect(index.row())
        bar = self.verticalScrollBar()
        top, height = bar.value(), self.viewport().height()
        hints = QAbstractItemView.ScrollHint
        if hint == hints.PositionAtTop:
            bar.setValue(rect.top())
        elif hint == hints.PositionAtBottom:
            bar.setValue(rect.bottom() + 1 - height)
        elif hint == hints.PositionAtCenter:
            bar.setValue(rect.top() - (height - rect.height()) // 2)
        elif rect.top() < top:
            bar.setValue(rect.top())
        elif rect.bottom() + 1 > top + height:
            bar.setValue(min(rect.top(), rect.bottom() + 1 - height))

    def horizontalOffset(self) -> int:  # noqa: N802
        return 0

    def verticalOffset(self) -> int:  # noqa: N802
        return self.verticalScrollBar().value()

    def isIndexHidden(self, index: AnyIndex) -> bool:  # noqa: N802
        return False

    def selectedIndexes(self) -> list[QModelIndex]:  # noqa: N802
        """Every selected index (nothing is hidden here; no per-index Python call)."""
        selection = self.selectionModel()
        return selection.selectedIndexes() if selection is not None else []

    def moveCursor(self, action: QAbstractItemView.CursorAction,  # noqa: N802
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        model, count = self.model(), self._count()
        if model is None or count == 0:
            return QModelIndex()
        current = self.currentIndex()
        if not current.isValid():
            return model.index(0, 0, self.rootIndex())
        row, columns = current.row(), self._columns
        page = self.rows_per_page() * columns
        moves = QAbstractItemView.CursorAction
        if action in (moves.MoveLeft, moves.MovePrevious):
            row -= 1
        elif action in (moves.MoveRight, moves.MoveNext):
            row += 1
        elif action == moves.MoveUp:
            row = row - columns if row >= columns else row
        elif action == moves.MoveDown:
            if row + columns < count:
                row += columns
            elif row // columns < (count - 1) // columns:  # the last line is shorter
                row = count - 1
        elif action == moves.MovePageUp:
            row = row - page if row >= page else row % columns
        elif action == moves.MovePageDown:
            row = row + page if row + page < count else count - 1
        elif action == moves.MoveHome:
            row = 0
        elif action == moves.MoveEnd:
            row = count - 1
        return model.index(max(0, min(count - 1, row)), 0, self.rootIndex())

    def setSelection(self, rect: QRect, command: QItemSelectionModel.SelectionFlag) -> None:  # noqa: N802
        model, selection_model = self.model(), self.selectionModel()
        count = self._count()
        if model is None or selection_model is None or count == 0:
            return
        area = rect.normalized().translated(0, self.verticalOffset())
        width, height = self._cell.width(), self._cell.height()
        first_line = max(0, area.top() // height)
        last_line = min(self._grid_rows() - 1, area.bottom() // height)
        first_column = max(0, area.left() // width)
        last_column = min(self._columns - 1, area.right() // width)
        selection = QItemSelection()
        if first_line <= last_line and first_column <= last_column:
            if first_column == 0 and last_column == self._columns - 1:
                lines = [(first_line * self._columns,
                          min(count - 1, (last_line + 1) * self._columns - 1))]
            else:
                lines = [(line * self._columns + first_column,
                          min(count - 1, line * self._columns + last_column))
                         for line in range(first_line, last_line + 1)]
            for first, last in lines:
                if first <= last:
                    selection.select(model.index(first, 0, self.rootIndex()),
                                     model.index(last, 0, self.rootIndex()))
        selection_model.select(selection, command)

    def visualRegionForSelection(self, selection: QItemSelection) -> QRegion:  # noqa: N802
        region = QRegion()
        first, last = self.visible_range()
        for selected in selection:
            top, bottom = max(first, selected.top()), min(last, selected.bottom())
            if top > bottom:
                continue
            top_line, bottom_line = top // self._columns, bottom // self._columns
            if top_line == bottom_line:
                rect = self.visualRect(selected.model().index(top, 0)).united(
                    self.visualRect(selected.model().index(bottom, 0)))
            else:
                rect = QRect(0, top_line * self._cell.height() - self.verticalOffset(),
                             self._columns * self._cell.width(),
                             (bottom_line - top_line + 1) * self._cell.height())
            region += rect
        return region

    def dataChanged(self, top_left: AnyIndex, bottom_right: AnyIndex,  # noqa: N802
                    roles: list[int] | None = None) -> None:
        """Repaint only the changed cells that are visible (not the whole viewport)."""
        first, last = self.visible_range()
        top, bottom = max(first, top_left.row()), min(last, bottom_right.row())
        if top <= bottom:
            model = self.model()
            region = QRegion()
            for row in range(top, bottom + 1):
                region += self.visualRect(model.index(row, 0, self.rootIndex()))
            self.viewport().update(region)

    def prepare_rows(self, first: int, last: int, budget_s: float = 0.008) -> bool:
        """Let the delegate draw the cells of rows ``first`` … ``last`` ahead of their
        paint (when it can: ``prepare``), within ``budget_s`` of time; True when every
        row is ready."""
        model, delegate = self.model(), self.itemDelegate()
        prepare = getattr(delegate, "prepare", None)
        if model is None or prepare is None:
            return True
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        deadline = time.perf_counter() + budget_s
        done = True
        for row in range(max(0, first), min(last, self._count() - 1) + 1):
            if time.perf_counter() > deadline:
                return False
            index = model.index(row, 0, self.rootIndex())
            option.rect = self.visualRect(index)
            done = prepare(option, index) and done
        return done

    # --- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        model, delegate = self.model(), self.itemDelegate()
        if model is None or delegate is None:
            return
        first, last = self.visible_range(event.rect())
        if last < first:
            return
        selection = self.selectionModel()
        current = self.currentIndex().row() if self.currentIndex().isValid() else -1
        focused = self.hasFocus()
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        base = option.state & ~(QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_HasFocus)
        if not focused:
            base &= ~QStyle.StateFlag.State_Active
        painter = QPainter(self.viewport())
        try:
            for row in range(first, last + 1):
                index = model.index(row, 0, self.rootIndex())
                state = base
                if selection is not None and selection.isSelected(index):
                    state |= QStyle.StateFlag.State_Selected
                if row == current and focused:
                    state |= QStyle.StateFlag.State_HasFocus
                option.state = state
                option.rect = self.visualRect(index)
                delegate.paint(painter, option, index)
        finally:
            painter.end()
