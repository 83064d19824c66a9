"""The Runs tab before the first run: one clear message with the way out (to the
Training tab), not a screen of empty panels; the split selector starts on a split
that has images and cannot pick one that has none; its words explain the paper's
tables instead of assuming them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QLabel

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.importer import ImportOptions, run_import
from reviewer.catalogue.splits import SplitConfig, make_splits
from reviewer.settings import Settings
from reviewer.ui.common.worker import Jobs
from reviewer.ui.main_window import MainWindow
from reviewer.ui.runs.runs_view import RunsView


def _runs_view(qtbot, catalogue: Catalogue) -> tuple[RunsView, Jobs]:
    jobs = Jobs()
    view = RunsView(catalogue, jobs, lambda: "carol")
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view._loaded, timeout=120_000)  # the first load imports Keras
    return view, jobs


def _enabled(view: RunsView) -> dict[str, bool]:
    model = view.split.model()
    assert isinstance(model, QStandardItemModel)
    return {model.item(i).text(): model.item(i).isEnabled() for i in range(model.rowCount())}


@pytest.fixture
def no_test_split(labelled_catalogue: Catalogue) -> Catalogue:
    """16 images split into train and validation only (as a catalogue without a test
    collection is)."""
    make_splits(labelled_catalogue, SplitConfig(seed=0, test_fraction=0.0,
                                                validation_fraction=0.25))
    return labelled_catalogue


def test_no_runs_is_one_message_with_the_way_out(qtbot, no_test_split: Catalogue) -> None:
    view, jobs = _runs_view(qtbot, no_test_split)
    try:
        assert view.is_empty_state()
        assert view.empty_page.isVisible() and not view.splitter.isVisible()
        assert "Training tab" in view.empty_text.text()
        with qtbot.waitSignal(view.trainingRequested):
            qtbot.mouseClick(view.train_button, Qt.MouseButton.LeftButton)
    finally:
        view.shutdown()
        assert jobs.shutdown()


def test_the_split_defaults_to_one_with_images(qtbot, no_test_split: Catalogue) -> None:
    view, jobs = _runs_view(qtbot, no_test_split)
    try:
        assert view.split.currentText() == "validation"
        assert _enabled(view) == {"test": False, "validation": True}
        assert view.detail.split_counts == {"test": 0, "validation": 4}
    finally:
        view.shutdown()
        assert jobs.shutdown()


def test_the_test_split_is_the_default_when_it_has_images(qtbot, tmp_path: Path,
                                                          catalogue: Catalogue,
                                                          category_folder: Path) -> None:
    run_import(catalogue, category_folder, ImportOptions(actor="t", workers=1))
    make_splits(catalogue, SplitConfig(seed=0, test_fraction=0.25, validation_fraction=0.25))
    view, jobs = _runs_view(qtbot, catalogue)
    try:
        assert view.split.currentText() == "test"
        assert _enabled(view) == {"test": True, "validation": True}
    finally:
        view.shutdown()
        assert jobs.shutdown()


def test_the_words_explain_the_papers_tables(qtbot, no_test_split: Catalogue) -> None:
    view, jobs = _runs_view(qtbot, no_test_split)
    try:
        texts = [label.text() for label in view.findChildren(QLabel)]
        assert "Compare &runs (as the paper's Table VI)" in texts
        assert any("as the paper's Tables I–V" in t for t in texts)
        assert not any(t.endswith("(Table VI)") for t in texts)
    finally:
        view.shutdown()
        assert jobs.shutdown()


def test_the_way_out_opens_the_training_tab(qtbot, no_test_split: Catalogue) -> None:
    window = MainWindow(no_test_split, Settings(curator="alice"), detect_device=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    runs = window.runs_view
    assert runs is not None
    window.tabs.setCurrentWidget(runs)
    qtbot.waitUntil(lambda: runs.is_empty_state(), timeout=120_000)
    qtbot.mouseClick(runs.train_button, Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is window.training_view
    qtbot.waitUntil(lambda: not window.jobs.any_running(), timeout=60_000)
    window.close()
