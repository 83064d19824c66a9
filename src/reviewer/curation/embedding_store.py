"""Embeddings on disk, once per (image content, backbone, weights).

Layout: ``<root>/<model key>/`` holds ``vectors.f16`` (rows of float16, appended),
``hashes.bin`` (the 32-byte SHA-256 of each row's image, appended in the same order)
and ``key.json`` (what the key stands for). Why this and not a table:

* keyed by content hash, not by catalogue row, so a re-import, a second catalogue or a
  PostgreSQL catalogue on the same machine reads the same vectors and costs nothing;
* a million Lite0 vectors (1280 float16 each) are 2.6 GB: one memory-mapped file reads
  any subset without loading the rest, where a million 2.5 KB blobs in SQLite or
  PostgreSQL take tens of seconds to fetch and double the catalogue's size;
* float16 keeps cosine similarities to about 1e-3 (the vectors are ReLU6 averages in
  0..6), half the space of float32; a search index is built from these rows.

Appends are crash-safe: vectors are written before their hashes, and a reader only
counts rows that have both, so a killed ``reviewer embed`` resumes where it stopped.
One writer at a time per key (an advisory file lock).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import numpy as np

from reviewer.settings import default_data_dir

HASH_BYTES = 32


def default_embeddings_dir() -> Path:
    env = os.environ.get("REVIEWER_EMBEDDINGS_DIR")
    return Path(env) if env else default_data_dir() / "embeddings"


class EmbeddingStore:
    """The vectors of one model key. ``row_of`` maps a hex SHA-256 to its row."""

    def __init__(self, key: str, dim: int, root: Path | None = None) -> None:
        self.key = key
        self.dim = dim
        self.folder = (Path(root) if root else default_embeddings_dir()) / key
        self._rows: dict[bytes, int] | None = None
        self._rows_n = -1

    @property
    def vectors_path(self) -> Path:
        return self.folder / "vectors.f16"

    @property
    def hashes_path(self) -> Path:
        return self.folder / "hashes.bin"

    def describe(self, info: dict[str, object]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "key.json").write_text(json.dumps({**info, "dim": self.dim}, indent=2))

    def __len__(self) -> int:
        """Rows with both a vector and a hash (a torn tail is not counted)."""
        try:
            n_hash = self.hashes_path.stat().st_size // HASH_BYTES
            n_vec = self.vectors_path.stat().st_size // (2 * self.dim)
        except FileNotFoundError:
            return 0
        return min(n_hash, n_vec)

    def rows(self) -> dict[bytes, int]:
        """SHA-256 digest → row, cached until the store grows."""
        n = len(self)
        if self._rows is None or self._rows_n != n:
            raw = self.hashes_path.read_bytes()[: n * HASH_BYTES] if n else b""
            self._rows = {raw[i * HASH_BYTES:(i + 1) * HASH_BYTES]: i for i in range(n)}
            self._rows_n = n
        return self._rows

    def missing(self, sha256s: Iterable[str]) -> list[str]:
        rows = self.rows()
        return [s for s in sha256s if bytes.fromhex(s) not in rows]

    def row_indices(self, sha256s: Sequence[str]) -> np.ndarray:
        """Row of each SHA-256, -1 where there is no vector yet."""
        rows = self.rows()
        return np.fromiter((rows.get(bytes.fromhex(s), -1) for s in sha256s), np.int64,
                           count=len(sha256s))

    def matrix(self) -> np.ndarray:
        """Every row, memory-mapped (read-only float16, shape [n, dim])."""
        n = len(self)
        if n == 0:
            return np.zeros((0, self.dim), np.float16)
        return np.memmap(self.vectors_path, np.float16, mode="r", shape=(n, self.dim))

    def vectors(self, sha256s: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(float32 vectors of those that have one, boolean mask over ``sha256s``)."""
        idx = self.row_indices(sha256s)
        have = idx >= 0
        mat = self.matrix()
        order = np.argsort(idx[have])  # read the file in order, then put back
        picked = np.empty((int(have.sum()), self.dim), np.float32)
        if len(order):
            picked[order] = mat[idx[have][order]]
        return picked, have

    @contextlib.contextmanager
    def writer(self) -> Iterator[_Writer]:
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            n = len(self)
            # Drop a torn tail left by a killed writer before appending.
            for path, width in ((self.vectors_path, 2 * self.dim),
                                (self.hashes_path, HASH_BYTES)):
                if path.exists() and path.stat().st_size != n * width:
                    os.truncate(path, n * width)
            with open(self.vectors_path, "ab") as vec, open(self.hashes_path, "ab") as hsh:
                w = _Writer(self, vec, hsh)
                try:
                    yield w
                finally:
                    w.flush()
            self._rows = None


class _Writer:
    def __init__(self, store: EmbeddingStore, vec: BinaryIO, hsh: BinaryIO) -> None:
        self.store = store
        self.vec = vec
        self.hsh = hsh
        self.seen = set(store.rows())

    def add(self, sha256s: Sequence[str], vectors: np.ndarray) -> int:
        """Append the vectors whose image is not stored yet; how many were new."""
        if vectors.shape != (len(sha256s), self.store.dim):
            raise ValueError(f"expected {len(sha256s)}×{self.store.dim} vectors, "
                             f"got {vectors.shape}")
        keep = []
        for i, s in enumerate(sha256s):
            digest = bytes.fromhex(s)
            if digest not in self.seen:
                self.seen.add(digest)
                keep.append(i)
        if not keep:
            return 0
        block = np.ascontiguousarray(vectors[keep], np.float16)
        self.vec.write(block.tobytes())
        self.vec.flush()
        self.hsh.write(b"".join(bytes.fromhex(sha256s[i]) for i in keep))
        self.hsh.flush()
        return len(keep)

    def flush(self) -> None:
        for fh in (self.vec, self.hsh):
            fh.flush()
            os.fsync(fh.fileno())
