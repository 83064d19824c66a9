"""Nearest neighbours by cosine similarity: "more like this" and duplicate candidates.

Below :data:`EXACT_BELOW` vectors the search is exact (one matrix product, blocked);
from there on a ``faiss-cpu`` inverted-file index (IVF, flat codes, inner product on
L2-normalised vectors) answers with ``nprobe`` lists. Measured with
``benchmarks/similar.py`` on the shared 2-core machine under heavy load (see
benchmarks/README.md): exact search of 10,000 × 1280 already took 24–65 ms; at
100,000 synthetic vectors faiss IVF built in 16 s (recall@10 0.998, median 18 ms),
usearch HNSW in 479 s (recall@10 0.999, median 0.5 ms). faiss was kept for its build
time (an index is rebuilt when the catalogue changes); usearch's query latency is
the better one, which is worth revisiting on an unloaded machine.

Memory: exact search reads the (memory-mapped) matrix in place, a block of queries at a
time; the faiss index holds its own float32 copy of every vector in its inverted lists
(4 bytes × dim per image: 512 MB for 100,000 Lite0 vectors), added in chunks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from reviewer.curation.catalogue_vectors import read_rows

EXACT_BELOW = 10_000  # measured (benchmarks/similar.py): exact over 10,000 already takes 24 ms on the busy 2-core machine
DEFAULT_NPROBE = 16
BLOCK = 4096
FEW = 8  # up to this many queries: single-threaded
MAX_LISTS = 1024  # k-means over more lists costs minutes on 2 cores for little gain


@dataclass
class NeighbourIndex:
    """Search over L2-normalised float32 ``vectors`` (rows) identified by ``ids``."""

    vectors: np.ndarray
    ids: np.ndarray
    faiss_index: Any = None
    nprobe: int = DEFAULT_NPROBE

    @property
    def exact(self) -> bool:
        return self.faiss_index is None

    @classmethod
    def build(cls, vectors: np.ndarray, ids: np.ndarray, *, exact_below: int = EXACT_BELOW,
              nlist: int | None = None, nprobe: int = DEFAULT_NPROBE, seed: int = 0
              ) -> NeighbourIndex:
        vectors = np.ascontiguousarray(vectors, np.float32)
        if len(vectors) < exact_below:
            return cls(vectors, np.asarray(ids))
        return cls(vectors, np.asarray(ids), ivf_index(vectors, nlist=nlist, seed=seed),
                   nprobe)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(ids [q, k], cosine similarities [q, k]), best first; -1 / -inf pad short rows."""
        queries = np.ascontiguousarray(np.atleast_2d(queries), np.float32)
        k = min(k, len(self.vectors))
        if self.faiss_index is not None:
            import faiss

            self.faiss_index.nprobe = self.nprobe
            threads = faiss.omp_get_max_threads()
            if len(queries) <= FEW:  # a thread team costs more than it saves on one query
                faiss.omp_set_num_threads(1)
            try:
                sims, rows = self.faiss_index.search(queries, k)
            finally:
                faiss.omp_set_num_threads(threads)
        else:
            sims, rows = exact_search(self.vectors, queries, k)
        ids = np.where(rows >= 0, self.ids[np.maximum(rows, 0)], -1)
        return ids, np.where(rows >= 0, sims, -np.inf)


def exact_search(vectors: np.ndarray, queries: np.ndarray, k: int
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Exact top-k by inner product, in blocks of queries (bounded memory). A few
    queries run with single-threaded BLAS: a matrix-vector product gains nothing from
    threads, and on a busy machine they spin (measured: 75 ms → a few ms at 10,000)."""
    if len(queries) <= FEW:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"):
            return _exact(vectors, queries, k)
    return _exact(vectors, queries, k)


def _exact(vectors: np.ndarray, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    n = len(vectors)
    k = min(k, n)
    all_sims = np.empty((len(queries), k), np.float32)
    all_rows = np.empty((len(queries), k), np.int64)
    for start in range(0, len(queries), BLOCK):
        q = queries[start:start + BLOCK]
        sims = q @ vectors.T
        if k < n:
            part = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        else:
            part = np.tile(np.arange(n), (len(q), 1))
        part_sims = np.take_along_axis(sims, part, axis=1)
        order = np.argsort(-part_sims, axis=1, kind="stable")
        all_rows[start:start + len(q)] = np.take_along_axis(part, order, axis=1)
        all_sims[start:start + len(q)] = np.take_along_axis(part_sims, order, axis=1)
    return all_sims, all_rows


def ivf_index(vectors: np.ndarray, *, nlist: int | None = None, seed: int = 0,
              train_per_list: int = 30) -> Any:
    """A faiss IVF-Flat inner-product index over ``vectors`` (trained on a sample)."""
    import faiss

    n, dim = vectors.shape
    nlist = nlist or min(MAX_LISTS, max(16, int(math.sqrt(n))))
    quantizer = faiss.IndexFlatIP(dim)
    index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
    rng = np.random.default_rng(seed)
    sample = vectors[np.sort(rng.choice(n, min(n, nlist * train_per_list), replace=False))]
    index.cp.seed = seed
    index.train(sample)
    for start in range(0, n, BLOCK * 4):  # no second full copy of a memory-mapped matrix
        index.add(read_rows(vectors, slice(start, start + BLOCK * 4)))
    return index
