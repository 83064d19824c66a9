"""Paints one grid cell: the thumbnail (or a placeholder while it loads), the
category name, the file name and split, an "unsure" badge, and the selection."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from reviewer.ui.grid.image_grid_model import (
    CategoryRole,
    ImageRowRole,
    SplitRole,
    StaleRole,
    UnsureRole,
)

DEFAULT_THUMB = 160
PADDING = 6
GAP = 4
UNSURE_COLOUR = QColor("#e67e00")
FLAG_COLOUR = QColor("#c62828")
SPLIT_COLOURS = {"train": QColor("#2e7d32"), "validation": QColor("#1565c0"),
                 "test": QColor("#6a1b9a")}


class ThumbnailDelegate(QStyledItemDelegate):
    """Fixed-size cells (the grid uses uniform item sizes) for ``ImageGridModel``."""

    def __init__(self, thumb_size: int = DEFAULT_THUMB, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.thumb_size = thumb_size

    def thumb_qsize(self) -> QSize:
        return QSize(self.thumb_size, self.thumb_size)

    def cell_size(self, font: QFont) -> QSize:
        fm = QFontMetrics(font)
        small = QFontMetrics(_small(font))
        height = PADDING + self.thumb_size + GAP + fm.height() + small.height() + PADDING
        return QSize(self.thumb_size + 2 * PADDING, height)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return self.cell_size(option.font)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        row = index.data(ImageRowRole)
        if row is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        palette: QPalette = option.palette
        cell = QRect(option.rect).adjusted(1, 1, -1, -1)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        current = bool(option.state & QStyle.StateFlag.State_HasFocus)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        if index.data(StaleRole):
            painter.setOpacity(0.45)
        if selected:
            fill = QColor(highlight)
            fill.setAlpha(70)
            painter.setPen(QPen(highlight, 3))
            painter.setBrush(fill)
            painter.drawRoundedRect(QRectF(cell).adjusted(1.5, 1.5, -1.5, -1.5), 6, 6)
        elif current:
            painter.setPen(QPen(highlight, 1, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(cell).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)

        thumb_rect = QRect(cell.left() + (cell.width() - self.thumb_size) // 2,
                           option.rect.top() + PADDING, self.thumb_size, self.thumb_size)
        self._paint_thumbnail(painter, thumb_rect, index.data(Qt.ItemDataRole.DecorationRole),
                              palette)
        if row.unsure or index.data(UnsureRole):
            _badge(painter, thumb_rect, "?", UNSURE_COLOUR, corner="right")
        if getattr(row, "flagged", False):
            _badge(painter, thumb_rect, "!", FLAG_COLOUR, corner="left")

        text_colour = palette.color(QPalette.ColorRole.Text)
        fm = QFontMetrics(option.font)
        text_top = thumb_rect.bottom() + 1 + GAP
        text_rect = QRect(cell.left() + PADDING, text_top, cell.width() - 2 * PADDING, fm.height())
        name = index.data(CategoryRole)
        font = QFont(option.font)
        if name is None:
            font.setItalic(True)
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            name = "no category"
        else:
            font.setBold(True)
            painter.setPen(text_colour)
        if row.unsure:
            name = f"{name} (unsure)"
        painter.setFont(font)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(font).elidedText(name, Qt.TextElideMode.ElideRight,
                                                       text_rect.width()))
        self._paint_second_line(painter, option, text_rect, row.file_name, index.data(SplitRole))
        painter.restore()

    def _paint_thumbnail(
        self, painter: QPainter, rect: QRect, image: QImage | None, palette: QPalette
    ) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
        painter.drawRoundedRect(QRectF(rect), 4, 4)
        if image is None or image.isNull():
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter,
                             "…" if image is None else "no preview")
            return
        ratio = image.devicePixelRatio() or 1.0
        width, height = image.width() / ratio, image.height() / ratio
        scale = min(rect.width() / width, rect.height() / height, 1.0)
        width, height = width * scale, height * scale
        target = QRectF(rect.left() + (rect.width() - width) / 2,
                        rect.top() + (rect.height() - height) / 2, width, height)
        painter.drawImage(target, image)

    def _paint_second_line(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        above: QRect,
        file_name: str,
        split: str | None,
    ) -> None:
        font = _small(option.font)
        fm = QFontMetrics(font)
        rect = QRect(above.left(), above.bottom() + 1, above.width(), fm.height())
        painter.setFont(font)
        split_text = split or "no split"
        split_width = fm.horizontalAdvance(split_text)
        painter.setPen(SPLIT_COLOURS.get(split or "", option.palette.color(
            QPalette.ColorRole.PlaceholderText)))
        painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         split_text)
        name_rect = rect.adjusted(0, 0, -(split_width + 6), 0)
        painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(file_name, Qt.TextElideMode.ElideMiddle, name_rect.width()))


def _small(font: QFont) -> QFont:
    small = QFont(font)
    size = font.pointSizeF()
    if size > 0:
        small.setPointSizeF(max(size - 1.0, 7.0))
    else:
        small.setPixelSize(max(font.pixelSize() - 2, 9))
    return small


def _badge(painter: QPainter, thumb: QRect, text: str, colour: QColor, *, corner: str) -> None:
    diameter = 22
    x = thumb.right() - diameter - 3 if corner == "right" else thumb.left() + 3
    circle = QRectF(x, thumb.top() + 3, diameter, diameter)
    painter.setPen(QPen(QColor("white"), 2))
    painter.setBrush(colour)
    painter.drawEllipse(circle)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(14)
    painter.setFont(font)
    painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, text)
