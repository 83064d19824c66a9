"""Progress reports from long training jobs, and the Keras callback that sends them
and honours a cooperative cancel (``model.stop_training``, so checkpoints still run)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import keras


class Stage(StrEnum):
    """What a training job is doing."""

    PREPARING = "preparing"
    CACHING = "caching"  # computing the frozen prefix's features
    TRAINING = "training"
    SAVING = "saving"
    DONE = "done"


@dataclass(frozen=True)
class TrainProgress:
    stage: Stage
    message: str = ""
    epoch: int = 0  # 1-based, the epoch in progress or just finished
    epochs: int = 0
    step: int = 0
    steps: int = 0
    logs: dict[str, float] = field(default_factory=dict)
    eta_seconds: float | None = None
    epoch_end: bool = False


ProgressFn = Callable[[TrainProgress], None]
StopFn = Callable[[], bool]


class ProgressCallback(keras.callbacks.Callback):
    """Reports batches (at most every ``interval`` seconds) and every epoch end."""

    def __init__(
        self,
        epochs: int,
        steps: int,
        on_progress: ProgressFn | None,
        should_stop: StopFn | None,
        *,
        interval: float = 0.25,
        on_epoch: Callable[[int, dict[str, float]], None] | None = None,
    ) -> None:
        super().__init__()
        self.epochs, self.steps = epochs, steps
        self.on_progress, self.should_stop = on_progress, should_stop
        self.interval = interval
        self.on_epoch = on_epoch
        self.cancelled = False
        self._epoch = 0
        self._epoch_started = 0.0
        self._last_sent = 0.0
        self._epoch_times: list[float] = []

    def _eta(self, step: int) -> float | None:
        elapsed = time.monotonic() - self._epoch_started
        per_epoch = (
            sum(self._epoch_times) / len(self._epoch_times)
            if self._epoch_times
            else (elapsed / step * self.steps if step else None)
        )
        if per_epoch is None:
            return None
        left_in_epoch = max(per_epoch - elapsed, 0.0)
        return left_in_epoch + per_epoch * (self.epochs - self._epoch)

    def _check_stop(self) -> None:
        if self.should_stop is not None and self.should_stop():
            self.cancelled = True
            self.model.stop_training = True

    def on_epoch_begin(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self._epoch = epoch + 1
        self._epoch_started = time.monotonic()
        self._check_stop()

    def on_train_batch_end(self, batch: int, logs: dict[str, Any] | None = None) -> None:
        self._check_stop()
        now = time.monotonic()
        if self.on_progress is None or now - self._last_sent < self.interval:
            return
        self._last_sent = now
        self.on_progress(
            TrainProgress(
                Stage.TRAINING, f"epoch {self._epoch}/{self.epochs}", self._epoch, self.epochs,
                batch + 1, self.steps, _floats(logs), self._eta(batch + 1),
            )
        )

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        self._epoch_times.append(time.monotonic() - self._epoch_started)
        values = _floats(logs)
        if self.on_epoch is not None:
            self.on_epoch(epoch + 1, values)
        if self.on_progress is not None:
            self.on_progress(
                TrainProgress(
                    Stage.TRAINING, f"epoch {epoch + 1}/{self.epochs} done", epoch + 1, self.epochs,
                    self.steps, self.steps, values, self._eta(self.steps), epoch_end=True,
                )
            )
        self._check_stop()


def _floats(logs: dict[str, Any] | None) -> dict[str, float]:
    return {k: float(v) for k, v in (logs or {}).items() if isinstance(v, int | float) or hasattr(v, "__float__")}
