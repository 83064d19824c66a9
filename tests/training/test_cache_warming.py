"""Filling the feature cache ahead of training: what the recipe will read, resumable,
and a training run afterwards computes nothing."""

from __future__ import annotations

from reviewer.catalogue.db import Catalogue
from reviewer.training.cache_warming import warm_cache
from reviewer.training.feature_cache import FeatureCache
from reviewer.training.progress import TrainProgress
from reviewer.training.recipes import recipe_spec
from reviewer.training.trainer import train

TINY = {"input_size": 32, "weights": None, "batch_size": 8, "epochs": 1, "head_epochs": 2,
        "seed": 1}


def test_warm_cache_is_resumable_and_training_then_starts_warm(
    trainable: Catalogue, cache: FeatureCache
) -> None:
    calls = {"n": 0}

    def stop_soon() -> bool:
        calls["n"] += 1
        return calls["n"] > 1  # after the first batch

    first = warm_cache(trainable, backbone="mobilenet", cache=cache, should_stop=stop_soon,
                       **TINY)
    views = recipe_spec("default").views
    assert first.cancelled and 0 < first.computed < first.entries
    assert first.entries == 24 * views + 6  # 24 train images (3 x 8), 6 validation
    second = warm_cache(trainable, backbone="mobilenet", cache=cache, **TINY)
    assert not second.cancelled and second.key == first.key
    assert second.computed == first.entries - first.computed  # only what was left
    assert warm_cache(trainable, backbone="mobilenet", cache=cache, **TINY).computed == 0

    events: list[TrainProgress] = []
    spec = recipe_spec("default", backbone="mobilenet", **TINY)
    result = train(trainable, spec, on_progress=events.append, cache=cache)
    assert result.status == "finished"
    assert not [e for e in events if e.stage == "caching" and e.steps]  # nothing to compute
    assert result.cache_misses == 0 and result.cache_hits >= second.entries
