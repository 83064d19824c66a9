"""The "Catalogue" tab: filters, the thumbnail grid with its key legend, and the
detail pane; an empty-state page when the catalogue has no images yet."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QItemSelectionModel,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QListView,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from reviewer.catalogue.categories import CategoryInfo, list_categories
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.queries import ImageRow, count_images
from reviewer.errors import UserError
from reviewer.ui.catalogue.colleague_changes import ColleagueChanges
from reviewer.ui.catalogue.detail_view import DetailView
from reviewer.ui.catalogue.empty_state import EmptyState
from reviewer.ui.catalogue.filter_bar import FilterBar
from reviewer.ui.catalogue.key_legend import KeyLegend
from reviewer.ui.catalogue.labelling import LabelKeyFilter, Labeller
from reviewer.ui.common.notices import show_notice
from reviewer.ui.grid.image_grid_model import ImageGridModel
from reviewer.ui.grid.thumbnail_delegate import DEFAULT_THUMB, ThumbnailDelegate
from reviewer.ui.grid.thumbnail_loader import ThumbnailLoader

DETAIL_DELAY_MS = 60
CATEGORY_COUNTS_DELAY_MS = 1500
GRID_SPACING = 6


class _Grid(QListView):
    """The icon grid: columns spread over the whole width; typing letters does not
    jump around (number keys label)."""

    def __init__(self) -> None:
        super().__init__()
        self._cell = QSize()

    def set_cell(self, cell: QSize) -> None:
        self._cell = QSize(cell)
        self._fit_columns()

    def keyboardSearch(self, search: str) -> None:
        return

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        if self._cell.isEmpty():
            return
        width = self.viewport().width() - 1
        columns = max(1, width // self._cell.width())
        grid = QSize(max(width // columns, self._cell.width()), self._cell.height())
        if grid != self.gridSize():
            self.setGridSize(grid)


class CatalogueView(QWidget):
    """Browse, filter and label one catalogue."""

    importRequested = Signal()
    catalogueEdited = Signal()
    statusMessage = Signal(str)

    def __init__(
        self,
        catalogue: Catalogue,
        actor: Callable[[], str],
        parent: QWidget | None = None,
        *,
        thumb_size: int = DEFAULT_THUMB,
    ) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.auto_advance = True
        self.last_notice: QMessageBox | None = None
        self._names: dict[int, str] = {}

        self.filter_bar = FilterBar()
        self.delegate = ThumbnailDelegate(thumb_size)
        self.loader = ThumbnailLoader(catalogue, size=self.delegate.thumb_qsize(), parent=self)
        self.model = ImageGridModel(catalogue, self.loader, self)
        self.grid = _Grid()
        self._setup_grid()
        self.labeller = Labeller(catalogue, actor, self)
        self.key_filter = LabelKeyFilter(self)
        self.grid.installEventFilter(self.key_filter)
        self.legend = KeyLegend()
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.detail = DetailView(catalogue)
        self._actor = actor
        self.colleagues = ColleagueChanges(catalogue, self)
        self.empty_state = EmptyState()

        grid_side = QWidget()
        grid_layout = QVBoxLayout(grid_side)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.setSpacing(0)
        grid_layout.addWidget(self.count_label)
        grid_layout.addWidget(self.grid, 1)
        grid_layout.addWidget(self.legend)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(grid_side)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([1000, 380])
        browser = QWidget()
        browser_layout = QVBoxLayout(browser)
        browser_layout.setContentsMargins(0, 0, 0, 0)
        browser_layout.addWidget(self.filter_bar)
        browser_layout.addWidget(self.splitter, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(browser)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self._categories_timer = QTimer(self)  # counts per category: after a pause
        self._categories_timer.setSingleShot(True)
        self._categories_timer.setInterval(CATEGORY_COUNTS_DELAY_MS)
        self._categories_timer.timeout.connect(self.reload_categories)
        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.setInterval(DETAIL_DELAY_MS)
        self._detail_timer.timeout.connect(self._update_detail)

        self.filter_bar.changed.connect(self.apply_filter)
        self.model.totalChanged.connect(self._show_count)
        self.model.failed.connect(self._on_read_failed)
        self.model.modelReset.connect(self._detail_timer.start)
        self.grid.selectionModel().selectionChanged.connect(self._on_selection)
        self.grid.selectionModel().currentChanged.connect(self._on_selection)
        self.key_filter.slotPressed.connect(self.label_with_slot)
        self.key_filter.unsurePressed.connect(self.toggle_unsure)
        self.labeller.changed.connect(self._on_labelled)
        self.labeller.failed.connect(self._on_label_failed)
        self.colleagues.changed.connect(self._on_colleague_changes)
        self.empty_state.importRequested.connect(self.importRequested)
        for combo in self.filter_bar.findChildren(QComboBox):
            combo.activated.connect(self._back_to_grid)  # arrows move images, not filters
        self.filter_bar.search_edit.returnPressed.connect(self._back_to_grid)
        self._screen_hooked = False
        self.refresh()

    def _setup_grid(self) -> None:
        grid = self.grid
        grid.setViewMode(QListView.ViewMode.IconMode)
        grid.setMovement(QListView.Movement.Static)
        grid.setResizeMode(QListView.ResizeMode.Adjust)
        grid.setFlow(QListView.Flow.LeftToRight)
        grid.setWrapping(True)
        grid.setUniformItemSizes(True)
        grid.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        grid.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        grid.setItemDelegate(self.delegate)
        grid.setModel(self.model)
        grid.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # steady columns
        cell = self.delegate.cell_size(grid.font())
        grid.set_cell(QSize(cell.width() + GRID_SPACING, cell.height() + GRID_SPACING))
        grid.verticalScrollBar().setSingleStep(cell.height() // 4)
        grid.setAccessibleName("Images")

    # --- loading ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Categories, the empty state and the grid, read again (the filter stays)."""
        self.reload_categories()
        try:
            with self.catalogue.read() as session:
                empty = count_images(session) == 0
        except UserError as exc:
            self._on_read_failed(str(exc))
            empty = False
        self.stack.setCurrentWidget(self.empty_state if empty else self.stack.widget(1))
        self.apply_filter()

    def reload_categories(self) -> None:
        try:
            with self.catalogue.read() as session:
                infos: list[CategoryInfo] = list_categories(session, include_retired=True)
            self.labeller.load_categories()
        except UserError as exc:
            self._on_read_failed(str(exc))
            return
        self._names = {c.id: c.name for c in infos}
        self.model.set_categories(self._names)
        self.filter_bar.set_categories(infos)
        self.legend.set_categories(self.labeller.key_categories)

    def apply_filter(self) -> None:
        self.model.set_query(self.filter_bar.image_filter(), self.filter_bar.sort_key(),
                             self.filter_bar.descending())
        if self.model.rowCount() and self.grid.selectionModel() is not None:
            self.grid.selectionModel().setCurrentIndex(
                self.model.index(0), QItemSelectionModel.SelectionFlag.NoUpdate)

    def is_empty_state(self) -> bool:
        return self.stack.currentWidget() is self.empty_state

    def _show_count(self, total: int) -> None:
        word = "image matches" if total == 1 else "images match"
        scope = "" if self.filter_bar.is_default() else " these filters"
        self.count_label.setText(f"  {total:,} {word}{scope}")

    def _on_read_failed(self, message: str) -> None:
        self.statusMessage.emit(message.split("\n", 1)[0])
        self.last_notice = show_notice(self, "Cannot read the catalogue", message)

    # --- selection and detail -----------------------------------------------------------

    def selected_rows(self) -> list[ImageRow]:
        """The selected rows in grid order; the current row when nothing is selected."""
        selection = self.grid.selectionModel()
        rows = sorted({i.row() for i in selection.selectedIndexes()})
        if not rows and selection.currentIndex().isValid():
            rows = [selection.currentIndex().row()]
        return [self.model.row_at(r) for r in rows if r < self.model.rowCount()]

    def select_all(self) -> None:
        """Load every matching image, then select them all."""
        self.model.fetch_all()
        self.grid.selectAll()

    def _on_selection(self, *_args: object) -> None:
        self._detail_timer.start()

    def _update_detail(self) -> None:
        selection = self.grid.selectionModel()
        selected = selection.selectedIndexes()
        count = len(selected)
        if count > 1:
            labels: dict[str, int] = {}
            for index in selected[:5000]:
                row = self.model.row_at(index.row())
                name = self.model.category_name(row) or "no category"
                labels[name] = labels.get(name, 0) + 1
            self.detail.show_many(count, labels if count <= 5000 else None)
            return
        index = selection.currentIndex() if count == 0 else selected[0]
        if not index.isValid() or index.row() >= self.model.rowCount():
            self.detail.show_nothing()
            return
        self.detail.show_image(self.model.row_at(index.row()).id, self._names)

    # --- labelling ----------------------------------------------------------------------

    def label_with_slot(self, slot: int) -> None:
        """Number key ``slot`` (0 for key 1 … 9 for key 0) on the selected images."""
        category = self.labeller.category_for_slot(slot)
        if category is None:
            self.statusMessage.emit(f"No category on key {(slot + 1) % 10}.")
            return
        rows = self.selected_rows()
        if not rows:
            self.statusMessage.emit("Select an image first.")
            return
        if self.labeller.assign(rows, category.name) and len(rows) == 1 and self.auto_advance:
            self._advance()

    def toggle_unsure(self) -> None:
        rows = self.selected_rows()
        if rows:
            self.labeller.toggle_unsure(rows)

    def undo(self) -> None:
        self.labeller.undo()

    def redo(self) -> None:
        self.labeller.redo()

    def _advance(self) -> None:
        current = self.grid.selectionModel().currentIndex()
        next_row = current.row() + 1
        if next_row >= self.model.rowCount() and self.model.canFetchMore():
            self.model.fetchMore()
        if next_row < self.model.rowCount():
            index = self.model.index(next_row)
            self.grid.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.grid.scrollTo(index)

    def _on_labelled(self, image_ids: list[int], message: str) -> None:
        if image_ids:
            self.model.refresh_rows(image_ids)
        else:
            self.model.refresh_loaded()
        self._categories_timer.start()
        self._detail_timer.start()
        self.statusMessage.emit(message)
        self.catalogueEdited.emit()

    def _on_colleague_changes(self, image_ids: list[int], actors: dict[int, str],
                              overflow: bool) -> None:
        """Another curator (or another window, or the command line) changed labels."""
        if overflow:
            self.model.refresh_loaded()
        else:
            self.model.refresh_rows(image_ids)
        self._categories_timer.start()
        shown = self.detail.image_id
        if shown is None or not (overflow or shown in actors):
            return
        self._detail_timer.start()
        who = actors.get(shown)
        position = self.model.row_of(shown)
        if who and who != self._actor() and position is not None:
            label = self.model.category_name(self.model.row_at(position)) or "no category"
            self.statusMessage.emit(f"{who} just changed image {shown}: now {label}.")

    def _on_label_failed(self, message: str, conflict: bool) -> None:
        self.statusMessage.emit(message.split("\n", 1)[0])
        if conflict:
            self.model.refresh_loaded()
            self._detail_timer.start()
            self.last_notice = show_notice(self, "Changed by someone else", message)
            self.catalogueEdited.emit()
        elif not message.startswith(("Nothing to undo", "Nothing to redo")):
            self.last_notice = show_notice(self, "Cannot change the label", message)

    # --- state --------------------------------------------------------------------------

    def save_state(self, settings: QSettings) -> None:
        settings.setValue("catalogue/splitter", self.splitter.saveState())
        settings.setValue("catalogue/detailSplitter", self.detail.splitter.saveState())
        settings.setValue("catalogue/autoAdvance", self.auto_advance)

    def restore_state(self, settings: QSettings) -> None:
        for key, splitter in (("catalogue/splitter", self.splitter),
                              ("catalogue/detailSplitter", self.detail.splitter)):
            state = settings.value(key)
            if state is not None:
                splitter.restoreState(state)
        self.auto_advance = str(settings.value("catalogue/autoAdvance", True)).lower() != "false"

    def _back_to_grid(self, *_args: object) -> None:
        if not self.is_empty_state():
            self.grid.setFocus()

    def _on_screen(self, *_args: object) -> None:
        """A new screen may have another pixel ratio: decode thumbnails for it."""
        self.loader.set_geometry(self.delegate.thumb_qsize(), self.devicePixelRatioF())
        self.grid.viewport().update()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        handle = self.window().windowHandle()
        if handle is not None and not self._screen_hooked:
            handle.screenChanged.connect(self._on_screen)
            self._screen_hooked = True
        self._on_screen()
        self._back_to_grid()

    def shutdown(self) -> None:
        """Join the background threads; call before the catalogue closes."""
        self.colleagues.stop()
        self._detail_timer.stop()
        self._categories_timer.stop()
        self.loader.shutdown()
        self.detail.shutdown()
