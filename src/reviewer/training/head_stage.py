"""The first stage of the default recipe: train the classifier's head alone on pooled
features computed from the cached prefix, then hand its weights to the fine-tuning.

A head trained from random weights spends the first fine-tuning epochs (the expensive
ones: the last blocks run forward and backward) undoing its own noise, and the noisy
gradients it sends down disturb the pretrained blocks. On pooled features (one vector
per image and view) the same head trains in seconds; the fine-tuning then starts from
a model that is already good and only has to make it better.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import keras
import numpy as np
import tensorflow as tf

from reviewer.errors import CancelledError
from reviewer.training import optimisation
from reviewer.training.backbones import ClassifierParts
from reviewer.training.progress import Stage, StopFn, TrainProgress, TrainProgressFn
from reviewer.training.spec import TrainSpec

if TYPE_CHECKING:
    from reviewer.training.trainer import StoredFeatures

HEAD_BATCH = 64
HEAD_PATIENCE = 5


def pooled_features(parts: ClassifierParts, features: StoredFeatures, *,
                    batch_size: int = 64, should_stop: StopFn | None = None) -> np.ndarray:
    """Global-average-pooled backbone output for the stored prefix outputs, read from
    the feature store batch by batch (never the whole store in memory); the result is
    ``[n, views, channels]`` in float16, a vector per image and view."""
    n, views = len(features), features.views
    tail = parts.split.tail
    trainable = next((layer for layer in tail.layers if layer.name == "trainable_part"), None)
    run = None if trainable is None else tf.function(
        lambda x: trainable(x, training=False), reduce_retracing=True)
    pooled: np.ndarray | None = None
    for view in range(views):
        for start in range(0, n, batch_size):
            if should_stop is not None and should_stop():
                raise CancelledError
            positions = np.arange(start, min(n, start + batch_size))
            batch = features.gather(positions, np.full(len(positions), view, np.int64))
            inputs = batch[0] if len(batch) == 1 else batch
            out = batch[0] if run is None else np.asarray(run(inputs))
            vectors = np.asarray(out, np.float32).mean(axis=(1, 2))
            if pooled is None:
                pooled = np.zeros((n, views, vectors.shape[-1]), np.float16)
            pooled[positions, view] = vectors
    return pooled if pooled is not None else np.zeros((0, views, 0), np.float16)


class _Stop(keras.callbacks.Callback):
    def __init__(self, should_stop: StopFn | None) -> None:
        super().__init__()
        self.should_stop = should_stop
        self.stopped = False

    def on_train_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        if self.should_stop is not None and self.should_stop():
            self.stopped = True
            self.model.stop_training = True


def train_head_first(
    parts: ClassifierParts, spec: TrainSpec, train_x: StoredFeatures, labels: np.ndarray,
    val_x: StoredFeatures, val_y: np.ndarray, strategy: tf.distribute.Strategy, *,
    on_progress: TrainProgressFn | None = None, should_stop: StopFn | None = None,
) -> dict[str, float]:
    """Train ``parts``' prediction layer on pooled cached features for
    ``spec.head_epochs`` (early stopping on validation loss) and load it into the model.

    ``train_x`` / ``val_x``: the splits' stored prefix outputs (validation: one view).
    Returns the best epoch's validation figures."""
    def say(message: str) -> None:
        if on_progress is not None:
            on_progress(TrainProgress(Stage.PREPARING, message))

    started = time.monotonic()
    say("Head first: pooling the cached features")
    x = pooled_features(parts, train_x, should_stop=should_stop)
    views = x.shape[1]
    x = x.reshape(-1, x.shape[-1])
    y = np.repeat(labels, views)
    vx = pooled_features(parts, val_x, should_stop=should_stop)[:, 0]
    target = parts.model.get_layer("predictions")
    steps = -(-len(x) // HEAD_BATCH)
    with strategy.scope():
        inputs = keras.Input(shape=(x.shape[-1],), name="pooled")
        dense = keras.layers.Dense(target.units, activation="softmax", dtype="float32",
                                   name="head")
        head = keras.Model(inputs, dense(inputs), name="head_first")
        head.compile(
            optimizer=optimisation.optimizer(spec, steps, epochs=spec.head_epochs,
                                             rate=spec.head_learning_rate),
            loss=optimisation.loss(spec), metrics=["accuracy"])
    stop = _Stop(should_stop)
    callbacks: list[keras.callbacks.Callback] = [stop]
    validation = (vx, val_y) if len(val_y) else None
    if validation is not None:
        callbacks.append(keras.callbacks.EarlyStopping(
            monitor="val_loss", patience=HEAD_PATIENCE, restore_best_weights=True))
    history = head.fit(x, y, batch_size=HEAD_BATCH, epochs=spec.head_epochs, shuffle=True,
                       validation_data=validation, callbacks=callbacks, verbose=0)
    if stop.stopped:
        raise CancelledError
    target.set_weights(dense.get_weights())
    logs = history.history
    best = int(np.argmin(logs["val_loss"])) if "val_loss" in logs else len(logs["loss"]) - 1
    result = {k: float(v[best]) for k, v in logs.items()}
    shown = f", validation accuracy {result['val_accuracy']:.3f}" if "val_accuracy" in result else ""
    say(f"Head first: {len(logs['loss'])} epochs in {time.monotonic() - started:.0f} s{shown}")
    return result
