"""The optimiser, learning-rate schedule and loss a TrainSpec asks for."""

from __future__ import annotations

from typing import Any

import keras

from reviewer.training.spec import TrainSpec


def learning_rate(spec: TrainSpec, steps_per_epoch: int, epochs: int | None = None,
                  rate: float | None = None) -> Any:
    """A constant rate, or linear warm-up (from a tenth of the rate) then cosine decay to
    zero over ``epochs`` (default ``spec.epochs``)."""
    rate = spec.learning_rate if rate is None else rate
    if spec.schedule == "constant":
        return rate
    epochs = spec.epochs if epochs is None else epochs
    total = max(int(epochs * steps_per_epoch), 1)
    warmup = min(int(round(spec.warmup_epochs * steps_per_epoch)), total - 1)
    if warmup <= 0:
        return keras.optimizers.schedules.CosineDecay(rate, total)
    return keras.optimizers.schedules.CosineDecay(
        rate / 10, total - warmup, warmup_target=rate, warmup_steps=warmup)


def optimizer(spec: TrainSpec, steps_per_epoch: int, **kw: Any) -> keras.optimizers.Optimizer:
    return keras.optimizers.Adam(learning_rate=learning_rate(spec, steps_per_epoch, **kw))


def loss(spec: TrainSpec) -> Any:
    """Sparse categorical cross-entropy, with label smoothing when the spec asks."""
    if not spec.label_smoothing:
        return "sparse_categorical_crossentropy"
    return SmoothedSparseCrossentropy(spec.label_smoothing)


@keras.saving.register_keras_serializable(package="reviewer")
class SmoothedSparseCrossentropy(keras.losses.Loss):
    """Cross-entropy against integer labels smoothed towards the uniform distribution:
    the true class gets ``1 - s + s/n``, every other class ``s/n``."""

    def __init__(self, smoothing: float = 0.1, name: str = "smoothed_sparse_crossentropy",
                 **kw: Any) -> None:
        super().__init__(name=name, **kw)
        self.smoothing = float(smoothing)

    def call(self, y_true: Any, y_pred: Any) -> Any:
        ops = keras.ops
        n = ops.shape(y_pred)[-1]
        labels = ops.cast(ops.reshape(y_true, (-1,)), "int32")
        target = ops.one_hot(labels, n, dtype=y_pred.dtype)
        target = target * (1.0 - self.smoothing) + self.smoothing / ops.cast(n, y_pred.dtype)
        return keras.losses.categorical_crossentropy(target, y_pred)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "smoothing": self.smoothing}
