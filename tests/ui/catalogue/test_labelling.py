"""Labelling from the keyboard, undo and redo, bulk steps and conflicts, checked
against the database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from reviewer.catalogue import labels
from reviewer.catalogue.schema import LabelBatch
from reviewer.ui.catalogue.catalogue_view import CatalogueView
from tests.ui.conftest import CURATOR
from tests.ui.helpers import db_labels, select_rows

# Categories come from the folder names in order: hat, jacket, shoes, trouser.
KEY_HAT, KEY_JACKET, KEY_SHOES, KEY_TROUSER = Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4


def test_legend_names_the_first_ten_categories(view: CatalogueView) -> None:
    text = view.legend.text()
    for key, name in (("1", "hat"), ("2", "jacket"), ("3", "shoes"), ("4", "trouser")):
        assert f"<b>{key}</b>&nbsp;{name}" in text


def test_number_keys_label_and_advance_then_undo_and_redo(qtbot, view: CatalogueView) -> None:
    catalogue = view.catalogue
    select_rows(view, [0])
    first, second = view.model.row_at(0).id, view.model.row_at(1).id
    assert db_labels(catalogue)[first] == ("hat", False)

    qtbot.keyClick(view.grid, KEY_TROUSER)
    assert db_labels(catalogue)[first] == ("trouser", False)
    assert view.grid.currentIndex().row() == 1, "advances to the next image"
    assert view.model.row_at(0).category_id is not None
    assert view.model.category_name(view.model.row_at(0)) == "trouser"

    qtbot.keyClick(view.grid, KEY_JACKET)
    assert db_labels(catalogue)[second] == ("jacket", False)

    view.undo()
    assert db_labels(catalogue)[second] == ("hat", False)
    assert db_labels(catalogue)[first] == ("trouser", False)
    assert view.model.category_name(view.model.row_at(1)) == "hat"
    view.undo()
    assert db_labels(catalogue)[first] == ("hat", False)
    view.redo()
    assert db_labels(catalogue)[first] == ("trouser", False)
    assert view.model.category_name(view.model.row_at(0)) == "trouser"
    with catalogue.read() as session:
        actors = {e.actor for e in labels.history(session) if e.source != "import"}
    assert actors == {CURATOR}


def test_u_toggles_unsure(qtbot, view: CatalogueView) -> None:
    select_rows(view, [2])
    image_id = view.model.row_at(2).id
    qtbot.keyClick(view.grid, Qt.Key.Key_U)
    assert db_labels(view.catalogue)[image_id] == ("hat", True)
    assert view.model.row_at(2).unsure
    qtbot.keyClick(view.grid, Qt.Key.Key_U)
    assert db_labels(view.catalogue)[image_id] == ("hat", False)


def test_bulk_relabel_is_one_undo_step(qtbot, view: CatalogueView) -> None:
    catalogue = view.catalogue
    select_rows(view, [0, 1, 2, 3])
    ids = [view.model.row_at(r).id for r in range(4)]
    resets: list[bool] = []
    view.model.modelReset.connect(lambda: resets.append(True))
    with catalogue.read() as session:
        batches_before = session.scalar(select(func.count(LabelBatch.id)))

    qtbot.keyClick(view.grid, KEY_SHOES)

    assert all(db_labels(catalogue)[i] == ("shoes", False) for i in ids)
    with catalogue.read() as session:
        assert session.scalar(select(func.count(LabelBatch.id))) == batches_before + 1
    assert not resets, "rows are updated in place, not by a reset"
    selected = sorted(i.row() for i in view.grid.selectionModel().selectedIndexes())
    assert selected == [0, 1, 2, 3], "the selection stays after a bulk change"

    view.undo()
    assert all(db_labels(catalogue)[i] == ("hat", False) for i in ids)
    view.redo()
    assert all(db_labels(catalogue)[i] == ("shoes", False) for i in ids)


def test_conflicting_change_by_another_curator(qtbot, view: CatalogueView) -> None:
    catalogue = view.catalogue
    select_rows(view, [0])
    image_id = view.model.row_at(0).id
    with catalogue.write() as session:  # bob relabels it after alice's grid was loaded
        labels.relabel(session, [image_id], "jacket", actor="bob")
    messages: list[str] = []
    view.statusMessage.connect(messages.append)

    qtbot.keyClick(view.grid, KEY_TROUSER)

    assert db_labels(catalogue)[image_id] == ("jacket", False), "bob's change stays"
    assert view.last_notice is not None
    assert not view.last_notice.isModal()
    assert "changed while you were working" in view.last_notice.text()
    assert any("bob" in m for m in messages)
    assert view.model.category_name(view.model.row_at(0)) == "jacket", "the row was re-read"
    assert view.grid.currentIndex().row() == 0, "no advance after a refused change"
    view.last_notice.close()

    qtbot.keyClick(view.grid, KEY_TROUSER)  # now alice sees bob's version: allowed
    assert db_labels(catalogue)[image_id] == ("trouser", False)


def test_row_that_leaves_the_filter_stays_marked(qtbot, view: CatalogueView) -> None:
    bar = view.filter_bar
    hat = next(c.id for c in view.labeller.key_categories if c.name == "hat")
    bar.set_combo_value(bar.category_combo, hat)
    assert view.model.total == 4
    select_rows(view, [1])
    image_id = view.model.row_at(1).id
    qtbot.keyClick(view.grid, KEY_SHOES)
    assert view.model.rowCount() == 4, "the row stays where it was"
    assert view.model.is_stale(image_id)
    assert view.model.total == 3
    view.undo()
    assert not view.model.is_stale(image_id)
    assert view.model.total == 4


def test_key_without_category_says_so(qtbot, view: CatalogueView) -> None:
    select_rows(view, [0])
    messages: list[str] = []
    view.statusMessage.connect(messages.append)
    qtbot.keyClick(view.grid, Qt.Key.Key_9)
    assert messages == ["No category on key 9."]
    assert db_labels(view.catalogue)[view.model.row_at(0).id] == ("hat", False)
