"""The fast path's feature store: the frozen prefix of a classifier is deterministic, so
its output for one image and one augmentation view is computed once and kept on disk.

Layout: one folder per *model key* (backbone, input size, frozen count, preprocessing, a
fingerprint of the prefix's weights, the augmentation settings and seed, the cut), and in
it, per split and number of views, three files:

* ``<split>-v<V>.f16``: one contiguous array of records ``[rows, V]``, each a float32
  scale (the view's largest magnitude) and ``D`` float16 values divided by it (every cut
  tensor of one view flattened and concatenated), so neither large activations overflow
  nor small ones vanish; ``np.memmap`` maps it as is (:meth:`SplitFeatures.memmap`);
* ``<split>-v<V>.sha``: the content hash of each row, one per line, appended before the
  row's space is allocated;
* ``<split>-v<V>.done``: one byte per (row, view), set only after the view's values were
  written and flushed, so a fill killed half way resumes where it stopped.

Reads and writes go through ``pread``/``pwrite`` of single (row, view) records, never a
mapping of the whole file: the page cache holds what was read, the process does not, so
a training epoch's memory does not grow with the number of images. Change anything in
the key and the folder changes, so a stale feature is never served. Before a fill grows
the files, the store says how much disk it needs and refuses (``UserError``) when the
disk or the cache budget (setting ``feature_cache_gb``) cannot hold it; least recently
used keys are removed first to make room.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import math
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from reviewer.errors import UserError
from reviewer.progress import ProgressFn
from reviewer.settings import APP_NAME

DiskFreeFn = Callable[[Path], int]
SHA_LINE = 65  # 64 hex digits and a newline
RESERVE_BYTES = 256 * 1024**2  # never fill a disk to the last byte


def default_cache_dir() -> Path:
    env = os.environ.get("REVIEWER_CACHE_DIR")
    if env:
        return Path(env) / "features"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME)) / "features"


def disk_free(path: Path) -> int:
    """Free bytes on the file system that holds ``path`` (or its nearest existing parent)."""
    probe = Path(path)
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    return shutil.disk_usage(probe).free


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


def gigabytes(n: float) -> str:
    return f"{n / 1024**3:.2f} GB" if n >= 1024**3 / 100 else f"{n / 1024**2:.1f} MB"


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    evicted_bytes: int = 0


class FeatureCache:
    """The store's root: budget, eviction, and one :class:`SplitFeatures` per
    (model key, split, views)."""

    def __init__(self, root: Path | None = None, max_bytes: int | None = None, *,
                 free_bytes: DiskFreeFn = disk_free) -> None:
        self.root = Path(root) if root else default_cache_dir()
        self._max_bytes = max_bytes
        self.free_bytes = free_bytes
        self.stats = CacheStats()

    @property
    def max_bytes(self) -> int:
        """The budget: ``max_bytes`` if given, else the setting ``feature_cache_gb``, else
        half of the space that would be free without the cache."""
        if self._max_bytes is not None:
            return self._max_bytes
        from reviewer.settings import load_settings

        gb = load_settings().feature_cache_gb
        if gb is not None:
            return int(gb * 1024**3)
        return default_budget(self.size_bytes(), self.free_bytes(self.root))

    def describe(self, key: str, info: dict[str, object]) -> None:
        """Write what the key stands for beside its files (for people, not code)."""
        folder = self.root / key
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "key.json").write_text(json.dumps(info, indent=2, default=str))

    def split(self, key: str, split: str, views: int,
              shapes: Sequence[tuple[int, ...]]) -> SplitFeatures:
        return SplitFeatures(self, key, split, views, [tuple(s) for s in shapes])

    def touch(self, key: str) -> None:
        folder = self.root / key
        if folder.exists():
            os.utime(folder)

    def size_bytes(self, key: str | None = None) -> int:
        """Bytes on disk (allocated blocks, so sparse tails do not count)."""
        folder = self.root / key if key else self.root
        if not folder.exists():
            return 0
        return sum(p.stat().st_blocks * 512 for p in folder.rglob("*") if p.is_file())

    def evict(self, keep: str | None = None, need: int = 0) -> int:
        """Remove least recently used model keys until the cache plus ``need`` bytes
        fits the budget; ``keep`` is never removed."""
        if not self.root.exists():
            return 0
        budget = self.max_bytes
        folders = [p for p in self.root.iterdir() if p.is_dir()]
        sizes = {p: self.size_bytes(p.name) for p in folders}
        total = sum(sizes.values())
        removed = 0
        for folder in sorted(folders, key=lambda p: p.stat().st_mtime):
            if total + need <= budget:
                break
            if folder.name == keep:
                continue
            shutil.rmtree(folder, ignore_errors=True)
            total -= sizes[folder]
            removed += sizes[folder]
        self.stats.evicted_bytes += removed
        return removed


def default_budget(cache_bytes: int, free: int) -> int:
    """Half of what would be free without the cache, at least 1 GB."""
    return max(1024**3, (cache_bytes + free) // 2)


class SplitFeatures:
    """The stored features of one split under one model key: rows addressed by image
    content hash, ``views`` views per row, float16 on disk, float32 when read."""

    def __init__(self, cache: FeatureCache, key: str, split: str, views: int,
                 shapes: list[tuple[int, ...]]) -> None:
        self.cache, self.key, self.views, self.shapes = cache, key, views, shapes
        self.sizes = [math.prod(s) for s in shapes]
        self.dim = sum(self.sizes)
        self.dtype = np.dtype([("scale", "<f4"), ("values", "<f2", (self.dim,))])
        self.record = self.dtype.itemsize  # bytes of one (row, view)
        folder = cache.root / key
        stem = f"{split}-v{views}"
        self.data_path = folder / f"{stem}.f16"
        self.sha_path = folder / f"{stem}.sha"
        self.done_path = folder / f"{stem}.done"
        self.lock_path = folder / f"{stem}.lock"
        self.layout_path = folder / f"{stem}.json"
        self._rows: dict[str, int] | None = None

    # --- layout and index ---

    def _check_layout(self) -> None:
        layout = {"views": self.views, "shapes": [list(s) for s in self.shapes],
                  "dtype": "float16"}
        if self.layout_path.exists():
            if json.loads(self.layout_path.read_text()) != layout:
                raise UserError(f"The feature store {self.data_path} holds another layout.",
                                hint=f"Delete the folder {self.data_path.parent} and run again.")
        else:
            self.layout_path.write_text(json.dumps(layout))

    def rows(self) -> dict[str, int]:
        """Content hash → row, for the rows whose hash line is complete."""
        if self._rows is None:
            rows: dict[str, int] = {}
            if self.sha_path.exists():
                text = self.sha_path.read_bytes().decode("ascii", "replace")
                for i, line in enumerate(text.split("\n")[: len(text) // SHA_LINE]):
                    rows.setdefault(line, i)
            self._rows = rows
        return self._rows

    def __len__(self) -> int:
        return len(self.rows())

    def row_indices(self, sha256s: Sequence[str]) -> np.ndarray:
        """Rows of the given hashes (-1 where absent)."""
        rows = self.rows()
        return np.array([rows.get(s, -1) for s in sha256s], dtype=np.int64)

    def done(self) -> np.ndarray:
        """uint8 [rows, views]: 1 where the view's values are stored."""
        n = len(self)
        mask = np.zeros((n, self.views), np.uint8)
        if self.done_path.exists():
            raw = np.fromfile(self.done_path, np.uint8)[: n * self.views]
            mask.reshape(-1)[: raw.size] = raw
        return mask

    def missing_views(self, sha256s: Sequence[str]) -> int:
        """How many (image, view) values of ``sha256s`` are not stored yet."""
        rows, done = self.row_indices(sha256s), self.done()
        stored = done[rows[(rows >= 0) & (rows < len(done))]].sum()
        return len(sha256s) * self.views - int(stored)

    def bytes_needed(self, new_rows: int) -> int:
        return new_rows * (self.views * (self.record + 1) + SHA_LINE)

    # --- growth and the disk check ---

    def ensure_rows(self, sha256s: Sequence[str]) -> np.ndarray:
        """Rows for every hash, appending the new ones after checking that the disk and
        the budget hold them (``UserError`` when not). Call under :meth:`locked`."""
        self._rows = None
        rows = self.rows()
        new = list(dict.fromkeys(s for s in sha256s if s not in rows))
        if new:
            self._grow(new)
        return self.row_indices(sha256s)

    def _grow(self, new: list[str]) -> None:
        need = self.bytes_needed(len(new))
        what = (f"{len(new):,} images × {self.views} views × {self.record / 1024:.1f} KB "
                f"= {gigabytes(need)}")
        self.cache.evict(keep=self.key, need=need)
        budget, used = self.cache.max_bytes, self.cache.size_bytes()
        if used + need > budget:
            raise UserError(
                f"The feature cache needs {what} more, but its budget is {gigabytes(budget)} "
                f"and {gigabytes(used)} are in use by this training data.",
                hint="Raise the budget (setting feature_cache_gb in settings.json), train "
                     "with fewer --views, or set REVIEWER_CACHE_DIR to a larger disk.")
        free = self.cache.free_bytes(self.cache.root)
        if need + RESERVE_BYTES > free:
            raise UserError(
                f"The feature cache needs {what} on the disk holding {self.cache.root}, "
                f"but only {gigabytes(free)} are free (and {gigabytes(RESERVE_BYTES)} are kept "
                "free).",
                hint="Free space there, set REVIEWER_CACHE_DIR to a larger disk, or train "
                     "with fewer --views.")
        n = len(self.rows())
        total = n + len(new)
        try:
            self.data_path.parent.mkdir(parents=True, exist_ok=True)
            self._allocate(self.data_path, total * self.views * self.record)
            self._allocate(self.done_path, total * self.views)
            with open(self.sha_path, "ab") as fh:
                fh.truncate(n * SHA_LINE)  # a torn last line goes
                fh.write("".join(f"{s}\n" for s in new).encode("ascii"))
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise UserError(
                f"Could not reserve {gigabytes(need)} for the feature cache in "
                f"{self.cache.root}: {exc.strerror}.",
                hint="Free space there or set REVIEWER_CACHE_DIR to a larger disk.") from exc
        self._rows = None

    @staticmethod
    def _allocate(path: Path, size: int) -> None:
        """Grow ``path`` to ``size`` bytes with the blocks reserved (no sparse holes
        that a full disk would turn into a crash mid-fill)."""
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            current = os.fstat(fd).st_size
            if size > current:
                os.posix_fallocate(fd, current, size - current)
        finally:
            os.close(fd)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """One filler at a time per file (another process, another training worker)."""
        self.data_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.lock_path, "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                self._check_layout()
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    # --- values ---

    def write(self, pairs: Sequence[tuple[int, int]], outputs: Sequence[Sequence[np.ndarray]]) -> None:
        """Store the cut tensors of each (row, view), flush them, then mark them done."""
        fd = os.open(self.data_path, os.O_RDWR)
        try:
            record = np.zeros((), self.dtype)
            for (row, view), arrays in zip(pairs, outputs, strict=True):
                flat = np.concatenate([np.asarray(a, np.float32).reshape(-1) for a in arrays])
                scale = float(np.max(np.abs(flat))) if flat.size else 0.0
                scale = scale if np.isfinite(scale) and scale > 0 else 1.0
                record["scale"] = scale
                record["values"] = np.clip(flat / scale, -1.0, 1.0)
                os.pwrite(fd, record.tobytes(), self._offset(row, view))
            os.fdatasync(fd)
        finally:
            os.close(fd)
        fd = os.open(self.done_path, os.O_RDWR)
        try:
            for row, view in pairs:
                os.pwrite(fd, b"\x01", row * self.views + view)
            os.fdatasync(fd)
        finally:
            os.close(fd)

    def _offset(self, row: int, view: int) -> int:
        return (row * self.views + view) * self.record

    def read(self, rows: np.ndarray, views: np.ndarray) -> list[np.ndarray]:
        """float32 arrays, one per cut tensor, shape [len(rows), *shape]: record by
        record, so memory holds the batch and nothing more."""
        raw = np.empty((len(rows), self.record), np.uint8)
        order = np.argsort(rows * self.views + views, kind="stable")  # forward through the file
        fd = os.open(self.data_path, os.O_RDONLY)
        try:
            for i in order:
                got = os.preadv(fd, [memoryview(raw[i])],
                                self._offset(int(rows[i]), int(views[i])))
                if got != self.record:
                    raise UserError(f"The feature store {self.data_path} is truncated.",
                                    hint=f"Delete {self.data_path.parent} and train again.")
        finally:
            os.close(fd)
        flat = raw.view(self.dtype).reshape(len(rows))
        values = flat["values"].astype(np.float32)
        values *= flat["scale"][:, None]
        out, start = [], 0
        for size, shape in zip(self.sizes, self.shapes, strict=True):
            out.append(values[:, start : start + size].reshape(len(rows), *shape))
            start += size
        return out

    def memmap(self) -> np.memmap:
        """The whole file, read-only, as records [rows, views] of ``scale`` (float32)
        and ``values`` (float16 [D]) (for inspection)."""
        return np.memmap(self.data_path, self.dtype, "r", shape=(len(self), self.views))

    def fill(
        self,
        sha256s: Sequence[str],
        produce: Callable[[Sequence[tuple[str, int]]], Iterator[list[list[np.ndarray]]]],
        *,
        on_progress: ProgressFn | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> np.ndarray | None:
        """Rows for ``sha256s`` with every view computed: what is missing goes to
        ``produce(todo)``, which yields, batch after batch and in order, the arrays of
        each (hash, view). None if stopped (what was written stays)."""
        self.cache.touch(self.key)
        with self.locked():
            rows = self.ensure_rows(sha256s)
            done = self.done()
            unique = np.unique(rows)
            todo_rows, todo_views = np.nonzero(done[unique] == 0)
            by_row = {int(r): s for r, s in zip(rows, sha256s, strict=True)}
            pairs = [(int(unique[r]), int(v)) for r, v in zip(todo_rows, todo_views, strict=True)]
            self.cache.stats.misses += len(pairs)
            self.cache.stats.hits += len(unique) * self.views - len(pairs)
            todo = [(by_row[r], v) for r, v in pairs]
            if todo and should_stop is not None and should_stop():
                return None  # stopped before this split's fill began
            written = 0
            for outputs in produce(todo):
                self.write(pairs[written : written + len(outputs)], outputs)
                written += len(outputs)
                if on_progress is not None:
                    on_progress(written, len(todo))
                if should_stop is not None and should_stop() and written < len(todo):
                    return None
        return rows
