"""Settings shared with the command line: curator name, data folder, default backbone."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewer.settings import Settings, default_data_dir, save_settings

BACKBONES = (
    ("mobilenet", "MobileNet v1 (224 px)"),
    ("mobilenet_v2", "MobileNetV2 (224 px)"),
    ("nasnet_mobile", "NASNetMobile (224 px)"),
    ("densenet121", "DenseNet121 (224 px)"),
    ("nasnet_large", "NASNetLarge (331 px)"),
    ("efficientnet_lite0", "EfficientNet-Lite0 (works offline)"),
)

THEME_NAMES = (("system", "System"), ("light", "Light"), ("dark", "Dark"))
LANGUAGES = (("", "The system's language"), ("en", "English"), ("de", "Deutsch"))


class SettingsDialog(QDialog):
    """Edits a copy of ``settings``; :meth:`accept` saves it."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(480)
        self.settings = settings
        self.curator_edit = QLineEdit(settings.curator)
        self.curator_edit.setPlaceholderText(Settings().curator_name)
        self.curator_edit.setToolTip("Your name in the label history; undo and redo "
                                     "work on your own changes.")
        self.data_dir_edit = QLineEdit(settings.data_dir)
        self.data_dir_edit.setPlaceholderText(str(default_data_dir()))
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        data_row = QHBoxLayout()
        data_row.addWidget(self.data_dir_edit, 1)
        data_row.addWidget(browse)
        self.backbone_combo = QComboBox()
        for key, text in BACKBONES:
            self.backbone_combo.addItem(text, key)
        position = self.backbone_combo.findData(settings.default_backbone)
        self.backbone_combo.setCurrentIndex(max(position, 0))
        self.theme_combo = QComboBox()
        for key, text in THEME_NAMES:
            self.theme_combo.addItem(text, key)
        self.theme_combo.setCurrentIndex(max(self.theme_combo.findData(settings.theme), 0))
        self.theme_combo.setToolTip("The colours of the app: the system's, or light or dark")
        self.language_combo = QComboBox()
        for key, text in LANGUAGES:
            self.language_combo.addItem(text, key)
        self.language_combo.setCurrentIndex(
            max(self.language_combo.findData(settings.language), 0))
        self.language_combo.setToolTip("Takes effect at the next start")
        form = QFormLayout()
        form.addRow("Curator name:", self.curator_edit)
        form.addRow("Data folder:", data_row)
        form.addRow("Default backbone:", self.backbone_combo)
        form.addRow("Theme:", self.theme_combo)
        form.addRow("Language:", self.language_combo)
        note = QLabel("The command line reads the same settings.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Data folder", self.data_dir_edit.text())
        if path:
            self.data_dir_edit.setText(path)

    def apply(self) -> Settings:
        """Copy the fields into ``settings`` and save them."""
        self.settings.curator = self.curator_edit.text().strip()
        self.settings.data_dir = self.data_dir_edit.text().strip()
        self.settings.default_backbone = str(self.backbone_combo.currentData())
        self.settings.theme = str(self.theme_combo.currentData())
        self.settings.language = str(self.language_combo.currentData())
        save_settings(self.settings)
        return self.settings

    def accept(self) -> None:
        self.apply()
        super().accept()
