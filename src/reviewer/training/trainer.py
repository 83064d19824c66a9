"""Fine-tuning: ``train(catalogue, spec, *, on_progress, should_stop)``.

Two paths, same model, same recipe:

* the fast path (default): the frozen prefix's output is computed once per image and
  augmentation view and kept in the feature store on disk (see feature_cache); epochs
  then run on the trainable tail only, reading one stored view per image per epoch
  through tf.data in shuffled blocks (memory independent of the number of images);
* the naive path: full forward and backward with augmentation on the fly (needed
  when nothing is frozen, and kept for comparison).

The run, its dataset snapshot, per-epoch history, checkpoints and the final model
are stored in the catalogue; a cancel leaves the run recorded as cancelled with its
checkpoint, from which ``resume`` continues.
"""

from __future__ import annotations

import json
import logging
import tempfile
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
from reviewer.training.feature_cache import (
    FeatureCache,
    SplitFeatures,
    model_key,
    weights_fingerprint,
)
from reviewer.training.head_stage import train_head_first
from reviewer.training.model_files import store_relative
from reviewer.training.multiworker import is_chief
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
    if not is_chief():  # a worker of a cluster: trains its share, the chief records the run
        return _run(catalogue, 0, spec, snapshot, on_progress, should_stop, cache,
                    initial_epoch=0, history=[], device=device)
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
    # Run 0: a non-chief worker's share of a cluster's run; it writes into a scratch folder.
    folder = runs.run_dir(catalogue, run_id) if run_id else Path(tempfile.mkdtemp(prefix="reviewer-worker-"))
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
                trainable_from=spec.trainable_from,
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
            _record(catalogue, run_id, history=history, wall_seconds=wall,
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
        _record(catalogue, run_id, status=status, model_path=recorded,
                        wall_seconds=wall, finished_at=now(), history=history)
        _emit(on_progress, Stage.DONE, f"Run {run_id} {status}")
        return TrainResult(run_id, status, history, wall, model_path, device,
                           parts.frozen_count, parts.total_layers, hits, misses)
    except CancelledError:
        wall = wall_before + time.monotonic() - started
        _record(catalogue, run_id, status=RunStatus.CANCELLED, wall_seconds=wall,
                        finished_at=now(), history=history)
        _emit(on_progress, Stage.DONE, f"Run {run_id} cancelled")
        return TrainResult(run_id, RunStatus.CANCELLED, history, wall, None, device, 0, 0)
    except UserError as exc:
        _record(catalogue, run_id, status=RunStatus.FAILED, error=str(exc), finished_at=now())
        raise
    except Exception as exc:
        _record(catalogue, run_id, status=RunStatus.FAILED, error=f"{type(exc).__name__}: {exc}",
                        finished_at=now())
        raise


def _record(catalogue: Catalogue, run_id: int, **values: Any) -> None:
    """Update the run's row (the chief's; a worker's run 0 has none)."""
    if run_id:
        runs.update_run(catalogue, run_id, **values)


def _compile(model: keras.Model, spec: TrainSpec, steps_per_epoch: int = 1,
             initial_epoch: int = 0) -> None:
    """Compile for ``spec``; a resumed run's optimiser starts at the step its
    ``initial_epoch`` ends, so a schedule (warm-up, cosine decay) continues where it
    stopped instead of starting again (the checkpoint holds the weights, not the step)."""
    model.compile(
        optimizer=optimisation.optimizer(spec, steps_per_epoch),
        loss=optimisation.loss(spec),
        metrics=["accuracy"],
    )
    if initial_epoch:
        model.optimizer.iterations.assign(initial_epoch * steps_per_epoch)


class LearningRateLog(keras.callbacks.Callback):
    """Adds the learning rate the epoch ended at to its logs (and so to the history)."""

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        if logs is not None:
            logs["learning_rate"] = float(keras.ops.convert_to_numpy(
                self.model.optimizer.learning_rate))


def _callbacks(
    spec: TrainSpec, steps: int, on_progress: TrainProgressFn | None, should_stop: StopFn | None,
    save_epoch: Any,
) -> tuple[ProgressCallback, list[keras.callbacks.Callback]]:
    progress = ProgressCallback(spec.epochs, steps, on_progress, should_stop, on_epoch=save_epoch)
    callbacks: list[keras.callbacks.Callback] = [LearningRateLog(), progress]
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
        _compile(parts.model, spec, steps, initial_epoch)
    progress, callbacks = _callbacks(spec, steps, on_progress, should_stop, save_epoch)
    parts.model.fit(train_ds, validation_data=val_ds, epochs=spec.epochs,
                    initial_epoch=initial_epoch, callbacks=callbacks, verbose=0, shuffle=False,
                    class_weight=_class_weight(spec, train, len(snapshot.class_names)))
    return 0, 0, progress.cancelled


class StoredFeatures:
    """The prefix outputs of a list of examples as they lie in the feature store: a row
    per example, ``views`` views per row; read batch by batch, never as a whole."""

    def __init__(self, store: SplitFeatures, rows: np.ndarray) -> None:
        self.store, self.rows = store, rows

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def views(self) -> int:
        return self.store.views

    def gather(self, positions: np.ndarray, views: np.ndarray) -> list[np.ndarray]:
        """float32 arrays, one per cut tensor, for the examples at ``positions``."""
        return self.store.read(self.rows[positions], views)

    def signature(self) -> Any:
        specs = tuple(tf.TensorSpec((None, *s), tf.float32) for s in self.store.shapes)
        return specs[0] if len(specs) == 1 else specs


BLOCK_ROWS = 256  # neighbouring store rows read together ...
POOL_BLOCKS = 16  # ... and this many blocks shuffled together (4,096 examples)


class CachedViews:
    """Training batches from the feature store through ``tf.data``: every pass (epoch)
    draws one view per image and a new order in shuffled blocks (blocks of neighbouring
    rows in random order, shuffled within a pool of blocks), reading one batch at a
    time, so memory does not grow with the number of images."""

    def __init__(self, features: StoredFeatures, labels: np.ndarray, batch_size: int,
                 seed: int, weights: np.ndarray | None = None, *,
                 drop_remainder: bool = False) -> None:
        self.features, self.labels, self.batch_size = features, labels, batch_size
        self.sample_weights = weights
        self.drop_remainder = drop_remainder
        self.seed, self.epoch = seed, 0
        self.by_row = np.argsort(features.rows, kind="stable")  # positions in file order

    def __len__(self) -> int:
        n = len(self.labels)
        return n // self.batch_size if self.drop_remainder else -(-n // self.batch_size)

    def epoch_callback(self) -> keras.callbacks.Callback:
        """Tells the batches which epoch they are for: the draw depends on (seed, epoch)
        only, so a resumed run and every worker of a cluster draw the same, however
        often Keras iterates the data."""
        views = self

        class EpochNumber(keras.callbacks.Callback):
            def on_epoch_begin(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
                views.epoch = epoch

        return EpochNumber()

    def epoch_order(self) -> tuple[np.ndarray, np.ndarray]:
        """(positions, views) for one pass: shuffled blocks of neighbouring rows."""
        rng = np.random.default_rng([self.seed, self.epoch])
        blocks = [self.by_row[i : i + BLOCK_ROWS] for i in range(0, len(self.by_row), BLOCK_ROWS)]
        picked = rng.permutation(len(blocks))
        order: list[np.ndarray] = []
        for start in range(0, len(picked), POOL_BLOCKS):
            pool = np.concatenate([blocks[b] for b in picked[start : start + POOL_BLOCKS]])
            order.append(pool[rng.permutation(len(pool))])
        positions = np.concatenate(order) if order else np.zeros(0, np.int64)
        views = rng.integers(0, self.features.views, size=len(positions))
        return positions, views

    def batches(self, replicas: Sequence[int] = (0,), count: int = 1) -> Iterator[tuple[Any, ...]]:
        """One pass: for each global batch, the parts of it that ``replicas`` (of
        ``count``) train on, in that order (all of it for one replica)."""
        positions, views = self.epoch_order()
        for b in range(len(self)):
            sl = slice(b * self.batch_size, (b + 1) * self.batch_size)
            for part in _parts(np.arange(len(positions))[sl], replicas, count):
                x = self.features.gather(positions[part], views[part])
                y = self.labels[positions[part]]
                batch: tuple[Any, ...] = (x[0] if len(x) == 1 else tuple(x), y)
                if self.sample_weights is not None:
                    batch = (*batch, self.sample_weights[y].astype(np.float32))
                yield batch

    def dataset(self, strategy: tf.distribute.Strategy | None = None) -> Any:
        """Batches for ``fit``; iterating them again draws the next epoch."""
        signature: tuple[Any, ...] = (self.features.signature(),
                                      tf.TensorSpec((None,), tf.int32))
        if self.sample_weights is not None:
            signature = (*signature, tf.TensorSpec((None,), tf.float32))
        return _feed(self.batches, signature, len(self), strategy)


def _parts(index: np.ndarray, replicas: Sequence[int], count: int) -> list[np.ndarray]:
    if count == 1:
        return [index]
    split = np.array_split(index, count)
    return [split[r] for r in replicas]


def validation_batches(features: StoredFeatures, labels: np.ndarray, batch_size: int,
                       strategy: tf.distribute.Strategy | None = None) -> Any:
    """View 0 of each example in file order, batch by batch (under several workers,
    whole batches only)."""
    order = np.argsort(features.rows, kind="stable")
    multi = strategy is not None and _multi_worker(strategy)
    steps = len(order) // batch_size if multi else -(-len(order) // batch_size)

    def batches(replicas: Sequence[int] = (0,), count: int = 1) -> Iterator[tuple[Any, ...]]:
        for b in range(steps):
            for part in _parts(order[b * batch_size : (b + 1) * batch_size], replicas, count):
                x = features.gather(part, np.zeros(len(part), np.int64))
                yield (x[0] if len(x) == 1 else tuple(x)), labels[part]

    signature = (features.signature(), tf.TensorSpec((None,), tf.int32))
    return _feed(batches, signature, steps, strategy)


def _feed(batches: Any, signature: Any, steps: int, strategy: tf.distribute.Strategy | None) -> Any:
    """A tf.data pipeline over ``batches``. Under several workers each worker reads only
    the parts of each global batch its own replicas train on (a generator has no files
    to shard by), through ``distribute_datasets_from_function``."""
    if strategy is None or not _multi_worker(strategy):
        ds = tf.data.Dataset.from_generator(batches, output_signature=signature)
        return ds.apply(tf.data.experimental.assert_cardinality(steps)).prefetch(2)

    def per_worker(context: tf.distribute.InputContext) -> tf.data.Dataset:
        local = strategy.num_replicas_in_sync // context.num_input_pipelines
        mine = [context.input_pipeline_id * local + r for r in range(local)]
        ds = tf.data.Dataset.from_generator(
            lambda: batches(mine, strategy.num_replicas_in_sync), output_signature=signature)
        options = tf.data.Options()
        options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.OFF
        return ds.apply(tf.data.experimental.assert_cardinality(steps * local)).with_options(
            options).prefetch(2)

    return strategy.distribute_datasets_from_function(per_worker)


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


def cut_shapes(parts: ClassifierParts) -> list[tuple[int, ...]]:
    """The per-example shape of each tensor the prefix hands to the tail."""
    out = parts.split.prefix.outputs
    return [tuple(int(d) for d in o.shape[1:]) for o in (out if isinstance(out, list | tuple) else [out])]


def cached_features(
    catalogue: Catalogue, parts: ClassifierParts, spec: TrainSpec, examples: Sequence[Example],
    views: int, cache: FeatureCache, key: str, *, on_progress: TrainProgressFn | None,
    should_stop: StopFn | None, label: str, split: str = "all",
) -> StoredFeatures:
    """Prefix outputs of ``examples`` with ``views`` views each, in the feature store
    (filled where missing: resumable, after a disk check)."""
    prefix = parts.split.prefix
    aug = spec.augmentation if spec.augment else None
    store = cache.split(key, split, views, cut_shapes(parts))

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

    rows = store.fill([e.sha256 for e in examples], produce, on_progress=report,
                      should_stop=should_stop)
    if rows is None:
        raise CancelledError
    return StoredFeatures(store, rows)


def _fit_cached(
    catalogue: Catalogue, spec: TrainSpec, parts: ClassifierParts, snapshot: Snapshot,
    strategy: tf.distribute.Strategy, on_progress: TrainProgressFn | None,
    should_stop: StopFn | None, save_epoch: Any, initial_epoch: int, cache: FeatureCache | None,
) -> tuple[int, int, bool]:
    cache = cache or FeatureCache()
    hits, misses = cache.stats.hits, cache.stats.misses
    train, val = snapshot.split("train"), snapshot.split("validation")
    key = cache_key(parts, spec)
    cache.describe(key, {"backbone": parts.spec.key, "input_size": parts.input_size,
                         "frozen": parts.frozen_count, "views": spec.views})
    views = spec.views if spec.augment else 1
    train_x = cached_features(catalogue, parts, spec, train, views, cache, key,
                              on_progress=on_progress, should_stop=should_stop,
                              label="training images", split="train")
    val_x = cached_features(catalogue, parts, spec, val, 1, cache, key,
                            on_progress=on_progress, should_stop=should_stop,
                            label="validation images", split="validation")
    labels = np.array([e.label for e in train], dtype=np.int32)
    weights = _class_weight(spec, train, len(snapshot.class_names))
    data = CachedViews(train_x, labels, spec.batch_size, spec.seed,
                       np.array([weights[i] for i in range(len(weights))]) if weights else None,
                       drop_remainder=_multi_worker(strategy))
    val_y = np.array([e.label for e in val], dtype=np.int32)
    tail = parts.split.tail
    if spec.head_epochs and initial_epoch == 0:
        if strategy.num_replicas_in_sync > 1:
            # The head stage pools on one device; under several replicas (GPUs, workers)
            # the fine-tuning starts from the initial head, as the paper's recipe does.
            _emit(on_progress, Stage.PREPARING,
                  f"Head first: skipped with {strategy.num_replicas_in_sync} replicas")
        else:
            train_head_first(parts, spec, train_x, labels, val_x, val_y, strategy,
                             on_progress=on_progress, should_stop=should_stop)
    with strategy.scope():
        _compile(tail, spec, len(data), initial_epoch)
    if _multi_worker(strategy):
        _build_before_fit(tail, strategy, train_x, weighted=weights is not None)
    progress, callbacks = _callbacks(spec, len(data), on_progress, should_stop, save_epoch)
    callbacks = [data.epoch_callback(), *callbacks]
    tail.fit(data.dataset(strategy),
             validation_data=validation_batches(val_x, val_y, spec.batch_size, strategy),
             epochs=spec.epochs, initial_epoch=initial_epoch, callbacks=callbacks, verbose=0,
             shuffle=False)  # CachedViews shuffles
    return cache.stats.hits - hits, cache.stats.misses - misses, progress.cancelled


def _multi_worker(strategy: tf.distribute.Strategy) -> bool:
    """Several workers must all see whole global batches (a short last one would leave
    a worker without data)."""
    return isinstance(strategy, tf.distribute.MultiWorkerMirroredStrategy)


def _build_before_fit(model: keras.Model, strategy: tf.distribute.Strategy,
                      features: StoredFeatures, *, weighted: bool) -> None:
    """Keras 3 builds a compiled model at the start of ``fit`` by averaging the first
    distributed batch across replicas, which MultiWorkerMirroredStrategy cannot do
    eagerly (PerReplica → Tensor); build it here from the batch's shapes instead."""
    x = [np.zeros((1, *s), np.float32) for s in features.store.shapes]
    batch: tuple[Any, ...] = (x[0] if len(x) == 1 else tuple(x), np.zeros((1,), np.int32))
    if weighted:
        batch = (*batch, np.ones((1,), np.float32))
    with strategy.scope():
        model._symbolic_build(data_batch=batch)
    model._maybe_symbolic_build = lambda iterator=None, data_batch=None: None
