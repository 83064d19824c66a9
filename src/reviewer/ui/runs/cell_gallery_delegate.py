"""Paints a cell of the gallery: the catalogue grid's thumbnail cell, plus the model's
top-3 classes as probability bars under it and a tick on reviewed images."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyleOptionViewItem

from reviewer.ui.common.colours import Role, badge_fill, role_colour, text_on
from reviewer.ui.grid.thumbnail_delegate import GAP, PADDING, ThumbnailDelegate, small_font
from reviewer.ui.runs.cell_gallery_model import ReviewedRole, TopRole

TOP_LINES = 3


class GalleryDelegate(ThumbnailDelegate):
    """The catalogue grid's cell, plus the top-3 predictions as bars and a tick for
    reviewed images."""

    def cell_size(self, font: QFont) -> QSize:
        size = super().cell_size(font)
        line = QFontMetrics(small_font(font)).height() + 2
        return QSize(size.width(), size.height() + GAP + TOP_LINES * line)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)
        top = index.data(TopRole) or []
        palette: QPalette = option.palette
        base = super().cell_size(option.font).height() - PADDING
        font = small_font(option.font)
        fm = QFontMetrics(font)
        line = fm.height() + 2
        left = option.rect.left() + PADDING + 1
        width = option.rect.width() - 2 * PADDING - 2
        y = option.rect.top() + base + GAP
        painter.save()
        painter.setFont(font)
        for rank, (name, probability, labelled) in enumerate(top[:TOP_LINES]):
            bar = QRect(left, y + rank * line, width, line - 2)
            colour = role_colour(Role.RIGHT, palette) if labelled else (
                role_colour(Role.WRONG, palette) if rank == 0
                else palette.color(QPalette.ColorRole.Mid))
            fill = QColor(colour)
            fill.setAlpha(60)
            painter.fillRect(QRect(bar.left(), bar.top(), round(bar.width() * probability),
                                   bar.height()), fill)
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            percent = f"{100 * probability:.0f} %"
            room = bar.width() - fm.horizontalAdvance(percent) - 8
            label = fm.elidedText(name, Qt.TextElideMode.ElideRight, room - 4)
            painter.drawText(bar.adjusted(3, 0, 0, 0),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
            painter.drawText(bar.adjusted(0, 0, -3, 0),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, percent)
        if index.data(ReviewedRole):
            thumb = self.thumb_size
            x = option.rect.left() + (option.rect.width() - thumb) // 2 + thumb - 25
            circle = QRectF(x, option.rect.top() + PADDING + thumb - 25, 22, 22)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            fill_colour = badge_fill(Role.REVIEWED, palette)
            painter.setPen(QPen(text_on(fill_colour), 2))
            painter.setBrush(fill_colour)
            painter.drawEllipse(circle)
            bold = QFont(font)
            bold.setBold(True)
            bold.setPixelSize(14)
            painter.setFont(bold)
            painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, "✓")
        painter.restore()

