"""The settings dialog offers as default backbone every backbone whose ImageNet weights
are on this computer: Lite0, Lite1 and Lite2 (they ship with the app), and a Keras
backbone once its weights file is installed; a saved choice without weights stays shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from reviewer.settings import Settings, load_settings
from reviewer.training.weights import HDF5_SIGNATURE, keras_cache_dir
from reviewer.ui.dialogs.settings_dialog import SettingsDialog


@pytest.fixture(autouse=True)
def _no_shared_keras_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Keras' fallback cache lies under the temporary folder: this test's own.
    monkeypatch.setattr("tempfile.gettempdir", lambda: str(tmp_path / "tmp"))


def _offered(dialog: SettingsDialog) -> dict[str, str]:
    combo = dialog.backbone_combo
    return {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}


def test_offline_backbones_are_offered_and_saved(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings(curator="ana"))
    qtbot.addWidget(dialog)
    offered = _offered(dialog)
    assert list(offered) == ["efficientnet_lite0", "efficientnet_lite1", "efficientnet_lite2"]
    assert "260 px" in offered["efficientnet_lite2"] and "ship with the app" in offered[
        "efficientnet_lite2"]
    assert dialog.backbone_combo.currentData() == "efficientnet_lite0"  # the default
    dialog.backbone_combo.setCurrentIndex(dialog.backbone_combo.findData("efficientnet_lite2"))
    dialog.apply()
    assert load_settings().default_backbone == "efficientnet_lite2"
    again = SettingsDialog(load_settings())
    qtbot.addWidget(again)
    assert again.backbone_combo.currentData() == "efficientnet_lite2"


def test_a_keras_backbone_appears_once_its_weights_are_installed(qtbot: QtBot) -> None:
    before = SettingsDialog(Settings())
    qtbot.addWidget(before)
    assert "mobilenet" not in _offered(before)
    models = keras_cache_dir()
    models.mkdir(parents=True)
    (models / "mobilenet_1_0_224_tf_no_top.h5").write_bytes(HDF5_SIGNATURE + b"\0" * 64)
    after = SettingsDialog(Settings())
    qtbot.addWidget(after)
    offered = _offered(after)
    assert "ImageNet weights installed" in offered["mobilenet"]
    assert "densenet121" not in offered


def test_a_saved_choice_without_weights_is_shown_marked(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings(default_backbone="densenet121"))
    qtbot.addWidget(dialog)
    assert dialog.backbone_combo.currentData() == "densenet121"
    assert "no ImageNet weights on this computer" in dialog.backbone_combo.currentText()
    dialog.apply()  # kept, not silently replaced by another backbone
    assert load_settings().default_backbone == "densenet121"
