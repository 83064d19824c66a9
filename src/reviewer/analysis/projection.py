"""Where the images sit: embeddings projected to 2-D, and a lasso over the result.

``project(vectors, method, *, seed, on_progress, should_stop)`` first reduces the vectors
to at most 50 dimensions with PCA (seeded), then runs one of three maintained libraries:

* ``"pacmap"`` — PaCMAP (Wang et al., 2021; package ``pacmap``);
* ``"umap"`` — UMAP (McInnes et al., 2018; package ``umap-learn``);
* ``"tsne"`` — FIt-SNE style t-SNE (package ``openTSNE``), which reports every 25
  iterations and stops between them when asked.

The default, :data:`DEFAULT_METHOD`, was chosen by ``benchmarks/explain.py`` (time and
trustworthiness at 10k and 100k points; see benchmarks/README.md). A fixed seed gives the
same coordinates on the same machine. PaCMAP and UMAP offer no callback inside their
optimisers, so they report progress by stage and hear a cancel between stages.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.path import Path as PolygonPath
from sklearn.decomposition import PCA

from reviewer.errors import CancelledError, UserError
from reviewer.progress import ProgressFn

METHODS = ("pacmap", "umap", "tsne")
DEFAULT_METHOD = "pacmap"
PCA_DIMENSIONS = 50
TSNE_REPORT_EVERY = 25


@dataclass(frozen=True)
class ProjectionParams:
    method: str = DEFAULT_METHOD
    seed: int = 0
    neighbours: int = 15
    extra: dict[str, Any] = field(default_factory=dict)

    def key(self) -> dict[str, Any]:
        return {"method": self.method, "seed": self.seed, "neighbours": self.neighbours,
                **{k: self.extra[k] for k in sorted(self.extra)}}


def _check(vectors: np.ndarray, params: ProjectionParams) -> np.ndarray:
    if params.method not in METHODS:
        raise UserError(f"Unknown projection method {params.method!r}.",
                        hint=f"Choose one of: {', '.join(METHODS)}.")
    array = np.asarray(vectors, np.float32)
    if array.ndim != 2 or len(array) < 5:
        raise UserError(f"A map needs at least 5 embedded images, got {len(array)}.",
                        hint="Import more images and run `reviewer embed`.")
    return array


def reduce(vectors: np.ndarray, seed: int) -> np.ndarray:
    """PCA to at most 50 dimensions (fewer when there are fewer points or features)."""
    dims = min(PCA_DIMENSIONS, vectors.shape[1], len(vectors) - 1)
    if dims >= vectors.shape[1]:
        return vectors.astype(np.float32)
    return PCA(dims, random_state=seed, svd_solver="randomized").fit_transform(vectors).astype(
        np.float32)


def project(
    vectors: np.ndarray,
    params: ProjectionParams | None = None,
    *,
    on_progress: ProgressFn | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> np.ndarray:
    """2-D coordinates (float32, n×2) for ``vectors`` (n×d)."""
    params = params or ProjectionParams()
    array = _check(vectors, params)
    steps = 3

    def step(done: int, message: str) -> None:
        if should_stop is not None and should_stop():
            raise CancelledError
        if on_progress is not None:
            on_progress(done, steps, message)

    step(0, f"Reducing {len(array):,} vectors with PCA")
    reduced = reduce(array, params.seed)
    neighbours = max(2, min(params.neighbours, len(array) - 1))
    step(1, f"Projecting with {params.method}")
    if params.method == "tsne":
        xy = _tsne(reduced, params, neighbours, on_progress, should_stop)
    elif params.method == "umap":
        import umap  # imported on use: numba compiles on first import

        xy = umap.UMAP(n_components=2, n_neighbors=neighbours, random_state=params.seed,
                       **params.extra).fit_transform(reduced)
    else:
        import pacmap

        xy = pacmap.PaCMAP(n_components=2, n_neighbors=min(10, neighbours),
                           random_state=params.seed, **params.extra).fit_transform(reduced)
    step(steps, "Done")
    return np.ascontiguousarray(xy, np.float32)


def _tsne(reduced: np.ndarray, params: ProjectionParams, neighbours: int,
          on_progress: ProgressFn | None, should_stop: Callable[[], bool] | None) -> np.ndarray:
    from openTSNE import TSNE

    total = 750  # openTSNE's default: 250 early exaggeration + 500 iterations
    done = [0]

    def callback(iteration: int, _error: float, _embedding: Any) -> bool:
        done[0] += TSNE_REPORT_EVERY
        if on_progress is not None:
            on_progress(min(done[0], total), total, f"t-SNE iteration {min(done[0], total)}")
        return bool(should_stop is not None and should_stop())

    perplexity = float(min(30, max(2, (len(reduced) - 1) / 3)))
    tsne = TSNE(n_components=2, perplexity=perplexity, random_state=params.seed,
                n_jobs=os.cpu_count() or 1, callbacks=callback,
                callbacks_every_iters=TSNE_REPORT_EVERY, **params.extra)
    embedding = tsne.fit(reduced)
    if should_stop is not None and should_stop():
        raise CancelledError
    return np.asarray(embedding)


def trustworthiness_sample(vectors: np.ndarray, xy: np.ndarray, *, sample: int = 5000,
                           neighbours: int = 10, seed: int = 0) -> float:
    """scikit-learn's trustworthiness on a random sample (it is quadratic in n)."""
    from sklearn.manifold import trustworthiness

    rng = np.random.default_rng(seed)
    rows = rng.choice(len(vectors), min(sample, len(vectors)), replace=False)
    return float(trustworthiness(vectors[rows], xy[rows], n_neighbors=neighbours))


def lasso(xy: np.ndarray, polygon: Sequence[tuple[float, float]]) -> np.ndarray:
    """Row indices of the points inside ``polygon`` (map coordinates, ≥ 3 vertices)."""
    if len(polygon) < 3:
        return np.zeros(0, np.int64)
    inside = PolygonPath(np.asarray(polygon, np.float64)).contains_points(
        np.asarray(xy, np.float64))
    return np.flatnonzero(inside).astype(np.int64)


# ------------------------------------------------------------------------- caching


def cache_key(vectors_fingerprint: str, params: ProjectionParams) -> str:
    text = json.dumps({"vectors": vectors_fingerprint, **params.key()}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def vectors_fingerprint(ids: np.ndarray, vectors: np.ndarray) -> str:
    digest = hashlib.sha256()
    digest.update(np.ascontiguousarray(ids, np.int64).tobytes())
    for start in range(0, len(vectors), 8192):  # chunks: the matrix may be memory-mapped
        digest.update(np.ascontiguousarray(vectors[start:start + 8192], np.float32).tobytes())
    return digest.hexdigest()


class ProjectionCache:
    """One ``.npy`` per (embeddings, method, parameters) under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        return self.root / f"{key}.npy"

    def get(self, key: str, rows: int) -> np.ndarray | None:
        try:
            xy = np.load(self.path(key), allow_pickle=False)
        except (OSError, ValueError):
            return None
        return xy if xy.shape == (rows, 2) and np.isfinite(xy).all() else None

    def put(self, key: str, xy: np.ndarray) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / f".{key}.{os.getpid()}.npy"
        np.save(tmp, np.asarray(xy, np.float32), allow_pickle=False)
        os.replace(tmp, self.path(key))
