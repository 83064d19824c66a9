"""The comparison of runs, as the paper's Table VI: validation accuracy and loss (last
epoch), test accuracy (latest evaluation on test), epochs, wall time and status.
Sortable on every column; runs without a value sort last either way."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from reviewer.training.backbone_facts import FACTS, describe
from reviewer.training.metrics import ComparisonRow
from reviewer.training.runs import RunStatus
from reviewer.ui.common.read_only_table import ReadOnlyTableModel

AnyIndex = QModelIndex | QPersistentModelIndex
SortRole = Qt.ItemDataRole.UserRole + 20  # the raw value (float, int, str or None)
RunIdRole = Qt.ItemDataRole.UserRole + 21

_NAMES = {f.key: f.display_name for f in FACTS}

# key, header, header tooltip
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("run_id", "Run", "Run number"),
    ("model", "Model", "The run's name"),
    ("backbone", "Backbone", "The ImageNet CNN that was fine-tuned"),
    ("validation_accuracy", "Val. accuracy", "Validation accuracy after the last epoch"),
    ("validation_loss", "Val. loss", "Validation loss after the last epoch"),
    ("test_accuracy", "Test accuracy",
     "Accuracy on the test split (the latest evaluation); empty: not evaluated on test yet"),
    ("epochs", "Epochs", "Epochs trained"),
    ("wall_seconds", "Wall time", "Training time"),
    ("status", "Status", "finished, cancelled (can be resumed), failed or running"),
)
KEYS = tuple(c[0] for c in COLUMNS)
NUMERIC = {"run_id", "validation_accuracy", "validation_loss", "test_accuracy", "epochs",
           "wall_seconds"}


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    minutes, secs = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def format_value(key: str, value: Any) -> str:
    if value is None:
        return "—" if key == "test_accuracy" else ""
    if key in ("validation_accuracy", "test_accuracy"):
        return f"{100 * float(value):.1f} %"
    if key == "validation_loss":
        return f"{float(value):.3f}"
    if key == "wall_seconds":
        return format_duration(float(value))
    if key == "backbone":
        return _NAMES.get(str(value), str(value))
    return str(value)


class ComparisonModel(ReadOnlyTableModel):
    """Rows are ``run_readers.comparison(every_run=True)``'s ``ComparisonRow``s."""

    headers = tuple((title, tip) for _key, title, tip in COLUMNS)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ComparisonRow] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: Sequence[ComparisonRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort is not None:
            self._rows = self._sorted(*self._sort)
        self.endResetModel()

    def run_id_at(self, row: int) -> int:
        return self._rows[row].run_id

    def row_of(self, run_id: int) -> int | None:
        for i, r in enumerate(self._rows):
            if r.run_id == run_id:
                return i
        return None

    # --- the model interface ----------------------------------------------------------

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, key = self._rows[index.row()], KEYS[index.column()]
        value = getattr(row, key)
        if role == Qt.ItemDataRole.DisplayRole:
            return format_value(key, value)
        if role == SortRole:
            return value
        if role == RunIdRole:
            return row.run_id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (Qt.AlignmentFlag.AlignRight if key in NUMERIC
                          else Qt.AlignmentFlag.AlignLeft)
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, key)
        if role == Qt.ItemDataRole.FontRole and key == "test_accuracy" and self._is_best(value):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and row.status != RunStatus.FINISHED:
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None

    def _is_best(self, value: Any) -> bool:
        tests = [r.test_accuracy for r in self._rows if r.test_accuracy is not None]
        return value is not None and len(tests) > 1 and value == max(tests)

    def _tooltip(self, row: ComparisonRow, key: str) -> str:
        if key == "backbone":
            try:
                return describe(row.backbone)
            except KeyError:
                return row.backbone
        if key == "test_accuracy" and row.test_accuracy is None:
            return "Not evaluated on the test split yet: select the run and press Evaluate."
        if key == "status" and row.status == RunStatus.CANCELLED:
            return "Cancelled: `reviewer train --resume` continues it."
        return f"Run {row.run_id}: {row.model}"

    # --- sorting ------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [self._rows[i.row()].run_id for i in before]
        self._rows = self._sorted(column, order)
        position = {r.run_id: n for n, r in enumerate(self._rows)}
        after = [self.index(position[run_id], i.column()) for run_id, i in zip(ids, before, strict=True)]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _sorted(self, column: int, order: Qt.SortOrder) -> list[ComparisonRow]:
        key = KEYS[column]
        present = [r for r in self._rows if getattr(r, key) is not None]
        missing = [r for r in self._rows if getattr(r, key) is None]
        descending = order == Qt.SortOrder.DescendingOrder

        def value(r: ComparisonRow) -> Any:
            v = getattr(r, key)
            return v if key in NUMERIC else format_value(key, v).lower()

        present.sort(key=value, reverse=descending)
        return present + missing  # no value: last, whichever the order
