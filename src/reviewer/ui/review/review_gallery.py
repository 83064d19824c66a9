"""The gallery of one review queue: the confusion-cell gallery's grid and keys
(1–9, 0 relabel, U unsure, Ctrl+Z undo, C / Enter confirm), where confirming is
remembered as a review event so the image is not suggested again."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QWidget

from reviewer.catalogue.categories import list_categories
from reviewer.catalogue.db import Catalogue
from reviewer.curation import confirmations
from reviewer.errors import UserError
from reviewer.ui.common.translation import counted
from reviewer.ui.grid.thumbnail_loader import ThumbnailLoader
from reviewer.ui.review.review_items import Queue, image_rows
from reviewer.ui.runs.cell_gallery import CellGallery
from reviewer.ui.runs.cell_gallery_model import CellGalleryModel, GalleryItem


class ReviewGalleryModel(CellGalleryModel):
    """The cell gallery's model filled from a review queue instead of a confusion cell."""

    why: dict[int, str]

    def set_queue(self, catalogue: Catalogue, queue: Queue) -> None:
        self.beginResetModel()
        self.cell = None
        self._items, self._row_of, self.missing = [], {}, 0
        self.why = {}
        try:
            with catalogue.read() as session:
                self._names = {c.id: c.name for c in
                               list_categories(session, include_retired=True)}
            rows = image_rows(catalogue, [e.image_id for e in queue.entries])
        except UserError as exc:
            self.endResetModel()
            self.failed.emit(str(exc))
            return
        names = sorted({n for e in queue.entries for n in (e.label, e.other) if n})
        self._classes = names
        for e in queue.entries:
            row = rows.get(e.image_id)
            if row is None:
                self.missing += 1
                continue
            top = []
            if e.other:
                top.append((names.index(e.other), e.other_p))
                if e.label:
                    top.append((names.index(e.label), e.label_p))
            label_index = names.index(e.label) if e.label else -1
            other_index = names.index(e.other) if e.other else label_index
            self._row_of[e.image_id] = len(self._items)
            self._items.append(GalleryItem(e.image_id, label_index, other_index, e.score, top,
                                           row))
            self.why[e.image_id] = e.why
        self.endResetModel()

    def _tooltip(self, item: GalleryItem) -> str:
        current = self.category_name(item.row) or "no category"
        lines = [item.row.file_name,
                 f"Label now: {current}" + (" (unsure)" if item.row.unsure else ""),
                 self.why.get(item.image_id, "")]
        if item.reviewed:
            lines.append("Reviewed")
        return "\n".join(line for line in lines if line)


class ReviewGallery(CellGallery):
    """One queue in the gallery window; confirming records a review event."""

    def __init__(self, catalogue: Catalogue, loader: ThumbnailLoader,
                 actor: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(catalogue, loader, actor, parent)
        self.actor = actor
        self.model: ReviewGalleryModel = ReviewGalleryModel(catalogue, loader, self)
        self.model.failed.connect(self._show_error)
        self.grid.setModel(self.model)
        self.grid.setAccessibleName("Images of the review queue")
        self.retrain_button.hide()
        self.queue: Queue | None = None

    def show_queue(self, queue: Queue) -> None:
        self.queue = queue
        self.labeller.load_categories()
        self.legend.set_categories(self.labeller.key_categories)
        self.model.set_queue(self.catalogue, queue)
        n = self.model.rowCount()
        self.heading.setText(counted(self.tr("{1}: {0} image(s)", "", n), n, queue.title))
        self.summary.setText(queue.summary)
        self.setWindowTitle(f"Review — {queue.title}")
        self._set_status("")
        self._update_counts()
        self.retrain_button.hide()
        if n:
            self.grid.selectionModel().setCurrentIndex(
                self.model.index(0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.show()
        self.raise_()
        self.activateWindow()
        self.grid.setFocus()

    def confirm(self) -> None:
        """Keep the label; for a suggestion queue, remember the verdict as an event."""
        rows = self.selected_rows()
        if not rows or self.queue is None:
            return
        if self.queue.kind != "similar":
            try:
                with self.catalogue.write() as session:
                    confirmations.confirm(session, [r.id for r in rows], self.queue.kind,
                                          actor=self.actor())
            except UserError as exc:
                self._set_status(str(exc).split("\n", 1)[0], error=True)
                return
        super().confirm()
