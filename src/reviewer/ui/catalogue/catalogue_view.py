"""The "Catalogue" tab: filters, the thumbnail grid with its key legend, and the
detail pane; an empty-state page when the catalogue has no images yet, and "No
match — Clear filters" when a filter matches nothing.

The keys that label (1–9, 0, U), and H (the heat map over the photo), work wherever the keyboard is in this screen except
in the search box, where they type. There is always a current image, selected and on
screen: after start-up, after a filter change and after scrolling (a scroll that
leaves it behind moves it to the first image in view), so a key never labels an image
the curator cannot see. A key that would change more than ``bulk_threshold`` images
asks first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from reviewer.catalogue import suggestions
from reviewer.catalogue.categories import CategoryInfo, list_categories
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.queries import ImageRow, count_images
from reviewer.catalogue.suggestions import SourceInfo
from reviewer.errors import UserError
from reviewer.ui.catalogue.accept_confirm import BULK_ACCEPT_AT, confirm_accept
from reviewer.ui.catalogue.bulk_confirm import DEFAULT_THRESHOLD, confirm_bulk
from reviewer.ui.catalogue.colleague_changes import ColleagueChanges
from reviewer.ui.catalogue.detail_view import DetailView
from reviewer.ui.catalogue.empty_state import EmptyState
from reviewer.ui.catalogue.filter_bar import FilterBar
from reviewer.ui.catalogue.key_legend import KeyLegend
from reviewer.ui.catalogue.labelling import LabelKeyFilter, Labeller
from reviewer.ui.catalogue.no_match import NoMatch
from reviewer.ui.common.notices import show_notice
from reviewer.ui.common.translation import counted
from reviewer.ui.dialogs.image_viewer import ImageViewer
from reviewer.ui.grid.image_grid_model import ImageGridModel
from reviewer.ui.grid.image_grid_view import ImageGridView
from reviewer.ui.grid.thumbnail_delegate import DEFAULT_THUMB, ThumbnailDelegate
from reviewer.ui.grid.thumbnail_loader import ThumbnailLoader

DETAIL_DELAY_MS = 60
CATEGORY_COUNTS_DELAY_MS = 1500
GRID_SPACING = 6
WARM_DELAY_MS = 10
PREFETCH_DELAY_MS = 20  # after the scroll and its paint have been handled
FOLLOW_SCROLL_MS = 300  # after scrolling stops, the current image follows into view
TYPING_WIDGETS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)


class CatalogueView(QWidget):
    """Browse, filter and label one catalogue."""

    importRequested = Signal()
    demoRequested = Signal()
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
        self.bulk_threshold = DEFAULT_THRESHOLD  # a key over more images than this asks
        self.confirm_bulk: Callable[[QWidget, int, str], bool] = confirm_bulk
        self.confirm_accept: Callable[[QWidget, int, float, SourceInfo | None], bool] = \
            confirm_accept
        self.last_notice: QMessageBox | None = None
        self.last_viewer: ImageViewer | None = None
        self._names: dict[int, str] = {}

        self.filter_bar = FilterBar()
        self.delegate = ThumbnailDelegate(thumb_size)
        self.loader = ThumbnailLoader(catalogue, size=self.delegate.thumb_qsize(), parent=self)
        self.model = ImageGridModel(catalogue, self.loader, self)
        self.grid = ImageGridView()
        self._setup_grid()
        self.labeller = Labeller(catalogue, actor, self)
        self.key_filter = LabelKeyFilter(self, active=self.isVisible, heat_map=True)
        self.grid.installEventFilter(self.key_filter)
        self.legend = KeyLegend()
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.detail = DetailView(catalogue)
        self._actor = actor
        self.colleagues = ColleagueChanges(catalogue, self)
        self.empty_state = EmptyState()
        self.no_match = NoMatch()
        self.grid_stack = QStackedWidget()
        self.grid_stack.addWidget(self.grid)
        self.grid_stack.addWidget(self.no_match)

        grid_side = QWidget()
        grid_layout = QVBoxLayout(grid_side)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.setSpacing(0)
        grid_layout.addWidget(self.count_label)
        grid_layout.addWidget(self.grid_stack, 1)
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
        self._follow_timer = QTimer(self)  # the current image follows a scroll
        self._follow_timer.setSingleShot(True)
        self._follow_timer.setInterval(FOLLOW_SCROLL_MS)
        self._follow_timer.timeout.connect(self.keep_current_in_view)
        self._prefetch_timer = QTimer(self)  # thumbnails of the next screens, when idle
        self._prefetch_timer.setSingleShot(True)
        self._prefetch_timer.setInterval(PREFETCH_DELAY_MS)
        self._prefetch_timer.timeout.connect(self.prefetch_thumbnails)
        self._warm_timer = QTimer(self)  # cells of the next screen drawn ahead, when idle
        self._warm_timer.setSingleShot(True)
        self._warm_timer.setInterval(WARM_DELAY_MS)
        self._warm_timer.timeout.connect(self._warm_next_screen)
        self.loader.ready.connect(lambda _ids: self._warm_timer.start())

        self.filter_bar.changed.connect(self.apply_filter)
        self.model.totalChanged.connect(self._show_count)
        self.model.failed.connect(self._on_read_failed)
        self.model.modelReset.connect(self._detail_timer.start)
        self.grid.selectionModel().selectionChanged.connect(self._on_selection)
        self.grid.selectionModel().currentChanged.connect(self._on_selection)
        self.key_filter.slotPressed.connect(self.label_with_slot)
        self.key_filter.unsurePressed.connect(self.toggle_unsure)
        self.key_filter.acceptPressed.connect(self.accept_suggestions)
        self.key_filter.heatMapPressed.connect(self.toggle_heat_map)
        self.labeller.changed.connect(self._on_labelled)
        self.labeller.restored.connect(self._on_restored)
        self.no_match.clearRequested.connect(self.filter_bar.clear)
        bar = self.grid.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.sliderPressed.connect(lambda: self.model.hold_reads(True))
        bar.sliderReleased.connect(self._on_slider_released)
        self.grid.doubleClicked.connect(self.open_large)
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.grid.customContextMenuRequested.connect(self._show_menu)
        self.labeller.failed.connect(self._on_label_failed)
        self.colleagues.changed.connect(self._on_colleague_changes)
        self.empty_state.importRequested.connect(self.importRequested)
        self.empty_state.demoRequested.connect(self.demoRequested)
        for combo in self.filter_bar.findChildren(QComboBox):
            combo.activated.connect(self._back_to_grid)  # arrows move images, not filters
        self.filter_bar.search_edit.returnPressed.connect(self._back_to_grid)
        self._screen_hooked = False
        self._install_key_filter()
        self.refresh()

    def _setup_grid(self) -> None:
        grid = self.grid
        grid.setItemDelegate(self.delegate)
        grid.setModel(self.model)
        cell = self.delegate.cell_size(grid.font())
        grid.set_cell(QSize(cell.width() + GRID_SPACING, cell.height() + GRID_SPACING))
        grid.setAccessibleName(self.tr("Images"))

    def _install_key_filter(self) -> None:
        """The labelling keys reach every widget of this screen that does not take
        typing (the search box does)."""
        for widget in [self, *self.findChildren(QWidget)]:
            if isinstance(widget, TYPING_WIDGETS):
                continue
            if isinstance(widget, QComboBox) and widget.isEditable():
                continue
            widget.installEventFilter(self.key_filter)

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
        """Run the filter bar's query; the first image becomes current, selected and
        shown (or "No match" when nothing matches)."""
        self._follow_timer.stop()
        self.model.set_query(self.filter_bar.image_filter(), self.filter_bar.sort_key(),
                             self.filter_bar.descending())
        nothing = self.model.rowCount() == 0 and not self.is_empty_state()
        self.no_match.set_search(self.filter_bar.image_filter().search)
        self.grid_stack.setCurrentWidget(self.no_match if nothing else self.grid)
        self.grid.verticalScrollBar().setValue(0)
        if self.model.rowCount():
            self.select_row(0)
        self._follow_timer.stop()
        self._prefetch_timer.start()

    def select_row(self, row: int, rows: list[int] | None = None) -> None:
        """Make ``row`` the current image, select it (or ``rows``) and show it."""
        index = self.model.index(row)
        selection = self.grid.selectionModel()
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if rows:
            chosen = QItemSelection()
            for other in rows:
                chosen.select(self.model.index(other), self.model.index(other))
            selection.select(chosen, QItemSelectionModel.SelectionFlag.Select)
        self.grid.scrollTo(index)

    def is_empty_state(self) -> bool:
        return self.stack.currentWidget() is self.empty_state

    def _show_count(self, total: int) -> None:
        if self.filter_bar.is_default():
            text = self.tr("{0} image(s)", "count of all images", total)
        else:
            text = self.tr("{0} image(s) match these filters", "", total)
        self.count_label.setText("  " + counted(text, total))

    def _on_read_failed(self, message: str) -> None:
        self.statusMessage.emit(message.split("\n", 1)[0])
        self.last_notice = show_notice(self, "Cannot read the catalogue", message)

    # --- selection and detail -----------------------------------------------------------

    def selected_count(self) -> int:
        """How many images a key would change: the selection, else the current one."""
        selection = self.grid.selectionModel()
        count = sum(r.bottom() - r.top() + 1 for r in selection.selection())
        if count == 0 and selection.currentIndex().isValid():
            return 1
        return count

    def selected_rows(self) -> list[ImageRow]:
        """The selected rows in grid order (read from the catalogue where they are not
        loaded); the current row when nothing is selected."""
        selection = self.grid.selectionModel()
        spans = sorted((r.top(), r.bottom()) for r in selection.selection())
        if not spans and selection.currentIndex().isValid():
            row = selection.currentIndex().row()
            spans = [(row, row)]
        seen: set[int] = set()
        rows: list[ImageRow] = []
        for first, last in spans:
            for row in self.model.rows_between(first, last):
                if row.id not in seen:
                    seen.add(row.id)
                    rows.append(row)
        return rows

    def select_all(self) -> None:
        """Select every matching image (one range, however many)."""
        self.grid.selectAll()

    def _on_selection(self, *_args: object) -> None:
        self._detail_timer.start()

    def _update_detail(self) -> None:
        selection = self.grid.selectionModel()
        count = self.selected_count() if selection.hasSelection() else 0
        if count > 1:
            labels: dict[str, int] | None = None
            if count <= 5000:
                labels = {}
                for row in self.selected_rows():
                    name = self.model.category_name(row) or "no category"
                    labels[name] = labels.get(name, 0) + 1
            self.detail.show_many(count, labels)
            return
        index = selection.currentIndex()
        if count == 1:
            index = self.model.index(min(r.top() for r in selection.selection()))
        current = self.model.row_or_none(index.row()) if index.isValid() else None
        if current is None:
            self.detail.show_nothing()
            return
        self.detail.show_image(current.id, self._names)

    # --- keeping the current image in view ------------------------------------------------

    def _on_scrolled(self, *_args: object) -> None:
        self._follow_timer.start()
        self._prefetch_timer.start()

    def _on_slider_released(self) -> None:
        self.model.hold_reads(False)
        self.grid.viewport().update()

    def prefetch_thumbnails(self) -> None:
        """When scrolling pauses: ask for the thumbnails of the screens above and below,
        so the next page shows its pictures in its first paint."""
        first, last = self.grid.visible_range()
        if last < first or self.grid.verticalScrollBar().isSliderDown():
            return
        span = last - first + 1
        ids: list[int] = []
        for row in [*range(last + 1, last + 1 + span), *range(max(0, first - span), first)]:
            found = self.model.row_or_none(row)
            if found is not None:
                ids.append(found.id)
        self.loader.prefetch(ids)
        self._warm_timer.start()

    def _warm_next_screen(self) -> None:
        """While idle: draw the cells of the screen below (those whose thumbnails have
        arrived) so that a page-down only copies them; a little at a time."""
        first, last = self.grid.visible_range()
        if last < first or self.grid.verticalScrollBar().isSliderDown():
            return
        span = last - first + 1
        if not self.grid.prepare_rows(last + 1, last + span):
            self._warm_timer.start()

    def keep_current_in_view(self) -> None:
        """After a scroll that left the current image out of view (wheel, scroll bar),
        the first image in view becomes current and selected; a selection of several
        images stays as it is (a key then asks or says how many it changes)."""
        self._follow_timer.stop()
        if self.model.rowCount() == 0 or self.grid_stack.currentWidget() is not self.grid:
            return
        current = self.grid.currentIndex()
        first, last = self.grid.fully_visible_range()
        if last < first or (current.isValid() and first <= current.row() <= last):
            return
        if self.selected_count() > 1:
            return
        self.select_row(first)

    # --- mouse ----------------------------------------------------------------------------

    def open_large(self, index: QModelIndex) -> None:
        """The image under a double-click, large, in a window of its own."""
        row = self.model.row_or_none(index.row()) if index.isValid() else None
        if row is None:
            return
        viewer = ImageViewer(self.catalogue, row.id, self)
        self.last_viewer = viewer
        viewer.destroyed.connect(self._forget_viewer)
        viewer.show()

    def _forget_viewer(self, *_args: object) -> None:
        self.last_viewer = None

    def _show_menu(self, position: QPoint) -> None:
        menu = self.grid_menu(position)
        if menu is not None:
            menu.popup(self.grid.viewport().mapToGlobal(position))

    def grid_menu(self, position: QPoint) -> QMenu | None:
        """The grid's context menu at ``position``: "Label as ▸" every active category
        (with its key), no category, unsure, and "Open large". A right-click on an
        image outside the selection selects that image first, as file managers do."""
        index = self.grid.indexAt(position)
        if not index.isValid():
            return None
        selection = self.grid.selectionModel()
        if not selection.isSelected(index):
            self.select_row(index.row())
        count = self.selected_count()
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        label_menu = menu.addMenu(counted(self.tr("Label {0} image(s) as", "", count), count)
                                  if count > 1 else self.tr("Label as"))
        try:
            active = self.labeller.load_categories()
        except UserError as exc:
            self._on_read_failed(str(exc))
            return None
        keys = {c.id: i for i, c in enumerate(self.labeller.key_categories)}
        for category in active:
            slot = keys.get(category.id)
            text = category.name + (f"\t{(slot + 1) % 10}" if slot is not None else "")
            action = QAction(text, label_menu)
            action.triggered.connect(lambda _=False, name=category.name: self.label_as(name))
            label_menu.addAction(action)
        label_menu.addSeparator()
        none = label_menu.addAction(self.tr("No category"))
        none.triggered.connect(lambda _=False: self.label_as(None))
        unsure = menu.addAction(self.tr("Toggle unsure") + "\tU")
        unsure.triggered.connect(self.toggle_unsure)
        accept = menu.addAction("Accept suggestion\tEnter")
        accept.triggered.connect(self.accept_suggestions)
        accept.setEnabled(any(self.model.suggestion(r) for r in self.selected_rows()[:1000]))
        menu.addSeparator()
        large = menu.addAction(self.tr("Open large") + "\t" + self.tr("double-click"))
        large.triggered.connect(lambda _=False: self.open_large(index))
        return menu

    # --- labelling ----------------------------------------------------------------------

    def label_with_slot(self, slot: int) -> None:
        """Number key ``slot`` (0 for key 1 … 9 for key 0) on the selected images."""
        category = self.labeller.category_for_slot(slot)
        if category is None:
            self.statusMessage.emit(f"No category on key {(slot + 1) % 10}.")
            return
        self.label_as(category.name)

    def _target_rows(self, what: str) -> list[ImageRow] | None:
        """The rows a key acts on, after asking when they are many; None: nothing."""
        if self.is_empty_state() or self.grid_stack.currentWidget() is not self.grid:
            self.statusMessage.emit("No image to label here.")
            return None
        if self._follow_timer.isActive():
            self.keep_current_in_view()
        count = self.selected_count()
        if count == 0:
            self.statusMessage.emit("Select an image first.")
            return None
        if count > self.bulk_threshold and not self.confirm_bulk(self, count, what):
            self.statusMessage.emit(counted(self.tr("Nothing changed ({0} image(s) selected).",
                                                    "", count), count))
            return None
        rows = self.selected_rows()
        if not rows:
            self.statusMessage.emit("Select an image first.")
            return None
        return rows

    def label_as(self, category: str | None) -> None:
        """Label the selected images as ``category`` (None: no category)."""
        rows = self._target_rows(f"label as {category or 'no category'}")
        if rows is None:
            return
        if self.labeller.assign(rows, category) and len(rows) == 1 and self.auto_advance:
            self._advance()

    def toggle_unsure(self) -> None:
        rows = self._target_rows("toggle unsure")
        if rows:
            self.labeller.toggle_unsure(rows)

    def accept_suggestions(self) -> None:
        """Enter or A: the selected unlabelled images take their suggested category."""
        rows = self._target_rows("accept the suggestions of")
        if rows is None:
            return
        if not any(self.model.suggestion(r) for r in rows):
            self.statusMessage.emit("No suggestion here: the image is labelled, or no "
                                    "suggestions were computed yet (Edit › Refresh "
                                    "suggestions).")
            return
        if self.labeller.accept_suggestions(rows) and len(rows) == 1 and self.auto_advance:
            self._advance()

    def accept_all_shown(self, threshold: float = BULK_ACCEPT_AT) -> bool:
        """Accept every suggestion ≥ ``threshold`` among the images the filter shows,
        after a confirmation that says how many and at what measured precision."""
        flt = self.model.image_filter
        try:
            with self.catalogue.read() as session:
                count = suggestions.count_open(session, min_confidence=threshold, shown=flt)
                source = suggestions.source_info(session)
        except UserError as exc:
            self._on_read_failed(str(exc))
            return False
        if count == 0:
            self.statusMessage.emit(
                f"No suggestion ≥ {100 * threshold:.0f} % among the images shown.")
            return False
        if not self.confirm_accept(self, count, threshold, source):
            self.statusMessage.emit("Nothing accepted.")
            return False
        return self.labeller.accept_shown(flt, threshold)

    def toggle_heat_map(self) -> None:
        """H: the detail pane shows (or hides) what the newest run looked at in the photo."""
        if self.is_empty_state():
            return
        if self.detail.isHidden():
            self.statusMessage.emit("The detail pane is hidden: View ▸ Detail pane shows it.")
            return
        self.detail.toggle_heat_map()

    def undo(self) -> None:
        self.labeller.undo()

    def redo(self) -> None:
        self.labeller.redo()

    def _advance(self) -> None:
        next_row = self.grid.selectionModel().currentIndex().row() + 1
        if next_row < self.model.rowCount():
            self.select_row(next_row)

    def _on_restored(self, image_ids: list[int], message: str) -> None:
        """After undo or redo: re-read the rows and select what changed."""
        self._on_labelled(image_ids, message)
        self._follow_timer.stop()
        rows: list[int] = []
        lookups = 5  # where unloaded images are costs a query each: find the first few
        for image_id in image_ids[:1000]:
            row = self.model.row_of(image_id)
            if row is None and lookups:
                lookups -= 1
                row = self.model.locate(image_id)
            if row is not None:
                rows.append(row)
        if rows:
            rows.sort()
            self.select_row(rows[0], rows)
        self._follow_timer.stop()

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
        settings.setValue("catalogue/bulkConfirmThreshold", self.bulk_threshold)

    def restore_state(self, settings: QSettings) -> None:
        for key, splitter in (("catalogue/splitter", self.splitter),
                              ("catalogue/detailSplitter", self.detail.splitter)):
            state = settings.value(key)
            if state is not None:
                splitter.restoreState(state)
        self.auto_advance = str(settings.value("catalogue/autoAdvance", True)).lower() != "false"
        try:
            self.bulk_threshold = max(1, int(settings.value("catalogue/bulkConfirmThreshold",
                                                            DEFAULT_THRESHOLD)))
        except (TypeError, ValueError):
            self.bulk_threshold = DEFAULT_THRESHOLD

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
        self._follow_timer.stop()
        self._prefetch_timer.stop()
        self._warm_timer.stop()
        self.loader.shutdown()
        self.detail.shutdown()
