"""Settings shared with the command line: curator name, data folder, default backbone."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
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
from reviewer.training.backbone_facts import FACTS, BackboneFacts
from reviewer.training.weights import has_imagenet_weights

THEME_NAMES = (("system", QT_TRANSLATE_NOOP("SettingsDialog", "System")),
               ("light", QT_TRANSLATE_NOOP("SettingsDialog", "Light")),
               ("dark", QT_TRANSLATE_NOOP("SettingsDialog", "Dark")))
LANGUAGES = (("", QT_TRANSLATE_NOOP("SettingsDialog", "The system's language")),
             ("en", "English"), ("de", "Deutsch"))  # each language in its own words


class SettingsDialog(QDialog):
    """Edits a copy of ``settings``; :meth:`accept` saves it."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(480)
        self.settings = settings
        self.curator_edit = QLineEdit(settings.curator)
        self.curator_edit.setPlaceholderText(Settings().curator_name)
        self.curator_edit.setToolTip(self.tr("Your name in the label history; undo and "
                                             "redo work on your own changes."))
        self.data_dir_edit = QLineEdit(settings.data_dir)
        self.data_dir_edit.setPlaceholderText(str(default_data_dir()))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._browse)
        data_row = QHBoxLayout()
        data_row.addWidget(self.data_dir_edit, 1)
        data_row.addWidget(browse)
        self.backbone_combo = QComboBox()
        for facts, text in self.backbone_choices(settings.default_backbone):
            self.backbone_combo.addItem(text, facts.key)
        position = self.backbone_combo.findData(settings.default_backbone)
        self.backbone_combo.setCurrentIndex(max(position, 0))
        self.backbone_combo.setToolTip(self.tr(
            "Backbones whose ImageNet weights are on this computer: EfficientNet-Lite0, "
            "-Lite1 and -Lite2 ship with the app; the others appear once their Keras "
            "weights file is installed (reviewer train --weights FILE puts it in place)."))
        self.theme_combo = QComboBox()
        for key, shown in THEME_NAMES:
            self.theme_combo.addItem(self.tr(str(shown)), key)
        self.theme_combo.setCurrentIndex(max(self.theme_combo.findData(settings.theme), 0))
        self.theme_combo.setToolTip(self.tr("The colours of the app: the system's, or light or dark"))
        self.language_combo = QComboBox()
        for key, shown in LANGUAGES:
            self.language_combo.addItem(self.tr(str(shown)), key)
        self.language_combo.setCurrentIndex(
            max(self.language_combo.findData(settings.language), 0))
        self.language_combo.setToolTip(self.tr("Takes effect at the next start"))
        form = QFormLayout()
        form.addRow(self.tr("Curator name:"), self.curator_edit)
        form.addRow(self.tr("Data folder:"), data_row)
        form.addRow(self.tr("Default backbone:"), self.backbone_combo)
        form.addRow(self.tr("Theme:"), self.theme_combo)
        form.addRow(self.tr("Language:"), self.language_combo)
        note = QLabel(self.tr("The command line reads the same settings."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def backbone_choices(self, current: str) -> list[tuple[BackboneFacts, str]]:
        """Every backbone that can start from ImageNet weights here, and ``current``
        (marked) when it cannot: a choice made before is shown, not silently changed."""
        choices = []
        for facts in FACTS:
            size = self.tr("{0} px").format(facts.default_size)
            if has_imagenet_weights(facts):
                where = (self.tr("weights ship with the app") if facts.offline
                         else self.tr("ImageNet weights installed"))
            elif facts.key == current:
                where = self.tr("no ImageNet weights on this computer")
            else:
                continue
            choices.append((facts, f"{facts.display_name} ({size}, {where})"))
        return choices

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Data folder"), self.data_dir_edit.text())
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
