"""H over the photo in the catalogue's detail pane and in the moderation view: the heat
map of the run's own model (a real tiny trained run) for the image on screen, predicted
and true / declared class side by side; with no run, a message in the panel. In the
window, H is an action (listed by F1) and a letter typed in the search box stays text."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Listing
from reviewer.moderation.listings import import_listings
from reviewer.settings import Settings
from reviewer.ui.catalogue.catalogue_view import CatalogueView
from reviewer.ui.dialogs.shortcuts_dialog import COMMANDS
from reviewer.ui.main_window import MainWindow
from reviewer.ui.moderation.moderation_view import ModerationView
from reviewer.ui.runs.heat_map_panel import NO_RUN, HeatMapPanel
from tests.moderation.conftest import COLOURS, photo, write_listings_csv
from tests.ui.dialogs.test_shortcuts_dialog import _f1_rows
from tests.ui.moderation.test_moderation_view import flagged_catalogue
from tests.ui.runs.test_runs_view import TrainedRun, trained  # noqa: F401  (fixture)

WAIT_MS = 120_000  # the first heat map loads TensorFlow and the run's model


def _roles(panel: HeatMapPanel) -> list[str]:
    assert panel.explanation is not None
    return [m.role for m in panel.explanation.maps]


def _assert_pictures(panel: HeatMapPanel) -> None:
    roles = _roles(panel)
    assert roles in (["predicted and true"], ["predicted", "true"])
    assert panel.pictures.count() == 2 * len(roles)  # a picture and a caption each
    for i in range(0, panel.pictures.count(), 2):
        item = panel.pictures.itemAt(i)
        assert item is not None and item.widget() is not None
        pixmap = item.widget().pixmap()  # type: ignore[union-attr]
        assert not pixmap.isNull() and pixmap.width() > 0


@pytest.fixture
def catalogue_view(qtbot: QtBot, trained: TrainedRun) -> Iterator[CatalogueView]:  # noqa: F811
    view = CatalogueView(trained.catalogue, lambda: "carol")
    qtbot.addWidget(view)
    view.resize(1300, 900)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view.detail.image_id is not None)
    yield view
    view.shutdown()


def test_h_shows_the_heat_map_of_the_image_in_the_detail_pane(
    qtbot: QtBot, catalogue_view: CatalogueView, trained: TrainedRun  # noqa: F811
) -> None:
    view = catalogue_view
    panel = view.detail.heat_panel
    assert not panel.isVisible()
    first = view.detail.image_id
    with qtbot.waitSignal(panel.shown, timeout=WAIT_MS) as shown:
        qtbot.keyClick(view.grid, Qt.Key.Key_H)
    assert panel.isVisible()
    explanation = shown.args[0]
    assert explanation.image_id == first
    assert panel.run_id == trained.run_id  # the newest finished run
    assert explanation.predicted in trained.class_names
    assert explanation.true in trained.class_names  # the image's label
    _assert_pictures(panel)
    # the panel follows the current image
    with qtbot.waitSignal(panel.shown, timeout=WAIT_MS) as shown:
        qtbot.keyClick(view.grid, Qt.Key.Key_Right)
    assert view.detail.image_id not in (None, first)
    assert shown.args[0].image_id == view.detail.image_id
    # several images selected: the panel says so
    view.select_all()
    qtbot.waitUntil(lambda: view.detail.image_id is None)
    assert panel.explanation is None and panel.pictures.count() == 0
    assert "Select one image" in panel.status.text()
    # H again hides it; a letter typed in the search box is text, not the key
    qtbot.keyClick(view.grid, Qt.Key.Key_H)
    assert not panel.isVisible()
    view.filter_bar.search_edit.setFocus()
    qtbot.keyClick(view.filter_bar.search_edit, Qt.Key.Key_H)
    assert view.filter_bar.search_edit.text() == "h"
    assert not panel.isVisible()


def test_h_in_the_moderation_view_explains_the_first_photo_with_the_scoring_run(
    qtbot: QtBot, trained: TrainedRun, tmp_path: Path  # noqa: F811
) -> None:
    catalogue = trained.catalogue
    names = trained.class_names
    rows = []
    for i, name in enumerate(names):  # each declared as the next category: a mismatch
        photo(tmp_path / "in" / f"m{i}.png", COLOURS[name], i, size=(48, 40))
        rows.append((f"m{i}.png", f"M{i}", "s1", names[(i + 1) % len(names)], f"Listing {i}"))
    import_listings(catalogue, write_listings_csv(tmp_path / "in" / "l.csv", rows),
                    actor="import", workers=1)
    with catalogue.write() as session:
        for listing in session.scalars(select(Listing).where(Listing.listing_id.like("M%"))):
            listing.status = "flagged"
            listing.priority = 10.0 - listing.id
            listing.predicted_category = names[0]
            listing.top_json = json.dumps([[names[0], 0.9]])
            listing.scored_run_id = trained.run_id
    view = ModerationView(catalogue, lambda: "mia")
    qtbot.addWidget(view)
    view.resize(1400, 1000)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view.current is not None)
    panel = view.heat_panel
    try:
        current = view.current
        assert current is not None and current.scored_run_id == trained.run_id
        with qtbot.waitSignal(panel.shown, timeout=WAIT_MS) as shown:
            qtbot.keyClick(view, Qt.Key.Key_H)
        assert panel.isVisible() and panel.run_id == trained.run_id
        explanation = shown.args[0]
        assert explanation.image_id == current.photos[0][0]
        assert explanation.true == current.declared_category  # the seller's category
        _assert_pictures(panel)
        if explanation.predicted != current.declared_category:
            assert [m.name for m in explanation.maps] == [explanation.predicted,
                                                          current.declared_category]
        # the next listing (S skips) is explained in turn
        with qtbot.waitSignal(panel.shown, timeout=WAIT_MS) as shown:
            qtbot.keyClick(view, Qt.Key.Key_S)
        nxt = view.current
        assert nxt is not None and nxt.pk != current.pk
        assert shown.args[0].image_id == nxt.photos[0][0]
        qtbot.keyClick(view, Qt.Key.Key_H)
        assert not panel.isVisible()
    finally:
        view.shutdown()


def test_without_a_run_the_catalogue_panel_says_so(
    qtbot: QtBot, view: CatalogueView
) -> None:
    qtbot.waitUntil(lambda: view.detail.image_id is not None)
    panel = view.detail.heat_panel
    qtbot.keyClick(view.grid, Qt.Key.Key_H)
    assert panel.isVisible()
    assert panel.status.text() == NO_RUN and panel.pictures.count() == 0
    assert panel.explanation is None


def test_without_a_run_the_moderation_panel_says_so(
    qtbot: QtBot, catalogue: Catalogue, tmp_path: Path
) -> None:
    flagged_catalogue(catalogue, tmp_path)
    view = ModerationView(catalogue, lambda: "mia")
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view.current is not None)
    try:
        qtbot.keyClick(view, Qt.Key.Key_H)
        assert view.heat_panel.isVisible()
        assert view.heat_panel.status.text() == NO_RUN
        assert view.heat_panel.pictures.count() == 0
    finally:
        view.shutdown()


def test_the_window_lists_h_and_routes_it_to_the_screen_on_show(
    qtbot: QtBot, labelled_catalogue: Catalogue
) -> None:
    win = MainWindow(labelled_catalogue, Settings(curator="alice"), detect_device=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    try:
        rows = _f1_rows(win)
        assert any(r.section == COMMANDS and r.keys == "H" and r.what == "Heat map"
                   for r in rows)
        view = win.catalogue_view
        assert view is not None and win.moderation_view is not None
        qtbot.waitUntil(lambda: view.detail.image_id is not None)
        view.grid.setFocus()
        qtbot.keyClick(view.grid, Qt.Key.Key_H)
        assert view.detail.heat_panel.isVisible()
        assert view.detail.heat_panel.status.text() == NO_RUN
        # typing in the search box: the window's H action does not fire
        view.filter_bar.search_edit.setFocus()
        qtbot.keyClick(view.filter_bar.search_edit, Qt.Key.Key_H)
        assert view.filter_bar.search_edit.text() == "h"
        assert view.detail.heat_panel.isVisible()
        # on the Moderation tab the same action toggles that screen's panel
        win.tabs.setCurrentWidget(win.moderation_view)
        assert win.heat_map_action.isEnabled()
        win.heat_map_action.trigger()
        assert win.moderation_view.heat_panel.isVisible()
        assert not view.detail.heat_panel.isHidden()  # the catalogue's stays as it was
        assert win.runs_view is not None
        win.tabs.setCurrentWidget(win.runs_view)
        assert not win.heat_map_action.isEnabled()
    finally:
        win.close()
