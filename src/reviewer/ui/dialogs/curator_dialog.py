"""First start: ask the curator's name once, instead of silently writing the login
name into the label history."""

from __future__ import annotations

import contextlib

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from reviewer.settings import Settings, save_settings


class CuratorNameDialog(QDialog):
    """One line for the name, offered as the login name; OK needs a name."""

    def __init__(self, suggestion: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Product Image Reviewer")
        self.setObjectName("curatorName")
        self.setMinimumWidth(440)
        intro = QLabel(
            "Your name goes into the label history beside every change you make, so a "
            "team can see who labelled what; undo and redo work on your own changes. "
            "You can change it later in File › Settings.")
        intro.setWordWrap(True)
        self.name_edit = QLineEdit(suggestion)
        self.name_edit.selectAll()
        self.name_edit.setAccessibleName("Your name")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(self._update_ok)
        form = QFormLayout()
        form.addRow("Your &name:", self.name_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._update_ok()

    def name(self) -> str:
        return self.name_edit.text().strip()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.name()))


def ask_curator_name_once(settings: Settings, parent: QWidget | None = None) -> bool:
    """When no curator name was ever set, ask for it and save it (Cancel keeps the
    suggested login name, so the question comes once). True when it asked."""
    if settings.curator.strip():
        return False
    suggestion = settings.curator_name  # the login name while none is set
    dialog = CuratorNameDialog(suggestion, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    settings.curator = dialog.name() if accepted and dialog.name() else suggestion
    with contextlib.suppress(OSError):  # unsaved: asked again next time
        save_settings(settings)
    return True
