"""Help ▸ Keyboard shortcuts: every key the catalogue tab understands."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from reviewer.catalogue.categories import CategoryInfo
from reviewer.ui.catalogue.labelling import KEY_LABELS

GENERAL = (
    ("Arrow keys", "Move to the next image"),
    ("Shift+arrows, Ctrl+click", "Select several images"),
    ("Ctrl+A", "Select every image that matches the filters"),
    ("U", "Mark the selected images unsure (again: sure)"),
    ("Ctrl+Z", "Undo your last labelling step"),
    ("Ctrl+Shift+Z", "Redo"),
    ("Ctrl+F", "Search by file name or listing id"),
    ("Ctrl+I", "Import a folder"),
    ("Ctrl+O", "Open a catalogue"),
)


def shortcuts_html(categories: Sequence[CategoryInfo]) -> str:
    rows = [(KEY_LABELS[i], f"Label as <b>{_escape(c.name)}</b>")
            for i, c in enumerate(categories[:10])]
    rows += [(k, _escape(v)) for k, v in GENERAL]
    body = "".join(f"<tr><td style='padding-right:18px'><b>{k}</b></td><td>{v}</td></tr>"
                   for k, v in rows)
    return ("<p>With several images selected, a number key labels them all in one step "
            f"that one Ctrl+Z undoes.</p><table>{body}</table>")


class ShortcutsDialog(QDialog):
    def __init__(self, categories: Sequence[CategoryInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        text = QLabel(shortcuts_html(categories))
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
