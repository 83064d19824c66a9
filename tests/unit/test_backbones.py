"""The backbone registry, the classifier built on it, and its frozen/trainable split.

Every backbone is built once per module at 32x32 (the smallest size Keras allows
without top) with random weights; the NASNets take long to build and are marked slow.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import keras
import numpy as np
import pytest

from reviewer.errors import UserError
from reviewer.training.backbones import (
    ClassifierParts,
    build_classifier,
    get_backbone,
    list_backbones,
    preprocess_affine,
)

SIZE = 32
KERAS_KEYS = ["mobilenet", "mobilenet_v2", "nasnet_mobile", "densenet121", "nasnet_large"]
SLOW = {"nasnet_mobile", "nasnet_large"}

# What the cut looks like on Keras 3: first trainable layer (None where Keras numbers
# the names per session) and how many tensors cross from the frozen part.
FIRST_TRAINABLE = {
    "mobilenet": "conv_dw_12",
    "mobilenet_v2": "block_15_expand",
    "densenet121": "conv5_block15_0_bn",
    "nasnet_mobile": None,
    "nasnet_large": None,
}
CUT_WIDTH = {
    "mobilenet": 1,
    "mobilenet_v2": 1,
    "densenet121": 1,
    "nasnet_mobile": 2,
    "nasnet_large": 3,
}


def _pixels(batch: int = 2, size: int = SIZE, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).uniform(0, 255, (batch, size, size, 3)).astype("float32")


def _numpy(x: object) -> np.ndarray:
    return np.asarray(keras.ops.convert_to_numpy(x))


@pytest.fixture(
    scope="module",
    params=[pytest.param(k, marks=pytest.mark.slow) if k in SLOW else k for k in KERAS_KEYS],
)
def built(request: pytest.FixtureRequest) -> ClassifierParts:
    """One classifier per backbone, shared by the tests of this module."""
    parts = build_classifier(request.param, 10, input_size=SIZE, weights=None)
    dense = parts.head[-1]
    kernel, bias = dense.get_weights()
    # A sharp head, so equal probabilities really mean equal features.
    sharp = np.random.default_rng(1).normal(0, 50, kernel.shape).astype("float32")
    dense.set_weights([sharp, bias])
    return parts


def test_registry_lists_the_papers_five_and_the_lite_models() -> None:
    keys = [spec.key for spec in list_backbones()]
    lite = ["efficientnet_lite0", "efficientnet_lite1", "efficientnet_lite2"]
    assert keys == [*KERAS_KEYS, *lite]
    assert get_backbone("nasnet_large").default_size == 331
    sizes = {k: get_backbone(k).default_size for k in keys}
    assert {sizes[k] for k in keys if k not in ("nasnet_large", *lite[1:])} == {224}
    assert (sizes["efficientnet_lite1"], sizes["efficientnet_lite2"]) == (240, 260)
    assert get_backbone(" EfficientNet-Lite0 ").key == "efficientnet_lite0"
    paper = {s.key: (s.paper_frozen, s.paper_total) for s in list_backbones()}
    assert paper["mobilenet"] == (75, 87)
    assert paper["mobilenet_v2"] == (135, 155)
    assert paper["nasnet_mobile"] == (724, 769)
    assert paper["nasnet_large"] == (950, 1039)
    assert paper["densenet121"] == (411, 427)


def test_keras3_counts_keep_the_papers_trainable_part() -> None:
    for spec in list_backbones():
        if spec.paper_total is None or spec.paper_frozen is None:
            continue
        assert spec.keras_total is not None and spec.frozen_layers is not None
        assert spec.keras_total - spec.frozen_layers == spec.paper_total - spec.paper_frozen
        differs = spec.keras_total != spec.paper_total
        assert bool(spec.frozen_note) == differs, spec.key


def test_unknown_backbone_lists_valid_keys() -> None:
    with pytest.raises(UserError, match="resnet50") as info:
        get_backbone("resnet50")
    assert info.value.hint is not None
    for spec in list_backbones():
        assert spec.key in info.value.hint
    assert get_backbone(" MobileNet ").key == "mobilenet"


@pytest.mark.parametrize("key", KERAS_KEYS)
def test_in_model_preprocessing_equals_keras_preprocess_input(key: str) -> None:
    spec = get_backbone(key)
    scale, offset = preprocess_affine(key)
    pixels = _pixels()
    layer = keras.layers.Rescaling(scale, offset)
    expected = spec.preprocess(pixels.copy())
    np.testing.assert_allclose(_numpy(layer(pixels)), expected, rtol=1e-5, atol=1e-5)


def test_builds_with_the_specs_frozen_count(built: ClassifierParts) -> None:
    spec = built.spec
    assert built.total_layers == len(built.backbone.layers) == spec.keras_total
    assert built.frozen_count == spec.frozen_layers
    flags = [layer.trainable for layer in built.backbone.layers]
    assert flags == [False] * built.frozen_count + [True] * (
        built.total_layers - built.frozen_count
    )
    first = FIRST_TRAINABLE[spec.key]
    if first is not None:
        assert built.backbone.layers[built.frozen_count].name == first
    assert built.model.input_shape == (None, SIZE, SIZE, 3)
    assert built.model.output_shape == (None, 10)


def test_split_equals_full_model(built: ClassifierParts) -> None:
    split = built.split
    assert len(split.cut) == CUT_WIDTH[built.spec.key]
    assert len(split.prefix.outputs) == len(split.tail.inputs) == len(split.cut)
    pixels = _pixels()
    features = split.prefix(pixels, training=False)
    assert isinstance(features, list) == (len(split.cut) > 1)  # Keras unpacks a single one
    listed = features if isinstance(features, list) else [features]
    for tensor, info in zip(listed, split.cut, strict=True):
        assert tuple(tensor.shape[1:]) == info.shape
    # Backbone features, relative to their scale (random init can make them tiny) ...
    core = split.tail.get_layer("trainable_part")
    want = _numpy(built.backbone(built.preprocessing(pixels), training=False))
    got = _numpy(core(features, training=False))
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5 * np.abs(want).max())
    # ... and class probabilities.
    np.testing.assert_allclose(
        _numpy(split.tail(features, training=False)),
        _numpy(built.model(pixels, training=False)),
        atol=1e-5,
    )


def test_tail_trains_the_full_models_weights(built: ClassifierParts) -> None:
    tail_vars = {id(v) for v in built.split.tail.trainable_weights}
    assert tail_vars == {id(v) for v in built.model.trainable_weights}
    assert not built.split.prefix.trainable_weights


def test_frozen_batch_norm_keeps_its_statistics() -> None:
    parts = build_classifier("mobilenet", 3, input_size=SIZE, weights=None)
    norms = [
        layer
        for layer in parts.backbone.layers
        if isinstance(layer, keras.layers.BatchNormalization)
    ]
    before = [layer.moving_mean.numpy().copy() for layer in norms]
    parts.model(_pixels(4), training=True)
    changed = [
        not np.array_equal(layer.moving_mean.numpy(), old)
        for layer, old in zip(norms, before, strict=True)
    ]
    assert changed == [layer.trainable for layer in norms]
    assert any(changed)


def test_frozen_count_override_is_clamped_and_said() -> None:
    parts = build_classifier("mobilenet", 3, input_size=SIZE, weights=None, frozen_layers=500)
    assert parts.frozen_count == parts.total_layers == 86
    assert any("500" in note for note in parts.notes)
    assert not any(layer.trainable for layer in parts.backbone.layers)
    split = parts.split
    assert split.tail.get_layer("predictions") is parts.head[-1]
    pixels = _pixels()
    np.testing.assert_allclose(
        _numpy(split.tail(split.prefix(pixels))), _numpy(parts.model(pixels)), atol=1e-6
    )


def test_nothing_frozen_still_splits_after_the_input() -> None:
    parts = build_classifier("mobilenet", 3, input_size=SIZE, weights=None, frozen_layers=0)
    assert parts.frozen_count == 0
    assert all(layer.trainable for layer in parts.backbone.layers)
    assert [info.shape for info in parts.split.cut] == [(SIZE, SIZE, 3)]
    pixels = _pixels()
    np.testing.assert_allclose(
        _numpy(parts.split.tail(parts.split.prefix(pixels))),
        _numpy(parts.model(pixels)),
        atol=1e-6,
    )


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"num_classes": 1}, "at least 2"),
        ({"input_size": 16}, "too small"),
        ({"dropout": 1.0}, "Dropout"),
        ({"frozen_layers": -1}, "0 or more"),
    ],
)
def test_bad_settings_are_user_errors(kwargs: dict[str, Any], match: str) -> None:
    settings: dict[str, Any] = {"num_classes": 10, "input_size": SIZE, "weights": None, **kwargs}
    with pytest.raises(UserError, match=match):
        build_classifier("mobilenet", **settings)


def test_exported_model_takes_raw_pixels_without_custom_objects(tmp_path: Path) -> None:
    parts = build_classifier("mobilenet", 4, input_size=SIZE, weights=None, dropout=0.0)
    assert [layer.name for layer in parts.head] == ["pool", "predictions"]
    path = tmp_path / "model.keras"
    parts.model.save(path)
    loaded = keras.saving.load_model(path)
    pixels = _pixels()
    np.testing.assert_allclose(_numpy(loaded(pixels)), _numpy(parts.model(pixels)), atol=1e-6)


def test_mixed_precision_keeps_float32_probabilities() -> None:
    previous = keras.mixed_precision.global_policy()
    keras.mixed_precision.set_global_policy("mixed_float16")
    try:
        parts = build_classifier("mobilenet", 3, input_size=SIZE, weights=None)
        split = parts.split
    finally:
        keras.mixed_precision.set_global_policy(previous)
    assert parts.model.output.dtype == "float32"
    assert [info.dtype for info in split.cut] == ["float16"]
    assert _numpy(split.tail(split.prefix(_pixels()))).dtype == np.float32


def test_trainable_from_rule_finds_the_stage_by_name() -> None:
    spec = get_backbone("efficientnet_lite0")
    assert spec.frozen_layers is None and spec.trainable_from == "block6d"
    pixels = keras.Input((8, 8, 3))
    x = keras.layers.Conv2D(2, 1, name="stem_conv")(pixels)
    x = keras.layers.Conv2D(2, 1, name="block5d_project_conv")(x)
    x = keras.layers.Conv2D(2, 1, name="block6d_expand_conv")(x)
    x = keras.layers.Conv2D(2, 1, name="top_conv")(x)
    fake = keras.Model(pixels, x)
    assert spec.frozen_count(fake) == 3  # input, stem, block5d
    renamed = dataclasses.replace(spec, trainable_from="stage7")
    with pytest.raises(RuntimeError, match="stage7"):
        renamed.frozen_count(fake)


def _assert_split_is_exact(parts: Any) -> None:
    """The tail over the prefix's output is the whole model (inference mode)."""
    pixels = _pixels()
    np.testing.assert_allclose(
        _numpy(parts.split.tail(parts.split.prefix(pixels, training=False), training=False)),
        _numpy(parts.model(pixels, training=False)),
        atol=1e-5,
    )


def test_efficientnet_lite0_freezes_up_to_stage_six() -> None:
    pytest.importorskip("reviewer.training.lite0")
    parts = build_classifier("efficientnet_lite0", 10, input_size=SIZE, weights=None)
    names = [layer.name for layer in parts.backbone.layers]
    assert names[parts.frozen_count].startswith("block6d")
    assert not any(name.startswith("block6d") for name in names[: parts.frozen_count])
    _assert_split_is_exact(parts)


def test_trainable_from_by_name_moves_the_cut_and_keeps_the_split_exact() -> None:
    pytest.importorskip("reviewer.training.lite0")
    parts = build_classifier("efficientnet_lite0", 10, input_size=SIZE, weights=None,
                             trainable_from="block7a")
    names = [layer.name for layer in parts.backbone.layers]
    assert names[parts.frozen_count].startswith("block7a")
    trainable = [layer.name for layer in parts.backbone.layers if layer.trainable]
    assert trainable and all(n.startswith(("block7a", "top")) for n in trainable)
    assert any("block7a" in note for note in parts.notes)
    default = build_classifier("efficientnet_lite0", 10, input_size=SIZE, weights=None)
    assert parts.frozen_count > default.frozen_count
    _assert_split_is_exact(parts)


def test_trainable_from_an_unknown_layer_is_a_user_error_naming_real_blocks() -> None:
    with pytest.raises(UserError, match="no layer whose name starts with 'stage9'") as caught:
        build_classifier("mobilenet", 3, input_size=SIZE, weights=None, trainable_from="stage9")
    assert "conv" in (caught.value.hint or "")
