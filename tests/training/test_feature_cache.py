"""The frozen-feature cache: hits, misses, invalidation when weights change, eviction,
and cached training equal to the full model on the same inputs."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from reviewer.catalogue.db import Catalogue
from reviewer.training.backbones import build_classifier
from reviewer.training.dataset import take_snapshot
from reviewer.training.feature_cache import FeatureCache
from reviewer.training.pipeline import view_dataset
from reviewer.training.spec import TrainSpec
from reviewer.training.trainer import cache_key, cached_features


def _parts(seed: int = 1):  # type: ignore[no-untyped-def]
    import keras

    keras.utils.set_random_seed(seed)
    return build_classifier("mobilenet", 3, input_size=32, weights=None)


def test_put_get_missing_and_atomic_files(tmp_path: Path) -> None:
    cache = FeatureCache(tmp_path / "c")
    assert cache.get("k", "ab" * 32, 0) is None
    cache.put("k", "ab" * 32, 0, [np.ones((2, 2, 3)), np.zeros(4)])
    got = cache.get("k", "ab" * 32, 0)
    assert got is not None and got[1].shape == (4,)
    np.testing.assert_allclose(got[0], 1.0)
    assert (cache.stats.hits, cache.stats.misses) == (1, 1)
    assert cache.missing("k", [("ab" * 32, 0), ("ab" * 32, 1)]) == [("ab" * 32, 1)]
    assert not list((tmp_path / "c").rglob("*.tmp"))


def test_key_changes_with_weights_and_settings() -> None:
    spec = TrainSpec(backbone="mobilenet", input_size=32, weights=None)
    a, b = _parts(1), _parts(2)
    assert cache_key(a, spec) == cache_key(a, spec)
    assert cache_key(a, spec) != cache_key(b, spec)  # other weights: other features
    other = TrainSpec(backbone="mobilenet", input_size=32, weights=None, seed=5)
    assert cache_key(a, spec) != cache_key(a, other)  # other augmentation draws


def test_cached_features_equal_the_prefix_and_are_reused(
    trainable: Catalogue, tmp_path: Path
) -> None:
    with trainable.read() as s:
        snapshot = take_snapshot(s)
    examples = snapshot.split("validation")
    parts = _parts()
    spec = TrainSpec(backbone="mobilenet", input_size=32, weights=None, views=2)
    cache = FeatureCache(tmp_path / "c")
    key = cache_key(parts, spec)
    feats = cached_features(trainable, parts, spec, examples, 2, cache, key,
                            on_progress=None, should_stop=None, label="v")
    assert feats[0].shape[:2] == (len(examples), 2)
    direct = parts.split.prefix.predict(
        view_dataset(trainable.store, [(e.sha256, 0) for e in examples], 32).batch(8), verbose=0)
    np.testing.assert_allclose(feats[0][:, 0], direct, rtol=2e-3, atol=1e-3 * float(np.abs(direct).max()))
    assert not np.allclose(feats[0][:, 0], feats[0][:, 1], rtol=1e-2, atol=0)  # view 1 augmented
    hits_before = cache.stats.hits
    cached_features(trainable, parts, spec, examples, 2, cache, key,
                    on_progress=None, should_stop=None, label="v")
    assert cache.stats.hits - hits_before == 2 * len(examples)


def test_eviction_keeps_the_cache_bounded(tmp_path: Path) -> None:
    cache = FeatureCache(tmp_path / "c", max_bytes=30_000)
    for k in ("old", "mid", "new"):
        for i in range(3):
            cache.put(k, f"{i:02d}" + "0" * 62, 0, [np.zeros(2000)])
    import os
    import time

    t = time.time()
    for offset, k in enumerate(("old", "mid", "new")):
        os.utime(tmp_path / "c" / k, (t + offset, t + offset))
    removed = cache.evict(keep="new")
    assert removed > 0
    assert not (tmp_path / "c" / "old").exists()
    assert (tmp_path / "c" / "new").exists()
    assert cache.size_bytes() <= 30_000
