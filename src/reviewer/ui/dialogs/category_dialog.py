"""The category manager: add, rename, merge (labels move through events, one
undoable step) and retire (no new labels; images keep theirs)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewer.catalogue import categories, labels
from reviewer.catalogue.categories import CategoryInfo
from reviewer.catalogue.db import Catalogue
from reviewer.errors import UserError

NameRole = Qt.ItemDataRole.UserRole + 1


class CategoryDialog(QDialog):
    """Each button calls the same function as ``reviewer categories …``."""

    changed = Signal(bool)  # True when labels moved (a merge), False for names only

    def __init__(self, catalogue: Catalogue, actor: Callable[[], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Categories")
        self.setMinimumSize(460, 420)
        self._catalogue = catalogue
        self._actor = actor
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["Key", "Category", "Images", ""])
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.add_button = QPushButton("Add…")
        self.rename_button = QPushButton("Rename…")
        self.merge_button = QPushButton("Merge into…")
        self.retire_button = QPushButton("Retire")
        self.add_button.clicked.connect(self._ask_add)
        self.rename_button.clicked.connect(self._ask_rename)
        self.merge_button.clicked.connect(self._ask_merge)
        self.retire_button.clicked.connect(self._ask_retire)
        side = QVBoxLayout()
        for button in (self.add_button, self.rename_button, self.merge_button,
                       self.retire_button):
            side.addWidget(button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(side)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        hint = QLabel("The first ten active categories get the number keys 1–9 and 0, "
                      "in this order.")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(row, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.list.currentItemChanged.connect(self._update_buttons)
        self.reload()

    def reload(self) -> list[CategoryInfo]:
        current = self.selected_name()
        with self._catalogue.read() as session:
            infos = categories.list_categories(session, include_retired=True)
        self.list.clear()
        muted = QBrush(self.palette().color(QPalette.ColorRole.PlaceholderText))
        key = 0
        for info in infos:
            if not info.retired:
                key += 1
            shown_key = str(key % 10) if not info.retired and key <= 10 else ""
            item = QTreeWidgetItem([shown_key, info.name, f"{info.images:,}",
                                    "retired" if info.retired else ""])
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setData(0, NameRole, info.name)
            if info.retired:
                for column in range(4):
                    item.setForeground(column, muted)
            self.list.addTopLevelItem(item)
            if info.name == current:
                self.list.setCurrentItem(item)
        for column in range(4):
            self.list.resizeColumnToContents(column)
        self._update_buttons()
        return infos

    def selected_name(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(0, NameRole))

    def _update_buttons(self) -> None:
        chosen = self.selected_name() is not None
        for button in (self.rename_button, self.merge_button, self.retire_button):
            button.setEnabled(chosen)

    # --- actions (also called directly by tests and scripts) ---------------------------

    def add(self, name: str) -> bool:
        return self._apply(lambda s: categories.add_category(s, name), f"Added '{name}'.", False)

    def rename(self, old: str, new: str) -> bool:
        return self._apply(lambda s: categories.rename_category(s, old, new),
                           f"Renamed '{old}' to '{new}'.", False)

    def merge(self, source: str, target: str) -> bool:
        def act(session: object) -> object:
            return labels.merge_categories(session, source, target,  # type: ignore[arg-type]
                                           actor=self._actor())

        return self._apply(act, f"Merged '{source}' into '{target}'; Ctrl+Z moves the "
                                "images back.", True)

    def retire(self, name: str) -> bool:
        return self._apply(lambda s: categories.retire_category(s, name),
                           f"Retired '{name}'; its images keep their label.", False)

    def _apply(self, act: Callable[..., object], done: str, labels_moved: bool) -> bool:
        try:
            with self._catalogue.write() as session:
                act(session)
        except UserError as exc:
            self.message.setText(str(exc))
            return False
        self.message.setText(done)
        self.reload()
        self.changed.emit(labels_moved)
        return True

    # --- prompts ------------------------------------------------------------------------

    def _ask_add(self) -> None:
        name, ok = QInputDialog.getText(self, "Add a category", "Name:")
        if ok and name.strip():
            self.add(name)

    def _ask_rename(self) -> None:
        old = self.selected_name()
        if old is None:
            return
        new, ok = QInputDialog.getText(self, "Rename a category", f"New name for '{old}':",
                                       text=old)
        if ok and new.strip() and new != old:
            self.rename(old, new)

    def _ask_merge(self) -> None:
        source = self.selected_name()
        if source is None:
            return
        with self._catalogue.read() as session:
            targets = [c.name for c in categories.list_categories(session) if c.name != source]
        if not targets:
            self.message.setText("There is no other active category to merge into.")
            return
        target, ok = QInputDialog.getItem(self, "Merge categories",
                                          f"Move every image of '{source}' into:", targets, 0,
                                          False)
        if not ok:
            return
        answer = QMessageBox.question(
            self, "Merge categories",
            f"Move every image labelled '{source}' to '{target}' and retire '{source}'?")
        if answer == QMessageBox.StandardButton.Yes:
            self.merge(source, target)

    def _ask_retire(self) -> None:
        name = self.selected_name()
        if name is not None:
            self.retire(name)
