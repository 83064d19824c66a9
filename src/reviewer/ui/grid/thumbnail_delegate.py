"""Paints one grid cell: the thumbnail (or a placeholder while it loads), the
category name, the file name and split, an "unsure" badge, and the selection."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from reviewer.ui.common.colours import Role, badge_fill, readable, split_colour, text_on
from reviewer.ui.grid.image_grid_model import (
    CategoryRole,
    ImageRowRole,
    StaleRole,
    SuggestionRole,
)

DEFAULT_THUMB = 160
PADDING = 6
GAP = 4


class _Fonts:
    """The fonts and metrics of one base font, made once (not per cell)."""

    def __init__(self, font: QFont) -> None:
        self.base = QFont(font)
        self.bold = QFont(font)
        self.bold.setBold(True)
        self.italic = QFont(font)
        self.italic.setItalic(True)
        self.small = small_font(font)
        self.fm = QFontMetrics(font)
        self.bold_fm = QFontMetrics(self.bold)
        self.italic_fm = QFontMetrics(self.italic)
        self.small_fm = QFontMetrics(self.small)
        self.split_widths: dict[str, int] = {}


class ThumbnailDelegate(QStyledItemDelegate):
    """Fixed-size cells (the grid uses uniform item sizes) for ``ImageGridModel``.

    Painting is the grid's hot path (a screen is 20–40 cells, every frame): fonts,
    metrics and elided texts are computed once and kept, and each cell asks its model
    for four values."""

    ELIDED_CACHE = 4096
    CONTENT_CACHE = 160  # drawn cells kept (~170 KB each at 1×): about eight screens

    def __init__(self, thumb_size: int = DEFAULT_THUMB, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.thumb_size = thumb_size
        self._fonts: dict[str, _Fonts] = {}
        self._elided: dict[tuple[str, int, int, int], str] = {}
        self._contents: OrderedDict[tuple[Any, ...], QImage] = OrderedDict()

    def thumb_qsize(self) -> QSize:
        return QSize(self.thumb_size, self.thumb_size)

    def fonts(self, font: QFont) -> _Fonts:
        key = font.key()
        found = self._fonts.get(key)
        if found is None:
            found = self._fonts[key] = _Fonts(font)
        return found

    def elided(self, fm: QFontMetrics, kind: int, text: str, width: int,
               mode: Qt.TextElideMode) -> str:
        key = (text, width, kind, id(fm))
        found = self._elided.get(key)
        if found is None:
            if len(self._elided) >= self.ELIDED_CACHE:
                self._elided.clear()
            found = self._elided[key] = fm.elidedText(text, mode, width)
        return found

    def cell_size(self, font: QFont) -> QSize:
        fonts = self.fonts(font)
        height = (PADDING + self.thumb_size + GAP + fonts.fm.height() + fonts.small_fm.height()
                  + PADDING)
        return QSize(self.thumb_size + 2 * PADDING, height)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return self.cell_size(option.font)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        palette: QPalette = option.palette
        cell = QRect(option.rect).adjusted(1, 1, -1, -1)
        thumb_rect = QRect(cell.left() + (cell.width() - self.thumb_size) // 2,
                           option.rect.top() + PADDING, self.thumb_size, self.thumb_size)
        row = index.data(ImageRowRole)
        if row is None:  # not read yet (or no longer there): a quiet placeholder
            painter.save()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
            painter.drawRoundedRect(QRectF(thumb_rect), 4, 4)
            painter.restore()
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        current = bool(state & QStyle.StateFlag.State_HasFocus)
        active = bool(state & QStyle.StateFlag.State_Active)
        if index.data(StaleRole):
            painter.setOpacity(0.45)
        if selected:
            # The keyboard is elsewhere: the selection is drawn quieter (keys still
            # label it from anywhere in the catalogue screen).
            highlight = palette.color(QPalette.ColorRole.Highlight) if active else \
                palette.color(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Mid)
            fill = QColor(highlight)
            fill.setAlpha(70 if active else 50)
            painter.setPen(QPen(highlight, 3 if active else 2))
            painter.setBrush(fill)
            painter.drawRoundedRect(QRectF(cell).adjusted(1.5, 1.5, -1.5, -1.5), 6, 6)
        if current:  # the focus ring: solid, in the text colour, inside any selection
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Text), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(cell).adjusted(4, 4, -4, -4), 4, 4)

        image = index.data(Qt.ItemDataRole.DecorationRole)
        name = _label(index)
        if image is None:  # still loading: painted again when it arrives, so not kept
            self._paint_content(painter, option, row, name, image)
        else:
            painter.drawImage(option.rect.topLeft(),
                              self._content_image(option, row, name, image))
        painter.restore()

    def _content_key(self, option: QStyleOptionViewItem, row: Any, name: Any,
                     image: QImage) -> tuple[Any, ...]:
        return (row.id, row.version, row.unsure, getattr(row, "flagged", False), row.split,
                row.file_name, name, image.cacheKey(), option.rect.width(),
                option.rect.height(), option.font.key(), option.palette.cacheKey(),
                _ratio(option))

    def _content_image(self, option: QStyleOptionViewItem, row: Any, name: Any,
                       image: QImage) -> QImage:
        """The cell's content (thumbnail, badges, text; not the selection) drawn once
        into an image and kept: a repaint of the cell is then one ``drawImage``."""
        key = self._content_key(option, row, name, image)
        found = self._contents.get(key)
        if found is not None:
            self._contents.move_to_end(key)
            return found
        ratio = _ratio(option)
        size = option.rect.size()
        content = QImage(round(size.width() * ratio), round(size.height() * ratio),
                         QImage.Format.Format_ARGB32_Premultiplied)
        content.setDevicePixelRatio(ratio)
        content.fill(Qt.GlobalColor.transparent)
        local = QStyleOptionViewItem(option)
        local.rect = QRect(QPoint(0, 0), size)
        inner = QPainter(content)
        try:
            inner.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            inner.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            self._paint_content(inner, local, row, name, image)
        finally:
            inner.end()
        self._contents[key] = content
        while len(self._contents) > self.CONTENT_CACHE:
            self._contents.popitem(last=False)
        return content

    def prepare(self, option: QStyleOptionViewItem,
                index: QModelIndex | QPersistentModelIndex) -> bool:
        """Draw the content of ``index`` ahead of its paint (the view calls this for the
        next screen while it is idle); False when its thumbnail is not there yet."""
        row = index.data(ImageRowRole)
        image = index.data(Qt.ItemDataRole.DecorationRole) if row is not None else None
        if row is None or image is None:
            return False
        self._content_image(option, row, _label(index), image)
        return True

    def _paint_content(self, painter: QPainter, option: QStyleOptionViewItem, row: Any,
                       label: tuple[str | None, str | None], image: QImage | None) -> None:
        name, suggestion = label
        palette: QPalette = option.palette
        cell = QRect(option.rect).adjusted(1, 1, -1, -1)
        thumb_rect = QRect(cell.left() + (cell.width() - self.thumb_size) // 2,
                           option.rect.top() + PADDING, self.thumb_size, self.thumb_size)
        self._paint_thumbnail(painter, thumb_rect, image, palette)
        if row.unsure:
            _badge(painter, thumb_rect, "?", badge_fill(Role.UNSURE, palette), corner="right")
        if getattr(row, "flagged", False):
            _badge(painter, thumb_rect, "!", badge_fill(Role.FLAGGED, palette), corner="left")

        fonts = self.fonts(option.font)
        text_top = thumb_rect.bottom() + 1 + GAP
        text_rect = QRect(cell.left() + PADDING, text_top, cell.width() - 2 * PADDING,
                          fonts.fm.height())
        if name is None and suggestion:  # a model's suggestion, not a label: Enter accepts
            painter.setFont(fonts.italic)
            painter.setPen(readable(palette.color(QPalette.ColorRole.Link),
                                    palette.color(QPalette.ColorRole.Base)))
            name, fm, kind = f"→ {suggestion}", fonts.italic_fm, 4
        elif name is None:
            painter.setFont(fonts.italic)
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            name, fm, kind = "no category", fonts.italic_fm, 1
        else:
            painter.setFont(fonts.bold)
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            fm, kind = fonts.bold_fm, 2
        if row.unsure:
            name = f"{name} (unsure)"
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
                         self.elided(fm, kind, name, text_rect.width(),
                                     Qt.TextElideMode.ElideRight))
        self._paint_second_line(painter, option, fonts, text_rect, row.file_name, row.split)

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
        fonts: _Fonts,
        above: QRect,
        file_name: str,
        split: str | None,
    ) -> None:
        fm = fonts.small_fm
        rect = QRect(above.left(), above.bottom() + 1, above.width(), fm.height())
        painter.setFont(fonts.small)
        split_text = split or "no split"
        split_width = fonts.split_widths.get(split_text)
        if split_width is None:
            split_width = fonts.split_widths[split_text] = fm.horizontalAdvance(split_text)
        placeholder = option.palette.color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(split_colour(split, option.palette))
        painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         split_text)
        name_rect = rect.adjusted(0, 0, -(split_width + 6), 0)
        painter.setPen(placeholder)
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self.elided(fm, 3, file_name, name_rect.width(),
                                     Qt.TextElideMode.ElideMiddle))


def _label(index: QModelIndex | QPersistentModelIndex) -> tuple[str | None, str | None]:
    """The category name, and the suggestion shown instead of "no category"."""
    return index.data(CategoryRole), index.data(SuggestionRole)


def _ratio(option: QStyleOptionViewItem) -> float:
    widget = option.widget
    return float(widget.devicePixelRatioF()) if widget is not None else 1.0


def small_font(font: QFont) -> QFont:
    """The grid's secondary text size: a point smaller than ``font``, never tiny."""
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
    painter.setPen(QPen(text_on(colour), 2))
    painter.setBrush(colour)
    painter.drawEllipse(circle)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(14)
    painter.setFont(font)
    painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, text)
