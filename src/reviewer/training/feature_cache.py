"""The fast path's cache: the frozen prefix of a classifier is deterministic, so its
output for one image and one augmentation view is computed once and kept on disk.

Entries are keyed by a *model key* — backbone, input size, frozen count,
preprocessing, a fingerprint of the prefix's weights, the augmentation settings and
seed — and by (image sha256, view). Change any of these and the key changes, so a
stale feature can never be served. The cache is bounded: least recently used model
keys' files go first.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from reviewer.progress import ProgressFn
from reviewer.settings import APP_NAME

DEFAULT_MAX_BYTES = 8 * 1024**3


def default_cache_dir() -> Path:
    env = os.environ.get("REVIEWER_CACHE_DIR")
    if env:
        return Path(env) / "features"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME)) / "features"


def weights_fingerprint(weights: Sequence[np.ndarray]) -> str:
    digest = hashlib.sha256()
    for w in weights:
        arr = np.ascontiguousarray(w)
        digest.update(str(arr.shape).encode())
        digest.update(arr.tobytes())
    return digest.hexdigest()[:16]


def model_key(**parts: object) -> str:
    """A short stable key for everything that decides what the prefix outputs."""
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    evicted_bytes: int = 0


class FeatureCache:
    """One ``.npz`` file per (model key, image, view) holding the cut tensors in half
    precision with a scale each. Writes are atomic (temporary file, then rename)."""

    def __init__(self, root: Path | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.root = Path(root) if root else default_cache_dir()
        self.max_bytes = max_bytes
        self.stats = CacheStats()

    def _path(self, key: str, sha256: str, view: int) -> Path:
        return self.root / key / sha256[:2] / f"{sha256}-{view}.npz"

    def describe(self, key: str, info: dict[str, object]) -> None:
        """Write what the key stands for beside its entries (for people, not code)."""
        folder = self.root / key
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "key.json").write_text(json.dumps(info, indent=2, default=str))

    def get(self, key: str, sha256: str, view: int) -> list[np.ndarray] | None:
        """The stored float32 arrays, or None (a miss)."""
        path = self._path(key, sha256, view)
        try:
            with np.load(path) as data:
                scales = data["scales"]
                arrays = [
                    data[f"a{i}"].astype(np.float32) * scales[i] for i in range(len(scales))
                ]
        except (FileNotFoundError, ValueError, OSError, EOFError, KeyError):
            self.stats.misses += 1
            return None
        self.stats.hits += 1
        return arrays

    def put(self, key: str, sha256: str, view: int, arrays: Sequence[np.ndarray]) -> None:
        """Store half-precision values scaled by each array's largest magnitude, so
        neither large activations overflow nor small ones vanish."""
        path = self._path(key, sha256, view)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        scales = np.array([float(np.max(np.abs(a))) or 1.0 for a in arrays], dtype=np.float32)
        scaled = {f"a{i}": (np.asarray(a, np.float32) / scales[i]).astype(np.float16)
                  for i, a in enumerate(arrays)}
        with open(tmp, "wb") as fh:
            np.savez(fh, scales=scales, **scaled)
        os.replace(tmp, path)

    def missing(self, key: str, items: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
        return [(sha, view) for sha, view in items if not self._path(key, sha, view).exists()]

    def touch(self, key: str) -> None:
        folder = self.root / key
        if folder.exists():
            os.utime(folder)

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.root.rglob("*.npz")) if self.root.exists() else 0

    def evict(self, keep: str | None = None) -> int:
        """Remove least recently used model keys until the cache fits ``max_bytes``."""
        if not self.root.exists():
            return 0
        folders = [p for p in self.root.iterdir() if p.is_dir()]
        sizes = {p: sum(f.stat().st_size for f in p.rglob("*.npz")) for p in folders}
        total = sum(sizes.values())
        removed = 0
        for folder in sorted(folders, key=lambda p: p.stat().st_mtime):
            if total <= self.max_bytes:
                break
            if folder.name == keep:
                continue
            shutil.rmtree(folder, ignore_errors=True)
            total -= sizes[folder]
            removed += sizes[folder]
        self.stats.evicted_bytes += removed
        return removed

    def fill(
        self,
        key: str,
        items: Sequence[tuple[str, int]],
        produce: Callable[[Sequence[tuple[str, int]]], Iterator[list[list[np.ndarray]]]],
        *,
        on_progress: ProgressFn | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> bool:
        """Compute and store the entries of ``items`` that are missing. ``produce(todo)``
        yields, batch after batch and in order, the arrays of each item. False if stopped."""
        todo = self.missing(key, items)
        self.touch(key)
        done = 0
        for outputs in produce(todo):
            for (sha, view), arrays in zip(todo[done : done + len(outputs)], outputs, strict=True):
                self.put(key, sha, view, arrays)
            done += len(outputs)
            if on_progress is not None:
                on_progress(done, len(todo))
            if should_stop is not None and should_stop():
                return False
        return True
