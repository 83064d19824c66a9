"""What a catalogue without images shows: a centred message and the way out."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    """self.tr("No images yet — Import a folder…") with a button that starts the import, and
    one that opens the demo catalogue (photos shipped with the app) to try it first."""

    importRequested = Signal()
    demoRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.message = QLabel(self.tr("No images yet — Import a folder…"))
        self.message.setObjectName("emptyStateTitle")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = QLabel(
            self.tr("Import a folder with one sub-folder per category, a flat folder of "
                    "unlabelled images, or a CSV manifest. Originals are copied into the "
                    "catalogue.")
        )
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setFixedWidth(520)
        self.import_button = QPushButton(self.tr("Import a folder…"))
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.importRequested)
        self.demo_button = QPushButton(self.tr("Open the demo catalogue"))
        self.demo_button.setToolTip(self.tr("400 photos of clothes in ten categories, "
                                            "imported into a catalogue of their own in your "
                                            "data folder"))
        self.demo_button.clicked.connect(self.demoRequested)
        self.demo_note = QLabel(self.tr("New here? Try the app on 400 photos of clothes first."))
        self.demo_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
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
        layout.addSpacing(28)
        layout.addWidget(self.demo_note, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.demo_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
