"""Non-modal messages: they tell the curator what happened without stopping the
import, the thumbnails or the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def show_notice(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
) -> QMessageBox:
    """Show ``text`` in a message box that does not block the window; returns it."""
    box = QMessageBox(icon, title, _first_line(text), QMessageBox.StandardButton.Ok, parent)
    rest = text.split("\n", 1)[1].strip() if "\n" in text else ""
    if rest:
        box.setInformativeText(rest.lstrip("→ ").strip())
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    box.show()
    return box


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0]
