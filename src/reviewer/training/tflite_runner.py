"""Run a Keras model through TensorFlow Lite with XNNPACK on the CPU.

On a CPU, XNNPACK's depthwise and 1×1 convolution kernels run an EfficientNet or
MobileNet prefix about twice as fast as TensorFlow's own (measured on this project's
2-core machine: 38 vs 20 images/s for the Lite0 prefix, max difference 6e-5 on
activations of magnitude 20). Conversion costs ~20 s, so it pays off for large jobs
such as filling the feature cache.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import warnings
from collections.abc import Callable

import keras
import numpy as np
import tensorflow as tf

log = logging.getLogger(__name__)


def convert(model: keras.Model) -> bytes:
    """The float32 TFLite flatbuffer of ``model`` (conversion chatter silenced)."""
    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return converter.convert()


def interpreter(flatbuffer: bytes, threads: int | None = None) -> tf.lite.Interpreter:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tf.lite.Interpreter's deprecation notice
        return tf.lite.Interpreter(
            model_content=flatbuffer, num_threads=threads or os.cpu_count() or 1
        )


def batch_runner(model: keras.Model) -> Callable[[np.ndarray], np.ndarray] | None:
    """A function running ``model`` (one input, one output) on float32 batches through
    TFLite/XNNPACK, or None when the model cannot be converted."""
    if len(model.inputs) != 1 or len(model.outputs) != 1:
        return None
    try:
        interp = interpreter(convert(model))
    except Exception as exc:  # noqa: BLE001 - any converter failure means: use TensorFlow
        log.info("TFLite conversion failed, staying with TensorFlow: %s", exc)
        return None
    inp = interp.get_input_details()[0]["index"]
    out = interp.get_output_details()[0]["index"]
    shape: list[int] = []

    def run(batch: np.ndarray) -> np.ndarray:
        if list(batch.shape) != shape:
            interp.resize_tensor_input(inp, list(batch.shape))
            interp.allocate_tensors()
            shape[:] = list(batch.shape)
        interp.set_tensor(inp, np.ascontiguousarray(batch, dtype=np.float32))
        interp.invoke()
        return np.array(interp.get_tensor(out))

    return run
