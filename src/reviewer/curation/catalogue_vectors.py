"""The catalogue's images joined with their embeddings: one matrix, row-aligned with
image ids, current labels and splits. Works the same on SQLite and PostgreSQL (the
vectors are looked up by content hash).

Memory: the matrix (float32, L2-normalised, 4 bytes × dim per image: 512 MB for
100,000 Lite0 vectors) is written :data:`CHUNK` rows at a time into an unlinked
temporary file beside the embedding store and memory-mapped, never built in RAM;
what is held per image is the id, name, label, split and hash (tens of bytes). Every
consumer reads it in chunks (the cross-validation's PCA, the outlier distances, the
neighbour search) through :func:`read_rows`, which copies the chunk out and hands the
mapped pages back, so the process holds one chunk, not the file (the pages stay in
the system's page cache for the next pass).
"""

from __future__ import annotations

import mmap
import os
import tempfile
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select

from reviewer.catalogue.db import Catalogue
from reviewer.catalogue.schema import Category, Image
from reviewer.curation.embedding_store import EmbeddingStore
from reviewer.errors import UserError


@dataclass
class CatalogueVectors:
    image_ids: np.ndarray  # int64 [n]
    file_names: list[str]
    category_ids: np.ndarray  # int64 [n], 0 = unlabelled
    unsure: np.ndarray  # bool [n]
    splits: list[str | None]
    pixel_hashes: np.ndarray  # int64 [n] (0 where unknown)
    vectors: np.ndarray  # float32 [n, dim], L2-normalised, memory-mapped read-only
    category_names: dict[int, str]
    without_embedding: int  # images of the catalogue that have no vector yet

    def __len__(self) -> int:
        return len(self.image_ids)

    def row_of(self, image_id: int) -> int:
        hit = np.flatnonzero(self.image_ids == image_id)
        if not len(hit):
            raise UserError(f"Image {image_id} has no embedding yet.",
                            hint="Run `reviewer embed` first (it resumes where it stopped).")
        return int(hit[0])


CHUNK = 8192  # rows read, normalised and written at a time (40 MB of Lite0 float32)


def normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vectors / norms, np.float32)


def load_vectors(catalogue: Catalogue, store: EmbeddingStore) -> CatalogueVectors:
    """Every image that has an embedding under ``store``'s key, in image-id order."""
    with catalogue.read() as session:
        rows = session.execute(
            select(Image.id, Image.sha256, Image.file_name, Image.category_id, Image.unsure,
                   Image.split, Image.pixel_hash).order_by(Image.id)).all()
        names = {int(i): str(n) for i, n in session.execute(select(Category.id, Category.name))}
    at = store.row_indices([r.sha256 for r in rows])
    have = at >= 0
    kept = [r for r, h in zip(rows, have, strict=True) if h]
    if not kept:
        raise UserError("No image of this catalogue has an embedding yet.",
                        hint="Run `reviewer embed` first (it resumes where it stopped).")
    return CatalogueVectors(
        image_ids=np.array([r.id for r in kept], np.int64),
        file_names=[r.file_name for r in kept],
        category_ids=np.array([r.category_id or 0 for r in kept], np.int64),
        unsure=np.array([bool(r.unsure) for r in kept]),
        splits=[r.split for r in kept],
        pixel_hashes=np.array([r.pixel_hash or 0 for r in kept], np.int64),
        vectors=normalised_rows(store, at[have]),
        category_names=names,
        without_embedding=len(rows) - len(kept),
    )


def normalised_rows(store: EmbeddingStore, rows: np.ndarray, chunk: int = CHUNK) -> np.ndarray:
    """The store's ``rows`` in that order, float32 and L2-normalised, written ``chunk``
    rows at a time to an unlinked temporary file (beside the store, else the system's
    temporary folder) and memory-mapped read-only: the whole matrix is never in RAM."""
    source = store.matrix()
    folder = store.folder if os.access(store.folder, os.W_OK) else None  # else the system's
    with tempfile.TemporaryFile(dir=folder) as fh:
        for start in range(0, len(rows), chunk):
            part = rows[start:start + chunk]
            order = np.argsort(part, kind="stable")  # read the file forwards
            block = np.empty((len(part), store.dim), np.float32)
            block[order] = read_rows(source, part[order])  # the store's pages released
            fh.write(normalise(block).tobytes())
        fh.flush()
        if not len(rows):
            return np.zeros((0, store.dim), np.float32)
        return np.memmap(fh, np.float32, mode="r", shape=(len(rows), store.dim))


def read_rows(matrix: np.ndarray, index: slice | np.ndarray | int) -> np.ndarray:
    """``matrix[index]`` as a float32 copy. For a memory-mapped matrix, the mapped pages
    are then released from this process (``MADV_DONTNEED`` on a read-only file mapping:
    they stay in the page cache, this process's resident memory drops), so a chunked
    pass over a large matrix holds one chunk at a time."""
    out = np.array(matrix[index], np.float32)
    mapping = getattr(matrix, "_mmap", None)
    if mapping is not None and hasattr(mapping, "madvise"):
        mapping.madvise(mmap.MADV_DONTNEED)
    return out
