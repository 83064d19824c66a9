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
from reviewer.ui.common.translation import number

NameRole = Qt.ItemDataRole.UserRole + 1


class CategoryDialog(QDialog):
    """Each button calls the same function as ``reviewer categories …``."""

    changed = Signal(bool)  # True when labels moved (a merge), False for names only

    def __init__(self, catalogue: Catalogue, actor: Callable[[], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Categories"))
        self.setMinimumSize(460, 420)
        self._catalogue = catalogue
        self._actor = actor
        self.list = QTreeWidget()
        self.list.setHeaderLabels([self.tr("Key"), self.tr("Category"), self.tr("Images"), ""])
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Add…"))
        self.rename_button = QPushButton(self.tr("Rename…"))
        self.merge_button = QPushButton(self.tr("Merge into…"))
        self.retire_button = QPushButton(self.tr("Retire"))
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
        hint = QLabel(self.tr("The first ten active categories get the number keys 1–9 and 0, "
                      "in this order."))
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
            item = QTreeWidgetItem([shown_key, info.name, number(info.images),
                                    self.tr("retired") if info.retired else ""])
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
        return self._apply(lambda s: categories.add_category(s, name), self.tr("Added '{0}'.").format(name), False)

    def rename(self, old: str, new: str) -> bool:
        return self._apply(lambda s: categories.rename_category(s, old, new),
                           self.tr("Renamed '{0}' to '{1}'.").format(old, new), False)

    def merge(self, source: str, target: str) -> bool:
        def act(session: object) -> object:
            return labels.merge_categories(session, source, target,  # type: ignore[arg-type]
                                           actor=self._actor())

        return self._apply(act, self.tr("Merged '{0}' into '{1}'; Ctrl+Z moves the "
                                "images back.").format(source, target), True)

    def retire(self, name: str) -> bool:
        return self._apply(lambda s: categories.retire_category(s, name),
                           self.tr("Retired '{0}'; its images keep their label.").format(name), False)

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
        name, ok = QInputDialog.getText(self, self.tr("Add a category"), self.tr("Name:"))
        if ok and name.strip():
            self.add(name)

    def _ask_rename(self) -> None:
        old = self.selected_name()
        if old is None:
            return
        new, ok = QInputDialog.getText(self, self.tr("Rename a category"), self.tr("New name for '{0}':").format(old),
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
            self.message.setText(self.tr("There is no other active category to merge into."))
            return
        target, ok = QInputDialog.getItem(self, self.tr("Merge categories"),
                                          self.tr("Move every image of '{0}' into:").format(source), targets, 0,
                                          False)
        if not ok:
            return
        answer = QMessageBox.question(
            self, self.tr("Merge categories"),
            self.tr("Move every image labelled '{0}' to '{1}' and retire '{0}'?").format(source, target))
        if answer == QMessageBox.StandardButton.Yes:
            self.merge(source, target)

    def _ask_retire(self) -> None:
        name = self.selected_name()
        if name is not None:
            self.retire(name)
