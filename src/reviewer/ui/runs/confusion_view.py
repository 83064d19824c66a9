"""The confusion matrix as a heat map: rows true, columns predicted, each cell shaded
by its share of the row (blue on the diagonal, red off it); click a cell, or press
Enter on it, to see its images."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reviewer.ui.common.colours import Role, css, readable, role_colour, text_on
from reviewer.ui.runs.confusion_model import ConfusionModel, CountRole, DiagonalRole, FractionRole

if TYPE_CHECKING:
    from reviewer.training.metrics import EvaluationMetrics

MIN_CELL, MAX_CELL = 34, 76
MIN_TINT = 0.10  # a non-empty cell is always visibly tinted


def mix(base: QColor, target: QColor, t: float) -> QColor:
    t = max(0.0, min(1.0, t))
    return QColor(round(base.red() + (target.red() - base.red()) * t),
                  round(base.green() + (target.green() - base.green()) * t),
                  round(base.blue() + (target.blue() - base.blue()) * t))


def cell_colour(palette: QPalette, fraction: float, count: int,
                diagonal: bool) -> tuple[QColor, float]:
    """The fill of a cell and how strong its tint is (0–1): the palette's base mixed
    with the theme's right (diagonal) or wrong colour."""
    strength = 0.0 if count == 0 else MIN_TINT + (1 - MIN_TINT) * fraction
    tint = role_colour(Role.RIGHT if diagonal else Role.WRONG, palette)
    return mix(palette.color(QPalette.ColorRole.Base), tint, strength), strength


def cell_text_colour(palette: QPalette, fill: QColor, count: int) -> QColor:
    """The number's colour on ``fill``: readable (WCAG AA) in every theme."""
    if count == 0:
        return readable(palette.color(QPalette.ColorRole.PlaceholderText), fill)
    return text_on(fill, palette)


class HeatmapDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        palette: QPalette = option.palette
        count = int(index.data(CountRole) or 0)
        fill, _strength = cell_colour(palette, float(index.data(FractionRole) or 0.0), count,
                                      bool(index.data(DiagonalRole)))
        rect = QRect(option.rect)
        painter.save()
        painter.fillRect(rect, fill)
        painter.setPen(cell_text_colour(palette, fill, count))
        font = option.font
        font.setBold(bool(index.data(DiagonalRole)) and count > 0)
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(index.data() or ""))
        if option.state & (QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_HasFocus):
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        if option.state & QStyle.StateFlag.State_HasFocus:  # the focus ring: two colours
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Text), 1))
            painter.drawRect(rect.adjusted(4, 4, -5, -5))
        painter.restore()


class RotatedHeader(QHeaderView):
    """Column titles written upwards, so long category names fit narrow columns."""

    MAX_HEIGHT = 150

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setSectionsClickable(False)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        model = self.model()
        fm = self.fontMetrics()
        widths = [fm.horizontalAdvance(str(model.headerData(i, Qt.Orientation.Horizontal)))
                  for i in range(model.columnCount())] if model is not None else []
        corner = 2 * fm.height() + 12  # the corner label's two lines fit above the rows
        hint.setHeight(max(min(max(widths, default=0) + 16, self.MAX_HEIGHT), corner))
        return hint

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:
        if not rect.isValid() or self.model() is None:
            return
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = rect
        option.section = logical_index
        option.text = ""
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        text = str(self.model().headerData(logical_index, Qt.Orientation.Horizontal) or "")
        fm = self.fontMetrics()
        length = rect.height() - 12
        painter.save()
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        painter.translate(rect.center().x() + 1, rect.bottom() - 6)
        painter.rotate(-90)
        painter.drawText(QRect(0, -fm.height() // 2, length, fm.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(text, Qt.TextElideMode.ElideRight, length))
        painter.restore()


class ConfusionView(QWidget):
    """The heat map with a counts / row-normalised switch."""

    cellActivated = Signal(int, int, int)  # evaluation id, true index, predicted index

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ConfusionModel(self)
        self.title = QLabel(self.tr("Confusion matrix"))
        self.title.setObjectName("sectionTitle")
        self.mode = QComboBox()
        self.mode.setAccessibleName(self.tr("Matrix values"))
        self.mode.addItems([self.tr("Counts"), self.tr("Row-normalised %")])
        self.mode.setToolTip(self.tr("Show the number of images in each cell, or the share "
                                     "of the row's true category (the colour always shows "
                                     "the share)"))
        self.mode.currentIndexChanged.connect(lambda i: self.model.set_normalised(i == 1))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setHorizontalHeader(RotatedHeader(self.table))
        self.table.setItemDelegate(HeatmapDelegate(self.table))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setCornerButtonEnabled(False)
        self.table.setShowGrid(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setSectionsClickable(False)
        self.table.setAccessibleName(self.tr("Confusion matrix"))
        self.table.setToolTip(self.tr("Rows: true category · columns: predicted category. "
                                      "Click a cell, or press Enter on it, to see its images."))
        self.table.clicked.connect(self._activate)
        self.table.installEventFilter(self)
        self.corner = QLabel(self.tr("predicted →\ntrue ↓"), self.table)
        self.corner.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        self.corner.setStyleSheet("padding: 4px;")
        self.corner.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.corner.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        # The row titles are at least as wide as "predicted →": never clipped.
        corner_width = max(self.corner.fontMetrics().horizontalAdvance(line)
                           for line in self.corner.text().split("\n")) + 12
        self.table.verticalHeader().setMinimumWidth(corner_width)
        for header in (self.table.horizontalHeader(), self.table.verticalHeader()):
            header.geometriesChanged.connect(self._place_corner)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self._show_hint()
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(QLabel(self.tr("Show:")))
        top.addWidget(self.mode)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)

    def _show_hint(self) -> None:
        palette = self.palette()
        right = css(role_colour(Role.RIGHT, palette, QPalette.ColorRole.Window))
        wrong = css(role_colour(Role.WRONG, palette, QPalette.ColorRole.Window))
        self.hint.setText(self.tr(
            "Rows: true category · columns: predicted · "
            "<span style='color:{0}'>■</span> right (the diagonal, bold) "
            "<span style='color:{1}'>■</span> wrong (off the diagonal), "
            "darker = larger share of the row").format(right, wrong))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "hint"):
            self._show_hint()

    def set_metrics(self, metrics: EvaluationMetrics | None, evaluation_id: int | None,
                    title: str = "Confusion matrix") -> None:
        self.model.set_metrics(metrics, evaluation_id)
        self.title.setText(title)
        self.table.horizontalHeader().updateGeometry()
        self._fit()

    def set_normalised(self, on: bool) -> None:
        self.mode.setCurrentIndex(1 if on else 0)

    def index_of(self, true_index: int, predicted_index: int) -> QModelIndex:
        return self.model.index(true_index, predicted_index)

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid() and self.model.evaluation_id is not None:
            self.cellActivated.emit(self.model.evaluation_id, index.row(), index.column())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.table and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._activate(self.table.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _place_corner(self) -> None:
        header = self.table.verticalHeader()
        wanted = self.corner.sizeHint().width()  # with the style sheet's padding
        if header.minimumWidth() < wanted:
            header.setMinimumWidth(wanted)
        frame = self.table.frameWidth()
        self.corner.setGeometry(frame, frame, self.table.verticalHeader().width(),
                                self.table.horizontalHeader().height())
        self.corner.setVisible(self.model.rowCount() > 0)
        self.corner.raise_()

    def _fit(self) -> None:
        """Square cells as large as the space allows (within MIN_CELL..MAX_CELL)."""
        n = self.model.columnCount()
        if n == 0:
            return
        frame = 2 * self.table.frameWidth() + 2
        width = self.table.width() - self.table.verticalHeader().sizeHint().width() - frame
        height = self.table.height() - self.table.horizontalHeader().sizeHint().height() - frame
        size = max(MIN_CELL, min(MAX_CELL, min(width, height) // n))
        for header in (self.table.horizontalHeader(), self.table.verticalHeader()):
            header.setMinimumSectionSize(min(MIN_CELL, size))
            header.setDefaultSectionSize(size)
        self._place_corner()
