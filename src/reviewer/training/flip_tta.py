"""Horizontal-flip test-time augmentation (TTA): a picture's class probabilities are the
mean of the model's probabilities for the picture and for its mirror image.

Clothing keeps its category in a mirror (a shirt mirrored is still a shirt) and the
training augmentation flips too, so the two passes are two views of the same answer;
what averaging them gains is measured in benchmarks/README.md (issue 13: on
clothing-small it moved accuracy by −1.5 to +0.6 points, within the noise of a few
hundred pictures). The model runs twice; on a CPU the decoding dominates, so an
evaluation takes about as long. It happens outside the model: an exported model (Keras,
SavedModel, TFLite) keeps its one-pass contract, and only code that asks for TTA
(``evaluate_run``, ``Scorer(tta=True)``) pays for the second pass. Reading a run's
choice needs no TensorFlow (the report and the views ask).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np


def mirror(images: Any) -> Any:
    """``images`` (N×H×W×C, a tensor or an array) flipped left to right."""
    if isinstance(images, np.ndarray):
        return np.ascontiguousarray(images[:, :, ::-1, :])
    import tensorflow as tf  # a tensor: TensorFlow is loaded (this module stays light)

    return tf.reverse(images, axis=[2])


def flip_averaged(forward: Callable[[Any], Any], images: Any) -> np.ndarray:
    """``forward``'s probabilities for ``images``, averaged with those for their mirror."""
    plain = np.asarray(forward(images), np.float32)
    flipped = np.asarray(forward(mirror(images)), np.float32)
    return (plain + flipped) / 2


def run_uses_tta(settings: dict[str, Any]) -> bool:
    """Whether a run's record asks for TTA at evaluation (runs stored before TTA existed
    did not: they are evaluated as they always were)."""
    return bool(settings.get("tta", False))
