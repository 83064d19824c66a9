"""A focus ring you can see. Fusion marks keyboard focus faintly (a tab gets
nothing, a button a slightly brighter outline), so a ``QFocusFrame`` follows the
focus from widget to widget, and this proxy style paints it as a ring in the
palette's highlight colour (``RING`` pixels wide, outside the widget). Focus frames
the style draws inside widgets (list items, check boxes) become the same ring. The
grid's current cell and the matrix's cell draw their own in their delegates."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QFocusFrame,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleHintReturn,
    QStyleOption,
    QWidget,
)

RING = 2


def _style_keys() -> set[str]:
    return {key.lower() for key in QStyleFactory.keys()}  # noqa: SIM118  (a list)


class FocusRingStyle(QProxyStyle):
    """``base`` (a style key: "Fusion", "Windows", …) with a clear focus ring."""

    def __init__(self, base: str) -> None:
        # By key: the proxy makes and owns its base style (a QStyle handed in from
        # Python could be collected while the proxy still draws with it).
        super().__init__(base if base.lower() in _style_keys() else "fusion")

    def drawControl(self, element: QStyle.ControlElement, option: QStyleOption,
                    painter: QPainter, widget: QWidget | None = None) -> None:
        if element == QStyle.ControlElement.CE_FocusFrame:
            # QFocusFrame masks itself to a ring around its widget: fill it.
            painter.fillRect(option.rect, option.palette.color(QPalette.ColorRole.Highlight))
            return
        super().drawControl(element, option, painter, widget)

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,
                      painter: QPainter, widget: QWidget | None = None) -> None:
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect:
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(QPen(option.palette.color(QPalette.ColorRole.Highlight), RING))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            inset = RING / 2
            painter.drawRoundedRect(QRectF(option.rect).adjusted(inset, inset, -inset, -inset),
                                    3, 3)
            painter.restore()
            return
        super().drawPrimitive(element, option, painter, widget)

    def pixelMetric(self, metric: QStyle.PixelMetric, option: QStyleOption | None = None,
                    widget: QWidget | None = None) -> int:
        if metric in (QStyle.PixelMetric.PM_FocusFrameHMargin,
                      QStyle.PixelMetric.PM_FocusFrameVMargin):
            return RING
        return super().pixelMetric(metric, option, widget)

    def styleHint(self, hint: QStyle.StyleHint, option: QStyleOption | None = None,
                  widget: QWidget | None = None,
                  returnData: QStyleHintReturn | None = None) -> int:  # noqa: N803
        if hint == QStyle.StyleHint.SH_FocusFrame_AboveWidget:
            return 1
        return super().styleHint(hint, option, widget, returnData)


class FocusFollower(QObject):
    """Moves one ``QFocusFrame`` to whichever widget has the keyboard focus."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._frame: QFocusFrame | None = None
        app.focusChanged.connect(self._on_focus)

    def frame(self) -> QFocusFrame | None:
        return self._frame if self._frame is not None and shiboken6.isValid(self._frame) \
            else None

    def _on_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        """A fresh frame for each focused widget (the last one is deleted), so no
        frame outlives the widgets it watched."""
        frame = self.frame()
        self._frame = None
        if frame is not None:
            frame.hide()
            frame.deleteLater()
        if new is None or new.isWindow():
            return
        self._frame = QFocusFrame(new.window())
        self._frame.setWidget(new)


def follow_focus(app: QApplication) -> FocusFollower:
    """Make the focus ring follow the focus in ``app`` (once; later calls return it)."""
    existing = app.findChild(FocusFollower)
    return existing if isinstance(existing, FocusFollower) else FocusFollower(app)
