"""A tiny MobileNet whose answers differ from picture to picture: random weights alone
answer nearly the same class for every picture, so the batch norms are calibrated on
random pixels and the head is drawn at random, all seeded."""

from __future__ import annotations

from typing import Any

import keras
import numpy as np

from reviewer.training.backbones import build_classifier


def telling_classifier(classes: int, size: int, seed: int, head_spread: float) -> Any:
    """The classifier parts (``.model``, ``.backbone``, ``.preprocessing``) of
    ``build_classifier("mobilenet", …)`` made telling. MobileNet v1 is a plain chain of
    layers: one pass calibrates each batch norm on what reaches it from the calibrated
    layers before it."""
    keras.utils.set_random_seed(seed)
    parts = build_classifier("mobilenet", classes, input_size=size, weights=None)
    rng = np.random.default_rng(seed)
    x = parts.preprocessing(rng.uniform(0, 255, (8, size, size, 3)).astype(np.float32))
    for layer in parts.backbone.layers[1:]:
        if isinstance(layer, keras.layers.BatchNormalization):
            seen = keras.ops.convert_to_numpy(x)
            layer.moving_mean.assign(seen.mean(axis=(0, 1, 2)))
            layer.moving_variance.assign(seen.var(axis=(0, 1, 2)))
        x = layer(x)
    dense = parts.model.get_layer("predictions")
    dense.kernel.assign(rng.normal(0, head_spread, dense.kernel.shape).astype(np.float32))
    return parts
