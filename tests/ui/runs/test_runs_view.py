"""The Runs tab on a tiny trained run: the comparison (Table VI), the per-class report
(Tables I–V), the confusion matrix whose cells open a gallery of exactly their
images, relabelling there with the catalogue keys, flips between evaluations, the
report, and evaluating in a worker job."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from reviewer.catalogue.labels import history, relabel
from reviewer.training.metrics import ComparisonRow
from reviewer.ui.common.worker import Jobs
from reviewer.ui.runs.cell_gallery_model import TopRole
from reviewer.ui.runs.class_report_model import ValueRole
from reviewer.ui.runs.comparison_model import KEYS, ComparisonModel, SortRole
from reviewer.ui.runs.runs_view import RunsView
from tests.ui.trained_run import TrainedRun, trained_copy

CURATOR = "carol"


@pytest.fixture(scope="module")
def trained(trained_template: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TrainedRun]:
    """The session's tiny trained run (tests/ui/trained_run.py), copied for this module."""
    yield from trained_copy(trained_template, tmp_path_factory)


@pytest.fixture
def view(qtbot: QtBot, trained: TrainedRun) -> Iterator[RunsView]:
    jobs = Jobs()
    widget = RunsView(trained.catalogue, jobs, lambda: CURATOR)
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: widget.comparison_model.rowCount() > 0)
    widget.select_run(trained.run_id)
    widget.split.setCurrentText("test")
    yield widget
    widget.shutdown()
    assert jobs.shutdown()
    assert not widget.loader.is_running()


def _cells(trained: TrainedRun) -> list[tuple[int, int]]:
    """Non-empty cells, mistakes first."""
    n = len(trained.class_names)
    cells = [(t, p) for t in range(n) for p in range(n) if trained.confusion[t][p]]
    return sorted(cells, key=lambda c: c[0] == c[1])


def _click_cell(qtbot: QtBot, view: RunsView, t: int, p: int) -> None:
    table = view.confusion.table
    rect = table.visualRect(view.confusion.index_of(t, p))
    assert rect.isValid() and table.viewport().rect().contains(rect.center())
    with qtbot.waitSignal(view.confusion.cellActivated) as signal:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [view.evaluation.evaluation_id, t, p]


# --- comparison and per-class report ----------------------------------------------------


def test_comparison_shows_the_run_with_its_test_accuracy(
    view: RunsView, trained: TrainedRun, qtmodeltester
) -> None:
    from reviewer.training.run_readers import stored_metrics

    model = view.comparison_model
    qtmodeltester.check(model)
    row = model.row_of(trained.run_id)
    assert row is not None
    column = KEYS.index("test_accuracy")
    accuracy = stored_metrics(trained.catalogue, trained.run_id, "test").metrics.accuracy
    assert model.index(row, column).data(SortRole) == pytest.approx(accuracy)
    assert model.index(row, column).data() == f"{100 * accuracy:.1f} %"
    assert model.index(row, KEYS.index("status")).data() == "finished"
    assert model.index(row, KEYS.index("epochs")).data() == "2"
    assert model.index(row, KEYS.index("backbone")).data() == "MobileNet"
    view.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model)


def test_comparison_sorts_with_missing_values_last(qtmodeltester) -> None:
    model = ComparisonModel()
    rows = [
        ComparisonRow(1, "a", "mobilenet", 0.7, 0.9, 0.70, 3, 75.0, "finished"),
        ComparisonRow(2, "b", "densenet121", 0.8, 0.5, None, 5, 3700.0, "cancelled"),
        ComparisonRow(3, "c", "nasnet_large", 0.9, 0.4, 0.84, 100, 9.0, "finished"),
    ]
    model.set_rows(rows)
    qtmodeltester.check(model)
    column = KEYS.index("test_accuracy")
    for order, expected in ((Qt.SortOrder.AscendingOrder, [1, 3, 2]),
                            (Qt.SortOrder.DescendingOrder, [3, 1, 2])):
        model.sort(column, order)
        assert [model.run_id_at(r) for r in range(3)] == expected
    assert model.index(model.row_of(2), column).data() == "—"
    assert model.index(model.row_of(2), KEYS.index("wall_seconds")).data() == "1 h 01 min"
    model.sort(KEYS.index("epochs"), Qt.SortOrder.DescendingOrder)
    assert [model.run_id_at(r) for r in range(3)] == [3, 2, 1]
    qtmodeltester.check(model)


def test_class_report_has_a_row_per_class_and_the_averages(
    view: RunsView, trained: TrainedRun, qtmodeltester
) -> None:
    model = view.class_report_model
    qtmodeltester.check(model)
    assert model.row_names() == [*trained.class_names, "accuracy", "macro avg", "weighted avg"]
    metrics = model.metrics
    assert metrics is not None
    for row, report in enumerate(metrics.per_class):
        assert model.index(row, 1).data(ValueRole) == pytest.approx(report.precision)
        assert model.index(row, 3).data(ValueRole) == pytest.approx(report.f1)
        assert model.index(row, 4).data() == str(report.support)
    accuracy_row = len(trained.class_names)
    assert model.index(accuracy_row, 3).data(ValueRole) == pytest.approx(trained.accuracy)
    assert model.index(accuracy_row, 4).data() == "6"  # 2 test images per class
    assert model.index(accuracy_row + 1, 2).data(ValueRole) == pytest.approx(metrics.macro.recall)
    confusion = view.confusion.model
    qtmodeltester.check(confusion)
    assert confusion.headerData(0, Qt.Orientation.Vertical) == trained.class_names[0]
    view.confusion.set_normalised(True)
    qtmodeltester.check(confusion)
    t, p = _cells(trained)[0]
    expected = round(100 * trained.confusion[t][p] / sum(trained.confusion[t]))
    assert confusion.index(t, p).data() == f"{expected}%"
    assert "predicted" in confusion.index(t, p).data(Qt.ItemDataRole.ToolTipRole)


def test_a_split_without_evaluation_is_evaluated_in_a_worker(
    qtbot: QtBot, view: RunsView, trained: TrainedRun
) -> None:
    view.split.setCurrentText("validation")
    if view.evaluation is None:
        assert view.class_report_model.rowCount() == 0
        assert "not been evaluated" in view.detail.message.text()
    with qtbot.waitSignal(view.run_jobs.evaluated, timeout=120_000):
        qtbot.mouseClick(view.evaluate_button, Qt.MouseButton.LeftButton)
        assert not view.evaluate_button.isEnabled() and view.cancel_button.isEnabled()
    assert view.evaluation is not None and view.evaluation.split == "validation"
    assert view.class_report_model.rowCount() == len(trained.class_names) + 3
    assert view.evaluate_button.isEnabled() and not view.cancel_button.isEnabled()
    assert "Validation accuracy" in view.detail.message.text()


def test_cancelling_an_evaluation_leaves_the_view_ready(qtbot: QtBot, view: RunsView) -> None:
    view.evaluate()
    view.cancel()
    qtbot.waitUntil(lambda: not view.run_jobs.evaluating(), timeout=120_000)
    assert view.evaluate_button.isEnabled() and not view.cancel_button.isEnabled()


# --- confusion cells and the gallery ----------------------------------------------------


def test_clicking_a_cell_opens_a_gallery_of_exactly_its_images(
    qtbot: QtBot, view: RunsView, trained: TrainedRun, qtmodeltester
) -> None:
    from reviewer.training.run_readers import cell_images

    cells = _cells(trained)
    t, p = cells[0]
    _click_cell(qtbot, view, t, p)
    gallery = view.gallery
    assert gallery is not None
    qtbot.waitExposed(gallery)
    expected = [c.image_id for c in cell_images(trained.catalogue, trained.evaluation_id, t, p)]
    assert gallery.model.image_ids() == expected
    assert gallery.model.rowCount() == trained.confusion[t][p]
    qtmodeltester.check(gallery.model)
    top = gallery.model.index(0).data(TopRole)
    assert top and top[0][0] == trained.class_names[p]
    # Enter on another cell shows that one instead, in the same window.
    if len(cells) > 1:
        t2, p2 = cells[1]
        table = view.confusion.table
        table.setFocus()
        table.setCurrentIndex(view.confusion.index_of(t2, p2))
        qtbot.keyClick(table, Qt.Key.Key_Return)
        assert view.gallery is gallery
        expected = [c.image_id for c in cell_images(trained.catalogue, trained.evaluation_id, t2, p2)]
        assert gallery.model.image_ids() == expected


def test_relabelling_in_the_gallery_writes_a_label_event_and_undoes(
    qtbot: QtBot, view: RunsView, trained: TrainedRun
) -> None:
    t, p = _cells(trained)[0]
    _click_cell(qtbot, view, t, p)
    gallery = view.gallery
    assert gallery is not None
    qtbot.waitExposed(gallery)
    item = gallery.model.item(0)
    image_id, before = item.image_id, gallery.model.category_name(item.row)
    slot = next(i for i, c in enumerate(gallery.labeller.key_categories) if c.name != before)
    target = gallery.labeller.key_categories[slot].name
    gallery.grid.setFocus()
    with qtbot.waitSignal(view.labelsChanged) as changed:
        qtbot.keyClick(gallery.grid, Qt.Key(Qt.Key.Key_1 + slot))
    assert changed.args == [[image_id]]
    with trained.catalogue.read() as session:
        last = history(session, image_id)[-1]
    assert (last.old, last.new, last.actor, last.source) == (before, target, CURATOR, "curator")
    assert gallery.model.category_name(gallery.model.item(0).row) == target
    assert gallery.model.item(0).reviewed
    if gallery.model.rowCount() > 1:
        assert gallery.grid.currentIndex().row() == 1
    # Ctrl+Z undoes it through labels.undo.
    qtbot.keyClick(gallery.grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: gallery.model.category_name(gallery.model.item(0).row) == before)
    with trained.catalogue.read() as session:
        assert history(session, image_id)[-1].source == "undo"
    # C confirms: keeps the label, marks the image reviewed, moves on.
    gallery.grid.setCurrentIndex(gallery.model.index(0))
    qtbot.keyClick(gallery.grid, Qt.Key.Key_C)
    assert gallery.model.reviewed_count() >= 1
    assert gallery.model.category_name(gallery.model.item(0).row) == before


def test_a_change_by_someone_else_is_a_conflict_not_an_overwrite(
    qtbot: QtBot, view: RunsView, trained: TrainedRun
) -> None:
    t, p = _cells(trained)[0]
    _click_cell(qtbot, view, t, p)
    gallery = view.gallery
    assert gallery is not None
    gallery.grid.setCurrentIndex(gallery.model.index(0))
    item = gallery.model.item(0)
    image_id, mine = item.image_id, gallery.model.category_name(item.row)
    names = [c.name for c in gallery.labeller.key_categories]
    theirs = next(n for n in names if n != mine)
    with trained.catalogue.write() as session:  # bob, after the gallery read the image
        relabel(session, [image_id], theirs, actor="bob")
    slot = next(i for i, n in enumerate(names) if n not in (mine, theirs))
    gallery.grid.setFocus()
    qtbot.keyClick(gallery.grid, Qt.Key(Qt.Key.Key_1 + slot))
    assert "changed while you were working" in gallery.status.text()
    with trained.catalogue.read() as session:
        assert history(session, image_id)[-1].actor == "bob"
    assert gallery.model.category_name(gallery.model.item(0).row) == theirs
    if gallery.last_notice is not None:
        gallery.last_notice.close()
    with trained.catalogue.write() as session:  # leave the label as the snapshot had it
        relabel(session, [image_id], trained.class_names[t], actor="bob")


def test_retrain_is_requested_for_the_run(
    qtbot: QtBot, view: RunsView, trained: TrainedRun
) -> None:
    with qtbot.waitSignal(view.retrainRequested) as signal:
        qtbot.mouseClick(view.retrain_button, Qt.MouseButton.LeftButton)
    assert signal.args == [trained.run_id]
    t, p = _cells(trained)[0]
    _click_cell(qtbot, view, t, p)
    assert view.gallery is not None
    with qtbot.waitSignal(view.retrainRequested) as signal:
        qtbot.mouseClick(view.gallery.retrain_button, Qt.MouseButton.LeftButton)
    assert signal.args == [trained.run_id]


# --- flips and the report -----------------------------------------------------------------


def test_flips_between_two_evaluations_of_the_same_run_are_zero(
    qtbot: QtBot, view: RunsView, trained: TrainedRun, qtmodeltester
) -> None:
    with qtbot.waitSignal(view.run_jobs.evaluated, timeout=120_000):
        view.evaluate()
    flips = view.flips
    flips.split.setCurrentText("test")
    flips.reload()
    mine = [e.id for e in flips.evaluations if e.run_id == trained.run_id]
    assert len(mine) >= 2
    flips.set_pair(mine[0], mine[-1])
    counts = flips.counts()
    assert counts["fixed"] == counts["broken"] == counts["still_wrong_changed"] == 0
    assert counts["still_right"] + counts["still_wrong_same"] == 6
    assert "0 fixed" in flips.summary.text() and "0 broken" in flips.summary.text()
    flips.show_group("still_right")
    assert flips.images.rowCount() == counts["still_right"]
    if counts["still_right"]:
        tip = flips.images.index(0).data(Qt.ItemDataRole.ToolTipRole)
        assert f"Before, evaluation {mine[0]}:" in tip and "(right)" in tip
    qtmodeltester.check(flips.images)


def test_export_report_writes_html_in_a_job_and_offers_to_open_it(
    qtbot: QtBot, view: RunsView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not view.open_report_button.isEnabled()
    with qtbot.waitSignal(view.run_jobs.reportWritten, timeout=120_000):
        view.export_report(tmp_path / "report")
    assert view.report_path == tmp_path / "report" / "report.html"
    assert view.report_path.exists()
    assert view.open_report_button.isEnabled()
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    qtbot.mouseClick(view.open_report_button, Qt.MouseButton.LeftButton)
    assert opened == [str(view.report_path)]


def test_the_runs_tab_does_not_import_tensorflow_when_built(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from reviewer.catalogue.db import open_catalogue\n"
        "from reviewer.ui.runs.runs_view import RunsView\n"
        "from reviewer.ui.common.worker import Jobs\n"
        "c = open_catalogue(sys.argv[1])\n"
        "v = RunsView(c, Jobs(), lambda: 'x')\n"
        "v.shutdown(); c.close()\n"
        "print(sorted(m for m in ('tensorflow', 'keras', 'sklearn') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "c.sqlite")],
                         capture_output=True, text=True, timeout=120,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"

