"""The Training tab: a tiny model trains in a worker thread with live curves, and a
cancel leaves the run recorded as cancelled and no thread behind."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reviewer.catalogue.db import Catalogue
from reviewer.training.runs import list_runs
from reviewer.ui.common.worker import Jobs
from reviewer.ui.training.training_view import TrainingView


def _tiny(view: TrainingView, epochs: int) -> None:
    for i in range(view.backbones.count()):
        item = view.backbones.item(i)
        key = item.data(Qt.ItemDataRole.UserRole)
        item.setCheckState(Qt.CheckState.Checked if key == "mobilenet" else Qt.CheckState.Unchecked)
    view.weights.setText("none")
    view.input_size.setValue(32)
    view.epochs.setValue(epochs)
    view.batch.setValue(8)
    view.views.setValue(2)
    view.lr.setValue(0.001)


def test_training_runs_in_a_worker_with_live_curves(qtbot: QtBot, trainable: Catalogue) -> None:
    jobs = Jobs()
    view = TrainingView(trainable, jobs)
    qtbot.addWidget(view)
    _tiny(view, epochs=2)
    with qtbot.waitSignal(view.runFinished, timeout=180_000) as finished:
        qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
        assert not view.start_button.isEnabled() and view.cancel_button.isEnabled()
    run_id = finished.args[0]
    qtbot.waitUntil(lambda: not view.is_running(), timeout=60_000)
    assert len(view.curves.points) == 2
    assert {"loss", "val_accuracy"} <= set(view.curves.points[-1])
    assert "test accuracy" in view.log.toPlainText()
    with trainable.read() as s:
        assert [r.status for r in list_runs(s) if r.id == run_id] == ["finished"]
    assert jobs.shutdown()


def test_cancel_leaves_a_cancelled_run_and_no_thread(qtbot: QtBot, trainable: Catalogue) -> None:
    jobs = Jobs()
    view = TrainingView(trainable, jobs)
    qtbot.addWidget(view)
    _tiny(view, epochs=200)
    view.start()
    assert view.job is not None
    qtbot.waitUntil(lambda: len(view.curves.points) >= 1, timeout=180_000)
    with qtbot.waitSignal(view.job.cancelled, timeout=120_000):
        view.cancel()
    assert "cancelled" in view.status.text()
    with trainable.read() as s:
        assert [r.status for r in list_runs(s)] == ["cancelled"]
    assert jobs.shutdown()
