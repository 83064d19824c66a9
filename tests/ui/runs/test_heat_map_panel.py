"""H in a confusion cell's gallery shows what the run's model looked at in the current
image (predicted and true class side by side), follows the selection, and hides again."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot

from reviewer.ui.runs.runs_view import RunsView
from tests.ui.runs.test_runs_view import (  # noqa: F401  (fixtures)
    TrainedRun,
    _cells,
    _click_cell,
    trained,
    view,
)


def test_h_toggles_the_heat_map_of_the_current_image(
    qtbot: QtBot, view: RunsView, trained: TrainedRun  # noqa: F811
) -> None:
    t, p = _cells(trained)[0]
    _click_cell(qtbot, view, t, p)
    gallery = view.gallery
    assert gallery is not None
    qtbot.waitExposed(gallery)
    panel = gallery.heat_panel
    assert not panel.isVisible()
    with qtbot.waitSignal(panel.shown, timeout=120_000) as shown:
        qtbot.keyClick(gallery.grid, Qt.Key.Key_H)
    assert panel.isVisible()
    explanation = shown.args[0]
    first = gallery.model.image_ids()[0]
    assert explanation.image_id == first
    assert explanation.predicted == trained.class_names[p]
    roles = [m.role for m in explanation.maps]
    assert roles == (["predicted and true"] if t == p else ["predicted", "true"])
    assert [m.name for m in explanation.maps][-1] == trained.class_names[t]
    assert panel.pictures.count() == 2 * len(roles)  # a picture and a caption each
    ids = gallery.model.image_ids()
    if len(ids) > 1:
        with qtbot.waitSignal(panel.shown, timeout=60_000) as shown:
            gallery.grid.selectionModel().setCurrentIndex(
                gallery.model.index(1), QItemSelectionModel.SelectionFlag.ClearAndSelect)
        assert shown.args[0].image_id == ids[1]
    qtbot.keyClick(gallery.grid, Qt.Key.Key_H)
    assert not panel.isVisible()
