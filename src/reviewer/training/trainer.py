"""Fine-tuning: ``train(catalogue, spec, *, on_progress, should_stop)``.

Two paths, same model, same recipe:

* the fast path (default): the frozen prefix's output is computed once per image and
  augmentation view and cached on disk (see feature_cache); epochs then run on the
  trainable tail only, drawing one cached view per image per epoch;
* the naive path: full forward and backward with augmentation on the fly (needed
  when nothing is frozen, and kept for comparison).

The run, its dataset snapshot, per-epoch history, checkpoints and the final model
are stored in the catalogue; a cancel leaves the run recorded as cancelled with its
checkpoint, from which ``resume`` continues.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from reviewer.catalogue.categories import now
from reviewer.catalogue.db import Catalogue
from reviewer.errors import CancelledError, UserError
from reviewer.training import optimisation, runs
from reviewer.training.backbones import ClassifierParts, build_classifier, preprocess_affine
from reviewer.training.dataset import Example, Snapshot, load_snapshot, save_snapshot, take_snapshot
from reviewer.training.decode import DECODE_ID
from reviewer.training.devices import choose_strategy, describe_device, has_gpu
from reviewer.training.feature_cache import FeatureCache, model_key, weights_fingerprint
from reviewer.training.head_stage import train_head_first
from reviewer.training.model_files import store_relative
from reviewer.training.pipeline import evaluation_dataset, training_dataset, view_dataset
from reviewer.training.progress import (
    ProgressCallback,
    Stage,
    StopFn,
    TrainProgress,
    TrainProgressFn,
)
from reviewer.training.runs import RunStatus
from reviewer.training.spec import TrainSpec
from reviewer.training.tflite_runner import batch_runner

log = logging.getLogger(__name__)
CHECKPOINT = "checkpoint.weights.h5"
STATE = "checkpoint.json"
MODEL = "model.keras"
TFLITE_FROM = 1024  # fill the cache through TFLite/XNNPACK from this many images on


@dataclass(frozen=True)
class TrainResult:
    run_id: int
    status: RunStatus  # finished | cancelled
    history: list[dict[str, float]]
    wall_seconds: float
    model_path: str | None
    device: str
    frozen_count: int
    total_layers: int
    cache_hits: int = 0
    cache_misses: int = 0


def _emit(on_progress: TrainProgressFn | None, stage: Stage, message: str, **kw: Any) -> None:
    if on_progress is not None:
        on_progress(TrainProgress(stage, message, **kw))


def train(
    catalogue: Catalogue,
    spec: TrainSpec,
    *,
    on_progress: TrainProgressFn | None = None,
    should_stop: StopFn | None = None,
    parent_run_id: int | None = None,
    cache: FeatureCache | None = None,
) -> TrainResult:
    """Start a new run on the catalogue's current labels and splits."""
    spec.validate()
    _emit(on_progress, Stage.PREPARING, "Reading the catalogue")
    with catalogue.read() as session:
        snapshot = take_snapshot(session, include_unsure=spec.include_unsure)
    device = describe_device()
    name = spec.name or f"{spec.backbone} {now():%Y-%m-%d %H:%M}"
    with catalogue.write() as session:
        run_id = runs.create_run(
            session, name=name, backbone=spec.backbone, settings=spec.to_dict(),
            class_names=snapshot.class_names, device=device, parent_run_id=parent_run_id,
        )
        save_snapshot(session, run_id, snapshot)
    return _run(catalogue, run_id, spec, snapshot, on_progress, should_stop, cache,
                initial_epoch=0, history=[], device=device)


def resume(
    catalogue: Catalogue,
    run_id: int,
    *,
    on_progress: TrainProgressFn | None = None,
    should_stop: StopFn | None = None,
    cache: FeatureCache | None = None,
    epochs: int | None = None,
) -> TrainResult:
    """Continue a cancelled (or interrupted) run from its last checkpoint."""
    with catalogue.read() as session:
        info = runs.get_run(session, run_id)
        snapshot = load_snapshot(session, run_id, info.class_names)
    if info.status == RunStatus.FINISHED and epochs is None:
        raise UserError(f"Run {run_id} has finished; there is nothing to resume.",
                        hint="Give --epochs N to train it further.")
    folder = runs.run_dir(catalogue, run_id)
    if not (folder / STATE).exists():
        raise UserError(f"Run {run_id} has no checkpoint to resume from.",
                        hint="Start a new run with `reviewer train`.")
    state = json.loads((folder / STATE).read_text())
    spec = TrainSpec.from_dict(info.settings)
    if epochs is not None:
        spec.epochs = epochs
    runs.update_run(catalogue, run_id, status=RunStatus.RUNNING, error=None)
    return _run(catalogue, run_id, spec, snapshot, on_progress, should_stop, cache,
                initial_epoch=int(state["epoch"]), history=list(state["history"]),
                device=describe_device(), checkpoint=folder / CHECKPOINT,
                wall_before=float(state.get("wall_seconds", 0.0)))


def _run(
    catalogue: Catalogue,
    run_id: int,
    spec: TrainSpec,
    snapshot: Snapshot,
    on_progress: TrainProgressFn | None,
    should_stop: StopFn | None,
    cache: FeatureCache | None,
    *,
    initial_epoch: int,
    history: list[dict[str, float]],
    device: str,
    checkpoint: Path | None = None,
    wall_before: float = 0.0,
) -> TrainResult:
    started = time.monotonic()
    folder = runs.run_dir(catalogue, run_id)
    try:
        keras.utils.set_random_seed(spec.seed)
        policy = "mixed_float16" if spec.mixed_precision and has_gpu() else "float32"
        keras.mixed_precision.set_global_policy(policy)
        if device == "CPU only":
            _emit(on_progress, Stage.PREPARING, "No GPU found: training on the CPU.")
        strategy = choose_strategy(spec.devices)
        _emit(on_progress, Stage.PREPARING, f"Building {spec.backbone}")
        with strategy.scope():
            parts = build_classifier(
                spec.backbone, len(snapshot.class_names), input_size=spec.input_size,
                weights=spec.weights, dropout=spec.dropout, frozen_layers=spec.frozen_layers,
            )
            if checkpoint is not None:
                parts.model.load_weights(checkpoint)
            fast = spec.fast_path and parts.frozen_count > 1
            if fast:
                _ = parts.split  # the prefix and tail models belong to the strategy too
        for note in parts.notes:
            _emit(on_progress, Stage.PREPARING, note)
        _emit(on_progress, Stage.PREPARING,
              f"{parts.spec.display_name}: {parts.frozen_count} of {parts.total_layers} "
              "layers frozen")

        def save_epoch(epoch: int, logs: dict[str, float]) -> None:
            history.append({"epoch": epoch, **logs})
            parts.model.save_weights(folder / CHECKPOINT)
            wall = wall_before + time.monotonic() - started
            (folder / STATE).write_text(json.dumps(
                {"epoch": epoch, "history": history, "wall_seconds": wall}))
            runs.update_run(catalogue, run_id, history=history, wall_seconds=wall,
                            checkpoint_path=str(folder / CHECKPOINT))

        fit = _fit_cached if fast else _fit_naive
        hits, misses, cancelled = fit(
            catalogue, spec, parts, snapshot, strategy, on_progress, should_stop,
            save_epoch, initial_epoch, cache,
        )
        model_path = None
        if not cancelled:
            _emit(on_progress, Stage.SAVING, "Saving the model")
            parts.model.save(folder / MODEL)
            model_path = str(folder / MODEL)
        wall = wall_before + time.monotonic() - started
        status = RunStatus.CANCELLED if cancelled else RunStatus.FINISHED
        recorded = store_relative(catalogue, folder / MODEL) if model_path else None
        runs.update_run(catalogue, run_id, status=status, model_path=recorded,
                        wall_seconds=wall, finished_at=now(), history=history)
        _emit(on_progress, Stage.DONE, f"Run {run_id} {status}")
        return TrainResult(run_id, status, history, wall, model_path, device,
                           parts.frozen_count, parts.total_layers, hits, misses)
    except CancelledError:
        wall = wall_before + time.monotonic() - started
        runs.update_run(catalogue, run_id, status=RunStatus.CANCELLED, wall_seconds=wall,
                        finished_at=now(), history=history)
        _emit(on_progress, Stage.DONE, f"Run {run_id} cancelled")
        return TrainResult(run_id, RunStatus.CANCELLED, history, wall, None, device, 0, 0)
    except UserError as exc:
        runs.update_run(catalogue, run_id, status=RunStatus.FAILED, error=str(exc), finished_at=now())
        raise
    except Exception as exc:
        runs.update_run(catalogue, run_id, status=RunStatus.FAILED, error=f"{type(exc).__name__}: {exc}",
                        finished_at=now())
        raise


def _compile(model: keras.Model, spec: TrainSpec, steps_per_epoch: int = 1) -> None:
    model.compile(
        optimizer=optimisation.optimizer(spec, steps_per_epoch),
        loss=optimisation.loss(spec),
        metrics=["accuracy"],
    )


def _callbacks(
    spec: TrainSpec, steps: int, on_progress: TrainProgressFn | None, should_stop: StopFn | None,
    save_epoch: Any,
) -> tuple[ProgressCallback, list[keras.callbacks.Callback]]:
    progress = ProgressCallback(spec.epochs, steps, on_progress, should_stop, on_epoch=save_epoch)
    callbacks: list[keras.callbacks.Callback] = [progress]
    if spec.early_stopping:
        callbacks.insert(0, keras.callbacks.EarlyStopping(
            monitor="val_loss", patience=spec.early_stopping, restore_best_weights=True))
    return progress, callbacks


def _class_weight(spec: TrainSpec, train: Sequence[Example], n: int) -> dict[int, float] | None:
    if not spec.class_weights:
        return None
    counts = np.bincount([e.label for e in train], minlength=n).astype(float)
    present = counts > 0
    weights = np.zeros(n)
    weights[present] = counts[present].sum() / (present.sum() * counts[present])
    return {i: float(w) for i, w in enumerate(weights)}


def _fit_naive(
    catalogue: Catalogue, spec: TrainSpec, parts: ClassifierParts, snapshot: Snapshot,
    strategy: tf.distribute.Strategy, on_progress: TrainProgressFn | None,
    should_stop: StopFn | None, save_epoch: Any, initial_epoch: int, cache: FeatureCache | None,
) -> tuple[int, int, bool]:
    train, val = snapshot.split("train"), snapshot.split("validation")
    size = parts.input_size
    train_ds = training_dataset(
        catalogue.store, train, size, batch_size=spec.batch_size,
        augmentation=spec.augmentation if spec.augment else None, seed=spec.seed,
    )
    val_ds = evaluation_dataset(catalogue.store, val, size, batch_size=spec.batch_size)
    steps = -(-len(train) // spec.batch_size)
    with strategy.scope():
        _compile(parts.model, spec, steps)
    progress, callbacks = _callbacks(spec, steps, on_progress, should_stop, save_epoch)
    parts.model.fit(train_ds, validation_data=val_ds, epochs=spec.epochs,
                    initial_epoch=initial_epoch, callbacks=callbacks, verbose=0, shuffle=False,
                    class_weight=_class_weight(spec, train, len(snapshot.class_names)))
    return 0, 0, progress.cancelled


class CachedViews(keras.utils.PyDataset):
    """Training batches from cached features: each epoch draws one view per image."""

    def __init__(self, features: list[Any], labels: np.ndarray, batch_size: int,
                 seed: int, weights: np.ndarray | None = None) -> None:
        super().__init__()
        self.features, self.labels, self.batch_size = features, labels, batch_size
        self.sample_weights = weights
        self.rng = np.random.default_rng(seed)
        self._draw()

    def _draw(self) -> None:
        n, views = self.features[0].shape[:2]
        self.order = self.rng.permutation(n)
        self.view = self.rng.integers(0, views, size=n)

    def __len__(self) -> int:
        return -(-len(self.labels) // self.batch_size)

    def __getitem__(self, index: int) -> tuple[Any, ...]:
        rows: np.ndarray = self.order[index * self.batch_size : (index + 1) * self.batch_size]
        views: np.ndarray = self.view[rows]
        x = [np.asarray(f[rows, views], dtype=np.float32) for f in self.features]
        batch: tuple[Any, ...] = (x[0] if len(x) == 1 else x, self.labels[rows])
        if self.sample_weights is not None:
            batch = (*batch, self.sample_weights[self.labels[rows]])
        return batch

    def on_epoch_end(self) -> None:
        self._draw()


def cache_key(parts: ClassifierParts, spec: TrainSpec) -> str:
    """Everything that decides the prefix's output for an (image, view)."""
    prefix = parts.split.prefix
    return model_key(
        backbone=parts.spec.key, input_size=parts.input_size, frozen=parts.frozen_count,
        preprocessing=preprocess_affine(parts.spec.key),
        weights=weights_fingerprint(prefix.get_weights()),
        augmentation=spec.augmentation.key() if spec.augment else "none",
        seed=spec.seed, cut=[c.layer for c in parts.split.cut], decode=DECODE_ID,
    )


def cached_features(
    catalogue: Catalogue, parts: ClassifierParts, spec: TrainSpec, examples: Sequence[Example],
    views: int, cache: FeatureCache, key: str, *, on_progress: TrainProgressFn | None,
    should_stop: StopFn | None, label: str,
) -> list[np.ndarray]:
    """Prefix outputs, shape [n_examples, views, ...] per cut tensor (filled if missing)."""
    prefix = parts.split.prefix
    aug = spec.augmentation if spec.augment else None
    pairs = [(e.sha256, v) for e in examples for v in range(views)]

    tf_prefix = tf.function(lambda x: prefix(x, training=False), reduce_retracing=True)
    runner: list[Any] = []

    def run_prefix(batch: tf.Tensor, todo_count: int) -> list[np.ndarray]:
        if not runner:  # decide once: XNNPACK pays for its conversion on large fills
            fast = None
            if todo_count >= TFLITE_FROM and not has_gpu():
                _emit(on_progress, Stage.CACHING, "Converting the frozen part for XNNPACK")
                fast = batch_runner(prefix)
            runner.append(fast)
        if runner[0] is not None:
            return [runner[0](batch.numpy())]
        out = tf_prefix(batch)
        return [np.asarray(o) for o in (out if isinstance(out, list | tuple) else [out])]

    def produce(todo: Sequence[tuple[str, int]]) -> Iterator[list[list[np.ndarray]]]:
        """One pipeline over everything missing: parallel decode, batches of 32."""
        if not todo:
            return
        images = view_dataset(catalogue.store, todo, parts.input_size, augmentation=aug,
                              seed=spec.seed).batch(32).prefetch(tf.data.AUTOTUNE)
        for batch in images:
            outs = run_prefix(batch, len(todo))
            yield [[o[i] for o in outs] for i in range(len(outs[0]))]

    def report(done: int, total: int, _message: str = "") -> None:
        _emit(on_progress, Stage.CACHING, f"Computing frozen features ({label}): {done}/{total}",
              step=done, steps=total)

    if not cache.fill(key, pairs, produce, on_progress=report, should_stop=should_stop):
        raise CancelledError
    n_cut = len(parts.split.cut)
    stacked: list[list[np.ndarray]] = [[] for _ in range(n_cut)]
    for sha, view in pairs:
        arrays = cache.get(key, sha, view)
        if arrays is None:  # evicted or unreadable between fill and read: recompute
            arrays = next(produce([(sha, view)]))[0]
            cache.put(key, sha, view, arrays)
        for i, a in enumerate(arrays):
            stacked[i].append(a)
    return [np.stack(s).reshape(len(examples), views, *s[0].shape) for s in stacked]


def _fit_cached(
    catalogue: Catalogue, spec: TrainSpec, parts: ClassifierParts, snapshot: Snapshot,
    strategy: tf.distribute.Strategy, on_progress: TrainProgressFn | None,
    should_stop: StopFn | None, save_epoch: Any, initial_epoch: int, cache: FeatureCache | None,
) -> tuple[int, int, bool]:
    cache = cache or FeatureCache()
    train, val = snapshot.split("train"), snapshot.split("validation")
    key = cache_key(parts, spec)
    cache.describe(key, {"backbone": parts.spec.key, "input_size": parts.input_size,
                         "frozen": parts.frozen_count, "views": spec.views})
    views = spec.views if spec.augment else 1
    train_x = cached_features(catalogue, parts, spec, train, views, cache, key,
                              on_progress=on_progress, should_stop=should_stop,
                              label="training images")
    val_x = [f[:, 0] for f in cached_features(catalogue, parts, spec, val, 1, cache, key,
                                                on_progress=on_progress,
                                                should_stop=should_stop,
                                                label="validation images")]
    cache.evict(keep=key)
    labels = np.array([e.label for e in train], dtype=np.int32)
    weights = _class_weight(spec, train, len(snapshot.class_names))
    data = CachedViews(train_x, labels, spec.batch_size, spec.seed + initial_epoch,
                       np.array([weights[i] for i in range(len(weights))]) if weights else None)
    val_y = np.array([e.label for e in val], dtype=np.int32)
    tail = parts.split.tail
    if spec.head_epochs and initial_epoch == 0:
        train_head_first(parts, spec, train_x, labels, val_x, val_y, strategy,
                         on_progress=on_progress, should_stop=should_stop)
    with strategy.scope():
        _compile(tail, spec, len(data))
    progress, callbacks = _callbacks(spec, len(data), on_progress, should_stop, save_epoch)
    tail.fit(data, validation_data=(val_x[0] if len(val_x) == 1 else val_x, val_y),
             epochs=spec.epochs, initial_epoch=initial_epoch, callbacks=callbacks, verbose=0,
             batch_size=None)
    return cache.stats.hits, cache.stats.misses, progress.cancelled
