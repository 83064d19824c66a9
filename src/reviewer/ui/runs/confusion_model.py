"""The confusion matrix of one evaluation as a table model: rows are the true
categories, columns the predicted ones; the text is the count or the row
percentage, the colour (painted by ``confusion_view``) the row-normalised value."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, Qt

from reviewer.ui.common.read_only_table import AnyIndex, ReadOnlyTableModel

if TYPE_CHECKING:
    from reviewer.training.metrics import EvaluationMetrics

CountRole = Qt.ItemDataRole.UserRole + 40
FractionRole = Qt.ItemDataRole.UserRole + 41  # the count over the row's total
DiagonalRole = Qt.ItemDataRole.UserRole + 42


def plural(name: str, count: int) -> str:
    """``1 hat``, ``2 hats``, ``3 shoes``: good enough for category names."""
    if count == 1 or name.endswith("s"):
        return name
    return f"{name}s"


class ConfusionModel(ReadOnlyTableModel):
    """Counts from ``EvaluationMetrics.confusion`` (the rows); ``normalised`` switches
    the text. Columns and both headers are the class names."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names: list[str] = []
        self._rows: list[list[int]] = []  # counts, rows true, columns predicted
        self._fractions: list[list[float]] = []
        self._normalised = False
        self.evaluation_id: int | None = None

    def set_metrics(self, metrics: EvaluationMetrics | None, evaluation_id: int | None) -> None:
        self.beginResetModel()
        self.evaluation_id = evaluation_id if metrics is not None else None
        if metrics is None:
            self._names, self._rows, self._fractions = [], [], []
        else:
            self._names = list(metrics.class_names)
            self._rows = [list(row) for row in metrics.confusion]
            self._fractions = metrics.confusion_normalised()
        self.endResetModel()

    @property
    def class_names(self) -> list[str]:
        return list(self._names)

    @property
    def normalised(self) -> bool:
        return self._normalised

    def set_normalised(self, on: bool) -> None:
        if on == self._normalised:
            return
        self._normalised = on
        if self._names:
            last = len(self._names) - 1
            self.dataChanged.emit(self.index(0, 0), self.index(last, last),
                                  [Qt.ItemDataRole.DisplayRole])

    def count(self, true_index: int, predicted_index: int) -> int:
        return self._rows[true_index][predicted_index]

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._names)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not 0 <= section < len(self._names):
            return None
        name = self._names[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return name
        if role == Qt.ItemDataRole.ToolTipRole:
            if orientation == Qt.Orientation.Vertical:
                total = sum(self._rows[section])
                return f"True category: {name} ({total} image{'s' if total != 1 else ''})"
            total = sum(row[section] for row in self._rows)
            return f"Predicted as {name} ({total} image{'s' if total != 1 else ''})"
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._names)
                                       and 0 <= index.column() < len(self._names)):
            return None
        t, p = index.row(), index.column()
        count, fraction = self._rows[t][p], self._fractions[t][p]
        if role == Qt.ItemDataRole.DisplayRole:
            if self._normalised:
                return f"{100 * fraction:.0f}%" if count else "0"
            return str(count)
        if role == CountRole:
            return count
        if role == FractionRole:
            return fraction
        if role == DiagonalRole:
            return t == p
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.describe(t, p)
        return None

    def describe(self, t: int, p: int) -> str:
        """``47 long-sleeved shirts predicted as jacket (12 % of long-sleeved shirt)``."""
        true_name, predicted = self._names[t], self._names[p]
        count, fraction = self._rows[t][p], self._fractions[t][p]
        share = f"{100 * fraction:.1f} % of the {plural(true_name, 2)}"
        if t == p:
            text = f"{count} {plural(true_name, count)} predicted correctly ({share})"
        else:
            text = f"{count} {plural(true_name, count)} predicted as {predicted} ({share})"
        if count:
            text += "\nClick or press Enter to see them."
        return text
