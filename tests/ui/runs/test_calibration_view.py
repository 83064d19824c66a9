"""The runs screen's Calibration tab reads what calibration stored beside a run's model:
temperature, ECE before and after, reliability bars, and the PR curve's threshold under
the cursor."""

from __future__ import annotations

import numpy as np
from pytestqt.qtbot import QtBot

from reviewer.analysis.calibration import (
    CalibrationReport,
    fit_temperature,
    pr_curves,
    split_calibration,
)
from reviewer.analysis.temperature import apply_temperature, save_calibration
from reviewer.catalogue.db import Catalogue
from reviewer.training import runs
from reviewer.ui.runs.calibration_view import CalibrationView

NAMES = ["hat", "shoes", "bag"]


def _run_with_calibration(catalogue: Catalogue) -> tuple[int, float]:
    with catalogue.write() as session:
        run_id = runs.create_run(session, name="made", backbone="mobilenet", settings={},
                                 class_names=NAMES, device="CPU only")
    model = runs.run_dir(catalogue, run_id) / "model.keras"
    model.write_bytes(b"stands for the run's model file")
    runs.update_run(catalogue, run_id, status=runs.RunStatus.FINISHED,
                    model_path=f"runs/{run_id}/model.keras")
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, 600)
    logits = rng.normal(0, 1, (600, 3))
    logits[np.arange(600), labels] += 1.0
    sharp = np.exp(4 * logits) / np.exp(4 * logits).sum(1, keepdims=True)
    t = fit_temperature(sharp, labels)
    report = CalibrationReport(run_id, t, 15, [split_calibration("validation", sharp, labels, t)],
                               {"validation": pr_curves(apply_temperature(sharp, t), labels,
                                                        NAMES)})
    save_calibration(model, t, report.to_dict(with_curves=True))
    return run_id, t


def test_calibration_tab_shows_the_stored_calibration(qtbot: QtBot, catalogue: Catalogue) -> None:
    run_id, t = _run_with_calibration(catalogue)
    view = CalibrationView(catalogue)
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    view.set_run(run_id)
    assert f"{t:.3f}" in view.summary.text()
    assert "ECE" in view.summary.text()
    assert [view.category.itemText(i) for i in range(view.category.count())] == NAMES
    assert view.curve is not None and view.curve.name == "hat"
    found = view.threshold_near_recall(0.5)
    assert found is not None
    threshold, precision, recall = found
    assert 0 < threshold < 1 and abs(recall - 0.5) < 0.05
    assert view.curve.at_threshold(threshold) == (precision, recall)
    # moving the cursor over the curve names the threshold there
    vb = view.pr.getViewBox()
    view._on_mouse_moved(vb.mapViewToScene(vb.mapToView(vb.boundingRect().center())))
    assert "probability ≥" in view.cursor_text.text()
    view.category.setCurrentText("bag")
    assert view.curve.name == "bag"
    view.shutdown()


def test_an_uncalibrated_run_says_so(qtbot: QtBot, catalogue: Catalogue) -> None:
    with catalogue.write() as session:
        run_id = runs.create_run(session, name="raw", backbone="mobilenet", settings={},
                                 class_names=NAMES, device="CPU only")
    view = CalibrationView(catalogue)
    qtbot.addWidget(view)
    view.set_run(run_id)
    assert "not calibrated" in view.summary.text()
    view.shutdown()
