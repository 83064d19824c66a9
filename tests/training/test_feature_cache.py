"""The frozen-feature store: round trip through the memory-mapped file, invalidation
when weights change, resume after a killed fill, the disk and budget checks before a
fill, eviction, and cached features equal to the prefix on the same inputs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from reviewer.catalogue.db import Catalogue
from reviewer.errors import UserError
from reviewer.training.backbones import build_classifier
from reviewer.training.dataset import take_snapshot
from reviewer.training.feature_cache import FeatureCache
from reviewer.training.pipeline import view_dataset
from reviewer.training.spec import TrainSpec
from reviewer.training.trainer import cache_key, cached_features

SHAPES = [(2, 2, 3), (4,)]


def _parts(seed: int = 1):  # type: ignore[no-untyped-def]
    import keras

    keras.utils.set_random_seed(seed)
    return build_classifier("mobilenet", 3, input_size=32, weights=None)


def _sha(i: int) -> str:
    return f"{i:064x}"


def _values(sha: str, view: int) -> list[np.ndarray]:
    rng = np.random.default_rng(int(sha, 16) % 2**32 + 1000 * view)
    return [rng.normal(size=s).astype(np.float32) * 50 for s in SHAPES]


def _produce(todo):  # type: ignore[no-untyped-def]
    for start in range(0, len(todo), 3):
        yield [_values(sha, view) for sha, view in todo[start : start + 3]]


def test_store_round_trips_through_the_memory_mapped_file(tmp_path: Path) -> None:
    cache = FeatureCache(tmp_path / "c", max_bytes=10**9)
    store = cache.split("k", "train", 2, SHAPES)
    shas = [_sha(i) for i in range(7)]
    seen: list[tuple[int, int]] = []
    rows = store.fill(shas, _produce, on_progress=lambda d, t, *_: seen.append((d, t)))
    assert rows is not None and sorted(rows.tolist()) == list(range(7))
    assert seen[-1] == (14, 14) and (cache.stats.misses, cache.stats.hits) == (14, 0)
    got = store.read(rows[[4, 0, 6]], np.array([1, 0, 1]))
    for (i, view), a, b in zip([(4, 1), (0, 0), (6, 1)], got[0], got[1], strict=True):
        want = _values(_sha(i), view)
        top = max(np.abs(want[0]).max(), np.abs(want[1]).max())  # float16 of value / top
        np.testing.assert_allclose(a, want[0], rtol=1e-3, atol=5e-4 * top)
        np.testing.assert_allclose(b, want[1], rtol=1e-3, atol=5e-4 * top)
    assert got[0].dtype == np.float32 and got[0].shape == (3, 2, 2, 3)
    mapped = store.memmap()  # the file is one plain float16 array [rows, views, D]
    assert mapped.shape == (7, 2)
    record = mapped[rows[4], 1]
    np.testing.assert_allclose(
        (record["values"][:12].astype(np.float32) * record["scale"]).reshape(2, 2, 3),
        _values(_sha(4), 1)[0], rtol=1e-3, atol=1e-3 * float(record["scale"]))
    assert store.data_path.stat().st_size == 7 * 2 * (4 + 16 * 2)
    # A second fill with more images computes only the new ones; old rows stay put.
    again = store.fill([*shas, _sha(9)], _produce)
    assert again is not None and again[:7].tolist() == rows.tolist() and again[7] == 7
    assert cache.stats.misses == 14 + 2 and cache.stats.hits == 14


def _fill_script(root: Path, n: int) -> str:
    return textwrap.dedent(f"""
        import sys, time
        import numpy as np
        from reviewer.training.feature_cache import FeatureCache
        SHAPES = {SHAPES!r}
        def values(sha, view):
            rng = np.random.default_rng(int(sha, 16) % 2**32 + 1000 * view)
            return [rng.normal(size=s).astype(np.float32) * 50 for s in SHAPES]
        def produce(todo):
            for i, (sha, view) in enumerate(todo):
                if i == 5:
                    print("halfway", flush=True)
                    time.sleep(60)  # killed here
                yield [values(sha, view)]
        store = FeatureCache({str(root)!r}, max_bytes=10**9).split("k", "train", 2, SHAPES)
        store.fill([f"{{i:064x}}" for i in range({n})], produce)
    """)


def test_fill_resumes_after_the_process_is_killed(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-c", _fill_script(tmp_path / "c", 6)],
                            stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "halfway"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    cache = FeatureCache(tmp_path / "c", max_bytes=10**9)
    store = cache.split("k", "train", 2, SHAPES)
    assert len(store) == 6 and int(store.done().sum()) == 5  # five views made it
    asked: list[tuple[str, int]] = []

    def produce(todo):  # type: ignore[no-untyped-def]
        asked.extend(todo)
        yield from _produce(todo)

    rows = store.fill([_sha(i) for i in range(6)], produce)
    assert rows is not None and len(asked) == 12 - 5  # only what the killed fill had not done
    assert int(store.done().sum()) == 12
    for i in range(6):
        got = store.read(rows[[i, i]], np.array([0, 1]))
        for view in (0, 1):
            want = _values(_sha(i), view)
            top = max(np.abs(want[0]).max(), np.abs(want[1]).max())
            np.testing.assert_allclose(got[0][view], want[0], rtol=1e-3, atol=5e-4 * top)


def test_fill_refuses_up_front_when_the_disk_is_too_small(tmp_path: Path) -> None:
    cache = FeatureCache(tmp_path / "c", max_bytes=10**12, free_bytes=lambda _p: 400 * 1024**2)
    store = cache.split("k", "train", 8, [(7, 7, 192)])
    called = []
    with pytest.raises(UserError, match=r"needs 2,000 images × 8 views × 18.4 KB = 0.28 GB"
                       r".* only 0.39 GB are free") as refused:
        store.fill([_sha(i) for i in range(2000)], lambda todo: iter(called.append(1) or []))
    assert "REVIEWER_CACHE_DIR" in (refused.value.hint or "")
    assert not called and not store.data_path.exists()  # nothing computed, nothing grown
    # 500 images fit the same disk.
    assert store.ensure_rows([_sha(i) for i in range(500)]).tolist() == list(range(500))


def test_fill_refuses_beyond_the_budget_after_evicting_older_keys(tmp_path: Path) -> None:
    cache = FeatureCache(tmp_path / "c", max_bytes=200_000)
    old = cache.split("old", "train", 1, [(1000,)])
    assert old.fill([_sha(i) for i in range(40)],
                    lambda todo: iter([[[np.zeros(1000)]] * len(todo)])) is not None
    os.utime(tmp_path / "c" / "old", (time.time() - 100, time.time() - 100))
    new = cache.split("new", "train", 1, [(1000,)])
    assert new.ensure_rows([_sha(i) for i in range(60)]) is not None  # 120 KB: "old" goes
    assert not (tmp_path / "c" / "old").exists()
    with pytest.raises(UserError, match="budget is") as refused:
        new.ensure_rows([_sha(i) for i in range(200)])
    assert "feature_cache_gb" in (refused.value.hint or "")


def test_default_budget_comes_from_the_settings_or_the_free_space(tmp_path: Path) -> None:
    from reviewer.settings import Settings, save_settings

    cache = FeatureCache(tmp_path / "c", free_bytes=lambda _p: 10 * 1024**3)
    assert cache.max_bytes == 5 * 1024**3
    save_settings(Settings(feature_cache_gb=2.5))
    assert cache.max_bytes == int(2.5 * 1024**3)


def _tmpfs(path: Path, size: str) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root; the refusal is covered with an "
                    "injected free-space function above")
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")


def test_fill_refuses_on_a_real_small_tmpfs(tmp_path: Path) -> None:
    disk = tmp_path / "small"
    _tmpfs(disk, "8m")
    try:
        cache = FeatureCache(disk / "features", max_bytes=10**12)
        store = cache.split("k", "train", 8, [(7, 7, 192)])
        with pytest.raises(UserError, match=r"on the disk holding .*small/features.* only "):
            store.fill([_sha(i) for i in range(100)], _produce)
        assert not store.data_path.exists()
        # With the reserve waived the tmpfs really runs out: fallocate's ENOSPC is
        # reported the same way, before a single feature is computed.
        import reviewer.training.feature_cache as fc

        saved, fc.RESERVE_BYTES = fc.RESERVE_BYTES, 0
        try:
            big = FeatureCache(disk / "features", max_bytes=10**12,
                               free_bytes=lambda _p: 10**12).split("k", "train", 8, [(7, 7, 192)])
            with pytest.raises(UserError, match="Could not reserve"):
                big.fill([_sha(i) for i in range(100)], _produce)
        finally:
            fc.RESERVE_BYTES = saved
    finally:
        subprocess.run(["umount", str(disk)], check=False)


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
    cache = FeatureCache(tmp_path / "c", max_bytes=10**9)
    key = cache_key(parts, spec)
    feats = cached_features(trainable, parts, spec, examples, 2, cache, key,
                            on_progress=None, should_stop=None, label="v", split="validation")
    assert len(feats) == len(examples) and feats.views == 2
    everyone = np.arange(len(examples))
    view0 = feats.gather(everyone, np.zeros(len(examples), np.int64))[0]
    view1 = feats.gather(everyone, np.ones(len(examples), np.int64))[0]
    direct = parts.split.prefix.predict(
        view_dataset(trainable.store, [(e.sha256, 0) for e in examples], 32).batch(8), verbose=0)
    np.testing.assert_allclose(view0, direct, rtol=2e-3, atol=1e-3 * float(np.abs(direct).max()))
    assert not np.allclose(view0, view1, rtol=1e-2, atol=0)  # view 1 augmented
    hits_before = cache.stats.hits
    cached_features(trainable, parts, spec, examples, 2, cache, key,
                    on_progress=None, should_stop=None, label="v", split="validation")
    assert cache.stats.hits - hits_before == 2 * len(examples)
