"""A window with exactly the images of one confusion-matrix cell and what the model
predicted for each; fix their labels with the catalogue grid's keys (1–9, 0, U,
Ctrl+Z), confirm a right label with C or Enter, then retrain with the corrections.

It is a separate, non-modal window so the analyst can keep it beside the matrix,
and so its keys never compete with the main window's shortcuts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.queries import ImageRow
from reviewer.ui.catalogue.key_legend import KeyLegend
from reviewer.ui.catalogue.labelling import LabelKeyFilter, Labeller
from reviewer.ui.common.colours import error_style
from reviewer.ui.common.notices import show_notice
from reviewer.ui.common.translation import counted
from reviewer.ui.grid.thumbnail_delegate import DEFAULT_THUMB
from reviewer.ui.grid.thumbnail_loader import ThumbnailLoader
from reviewer.ui.runs.cell_gallery_delegate import GalleryDelegate
from reviewer.ui.runs.cell_gallery_model import CellGalleryModel
from reviewer.ui.runs.confusion_model import plural
from reviewer.ui.runs.heat_map_panel import HEAT_KEY, HeatMapPanel

SPACING = 6


class GalleryGrid(QListView):
    """Icon grid whose columns fill the width; C, Enter and Return confirm; H toggles the
    heat map; undo and
    redo work here even where the window's shortcuts do not (an inactive window)."""

    confirmPressed = Signal()
    heatMapPressed = Signal()
    undoPressed = Signal()
    redoPressed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._cell = QSize()

    def set_cell(self, cell: QSize) -> None:
        self._cell = QSize(cell)
        self._fit()

    def keyboardSearch(self, search: str) -> None:
        return  # letters are commands here, not a search

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if plain == Qt.KeyboardModifier.NoModifier and event.key() in (
                Qt.Key.Key_C, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirmPressed.emit()
            return
        if plain == Qt.KeyboardModifier.NoModifier and event.key() == Qt.Key.Key_H:
            self.heatMapPressed.emit()
            return
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undoPressed.emit()
            return
        if event.matches(QKeySequence.StandardKey.Redo):
            self.redoPressed.emit()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self._cell.isEmpty():
            return
        width = self.viewport().width() - 1
        columns = max(1, width // self._cell.width())
        grid = QSize(max(width // columns, self._cell.width()), self._cell.height())
        if grid != self.gridSize():
            self.setGridSize(grid)


class CellGallery(QWidget):
    """Review the images behind one cell; label changes are undoable label events."""

    retrainRequested = Signal(int)  # run id
    labelsChanged = Signal(list)  # image ids relabelled ([]: undo/redo, re-read all)
    statusMessage = Signal(str)

    def __init__(self, catalogue: Catalogue, loader: ThumbnailLoader,
                 actor: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Confusion cell")
        self.catalogue = catalogue
        self.run_id: int | None = None
        self.last_notice: QMessageBox | None = None
        self.model = CellGalleryModel(catalogue, loader, self)
        self.model.failed.connect(self._show_error)
        self.delegate = GalleryDelegate(DEFAULT_THUMB, self)
        self.grid = GalleryGrid()
        self._setup_grid()
        self.labeller = Labeller(catalogue, actor, self)
        self.key_filter = LabelKeyFilter(self)
        self.grid.installEventFilter(self.key_filter)
        self.key_filter.slotPressed.connect(self.label_with_slot)
        self.key_filter.unsurePressed.connect(self.toggle_unsure)
        self.grid.confirmPressed.connect(self.confirm)
        self.grid.undoPressed.connect(self.labeller.undo)
        self.grid.redoPressed.connect(self.labeller.redo)
        self.labeller.changed.connect(self._on_labelled)
        self.labeller.restored.connect(lambda _ids, message: self._on_labelled([], message))
        self.labeller.failed.connect(self._on_label_failed)

        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.heading.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.legend = KeyLegend()
        self.confirm_hint = QLabel("<b>C</b> or <b>Enter</b>&nbsp;confirm (keep the label, go on) "
                                   f"&nbsp;·&nbsp; <b>{HEAT_KEY}</b>&nbsp;heat map "
                                   "&nbsp;·&nbsp; <b>Esc</b>&nbsp;close")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.retrain_button = QPushButton("&Retrain with corrections")
        self.retrain_button.setToolTip("Train a new run with this run's settings on the "
                                       "corrected labels (in the Training tab)")
        self.retrain_button.clicked.connect(self._retrain)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.retrain_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        self.heat_panel = HeatMapPanel(catalogue, self)
        self.heat_panel.hide()
        middle = QHBoxLayout()
        middle.addWidget(self.grid, 1)
        middle.addWidget(self.heat_panel)
        layout.addLayout(middle, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.confirm_hint)
        layout.addLayout(buttons)

        for standard, extra, slot in ((QKeySequence.StandardKey.Undo, "Ctrl+Z", self.labeller.undo),
                                      (QKeySequence.StandardKey.Redo, "Ctrl+Shift+Z",
                                       self.labeller.redo)):
            keys = list(QKeySequence.keyBindings(standard))
            if QKeySequence(extra) not in keys:
                keys.append(QKeySequence(extra))
            for key in keys:
                QShortcut(key, self).activated.connect(slot)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self).activated.connect(self.close)
        self.grid.heatMapPressed.connect(self.toggle_heat_map)
        self.grid.selectionModel().currentChanged.connect(lambda *_: self._update_heat_map())
        self.resize(1000, 720)

    def _setup_grid(self) -> None:
        grid = self.grid
        grid.setViewMode(QListView.ViewMode.IconMode)
        grid.setMovement(QListView.Movement.Static)
        grid.setResizeMode(QListView.ResizeMode.Adjust)
        grid.setWrapping(True)
        grid.setUniformItemSizes(True)
        grid.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        grid.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        grid.setItemDelegate(self.delegate)
        grid.setModel(self.model)
        grid.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        cell = self.delegate.cell_size(grid.font())
        grid.set_cell(QSize(cell.width() + SPACING, cell.height() + SPACING))
        grid.setAccessibleName("Images of the confusion cell")

    # --- heat map --------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.heat_panel.shutdown()
        super().closeEvent(event)

    def toggle_heat_map(self) -> None:
        """H: show or hide what the model looked at in the current image."""
        self.heat_panel.setVisible(not self.heat_panel.isVisible())
        self._update_heat_map()

    def _update_heat_map(self) -> None:
        if not self.heat_panel.isVisible() or self.run_id is None:
            return
        rows = self.selected_rows()
        if rows:
            self.heat_panel.show_image(self.run_id, rows[0].id)

    # --- showing a cell -------------------------------------------------------------

    def show_cell(self, run_id: int, evaluation_id: int, true_index: int, predicted_index: int,
                  class_names: list[str], *, run_name: str = "", split: str = "") -> None:
        """Load the images of the cell and bring the window up with the first selected."""
        self.run_id = run_id
        self.labeller.load_categories()
        self.legend.set_categories(self.labeller.key_categories)
        self.model.set_cell(evaluation_id, true_index, predicted_index, class_names)
        true_name, predicted = class_names[true_index], class_names[predicted_index]
        n = self.model.rowCount()
        what = (f"{plural(true_name, 2)} predicted correctly" if true_index == predicted_index
                else f"{plural(true_name, 2)} predicted as {predicted}")
        self.heading.setText(f"{n} {what}")
        where = f"Run {run_id}" + (f" ({run_name})" if run_name else "")
        where += f", {split} split" if split else ""
        gone = self.model.missing
        missing = (" " + counted(self.tr("{0} image(s) of the cell no longer in the "
                                         "catalogue.", "", gone), gone) if gone else "")
        self.summary.setText(f"{where}, evaluation {evaluation_id}. Most confident first; the "
                             f"bars are the model's top-3 probabilities (blue: the label it was "
                             f"evaluated against).{missing}")
        self.setWindowTitle(f"{true_name} → {predicted} — run {run_id}")
        self._set_status("")
        self._update_counts()
        if n:
            self.grid.selectionModel().setCurrentIndex(
                self.model.index(0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.show()
        self.raise_()
        self.activateWindow()
        self.grid.setFocus()

    # --- labelling ------------------------------------------------------------------

    def selected_rows(self) -> list[ImageRow]:
        selection = self.grid.selectionModel()
        rows = sorted({i.row() for i in selection.selectedIndexes()})
        if not rows and selection.currentIndex().isValid():
            rows = [selection.currentIndex().row()]
        return [self.model.item(r).row for r in rows if r < self.model.rowCount()]

    def label_with_slot(self, slot: int) -> None:
        category = self.labeller.category_for_slot(slot)
        if category is None:
            self._set_status(f"No category on key {(slot + 1) % 10}.")
            return
        rows = self.selected_rows()
        if rows:
            self.labeller.assign(rows, category.name)

    def toggle_unsure(self) -> None:
        rows = self.selected_rows()
        if rows:
            self.labeller.toggle_unsure(rows)

    def confirm(self) -> None:
        """Keep the label of the selected images, mark them reviewed and go on."""
        rows = self.selected_rows()
        if not rows:
            return
        self.model.mark_reviewed(r.id for r in rows)
        self._set_status(counted(self.tr("{0} image(s) confirmed.", "", len(rows)), len(rows)))
        self._update_counts()
        self._advance()

    def _on_labelled(self, image_ids: list[int], message: str) -> None:
        self.model.refresh_rows(image_ids or None)
        if image_ids:
            self.model.mark_reviewed(image_ids)
            if len(image_ids) == 1:
                self._advance()
        self._set_status(message)
        self._update_counts()
        self.labelsChanged.emit(list(image_ids))

    def _on_label_failed(self, message: str, conflict: bool) -> None:
        self._set_status(message.split("\n", 1)[0], error=True)
        if conflict:
            self.model.refresh_rows()
            self.labelsChanged.emit([])
            self.last_notice = show_notice(self, "Changed by someone else", message)

    def _advance(self) -> None:
        current = self.grid.selectionModel().currentIndex()
        next_row = current.row() + 1
        if next_row < self.model.rowCount():
            index = self.model.index(next_row)
            self.grid.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.grid.scrollTo(index)

    def _retrain(self) -> None:
        if self.run_id is not None:
            self.retrainRequested.emit(self.run_id)

    def _update_counts(self) -> None:
        n = self.model.rowCount()
        self.retrain_button.setEnabled(self.run_id is not None)
        self.confirm_hint.setToolTip(f"{self.model.reviewed_count()} of {n} reviewed")

    def _set_status(self, text: str, *, error: bool = False) -> None:
        reviewed = f"{self.model.reviewed_count()} of {self.model.rowCount()} reviewed"
        self.status.setStyleSheet(error_style(self.palette()) if error else "")
        self.status.setText(f"{text}  ({reviewed})" if text else reviewed)
        self.statusMessage.emit(text)

    def _show_error(self, message: str) -> None:
        self._set_status(message.split("\n", 1)[0], error=True)
