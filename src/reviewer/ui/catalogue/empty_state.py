"""What a catalogue without images shows: a centred message and the way out."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    """"No images yet — Import a folder…" with a button that starts the import."""

    importRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.message = QLabel("No images yet — Import a folder…")
        self.message.setObjectName("emptyStateTitle")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = QLabel(
            "Import a folder with one sub-folder per category, a flat folder of unlabelled "
            "images, or a CSV manifest. Originals are copied into the catalogue."
        )
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setFixedWidth(520)
        self.import_button = QPushButton("Import a folder…")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.importRequested)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.message, 0, Qt.AlignmentFlag.AlignHCenter)
        detail_row = QHBoxLayout()  # centred without squeezing the wrapped text
        detail_row.addStretch(1)
        detail_row.addWidget(self.detail)
        detail_row.addStretch(1)
        layout.addLayout(detail_row)
        layout.addSpacing(12)
        layout.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
