"""Each filter gives exactly the rows the database says it should."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from reviewer.catalogue import labels
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.catalogue.queries import NO_CATEGORY
from reviewer.catalogue.schema import Image
from reviewer.catalogue.splits import SplitConfig, make_splits
from reviewer.ui.catalogue.catalogue_view import CatalogueView
from tests.ui.helpers import shown_ids


def _ids(view: CatalogueView, *where: object) -> list[int]:
    with view.catalogue.read() as session:
        return list(session.scalars(select(Image.id).where(*where).order_by(Image.id)))


def test_no_filter_shows_everything(view: CatalogueView) -> None:
    assert shown_ids(view) == _ids(view)
    assert view.model.total == 16


def test_category_filter(view: CatalogueView) -> None:
    bar = view.filter_bar
    jacket = next(c.id for c in view.labeller.key_categories if c.name == "jacket")
    bar.set_combo_value(bar.category_combo, jacket)
    assert shown_ids(view) == _ids(view, Image.category_id == jacket)
    assert len(shown_ids(view)) == 4
    assert "4 images match these filters" in view.count_label.text()


def test_no_category_filter(view: CatalogueView) -> None:
    with view.catalogue.write() as session:
        labels.relabel(session, [3, 7], None, actor="alice")
    view.refresh()
    bar = view.filter_bar
    bar.set_combo_value(bar.category_combo, NO_CATEGORY)
    assert shown_ids(view) == [3, 7]


def test_split_filter(view: CatalogueView) -> None:
    make_splits(view.catalogue, SplitConfig())
    view.refresh()
    bar = view.filter_bar
    for split in ("train", "validation", "test"):
        bar.set_combo_value(bar.split_combo, split)
        assert shown_ids(view) == _ids(view, Image.split == split)
    assert sum(len(_ids(view, Image.split == s)) for s in ("train", "validation", "test")) == 16
    bar.set_combo_value(bar.split_combo, "none")
    assert shown_ids(view) == []


def test_unsure_filter(view: CatalogueView) -> None:
    with view.catalogue.write() as session:
        labels.set_unsure(session, [2, 11], True, actor="alice")
    view.refresh()
    bar = view.filter_bar
    bar.set_combo_value(bar.unsure_combo, True)
    assert shown_ids(view) == [2, 11]
    bar.set_combo_value(bar.unsure_combo, False)
    assert shown_ids(view) == [i for i in range(1, 17) if i not in (2, 11)]


def test_search_by_file_name(qtbot, view: CatalogueView) -> None:
    bar = view.filter_bar
    with qtbot.waitSignal(bar.changed, timeout=2000):  # typing is debounced
        bar.search_edit.setText("jacket")
    assert shown_ids(view) == _ids(view, Image.file_name.like("jacket%"))
    assert len(shown_ids(view)) == 4


def test_search_for_a_file_name_with_an_underscore(qtbot, view: CatalogueView) -> None:
    bar = view.filter_bar
    with qtbot.waitSignal(bar.changed, timeout=2000):
        bar.search_edit.setText("shoes_3.jpg")
    assert shown_ids(view) == _ids(view, Image.file_name == "shoes_3.jpg")


def test_search_by_listing_id(
    qtbot, view: CatalogueView, tmp_path: Path, make_image: Callable[..., Path]
) -> None:
    rows = ["path,label,listing_id"]
    for i in range(3):
        make_image(tmp_path / "listings" / f"l{i}.png", color=(10, 90, 200), pattern=20 + i)
        rows.append(f"l{i}.png,hat,L-{1000 + i}")
    manifest = tmp_path / "listings" / "manifest.csv"
    manifest.write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = run_import(view.catalogue, manifest, ImportOptions(actor="importer", workers=1))
    assert report.added == 3
    view.refresh()
    bar = view.filter_bar
    with qtbot.waitSignal(bar.changed, timeout=2000):
        bar.search_edit.setText("L-1001")
    assert shown_ids(view) == _ids(view, Image.listing_id == "L-1001")
    assert len(shown_ids(view)) == 1
    bar.set_combo_value(bar.source_combo, "csv")
    bar.search_edit.clear()
    bar.search_edit.returnPressed.emit()
    assert shown_ids(view) == _ids(view, Image.source == "csv")


def test_filters_combine_and_clear(qtbot, view: CatalogueView) -> None:
    with view.catalogue.write() as session:
        labels.set_unsure(session, [1, 5], True, actor="alice")
    view.refresh()
    bar = view.filter_bar
    hat = next(c.id for c in view.labeller.key_categories if c.name == "hat")
    bar.set_combo_value(bar.category_combo, hat)
    bar.set_combo_value(bar.unsure_combo, True)
    assert shown_ids(view) == [1]
    bar.clear()
    assert len(shown_ids(view)) == 16


def test_sort_descending_by_file_name(view: CatalogueView) -> None:
    bar = view.filter_bar
    bar.set_combo_value(bar.sort_combo, "file_name")
    bar.descending_button.setChecked(True)
    names = [row.file_name for row in view.model.rows()]
    assert names == sorted(names, reverse=True)


def test_paging_loads_on_demand(view: CatalogueView, monkeypatch) -> None:
    import reviewer.ui.grid.image_grid_model as grid_model

    monkeypatch.setattr(grid_model, "PAGE_SIZE", 5)
    view.filter_bar.set_combo_value(view.filter_bar.sort_combo, "file_name")
    model = view.model
    assert model.total == 16
    assert model.rowCount() <= 16
    model.fetch_all()
    assert model.rowCount() == 16
    assert not model.canFetchMore()
    names = [row.file_name for row in model.rows()]
    assert names == sorted(names)
