"""Small helpers shared by the UI tests."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel
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
