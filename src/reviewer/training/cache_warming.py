"""Fill the feature cache ahead of training, so pressing Train starts on a warm cache.

``warm_cache`` computes exactly the entries the recipe's training run will read (same
model key: backbone, weights, cut, augmentation, seed; the recipe's view count) for
the labelled train and validation images, through ``trainer.cached_features``. It is
resumable by construction: the cache skips what it holds, so a cancelled or
interrupted fill continues where it stopped, and a later import only adds its new
images. The desktop app runs it after an import on a worker thread at idle priority.
"""

from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass
from typing import Any

import keras

from reviewer.catalogue.db import Catalogue
from reviewer.errors import CancelledError
from reviewer.progress import ProgressFn, StopFn
from reviewer.training.backbones import build_classifier
from reviewer.training.dataset import take_snapshot
from reviewer.training.feature_cache import FeatureCache
from reviewer.training.progress import Stage, TrainProgress
from reviewer.training.recipes import recipe_spec
from reviewer.training.trainer import cache_key, cached_features, cut_shapes


@dataclass(frozen=True)
class WarmResult:
    key: str
    entries: int  # (image, view) pairs the recipe will read
    computed: int  # of those, computed now (the rest were cached already)
    cancelled: bool


def lower_thread_priority(niceness: int = 19) -> None:
    """Lower the calling thread's CPU priority (Linux: per thread); elsewhere nothing."""
    with contextlib.suppress(AttributeError, OSError, PermissionError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), niceness)


def warm_cache(
    catalogue: Catalogue,
    *,
    recipe: str = "default",
    backbone: str = "efficientnet_lite0",
    cache: FeatureCache | None = None,
    on_progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
    **overrides: Any,
) -> WarmResult:
    """Compute the cached features ``recipe`` on ``backbone`` (with ``overrides``, as
    ``recipe_spec`` takes them) will need; see the module."""
    spec = recipe_spec(recipe, backbone=backbone, **overrides)
    cache = cache or FeatureCache()
    with catalogue.read() as session:
        snapshot = take_snapshot(session, include_unsure=spec.include_unsure)
    keras.utils.set_random_seed(spec.seed)  # as the trainer does: the same prefix weights
    parts = build_classifier(spec.backbone, max(len(snapshot.class_names), 2),
                             input_size=spec.input_size, weights=spec.weights,
                             dropout=spec.dropout, frozen_layers=spec.frozen_layers,
                             trainable_from=spec.trainable_from)
    key = cache_key(parts, spec)
    views = spec.views if spec.augment else 1
    train, val = snapshot.split("train"), snapshot.split("validation")
    parts_of = (("train", train, views, "training images"),
                ("validation", val, 1, "validation images"))
    entries = len(train) * views + len(val)

    def missing() -> int:
        """Image-views of the two splits not yet in the store (as the trainer reads it)."""
        return sum(cache.split(key, split, count, cut_shapes(parts))
                   .missing_views([e.sha256 for e in examples])
                   for split, examples, count, _label in parts_of if examples)

    before = entries - missing()

    def relay(p: TrainProgress) -> None:
        if on_progress is not None and p.stage == Stage.CACHING:
            on_progress(p.step, p.steps, p.message)

    try:
        for split, examples, count, label in parts_of:
            if examples:
                cached_features(catalogue, parts, spec, examples, count, cache, key,
                                on_progress=relay, should_stop=should_stop, label=label,
                                split=split)
    except CancelledError:
        return WarmResult(key, entries, entries - missing() - before, True)
    computed = entries - before
    return WarmResult(key, entries, computed, False)
