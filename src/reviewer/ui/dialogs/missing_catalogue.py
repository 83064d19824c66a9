""""Create a new catalogue here?": asked before a path with nothing at it (typed in
File › Open, kept in Open Recent, or given on the command line) becomes a new, empty
catalogue, so a typo does not silently make one (and its folders)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

TITLE = "No catalogue there"


class Answer(Enum):
    CREATE = "create"
    CHOOSE = "choose"  # pick another file instead
    CANCEL = "cancel"


def missing_catalogue_box(path: Path, parent: QWidget | None = None, *,
                          offer_choose: bool = False) -> QMessageBox:
    """The question, not yet shown (tests and :func:`ask_create` show it)."""
    box = QMessageBox(QMessageBox.Icon.Question, TITLE,
                      f"There is no catalogue at {path}.", parent=parent)
    folder = "" if path.parent.exists() else f" (and the folder {path.parent})"
    box.setInformativeText(
        f"Create a new catalogue here? A new, empty catalogue file{folder} will be made.\n"
        "\nIf the path is mistyped, choose Cancel: nothing is created.")
    box.setObjectName("missingCatalogue")
    create = box.addButton("Create a new catalogue", QMessageBox.ButtonRole.AcceptRole)
    create.setObjectName("create")
    if offer_choose:
        choose = box.addButton("Choose another file…", QMessageBox.ButtonRole.ActionRole)
        choose.setObjectName("choose")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    cancel.setObjectName("cancel")
    box.setDefaultButton(cancel)  # Enter on a typo creates nothing
    box.setEscapeButton(cancel)
    return box


def ask_create(path: Path, parent: QWidget | None = None, *,
               offer_choose: bool = False) -> Answer:
    """Ask whether to create a catalogue at ``path``; Cancel unless the curator says so."""
    box = missing_catalogue_box(path, parent, offer_choose=offer_choose)
    box.exec()
    clicked = box.clickedButton()
    name = clicked.objectName() if clicked is not None else ""
    return Answer(name) if name in ("create", "choose") else Answer.CANCEL
