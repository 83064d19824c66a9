"""The category manager calls the same functions as `reviewer categories`."""

from __future__ import annotations

import pytest

from reviewer.catalogue import labels
from reviewer.catalogue.categories import list_categories
from reviewer.catalogue.db import Catalogue
from reviewer.ui.catalogue.catalogue_view import CatalogueView
from reviewer.ui.dialogs.category_dialog import CategoryDialog
from tests.ui.helpers import db_labels


@pytest.fixture
def dialog(qtbot, labelled_catalogue: Catalogue) -> CategoryDialog:
    widget = CategoryDialog(labelled_catalogue, lambda: "alice")
    qtbot.addWidget(widget)
    return widget


def _names(catalogue: Catalogue) -> list[str]:
    with catalogue.read() as session:
        return [c.name for c in list_categories(session)]


def test_add_rename_retire(dialog: CategoryDialog, labelled_catalogue: Catalogue) -> None:
    changes: list[bool] = []
    dialog.changed.connect(changes.append)
    assert dialog.add("scarf")
    assert _names(labelled_catalogue)[-1] == "scarf"
    assert dialog.rename("scarf", "shawl")
    assert "shawl" in _names(labelled_catalogue)
    assert dialog.retire("shawl")
    assert "shawl" not in _names(labelled_catalogue)
    assert changes == [False, False, False]
    assert not dialog.add("hat"), "a clash is a message"
    assert "already exists" in dialog.message.text()
    texts = [dialog.list.topLevelItem(i).text(1) for i in range(dialog.list.topLevelItemCount())]
    assert texts == ["hat", "jacket", "shoes", "trouser", "shawl"]
    assert dialog.list.topLevelItem(4).text(3) == "retired"


def test_merge_moves_labels_in_one_undoable_step(dialog: CategoryDialog,
                                                 labelled_catalogue: Catalogue) -> None:
    changes: list[bool] = []
    dialog.changed.connect(changes.append)
    assert dialog.merge("jacket", "trouser")
    assert changes == [True]
    assert sum(1 for name, _u in db_labels(labelled_catalogue).values() if name == "trouser") == 8
    assert "jacket" not in _names(labelled_catalogue)
    with labelled_catalogue.write() as session:
        labels.undo(session, actor="alice")
    assert sum(1 for name, _u in db_labels(labelled_catalogue).values() if name == "jacket") == 4


def test_view_follows_a_rename(dialog: CategoryDialog, view: CatalogueView) -> None:
    dialog.changed.connect(lambda _moved: view.reload_categories())
    dialog.rename("hat", "cap")
    assert view.model.category_name(view.model.row_at(0)) == "cap"
    assert "<b>1</b>&nbsp;cap" in view.legend.text()
