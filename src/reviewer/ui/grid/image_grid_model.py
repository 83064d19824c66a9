"""The grid's list model: image rows paged lazily from SQL.

Paging is fetchMore-only with keyset pages (``page_images(after=...)``, 200 rows a
page): each page costs the same however deep the user has scrolled, which OFFSET
paging (needed for random access behind an "honest" scroll bar) does not. The
number of matching images comes from ``count_images`` and is shown beside the
grid, so the user still knows how many there are.

After a label change the affected rows are re-read in place (``dataChanged``), so
the selection and the scroll position stay; a row that no longer matches the
filter stays where it is, marked stale, until the filter is applied again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.labels import chunks
from reviewer.catalogue.queries import ImageFilter, ImageRow, count_images, page_images, sort_value
from reviewer.errors import UserError
from reviewer.ui.grid.thumbnail_loader import ThumbnailLoader

PAGE_SIZE = 200
AnyIndex = QModelIndex | QPersistentModelIndex

ImageRowRole = Qt.ItemDataRole.UserRole + 1
ImageIdRole = Qt.ItemDataRole.UserRole + 2
CategoryRole = Qt.ItemDataRole.UserRole + 3
UnsureRole = Qt.ItemDataRole.UserRole + 4
StaleRole = Qt.ItemDataRole.UserRole + 5
SplitRole = Qt.ItemDataRole.UserRole + 6


class ImageGridModel(QAbstractListModel):
    """Rows of :class:`~reviewer.catalogue.queries.ImageRow` for one filter and sort."""

    totalChanged = Signal(int)
    failed = Signal(str)  # a read failed: message for the user

    def __init__(
        self,
        catalogue: Catalogue,
        loader: ThumbnailLoader | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._catalogue = catalogue
        self._loader = loader
        self._rows: list[ImageRow] = []
        self._row_of: dict[int, int] = {}
        self._stale: set[int] = set()
        self._names: dict[int, str] = {}
        self._filter = ImageFilter()
        self._sort = "id"
        self._descending = False
        self._exhausted = True
        self._total = 0
        if loader is not None:
            loader.ready.connect(self._on_thumbnails)

    # --- query ------------------------------------------------------------------------

    @property
    def image_filter(self) -> ImageFilter:
        return self._filter

    @property
    def sort(self) -> tuple[str, bool]:
        return self._sort, self._descending

    @property
    def total(self) -> int:
        """How many images match the filter (loaded or not)."""
        return self._total

    def set_categories(self, names: dict[int, str]) -> None:
        """Category id → name, for the label under each thumbnail."""
        self._names = dict(names)
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1),
                                  [Qt.ItemDataRole.DisplayRole, CategoryRole])

    def set_query(self, flt: ImageFilter, sort: str = "id", descending: bool = False) -> None:
        """Show the images matching ``flt``: the first page now, the rest on demand."""
        self.beginResetModel()
        self._filter, self._sort, self._descending = flt, sort, descending
        self._rows, self._row_of, self._stale = [], {}, set()
        self._exhausted = False
        total = 0
        first: list[ImageRow] = []
        try:
            with self._catalogue.read() as session:
                total = count_images(session, flt)
                first = page_images(session, flt, limit=PAGE_SIZE, sort=sort, descending=descending)
        except UserError as exc:
            self._exhausted = True
            self.failed.emit(str(exc))
        self._append(first)
        self.endResetModel()
        if self._loader is not None:
            self._loader.discard_pending()
        self._total = total
        self.totalChanged.emit(total)

    def reload(self) -> None:
        """Run the current query again from the top."""
        self.set_query(self._filter, self._sort, self._descending)

    def _append(self, rows: Sequence[ImageRow]) -> None:
        start = len(self._rows)
        for offset, row in enumerate(rows):
            self._row_of[row.id] = start + offset
        self._rows.extend(rows)
        if len(rows) < PAGE_SIZE:
            self._exhausted = True

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        after = None
        if self._rows:
            last = self._rows[-1]
            after = (sort_value(last, self._sort), last.id)
        try:
            with self._catalogue.read() as session:
                page = page_images(session, self._filter, after=after, limit=PAGE_SIZE,
                                   sort=self._sort, descending=self._descending)
        except UserError as exc:
            self._exhausted = True
            self.failed.emit(str(exc))
            return
        if not page:
            self._exhausted = True
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._append(page)
        self.endInsertRows()

    def fetch_all(self) -> None:
        """Load every remaining page (before "select all")."""
        while self.canFetchMore():
            self.fetchMore()

    # --- rows -------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemNeverHasChildren)

    def row_at(self, row: int) -> ImageRow:
        return self._rows[row]

    def rows(self) -> list[ImageRow]:
        """The loaded rows, in order."""
        return list(self._rows)

    def row_of(self, image_id: int) -> int | None:
        return self._row_of.get(image_id)

    def category_name(self, row: ImageRow) -> str | None:
        if row.category_id is None:
            return None
        return self._names.get(row.category_id, f"category {row.category_id}")

    def is_stale(self, image_id: int) -> bool:
        return image_id in self._stale

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.file_name
        if role == Qt.ItemDataRole.DecorationRole:
            return self._loader.get(row.id) if self._loader is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.file_name}, {self.category_name(row) or 'no category'}"
        if role == ImageRowRole:
            return row
        if role == ImageIdRole:
            return row.id
        if role == CategoryRole:
            return self.category_name(row)
        if role == UnsureRole:
            return row.unsure
        if role == StaleRole:
            return row.id in self._stale
        if role == SplitRole:
            return row.split
        return None

    def _tooltip(self, row: ImageRow) -> str:
        lines = [
            row.file_name,
            f"Category: {self.category_name(row) or 'none'}" + (" (unsure)" if row.unsure else ""),
            f"Split: {row.split or 'none'}",
            f"{row.width} × {row.height} px · image {row.id}",
        ]
        if row.listing_id:
            lines.append(f"Listing {row.listing_id}")
        if row.id in self._stale:
            lines.append("No longer matches the filter")
        return "\n".join(lines)

    # --- in-place updates ---------------------------------------------------------------

    def refresh_rows(self, image_ids: Iterable[int]) -> None:
        """Re-read ``image_ids`` (those loaded) and update their rows in place."""
        ids = [i for i in dict.fromkeys(image_ids) if i in self._row_of]
        if not ids:
            return
        fresh: dict[int, ImageRow] = {}
        matching: set[int] = set()
        allowed = set(self._filter.image_ids) if self._filter.image_ids is not None else None
        stale_before = len(self._stale)
        total = self._total
        try:
            with self._catalogue.read() as session:
                for part in chunks(ids):
                    wanted = tuple(part)
                    for row in page_images(session, ImageFilter(image_ids=wanted), limit=len(wanted)):
                        fresh[row.id] = row
                    if allowed is not None:
                        wanted = tuple(i for i in wanted if i in allowed)
                    if wanted:
                        flt = dataclasses.replace(self._filter, image_ids=wanted)
                        matching.update(r.id for r in page_images(session, flt, limit=len(wanted)))
                if self._filter != ImageFilter():  # without a filter, only imports change it
                    total = count_images(session, self._filter)
        except UserError as exc:
            self.failed.emit(str(exc))
            return
        changed: list[int] = []
        for image_id in ids:
            position = self._row_of[image_id]
            row = fresh.get(image_id)
            was_stale = image_id in self._stale
            if row is not None:
                self._rows[position] = row
            if image_id in matching:
                self._stale.discard(image_id)
            else:
                self._stale.add(image_id)
            if row is not None or was_stale != (image_id in self._stale):
                changed.append(position)
        if changed:
            self.dataChanged.emit(self.index(min(changed)), self.index(max(changed)))
        if total != self._total or stale_before != len(self._stale):
            self._total = total
            self.totalChanged.emit(total)

    def refresh_loaded(self) -> None:
        """Re-read every loaded row in place (after undo, redo or a merge)."""
        self.refresh_rows([row.id for row in self._rows])

    def _on_thumbnails(self, image_ids: list[int]) -> None:
        positions = [self._row_of[i] for i in image_ids if i in self._row_of]
        if positions:
            self.dataChanged.emit(self.index(min(positions)), self.index(max(positions)),
                                  [Qt.ItemDataRole.DecorationRole])
