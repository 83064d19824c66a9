"""Asking before one key changes many images, as file managers ask before a mass
delete: the dialog says what will happen, and Enter or Escape cancel — going ahead
takes a click or the button's own key (Alt+L)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

DEFAULT_THRESHOLD = 50


def confirm_bulk(parent: QWidget, count: int, what: str) -> bool:
    """Ask whether to apply ``what`` (say "label as jacket") to ``count`` images."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Change many images?")
    box.setText(f"{what[:1].upper()}{what[1:]}: {count:,} images?")
    box.setInformativeText(
        f"All {count:,} selected images will change in one step (Ctrl+Z undoes it). "
        "To change only the image you see, click it first."
    )
    go = box.addButton(f"&{what[:1].upper()}{what[1:]} ({count:,})",
                       QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    go.setObjectName("bulkConfirmButton")
    box.exec()
    return box.clickedButton() is go
