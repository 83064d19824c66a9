"""Small helpers shared by the UI tests."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget
from sqlalchemy import select

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Category, Image
from reviewer.ui.catalogue.catalogue_view import CatalogueView


def db_labels(catalogue: Catalogue) -> dict[int, tuple[str | None, bool]]:
    """image id → (category name, unsure), straight from the database."""
    with catalogue.read() as session:
        names = dict(session.execute(select(Category.id, Category.name)).all())
        rows = session.execute(select(Image.id, Image.category_id, Image.unsure)).all()
    return {i: (names.get(c) if c else None, bool(u)) for i, c, u in rows}


def select_rows(view: CatalogueView, rows: list[int]) -> None:
    """Select ``rows`` of the grid; the first becomes the current row."""
    model, selection = view.model, view.grid.selectionModel()
    selection.setCurrentIndex(model.index(rows[0]),
                              QItemSelectionModel.SelectionFlag.ClearAndSelect)
    chosen = QItemSelection()
    for row in rows:
        chosen.select(model.index(row), model.index(row))
    selection.select(chosen, QItemSelectionModel.SelectionFlag.Select)


def shown_ids(view: CatalogueView) -> list[int]:
    view.model.fetch_all()
    return [row.id for row in view.model.rows()]


def when_shown(dialog_name: str, act: Callable[[QWidget], None], *,
               tries: int = 250) -> list[str]:
    """Call ``act(dialog)`` once the top-level widget ``dialog_name`` shows (inside its
    modal ``exec()``); the list receives the dialog's text when it was acted on, and
    stays empty when it never showed."""
    answered: list[str] = []

    def attempt(left: int) -> None:
        for widget in QApplication.topLevelWidgets():
            if widget.objectName() == dialog_name and widget.isVisible():
                answered.append(_text_of(widget))
                act(widget)
                return
        if left > 0:
            QTimer.singleShot(20, lambda: attempt(left - 1))

    QTimer.singleShot(0, lambda: attempt(tries))
    return answered


def click_when_shown(dialog_name: str, button_name: str, *, tries: int = 250) -> list[str]:
    """Click the button ``button_name`` of the dialog ``dialog_name`` once it shows."""

    def click(dialog: QWidget) -> None:
        button = dialog.findChild(QAbstractButton, button_name)
        assert button is not None, f"{dialog_name} has no button {button_name}"
        button.click()

    return when_shown(dialog_name, click, tries=tries)


def _text_of(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    informative = getattr(widget, "informativeText", None)
    parts = [f() for f in (text, informative) if callable(f)]
    return "\n".join(str(p) for p in parts)
