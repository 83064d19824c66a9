"""The training tab's presets: Default and Paper fill the form, the runs they start
carry the recipe, and the expected time comes from this machine's earlier runs."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from reviewer.catalogue.db import Catalogue
from reviewer.training import runs
from reviewer.training.dataset import save_snapshot, take_snapshot
from reviewer.training.recipe_timing import expected_time
from reviewer.training.recipes import recipe_spec
from reviewer.ui.common.worker import Jobs
from reviewer.ui.training.training_view import TrainingView


def test_presets_fill_the_form_and_the_specs(qtbot: QtBot, trainable: Catalogue) -> None:
    view = TrainingView(trainable, Jobs())
    qtbot.addWidget(view)
    assert view.recipe() == "default"
    default = recipe_spec("default")
    assert (view.epochs.value(), view.views.value()) == (default.epochs, default.views)
    assert view.patience.value() == default.early_stopping
    assert "Expected time: about" in view.expected.text()
    assert "not yet run here" in view.expected.text()
    spec = view.specs()[0]
    assert spec.recipe == "default" and spec.head_epochs == default.head_epochs
    assert spec.schedule == "cosine"

    view.preset.setCurrentIndex(view.preset.findData("paper"))
    paper = recipe_spec("paper")
    assert (view.epochs.value(), view.views.value(), view.patience.value()) == (100, 8, 0)
    spec = view.specs()[0]
    assert spec.recipe == "paper" and spec.learning_rate == paper.learning_rate
    assert spec.head_epochs == 0 and spec.schedule == "constant" and not spec.early_stopping

    view.epochs.setValue(3)  # an edit on top of the preset wins
    assert view.specs()[0].epochs == 3

    view.load_settings(recipe_spec("default", epochs=4).to_dict())
    assert view.recipe() == "default" and view.epochs.value() == 4


def test_expected_time_scales_this_machines_runs(trainable: Catalogue) -> None:
    before = expected_time(trainable, "default", "efficientnet_lite0")
    assert before.source == "benchmark" and before.runs == 0
    with trainable.write() as s:
        snap = take_snapshot(s)
        run_id = runs.create_run(s, name="r", backbone="efficientnet_lite0",
                                 settings=recipe_spec("default").to_dict(),
                                 class_names=snap.class_names, device="CPU only")
        save_snapshot(s, run_id, snap)
    runs.update_run(trainable, run_id, status=runs.RunStatus.FINISHED, wall_seconds=240.0)
    after = expected_time(trainable, "default", "efficientnet_lite0")
    trained = len(snap.split("train"))
    assert after.source == "this machine" and after.runs == 1
    assert after.seconds == 240.0 / trained * trained  # same images now as then
    assert "here (from 1 earlier run)" in after.text()
    assert expected_time(trainable, "paper", "efficientnet_lite0").source == "benchmark"


def test_benchmark_estimates_grow_with_the_backbone_and_the_recipe(trainable: Catalogue) -> None:
    def seconds(recipe: str, backbone: str) -> float:
        return expected_time(trainable, recipe, backbone).seconds

    lite0, lite2 = seconds("default", "efficientnet_lite0"), seconds("default", "efficientnet_lite2")
    assert 0 < lite0 < seconds("default", "efficientnet_lite1") < lite2
    assert seconds("paper", "efficientnet_lite0") > lite0
    # the paper recipe unmeasured on Lite2: Lite0's figure, scaled as the default scales
    assert seconds("paper", "efficientnet_lite2") == pytest.approx(
        seconds("paper", "efficientnet_lite0") * lite2 / lite0)
    assert seconds("default", "mobilenet") == lite0  # unmeasured everywhere: Lite0's


def test_changing_the_preset_keeps_the_fields_the_user_edited(
    qtbot: QtBot, trainable: Catalogue
) -> None:
    view = TrainingView(trainable, Jobs())
    qtbot.addWidget(view)
    assert not view.tta.isChecked() and not view.specs()[0].tta  # no recipe asks for TTA
    assert not view.reset_preset.isEnabled() and "Your values kept" not in view.expected.text()
    view.epochs.setValue(3)
    view.lr.setValue(0.0005)
    view.preset.setCurrentIndex(view.preset.findData("paper"))
    assert (view.epochs.value(), view.lr.value()) == (3, 0.0005)  # the user's, kept
    assert (view.views.value(), view.patience.value()) == (8, 0)  # the paper's
    assert not view.tta.isChecked()  # the paper's evaluation: one pass
    assert view.edited_fields() == ["Epochs", "Learning rate"]
    assert "Your values kept: Epochs, Learning rate." in view.expected.text()
    spec = view.specs()[0]
    assert (spec.recipe, spec.epochs, spec.learning_rate, spec.views, spec.tta) == (
        "paper", 3, 0.0005, 8, False)

    view.tta.setChecked(True)  # an edit of a tick box is kept too
    view.preset.setCurrentIndex(view.preset.findData("default"))
    assert view.tta.isChecked() and view.epochs.value() == 3
    assert view.views.value() == recipe_spec("default").views

    assert view.reset_preset.isEnabled()
    view.reset_preset.click()  # the preset's values back in every field
    default = recipe_spec("default")
    assert (view.epochs.value(), view.lr.value()) == (default.epochs, default.learning_rate)
    assert view.edited_fields() == [] and not view.reset_preset.isEnabled()
    assert "Your values kept" not in view.expected.text()
    view.preset.setCurrentIndex(view.preset.findData("paper"))
    assert view.epochs.value() == 100  # nothing edited now: the preset fills everything

    view.load_settings(recipe_spec("default", epochs=4, tta=False).to_dict())
    assert view.epochs.value() == 4 and not view.tta.isChecked()
    assert view.edited_fields() == []  # a run's values are not the user's edits
    view.preset.setCurrentIndex(view.preset.findData("paper"))
    assert view.epochs.value() == 100


def test_the_ensemble_box_needs_two_backbones_and_a_loaded_cut_is_kept(
    qtbot: QtBot, trainable: Catalogue
) -> None:
    from PySide6.QtCore import Qt

    view = TrainingView(trainable, Jobs())
    qtbot.addWidget(view)
    assert len(view.selected_backbones()) == 1 and not view.ensemble.isEnabled()
    for i in range(view.backbones.count()):
        item = view.backbones.item(i)
        if item.data(Qt.ItemDataRole.UserRole) == "efficientnet_lite1":
            item.setCheckState(Qt.CheckState.Checked)
    assert view.ensemble.isEnabled()
    assert [s.trainable_from for s in view.specs()] == ["block6a", "block6a"]

    # a run trained from another cut is retrained from that cut, while the field says so
    view.load_settings(recipe_spec("default", trainable_from="block7a").to_dict())
    assert not view.ensemble.isEnabled()
    assert [s.trainable_from for s in view.specs()] == ["block7a"]
    view.frozen.setValue(40)
    spec = view.specs()[0]
    assert spec.frozen_layers == 40 and spec.trainable_from is None
