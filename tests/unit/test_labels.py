"""Labels as events: derived current label, undo/redo per user, conflicts, categories."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from reviewer.catalogue import categories as cats
from reviewer.catalogue import labels
from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.catalogue.schema import Image
from reviewer.errors import ConflictError, NotFoundError, UserError


@pytest.fixture
def imported(catalogue: Catalogue, category_folder: Path) -> Catalogue:
    run_import(catalogue, category_folder, ImportOptions(actor="importer", workers=1))
    return catalogue


def _labels(catalogue: Catalogue) -> dict[int, tuple[str | None, bool]]:
    with catalogue.read() as s:
        names = cats.category_names(s)
        return {
            i: (names.get(c) if c else None, bool(u))
            for i, c, u in s.execute(select(Image.id, Image.category_id, Image.unsure))
        }


def test_relabel_writes_events_and_the_derived_label(imported: Catalogue) -> None:
    with imported.write() as s:
        result = labels.relabel(s, [1, 2], "jacket", actor="alice")
    assert result.changed == 2
    assert _labels(imported)[1] == ("jacket", False)
    with imported.read() as s:
        hist = labels.history(s, 1)
        assert [(h.old, h.new, h.actor, h.source) for h in hist][-1] == (
            "hat", "jacket", "alice", "curator")
        assert labels.inconsistent_images(s) == []


def test_bulk_relabel_undoes_and_redoes_as_one_step(imported: Catalogue) -> None:
    before = _labels(imported)
    with imported.write() as s:
        labels.relabel(s, range(1, 11), "shoes", actor="alice")
    with imported.write() as s:
        labels.undo(s, actor="alice")
    assert _labels(imported) == before
    with imported.write() as s:
        labels.redo(s, actor="alice")
    assert all(_labels(imported)[i] == ("shoes", False) for i in range(1, 11))
    with imported.read() as s:
        assert labels.inconsistent_images(s) == []


def test_undo_is_per_user(imported: Catalogue) -> None:
    with imported.write() as s:
        labels.relabel(s, [1], "shoes", actor="alice")
    with imported.write() as s:
        labels.relabel(s, [2], "trouser", actor="bob")
    with imported.write() as s:
        labels.undo(s, actor="alice")
    current = _labels(imported)
    assert current[1] == ("hat", False)  # alice's change reverted
    assert current[2] == ("trouser", False)  # bob's change kept


def test_undo_redo_stack_order_and_new_action_clears_redo(imported: Catalogue) -> None:
    with imported.write() as s:
        labels.relabel(s, [1], "shoes", actor="a")
    with imported.write() as s:
        labels.relabel(s, [1], "jacket", actor="a")
    with imported.write() as s:
        labels.undo(s, actor="a")
    assert _labels(imported)[1][0] == "shoes"
    with imported.write() as s:
        labels.undo(s, actor="a")
    assert _labels(imported)[1][0] == "hat"
    with imported.write() as s:
        labels.redo(s, actor="a")
    assert _labels(imported)[1][0] == "shoes"
    with imported.write() as s:
        labels.relabel(s, [3], "shoes", actor="a")
    with imported.write() as s, pytest.raises(UserError, match="Nothing to redo"):
        labels.redo(s, actor="a")


def test_nothing_to_undo_is_a_clear_message(imported: Catalogue) -> None:
    with imported.write() as s, pytest.raises(UserError, match="Nothing to undo for carol"):
        labels.undo(s, actor="carol")


def test_undo_refuses_when_someone_else_changed_the_image(imported: Catalogue) -> None:
    with imported.write() as s:
        labels.relabel(s, [1], "shoes", actor="alice")
    with imported.write() as s:
        labels.relabel(s, [1], "jacket", actor="bob")
    with imported.write() as s:
        result = labels.undo(s, actor="alice")
    assert result.reverted == 0 and result.batch_id is None
    assert [str(x) for x in result.left_alone] == [
        "bob changed image 1 after you; left as jacket"]
    assert result.summary().startswith("Nothing of '1 image(s) → shoes' could be undone")
    assert _labels(imported)[1][0] == "jacket"
    with imported.write() as s, pytest.raises(UserError, match="Nothing to undo for alice"):
        labels.undo(s, actor="alice")  # the refused step is settled: undo moved past it


def test_unsure_is_a_state_not_a_category(imported: Catalogue) -> None:
    with imported.write() as s:
        labels.set_unsure(s, [1], True, actor="alice")
    assert _labels(imported)[1] == ("hat", True)
    with imported.read() as s:
        assert "unsure" not in [c.name for c in cats.list_categories(s)]


def test_stale_version_is_a_conflict_and_nothing_is_written(imported: Catalogue) -> None:
    with imported.read() as s:
        seen = s.scalar(select(Image.version).where(Image.id == 1))
    with imported.write() as s:
        labels.relabel(s, [1], "shoes", actor="bob", expected_versions={1: seen})
    with imported.write() as s, pytest.raises(ConflictError, match="Your change was not applied"):
        labels.relabel(s, [1, 2], "jacket", actor="alice", expected_versions={1: seen})
    assert _labels(imported)[1][0] == "shoes"
    assert _labels(imported)[2][0] == "hat"  # the whole action was refused


def test_unknown_image_and_category(imported: Catalogue) -> None:
    with imported.write() as s, pytest.raises(NotFoundError, match="No image with id 999"):
        labels.relabel(s, [999], "hat", actor="a")
    with imported.write() as s, pytest.raises(NotFoundError, match="Did you mean 'jacket'"):
        labels.relabel(s, [1], "jackett", actor="a")


def test_merge_moves_labels_through_events_and_retires(imported: Catalogue) -> None:
    with imported.write() as s:
        result = labels.merge_categories(s, "jacket", "hat", actor="alice")
    assert result.changed == 4
    with imported.read() as s:
        infos = {c.name: c for c in cats.list_categories(s, include_retired=True)}
        assert infos["hat"].images == 8 and infos["jacket"].retired
        assert labels.inconsistent_images(s) == []
    with imported.write() as s, pytest.raises(UserError, match="retired .*merged into hat"):
        labels.relabel(s, [1], "jacket", actor="alice")


def test_rename_add_retire(imported: Catalogue) -> None:
    with imported.write() as s:
        cats.rename_category(s, "trouser", "pants")
        cats.add_category(s, "bag")
        cats.retire_category(s, "shoes")
    with imported.read() as s:
        active = [c.name for c in cats.list_categories(s)]
    assert "pants" in active and "bag" in active and "shoes" not in active
    with imported.write() as s, pytest.raises(UserError, match="exists"):
        cats.rename_category(s, "pants", "hat")
