"""What the model looked at: Grad-CAM (Selvaraju et al., 2017) on the run's own model.

The heat map for class ``c`` weighs each channel of the last convolutional feature map
``A`` (the backbone's output, before pooling) by the spatial mean of ``∂y_c/∂A`` and keeps
the positive part of the sum, upsampled to the input size. ``y_c`` is the class's score
before the softmax (the final Dense layer's logits), as in the paper.

The app's classifiers are a chain — pixels → preprocessing → backbone → pool → dropout →
Dense(softmax) — whether they were trained on the fast path (cached frozen prefix, then
the trainable tail) or fully fine-tuned: both save the whole model, so both are explained
the same way. :class:`GradCam` cuts any such chain after its last layer with a 4-D output;
a model whose graph is not a chain is refused with a message (checked once against the
model's own output).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from reviewer.errors import UserError


@dataclass(frozen=True)
class HeatMap:
    """One class's map: ``values`` in [0, 1], shape (size, size), 0 where nothing counted."""

    class_index: int
    values: np.ndarray
    probability: float  # the model's probability for this class (before any temperature)

    @property
    def peak(self) -> tuple[int, int]:
        """(row, column) of the hottest pixel."""
        row, col = np.unravel_index(int(np.argmax(self.values)), self.values.shape)
        return int(row), int(col)


def _is_softmax(activation: Any) -> bool:
    return getattr(activation, "__name__", "") == "softmax"


class GradCam:
    """Grad-CAM for a Keras classifier taking (size, size, 3) float pixels.

    ``maps(pixels, classes)`` runs the convolutional part once and takes one gradient per
    class through the head only (the backbone is never back-propagated through), so the
    predicted and the true class together cost little more than one forward pass.
    """

    def __init__(self, model: keras.Model) -> None:
        self.model = model
        layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
        cut = None
        for index, layer in enumerate(layers):
            shape = getattr(layer, "output_shape", None) or _output_shape(layer)
            if shape is not None and len(shape) == 4:
                cut = index
        if cut is None:
            raise UserError(f"The model {model.name} has no convolutional feature map to "
                            "explain (no layer with a 4-D output).")
        self.prefix_layers, self.head_layers = layers[: cut + 1], layers[cut + 1 :]
        self.size = int(model.input_shape[1])
        self.feature_layer = layers[cut].name
        last = self.head_layers[-1] if self.head_layers else None
        self._logits_from_dense = isinstance(last, keras.layers.Dense) and _is_softmax(
            last.activation)
        self._prefix = tf.function(self._run_prefix, reduce_retracing=True)
        self._grads = tf.function(self._run_grads, reduce_retracing=True)
        self._check_chain()

    def _run_prefix(self, x: tf.Tensor) -> tf.Tensor:
        for layer in self.prefix_layers:
            x = layer(x, training=False)
        return x

    def _head(self, features: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        """(scores before the softmax, probabilities)."""
        x = features
        for layer in self.head_layers[:-1]:
            x = layer(x, training=False)
        last = self.head_layers[-1]
        if self._logits_from_dense:
            logits = tf.matmul(x, tf.cast(last.kernel, x.dtype))
            if last.use_bias:
                logits = logits + tf.cast(last.bias, x.dtype)
            return logits, tf.nn.softmax(logits)
        probs = last(x, training=False)
        return tf.math.log(tf.maximum(probs, 1e-12)), probs

    def _run_grads(self, features: tf.Tensor, classes: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        """Per requested class: the gradient of its score w.r.t. the features; and the
        probabilities."""
        with tf.GradientTape() as tape:
            tape.watch(features)
            scores, probs = self._head(features)
            picked = tf.gather(scores[0], classes)
        jac = tape.jacobian(picked, features)  # (n classes, 1, h, w, k)
        return jac[:, 0], probs[0]

    def _check_chain(self) -> None:
        probe = tf.random.stateless_uniform((1, self.size, self.size, 3), seed=(7, 17),
                                            maxval=255.0)
        _scores, chained = self._head(self._prefix(probe))
        direct = self.model(probe, training=False)
        if not np.allclose(np.asarray(chained), np.asarray(direct), atol=1e-4):
            raise UserError(
                f"The model {self.model.name} is not a simple chain of layers; its heat maps "
                "cannot be computed.", hint="Heat maps work on the app's own classifiers.")

    def maps(self, pixels: np.ndarray, classes: Sequence[int]) -> list[HeatMap]:
        """Heat maps of ``classes`` for one picture (size×size×3 float32 RGB 0..255)."""
        return self.analyse(pixels, lambda _probs: classes)[1]

    def analyse(self, pixels: np.ndarray,
                choose: Callable[[np.ndarray], Sequence[int]]) -> tuple[np.ndarray, list[HeatMap]]:
        """One forward pass through the convolutional part: the probabilities, then the
        maps of the classes ``choose(probabilities)`` names (say the predicted one)."""
        x = tf.constant(np.asarray(pixels, np.float32)[None])
        if x.shape[1:3] != (self.size, self.size):
            raise UserError(f"The picture is {x.shape[2]}×{x.shape[1]}; the model takes "
                            f"{self.size}×{self.size}.")
        features = self._prefix(x)
        probs = np.asarray(self._head(features)[1][0], np.float32)
        wanted = [int(c) for c in choose(probs)]
        if not wanted:
            return probs, []
        grads, _ = self._grads(features, tf.constant(wanted, tf.int32))
        a = np.asarray(features[0], np.float32)  # h, w, k
        g = np.asarray(grads, np.float32)  # n, h, w, k
        out = []
        for i, c in enumerate(wanted):
            weights = g[i].mean(axis=(0, 1))
            cam = np.maximum((a * weights).sum(axis=-1), 0.0)
            out.append(HeatMap(c, _upsample(cam, self.size), float(probs[c])))
        return probs, out

    def probabilities(self, pixels: np.ndarray) -> np.ndarray:
        x = tf.constant(np.asarray(pixels, np.float32)[None])
        return np.asarray(self._head(self._prefix(x))[1][0], np.float32)


def _output_shape(layer: keras.layers.Layer) -> tuple[Any, ...] | None:
    try:
        return tuple(layer.output.shape)
    except (AttributeError, ValueError):
        return None


def _upsample(cam: np.ndarray, size: int) -> np.ndarray:
    """Bilinear resize to size×size, scaled to [0, 1] (all zeros stays zeros)."""
    top = float(cam.max())
    if top <= 0 or not np.isfinite(top):
        return np.zeros((size, size), np.float32)
    resized = tf.image.resize(cam[..., None] / top, (size, size), method="bilinear")
    return np.clip(np.asarray(resized[..., 0], np.float32), 0.0, 1.0)
