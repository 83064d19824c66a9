"""What the grid shows when a filter matches nothing: say so, and the way back."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class NoMatch(QWidget):
    """"No match — Clear filters" in place of an empty grid."""

    clearRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noMatch")
        self.message = QLabel(self.tr("No match"))
        self.message.setObjectName("emptyStateTitle")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = QLabel(self.tr("No image matches these filters."))
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        self.clear_button = QPushButton(self.tr("Clear filters"))
        self.clear_button.setToolTip(self.tr("Show every image again"))
        self.clear_button.clicked.connect(self.clearRequested)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addWidget(self.detail)
        layout.addSpacing(12)
        layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def set_search(self, text: str) -> None:
        """Name the search in the message when there is one."""
        self.detail.setText(self.tr("No image matches “{0}” with these filters.").format(text)
                            if text else self.tr("No image matches these filters."))
