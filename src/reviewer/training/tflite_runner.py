"""Run a Keras model through TensorFlow Lite with XNNPACK on the CPU.

On a CPU, XNNPACK's depthwise and 1×1 convolution kernels run an EfficientNet or
MobileNet about twice as fast as TensorFlow's own (measured on this project's 2-core
machine: 38 vs 20 images/s for the Lite0 prefix, max difference 6e-5 on activations
of magnitude 20). Conversion costs 20–35 s, so it pays off for large jobs: filling the
feature cache, batch scoring.

The interpreter is LiteRT's (``ai_edge_litert.interpreter.Interpreter``, the PyPI
package ``ai-edge-litert``, a dependency): TensorFlow marks ``tf.lite.Interpreter``
deprecated in its favour. It has the same API and applies XNNPACK to float models by
default (``OpResolverType.AUTO``; it logs "Created TensorFlow Lite XNNPACK delegate for
CPU"); its answers match ``tf.lite.Interpreter``'s (benchmarks/scoring.py prints both).
Where no LiteRT wheel exists for the platform, ``tf.lite.Interpreter`` is used instead.
Conversion stays with TensorFlow's ``TFLiteConverter`` (LiteRT only runs models).
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable
from typing import Any

import keras
import numpy as np
import tensorflow as tf

log = logging.getLogger(__name__)


def interpreter_class() -> Any:
    """LiteRT's interpreter, else (no LiteRT wheel for this platform) ``tf.lite.Interpreter``
    (the same API; TensorFlow marks it deprecated in favour of LiteRT but still ships it)."""
    try:
        from ai_edge_litert.interpreter import Interpreter
    except ImportError:
        log.info("LiteRT (ai-edge-litert) is not installed; using tf.lite.Interpreter")
        return tf.lite.Interpreter
    return Interpreter


class TFLiteRunner:
    """A TFLite interpreter fed whole batches; resized only when a batch grows.

    ``interpreter`` is the interpreter class (default :func:`interpreter_class`)."""

    def __init__(self, content: bytes, num_threads: int, interpreter: Any = None) -> None:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r"(?s).*tf\.lite\.Interpreter is deprecated")
            self.interpreter = (interpreter or interpreter_class())(
                model_content=content, num_threads=num_threads)
        self.input = self.interpreter.get_input_details()[0]
        self.output_index = self.interpreter.get_output_details()[0]["index"]
        self.batch = 0

    def __call__(self, images: np.ndarray) -> np.ndarray:
        n = len(images)
        if n > self.batch:
            self.interpreter.resize_tensor_input(
                self.input["index"], [n, *images.shape[1:]], strict=False)
            self.interpreter.allocate_tensors()
            self.batch = n
        if n < self.batch:  # pad the last, short batch instead of reallocating
            padded = np.zeros((self.batch, *images.shape[1:]), np.float32)
            padded[:n] = images
            images = padded
        self.interpreter.set_tensor(self.input["index"], np.ascontiguousarray(images, np.float32))
        self.interpreter.invoke()
        return np.array(self.interpreter.get_tensor(self.output_index)[:n], np.float32)


def batch_runner(model: keras.Model, threads: int | None = None) -> Callable[[np.ndarray], np.ndarray] | None:
    """``model`` (one input, one output) as a TFLite/XNNPACK function on float32
    batches, or None when it cannot be converted (then stay with TensorFlow)."""
    import os

    from reviewer.errors import UserError
    from reviewer.training.export_model import tflite_bytes

    if len(model.inputs) != 1 or len(model.outputs) != 1:
        return None
    try:
        return TFLiteRunner(tflite_bytes(model), threads or os.cpu_count() or 1)
    except (UserError, RuntimeError, ValueError) as exc:
        log.info("TFLite conversion failed, staying with TensorFlow: %s", exc)
        return None
