"""The queue on the left of the Moderation tab: priority, flags, age, claims."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from reviewer.moderation.queue import QueueItem

COLUMNS = ("Priority", "Flags", "Listing", "Age", "Claimed")
_Index = QModelIndex | QPersistentModelIndex


def age_text(received: datetime, at: datetime | None = None) -> str:
    at = at or datetime.now(UTC)
    seconds = max(0.0, (at - (received if received.tzinfo else received.replace(tzinfo=UTC)))
                  .total_seconds())
    if seconds < 3600:
        return f"{int(seconds // 60)} min"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h"
    return f"{int(seconds // 86400)} d"


class QueueModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[QueueItem] = []
        self.moderator = ""

    def set_items(self, items: list[QueueItem]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return f"{item.priority:.2f}"
            if col == 1:
                return ", ".join(k.replace("_", " ") for k in item.flags)
            if col == 2:
                return item.listing_id
            if col == 3:
                return age_text(item.received_at)
            if col == 4:
                if not item.claim_active():
                    return ""
                return "you" if item.claimed_by == self.moderator else item.claimed_by
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{item.title}\nseller {item.seller_id}; declared {item.declared_category}; "
                    f"model: {item.predicted_category or '—'}")
        if role == Qt.ItemDataRole.UserRole:
            return item.pk
        return None
