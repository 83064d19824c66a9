"""Help ▸ Keyboard shortcuts: every key the app understands, read from where the keys
are defined (the window's actions, the labelling keys, the grid's movement keys), so
the list cannot fall behind the keys themselves."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewer.catalogue.categories import CategoryInfo
from reviewer.ui.catalogue.labelling import ACCEPT_KEYS, KEY_LABELS, UNSURE_KEY

# Section names (marked for lupdate; translated when the tree is filled).
LABELLING = QT_TRANSLATE_NOOP("ShortcutsDialog", "Labelling (in the catalogue grid)")
MOVING = QT_TRANSLATE_NOOP("ShortcutsDialog", "Moving and selecting in the grid")
COMMANDS = QT_TRANSLATE_NOOP("ShortcutsDialog", "Commands (menus)")

# The keys the grid (a QListView in icon mode) moves and selects with; each one is
# pressed in tests/ui/dialogs/test_shortcuts_dialog.py, which fails if one stops working.
GRID_KEYS: tuple[tuple[tuple[Qt.Key, ...], str], ...] = (
    ((Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down),
     QT_TRANSLATE_NOOP("ShortcutsDialog", "Move to the image beside, above or below")),
    ((Qt.Key.Key_PageUp, Qt.Key.Key_PageDown),
     QT_TRANSLATE_NOOP("ShortcutsDialog", "Move one screen up or down")),
    ((Qt.Key.Key_Home, Qt.Key.Key_End),
     QT_TRANSLATE_NOOP("ShortcutsDialog", "Go to the first or the last image")),
)
GRID_SELECTION = (
    ("Shift+arrows, Shift+Page Up/Down, Shift+Home/End",
     QT_TRANSLATE_NOOP("ShortcutsDialog", "Select a range of images")),
    ("Ctrl+click, Shift+click",
     QT_TRANSLATE_NOOP("ShortcutsDialog", "Add an image, or a range, to the selection")),
)


@dataclass(frozen=True)
class ShortcutRow:
    section: str
    keys: str
    what: str


def key_text(keys: Iterable[Qt.Key]) -> str:
    return " / ".join(QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
                      for key in keys)


def on_a_common_keyboard(sequence: QKeySequence) -> bool:
    """Letters, digits, punctuation, the editing and arrow keys, F1–F12 and Menu, with
    any modifiers: not the dedicated keys (Undo, Open, Help, F14, …) some platforms'
    standard bindings add, which most keyboards do not have."""
    if sequence.isEmpty():
        return False
    key = sequence[0].key().value
    return (key < Qt.Key.Key_Escape.value
            or Qt.Key.Key_Escape.value <= key <= Qt.Key.Key_ScrollLock.value
            or Qt.Key.Key_F1.value <= key <= Qt.Key.Key_F12.value
            or key == Qt.Key.Key_Menu.value)


def action_keys(action: QAction) -> str:
    """Every shortcut of ``action`` a common keyboard has, as the menus show them
    ("" when none)."""
    texts: list[str] = []
    for sequence in action.shortcuts():
        if not on_a_common_keyboard(sequence):
            continue
        text = sequence.toString(QKeySequence.SequenceFormat.NativeText)
        if text and text not in texts:
            texts.append(text)
    return " or ".join(texts)


def action_name(action: QAction) -> str:
    """The menu text without its mnemonic, tab-separated key hint or ellipsis."""
    text = action.text().split("\t", 1)[0].replace("&&", "\0").replace("&", "")
    return text.replace("\0", "&").removesuffix("…").strip()


def shortcut_rows(categories: Sequence[CategoryInfo],
                  actions: Iterable[QAction]) -> list[ShortcutRow]:
    def translated(text: str) -> str:  # a string marked with QT_TRANSLATE_NOOP above
        return QCoreApplication.translate("ShortcutsDialog", text)

    label_as = QCoreApplication.translate("ShortcutsDialog", "Label as {0}")
    rows = [ShortcutRow(LABELLING, KEY_LABELS[i], label_as.format(c.name))
            for i, c in enumerate(categories[:len(KEY_LABELS)])]
    if not categories:
        rows.append(ShortcutRow(LABELLING, f"{KEY_LABELS[0]} … {KEY_LABELS[-1]}",
                                QCoreApplication.translate(
                                    "ShortcutsDialog",
                                    "Label as one of the first ten categories (none yet)")))
    rows.append(ShortcutRow(LABELLING, key_text([UNSURE_KEY]),
                            QCoreApplication.translate(
                                "ShortcutsDialog",
                                "Mark the selected images unsure (again: sure)")))
    rows.append(ShortcutRow(LABELLING, key_text([ACCEPT_KEYS[0], ACCEPT_KEYS[2]]),
                            QCoreApplication.translate(
                                "ShortcutsDialog",
                                "Accept the suggested category of the selected unlabelled images")))
    rows += [ShortcutRow(MOVING, key_text(keys), translated(what)) for keys, what in GRID_KEYS]
    rows += [ShortcutRow(MOVING, keys, translated(what)) for keys, what in GRID_SELECTION]
    seen: set[str] = set()
    for action in actions:
        keys = action_keys(action)
        if keys and keys not in seen:
            seen.add(keys)
            rows.append(ShortcutRow(COMMANDS, keys, action_name(action)))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, categories: Sequence[CategoryInfo], actions: Iterable[QAction],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setObjectName("shortcuts")
        self.rows = shortcut_rows(categories, actions)
        note = QLabel(self.tr("With several images selected, a number key labels them all "
                              "in one step that one Ctrl+Z undoes."))
        note.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Keys"), self.tr("What they do")])
        self.tree.setRootIsDecorated(False)
        self.tree.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setWordWrap(True)
        sections: dict[str, QTreeWidgetItem] = {}
        for row in self.rows:
            parent_item = sections.get(row.section)
            if parent_item is None:
                parent_item = QTreeWidgetItem([self.tr(row.section)])
                font = parent_item.font(0)
                font.setBold(True)
                parent_item.setFont(0, font)
                parent_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.tree.addTopLevelItem(parent_item)
                parent_item.setFirstColumnSpanned(True)
                sections[row.section] = parent_item
            parent_item.addChild(QTreeWidgetItem([row.keys, row.what]))
        self.tree.expandAll()
        self.tree.setItemsExpandable(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(760, 680)
