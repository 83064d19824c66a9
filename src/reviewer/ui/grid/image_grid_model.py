"""The grid's list model: every matching image is a row; rows are read from SQL a
page at a time, for what is on screen.

``rowCount`` is the number of matching images (``count_images``: cheap, from the
trigger-kept counts for the usual filters), so the scroll bar spans the whole result
and any position can be reached at once. Rows live in a bounded cache of pages of
:data:`PAGE_SIZE`. A page is read when a row of it is first asked for (painting
asks only for visible rows): by keyset from a loaded neighbour page when there is
one (a constant cost however deep), else by OFFSET from the nearer end of the
result (a jump: End, a scroll-bar drag). The pages next to the ones in use are read
ahead when the event loop is idle, so scrolling rarely waits for a query.

After a label change the affected rows are re-read in place (``dataChanged``), so
the selection and the scroll position stay; a row that no longer matches the
filter stays where it is, marked stale, until the filter is applied again.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.labels import chunks
from reviewer.catalogue.queries import (
    ImageFilter,
    ImageRow,
    count_images,
    page_images,
    position_of,
    sort_value,
)
from reviewer.catalogue.suggestions import confidence_text
from reviewer.errors import UserError
from reviewer.ui.grid.thumbnail_loader import ThumbnailLoader

PAGE_SIZE = 200
MAX_PAGES = 60  # rows kept: 12,000 (a few MB)
AnyIndex = QModelIndex | QPersistentModelIndex

ImageRowRole = Qt.ItemDataRole.UserRole + 1
ImageIdRole = Qt.ItemDataRole.UserRole + 2
CategoryRole = Qt.ItemDataRole.UserRole + 3
UnsureRole = Qt.ItemDataRole.UserRole + 4
StaleRole = Qt.ItemDataRole.UserRole + 5
SplitRole = Qt.ItemDataRole.UserRole + 6
SuggestionRole = Qt.ItemDataRole.UserRole + 7  # "hat 97 %" on an unlabelled image, or None


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
        self._pages: OrderedDict[int, list[ImageRow]] = OrderedDict()
        self._row_of: dict[int, int] = {}
        self._stale: set[int] = set()
        self._names: dict[int, str] = {}
        self._filter = ImageFilter()
        self._sort = "id"
        self._descending = False
        self._count = 0  # rows shown (the matches when the query ran)
        self._total = 0  # matches now
        self._broken = False  # a read failed: show placeholders until the next query
        self._wanted: list[int] = []  # pages to read ahead
        self._errors: list[str] = []
        self._end: int | None = None  # where a short read found the result's end
        self.pages_read = 0  # queries run for pages (for benchmarks and tests)
        self._held = False  # while the scroll bar is dragged: no reads, placeholders
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(0)
        self._idle.timeout.connect(self._when_idle)
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
        """How many images match the filter now."""
        return self._total

    def set_categories(self, names: dict[int, str]) -> None:
        """Category id → name, for the label under each thumbnail."""
        self._names = dict(names)
        if self._count:
            self.dataChanged.emit(self.index(0), self.index(self._count - 1),
                                  [Qt.ItemDataRole.DisplayRole, CategoryRole])

    def set_query(self, flt: ImageFilter, sort: str = "id", descending: bool = False) -> None:
        """Show the images matching ``flt``: the count and the first page now."""
        self.beginResetModel()
        self._filter, self._sort, self._descending = flt, sort, descending
        self._pages.clear()
        self._row_of, self._stale, self._wanted = {}, set(), []
        self._broken, self._end = False, None
        total = 0
        first: list[ImageRow] = []
        try:
            with self._catalogue.read() as session:
                total = count_images(session, flt)
                if total:
                    first = page_images(session, flt, limit=PAGE_SIZE, sort=sort,
                                        descending=descending)
                    self.pages_read += 1
        except UserError as exc:
            self._broken = True
            self.failed.emit(str(exc))
        self._count = total
        if first:
            self._store(0, first)
            if len(first) < min(PAGE_SIZE, total):  # fewer than counted (a write since)
                self._count = len(first)
        self.endResetModel()
        if self._loader is not None:
            self._loader.discard_pending()
        self._total = total
        self.totalChanged.emit(total)

    def reload(self) -> None:
        """Run the current query again from the top."""
        self.set_query(self._filter, self._sort, self._descending)

    # --- pages ------------------------------------------------------------------------

    def _store(self, number: int, rows: list[ImageRow]) -> None:
        self._pages[number] = rows
        self._pages.move_to_end(number)
        start = number * PAGE_SIZE
        for offset, row in enumerate(rows):
            self._row_of[row.id] = start + offset
        while len(self._pages) > MAX_PAGES:
            old_number, old_rows = self._pages.popitem(last=False)
            old_start = old_number * PAGE_SIZE
            for offset, row in enumerate(old_rows):
                if self._row_of.get(row.id) == old_start + offset:
                    del self._row_of[row.id]

    def _page(self, number: int) -> list[ImageRow] | None:
        """Page ``number``, read now if it is not in the cache."""
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        if self._broken or not 0 <= number * PAGE_SIZE < self._count:
            return None
        if self._held:
            return None
        try:
            with self._catalogue.read() as session:
                page = self._read_page(session, number)
        except UserError as exc:
            self._broken = True
            self._errors.append(str(exc))
            self._idle.start()
            return None
        self._store(number, page)
        return page

    def _read_page(self, session: Any, number: int) -> list[ImageRow]:
        start = number * PAGE_SIZE
        size = min(PAGE_SIZE, self._count - start)
        flt, sort, descending = self._filter, self._sort, self._descending
        before, after = self._pages.get(number - 1), self._pages.get(number + 1)
        self.pages_read += 1
        if before and len(before) == PAGE_SIZE:  # keyset: after the last row above
            last = before[-1]
            rows = page_images(session, flt, after=(sort_value(last, sort), last.id),
                               limit=size, sort=sort, descending=descending)
            self._note_end(start, size, rows)
            return rows
        if after:  # keyset backwards: before the first row below
            first = after[0]
            rows = page_images(session, flt, after=(sort_value(first, sort), first.id),
                               limit=size, sort=sort, descending=not descending)
            return rows[::-1]
        from_end = self._count - start - size
        if start <= from_end:
            rows = page_images(session, flt, offset=start, limit=size, sort=sort,
                               descending=descending)
            self._note_end(start, size, rows)
            return rows
        rows = page_images(session, flt, offset=from_end, limit=size, sort=sort,
                           descending=not descending)
        return rows[::-1]

    def hold_reads(self, held: bool) -> None:
        """While ``held`` (the scroll-bar handle is being dragged), rows not in the
        cache are not read (each position of a drag would be a jump); the view paints
        placeholders and asks again when the handle is let go."""
        self._held = held

    def _note_end(self, start: int, size: int, rows: list[ImageRow]) -> None:
        """A forward read came back short: the result ends earlier than counted (images
        left it since); drop the rows past its end when the event loop is idle."""
        if len(rows) < size:
            self._end = start + len(rows) if self._end is None else min(self._end,
                                                                       start + len(rows))
            self._idle.start()

    def _want_neighbours(self, number: int) -> None:
        for neighbour in (number + 1, number - 1):
            if (neighbour not in self._pages and neighbour not in self._wanted
                    and 0 <= neighbour * PAGE_SIZE < self._count):
                self._wanted.append(neighbour)
                self._idle.start()

    def _when_idle(self) -> None:
        """Read ahead the pages next to those in use; report failed reads."""
        if self._end is not None and self._end < self._count:
            end, self._end = self._end, None
            self.beginRemoveRows(QModelIndex(), end, self._count - 1)
            self._count = end
            for number in [n for n in self._pages if n * PAGE_SIZE >= end]:
                del self._pages[number]
            self._row_of = {i: r for i, r in self._row_of.items() if r < end}
            self.endRemoveRows()
        self._end = None
        errors, self._errors = self._errors, []
        for message in errors[:1]:
            self.failed.emit(message)
        wanted, self._wanted = self._wanted, []
        for number in wanted:
            if number not in self._pages:
                self._page(number)

    def row_or_none(self, row: int) -> ImageRow | None:
        """Row ``row``, read if needed; None while it cannot be read."""
        if not 0 <= row < self._count:
            return None
        number, offset = divmod(row, PAGE_SIZE)
        page = self._page(number)
        if page is None:
            return None
        if offset >= len(page):
            return None
        self._want_neighbours(number)
        return page[offset]

    def is_loaded(self, row: int) -> bool:
        return row // PAGE_SIZE in self._pages

    def fetch_all(self) -> None:
        """Read every page (small results: tests, exports of what is shown)."""
        for number in range((self._count + PAGE_SIZE - 1) // PAGE_SIZE):
            self._page(number)

    def rows_between(self, first: int, last: int) -> Iterator[ImageRow]:
        """Rows ``first`` … ``last`` in order, reading their pages as needed."""
        row = max(0, first)
        last = min(last, self._count - 1)
        while row <= last:
            number, offset = divmod(row, PAGE_SIZE)
            page = self._page(number) or []
            end = min(len(page), last - number * PAGE_SIZE + 1)
            yield from page[offset:end]
            row = (number + 1) * PAGE_SIZE

    def locate(self, image_id: int) -> int | None:
        """The row of ``image_id`` in this result (a query when it is not loaded)."""
        row = self._row_of.get(image_id)
        if row is not None:
            return row
        try:
            with self._catalogue.read() as session:
                row = position_of(session, self._filter, image_id, sort=self._sort,
                                  descending=self._descending)
        except UserError as exc:
            self.failed.emit(str(exc))
            return None
        return row if row is not None and row < self._count else None

    # --- rows -------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemNeverHasChildren)

    def row_at(self, row: int) -> ImageRow:
        """Row ``row`` (read if needed); LookupError when it cannot be read."""
        found = self.row_or_none(row)
        if found is None:
            raise LookupError(f"row {row} of {self._count} cannot be read")
        return found

    def rows(self) -> list[ImageRow]:
        """The rows in the cache, in order (all of them after :meth:`fetch_all` on a
        small result)."""
        return [row for number in sorted(self._pages) for row in self._pages[number]]

    def row_of(self, image_id: int) -> int | None:
        return self._row_of.get(image_id)

    def category_name(self, row: ImageRow) -> str | None:
        if row.category_id is None:
            return None
        return self._names.get(row.category_id, f"category {row.category_id}")

    def suggestion(self, row: ImageRow) -> tuple[str, float] | None:
        """The stored suggestion of an unlabelled image: (category name, confidence)."""
        if row.category_id is not None or row.suggested_category_id is None:
            return None
        name = self._names.get(row.suggested_category_id,
                               f"category {row.suggested_category_id}")
        return name, float(row.suggestion_confidence or 0.0)

    def suggestion_text(self, row: ImageRow) -> str | None:
        found = self.suggestion(row)
        return f"{found[0]} {confidence_text(found[1])}" if found else None

    def is_stale(self, image_id: int) -> bool:
        return image_id in self._stale

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_or_none(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return row.file_name
        if role == Qt.ItemDataRole.DecorationRole:
            return self._loader.get(row.id) if self._loader is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.accessible_text(row)
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
        if role == SuggestionRole:
            return self.suggestion_text(row)
        return None

    def accessible_text(self, row: ImageRow) -> str:
        """What a screen reader says for a cell: everything the cell shows, in words
        (the badges' colours and marks included)."""
        category = self.category_name(row) or self.tr("no category")
        split = self.tr("split {0}").format(row.split) if row.split else self.tr("no split")
        unsure = self.tr("unsure") if row.unsure else self.tr("sure")
        flagged = self.tr("flagged") if row.flagged else self.tr("not flagged")
        text = f"{row.file_name}, {category}, {split}, {unsure}, {flagged}"
        suggested = self.suggestion_text(row)
        if suggested:
            text += ", " + self.tr("suggested {0}").format(suggested)
        if row.id in self._stale:
            text += ", " + self.tr("no longer matches the filter")
        return text

    def _tooltip(self, row: ImageRow) -> str:
        lines = [
            row.file_name,
            f"Category: {self.category_name(row) or 'none'}" + (" (unsure)" if row.unsure else ""),
            f"Split: {row.split or 'none'}",
            f"{row.width} × {row.height} px · image {row.id}",
        ]
        suggested = self.suggestion_text(row)
        if suggested:
            lines.append(f"Suggested: {suggested} (Enter or A accepts it)")
        if row.listing_id:
            lines.append(f"Listing {row.listing_id}")
        if row.flagged:
            lines.append(self.tr("Flagged"))
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
            fresh_row = fresh.get(image_id)
            was_stale = image_id in self._stale
            page = self._pages.get(position // PAGE_SIZE)
            if fresh_row is not None and page is not None and position % PAGE_SIZE < len(page):
                page[position % PAGE_SIZE] = fresh_row
            if image_id in matching:
                self._stale.discard(image_id)
            else:
                self._stale.add(image_id)
            if fresh_row is not None or was_stale != (image_id in self._stale):
                changed.append(position)
        if changed:
            self.dataChanged.emit(self.index(min(changed)), self.index(max(changed)))
        if total != self._total or stale_before != len(self._stale):
            self._total = total
            self.totalChanged.emit(total)

    def refresh_loaded(self) -> None:
        """Re-read every loaded row in place (after undo, redo or a merge)."""
        self.refresh_rows([row.id for row in self.rows()])

    def _on_thumbnails(self, image_ids: list[int]) -> None:
        positions = [self._row_of[i] for i in image_ids if i in self._row_of]
        if positions:
            self.dataChanged.emit(self.index(min(positions)), self.index(max(positions)),
                                  [Qt.ItemDataRole.DecorationRole])
