"""The strip under the grid that says which key gives which category."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from reviewer.catalogue.categories import CategoryInfo
from reviewer.ui.catalogue.labelling import KEY_LABELS
from reviewer.ui.common.colours import css, readable


def legend_html(categories: Sequence[CategoryInfo], hint_colour: str) -> str:
    """``1 dress · 2 hat · …`` followed by the other keys, as rich text."""
    if not categories:
        keys = "<i>" + QCoreApplication.translate(
            "KeyLegend", "No categories yet: add some in Edit ▸ Categories…") + "</i>"
    else:
        keys = " &nbsp;·&nbsp; ".join(
            f"<b>{KEY_LABELS[i]}</b>&nbsp;{_escape(c.name).replace(' ', '&nbsp;')}"
            for i, c in enumerate(categories[:10])
        )
    words = [QCoreApplication.translate("KeyLegend", "<b>U</b>&nbsp;unsure"),
             QCoreApplication.translate("KeyLegend",
                                        "<b>Enter</b>/<b>A</b>&nbsp;accept&nbsp;suggestion"),
             QCoreApplication.translate("KeyLegend", "<b>H</b>&nbsp;heat&nbsp;map"),
             QCoreApplication.translate("KeyLegend", "<b>arrows</b>&nbsp;move"),
             QCoreApplication.translate("KeyLegend", "<b>Ctrl+Z</b>&nbsp;undo"),
             QCoreApplication.translate("KeyLegend", "<b>Ctrl+Shift+Z</b>&nbsp;redo")]
    extra = " &nbsp;·&nbsp; ".join(words)
    return f"{keys}<br><span style='color: {hint_colour}'>{extra}</span>"


class KeyLegend(QLabel):
    """Always visible under the grid; updated when the categories change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyLegend")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.set_categories([])

    def set_categories(self, categories: Sequence[CategoryInfo]) -> None:
        self._categories = list(categories)
        palette = self.palette()  # drawn on the alternate base (style.qss)
        hint = readable(palette.color(QPalette.ColorRole.PlaceholderText),
                        palette.color(QPalette.ColorRole.AlternateBase))
        self.setText(legend_html(categories, css(hint)))
        self.setAccessibleDescription(
            ", ".join(self.tr("key {0}: {1}").format(KEY_LABELS[i], c.name)
                      for i, c in enumerate(categories[:10]))
        )


    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "_categories"):
            self.set_categories(self._categories)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
