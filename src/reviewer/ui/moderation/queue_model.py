"""The queue on the left of the Moderation tab: priority, flags, age, claims."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from reviewer.moderation.queue import QueueItem
from reviewer.ui.common.translation import number

COLUMNS = (QT_TRANSLATE_NOOP("QueueModel", "Priority"), QT_TRANSLATE_NOOP("QueueModel", "Flags"),
           QT_TRANSLATE_NOOP("QueueModel", "Listing"), QT_TRANSLATE_NOOP("QueueModel", "Age"),
           QT_TRANSLATE_NOOP("QueueModel", "Claimed"))
_Index = QModelIndex | QPersistentModelIndex


def age_text(received: datetime, at: datetime | None = None) -> str:
    at = at or datetime.now(UTC)
    seconds = max(0.0, (at - (received if received.tzinfo else received.replace(tzinfo=UTC)))
                  .total_seconds())
    if seconds < 3600:
        return QCoreApplication.translate("QueueModel", "{0} min").format(int(seconds // 60))
    if seconds < 86400:
        return QCoreApplication.translate("QueueModel", "{0} h").format(int(seconds // 3600))
    return QCoreApplication.translate("QueueModel", "{0} d").format(int(seconds // 86400))


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
            return QCoreApplication.translate("QueueModel", str(COLUMNS[section]))
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return number(item.priority, 2)
            if col == 1:
                return ", ".join(k.replace("_", " ") for k in item.flags)
            if col == 2:
                return item.listing_id
            if col == 3:
                return age_text(item.received_at)
            if col == 4:
                if not item.claim_active():
                    return ""
                return self.tr("you") if item.claimed_by == self.moderator else item.claimed_by
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("{0}\nseller {1}; declared {2}; model: {3}").format(
                item.title, item.seller_id, item.declared_category, item.predicted_category or "—")
        if role == Qt.ItemDataRole.UserRole:
            return item.pk
        return None
