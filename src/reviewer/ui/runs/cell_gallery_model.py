"""The images of one confusion-matrix cell with their predicted probabilities: the list
model of the cell gallery (painted by ``cell_gallery_delegate``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from reviewer.catalogue.categories import list_categories
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.labels import chunks
from reviewer.catalogue.queries import ImageFilter, ImageRow, page_images
from reviewer.errors import UserError
from reviewer.training.run_readers import cell_images
from reviewer.ui.grid.image_grid_model import (
    CategoryRole,
    ImageIdRole,
    ImageRowRole,
    SplitRole,
    StaleRole,
    UnsureRole,
)
from reviewer.ui.grid.thumbnail_loader import ThumbnailLoader

AnyIndex = QModelIndex | QPersistentModelIndex
TopRole = Qt.ItemDataRole.UserRole + 50  # [(class name, probability, is the evaluated label)]
ReviewedRole = Qt.ItemDataRole.UserRole + 51
ConfidenceRole = Qt.ItemDataRole.UserRole + 52


@dataclass
class GalleryItem:
    image_id: int
    true_index: int
    predicted_index: int
    confidence: float
    top: list[tuple[int, float]]
    row: ImageRow
    reviewed: bool = False


class CellGalleryModel(QAbstractListModel):
    """The images of one cell, most confident first (the order of ``cell_images``)."""

    failed = Signal(str)

    def __init__(self, catalogue: Catalogue, loader: ThumbnailLoader | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._catalogue = catalogue
        self._loader = loader
        self._items: list[GalleryItem] = []
        self._row_of: dict[int, int] = {}
        self._names: dict[int, str] = {}
        self._classes: list[str] = []
        self.cell: tuple[int, int, int] | None = None
        self.missing = 0  # predicted images no longer in the catalogue
        if loader is not None:
            loader.ready.connect(self._on_thumbnails)

    def set_cell(self, evaluation_id: int, true_index: int, predicted_index: int,
                 class_names: list[str]) -> None:
        """Show the images of cell (``true_index``, ``predicted_index``) of the evaluation."""
        self.beginResetModel()
        self.cell = (evaluation_id, true_index, predicted_index)
        self._classes = list(class_names)
        self._items, self._row_of, self.missing = [], {}, 0
        try:
            cells = cell_images(self._catalogue, evaluation_id, true_index,
                                               predicted_index)
            with self._catalogue.read() as session:
                self._names = {c.id: c.name for c in list_categories(session, include_retired=True)}
                rows = {r.id: r for r in page_images(
                    session, ImageFilter(cell=self.cell), limit=len(cells) + 1)}
        except UserError as exc:
            self.endResetModel()
            self.failed.emit(str(exc))
            return
        for c in cells:
            row = rows.get(c.image_id)
            if row is None:
                self.missing += 1
                continue
            self._row_of[c.image_id] = len(self._items)
            self._items.append(GalleryItem(c.image_id, c.true_index, c.predicted_index,
                                           c.confidence, list(c.top), row))
        self.endResetModel()

    def image_ids(self) -> list[int]:
        return [item.image_id for item in self._items]

    def item(self, row: int) -> GalleryItem:
        return self._items[row]

    def class_name(self, index: int) -> str:
        return self._classes[index] if 0 <= index < len(self._classes) else f"class {index}"

    def category_name(self, row: ImageRow) -> str | None:
        if row.category_id is None:
            return None
        return self._names.get(row.category_id, f"category {row.category_id}")

    def reviewed_count(self) -> int:
        return sum(item.reviewed for item in self._items)

    def mark_reviewed(self, image_ids: Iterable[int]) -> None:
        positions = []
        for image_id in image_ids:
            position = self._row_of.get(image_id)
            if position is not None and not self._items[position].reviewed:
                self._items[position].reviewed = True
                positions.append(position)
        if positions:
            self.dataChanged.emit(self.index(min(positions)), self.index(max(positions)),
                                  [ReviewedRole])

    def refresh_rows(self, image_ids: Iterable[int] | None = None) -> None:
        """Read the labels of ``image_ids`` (all when None) again, in place."""
        ids = list(self._row_of) if image_ids is None else [
            i for i in dict.fromkeys(image_ids) if i in self._row_of]
        if not ids:
            return
        try:
            with self._catalogue.read() as session:
                self._names = {c.id: c.name for c in list_categories(session, include_retired=True)}
                fresh = {}
                for part in chunks(ids):
                    wanted = tuple(part)
                    for row in page_images(session, ImageFilter(image_ids=wanted), limit=len(wanted)):
                        fresh[row.id] = row
        except UserError as exc:
            self.failed.emit(str(exc))
            return
        positions = []
        for image_id, row in fresh.items():
            position = self._row_of[image_id]
            self._items[position].row = row
            positions.append(position)
        if positions:
            self.dataChanged.emit(self.index(min(positions)), self.index(max(positions)))

    # --- the model interface ----------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemNeverHasChildren)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        row = item.row
        if role == Qt.ItemDataRole.DisplayRole:
            return row.file_name
        if role == Qt.ItemDataRole.DecorationRole:
            return self._loader.get(row.id) if self._loader is not None else None
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._tooltip(item)
        if role == ImageRowRole:
            return row
        if role == ImageIdRole:
            return row.id
        if role == CategoryRole:
            return self.category_name(row)
        if role == UnsureRole:
            return row.unsure
        if role == StaleRole:
            return False
        if role == SplitRole:
            return row.split
        if role == TopRole:
            return [(self.class_name(c), p, c == item.true_index) for c, p in item.top]
        if role == ReviewedRole:
            return item.reviewed
        if role == ConfidenceRole:
            return item.confidence
        return None

    def _tooltip(self, item: GalleryItem) -> str:
        current = self.category_name(item.row) or "no category"
        lines = [
            item.row.file_name,
            f"Label now: {current}" + (" (unsure)" if item.row.unsure else ""),
            f"Label when evaluated: {self.class_name(item.true_index)}",
            "Predicted: " + ", ".join(f"{self.class_name(c)} {100 * p:.1f} %" for c, p in item.top),
        ]
        if item.reviewed:
            lines.append("Reviewed")
        return "\n".join(lines)

    def _on_thumbnails(self, image_ids: list[int]) -> None:
        positions = [self._row_of[i] for i in image_ids if i in self._row_of]
        if positions:
            self.dataChanged.emit(self.index(min(positions)), self.index(max(positions)),
                                  [Qt.ItemDataRole.DecorationRole])
