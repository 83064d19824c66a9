"""Per-class precision, recall, F1 and support with the accuracy, macro and weighted
average rows: the paper's Tables I–V (the layout of scikit-learn's
``classification_report``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from reviewer.ui.common.read_only_table import ReadOnlyTableModel
from reviewer.ui.common.translation import number

if TYPE_CHECKING:
    from reviewer.training.metrics import ClassReport, EvaluationMetrics

AnyIndex = QModelIndex | QPersistentModelIndex
ValueRole = Qt.ItemDataRole.UserRole + 30  # the raw number
IsSummaryRole = Qt.ItemDataRole.UserRole + 31  # accuracy / average rows

HEADERS = (
    (QT_TRANSLATE_NOOP("ClassReportModel", "Category"), QT_TRANSLATE_NOOP("ClassReportModel", "The true category")),
    (QT_TRANSLATE_NOOP("ClassReportModel", "Precision"),
     QT_TRANSLATE_NOOP("ClassReportModel", "Of the images predicted as this category, the share that really are")),
    (QT_TRANSLATE_NOOP("ClassReportModel", "Recall"), QT_TRANSLATE_NOOP("ClassReportModel", "Of the images of this category, the share predicted as it")),
    (QT_TRANSLATE_NOOP("ClassReportModel", "F1"), QT_TRANSLATE_NOOP("ClassReportModel", "Harmonic mean of precision and recall")),
    (QT_TRANSLATE_NOOP("ClassReportModel", "Support"), QT_TRANSLATE_NOOP("ClassReportModel", "Images of this category in the split")),
)
SUMMARY_TIPS = {
    "accuracy": QT_TRANSLATE_NOOP("ClassReportModel", "Images predicted correctly, over all images of the split"),
    "macro avg": QT_TRANSLATE_NOOP("ClassReportModel", "Unweighted mean over the categories: every category counts the same"),
    "weighted avg": QT_TRANSLATE_NOOP("ClassReportModel", "Mean over the categories weighted by their support"),
}


class ClassReportModel(ReadOnlyTableModel):
    """One row per class, then ``accuracy``, ``macro avg`` and ``weighted avg``."""

    headers = cast("tuple[tuple[str, str], ...]", HEADERS)  # QT_TRANSLATE_NOOP gives str

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._metrics: EvaluationMetrics | None = None
        self._rows: list[tuple[str, float | None, float | None, float, int]] = []
        self._classes = 0

    def set_metrics(self, metrics: EvaluationMetrics | None) -> None:
        self.beginResetModel()
        self._metrics = metrics
        self._rows = []
        self._classes = 0
        if metrics is not None:
            self._classes = len(metrics.per_class)
            for report in metrics.per_class:
                self._rows.append(_row(report))
            self._rows.append(("accuracy", None, None, metrics.accuracy, metrics.support))
            self._rows.append(_row(metrics.macro))
            self._rows.append(_row(metrics.weighted))
        self.endResetModel()

    @property
    def metrics(self) -> EvaluationMetrics | None:
        return self._metrics

    def row_names(self) -> list[str]:
        return [r[0] for r in self._rows]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        summary = index.row() >= self._classes
        value = row[column]
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None:
                return ""
            if column == 0:
                return str(value)
            if column == 4:
                return number(int(value))
            return number(float(value), 2)
        if role == ValueRole:
            return value
        if role == IsSummaryRole:
            return summary
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignLeft if column == 0 else Qt.AlignmentFlag.AlignRight
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and summary:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and summary:
            return QApplication.palette().color(QPalette.ColorRole.AlternateBase)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index.row(), column)
        return None

    def _tooltip(self, row: int, column: int) -> str:
        name = self._rows[row][0]
        if row >= self._classes:
            return QCoreApplication.translate("ClassReportModel", str(SUMMARY_TIPS.get(name, name)))
        metrics = self._metrics
        if metrics is None:
            return name
        confusion = metrics.confusion
        right = confusion[row][row]
        predicted = sum(r[row] for r in confusion)
        actual = sum(confusion[row])
        if column == 1:
            return self.tr("{0} of the {1} images predicted as {2} are {2}").format(number(right), number(predicted), name)
        if column == 2:
            return self.tr("{0} of the {1} {2} images were predicted as {2}").format(number(right), number(actual), name)
        if column == 4:
            return self.tr("{0} {1} images in the split").format(number(actual), name)
        return self.tr("{0}: {1} predicted, {2} in the split, {3} right").format(name, number(predicted), number(actual), number(right))


def _row(report: ClassReport) -> tuple[str, float | None, float | None, float, int]:
    return (report.name, report.precision, report.recall, report.f1, report.support)
